"""Working days in Europe/Amsterdam, for answer-by times ("within two working days").

A working day is Monday to Friday, not a general holiday as the Algemene termijnenwet counts them:
New Year's Day, Easter Monday, King's Day, Liberation Day (5 May, every year), Ascension Day, Whit Monday and
both days of Christmas (Easter Sunday and Whit Sunday fall on a Sunday anyway). The dates come from the
``holidays`` package (its Dutch calendar, which knows when King's Day moves off a Sunday); Good Friday, which
that calendar lists but the law does not, is a working day.

Times are stored as naive UTC; a deadline is the end of the working day (23:59:59 local time) that is
``days`` working days after the moment something arrived, so a question asked on Friday afternoon with a
norm of two working days is due at the end of Tuesday.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_NOT_BY_LAW = {"Good Friday"}


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    calendar = holidays.country_holidays("NL", years=year, language="en_US")
    days = {day for day, name in calendar.items() if name not in _NOT_BY_LAW}
    days.add(date(year, 5, 5))  # Liberation Day counts every year for the Algemene termijnenwet
    return frozenset(days)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a general holiday."""
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def local_date(moment: datetime) -> date:
    """The Amsterdam calendar date of a naive-UTC moment."""
    return moment.replace(tzinfo=UTC).astimezone(AMSTERDAM).date()


def add_working_days(day: date, days: int) -> date:
    """The date ``days`` working days after ``day`` (``day`` itself does not count)."""
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def due_at(received: datetime, days: int) -> datetime:
    """The naive-UTC end of the working day ``days`` working days after ``received`` (naive UTC).

    Something that arrives on a weekend or holiday is counted from that day all the same: the first working
    day after it is day one.
    """
    due_day = add_working_days(local_date(received), max(days, 0))
    end = datetime.combine(due_day, time(23, 59, 59), tzinfo=AMSTERDAM)
    return end.astimezone(UTC).replace(tzinfo=None)


def working_days_between(start: datetime, end: datetime) -> int:
    """Whole working days from ``start`` to ``end`` (naive UTC), counting the days after ``start``'s date up to
    and including ``end``'s date; 0 when ``end`` is on the same day or earlier."""
    first, last = local_date(start), local_date(end)
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
