"""The initiatives feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint, the template
filters and the event subscribers. Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("initiatives", __name__, url_prefix="/initiatives")


def init_app(app: Flask) -> None:
    """Register the initiatives routes, template filters and event subscribers."""
    from portal.initiatives import (  # noqa: F401 - routes and subscribers attach on import
        notification_kinds,
        privacy,
        template_filters,
        views,
        views_agenda,
        views_joining,
        views_photos,
        views_private,
    )

    notification_kinds.register()
    template_filters.register(app)
    app.register_blueprint(bp)
