"""What waits for a worker's team(s) today: "Vandaag".

One section per kind of waiting item (questions in the inbox, complaints for coordinators, initiatives to pick
up, help requests without a proposal, proposals unanswered for a week, recurring matters not taken up), each
oldest first with its due time (``norms``). Every section costs two queries, whatever the number of items:
one counts the items and the overdue ones, one loads the first ``limit`` with what the page shows of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, case, exists, func, or_, select, true
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.complaints import models as complaint_models
from portal.complaints.models import Complaint
from portal.extensions import db
from portal.help.models import LIVE_MATCH, OPEN, PROPOSED, HelpMatch, HelpRequest
from portal.initiatives import lifecycle
from portal.initiatives.models import Initiative
from portal.overview import norms
from portal.signals import models as signal_models
from portal.signals.models import SignalCluster
from portal.signals.queries import representatives
from portal.teams.models import QUESTION_IN_PROGRESS, QUESTION_NEW, Area, Team, TeamQuestion
from portal.timeutil import utcnow

QUESTIONS, COMPLAINTS, INITIATIVES, HELP_REQUESTS, PROPOSALS, CLUSTERS = (
    "questions",
    "complaints",
    "initiatives",
    "help_requests",
    "proposals",
    "clusters",
)
KINDS = (QUESTIONS, COMPLAINTS, INITIATIVES, HELP_REQUESTS, PROPOSALS, CLUSTERS)
LIMIT = 8  # items shown per section; the section links to its whole list
EXCERPT = 90


@dataclass(frozen=True)
class Waiting:
    """One thing waiting for the team: what it is, since when it waits, and when it is due."""

    kind: str
    id: int
    title: str
    team: Team | None
    since: datetime  # naive UTC
    due: datetime  # naive UTC
    overdue: bool
    place: str = ""  # the neighbourhood, when it has one
    crisis: bool = False
    urgent: bool = False
    detail: dict = field(default_factory=dict)  # kind-specific facts the page words (counts, answers)


@dataclass(frozen=True)
class Section:
    kind: str
    items: list[Waiting]
    total: int
    overdue: int


@dataclass(frozen=True)
class Today:
    teams: list[Team]  # the teams the viewer may filter on
    chosen: Team | None  # the team filtered on, if any
    sections: list[Section]

    @property
    def total(self) -> int:
        return sum(section.total for section in self.sections)

    @property
    def overdue(self) -> int:
        return sum(section.overdue for section in self.sections)


def excerpt(text: str | None, limit: int = EXCERPT) -> str:
    words = " ".join((text or "").split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"


def teams_for(user) -> list[Team]:
    """The teams whose work ``user`` sees: every team for a coordinator, their own for a worker."""
    if user.is_coordinator:
        return list(db.session.scalars(select(Team).order_by(Team.name)))
    return sorted(user.teams, key=lambda team: team.name)


def today(user, chosen_slug: str = "", now: datetime | None = None, limit: int = LIMIT) -> Today:
    """Everything waiting for ``user``'s teams (or the one chosen among them), per kind."""
    now = now or utcnow()
    teams = teams_for(user)
    chosen = next((team for team in teams if team.slug == chosen_slug), None)
    team_ids = [chosen.id] if chosen else [team.id for team in teams]
    builders: list[Callable[[list[int], datetime, int], Section]] = [questions]
    if user.is_coordinator:
        builders.append(complaints)
    builders += [initiatives, help_requests, proposals, clusters]
    return Today(teams, chosen, [build(team_ids, now, limit) for build in builders])


def _section(base: Select, late, order, limit: int, options=()) -> tuple[list, int, int]:
    """(the first ``limit`` rows of ``base`` in ``order``, how many there are, how many are ``late``)."""
    counted = base.with_only_columns(
        func.count(), func.coalesce(func.sum(case((late, 1), else_=0)), 0), maintain_column_froms=True
    )
    total, overdue = db.session.execute(counted).one()
    rows = list(db.session.scalars(base.options(*options).order_by(*order).limit(limit))) if total else []
    return rows, int(total), int(overdue)


