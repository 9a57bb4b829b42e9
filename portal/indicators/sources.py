"""Where each indicator's items come from: one SELECT per kind of item, with the same labelled columns.

Every source has ``team_id`` and ``area_id`` (the item's place, see the scope rule in ``definitions.py``; NULL
where it has none) and ``at`` (the naive UTC moment that puts the item in a period). Flags are 0/1 integers,
durations come as a ``since`` and ``until`` moment. ``compute.py`` filters these by scope and period and
aggregates them; ``snapshots.py`` groups them per day and place.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Integer, Select, and_, case, cast, func, null, or_, select
from sqlalchemy.orm import aliased

from portal.accounts.models import ROLE_RESIDENT, User
from portal.complaints.models import Complaint
from portal.help.models import ACCEPTED, DONE, HelpMatch, HelpOffer, HelpRequest
from portal.initiatives import lifecycle
from portal.initiatives.models import Initiative, RoleSignup, StatusChange, VolunteerRole
from portal.projects.models import Project, ProjectParticipant
from portal.signals.models import MERGED, Signal, SignalCluster
from portal.teams.models import Area, TeamQuestion

# An item that belongs to a team only has no area; typed, so PostgreSQL compares it with area ids.
NO_AREA = cast(null(), Integer)


# A source without arguments is built once and reused: a Select is immutable (``where``, ``subquery`` and the
# like return new objects), and building one with its joins, labels and conditions costs a few tenths of a
# millisecond, for each of the 17 sources of each period a page computes and each day a snapshot takes.
_built_once = cache


def _flag(condition):
    return case((condition, 1), else_=0)


def _area_team():
    """The team that serves an area today."""
    return Area.team_id


def _both_accepted(match):
    """A match both sides accepted, also when it was ended later (its answers stay)."""
    return or_(
        match.status.in_((ACCEPTED, DONE)),
        and_(match.requester_answer == "yes", match.helper_answer == "yes"),
    )


@_built_once
def help_requests_closed() -> Select:
    """Closed help requests; ``found``: a match both sides accepted; ``since``/``until``: request → acceptance.

    One row per request: its both-accepted matches are joined and the first acceptance taken per request (grouped
    by the request's own columns, so a filter on ``at`` still narrows the requests before the join, through the
    index on ``closed_at``). A correlated subquery per request did the same, but was evaluated again for every
    column and condition that names it, and made PostgreSQL's estimate so high that it compiled the query (JIT).
    """
    match = aliased(HelpMatch)
    accepted_at = func.min(match.decided_at)
    return (
        select(
            _area_team().label("team_id"),
            HelpRequest.area_id.label("area_id"),
            HelpRequest.closed_at.label("at"),
            _flag(accepted_at.is_not(None)).label("found"),
            HelpRequest.created_at.label("since"),
            accepted_at.label("until"),
        )
        .join(Area, Area.id == HelpRequest.area_id)
        .outerjoin(
            match, and_(match.request_id == HelpRequest.id, _both_accepted(match), match.decided_at.is_not(None))
        )
        .where(HelpRequest.closed_at.is_not(None))
        # closed_at and id first: the order in which SQLite reads the index on closed_at, so it needs no sort.
        .group_by(HelpRequest.closed_at, HelpRequest.id, Area.team_id, HelpRequest.area_id, HelpRequest.created_at)
    )


@_built_once
def initiatives_decided() -> Select:
    """Submitted initiatives that are done, declined or withdrawn; ``at``: the (last) step to that status.

    The moment comes from the final status changes grouped per initiative, joined once. As a correlated subquery
    it was evaluated for every final initiative whatever the period (a period filter on it cannot use an index),
    in each of the five periods a year's dashboard computes.
    """
    decided = (
        select(StatusChange.initiative_id.label("initiative_id"), func.max(StatusChange.at).label("at"))
        .where(StatusChange.to_status.in_(lifecycle.FINAL))
        .group_by(StatusChange.initiative_id)
        .subquery("decided")
    )
    return (
        select(
            _area_team().label("team_id"),
            Initiative.area_id.label("area_id"),
            decided.c.at.label("at"),
            _flag(Initiative.status == lifecycle.DONE).label("realised"),
        )
        .join(Area, Area.id == Initiative.area_id)
        .join(decided, decided.c.initiative_id == Initiative.id)
        .where(Initiative.submitted_at.is_not(None), Initiative.status.in_(lifecycle.FINAL))
    )


@_built_once
def initiatives_responded() -> Select:
    """Submitted initiatives the team responded to; ``at``: the first response."""
    return (
        select(
            _area_team().label("team_id"),
            Initiative.area_id.label("area_id"),
            Initiative.first_response_at.label("at"),
            Initiative.submitted_at.label("since"),
            Initiative.first_response_at.label("until"),
        )
        .join(Area, Area.id == Initiative.area_id)
        .where(Initiative.submitted_at.is_not(None), Initiative.first_response_at.is_not(None))
    )


@_built_once
def initiatives_submitted() -> Select:
    return select(
        _area_team().label("team_id"), Initiative.area_id.label("area_id"), Initiative.submitted_at.label("at")
    ).join(Area, Area.id == Initiative.area_id)


@_built_once
def clusters_recurring() -> Select:
    """Recurring clusters (not merged); ``at``: when they became recurring; ``taken_up``: in a project now."""
    return select(
        SignalCluster.team_id.label("team_id"),
        NO_AREA.label("area_id"),
        SignalCluster.recurring_since.label("at"),
        _flag(SignalCluster.project_id.is_not(None)).label("taken_up"),
    ).where(SignalCluster.recurring.is_(True), SignalCluster.status != MERGED)


def projects(moment) -> Select:
    """Projects with ``at`` = ``moment`` (Project.created_at or Project.finished_at)."""
    return select(Project.team_id.label("team_id"), Project.area_id.label("area_id"), moment.label("at"))


@_built_once
def projects_running() -> Select:
    """Projects with ``at`` = their start and ``until`` = their end (NULL while they run)."""
    return select(
        Project.team_id.label("team_id"),
        Project.area_id.label("area_id"),
        Project.created_at.label("at"),
        Project.finished_at.label("until"),
    )


@_built_once
def project_joins() -> Select:
    return select(
        Project.team_id.label("team_id"),
        Project.area_id.label("area_id"),
        ProjectParticipant.joined_at.label("at"),
        ProjectParticipant.user_id.label("user_id"),
    ).join(Project, Project.id == ProjectParticipant.project_id)


@_built_once
def helpers_accepted() -> Select:
    """The helpers of matches both sides accepted; ``at``: the acceptance; the place: the request's."""
    return (
        select(
            _area_team().label("team_id"),
            HelpRequest.area_id.label("area_id"),
            HelpMatch.decided_at.label("at"),
            HelpOffer.user_id.label("user_id"),
        )
        .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
        .join(HelpOffer, HelpOffer.id == HelpMatch.offer_id)
        .join(Area, Area.id == HelpRequest.area_id)
        .where(_both_accepted(HelpMatch), HelpMatch.decided_at.is_not(None))
    )


