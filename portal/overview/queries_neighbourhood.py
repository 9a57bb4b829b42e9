"""What "Mijn buurt" shows a resident: their team, their own things, and what happens near them.

Every list is a few rows (``LIMIT``) read in one query each, one more than shown so the page knows whether
to link to the whole list; nothing here grows with the number of rows. What is shown of other residents'
matters is only what their public pages show (public help requests, public initiatives and projects).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.complaints.models import Complaint
from portal.extensions import db
from portal.help import matching
from portal.help.models import PROPOSED, HelpMatch, HelpOffer, HelpRequest
from portal.help.queries import Filters as HelpFilters
from portal.help.queries import requests_near
from portal.help.services_suggestions import available_offers, offer_facts, request_facts
from portal.initiatives import lifecycle
from portal.initiatives.agenda import AgendaItem, agenda_items, start_of_today
from portal.initiatives.models import Initiative, Support
from portal.projects.models import RUNNING, STARTING, Project, ProjectParticipant
from portal.signals.models import Signal, SignalCluster
from portal.signals.services_reporters import Progress, progress
from portal.teams.models import Area, Team, TeamQuestion, TeamQuestionMessage

LIMIT = 5
AGENDA_ITEMS = 5
HELP_CANDIDATES = 200  # the newest public requests of the offer's kinds that are weighed for a resident


@dataclass(frozen=True)
class Few:
    """The first rows of a list, and whether there are more."""

    items: list
    more: bool

    def __bool__(self) -> bool:
        return bool(self.items)


def few(query: Select, limit: int = LIMIT) -> Few:
    rows = list(db.session.scalars(query.limit(limit + 1)))
    return Few(rows[:limit], len(rows) > limit)


# --------------------------------------------------------------------------- where the resident lives


def home_area_ids(user) -> list[int]:
    """The neighbourhoods of the resident's team (their own neighbourhood if it has no team); [] without a home."""
    if user.area_id is None:
        return []
    team = user.home_team
    if team is None:
        return [user.area_id]
    return list(db.session.scalars(select(Area.id).where(Area.team_id == team.id)))


# --------------------------------------------------------------------------- their own things


def own_initiatives(user) -> Few:
    return few(
        select(Initiative)
        .where(Initiative.initiator_id == user.id)
        .options(joinedload(Initiative.area))
        .order_by(Initiative.updated_at.desc(), Initiative.id.desc())
    )


def own_help_requests(user) -> Few:
    return few(
        select(HelpRequest)
        .where(HelpRequest.user_id == user.id)
        .options(joinedload(HelpRequest.area))
        .order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc())
    )


def own_help_offers(user) -> Few:
    return few(
        select(HelpOffer)
        .where(HelpOffer.user_id == user.id)
        .options(joinedload(HelpOffer.area))
        .order_by(HelpOffer.created_at.desc(), HelpOffer.id.desc())
    )


def matches_to_answer(user) -> int:
    """Proposed matches in which ``user`` (as requester or helper) has not said yes or no yet."""
    mine_asked = exists().where(
        HelpRequest.id == HelpMatch.request_id, HelpRequest.user_id == user.id, HelpMatch.requester_answer.is_(None)
    )
    mine_offered = exists().where(
        HelpOffer.id == HelpMatch.offer_id, HelpOffer.user_id == user.id, HelpMatch.helper_answer.is_(None)
    )
    query = select(func.count()).select_from(HelpMatch)
    query = query.where(HelpMatch.status == PROPOSED, or_(mine_asked, mine_offered))
    return db.session.scalar(query) or 0


def own_signals(user) -> tuple[Few, dict[int, Progress]]:
    """The resident's latest signals and what became of each (their cluster and its project loaded at once)."""
    signals = few(
        select(Signal)
        .where(Signal.reporter_id == user.id)
        .options(
            selectinload(Signal.cluster).selectinload(SignalCluster.project),
            joinedload(Signal.area),
            joinedload(Signal.team),
        )
        .order_by(Signal.created_at.desc(), Signal.id.desc())
    )
    return signals, {signal.id: progress(signal) for signal in signals.items}


