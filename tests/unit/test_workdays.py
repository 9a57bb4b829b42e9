"""Working days in Europe/Amsterdam with Dutch general holidays: the answer-by times of the team inbox."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from portal import workdays


def local_end(day: date) -> datetime:
    """The naive-UTC moment of 23:59:59 in Amsterdam on ``day``."""
    return workdays.due_at(datetime(day.year, day.month, day.day, 11, 0), 0)


def test_friday_afternoon_with_two_working_days_is_due_at_the_end_of_tuesday():
    asked = datetime(2026, 12, 4, 15, 30)  # Friday, 16:30 in Amsterdam
    due = workdays.due_at(asked, 2)
    assert workdays.local_date(due) == date(2026, 12, 8)  # Tuesday
    assert due == datetime(2026, 12, 8, 22, 59, 59)  # 23:59:59 CET


def test_the_end_of_the_day_follows_summer_time():
    due = workdays.due_at(datetime(2026, 6, 1, 9, 0), 1)  # Monday → Tuesday 2 June, CEST
    assert due == datetime(2026, 6, 2, 21, 59, 59)


def test_a_late_evening_in_amsterdam_is_already_the_next_day():
    # 23:30 UTC on Thursday is 00:30 on Friday in Amsterdam: counted from Friday.
    assert workdays.local_date(workdays.due_at(datetime(2026, 12, 3, 23, 30), 1)) == date(2026, 12, 7)


def test_a_question_on_saturday_counts_from_monday():
    assert workdays.local_date(workdays.due_at(datetime(2026, 12, 5, 10, 0), 1)) == date(2026, 12, 7)
    assert workdays.local_date(workdays.due_at(datetime(2026, 12, 5, 10, 0), 2)) == date(2026, 12, 8)


def test_christmas_and_boxing_day_do_not_count():
    # Wednesday 23 December 2026: Thursday 24 counts, 25 and 26 are holidays (26 is a Saturday), Monday 28.
    assert workdays.local_date(workdays.due_at(datetime(2026, 12, 23, 10, 0), 2)) == date(2026, 12, 28)
    # Wednesday 24 December 2025: Christmas Thursday 25 and Friday 26, then the weekend: Monday 29.
    assert workdays.local_date(workdays.due_at(datetime(2025, 12, 24, 10, 0), 1)) == date(2025, 12, 29)


def test_kings_day_on_a_sunday_moves_to_saturday_26_april_2025():
    assert not workdays.is_working_day(date(2025, 4, 26))
    assert workdays.is_working_day(date(2025, 4, 28))  # the Monday after is an ordinary day
    # King's Day 2026 is Monday 27 April: Friday 24 → Tuesday 28 with one working day.
    assert not workdays.is_working_day(date(2026, 4, 27))
    assert workdays.local_date(workdays.due_at(datetime(2026, 4, 24, 10, 0), 1)) == date(2026, 4, 28)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_liberation_day_counts_every_year(year):
    day = date(year, 5, 5)
    assert not workdays.is_working_day(day)


def test_good_friday_is_a_working_day_and_easter_monday_is_not():
    assert workdays.is_working_day(date(2026, 4, 3))  # Good Friday
    assert not workdays.is_working_day(date(2026, 4, 6))  # Easter Monday
    # Thursday 2 April 2026 + 2 working days: Good Friday, (weekend, Easter Monday), Tuesday 7 April.
    assert workdays.local_date(workdays.due_at(datetime(2026, 4, 2, 10, 0), 2)) == date(2026, 4, 7)


def test_ascension_day_whit_monday_and_new_year_do_not_count():
    assert not workdays.is_working_day(date(2026, 5, 14))  # Ascension Day
    assert not workdays.is_working_day(date(2026, 5, 25))  # Whit Monday
    assert not workdays.is_working_day(date(2027, 1, 1))
    assert workdays.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_working_days_between_counts_only_working_days():
    friday, tuesday = datetime(2026, 12, 4, 10, 0), datetime(2026, 12, 8, 10, 0)
    assert workdays.working_days_between(friday, tuesday) == 2
    assert workdays.working_days_between(tuesday, friday) == 0
    assert local_end(date(2026, 12, 8)) == datetime(2026, 12, 8, 22, 59, 59)