@_built_once
def role_signups() -> Select:
    return (
        select(
            _area_team().label("team_id"),
            Initiative.area_id.label("area_id"),
            RoleSignup.created_at.label("at"),
            RoleSignup.user_id.label("user_id"),
        )
        .join(VolunteerRole, VolunteerRole.id == RoleSignup.role_id)
        .join(Initiative, Initiative.id == VolunteerRole.initiative_id)
        .join(Area, Area.id == Initiative.area_id)
    )


@_built_once
def questions_answered() -> Select:
    """Questions with a first reply; ``at``: that reply; ``in_time``/``timed``: against the answer-by time."""
    return select(
        TeamQuestion.team_id.label("team_id"),
        NO_AREA.label("area_id"),
        TeamQuestion.answered_at.label("at"),
        _flag(and_(TeamQuestion.due_at.is_not(None), TeamQuestion.answered_at <= TeamQuestion.due_at)).label("in_time"),
        _flag(TeamQuestion.due_at.is_not(None)).label("timed"),
        TeamQuestion.created_at.label("since"),
        TeamQuestion.answered_at.label("until"),
    ).where(TeamQuestion.answered_at.is_not(None))


def complaints_filed(now) -> Select:
    """Complaints; ``at``: received; flags as ``portal.complaints.queries.figures_per_team`` counts them."""
    answered = Complaint.answered_at.is_not(None)
    return select(
        Complaint.team_id.label("team_id"),
        NO_AREA.label("area_id"),
        Complaint.created_at.label("at"),
        _flag(and_(answered, Complaint.answered_at <= Complaint.due_at)).label("in_time"),
        _flag(or_(answered, Complaint.due_at < now)).label("due"),
    )


@_built_once
def residents_registered() -> Select:
    return (
        select(Area.team_id.label("team_id"), User.area_id.label("area_id"), User.created_at.label("at"))
        .outerjoin(Area, Area.id == User.area_id)
        .where(User.role == ROLE_RESIDENT)
    )


@_built_once
def signals_reported() -> Select:
    return select(Signal.team_id.label("team_id"), Signal.area_id.label("area_id"), Signal.created_at.label("at"))


@_built_once
def help_offers_made() -> Select:
    return select(
        Area.team_id.label("team_id"), HelpOffer.area_id.label("area_id"), HelpOffer.created_at.label("at")
    ).outerjoin(Area, Area.id == HelpOffer.area_id)


VOLUNTEER_SOURCES = (helpers_accepted, role_signups, project_joins)
