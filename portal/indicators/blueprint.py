"""The indicators feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and the
``flask indicators`` commands.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from flask import Blueprint, Flask

bp = Blueprint("indicators", __name__, url_prefix="/indicators")

# The modules that put routes on ``bp`` (those that exist: the pages are built alongside the computation).
ROUTE_MODULES = ("portal.indicators.views", "portal.indicators.views_export", "portal.indicators.views_public")


def init_app(app: Flask) -> None:
    """Register the indicators routes and the ``flask indicators`` command group."""
    from portal.indicators import cli

    for name in ROUTE_MODULES:
        if find_spec(name) is not None:
            import_module(name)
    app.register_blueprint(bp)
    app.cli.add_command(cli.group)
