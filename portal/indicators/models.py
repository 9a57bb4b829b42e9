"""The stored history of the indicators: per day, per place and metric, the day's counts.

Rows hold numbers only, no person: they survive the deletion of personal data (an account, an old question)
and of teams and areas (``team_id``/``area_id`` are plain numbers, not foreign keys; 0 means none). A duration
metric is stored as a histogram: ``bucket`` is the whole number of hours an item took and ``value`` how many
items took that long; a plain count has ``bucket`` −1.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

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
