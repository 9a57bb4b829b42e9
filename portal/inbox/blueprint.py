"""The inbox feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and connects
the feature's notification kinds, event subscribers (a new question from teams' "ask your team") and data
rights. Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("inbox", __name__)


def init_app(app: Flask) -> None:
    """Register the inbox feature."""
    from portal.inbox import notification_kinds, privacy, subscribers, views, views_resident, views_settings  # noqa: F401 - routes and subscribers attach on import
    from portal.inbox.forms import status_label
    from portal.teams.queries import reference

    notification_kinds.register()
    app.add_template_filter(reference, "question_reference")
    app.add_template_filter(status_label, "question_status")
    app.register_blueprint(bp)
