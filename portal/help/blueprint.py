"""The help feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and connects
the feature's commands and event subscribers. Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("help", __name__, url_prefix="/help")


def init_app(app: Flask) -> None:
    """Register the help routes, commands and event subscribers."""
    from portal.help import (  # noqa: F401 - routes and subscribers attach on import
        notification_kinds,
        notification_kinds_privacy,
        privacy,
        views,
        views_console,
        views_matches,
        views_review,
    )
    from portal.help.cli import help_cli

    app.cli.add_command(help_cli)
    notification_kinds.register()
    notification_kinds_privacy.register()
    app.register_blueprint(bp)
