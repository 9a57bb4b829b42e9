"""The outbox's share of data rights and retention: the mails sent to a person.

"Download my data" includes every mail the outbox holds for the person's address; deleting the account
deletes them (address and body), sent or not. Delivered mail, and mail given up on, is deleted after
``OUTBOX_RETENTION_DAYS``.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select

from portal import events
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.outbox.services import MAX_ATTEMPTS


def _to(address: str):
    return func.lower(OutboxMessage.recipient) == address.strip().lower()


def _when(value) -> str | None:
    return value.isoformat() + "Z" if value else None


@events.account_deleting.connect
def forget_mails(user, **_) -> None:
    db.session.execute(delete(OutboxMessage).where(_to(user.email)), execution_options={"synchronize_session": False})


@events.personal_data_requested.connect
def mails_data(user, **_) -> dict:
    mails = db.session.scalars(select(OutboxMessage).where(_to(user.email)).order_by(OutboxMessage.id))
    return {
        "mails_sent_to_me": [
            {
                "to": mail.recipient,
                "subject": mail.subject,
                "text": mail.body,
                "queued_at": _when(mail.created_at),
                "sent_at": _when(mail.sent_at),
            }
            for mail in mails
        ]
    }


@events.retention_due.connect
def purge_old_mail(now, **_) -> dict:
    """Delete mail delivered (or given up on) more than OUTBOX_RETENTION_DAYS ago."""
    cutoff = now - timedelta(days=current_app.config["OUTBOX_RETENTION_DAYS"])
    delivered = OutboxMessage.sent_at < cutoff
    given_up = (OutboxMessage.sent_at.is_(None)) & (OutboxMessage.attempts >= MAX_ATTEMPTS)
    result = db.session.execute(
        delete(OutboxMessage).where(or_(delivered, given_up & (OutboxMessage.next_attempt_at < cutoff))),
        execution_options={"synchronize_session": False},
    )
    return {"outbox_mails_deleted": result.rowcount}