# --------------------------------------------------------------------------- the kinds


def questions(team_ids: list[int], now: datetime, limit: int = LIMIT) -> Section:
    """Questions in the team inbox that are new or in progress; due at their answer-by time."""
    base = select(TeamQuestion).where(
        TeamQuestion.team_id.in_(team_ids), TeamQuestion.status.in_((QUESTION_NEW, QUESTION_IN_PROGRESS))
    )
    fallback = now - timedelta(days=norms.QUESTION_FALLBACK_DAYS)
    late = or_(TeamQuestion.answer_by < now, and_(TeamQuestion.answer_by.is_(None), TeamQuestion.created_at < fallback))
    rows, total, overdue = _section(
        base,
        late,
        (TeamQuestion.created_at, TeamQuestion.id),
        limit,
        (joinedload(TeamQuestion.team),),
    )
    items = []
    for question in rows:
        due = norms.question_due(question.answer_by, question.created_at)
        items.append(
            Waiting(
                QUESTIONS,
                question.id,
                excerpt(question.message),
                question.team,
                question.created_at,
                due,
                due < now,
                detail={"name": question.name, "status": question.status, "team_slug": question.team.slug},
            )
        )
    return Section(QUESTIONS, items, total, overdue)


def complaints(team_ids: list[int], now: datetime, limit: int = LIMIT) -> Section:
    """Complaints not answered or closed yet (for coordinators); due at their own due time."""
    base = select(Complaint).where(
        Complaint.team_id.in_(team_ids), Complaint.status.in_((complaint_models.NEW, complaint_models.IN_PROGRESS))
    )
    rows, total, overdue = _section(
        base,
        Complaint.due_at < now,
        (Complaint.created_at, Complaint.id),
        limit,
        (joinedload(Complaint.team),),
    )
    items = [
        Waiting(
            COMPLAINTS,
            complaint.id,
            excerpt(complaint.message),
            complaint.team,
            complaint.created_at,
            complaint.due_at,
            complaint.due_at < now,
            detail={"subject": complaint.subject_kind, "status": complaint.status},
        )
        for complaint in rows
    ]
    return Section(COMPLAINTS, items, total, overdue)


def initiatives(team_ids: list[int], now: datetime, limit: int = LIMIT) -> Section:
    """Submitted initiatives in the teams' areas that no worker has responded to yet."""
    since = func.coalesce(Initiative.submitted_at, Initiative.created_at)
    base = (
        select(Initiative)
        .join(Area, Area.id == Initiative.area_id)
        .where(
            Area.team_id.in_(team_ids),
            Initiative.status == lifecycle.SUBMITTED,
            Initiative.first_response_at.is_(None),
        )
    )
    late = since < norms.overdue_cutoff(now, norms.INITIATIVE_RESPONSE_DAYS)
    rows, total, overdue = _section(
        base, late, (since, Initiative.id), limit, (joinedload(Initiative.area).joinedload(Area.team),)
    )
    items = []
    for initiative in rows:
        submitted = initiative.submitted_at or initiative.created_at
        due = norms.initiative_due(submitted)
        items.append(
            Waiting(
                INITIATIVES,
                initiative.id,
                initiative.title,
                initiative.area.team,
                submitted,
                due,
                due < now,
                place=initiative.area.name,
            )
        )
    return Section(INITIATIVES, items, total, overdue)


