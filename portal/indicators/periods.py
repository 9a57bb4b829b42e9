"""The pure value types of the indicators: where (Scope), when (Period), what (Figure), and the percentile rule.

No Flask, no database: tests call these directly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

CITY, TEAM, DISTRICT, NEIGHBOURHOOD = "city", "team", "district", "neighbourhood"
SCOPE_KINDS = (CITY, TEAM, DISTRICT, NEIGHBOURHOOD)
WEEK, MONTH, QUARTER, YEAR = "week", "month", "quarter", "year"
GRAINS = (WEEK, MONTH, QUARTER, YEAR)


@dataclass(frozen=True)
class Scope:
    """Where: the city, one team, one district (CBS wijk) or one neighbourhood (CBS buurt)."""

    kind: str
    id: int | None = None

    def __post_init__(self):
        if self.kind not in SCOPE_KINDS:
            raise ValueError(f"unknown scope kind {self.kind!r}")
        if (self.kind == CITY) != (self.id is None):
            raise ValueError("the city has no id; a team, district or neighbourhood needs one")


CITY_SCOPE = Scope(CITY)


@dataclass(frozen=True)
class Period:
    """Europe/Amsterdam calendar days [start, end) of one week (Monday first), month, quarter or year."""

    start: date
    end: date
    grain: str

    def __post_init__(self):
        if self.grain not in GRAINS:
            raise ValueError(f"unknown grain {self.grain!r}")
        if self.end <= self.start:
            raise ValueError("a period ends after it starts")

    @classmethod
    def containing(cls, day: date, grain: str) -> Period:
        if grain == WEEK:
            start = day - timedelta(days=day.weekday())
            return cls(start, start + timedelta(days=7), grain)
        if grain == MONTH:
            start = day.replace(day=1)
        elif grain == QUARTER:
            start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        elif grain == YEAR:
            start = date(day.year, 1, 1)
        else:
            raise ValueError(f"unknown grain {grain!r}")
        months = {MONTH: 1, QUARTER: 3, YEAR: 12}[grain]
        return cls(start, _add_months(start, months), grain)

    def previous(self) -> Period:
        return Period.containing(self.start - timedelta(days=1), self.grain)

    def next(self) -> Period:
        return Period.containing(self.end, self.grain)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days)]

    @property
    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as naive UTC moments, the way times are stored."""
        return utc_midnight(self.start), utc_midnight(self.end)


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def utc_midnight(day: date) -> datetime:
    """The naive UTC moment at which ``day`` begins in Amsterdam."""
    return datetime.combine(day, time(0), AMSTERDAM).astimezone(UTC).replace(tzinfo=None)


def local_day(moment: datetime) -> date:
    """The Amsterdam calendar day of a naive UTC moment."""
    return moment.replace(tzinfo=UTC).astimezone(AMSTERDAM).date()


@dataclass(frozen=True)
class Figure:
    """One indicator's value for a scope and period. ``count`` is the number (the numerator of a share);
    ``base`` the denominator of a share (None for a plain count); durations are in days (24 hours), with
    decimals. A figure whose count is None is not available for that scope (e.g. questions per neighbourhood)."""

    key: str
    count: int | None = None
    base: int | None = None
    median_days: float | None = None
    p90_days: float | None = None

    @property
    def share(self) -> float | None:
        """count / base; None when there is no base or it is 0."""
        if not self.base or self.count is None:
            return None
        return self.count / self.base


def median(values: list[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even number); None for no values."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile_90(values: list[float]) -> float | None:
    """The 90th percentile by the nearest-rank rule: the smallest value with at least 90% of the values at or
    below it (the ⌈0.9·n⌉-th value in order); None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def weighted_values(histogram: dict[float, int]) -> list[float]:
    """A histogram {value: count} as a list of values (for medians from stored buckets)."""
    return [value for value, count in sorted(histogram.items()) for _ in range(count)]
