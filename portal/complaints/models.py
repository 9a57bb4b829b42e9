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
