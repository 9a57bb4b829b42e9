"""The signals feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and connects
the feature's commands and event subscribers. Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("signals", __name__, url_prefix="/signals")


def init_app(app: Flask) -> None:
    """Register the signals routes, commands and event subscribers."""
    from portal.signals import notification_kinds, privacy, views, views_board  # noqa: F401 - routes and subscribers attach on import
    from portal.signals.cli import signals_cli

    app.cli.add_command(signals_cli)
    notification_kinds.register()
    app.register_blueprint(bp)
