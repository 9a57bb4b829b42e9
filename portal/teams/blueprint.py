"""The teams feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and connects
the feature's commands and event subscribers. Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("teams", __name__, url_prefix="/teams")


def init_app(app: Flask) -> None:
    """Register the teams routes, commands."""
    from portal.teams import views  # noqa: F401 - routes attach on import
    from portal.teams.cli import teams_cli

    app.cli.add_command(teams_cli)
    app.register_blueprint(bp)
