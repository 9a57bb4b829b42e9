"""Verbs of the team inbox: welcome a new question, assign, change status, reply, note, answer back.

Workers' changes are written to the audit log; nothing here commits (the view does, once). A reply reaches
the resident by mail (an e-mail contact, with the private link) and in the app (an account); an answer back
reaches the assigned worker, or else every worker of the team.
"""

from __future__ import annotations

from flask_babel import gettext as _

from portal import workdays
from portal.accounts.models import User
from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.inbox import mails, notification_kinds
from portal.inbox.links import secret_for
from portal.notifications.services import notify, notify_team_workers, workers_of
from portal.teams.models import (
    QUESTION_ANSWERED,
    QUESTION_CLOSED,
    QUESTION_IN_PROGRESS,
    QUESTION_NEW,
    QUESTION_STATUSES,
    TeamQuestion,
    TeamQuestionMessage,
)
from portal.teams.queries import reference
from portal.timeutil import utcnow

MAX_BODY = 5000
OPEN_STATUSES = (QUESTION_NEW, QUESTION_IN_PROGRESS)


def worker_link(question: TeamQuestion) -> str:
    """The path of the question's page in the team inbox (works outside a request)."""
    return f"/teams/{question.team.slug}/inbox/{question.id}"


def owner_link(question: TeamQuestion) -> str:
    """The path of the asker's own page of the question (for an asker with an account)."""
    return f"/questions/{question.id}"


def _subject(question: TeamQuestion) -> str:
    return f"team_question:{question.id}"


def _text(body: str, field: str = "body") -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write a message."), field)
    if len(body) > MAX_BODY:
        raise DomainError(_("Use at most %(max)d characters.", max=MAX_BODY), field)
    return body


# --------------------------------------------------------------------------- a new question


def welcome(question: TeamQuestion, *, may_mail: bool) -> None:
    """A question has just been asked: give it its private link, confirm it to an e-mail contact (when the
    address may have one more mail today) and tell every worker of the team."""
    secret_for(question)
    if may_mail and "@" in question.contact:
        mails.confirmation(question)
    params = {
        "team": question.team.name,
        "reference": reference(question.id),
        "due": question.due_at.isoformat() if question.due_at else None,
    }
    notify_team_workers(question.team, notification_kinds.QUESTION_NEW, params, worker_link(question))
    db.session.flush()


# --------------------------------------------------------------------------- workers' changes


def assign(question: TeamQuestion, actor, worker) -> TeamQuestion:
    """Give the question to ``worker`` (one of the team's workers), or to nobody (``None``). A new question
    that gets someone is in progress."""
    if worker is not None and worker not in workers_of(question.team):
        raise DomainError(_("Choose a worker of this team."), "worker")
    if question.assigned_to_id == getattr(worker, "id", None):
        return question
    question.assigned_to = worker
    if worker is not None and question.status == QUESTION_NEW:
        question.status = QUESTION_IN_PROGRESS
    record(actor, "team_question.assigned", _subject(question), detail=worker.name if worker else "")
    db.session.flush()
    if worker is not None and worker.id != getattr(actor, "id", None):
        due = question.answer_by
        params = {
            "team": question.team.name,
            "reference": reference(question.id),
            "by": actor.name,
            "due": due.isoformat() if due else None,
        }
        notify(worker, notification_kinds.QUESTION_ASSIGNED, params, worker_link(question))
    return question


def change_status(question: TeamQuestion, actor, status: str) -> TeamQuestion:
    """Set the question's status; closing stamps ``closed_at``, opening again clears it."""
    if status not in QUESTION_STATUSES:
        raise DomainError(_("Choose a status from the list."), "status")
    if status == question.status:
        return question
    if status == QUESTION_ANSWERED and not question.is_answered:
        raise DomainError(_("Write a reply first: a question is answered when the team has replied."), "status")
    question.status = status
    question.closed_at = utcnow() if status == QUESTION_CLOSED else None
    record(actor, f"team_question.{status}", _subject(question), detail=question.team.slug)
    db.session.flush()
    return question


def reply(question: TeamQuestion, actor, body: str) -> TeamQuestionMessage:
    """The team answers the resident: the message is stored, the question is answered (the first reply stamps
    ``answered_at``/``answered_by``, which the indicators compare with ``due_at``), and the resident hears."""
    body = _text(body)
    now = utcnow()
    message = TeamQuestionMessage(question=question, author=actor, from_team=True, body=body, created_at=now)
    db.session.add(message)
    if question.answered_at is None:
        question.answered_at, question.answered_by = now, actor
    question.status, question.closed_at = QUESTION_ANSWERED, None
    if question.assigned_to_id is None and actor in workers_of(question.team):
        question.assigned_to = actor
    record(actor, "team_question.replied", _subject(question), detail=question.team.slug)
    db.session.flush()
    _tell_the_asker(question, message)
    return message


def _tell_the_asker(question: TeamQuestion, message: TeamQuestionMessage) -> None:
    """An asker with an account hears in the app (and by mail as they chose); an asker who left an e-mail
    address without an account gets the reply mailed with the private link; a phone number: the team calls."""
    owner = db.session.get(User, question.user_id) if question.user_id is not None else None
    params = {"team": question.team.name, "reference": reference(question.id)}
    if owner is not None and owner.active:
        notify(owner, notification_kinds.QUESTION_REPLIED, params, owner_link(question))
    elif "@" in (question.contact or ""):
        mails.reply(question, message)


def note(question: TeamQuestion, actor, body: str) -> TeamQuestionMessage:
    """A note for the team's workers only: never shown to the resident, never mailed, never exported for them."""
    message = TeamQuestionMessage(question=question, author=actor, from_team=True, internal=True, body=_text(body))
    db.session.add(message)
    record(actor, "team_question.noted", _subject(question), detail=question.team.slug)
    db.session.flush()
    return message


# --------------------------------------------------------------------------- the resident's side


def answer_back(question: TeamQuestion, body: str) -> TeamQuestionMessage:
    """The asker writes back (on their own page or through the private link): the question is in progress
    again, and the assigned worker (or else every worker of the team) is told. A closed question is not
    answered back."""
    if question.status == QUESTION_CLOSED:
        raise DomainError(_("This question is closed. Ask the team a new question if you need more help."), "body")
    message = TeamQuestionMessage(
        question=question, author_id=question.user_id, from_team=False, body=_text(body), created_at=utcnow()
    )
    db.session.add(message)
    question.status = QUESTION_IN_PROGRESS
    # The team answers this one within its norm from now; the first reply's norm (due_at) stays as it was.
    question.reply_due_at = workdays.due_at(message.created_at, question.team.answer_days)
    db.session.flush()
    params = {"team": question.team.name, "reference": reference(question.id)}
    assigned = question.assigned_to
    if assigned is not None and assigned.active and assigned in workers_of(question.team):
        notify(assigned, notification_kinds.QUESTION_ANSWER_BACK, params, worker_link(question))
    else:
        notify_team_workers(question.team, notification_kinds.QUESTION_ANSWER_BACK, params, worker_link(question))
    return message
