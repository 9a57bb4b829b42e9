"""The projects feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint and connects
the feature's commands and event subscribers. Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("projects", __name__, url_prefix="/projects")


def init_app(app: Flask) -> None:
    """Register the projects routes and event subscribers."""
    from portal.projects import notification_kinds, privacy, views  # noqa: F401 - routes and subscribers attach on import

    from portal.teams import sections

    notification_kinds.register()
    sections.register("projects/_team_section.html", _team_section)
    app.register_blueprint(bp)


def _team_section(team) -> dict | None:
    """The team page's list of the team's collective projects (none: no section)."""
    from portal.projects import queries

    projects = queries.projects_of_team(team, 6)
    return {"projects": projects, "status_labels": queries.STATUS_LABELS} if projects else None
