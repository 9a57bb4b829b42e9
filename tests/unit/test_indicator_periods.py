"""The indicators' pure value types: periods in Amsterdam days, scopes, shares, median and 90th percentile."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from portal.indicators.periods import Figure, Period, Scope, local_day, median, percentile_90, weighted_values


@pytest.mark.parametrize(
    ("day", "grain", "start", "end"),
    [
        (date(2026, 12, 5), "week", date(2026, 11, 30), date(2026, 12, 7)),  # Saturday: the week from Monday
        (date(2026, 11, 30), "week", date(2026, 11, 30), date(2026, 12, 7)),
        (date(2026, 12, 31), "month", date(2026, 12, 1), date(2027, 1, 1)),
        (date(2026, 2, 28), "month", date(2026, 2, 1), date(2026, 3, 1)),
        (date(2026, 3, 31), "quarter", date(2026, 1, 1), date(2026, 4, 1)),
        (date(2026, 10, 1), "quarter", date(2026, 10, 1), date(2027, 1, 1)),
        (date(2026, 7, 4), "year", date(2026, 1, 1), date(2027, 1, 1)),
    ],
)
def test_the_period_containing_a_day(day, grain, start, end):
    assert Period.containing(day, grain) == Period(start, end, grain)


def test_previous_and_next_periods():
    january = Period.containing(date(2026, 1, 15), "month")
    assert january.previous() == Period(date(2025, 12, 1), date(2026, 1, 1), "month")
    assert january.next().previous() == january
    week = Period.containing(date(2026, 1, 1), "week")
    assert week.previous() == Period(date(2025, 12, 22), date(2025, 12, 29), "week")
    assert Period.containing(date(2026, 2, 1), "quarter").previous().start == date(2025, 10, 1)


def test_a_period_is_bounded_by_amsterdam_midnights_in_utc():
    # Winter time (UTC+1) and summer time (UTC+2); the last Sunday of March has 23 hours.
    assert Period.containing(date(2026, 11, 10), "month").utc_bounds == (
        datetime(2026, 10, 31, 23, 0),
        datetime(2026, 11, 30, 23, 0),
    )
    assert Period.containing(date(2026, 6, 10), "month").utc_bounds == (
        datetime(2026, 5, 31, 22, 0),
        datetime(2026, 6, 30, 22, 0),
    )
    assert local_day(datetime(2026, 10, 31, 23, 0)) == date(2026, 11, 1)
    assert local_day(datetime(2026, 10, 31, 22, 59)) == date(2026, 10, 31)


@pytest.mark.parametrize(
    "wrong",
    [
        lambda: Period(date(2026, 1, 1), date(2026, 1, 1), "month"),
        lambda: Period(date(2026, 1, 1), date(2026, 2, 1), "decade"),
        lambda: Period.containing(date(2026, 1, 1), "day"),
        lambda: Scope("street", 1),
        lambda: Scope("team"),
        lambda: Scope("city", 3),
    ],
)
def test_junk_periods_and_scopes_are_refused(wrong):
    with pytest.raises(ValueError):
        wrong()


def test_a_share_needs_a_base():
    assert Figure("x", count=1, base=4).share == 0.25
    assert Figure("x", count=0, base=3).share == 0.0
    assert Figure("x", count=0, base=0).share is None
    assert Figure("x", count=5).share is None


def test_median_and_90th_percentile():
    assert median([]) is None and percentile_90([]) is None
    assert median([3.0]) == 3.0 and percentile_90([3.0]) == 3.0
    assert median([4, 1, 3, 2]) == 2.5
    assert percentile_90(list(range(1, 11))) == 9  # the 9th of 10 values
    assert percentile_90(list(range(1, 12))) == 10  # ⌈9.9⌉ = the 10th of 11
    assert percentile_90([0.5, 3, 1]) == 3
    assert weighted_values({2.0: 2, 1.0: 1}) == [1.0, 2.0, 2.0]
