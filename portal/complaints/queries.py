"""Read functions of the complaints feature: the handling list, a resident's complaints, what a resident can
complain about, and the figures the indicators build on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.complaints.models import ANSWERED, CLOSED, IN_PROGRESS, NEW, STATUSES, Complaint
from portal.extensions import db
from portal.help.models import HelpRequest
from portal.initiatives.lifecycle import DRAFT
from portal.initiatives.models import Initiative
from portal.paging import ListFilters
from portal.signals.models import Signal
from portal.teams.models import Team, TeamQuestion
from portal.timeutil import utcnow

PER_PAGE = 20
CHOICES_PER_KIND = 10  # a resident's most recent things of each kind offered on "what is it about?"

OPEN = "open"  # new or in progress: what still waits for an answer
STATUS_LABELS = {
    NEW: _l("New"),
    IN_PROGRESS: _l("In progress"),
    ANSWERED: _l("Answered"),
    CLOSED: _l("Closed"),
}
FILTER_LABELS = {OPEN: _l("Waiting for an answer"), **STATUS_LABELS}


@dataclass(frozen=True)
class Filters(ListFilters):
    team: str = ""  # a team's slug; "" for every team the reader may see
    status: str = OPEN  # OPEN, one of STATUSES, or "all"

    @classmethod
    def from_args(cls, args: Mapping, team_slugs: Iterable[str]) -> Filters:
        return cls.paged(
            args,
            team=cls.choice(args, "team", set(team_slugs)),
            status=cls.choice(args, "status", {OPEN, "all", *STATUSES}, OPEN),
        )


def visible_teams(user) -> list[Team]:
    """The teams whose complaints ``user`` reads: every team for a coordinator, a worker's own teams."""
    if user.is_coordinator:
        return list(db.session.scalars(select(Team).order_by(Team.name)))
    return sorted(user.teams, key=lambda team: team.name)


def complaints_found(filters: Filters, teams: list[Team]) -> Select:
    """The complaints of ``teams`` (narrowed to ``filters.team``) in ``filters.status``, oldest first."""
    team_ids = [team.id for team in teams if not filters.team or team.slug == filters.team]
    query = select(Complaint).where(Complaint.team_id.in_(team_ids))
    if filters.status == OPEN:
        query = query.where(Complaint.status.in_((NEW, IN_PROGRESS)))
    elif filters.status in STATUSES:
        query = query.where(Complaint.status == filters.status)
    return query.options(joinedload(Complaint.team), selectinload(Complaint.assigned_to)).order_by(
        Complaint.created_at, Complaint.id
    )


def mine(user) -> list[Complaint]:
    """The resident's own complaints, newest first."""
    return list(
        db.session.scalars(
            select(Complaint)
            .options(joinedload(Complaint.team))
            .where(Complaint.user_id == user.id)
            .order_by(Complaint.created_at.desc(), Complaint.id.desc())
        )
    )


def own_things(user) -> dict[str, list]:
    """What ``user`` could complain about, their most recent of each kind (drafts of initiatives left out:
    the team has not seen those)."""
    recent = CHOICES_PER_KIND
    return {
        "question": list(
            db.session.scalars(
                select(TeamQuestion)
                .where(TeamQuestion.user_id == user.id)
                .order_by(TeamQuestion.created_at.desc())
                .limit(recent)
            )
        ),
        "initiative": list(
            db.session.scalars(
                select(Initiative)
                .where(Initiative.initiator_id == user.id, Initiative.status != DRAFT)
                .order_by(Initiative.created_at.desc())
                .limit(recent)
            )
        ),
        "help_request": list(
            db.session.scalars(
                select(HelpRequest)
                .where(HelpRequest.user_id == user.id)
                .order_by(HelpRequest.created_at.desc())
                .limit(recent)
            )
        ),
        "signal": list(
            db.session.scalars(
                select(Signal).where(Signal.reporter_id == user.id).order_by(Signal.created_at.desc()).limit(recent)
            )
        ),
    }


def all_teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))


# --------------------------------------------------------------------------- figures for the indicators


@dataclass(frozen=True)
class TeamFigures:
    """The complaints of one team filed in a period.

    ``filed``: complaints received in the period. ``answered``: of those, answered (at any time since).
    ``answered_in_time``: answered at or before their due time (six weeks, services.ANSWER_WEEKS).
    ``due``: of those filed, the ones that count for the share: answered, or past their due time at ``now``
    (a complaint still within its term and not yet answered is not counted either way).
    """

    team_id: int
    filed: int
    answered: int
    answered_in_time: int
    due: int

    @property
    def share_in_time(self) -> float | None:
        """answered_in_time / due; None when nothing is due yet."""
        return self.answered_in_time / self.due if self.due else None


def figures_per_team(start: datetime, end: datetime, now: datetime | None = None) -> dict[int, TeamFigures]:
    """Per team (id → TeamFigures), the complaints received from ``start`` up to but not including ``end``
    (naive UTC), with how many were answered and answered in time. Teams without complaints are left out.

    A complaint closed without a written answer (solved to the resident's satisfaction, art. 9:5 Awb) counts
    as filed and, once past its due time, as due but not answered in time."""
    now = now or utcnow()
    answered = Complaint.answered_at.is_not(None)
    in_time = and_(answered, Complaint.answered_at <= Complaint.due_at)
    due = or_(answered, Complaint.due_at < now)
    rows = db.session.execute(
        select(
            Complaint.team_id,
            func.count(Complaint.id),
            func.count(Complaint.id).filter(answered),
            func.count(Complaint.id).filter(in_time),
            func.count(Complaint.id).filter(due),
        )
        .where(Complaint.created_at >= start, Complaint.created_at < end)
        .group_by(Complaint.team_id)
    )
    return {team_id: TeamFigures(team_id, *counts) for team_id, *counts in rows}
