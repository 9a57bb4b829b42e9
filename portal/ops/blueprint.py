"""The operations feature's blueprint: the health checks and the metrics, and the request log.

``init_app`` registers the routes (exempt from rate limits: a probe or a scrape every few seconds is no abuse)
and hooks the request log and the request metrics into every request of the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("ops", __name__)


def init_app(app: Flask) -> None:
    """Register /healthz/live, /healthz/ready and /metrics; log and count every request."""
    from portal.extensions import limiter
    from portal.ops import tracking, views  # noqa: F401 - routes attach on import

    limiter.exempt(bp)
    app.register_blueprint(bp)
    tracking.init_app(app)
