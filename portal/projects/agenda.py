"""Project activities in the neighbourhood agenda and its iCalendar feed.

``portal.initiatives.agenda`` merges the items of every function in its SOURCES; ``blueprint.init_app``
registers `project_activities` there, so the initiatives package never imports projects.
An activity belongs to the project's neighbourhood, or, for a project of the team's whole area, to
every neighbourhood of the team.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import url_for
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.initiatives import agenda
from portal.projects.models import Project, ProjectActivity
from portal.teams.models import Area


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def project_activities(
    area_ids: list[int] | None, since: datetime, limit: int | None = None
) -> list[agenda.AgendaItem]:
    """Activities of collective projects that start at or after ``since``, in the given areas (None: all); the
    first ``limit``."""
    query = (
        select(ProjectActivity)
        .join(Project, Project.id == ProjectActivity.project_id)
        .where(ProjectActivity.starts_at >= since.astimezone(UTC).replace(tzinfo=None))
        .options(selectinload(ProjectActivity.project).selectinload(Project.area))
        .options(selectinload(ProjectActivity.project).selectinload(Project.team))
        .order_by(ProjectActivity.starts_at, ProjectActivity.id)
    )
    if area_ids is not None:
        team_area = exists().where(Area.team_id == Project.team_id, Area.id.in_(area_ids))
        query = query.where(
            or_(Project.area_id.in_(area_ids), and_(Project.area_id.is_(None), team_area)),
        )
    if limit is not None:
        query = query.limit(limit)
    items = []
    for activity in db.session.scalars(query):
        project = activity.project
        start = _aware(activity.starts_at)
        end = _aware(activity.ends_at) if activity.ends_at else start + agenda.DEFAULT_DURATION
        where = project.area.name if project.area is not None else project.team.name
        description = "\n\n".join(part for part in (project.title, activity.description) if part)
        items.append(
            agenda.AgendaItem(
                uid=f"project-activity-{activity.id}@buurtportaal",
                start=start,
                end=max(end, start),
                title=activity.title,
                place=activity.place or where,
                link=url_for("projects.show_project", project_id=project.id),
                description=description,
                area=where,
                updated=_aware(activity.updated_at),
            )
        )
    return items
