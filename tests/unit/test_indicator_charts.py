"""The indicators' SVG charts, the small-number rule and the reading of a page's query string: pure functions."""

from __future__ import annotations

import re
from datetime import date
from xml.etree import ElementTree  # our own SVG, not untrusted input

import pytest

from portal.indicators.charts import AXIS, BAR, INK, Point, bar_chart, sparkline
from portal.indicators.choices import BadChoice, Choice, parse
from portal.indicators.periods import Figure
from portal.indicators.small_numbers import FEW, masked_count, shown

SVG = "{http://www.w3.org/2000/svg}"


def _contrast(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize("colour", [BAR, INK, AXIS])
def test_chart_colours_pass_wcag_aa_against_white(colour):
    assert _contrast(colour) >= 4.5


def test_a_bar_chart_is_an_image_with_title_and_the_numbers_in_its_description():
    points = [Point("Selwerd", 12, "12"), Point("Oosterparkwijk <&>", 3, "3"), Point("Vinkhuizen", None, "<5")]
    svg = ElementTree.fromstring(str(bar_chart("Signals reported", points)))  # noqa: S314
    assert svg.get("role") == "img"
    assert svg.get("viewBox") == "0 0 320 102" and svg.get("width") == "320"
    assert svg.find(f"{SVG}title").text == "Signals reported"
    assert svg.find(f"{SVG}desc").text == "Selwerd: 12; Oosterparkwijk <&>: 3; Vinkhuizen: <5"
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert widths == [256.0, 64.0]  # the longest bar is the full width minus room for its value; none for "<5"


def test_a_bar_chart_of_nothing_is_still_valid():
    svg = ElementTree.fromstring(str(bar_chart("Empty", [Point("A", 0, "0")])))  # noqa: S314
    assert list(svg.iter(f"{SVG}rect")) == []


def test_a_sparkline_breaks_at_an_unknown_value_and_marks_the_last_one():
    points = [Point("Jan", 1, "1"), Point("Feb", 3, "3"), Point("Mar", None, "—"), Point("Apr", 2, "2")]
    svg = ElementTree.fromstring(str(sparkline("Trend", points)))  # noqa: S314
    assert svg.get("role") == "img" and svg.find(f"{SVG}desc").text == "Jan: 1; Feb: 3; Mar: —; Apr: 2"
    lines = list(svg.iter(f"{SVG}polyline"))
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2  # Apr stands alone: only its dot
    dot = svg.find(f"{SVG}circle")
    assert float(dot.get("cx")) == 156.0  # the last point, at the right


def test_a_sparkline_starts_at_zero_so_a_small_change_looks_small():
    svg = str(sparkline("Steady", [Point("a", 99, "99"), Point("b", 100, "100")]))
    assert re.search(r'points="4\.0,4\.3 156\.0,4\.0"', svg)
    zeros = str(sparkline("None", [Point("a", 0, "0"), Point("b", 0, "0")]))
    assert re.search(r'points="4\.0,20\.0 156\.0,20\.0"', zeros)


# --------------------------------------------------------------------------- the small-number rule


@pytest.mark.parametrize(
    ("count", "neighbourhood", "protect", "expected"),
    [
        (4, True, True, FEW),
        (0, True, True, FEW),
        (5, True, True, 5),
        (4, False, True, 4),  # a team's or the city's count is not a neighbourhood's
        (4, True, False, 4),  # the team's own workers see it
        (None, True, True, None),
    ],
)
def test_a_small_neighbourhood_count_is_written_less_than_five(count, neighbourhood, protect, expected):
    assert masked_count(count, neighbourhood=neighbourhood, protect=protect) == expected


def test_a_share_of_fewer_than_five_is_not_shown_on_a_protected_page():
    figure = Figure("help_found", count=2, base=4, median_days=3.0, p90_days=6.0)
    hidden = shown(figure, neighbourhood=False, protect=True)
    assert (hidden.share, hidden.median_days, hidden.p90_days, hidden.too_few) == (None, None, None, True)
    assert (hidden.count, hidden.base) == (2, 4)
    own = shown(figure, neighbourhood=True, protect=False)
    assert (own.share, own.median_days, own.count, own.too_few) == (0.5, 3.0, 2, False)


def test_a_share_of_five_or_more_is_shown_but_its_small_neighbourhood_count_is_not():
    hood = shown(Figure("help_found", count=3, base=6), neighbourhood=True, protect=True)
    assert hood.share == 0.5 and hood.count == FEW and hood.base == 6 and hood.count_value is None


def test_a_median_over_fewer_than_five_items_is_not_shown():
    timed = shown(Figure("first_response", count=4, base=10, median_days=2.0), neighbourhood=False, protect=True)
    assert timed.median_days is None and timed.share == 0.4 and timed.too_few


# --------------------------------------------------------------------------- the query string

TODAY = date(2026, 12, 5)


def test_defaults_are_this_month():
    assert parse({}, TODAY) == Choice("month", TODAY)
    assert parse({"grain": "", "period": "", "team": "", "area": ""}, TODAY) == Choice("month", TODAY)


def test_a_full_choice_is_read():
    choice = parse({"grain": "quarter", "period": "2026-05-17", "team": "selwerd", "area": "bu00141000"}, TODAY)
    assert choice == Choice("quarter", date(2026, 5, 17), "selwerd", "BU00141000")
    assert parse({"period": "2026-02"}, TODAY).day == date(2026, 2, 1)
    assert choice.query(area=None) == {"grain": "quarter", "period": "2026-05-17", "team": "selwerd"}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"grain": "decade"}, "grain"),
        ({"period": "2026-13-01"}, "period"),
        ({"period": "yesterday"}, "period"),
        ({"period": "1999-12-31"}, "period"),
        ({"period": "2027-01-01"}, "period"),
        ({"period": "9" * 40}, "period"),
        ({"team": "<script>"}, "team"),
        ({"area": "GM0014"}, "area"),
        ({"area": "BU" + "1" * 30}, "area"),
    ],
)
def test_junk_names_the_field(args, field):
    with pytest.raises(BadChoice) as raised:
        parse(args, TODAY)
    assert raised.value.field == field


def test_a_team_choice_is_refused_where_the_team_is_in_the_url():
    with pytest.raises(BadChoice):
        parse({"team": "selwerd"}, TODAY, allow_team=False)