def own_projects(user) -> Few:
    return few(
        select(Project)
        .join(ProjectParticipant, ProjectParticipant.project_id == Project.id)
        .where(ProjectParticipant.user_id == user.id)
        .options(joinedload(Project.team))
        .order_by(ProjectParticipant.joined_at.desc())
    )


def own_questions(user) -> tuple[Few, dict[int, TeamQuestionMessage]]:
    """The resident's questions to teams, the newest first, with the team's latest reply to each (never a note
    the team wrote for itself)."""
    questions = few(
        select(TeamQuestion)
        .where(TeamQuestion.user_id == user.id)
        .options(joinedload(TeamQuestion.team))
        .order_by(TeamQuestion.created_at.desc(), TeamQuestion.id.desc())
    )
    ids = [question.id for question in questions.items]
    replies: dict[int, TeamQuestionMessage] = {}
    if ids:
        rows = db.session.scalars(
            select(TeamQuestionMessage)
            .where(
                TeamQuestionMessage.question_id.in_(ids),
                TeamQuestionMessage.from_team.is_(True),
                TeamQuestionMessage.internal.is_(False),
            )
            .order_by(TeamQuestionMessage.created_at, TeamQuestionMessage.id)
        )
        replies = {message.question_id: message for message in rows}  # the latest one wins
    return questions, replies


def own_complaints(user) -> Few:
    return few(
        select(Complaint)
        .where(Complaint.user_id == user.id)
        .options(joinedload(Complaint.team))
        .order_by(Complaint.created_at.desc(), Complaint.id.desc())
    )


# --------------------------------------------------------------------------- what happens near them


def coming_agenda(area_ids: list[int], limit: int = AGENDA_ITEMS) -> list[AgendaItem]:
    """The next events (from today on) in these neighbourhoods, from every agenda source."""
    if not area_ids:
        return []
    return agenda_items(area_ids, start_of_today(), limit=limit)  # each source reads at most `limit` rows


def initiatives_to_support(user, area_ids: list[int]) -> Few:
    """Other residents' initiatives in these neighbourhoods that go ahead or wait for support, and that the
    resident does not support yet; the newest first."""
    if not area_ids:
        return Few([], False)
    supported = exists().where(Support.initiative_id == Initiative.id, Support.user_id == user.id)
    return few(
        select(Initiative)
        .where(
            Initiative.area_id.in_(area_ids),
            Initiative.status.in_((lifecycle.SUBMITTED, lifecycle.IN_CONVERSATION, lifecycle.PLANNED)),
            or_(Initiative.initiator_id.is_(None), Initiative.initiator_id != user.id),
            ~supported,
        )
        .options(joinedload(Initiative.area))
        .order_by(func.coalesce(Initiative.submitted_at, Initiative.created_at).desc(), Initiative.id.desc())
    )


def projects_to_join(user, team: Team | None) -> Few:
    """The team's starting and running projects the resident has not joined."""
    if team is None:
        return Few([], False)
    joined = exists().where(ProjectParticipant.project_id == Project.id, ProjectParticipant.user_id == user.id)
    return few(
        select(Project)
        .where(Project.team_id == team.id, Project.status.in_((STARTING, RUNNING)), ~joined)
        .options(joinedload(Project.area))
        .order_by(Project.created_at.desc(), Project.id.desc())
    )


def requests_for_my_offers(user, now: datetime | None = None, limit: int = LIMIT) -> list[HelpRequest]:
    """Help requests that one of the resident's own offers could take, as the matching rules judge (kind, reach,
    a free place), the newest first. Only requests the help list shows this resident are considered: listed,
    not held for the team, and near their home (help.queries.requests_near)."""
    offers = list(db.session.scalars(available_offers().where(HelpOffer.user_id == user.id)))
    if not offers:
        return []
    facts = [offer_facts(offer) for offer in offers]
    kinds = {kind for fact in facts for kind in fact.kinds}
    query = requests_near(user, HelpFilters()).where(HelpRequest.kind.in_(kinds), HelpRequest.user_id != user.id)
    found = []
    for request in db.session.scalars(query.limit(HELP_CANDIDATES)):
        wanted = request_facts(request)
        if any(matching.eligible(wanted, fact) for fact in facts):
            found.append(request)
            if len(found) == limit:
                break
    return found
