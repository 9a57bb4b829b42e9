"""The pages feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and connects
the feature's commands and event subscribers. Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("pages", __name__)


def init_app(app: Flask) -> None:
    """Register the pages routes and the notification of a reported accessibility problem; refuse to start with an
    accessibility statement file that cannot be read."""
    from portal.config import ConfigError
    from portal.pages import notification_kinds, statement, views, views_statement  # noqa: F401 - routes attach

    problems = statement.problems(app.config["ACCESSIBILITY_STATEMENT"])
    if problems:
        raise ConfigError(problems)
    notification_kinds.register()
    app.register_blueprint(bp)
