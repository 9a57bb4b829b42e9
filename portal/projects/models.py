"""Collective projects: what residents take on together after several of them noticed the same thing.

A project keeps its people: the clusters of signals it grew from stay linked (``SignalCluster.project_id``),
so the residents who reported them can be invited and kept informed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.signals import models as _signals_models  # noqa: F401 - SignalCluster, named by Project.clusters
from portal.timeutil import utcnow

STARTING, RUNNING, FINISHED = "starting", "running", "finished"
STATUSES = (STARTING, RUNNING, FINISHED)

project_initiatives = Table(
    "project_initiative",
    db.metadata,
    Column("project_id", ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    Column("initiative_id", ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True),
)


class Project(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(150))
    goal: Mapped[str] = mapped_column(Text)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))  # None: the team's area
    lead_worker_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default=STARTING)
    outcome: Mapped[str | None] = mapped_column(Text)  # a short outcome, written when it finishes
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(index=True)

    team = relationship("Team")
    area = relationship("Area")
    lead_worker = relationship("User")
    clusters = relationship("SignalCluster", back_populates="project", order_by="SignalCluster.id")
    initiatives = relationship("Initiative", secondary=project_initiatives, order_by="Initiative.id")
    participants = relationship(
        "ProjectParticipant",
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="ProjectParticipant.joined_at",
    )
    activities = relationship(
        "ProjectActivity", back_populates="project", cascade="all, delete-orphan", order_by="ProjectActivity.starts_at"
    )
    updates = relationship(
        "ProjectUpdate",
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="ProjectUpdate.created_at.desc()",
    )


class ProjectParticipant(db.Model):
    """A resident who joined a project; leaving deletes the row."""

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    project = relationship("Project", back_populates="participants")
    user = relationship("User")


class ProjectInvitation(db.Model):
    """That a reporter was invited to a project (once), by account or, for an anonymous report, by e-mail."""

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    signal_id: Mapped[int | None] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"))  # anonymous report
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProjectActivity(db.Model):
    """Something the project does on a date: it appears in the neighbourhood agenda."""

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    starts_at: Mapped[datetime] = mapped_column(index=True)  # naive UTC
    ends_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    project = relationship("Project", back_populates="activities")


class ProjectUpdate(db.Model):
    """News from the project for its participants and the residents whose signals it grew from."""

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project = relationship("Project", back_populates="updates")
    author = relationship("User")


class ProjectMessage(db.Model):
    """A private message from a project's lead to its participants (not shown on the public page)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project = relationship("Project")
    author = relationship("User")
