"""The stored history of the indicators: per day, per place and metric, the day's counts.

Rows hold numbers only, no person: they survive the deletion of personal data (an account, an old question)
and of teams and areas (``team_id``/``area_id`` are plain numbers, not foreign keys; 0 means none). A duration
metric is stored as a histogram: ``bucket`` is the whole number of hours an item took and ``value`` how many
items took that long; a plain count has ``bucket`` −1.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow

NO_BUCKET = -1
NONE = 0  # no team, no area


class IndicatorSnapshot(db.Model):
    __table_args__ = (
        UniqueConstraint("day", "metric", "team_id", "area_id", "bucket", name="uq_indicator_snapshot_cell"),
        Index("ix_indicator_snapshot_metric_day", "metric", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]  # the Europe/Amsterdam calendar day counted
    metric: Mapped[str] = mapped_column(String(40))
    team_id: Mapped[int] = mapped_column(default=NONE)
    area_id: Mapped[int] = mapped_column(default=NONE)
    bucket: Mapped[int] = mapped_column(default=NO_BUCKET)
    value: Mapped[int]
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExportToken(db.Model):
    """A coordinator's key for a BI tool to fetch the indicators' CSV files on a schedule, without a log-in.

    Only the SHA-256 digest of the key is stored; the key itself is shown once, when it is made. A token acts
    with its owner's rights at the moment of use: it stops working when it is revoked or when its owner is no
    longer an active coordinator (or the account is deleted, which deletes the token)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))  # what the coordinator calls it ("Power BI wijkmonitor")
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user = relationship("User")
