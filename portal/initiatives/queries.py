"""Read functions for the views: an initiative and its page, the list with its filters, a resident's own
initiatives, and the workers' queue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import aliased, joinedload, load_only, selectinload
from wtforms.fields.choices import SelectChoice

from portal import paging
from portal.extensions import db
from portal.initiatives import lifecycle, search, similarity
from portal.initiatives.categories import CATEGORIES
from portal.initiatives.models import (
    Initiative,
    InitiativeMessage,
    InitiativePhoto,
    MessageReport,
    RoleSignup,
    StatusChange,
    Support,
    VolunteerRole,
)
from portal.teams.models import DISTRICT, NEIGHBOURHOOD, Area, Team
from portal.timeutil import utcnow

OPEN = (lifecycle.SUBMITTED, lifecycle.IN_CONVERSATION, lifecycle.PLANNED)
# Reachable through the status filter only. A draft shows in its own initiator's list.
HIDDEN_BY_DEFAULT = (lifecycle.DECLINED, lifecycle.WITHDRAWN)


def initiative_or_404(initiative_id: int) -> Initiative:
    """The initiative with its area, team and roles, or a 404 (also for numbers no id can be)."""
    if not 0 < initiative_id <= paging.MAX_ID:
        abort(404)
    initiative = db.session.scalar(
        select(Initiative)
        .where(Initiative.id == initiative_id)
        .options(
            joinedload(Initiative.area).joinedload(Area.team),
            joinedload(Initiative.initiator),
            selectinload(Initiative.roles).selectinload(VolunteerRole.signups).joinedload(RoleSignup.user),
            selectinload(Initiative.changes).joinedload(StatusChange.actor),  # the timeline, without a query per actor
            selectinload(Initiative.photos),  # their image bytes stay deferred
        )
    )
    if initiative is None:
        abort(404)
    return initiative


def message_or_404(initiative: Initiative, message_id: int) -> InitiativeMessage:
    message = paging.get_or_404(InitiativeMessage, message_id)
    if message.initiative_id != initiative.id:
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


# --------------------------------------------------------------------------- the list and its filters


@dataclass(frozen=True)
class Filters(paging.ListFilters):
    """What the visitor asked of the list of initiatives; unknown values are dropped rather than refused."""

    q: str = ""
    area: str = ""
    category: str = ""
    status: str = ""

    @classmethod
    def from_args(cls, args: Mapping) -> Filters:
        return cls.paged(
            args,
            q=cls.text(args, "q", 200),
            area=cls.text(args, "area", 12),
            category=cls.choice(args, "category", CATEGORIES),
            status=cls.choice(args, "status", lifecycle.STATUSES),
        )


def visible_to(viewer):
    """Drafts are seen by their initiator only; everything else is public."""
    if viewer is not None and viewer.is_authenticated:
        return or_(Initiative.status != lifecycle.DRAFT, Initiative.initiator_id == viewer.id)
    return Initiative.status != lifecycle.DRAFT


def area_with_code(code: str) -> Area | None:
    return db.session.scalar(select(Area).where(Area.code == code))


def area_ids(code: str) -> list[int] | None:
    """The area with ``code`` and, for a district, its neighbourhoods; None if unknown (one query)."""
    district = aliased(Area)
    rows = db.session.execute(
        select(Area.id, Area.code)
        .outerjoin(district, district.id == Area.parent_id)
        .where(or_(Area.code == code, (district.code == code) & (district.kind == DISTRICT)))
        .order_by(Area.code != code, Area.name)
    ).all()
    if not rows or rows[0].code != code:
        return None
    return [row.id for row in rows]


def initiatives_found(filters: Filters, viewer) -> Select:
    """The initiatives ``viewer`` may see that match ``filters``, newest first."""
    query = select(Initiative).where(visible_to(viewer))
    if filters.status:
        query = query.where(Initiative.status == filters.status)
    else:
        query = query.where(Initiative.status.not_in(HIDDEN_BY_DEFAULT))
    if filters.category:
        query = query.where(Initiative.category == filters.category)
    if filters.area:
        ids = area_ids(filters.area)
        query = query.where(Initiative.area_id.in_(ids) if ids else false())
    condition = search.matches(Initiative.search_terms, filters.q)
    if condition is not None:
        query = query.where(condition)
    # Served by the index ix_initiative_newest ((coalesce(submitted_at, created_at)) DESC, id DESC) where it exists:
    # a page is read from the index instead of sorting every initiative.
    newest = func.coalesce(Initiative.submitted_at, Initiative.created_at)
    return query.options(*card_columns()).order_by(newest.desc(), Initiative.id.desc())


def card_columns() -> tuple:
    """Loader options for an initiative in a list (a card or a line): the columns a card shows and the name of its
    area, in the same query; not its other texts (search terms, budget, report)."""
    return (
        load_only(
            Initiative.id,
            Initiative.title,
            Initiative.description,
            Initiative.status,
            Initiative.category,
            Initiative.planned_start,
            Initiative.area_id,
            Initiative.initiator_id,
            Initiative.submitted_at,
            Initiative.created_at,
        ),
        joinedload(Initiative.area).load_only(Area.id, Area.name, Area.code),
    )


def first_photos(initiatives: list[Initiative]) -> dict[int, InitiativePhoto]:
    """The first photo of each initiative (without loading the image bytes)."""
    if not initiatives:
        return {}
    rows = db.session.execute(
        select(InitiativePhoto.id, InitiativePhoto.initiative_id, InitiativePhoto.alt_text)
        .where(InitiativePhoto.initiative_id.in_([initiative.id for initiative in initiatives]))
        .order_by(InitiativePhoto.position.desc(), InitiativePhoto.id.desc())
    )
    return {row.initiative_id: row for row in rows}  # the last one written is the first by position


def area_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Districts with their neighbourhoods, for a select with option groups (one query of rows)."""
    district = aliased(Area)
    rows = db.session.execute(
        select(district.code, district.name, Area.code, Area.name)
        .select_from(district)
        .outerjoin(Area, Area.parent_id == district.id)
        .where(district.kind == DISTRICT)
        .order_by(district.name, district.id, Area.name)
    )
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    last = None
    for district_code, district_name, code, name in rows:
        if district_code != last:
            last = district_code
            groups.append((district_name, [(district_code, _("All of %(district)s", district=district_name))]))
        if code is not None:
            groups[-1][1].append((code, name))
    return groups


