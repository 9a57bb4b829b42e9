"""A resident's complaint about how the team handled their question, initiative, help request or signal."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow

# What a complaint is about; "team" is the team's work in general (filed from the team page).
ABOUT_QUESTION, ABOUT_INITIATIVE, ABOUT_HELP_REQUEST, ABOUT_SIGNAL, ABOUT_TEAM = (
    "question",
    "initiative",
    "help_request",
    "signal",
    "team",
)
SUBJECTS = (ABOUT_QUESTION, ABOUT_INITIATIVE, ABOUT_HELP_REQUEST, ABOUT_SIGNAL, ABOUT_TEAM)

NEW, IN_PROGRESS, ANSWERED, CLOSED = "new", "in_progress", "answered", "closed"
STATUSES = (NEW, IN_PROGRESS, ANSWERED, CLOSED)


class Complaint(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int | None]  # the question, initiative, help request or signal; None for "team"
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default=NEW, index=True)
    due_at: Mapped[datetime] = mapped_column(index=True)  # naive UTC
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    team = relationship("Team")
    user = relationship("User", foreign_keys=[user_id])
    assigned_to = relationship("User", foreign_keys=[assigned_to_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])

    @property
    def reference(self) -> str:
        """The number the resident and the team quote: "K-000042"."""
        return reference_of(self.id)

    @property
    def is_open(self) -> bool:
        """Still waiting for the team's answer (new or in progress)."""
        return self.status in (NEW, IN_PROGRESS)

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Not answered (nor closed) while its due time has passed."""
        return self.is_open and (now or utcnow()) > self.due_at

    @property
    def answered_in_time(self) -> bool:
        return self.answered_at is not None and self.answered_at <= self.due_at

    @property
    def erased(self) -> bool:
        """The complainant deleted their account: the record stays for the figures, without their words."""
        return self.user_id is None and not self.message


def reference_of(complaint_id: int) -> str:
    return f"K-{complaint_id:06d}"
