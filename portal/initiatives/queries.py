"""Read functions for the initiative pages and the workers' queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload, selectinload
from wtforms.fields.choices import SelectChoice

from portal.extensions import db
from portal.initiatives import lifecycle, similarity
from portal.initiatives.models import (
    Initiative,
    InitiativeMessage,
    MessageReport,
    RoleSignup,
    Support,
    VolunteerRole,
)
from portal.teams.models import NEIGHBOURHOOD, Area, Team
from portal.timeutil import utcnow

OPEN = (lifecycle.SUBMITTED, lifecycle.IN_CONVERSATION, lifecycle.PLANNED)


def initiative_or_404(initiative_id: int) -> Initiative:
    """The initiative with its area, team and roles, or a 404."""
    initiative = db.session.scalar(
        select(Initiative)
        .where(Initiative.id == initiative_id)
        .options(
            joinedload(Initiative.area).joinedload(Area.team),
            selectinload(Initiative.roles).selectinload(VolunteerRole.signups).joinedload(RoleSignup.user),
        )
    )
    if initiative is None:
        abort(404)
    return initiative


def message_or_404(initiative: Initiative, message_id: int) -> InitiativeMessage:
    message = db.session.get(InitiativeMessage, message_id)
    if message is None or message.initiative_id != initiative.id:
        abort(404)
    return message


def role_or_none(initiative: Initiative, role_id: int | None) -> VolunteerRole | None:
    return next((role for role in initiative.roles if role.id == role_id), None)


def neighbourhood_choices() -> list[SelectChoice]:
    """Neighbourhoods served by a team, grouped by district, for a select with option groups."""
    district = aliased(Area)
    rows = db.session.execute(
        select(Area.id, Area.name, district.name)
        .outerjoin(district, Area.parent_id == district.id)
        .where(Area.kind == NEIGHBOURHOOD, Area.team_id.is_not(None))
        .order_by(district.name, Area.name)
    )
    return [SelectChoice(area_id, name, optgroup=district_name or _("Other")) for area_id, name, district_name in rows]


def similar_open_initiatives(initiative: Initiative, limit: int = 5) -> list[tuple[Initiative, similarity.Match]]:
    """Open initiatives in the same area that share significant words with this one."""
    others = db.session.scalars(
        select(Initiative).where(
            Initiative.area_id == initiative.area_id,
            Initiative.status.in_(OPEN),
            Initiative.id != initiative.id,
        )
    ).all()
    by_id = {other.id: other for other in others}
    matches = similarity.similar_texts(
        f"{initiative.title} {initiative.description}",
        ((other.id, f"{other.title} {other.description}") for other in others),
        limit=limit,
    )
    return [(by_id[match.key], match) for match in matches]


def support_count(initiative: Initiative) -> int:
    return db.session.scalar(select(func.count()).select_from(Support).where(Support.initiative_id == initiative.id))


def supported_by(user, initiative: Initiative) -> bool:
    if not user.is_authenticated:
        return False
    return db.session.get(Support, (initiative.id, user.id)) is not None


def role_ids_of(user, initiative: Initiative) -> set[int]:
    """The roles of this initiative ``user`` signed up for."""
    if not user.is_authenticated:
        return set()
    return {role.id for role in initiative.roles for signup in role.signups if signup.user_id == user.id}


def messages_of(initiative: Initiative) -> list[InitiativeMessage]:
    return list(
        db.session.scalars(
            select(InitiativeMessage)
            .where(InitiativeMessage.initiative_id == initiative.id)
            .options(joinedload(InitiativeMessage.author))
            .order_by(InitiativeMessage.created_at, InitiativeMessage.id)
        )
    )


def reported_by(user, initiative: Initiative) -> set[int]:
    """Ids of this initiative's messages that ``user`` has reported already."""
    if not user.is_authenticated:
        return set()
    return set(
        db.session.scalars(
            select(MessageReport.message_id)
            .join(InitiativeMessage, InitiativeMessage.id == MessageReport.message_id)
            .where(InitiativeMessage.initiative_id == initiative.id, MessageReport.user_id == user.id)
        )
    )


@dataclass(frozen=True)
class QueueItem:
    initiative: Initiative
    waited: timedelta


def teams_for(user) -> list[Team]:
    """The teams whose queue ``user`` sees: all for a coordinator, their own for a worker."""
    if user.is_coordinator:
        return list(db.session.scalars(select(Team).order_by(Team.name)))
    return list(user.teams)


def waiting_queue(team_ids: list[int]) -> list[QueueItem]:
    """Submitted initiatives in these teams' areas, oldest first, with how long each has waited."""
    now = utcnow()
    rows = _in_teams(team_ids, (lifecycle.SUBMITTED,)).order_by(Initiative.submitted_at, Initiative.id)
    return [QueueItem(item, now - (item.submitted_at or item.created_at)) for item in db.session.scalars(rows)]


def in_progress(team_ids: list[int]) -> list[Initiative]:
    """Initiatives in conversation or planned in these teams' areas, the next date first."""
    rows = _in_teams(team_ids, (lifecycle.IN_CONVERSATION, lifecycle.PLANNED)).order_by(
        Initiative.planned_start.is_(None), Initiative.planned_start, Initiative.submitted_at
    )
    return list(db.session.scalars(rows))


def reported_messages(team_ids: list[int]) -> list[InitiativeMessage]:
    """Reported messages a worker has not looked at yet."""
    rows = (
        select(InitiativeMessage)
        .join(Initiative, Initiative.id == InitiativeMessage.initiative_id)
        .join(Area, Area.id == Initiative.area_id)
        .where(Area.team_id.in_(team_ids), InitiativeMessage.report_count > 0, InitiativeMessage.reviewed_at.is_(None))
        .options(joinedload(InitiativeMessage.initiative))
        .order_by(InitiativeMessage.report_count.desc(), InitiativeMessage.created_at)
    )
    return list(db.session.scalars(rows))


def _in_teams(team_ids: list[int], statuses: tuple[str, ...]):
    return (
        select(Initiative)
        .join(Area, Area.id == Initiative.area_id)
        .where(Area.team_id.in_(team_ids), Initiative.status.in_(statuses))
        .options(joinedload(Initiative.area).joinedload(Area.team), joinedload(Initiative.initiator))
    )


def volunteers_wanted(area_ids: list[int] | None = None, limit: int = 6) -> list[tuple[VolunteerRole, Initiative]]:
    """Volunteer tasks with places left in initiatives that go ahead, soonest first: needs too.

    Neighbourly help lists them beside the help requests, so a worker (or the neighbour
    themselves) can point someone who offers help to them.
    """
    query = (
        select(VolunteerRole, Initiative)
        .join(Initiative, Initiative.id == VolunteerRole.initiative_id)
        .where(
            Initiative.status.in_((lifecycle.IN_CONVERSATION, lifecycle.PLANNED)),
            VolunteerRole.taken < VolunteerRole.needed,
        )
        .options(joinedload(Initiative.area))
        .order_by(Initiative.planned_start.is_(None), Initiative.planned_start, Initiative.id, VolunteerRole.position)
        .limit(limit)
    )
    if area_ids is not None:
        query = query.where(Initiative.area_id.in_(area_ids))
    return [(row[0], row[1]) for row in db.session.execute(query)]
