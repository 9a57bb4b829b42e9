"""Dates and times of initiatives read as a resident says them, in Groningen time."""

from __future__ import annotations

from datetime import datetime

import pytest

from portal.initiatives.times import local_period


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        ("nl", datetime(2026, 12, 23, 12), datetime(2026, 12, 23, 16), "woensdag 23 december 2026, 13:00–17:00"),
        ("en", datetime(2026, 6, 13, 8), datetime(2026, 6, 13, 10, 30), "Saturday, 13 June 2026, 10:00–12:30"),
        ("nl", datetime(2026, 6, 13, 8), None, "zaterdag 13 juni 2026, 10:00"),
        (
            "nl",
            datetime(2026, 6, 13, 8),
            datetime(2026, 6, 14, 8),
            "zaterdag 13 juni 2026, 10:00 – zondag 14 juni 2026, 10:00",
        ),
    ],
)
def test_a_planned_period_is_one_day_with_two_times_when_it_fits(app, language, start, end, expected):
    with app.test_request_context(headers={"Cookie": f"lang={language}"}):
        assert local_period(start, end).replace("\u202f", " ") == expected