def help_requests(team_ids: list[int], now: datetime, limit: int = LIMIT) -> Section:
    """Open help requests in the teams' areas without a proposed or accepted match; a crisis first."""
    live = exists().where(HelpMatch.request_id == HelpRequest.id, HelpMatch.status.in_(LIVE_MATCH))
    base = (
        select(HelpRequest)
        .join(Area, Area.id == HelpRequest.area_id)
        .join(User, User.id == HelpRequest.user_id)
        .where(Area.team_id.in_(team_ids), HelpRequest.status == OPEN, ~live, User.active.is_(True))
    )
    late = or_(
        HelpRequest.crisis.is_(True),
        and_(
            HelpRequest.urgency == "high",
            HelpRequest.created_at < norms.overdue_cutoff(now, norms.URGENT_HELP_PROPOSAL_DAYS),
        ),
        HelpRequest.created_at < norms.overdue_cutoff(now, norms.HELP_PROPOSAL_DAYS),
    )
    rows, total, overdue = _section(
        base,
        late,
        (HelpRequest.crisis.desc(), HelpRequest.created_at, HelpRequest.id),
        limit,
        (joinedload(HelpRequest.area).joinedload(Area.team),),
    )
    items = []
    for request in rows:
        due = norms.help_request_due(request.created_at, request.urgency, request.crisis)
        items.append(
            Waiting(
                HELP_REQUESTS,
                request.id,
                excerpt(request.description),
                request.area.team,
                request.created_at,
                due,
                request.crisis or due < now,
                place=request.area.name,
                crisis=request.crisis,
                urgent=request.urgency == "high",
                detail={"kind": request.kind},
            )
        )
    return Section(HELP_REQUESTS, items, total, overdue)


def proposals(team_ids: list[int], now: datetime, limit: int = LIMIT) -> Section:
    """Proposed matches in the teams' areas that have waited a week or more for the two sides to answer."""
    base = (
        select(HelpMatch)
        .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
        .join(Area, Area.id == HelpRequest.area_id)
        .where(
            Area.team_id.in_(team_ids),
            HelpMatch.status == PROPOSED,
            HelpMatch.created_at <= now - timedelta(days=norms.PROPOSAL_ANSWER_DAYS),
        )
    )
    rows, total, overdue = _section(
        base,
        true(),
        (HelpMatch.created_at, HelpMatch.id),
        limit,
        (joinedload(HelpMatch.request).joinedload(HelpRequest.area).joinedload(Area.team),),
    )
    items = [
        Waiting(
            PROPOSALS,
            match.id,
            excerpt(match.request.description),
            match.request.area.team,
            match.created_at,
            norms.proposal_due(match.created_at),
            True,
            place=match.request.area.name,
            detail={
                "kind": match.request.kind,
                "request_id": match.request_id,
                "requester_answer": match.requester_answer,
                "helper_answer": match.helper_answer,
            },
        )
        for match in rows
    ]
    return Section(PROPOSALS, items, total, overdue)


def clusters(team_ids: list[int], now: datetime, limit: int = LIMIT) -> Section:
    """Recurring matters (clusters of signals) that are still open: neither taken up in a project nor closed."""
    since = func.coalesce(SignalCluster.recurring_since, SignalCluster.last_at, SignalCluster.created_at)
    base = select(SignalCluster).where(
        SignalCluster.team_id.in_(team_ids),
        SignalCluster.status == signal_models.OPEN,
        SignalCluster.recurring.is_(True),
        SignalCluster.project_id.is_(None),
    )
    late = since < norms.overdue_cutoff(now, norms.RECURRING_DECISION_DAYS)
    rows, total, overdue = _section(base, late, (since, SignalCluster.id), limit, (joinedload(SignalCluster.team),))
    texts = representatives([cluster.id for cluster in rows])
    items = []
    for cluster in rows:
        started = cluster.recurring_since or cluster.last_at or cluster.created_at
        due = norms.recurring_due(started)
        signal = texts.get(cluster.id)
        items.append(
            Waiting(
                CLUSTERS,
                cluster.id,
                excerpt(signal.text) if signal else "",
                cluster.team,
                started,
                due,
                due < now,
                detail={"signals": cluster.signal_count, "reporters": cluster.reporter_count},
            )
        )
    return Section(CLUSTERS, items, total, overdue)
