"""Read functions for team pages, the map and the team inbox."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.teams.models import DISTRICT, NEIGHBOURHOOD, Area, Team, TeamQuestion

OPEN, ANSWERED, ALL = "open", "answered", "all"
STATES = (OPEN, ANSWERED, ALL)


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
    """The team's neighbourhoods grouped by district, both in CBS code order."""
    groups: dict[Area, list[Area]] = defaultdict(list)
    for hood in sorted(team.areas, key=lambda area: area.code):
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


@dataclass(frozen=True)
class InboxCounts:
    open: int
    answered: int

    @property
    def all(self) -> int:
        return self.open + self.answered


def question_counts(team_ids: list[int]) -> dict[int, InboxCounts]:
    """Open and answered questions per team."""
    answered = TeamQuestion.answered_at.is_not(None)
    query = (
        select(TeamQuestion.team_id, answered, func.count())
        .where(TeamQuestion.team_id.in_(team_ids))
        .group_by(TeamQuestion.team_id, answered)
    )
    counts = {team_id: {False: 0, True: 0} for team_id in team_ids}
    for team_id, is_answered, number in db.session.execute(query):
        counts[team_id][bool(is_answered)] = number
    return {team_id: InboxCounts(c[False], c[True]) for team_id, c in counts.items()}


def team_questions(team: Team, state: str = OPEN) -> list[TeamQuestion]:
    """The team's questions, newest first; ``state`` is open, answered or all."""
    query = select(TeamQuestion).where(TeamQuestion.team_id == team.id)
    if state == OPEN:
        query = query.where(TeamQuestion.answered_at.is_(None))
    elif state == ANSWERED:
        query = query.where(TeamQuestion.answered_at.is_not(None))
    query = query.options(selectinload(TeamQuestion.answered_by))
    return list(db.session.scalars(query.order_by(TeamQuestion.created_at.desc(), TeamQuestion.id.desc())))


def team_question_or_404(team: Team, question_id: int) -> TeamQuestion:
    """The question, only when it was sent to this team (never another team's)."""
    question = db.session.get(TeamQuestion, question_id)
    if question is None or question.team_id != team.id:
        abort(404)
    return question


def inbox_teams(user) -> list[Team]:
    """The teams whose inbox the user may read: their own, or every team for a coordinator."""
    return all_teams() if user.is_coordinator else sorted(user.teams, key=lambda team: team.name)
