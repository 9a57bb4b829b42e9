"""The projects feature's blueprint and how it joins the application.

Route modules add their views to ``bp``; ``init_app`` imports them, registers the blueprint, connects the
feature's event subscribers and fills the registries of the features below it (the agenda, the team page,
the signals board). Nothing else in the package touches the application.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("projects", __name__, url_prefix="/projects")


def init_app(app: Flask) -> None:
    """Register the projects routes, event subscribers and what projects add to lower features' pages."""
    from portal.initiatives import agenda
    from portal.projects import (  # noqa: F401 - routes and subscribers attach on import
        notification_kinds,
        privacy,
        queries,
        subscribers,
        views,
        views_manage,
        views_messages,
    )
    from portal.projects.agenda import TABLES as AGENDA_TABLES
    from portal.projects.agenda import project_activities
    from portal.signals import queries as signal_queries
    from portal.teams import sections

    notification_kinds.register()
    agenda.register_source(project_activities, AGENDA_TABLES)
    sections.register("projects/_team_section.html", queries.team_section)
    signal_queries.register_take_up_choices(queries.open_projects)
    app.register_blueprint(bp)
