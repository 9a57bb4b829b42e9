"""The CSV of exactly what an indicators dashboard shows (the same choice of grain, period and place).

UTF-8 with a byte-order mark (so Excel reads the accents), **semicolon**-separated (Dutch Excel takes a comma
for the decimal sign), decimals with a point, one header row. One row per indicator, place and period, in the
page's order: each place of the page, then the city, each for the chosen period and the one before. Columns:

``indicator``     the indicator's key (see the README, "Indicators", for each definition)
``label``         the indicator's name in the page's language
``place_kind``    ``team``, ``district``, ``neighbourhood`` or ``city``
``place_code``    a team's slug or a district's or neighbourhood's CBS code (empty for the city)
``place``         the place's name
``grain``         ``week``, ``month``, ``quarter`` or ``year``
``period_start``  the first day of the period (Europe/Amsterdam), ``YYYY-MM-DD``
``period_end``    the day after its last day
``count``         the number (a share's numerator); ``<5`` where the small-number rule hides it; empty when the
                  figure is not available for the place (questions, complaints, clusters for an area)
``base``          a share's denominator (empty for a count)
``share``         count / base, 0 to 1, four decimals; empty without a base or when too few to say
``median_days``   for a duration: the median in days, two decimals
``p90_days``      the 90th percentile in days (nearest rank), two decimals
``too_few``       ``yes`` when the small-number rule hid the share or the times
"""

from __future__ import annotations

import csv
import io

from portal.indicators.periods import Period
from portal.indicators.queries_pages import Block, Line
from portal.indicators.small_numbers import Shown

COLUMNS = (
    "indicator",
    "label",
    "place_kind",
    "place_code",
    "place",
    "grain",
    "period_start",
    "period_end",
    "count",
    "base",
    "share",
    "median_days",
    "p90_days",
    "too_few",
)
DELIMITER = ";"
BOM = "\ufeff"


def _number(value: float | None, places: int) -> str:
    return "" if value is None else f"{value:.{places}f}"


def _plain(value: int | str | None) -> str:
    return "" if value is None else str(value)


def _row(block: Block, line: Line, period: Period, figure: Shown) -> list[str]:
    return [
        block.indicator.key,
        str(block.indicator.label),
        line.place.kind,
        line.place.code or "",
        line.place.name,
        period.grain,
        period.start.isoformat(),
        period.end.isoformat(),
        _plain(figure.count),
        _plain(figure.base),
        _number(figure.share, 4),
        _number(figure.median_days, 2),
        _number(figure.p90_days, 2),
        "yes" if figure.too_few else "",
    ]


def rows(blocks: list[Block], period: Period) -> list[list[str]]:
    """The CSV's rows (without the header) for a page's blocks."""
    before = period.previous()
    out = []
    for block in blocks:
        for line in [*block.lines, *([block.city] if block.city else [])]:
            out.append(_row(block, line, period, line.now))
            out.append(_row(block, line, before, line.before))
    return out


def csv_text(blocks: list[Block], period: Period) -> str:
    """The whole file: BOM, header, rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(blocks, period))
    return BOM + buffer.getvalue()
