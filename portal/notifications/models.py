"""In-app notifications and each resident's choice of how to receive them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.timeutil import utcnow

IMMEDIATELY, DAILY, WEEKLY, NEVER = "immediately", "daily", "weekly", "never"
FREQUENCIES = (IMMEDIATELY, DAILY, WEEKLY, NEVER)


class Notification(db.Model):
    """Stored as a kind plus parameters, so it is worded in the reader's language when shown."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]  # sent at once, or in a daily or weekly digest
    digest_due: Mapped[bool] = mapped_column(default=False, index=True)


class NotificationPreference(db.Model):
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(12), default=IMMEDIATELY)
