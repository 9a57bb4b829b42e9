"""The complaints feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and connects
the feature's notification kinds and data-rights answers. Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("complaints", __name__, url_prefix="/complaints")


def init_app(app: Flask) -> None:
    """Register the complaints routes, notification kinds and data-rights answers."""
    from portal.complaints import notification_kinds, privacy, views, views_handling  # noqa: F401 - attach on import

    notification_kinds.register()
    app.register_blueprint(bp)
