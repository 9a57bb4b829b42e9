"""Signals that residents and partners report, the clusters they fall into, and each cluster's history.

A cluster's counts (signals, distinct reporters, first and last signal) are stored on it and kept up to
date by `portal.signals.services.refresh_cluster`, so the workers' board can sort and page in SQL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow

# Cluster statuses: open (gathering signals), project (taken up in a collective project),
# dismissed (with a reason), merged (its signals moved into another cluster).
OPEN, PROJECT, DISMISSED, MERGED = "open", "project", "dismissed", "merged"
LIVE = (OPEN, PROJECT)  # clusters new signals may join
# The status of a project that has finished (portal.projects.models.FINISHED), read through
# SignalCluster.project: its clusters take no new signals, and their reporters read that it was tackled.
FINISHED_PROJECT = "finished"

# Where a signal comes from: a resident (logged in or not), or a partner a worker records it for.
RESIDENT = "resident"
PARTNER_SOURCES = ("housing_corporation", "gp", "school", "police", "other")
SOURCES = (RESIDENT, *PARTNER_SOURCES)


def reporter_key(
    signal_id: int, reporter_id: int | None, source: str, source_name: str | None, reporter_ref: str | None = None
) -> str:
    """Who counts as one reporter: an account (or, once it is deleted, the same stand-in for all its signals),
    a partner organisation, or each anonymous report apart."""
    if reporter_id is not None:
        return f"user:{reporter_id}"
    if reporter_ref:
        return f"former:{reporter_ref}"
    if source != RESIDENT:
        return f"partner:{source}:{(source_name or '').casefold()}"
    return f"signal:{signal_id}"


class SignalCluster(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=OPEN)
    signal_count: Mapped[int] = mapped_column(default=0)
    reporter_count: Mapped[int] = mapped_column(default=0)
    recurring: Mapped[bool] = mapped_column(default=False)
    # when the matter became recurring (the team's workers are told then)
    recurring_since: Mapped[datetime | None] = mapped_column(index=True)
    first_at: Mapped[datetime | None]
    last_at: Mapped[datetime | None]
    dismissed_reason: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("signal_cluster.id", ondelete="SET NULL"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"), index=True)
    # What placing a new signal needs (clustering.Clusterer.summary: size, centroid, norm, feature counts),
    # so a team's open clusters are restored without reading every signal.
    summary: Mapped[dict | None] = mapped_column(JSON)
    # What ranking needs of the summary besides its centroid's rows (`SignalClusterFeature`), written with them by
    # `services_features.store`: its norm2 and matters. None while the cluster has no summary (then no rows either).
    norm2: Mapped[float | None]
    matters: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None]  # when the matter was closed (dismissed, or its project finished)

    team = relationship("Team")
    project = relationship("Project", back_populates="clusters")
    signals = relationship("Signal", back_populates="cluster", order_by="Signal.created_at")
    events = relationship(
        "ClusterEvent",
        back_populates="cluster",
        order_by="ClusterEvent.id",
        cascade="all, delete-orphan",
        foreign_keys="ClusterEvent.cluster_id",
    )

    __table_args__ = (
        Index("ix_signal_cluster_board", "team_id", "status", "recurring", "last_at"),
        Index("ix_signal_cluster_live", "team_id", "status", "last_at"),
    )


class SignalClusterFeature(db.Model):
    """One feature of a cluster's stored centroid and its value there (the summary's ``centroid``, as rows).

    Kept in step with the summary by `services.refresh` (`services_features.store`), so a new signal is compared
    only with the clusters that share a feature with it, found through the index on (team, feature).
    """

    cluster_id: Mapped[int] = mapped_column(ForeignKey("signal_cluster.id", ondelete="CASCADE"), primary_key=True)
    feature: Mapped[str] = mapped_column(Text, primary_key=True)
    team_id: Mapped[int]  # the cluster's team (a cluster never changes team)
    value: Mapped[float]

    __table_args__ = (Index("ix_signal_cluster_feature_team", "team_id", "feature"),)


class Signal(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    theme: Mapped[str | None] = mapped_column(String(30))  # None: the reporter did not know
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"), index=True)
    place: Mapped[str | None] = mapped_column(String(200))  # a street, a square, "near the school"
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    # When the reporter's account is deleted: one random stand-in for all their signals, so they still
    # count as one reporter (and a deletion never makes a matter look recurring). Points at nobody.
    reporter_ref: Mapped[str | None] = mapped_column(String(32))
    # An anonymous reporter may leave a way to be reached; only the team's workers ever see it.
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    locale: Mapped[str] = mapped_column(String(5), default="nl")  # the language of mails to an anonymous reporter
    source: Mapped[str] = mapped_column(String(20), default=RESIDENT)
    source_name: Mapped[str | None] = mapped_column(String(120))  # "Lefier", "Huisartsenpraktijk Beijum"
    # The id in a partner's system, for signals imported with `flask signals import` (imported once).
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    external_id: Mapped[str | None] = mapped_column(String(100))
    follow_token: Mapped[str] = mapped_column(String(64), unique=True)  # the reporter's private follow link
    features: Mapped[list] = mapped_column(JSON, default=list)  # clustering.features(text, theme), stored
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("signal_cluster.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    team = relationship("Team")
    area = relationship("Area")
    reporter = relationship("User", foreign_keys=[reporter_id])
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    cluster = relationship("SignalCluster", back_populates="signals")

    __table_args__ = (Index("uq_signal_external", "source", "external_id", unique=True),)

    @property
    def reporter_key(self) -> str:
        return reporter_key(self.id, self.reporter_id, self.source, self.source_name, self.reporter_ref)

    @property
    def is_anonymous(self) -> bool:
        return self.reporter_id is None and self.source == RESIDENT


class ClusterEvent(db.Model):
    """One change to a cluster: a signal joined or left, merged, dismissed, reopened, taken up in a project."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("signal_cluster.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    signal_id: Mapped[int | None] = mapped_column(ForeignKey("signal.id", ondelete="SET NULL"))
    other_cluster_id: Mapped[int | None] = mapped_column(ForeignKey("signal_cluster.id", ondelete="SET NULL"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    cluster = relationship("SignalCluster", back_populates="events", foreign_keys=[cluster_id])
    actor = relationship("User")
    project = relationship("Project")  # the history names the project a cluster was taken up in
