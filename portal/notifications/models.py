"""In-app notifications and each resident's choice of how to receive them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal import cache
from portal.extensions import db
from portal.timeutil import utcnow

IMMEDIATELY, DAILY, WEEKLY, NEVER = "immediately", "daily", "weekly", "never"
FREQUENCIES = (IMMEDIATELY, DAILY, WEEKLY, NEVER)


class Notification(db.Model):
    """Stored as a kind plus parameters, so it is worded in the reader's language when shown."""

    __table_args__ = (
        # A person's page of notifications, newest first, read from the index (scanned backwards).
        Index("ix_notification_user_newest", "user_id", "created_at", "id"),
        # How many a person has not read yet: only the unread rows are in it.
        Index(
            "ix_notification_user_unread",
            "user_id",
            sqlite_where=text("read_at IS NULL"),
            postgresql_where=text("read_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]  # sent at once, or in a daily or weekly digest
    digest_due: Mapped[bool] = mapped_column(default=False, index=True)


def person_tag(user_id: int) -> str:
    """The generation tag of one person's notifications (portal.cache.changed): a page that shows only that
    person's notifications depends on it, and is not made stale by everyone else's."""
    return f"notification:{user_id}"


@event.listens_for(Session, "after_flush")
def _note_people(session: Session, _context) -> None:
    rows = [o for o in (*session.new, *session.dirty, *session.deleted) if isinstance(o, Notification)]
    if rows:
        cache.changed(*{person_tag(row.user_id) for row in rows}, session=session)


class NotificationPreference(db.Model):
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(12), default=IMMEDIATELY)
