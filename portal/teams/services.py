"""Verbs of the teams feature: ask a team a question, mark a question answered. Flush, never commit."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.teams.forms import MAX_CONTACT, MAX_MESSAGE, MAX_NAME, normalise_contact
from portal.teams.models import Team, TeamQuestion
from portal.timeutil import utcnow


def ask_team(team: Team, *, name: str, contact: str, message: str, language: str, user=None) -> TeamQuestion:
    """Store a resident's question for ``team``; confirm by e-mail when the contact is an address.

    The confirmation repeats nothing the sender typed, so the form cannot be used to send
    someone else a text of the sender's choosing.
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
    if "@" in normalised:
        _queue_confirmation(team, normalised, language)
    return question


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
