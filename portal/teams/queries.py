"""Read functions for team pages, the map and the overview of a worker's team inboxes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask import abort
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.teams.models import (
    DISTRICT,
    NEIGHBOURHOOD,
    QUESTION_IN_PROGRESS,
    QUESTION_NEW,
    Area,
    Team,
    TeamQuestion,
)
from portal.timeutil import utcnow


def all_teams() -> list[Team]:
    """Every team, alphabetically."""
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def teams_with_areas() -> list[Team]:
    """Every team, alphabetically, with its neighbourhoods and their districts loaded."""
    query = select(Team).order_by(Team.name).options(selectinload(Team.areas).selectinload(Area.parent))
    return list(db.session.scalars(query))


def team_or_404(slug: str) -> Team:
    team = db.session.scalar(select(Team).where(Team.slug == slug))
    if team is None:
        abort(404)
    return team


def areas_served(team: Team) -> list[tuple[Area, list[Area]]]:
    """The team's neighbourhoods grouped by district, both in CBS code order (one query, unless the team's areas
    and their districts are loaded already)."""
    if "areas" in inspect(team).unloaded:
        hoods = db.session.scalars(
            select(Area).where(Area.team_id == team.id, Area.kind == NEIGHBOURHOOD).options(joinedload(Area.parent))
        )
    else:
        hoods = team.areas
    groups: dict[Area, list[Area]] = defaultdict(list)
    for hood in sorted(hoods, key=lambda area: area.code):
        if hood.kind == NEIGHBOURHOOD and hood.parent is not None:
            groups[hood.parent].append(hood)
    return sorted(groups.items(), key=lambda item: item[0].code)


def districts_with_neighbourhoods() -> list[Area]:
    """Every district in code order, with its neighbourhoods and their teams loaded."""
    query = (
        select(Area)
        .where(Area.kind == DISTRICT)
        .order_by(Area.code)
        .options(selectinload(Area.children).selectinload(Area.team))
    )
    return list(db.session.scalars(query))


def neighbourhoods_by_code() -> dict[str, Area]:
    """CBS neighbourhood code -> the neighbourhood, with its team loaded."""
    query = select(Area).where(Area.kind == NEIGHBOURHOOD).options(selectinload(Area.team))
    return {area.code: area for area in db.session.scalars(query)}


REFERENCE_PREFIX = "V-"


def reference(question_id: int) -> str:
    """The number a resident can quote for their question: "V-000123" (derived from its id)."""
    return f"{REFERENCE_PREFIX}{question_id:06d}"


@dataclass(frozen=True)
class InboxCounts:
    open: int  # new or in progress
    overdue: int  # open and past its answer-by time
    answered: int
    closed: int


def question_counts(team_ids: list[int], now: datetime | None = None) -> dict[int, InboxCounts]:
    """Per team: open questions (new or in progress), how many of those are overdue, answered and closed ones."""
    now = now or utcnow()
    is_open = TeamQuestion.status.in_((QUESTION_NEW, QUESTION_IN_PROGRESS))
    overdue = is_open & (TeamQuestion.due_at < now)
    query = (
        select(TeamQuestion.team_id, TeamQuestion.status, overdue, func.count())
        .where(TeamQuestion.team_id.in_(team_ids))
        .group_by(TeamQuestion.team_id, TeamQuestion.status, overdue)
    )
    counts = {team_id: {"open": 0, "overdue": 0, "answered": 0, "closed": 0} for team_id in team_ids}
    for team_id, status, is_overdue, number in db.session.execute(query):
        key = "open" if status in (QUESTION_NEW, QUESTION_IN_PROGRESS) else status
        if key in counts[team_id]:
            counts[team_id][key] += number
        if is_overdue:
            counts[team_id]["overdue"] += number
    return {team_id: InboxCounts(**c) for team_id, c in counts.items()}


def inbox_teams(user) -> list[Team]:
    """The teams whose inbox the user may read: their own, or every team for a coordinator."""
    return all_teams() if user.is_coordinator else sorted(user.teams, key=lambda team: team.name)
