"""Every request: its id, one log line when it is answered, the request metrics, and errors with their traceback.

The request id is the caller's ``X-Request-ID`` when it is sane (at most 128 of ``A-Z a-z 0-9 . _ -``: a proxy's
id, so its log and ours meet), else a new one; it is returned in ``X-Request-ID`` and shown on the error pages, so
a resident can quote it. The log line names the Flask endpoint, never the path (a private link's token is in the
path), nor the query string, an e-mail address or anything a resident typed; the role says who asked.

The hooks are Flask's ``request_started`` and ``request_finished`` signals, which enclose every before- and
after-request function: the duration is the whole request, and the status is the one sent.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, g, request, request_finished, request_started
from flask.wrappers import Response

from portal.ops import metrics

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
UNMATCHED = "unmatched"  # the endpoint label of a request no route matched (404, 405)

requests_log = logging.getLogger("portal.requests")
errors_log = logging.getLogger("portal.errors")


def init_app(app: Flask) -> None:
    request_started.connect(_started, app)
    request_finished.connect(_finished, app)
    app.after_request(_return_request_id)
    # Flask's own line for an unhandled error names the raw path; ours names the endpoint, in the same shape.
    app.log_exception = _log_exception


def new_request_id(offered: str | None) -> str:
    """The caller's id when it is sane, else a new random one (32 hex digits)."""
    if offered and SANE_REQUEST_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


def _started(_app: Flask, **_) -> None:
    g.request_id = new_request_id(request.headers.get(REQUEST_ID_HEADER))
    g.request_started_at = time.perf_counter()


def _return_request_id(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = g.get("request_id") or new_request_id(None)
    return response


def _finished(_app: Flask, response: Response, **_) -> None:
    started = g.get("request_started_at")
    seconds = time.perf_counter() - started if started is not None else 0.0
    endpoint = request.endpoint or UNMATCHED
    metrics.observe_request(endpoint, response.status_code, seconds)
    method = request.method[:10]  # any token is a method to HTTP; the log keeps a short one
    requests_log.info(
        "%s %s %s %.1f ms",
        method,
        endpoint,
        response.status_code,
        seconds * 1000,
        extra={
            "method": method,
            "endpoint": endpoint,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
            "role": _role(),
        },
    )


def _role() -> str:
    """visitor, resident, worker or coordinator: never who."""
    from flask_login import current_user

    try:
        authenticated = current_user.is_authenticated
        role = current_user.role if authenticated else "visitor"
    except Exception:  # loading the account failed (database gone): the log line still goes out
        return "unknown"
    return role if isinstance(role, str) else "unknown"


def _log_exception(exc_info) -> None:
    """Log an unhandled error with its traceback (Flask calls this before the 500 page)."""
    endpoint = request.endpoint or UNMATCHED
    errors_log.error(
        "Unhandled %s in %s",
        exc_info[0].__name__,
        endpoint,
        exc_info=exc_info,
        extra={"method": request.method[:10], "endpoint": endpoint},
    )
