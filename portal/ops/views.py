"""/healthz/live, /healthz/ready and /metrics: for probes and scrapers, never cached, no session.

None of them renders a page or touches the session, so no cookie is set; a refusal of /metrics is a plain 404
(the friendly error page would render the site's layout, with its forms and their session-bound tokens). They
answer everybody alike, so nobody is loaded from the cookies either: loading an account from a remember cookie,
or Flask-Login's check of a session's origin, would write a new session cookie.
"""

from __future__ import annotations

from flask import Response, current_app, g, jsonify, request
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from portal import access
from portal.extensions import login_manager
from portal.ops import health, metrics
from portal.ops.blueprint import bp


@bp.before_request
def answer_as_nobody() -> None:
    """Flask-Login keeps the request's user in ``g._login_user`` and loads one only when that is absent."""
    g._login_user = login_manager.anonymous_user()


def _uncached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz/live")
@access.anyone
def live():
    """The process answers: nothing else is asked (a database outage must not get the servers restarted)."""
    return _uncached(jsonify(status="ok"))


@bp.get("/healthz/ready")
@access.anyone
def ready():
    """200 when every required check passes, else 503; each check's name, status and reason."""
    checks = health.readiness(current_app)
    ready = health.is_ready(checks)
    body = jsonify(status="ok" if ready else "failing", checks=[check.as_json() for check in checks])
    body.status_code = 200 if ready else 503
    return _uncached(body)


@bp.get("/metrics")
@access.anyone
def metrics_text():
    """Prometheus's text format, for the bearer of METRICS_TOKEN or an address in METRICS_ALLOWED_IPS; else 404."""
    if not metrics.may_read(current_app.config, request.remote_addr, request.headers.get("Authorization")):
        return _uncached(Response("Not Found\n", status=404, mimetype="text/plain"))
    return _uncached(Response(metrics.exposition(), content_type=CONTENT_TYPE_PLAIN_0_0_4))
