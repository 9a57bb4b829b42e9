"""The overview feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and connects
the feature's commands and event subscribers. Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("overview", __name__)


def init_app(app: Flask) -> None:
    """Register the overview feature: "Vandaag" for workers and "Mijn buurt" for residents."""
    from portal.overview import views  # noqa: F401 - the routes

    app.register_blueprint(bp)
