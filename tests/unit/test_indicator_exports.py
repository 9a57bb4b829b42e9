"""The indicators CSV's rows and the public page's periods, from known values (no database)."""

from __future__ import annotations

from datetime import date

from portal.indicators.definitions import BY_KEY
from portal.indicators.exports import BOM, COLUMNS, csv_text, rows
from portal.indicators.periods import CITY_SCOPE, MONTH, NEIGHBOURHOOD, Figure, Period, Scope
from portal.indicators.queries_pages import Block, Line, Place, trend_periods
from portal.indicators.small_numbers import shown
from portal.indicators.views_public import public_periods

NOVEMBER = Period.containing(date(2026, 11, 10), MONTH)


def _line(place: Place, now: Figure, before: Figure, protect: bool) -> Line:
    hood = place.kind == NEIGHBOURHOOD
    return Line(
        place, shown(now, neighbourhood=hood, protect=protect), shown(before, neighbourhood=hood, protect=protect)
    )


def test_one_row_per_place_and_period_with_the_rule_applied():
    indicator = BY_KEY["help_found_neighbour"]
    hood = Place("Selwerd-Noord", Scope(NEIGHBOURHOOD, 7), "BU00141000")
    city = Place("Groningen", CITY_SCOPE)
    block = Block(
        indicator,
        [_line(hood, Figure(indicator.key, 3, 4), Figure(indicator.key, 6, 8), protect=True)],
        _line(city, Figure(indicator.key, 50, 80), Figure(indicator.key, 40, 80), protect=True),
    )
    got = rows([block], NOVEMBER)
    assert [row[2:] for row in got] == [
        ["neighbourhood", "BU00141000", "Selwerd-Noord", "month", "2026-11-01", "2026-12-01", "<5", "<5", "", "", "", "yes"],
        ["neighbourhood", "BU00141000", "Selwerd-Noord", "month", "2026-10-01", "2026-11-01", "6", "8", "0.7500", "", "", ""],
        ["city", "", "Groningen", "month", "2026-11-01", "2026-12-01", "50", "80", "0.6250", "", "", ""],
        ["city", "", "Groningen", "month", "2026-10-01", "2026-11-01", "40", "80", "0.5000", "", "", ""],
    ]  # fmt: skip
    text = csv_text([block], NOVEMBER)
    assert text.startswith(BOM + ";".join(COLUMNS) + "\r\n")


def test_durations_have_two_decimals():
    indicator = BY_KEY["help_days_to_match"]
    place = Place("WIJ Selwerd", Scope("team", 1), "selwerd")
    figure = Figure(indicator.key, count=9, median_days=2.5, p90_days=10.25)
    block = Block(indicator, [_line(place, figure, Figure(indicator.key), protect=False)], None)
    first, before = rows([block], NOVEMBER)
    assert first[-6:] == ["9", "", "", "2.50", "10.25", ""]
    assert before[8:] == ["", "", "", "", "", ""]  # not available: every value empty


def test_the_trend_ends_with_the_chosen_period():
    periods = trend_periods(NOVEMBER)
    assert [p.start.month for p in periods] == [6, 7, 8, 9, 10, 11]


def test_the_public_page_shows_the_last_whole_quarter_and_the_year_so_far():
    quarter, year = public_periods(date(2026, 12, 5))
    assert (quarter.start, quarter.end) == (date(2026, 7, 1), date(2026, 10, 1))
    assert (year.start, year.end) == (date(2026, 1, 1), date(2027, 1, 1))
    quarter, year = public_periods(date(2027, 1, 1))  # new year's day: the whole year before
    assert (quarter.start, year.start) == (date(2026, 10, 1), date(2026, 1, 1))
