"""The notifications feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and connects
the feature's commands and event subscribers. Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def init_app(app: Flask) -> None:
    """Register the notifications routes, commands and event subscribers."""
    from portal.notifications import privacy, views  # noqa: F401 - routes and subscribers attach on import
    from portal.notifications.cli import notifications_cli

    app.cli.add_command(notifications_cli)
    app.register_blueprint(bp)
