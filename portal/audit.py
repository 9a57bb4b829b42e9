"""The audit log: who changed what, when (workers' and coordinators' changes are logged)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow


class AuditEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(120))
    detail: Mapped[str | None] = mapped_column(Text)

    actor = relationship("User")


def record(actor, action: str, subject: str, detail: str | None = None) -> AuditEntry:
    """Add an audit entry to the session (the caller commits)."""
    entry = AuditEntry(actor_id=actor.id if actor else None, action=action, subject=subject, detail=detail)
    db.session.add(entry)
    return entry
