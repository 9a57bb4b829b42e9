"""The conversation on an initiative: comments, updates, reports and moderation.

Residents comment; the initiator and the team's worker also post updates. Anyone logged in
may report a message once; three reports hide it until a worker has looked. The workers of the
initiative's team are told twice at most per message: at its first report, and when reports hide it
(not at every report: the queue shows the count). Services flush; the view commits.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.initiatives import lifecycle, permissions
from portal.initiatives import notification_kinds as kinds
from portal.initiatives.models import Initiative, InitiativeMessage, MessageReport
from portal.initiatives.services import link_to, notify, notify_team
from portal.timeutil import utcnow

COMMENT, UPDATE = "comment", "update"
REPORTS_TO_HIDE = 3
AUTO_HIDDEN = "reports"  # hidden_reason when the reports hid it, not a worker
CLOSED = (lifecycle.DRAFT, lifecycle.DECLINED, lifecycle.WITHDRAWN)


def may_post_updates(user, initiative: Initiative) -> bool:
    return permissions.is_initiator(user, initiative) or permissions.is_team_worker(user, initiative)


def post_message(user, initiative: Initiative, body: str, kind: str = COMMENT) -> InitiativeMessage:
    """Add a comment (anyone logged in) or an update (the initiator and the team only)."""
    body = (body or "").strip()
    if not body:
        raise DomainError(_l("Write a message."), "body")
    if kind not in (COMMENT, UPDATE):
        raise DomainError(_l("Choose the kind of message."), "kind")
    if kind == UPDATE and not may_post_updates(user, initiative):
        raise DomainError(_l("Only the initiator and the team post updates."), "kind")
    if initiative.status in CLOSED and not may_post_updates(user, initiative):
        raise DomainError(_l("This initiative is closed for comments."), "body")
    message = InitiativeMessage(initiative_id=initiative.id, author_id=user.id, kind=kind, body=body)
    db.session.add(message)
    db.session.flush()
    if initiative.initiator is not None and initiative.initiator_id != user.id:
        notify(
            initiative.initiator,
            kinds.INITIATIVE_COMMENT,
            {"title": initiative.title, "author": user.first_name, "excerpt": kinds.excerpt(body)},
            f"{link_to(initiative)}#message-{message.id}",
        )
    return message


def report_message(user, message: InitiativeMessage, reason: str | None = None) -> MessageReport:
    """Report a message as inappropriate, once per person; the third report hides it."""
    if message.author_id == user.id:
        raise DomainError(_l("You cannot report your own message."), "reason")
    if db.session.scalar(
        select(MessageReport.id).where(MessageReport.message_id == message.id, MessageReport.user_id == user.id)
    ):
        raise DomainError(_l("You have already reported this message."), "reason")
    report = MessageReport(message_id=message.id, user_id=user.id, reason=(reason or "").strip() or None)
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:  # twice at the same moment; the caller rolls back
        raise DomainError(_l("You have already reported this message."), "reason") from None
    db.session.execute(
        update(InitiativeMessage)
        .where(InitiativeMessage.id == message.id)
        .values(report_count=InitiativeMessage.report_count + 1),
        execution_options={"synchronize_session": False},
    )
    db.session.refresh(message)
    hides = message.report_count >= REPORTS_TO_HIDE and message.reviewed_at is None and not message.hidden
    if hides:
        message.hidden, message.hidden_reason = True, AUTO_HIDDEN
        db.session.flush()
    if message.report_count == 1 or hides:
        initiative = message.initiative
        params = {"title": initiative.title, "count": message.report_count, "hidden": hides}
        link = f"{link_to(initiative)}#message-{message.id}"
        notify_team(initiative, kinds.INITIATIVE_REPORTED, params, link, exclude=user)
    return report


def hide_message(user, message: InitiativeMessage, reason: str | None = None) -> InitiativeMessage:
    """A worker of the team hides a message; others then see "hidden by a moderator"."""
    _ensure_moderator(user, message)
    message.hidden = True
    message.hidden_reason = (reason or "").strip()[:200] or None
    message.reviewed_at = utcnow()
    db.session.flush()
    record(user, "initiative.message.hide", f"initiative_message:{message.id}", message.hidden_reason)
    return message


def restore_message(user, message: InitiativeMessage) -> InitiativeMessage:
    """A worker restores a hidden or reported message; reports no longer hide it by themselves."""
    _ensure_moderator(user, message)
    message.hidden, message.hidden_reason = False, None
    message.reviewed_at = utcnow()
    db.session.flush()
    record(user, "initiative.message.restore", f"initiative_message:{message.id}")
    return message


def _ensure_moderator(user, message: InitiativeMessage) -> None:
    if not permissions.is_team_worker(user, message.initiative):
        raise DomainError(_l("Only a worker of the team can hide or restore messages."))
