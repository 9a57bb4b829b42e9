"""A team's inbox settings: the answer-by time in working days and the reply templates. Audit-logged; flush,
never commit."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.teams.models import ReplyTemplate, Team

MIN_DAYS, MAX_DAYS, DEFAULT_DAYS = 1, 20, 2
MAX_TITLE, MAX_TEMPLATE = 120, 5000


def set_answer_days(team: Team, actor, days: int | None) -> Team:
    """The team's answer-by time for new questions, 1 to 20 working days (questions already asked keep theirs)."""
    if days is None or not MIN_DAYS <= days <= MAX_DAYS:
        raise DomainError(
            _("Choose a number of working days from %(min)d to %(max)d.", min=MIN_DAYS, max=MAX_DAYS), "answer_days"
        )
    if team.answer_days != days:
        team.answer_days = days
        record(actor, "team.answer_days", f"team:{team.id}", detail=str(days))
        db.session.flush()
    return team


def _checked(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    if not title or len(title) > MAX_TITLE:
        raise DomainError(_("Give the template a title of at most %(max)d characters.", max=MAX_TITLE), "title")
    if not body or len(body) > MAX_TEMPLATE:
        raise DomainError(_("Write the template's text in at most %(max)d characters.", max=MAX_TEMPLATE), "body")
    return title, body


def add_template(team: Team, actor, title: str, body: str) -> ReplyTemplate:
    title, body = _checked(title, body)
    template = ReplyTemplate(team=team, title=title, body=body)
    db.session.add(template)
    db.session.flush()
    record(actor, "reply_template.added", f"reply_template:{template.id}", detail=team.slug)
    return template


def edit_template(template: ReplyTemplate, actor, title: str, body: str) -> ReplyTemplate:
    template.title, template.body = _checked(title, body)
    record(actor, "reply_template.changed", f"reply_template:{template.id}", detail=template.team.slug)
    db.session.flush()
    return template


def delete_template(template: ReplyTemplate, actor) -> None:
    record(actor, "reply_template.deleted", f"reply_template:{template.id}", detail=template.team.slug)
    db.session.delete(template)
    db.session.flush()
