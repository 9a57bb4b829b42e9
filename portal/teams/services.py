"""Verbs of the teams feature: ask a team a question, mark a question answered. Flush, never commit."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.teams.forms import MAX_CONTACT, MAX_MESSAGE, MAX_NAME, normalise_contact
from portal.teams.models import Team, TeamQuestion
from portal.timeutil import utcnow

# A confirmation goes to an address anyone may type: at most this many mails a day reach one address this way
# (counted in the outbox, so across processes), and the route limits the questions that mail per IP.
MAILS_PER_ADDRESS = 5
MAILS_PER_IP = "5 per hour; 10 per day"


def ask_team(team: Team, *, name: str, contact: str, message: str, language: str, user=None) -> TeamQuestion:
    """Store a resident's question for ``team``; confirm by e-mail when the contact is an address.

    The confirmation repeats nothing the sender typed, so the form cannot be used to send
    someone else a text of the sender's choosing; an address that had MAILS_PER_ADDRESS mails in the
    last day gets none (the question is stored all the same).
    """
    name, message = (name or "").strip(), (message or "").strip()
    normalised = normalise_contact(contact or "")
    if not name or len(name) > MAX_NAME:
        raise DomainError(_("Enter your name (at most %(max)d characters).", max=MAX_NAME), "name")
    if normalised is None or len(normalised) > MAX_CONTACT:
        raise DomainError(_("Enter an e-mail address or a phone number."), "contact")
    if not message or len(message) > MAX_MESSAGE:
        raise DomainError(_("Write your question in at most %(max)d characters.", max=MAX_MESSAGE), "message")
    question = TeamQuestion(
        team=team,
        user_id=getattr(user, "id", None),
        name=name,
        contact=normalised,
        message=message,
        language=language,
    )
    db.session.add(question)
    db.session.flush()
    if "@" in normalised and mails_to(normalised) < MAILS_PER_ADDRESS:
        _queue_confirmation(team, normalised, language)
    return question


def mails_to(address: str, now: datetime | None = None) -> int:
    """How many mails went to ``address`` (in any case) in the last 24 hours, as the outbox holds them."""
    since = (now or utcnow()) - timedelta(days=1)
    query = select(func.count()).where(
        func.lower(OutboxMessage.recipient) == address.strip().lower(), OutboxMessage.created_at >= since
    )
    return db.session.scalar(query) or 0


def _queue_confirmation(team: Team, address: str, language: str) -> None:
    # Built in Python, not a .txt template, so that every sentence is extracted for translation.
    from portal.outbox.services import queue_mail

    with force_locale(language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Your question to %(team)s", team=team.name)
        paragraphs = [
            _("Hello,"),
            _(
                "We have received your question to %(team)s. Someone from the team will answer you at this "
                "e-mail address.",
                team=team.name,
            ),
            _(
                "This is an automatic message; you do not need to reply. If you did not send a question, you can "
                "ignore this e-mail."
            ),
            _(
                "In an emergency call 112. Worried about domestic violence or child abuse: Veilig Thuis 0800-2000. "
                "Thinking about suicide: 113 (0800-0113)."
            ),
            _("Buurtportaal"),
        ]
    queue_mail(address, subject, "\n\n".join(paragraphs) + "\n")


def mark_answered(question: TeamQuestion, actor, answered: bool = True) -> TeamQuestion:
    """Mark a question answered by ``actor``, or open it again; both are written to the audit log."""
    if answered == question.is_answered:
        return question
    question.answered_at = utcnow() if answered else None
    question.answered_by = actor if answered else None
    action = "team_question.answered" if answered else "team_question.reopened"
    record(actor, action, f"team_question:{question.id}", detail=question.team.slug)
    db.session.flush()
    return question
