"""Verbs of the teams feature: ask a team a question. Flush, never commit.

What happens to a question afterwards (its private link, the confirmation, the workers told, replies) is the
inbox feature's work: it answers ``events.team_question_asked``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal import events, workdays
from portal.errors import DomainError
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.teams.forms import MAX_CONTACT, MAX_MESSAGE, MAX_NAME, normalise_contact
from portal.teams.models import QUESTION_NEW, Team, TeamQuestion
from portal.timeutil import utcnow

# A confirmation goes to an address anyone may type: at most this many mails a day reach one address this way
# (counted in the outbox, so across processes), and the route limits the questions that mail per IP.
MAILS_PER_ADDRESS = 5
MAILS_PER_IP = "5 per hour; 10 per day"


def ask_team(team: Team, *, name: str, contact: str, message: str, language: str, user=None) -> TeamQuestion:
    """Store a resident's question for ``team``, due within the team's answer days, and announce it.

    The inbox confirms it by e-mail when the contact is an address (repeating nothing the sender typed, so
    the form cannot be used to send someone else a text of the sender's choosing); an address that had
    MAILS_PER_ADDRESS mails in the last day gets none (the question is stored all the same).
    """
    name, message = (name or "").strip(), (message or "").strip()
    normalised = normalise_contact(contact or "")
    if not name or len(name) > MAX_NAME:
        raise DomainError(_("Enter your name (at most %(max)d characters).", max=MAX_NAME), "name")
    if normalised is None or len(normalised) > MAX_CONTACT:
        raise DomainError(_("Enter an e-mail address or a phone number."), "contact")
    if not message or len(message) > MAX_MESSAGE:
        raise DomainError(_("Write your question in at most %(max)d characters.", max=MAX_MESSAGE), "message")
    now = utcnow()
    question = TeamQuestion(
        team=team,
        user_id=getattr(user, "id", None),
        name=name,
        contact=normalised,
        message=message,
        language=language,
        status=QUESTION_NEW,
        created_at=now,
        due_at=workdays.due_at(now, team.answer_days or 2),
    )
    db.session.add(question)
    db.session.flush()
    may_mail = "@" in normalised and mails_to(normalised) < MAILS_PER_ADDRESS
    events.team_question_asked.send(question, may_mail=may_mail)
    return question


def mails_to(address: str, now: datetime | None = None) -> int:
    """How many mails went to ``address`` (in any case) in the last 24 hours, as the outbox holds them."""
    since = (now or utcnow()) - timedelta(days=1)
    query = select(func.count()).where(
        func.lower(OutboxMessage.recipient) == address.strip().lower(), OutboxMessage.created_at >= since
    )
    return db.session.scalar(query) or 0
