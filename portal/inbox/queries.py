"""Read functions of the team inbox: the filtered list, one question and its conversation, templates, and an
asker's own questions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import abort
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.notifications.services import workers_of
from portal.paging import ListFilters
from portal.teams.models import (
    QUESTION_ANSWERED,
    QUESTION_CLOSED,
    QUESTION_IN_PROGRESS,
    QUESTION_NEW,
    ReplyTemplate,
    Team,
    TeamQuestion,
    TeamQuestionMessage,
)
from portal.timeutil import utcnow

PER_PAGE = 25
OPEN, OVERDUE, MINE, ALL = "open", "overdue", "mine", "all"
# The inbox's filters, in the order the page offers them.
SHOWS = (OPEN, QUESTION_NEW, QUESTION_IN_PROGRESS, QUESTION_ANSWERED, QUESTION_CLOSED, OVERDUE, MINE, ALL)
OPEN_STATUSES = (QUESTION_NEW, QUESTION_IN_PROGRESS)


@dataclass(frozen=True)
class InboxFilters(ListFilters):
    show: str = OPEN

    @classmethod
    def from_args(cls, args: Mapping) -> InboxFilters:
        return cls.paged(args, show=cls.choice(args, "show", SHOWS, OPEN))


def is_overdue(question: TeamQuestion, now: datetime | None = None) -> bool:
    """Open (new or in progress) and past its answer-by time."""
    due = question.answer_by
    return question.status in OPEN_STATUSES and due is not None and due < (now or utcnow())


def _condition(show: str, user, now: datetime):
    if show == OPEN:
        return TeamQuestion.status.in_(OPEN_STATUSES)
    if show == OVERDUE:
        return TeamQuestion.status.in_(OPEN_STATUSES) & (TeamQuestion.answer_by < now)
    if show == MINE:
        return (TeamQuestion.assigned_to_id == user.id) & (TeamQuestion.status != QUESTION_CLOSED)
    if show == ALL:
        return None
    return TeamQuestion.status == show


def inbox_query(team: Team, show: str, user, now: datetime | None = None) -> Select:
    """The team's questions for one filter, oldest answer-by time first (then the oldest question)."""
    query = select(TeamQuestion).where(TeamQuestion.team_id == team.id)
    condition = _condition(show, user, now or utcnow())
    if condition is not None:
        query = query.where(condition)
    return query.options(selectinload(TeamQuestion.assigned_to)).order_by(
        TeamQuestion.answer_by.is_(None), TeamQuestion.answer_by, TeamQuestion.created_at, TeamQuestion.id
    )


def inbox_counts(team: Team, user, now: datetime | None = None) -> dict[str, int]:
    """How many questions each filter shows, counted in one pass over the team's questions."""
    now = now or utcnow()
    counts = []
    for show in SHOWS:
        condition = _condition(show, user, now)
        counts.append(func.count() if condition is None else func.count().filter(condition))
    row = db.session.execute(select(*counts).where(TeamQuestion.team_id == team.id)).one()
    return {show: count or 0 for show, count in zip(SHOWS, row, strict=True)}


def question_or_404(team: Team, question_id: int) -> TeamQuestion:
    """The question, only when it was sent to this team (never another team's)."""
    question = db.session.get(TeamQuestion, question_id)
    if question is None or question.team_id != team.id:
        abort(404)
    return question


def conversation(question: TeamQuestion, *, with_notes: bool) -> list[TeamQuestionMessage]:
    """The question's messages in order; internal notes only ``with_notes`` (for the team's workers)."""
    query = select(TeamQuestionMessage).where(TeamQuestionMessage.question_id == question.id)
    if not with_notes:
        query = query.where(TeamQuestionMessage.internal.is_(False))
    query = query.options(selectinload(TeamQuestionMessage.author))
    return list(db.session.scalars(query.order_by(TeamQuestionMessage.created_at, TeamQuestionMessage.id)))


def templates_of(team: Team) -> list[ReplyTemplate]:
    return list(
        db.session.scalars(
            select(ReplyTemplate)
            .where(ReplyTemplate.team_id == team.id)
            .order_by(ReplyTemplate.title, ReplyTemplate.id)
        )
    )


def template_or_404(team: Team, template_id: int) -> ReplyTemplate:
    template = db.session.get(ReplyTemplate, template_id) if 0 < template_id else None
    if template is None or template.team_id != team.id:
        abort(404)
    return template


def team_workers(team: Team) -> list:
    """The workers a question of ``team`` can be assigned to, by name."""
    return sorted(workers_of(team), key=lambda user: (user.name or "").lower())


def questions_of(user) -> list[TeamQuestion]:
    """The questions ``user`` sent while logged in, newest first."""
    query = (
        select(TeamQuestion)
        .where(TeamQuestion.user_id == user.id)
        .options(selectinload(TeamQuestion.team))
        .order_by(TeamQuestion.created_at.desc(), TeamQuestion.id.desc())
    )
    return list(db.session.scalars(query))


def last_reply_at(question: TeamQuestion) -> datetime | None:
    query = select(func.max(TeamQuestionMessage.created_at)).where(
        TeamQuestionMessage.question_id == question.id,
        TeamQuestionMessage.from_team.is_(True),
        TeamQuestionMessage.internal.is_(False),
    )
    return db.session.scalar(query)
