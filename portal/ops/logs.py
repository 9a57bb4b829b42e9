"""Log lines as JSON (one object a line, for a log collector) or as text (for people at a terminal).

The formatter is our own twenty lines rather than python-json-logger: the fields are few and fixed (time in ISO
UTC, level, logger, message, whatever came in ``extra=``, the traceback), the standard library's ``json`` writes
them, and a municipality's supply-chain review has one dependency less to follow.

Every record logged during a request carries that request's id (``RequestIdFilter`` on the handler), so an error,
an outbox warning and the request's own line can be found together.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from flask import g, has_request_context

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HANDLER_NAME = "buurtportaal"

# What every LogRecord has; any other attribute of a record came in through ``extra=`` and goes into the JSON.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (ISO 8601, UTC), level, logger, message, the ``extra`` fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        entry = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update((key, value) for key, value in vars(record).items() if key not in _STANDARD_ATTRIBUTES)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestIdFilter(logging.Filter):
    """Gives a record logged during a request that request's id (``request_id``), unless it has one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id") and has_request_context() and "request_id" in g:
            record.request_id = g.request_id
        return True


def formatter_for(log_format: str) -> logging.Formatter:
    """The formatter of LOG_FORMAT: ``json`` or ``text``."""
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def handler_for(logger: logging.Logger, log_format: str) -> logging.Handler:
    """The portal's handler on ``logger`` (to standard error), made once per process, in ``log_format``.

    An application made again in the same process (tests, ``flask`` commands) sets the format again instead of
    adding a second handler, which would print every line twice.
    """
    handler = next((h for h in logger.handlers if h.get_name() == HANDLER_NAME), None)
    if handler is None:
        handler = logging.StreamHandler()
        handler.set_name(HANDLER_NAME)
        handler.addFilter(RequestIdFilter())
        logger.addHandler(handler)
    handler.setFormatter(formatter_for(log_format))
    return handler
