"""The accounts feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and connects
the feature's commands and event subscribers. Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("accounts", __name__, url_prefix="/account")


def init_app(app: Flask) -> None:
    """Register the accounts routes, commands."""
    from portal.accounts import views, views_profile  # noqa: F401 - routes attach on import
    from portal.accounts.cli import users_cli
    from portal.accounts.cli_privacy import privacy_cli  # also connects accounts' retention subscriber

    app.cli.add_command(users_cli)
    app.cli.add_command(privacy_cli)
    app.register_blueprint(bp)