# --------------------------------------------------------------------------- a resident's own


def started_by(user) -> list[Initiative]:
    """Everything ``user`` started, whatever its status, the most recently changed first."""
    return list(
        db.session.scalars(
            select(Initiative)
            .where(Initiative.initiator_id == user.id)
            .options(selectinload(Initiative.area))
            .order_by(Initiative.updated_at.desc(), Initiative.id.desc())
        )
    )


def signed_up_for(user) -> list[tuple[Initiative, str]]:
    """(initiative, role title) for every volunteer role ``user`` signed up for, soonest first."""
    rows = db.session.execute(
        select(Initiative, VolunteerRole.title)
        .join(VolunteerRole, VolunteerRole.initiative_id == Initiative.id)
        .join(RoleSignup, RoleSignup.role_id == VolunteerRole.id)
        .where(RoleSignup.user_id == user.id)
        .options(selectinload(Initiative.area))
        .order_by(func.coalesce(Initiative.planned_start, Initiative.created_at).desc(), Initiative.id)
    )
    return [(row[0], row[1]) for row in rows]


def initiatives_supported_by(user) -> list[Initiative]:
    """Initiatives of others that ``user`` supports (drafts are never supportable)."""
    return list(
        db.session.scalars(
            select(Initiative)
            .join(Support, Support.initiative_id == Initiative.id)
            .where(Support.user_id == user.id, Initiative.status != lifecycle.DRAFT)
            .options(selectinload(Initiative.area))
            .order_by(Support.created_at.desc())
        )
    )
