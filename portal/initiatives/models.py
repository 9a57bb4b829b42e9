"""Neighbourhood initiatives: a resident's idea, its lifecycle, the people who join in."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow


class Initiative(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(30), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    initiator_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    place: Mapped[str | None] = mapped_column(String(200))
    proposed_from: Mapped[date | None]
    proposed_until: Mapped[date | None]
    proposed_time: Mapped[str | None] = mapped_column(String(100))
    planned_start: Mapped[datetime | None] = mapped_column(index=True)
    planned_end: Mapped[datetime | None]
    budget_cents: Mapped[int | None]
    budget_breakdown: Mapped[str | None] = mapped_column(Text)
    materials: Mapped[str | None] = mapped_column(Text)
    permit: Mapped[str] = mapped_column(String(10), default="unknown")  # no / maybe / yes / unknown
    report: Mapped[str | None] = mapped_column(Text)
    search_terms: Mapped[str] = mapped_column(Text, default="")  # stemmed words, for full-text search
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    first_response_at: Mapped[datetime | None] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    initiator = relationship("User", foreign_keys=[initiator_id])
    worker = relationship("User", foreign_keys=[worker_id])
    area = relationship("Area")
    roles = relationship(
        "VolunteerRole", back_populates="initiative", order_by="VolunteerRole.position", cascade="all, delete-orphan"
    )
    changes = relationship(
        "StatusChange", back_populates="initiative", order_by="StatusChange.at", cascade="all, delete-orphan"
    )
    messages = relationship(
        "InitiativeMessage",
        back_populates="initiative",
        order_by="InitiativeMessage.created_at",
        cascade="all, delete-orphan",
    )
    photos = relationship(
        "InitiativePhoto",
        back_populates="initiative",
        order_by="InitiativePhoto.position",
        cascade="all, delete-orphan",
    )
    supports = relationship("Support", cascade="all, delete-orphan")


class StatusChange(db.Model):
    """One step in an initiative's lifecycle: who, when, from, to, and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    initiative = relationship("Initiative", back_populates="changes")
    actor = relationship("User")


class VolunteerRole(db.Model):
    """A task volunteers sign up for, e.g. "3 people to set up tables, Saturday 10:00"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    needed: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    taken: Mapped[int] = mapped_column(default=0)  # kept equal to len(signups); the guard for the last place

    initiative = relationship("Initiative", back_populates="roles")
    signups = relationship("RoleSignup", back_populates="role", cascade="all, delete-orphan", order_by="RoleSignup.id")


class RoleSignup(db.Model):
    __table_args__ = (UniqueConstraint("role_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("volunteer_role.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    role = relationship("VolunteerRole", back_populates="signups")
    user = relationship("User")


class Support(db.Model):
    """A resident supports an idea (once each)."""

    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InitiativeMessage(db.Model):
    """A comment by a resident, or an update by the initiator or the worker."""

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(10), default="comment")  # comment / update
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None]  # a worker looked after reports came in
    report_count: Mapped[int] = mapped_column(default=0)

    initiative = relationship("Initiative", back_populates="messages")
    author = relationship("User")
    reports = relationship("MessageReport", cascade="all, delete-orphan")


class PrivateMessage(db.Model):
    """The private conversation on an initiative, between its initiator and the workers of its team."""

    __tablename__ = "initiative_private_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    from_team: Mapped[bool] = mapped_column(default=False)  # written by a worker (False: the initiator)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    initiative = relationship("Initiative")
    author = relationship("User")


class MessageReport(db.Model):
    __table_args__ = (UniqueConstraint("message_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("initiative_message.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InitiativePhoto(db.Model):
    """A re-encoded photo without EXIF data, stored with a thumbnail."""

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    content_type: Mapped[str] = mapped_column(String(30))
    width: Mapped[int]
    height: Mapped[int]
    # Deferred: listing an initiative's photos does not read megabytes of image data.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    alt_text: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    initiative = relationship("Initiative", back_populates="photos")
