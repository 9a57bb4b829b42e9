"""The indicators feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and the
``flask indicators`` commands (the daily snapshot). Routes: ``views`` (the dashboards), ``views_export`` (their
CSV files), ``views_tokens`` (coordinators' export tokens), ``views_public`` (the public page); ``privacy``
answers "download my data" for export tokens.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("indicators", __name__, url_prefix="/indicators")


def init_app(app: Flask) -> None:
    """Register the indicators routes and the ``flask indicators`` command group."""
    from portal.indicators import (  # noqa: F401 - attach on import
        cli,
        privacy,
        views,
        views_export,
        views_public,
        views_tokens,
    )

    app.register_blueprint(bp)
    app.cli.add_command(cli.group)
