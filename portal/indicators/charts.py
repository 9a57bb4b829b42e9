"""Charts drawn on the server as SVG: readable without JavaScript and by screen readers.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that lists every number it draws, so a
screen reader hears the same figures a sighted reader sees; the pages also put the numbers in a table beside it.
Sizes are in a ``viewBox``; the width and height attributes are the size on a wide screen (320 px wide at most)
and the stylesheet's ``svg { max-width: 100%; height: auto }`` shrinks a chart to a 375 px phone. The colours
pass WCAG AA against white: bars and lines in the portal's green (#0b6b3a, 6.9:1), text in ink (#1b1b1b),
the axis in grey (#767676, 4.5:1). Pure functions of their arguments: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BAR = "#0b6b3a"
INK = "#1b1b1b"
AXIS = "#767676"

WIDTH = 320  # viewBox units; scales to the column's width
ROW = 34  # one bar: its label above, the bar below
BAR_HEIGHT = 12
VALUE_ROOM = 64  # room right of the longest bar for its value


@dataclass(frozen=True)
class Point:
    """One value to draw: ``label`` names it (a team, a month), ``value`` is the number to scale (None: not
    known or not shown), ``text`` is how the page writes it ("42 %", "<5", "too few to say")."""

    label: str
    value: float | None
    text: str


def _describe(points: Sequence[Point]) -> str:
    return "; ".join(f"{point.label}: {point.text}" for point in points)


def _open(title: str, description: str, width: int, height: int, chart_class: str, scale: int = 1) -> str:
    return (
        f'<svg class="{chart_class}" role="img" viewBox="0 0 {width} {height}" width="{width * scale}" '
        f'height="{height * scale}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" '
        f'focusable="false">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    )


def bar_chart(title: str, points: Sequence[Point]) -> Markup:
    """Horizontal bars, one per point, longest value the full width; a point without a value gets no bar, only
    its text. Labels sit above their bars so long team names fit a phone."""
    known = [point.value for point in points if point.value is not None and point.value > 0]
    top = max(known, default=0)
    height = max(ROW * len(points), ROW)
    parts = [_open(title, _describe(points), WIDTH, height, "chart chart-bars")]
    room = WIDTH - VALUE_ROOM
    for index, point in enumerate(points):
        y = index * ROW
        parts.append(f'<text x="0" y="{y + 12}" font-size="12" fill="{INK}">{escape(point.label)}</text>')
        length = 0.0
        if point.value is not None and top > 0 and point.value > 0:
            length = max(round(room * point.value / top, 1), 1.0)
            parts.append(f'<rect x="0" y="{y + 16}" width="{length}" height="{BAR_HEIGHT}" fill="{BAR}"></rect>')
        parts.append(f'<text x="{length + 4}" y="{y + 26}" font-size="12" fill="{INK}">{escape(point.text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 160, 40, 4


def sparkline(title: str, points: Sequence[Point]) -> Markup:
    """A small trend line over the points in order (oldest first); a point without a value breaks the line.
    The last known value gets a dot. The bottom is 0 (or the lowest value, when below 0), the top the highest
    value, so that a small change does not look like a large one (a line of zeros sits in the middle)."""
    values = [point.value for point in points if point.value is not None]
    parts = [_open(title, _describe(points), SPARK_WIDTH, SPARK_HEIGHT, "chart chart-trend", scale=2)]
    parts.append(
        f'<line x1="0" y1="{SPARK_HEIGHT - 1}" x2="{SPARK_WIDTH}" y2="{SPARK_HEIGHT - 1}" '
        f'stroke="{AXIS}" stroke-width="1"></line>'
    )
    if values:
        low, high = min(*values, 0), max(values)
        step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(points) - 1, 1)
        span = SPARK_HEIGHT - 2 * SPARK_PAD

        def y_of(value: float) -> float:
            if high == low:
                return SPARK_HEIGHT / 2
            return round(SPARK_PAD + span * (high - value) / (high - low), 1)

        runs: list[list[str]] = [[]]
        last = None
        for index, point in enumerate(points):
            if point.value is None:
                runs.append([])
                continue
            x = round(SPARK_PAD + index * step, 1)
            runs[-1].append(f"{x},{y_of(point.value)}")
            last = (x, y_of(point.value))
        for run in runs:
            if len(run) > 1:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{BAR}" stroke-width="2"></polyline>'
                )
        if last is not None:
            parts.append(f'<circle cx="{last[0]}" cy="{last[1]}" r="3" fill="{BAR}"></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()
