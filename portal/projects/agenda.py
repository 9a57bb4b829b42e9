"""Project activities in the neighbourhood agenda and its iCalendar feed.

``portal.initiatives.agenda`` merges the items of every function in its SOURCES; ``blueprint.init_app``
registers `project_activities` there, so the initiatives package never imports projects.
An activity belongs to the project's neighbourhood, or, for a project of the team's whole area, to
every neighbourhood of the team.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.initiatives import agenda
from portal.projects.models import Project, ProjectActivity
from portal.teams.models import Area, Team
from portal.urls import link_maker

# What the activities are read from: a cached agenda feed is stale after a change to any of them.
TABLES = (ProjectActivity.__table__.name, Project.__table__.name, Area.__table__.name, Team.__table__.name)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def project_activities(
    area_ids: list[int] | None, since: datetime, until: datetime | None = None, limit: int | None = None
) -> list[agenda.AgendaItem]:
    """Activities of collective projects that start in [since, until), in the given areas (None: all); the first
    ``limit``. Rows, not objects: the activity with its project's title and the name of its place."""
    place = aliased(Area)
    query = (
        select(
            ProjectActivity.id,
            ProjectActivity.title,
            ProjectActivity.starts_at,
            ProjectActivity.ends_at,
            ProjectActivity.place,
            ProjectActivity.description,
            ProjectActivity.updated_at,
            Project.id.label("project_id"),
            Project.title.label("project_title"),
            place.name.label("area_name"),
            Team.name.label("team_name"),
        )
        .join(Project, Project.id == ProjectActivity.project_id)
        .join(Team, Team.id == Project.team_id)
        .outerjoin(place, place.id == Project.area_id)
        .where(ProjectActivity.starts_at >= agenda.naive_utc(since))
        .order_by(ProjectActivity.starts_at, ProjectActivity.id)
    )
    if until is not None:
        query = query.where(ProjectActivity.starts_at < agenda.naive_utc(until))
    if area_ids is not None:
        team_area = exists().where(Area.team_id == Project.team_id, Area.id.in_(area_ids))
        query = query.where(
            or_(Project.area_id.in_(area_ids), and_(Project.area_id.is_(None), team_area)),
        )
    if limit is not None:
        query = query.limit(limit)
    link = link_maker("projects.show_project", "project_id")
    items = []
    for row in db.session.execute(query):
        start = _aware(row.starts_at)
        end = _aware(row.ends_at) if row.ends_at else start + agenda.DEFAULT_DURATION
        where = row.area_name if row.area_name is not None else row.team_name
        description = "\n\n".join(part for part in (row.project_title, row.description) if part)
        items.append(
            agenda.AgendaItem(
                uid=f"project-activity-{row.id}@buurtportaal",
                start=start,
                end=max(end, start),
                title=row.title,
                place=row.place or where,
                link=link(row.project_id),
                description=description,
                area=where,
                updated=_aware(row.updated_at),
            )
        )
    return items
