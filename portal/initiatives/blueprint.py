"""The initiatives feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and connects
the feature's commands and event subscribers. Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("initiatives", __name__, url_prefix="/initiatives")


def init_app(app: Flask) -> None:
    """Register the initiatives routes and event subscribers."""
    from portal.initiatives import agenda, browse, join_views, mine, notification_kinds, photos, privacy, views  # noqa: F401 - routes and subscribers attach on import

    notification_kinds.register()
    app.register_blueprint(bp)
