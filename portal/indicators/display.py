"""How a figure is written on a page and drawn in a chart: one text and one number per indicator kind.

* a share: "42 % (5 of 12)"; hidden by the small-number rule: "too few to say"; no items: "none";
* a count: "12", or "<5";
* a duration: "2.5 days (90 %: 6.0)", the median and the 90th percentile;
* a figure not available for the place (e.g. questions for a neighbourhood): "—".
"""

from __future__ import annotations

from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _

from portal.indicators.definitions import DURATION, SHARE, Indicator
from portal.indicators.periods import MONTH, QUARTER, WEEK, YEAR, Period
from portal.indicators.small_numbers import Shown

NOT_AVAILABLE = "—"


def _days(value: float) -> str:
    return format_decimal(value, format="#,##0.0")


def text(indicator: Indicator, figure: Shown) -> str:
    """The figure as the page writes it."""
    if figure.count is None:
        return NOT_AVAILABLE
    if indicator.kind == SHARE:
        if figure.share is not None:
            return _(
                "%(share)s (%(count)s of %(base)s)",
                share=format_percent(figure.share),
                count=figure.count,
                base=figure.base,
            )
        return _("too few to say") if figure.too_few else _("none")
    if indicator.kind == DURATION:
        if figure.median_days is not None:
            return _(
                "%(median)s days (90%%: %(p90)s)",
                median=_days(figure.median_days),
                p90=_days(figure.p90_days if figure.p90_days is not None else figure.median_days),
            )
        return _("too few to say") if figure.too_few else _("none")
    return str(figure.count)


def number(indicator: Indicator, figure: Shown) -> float | None:
    """The figure as a chart draws it (None: not drawn)."""
    if indicator.kind == SHARE:
        return figure.share
    if indicator.kind == DURATION:
        return figure.median_days
    return figure.count_value


def period_name(period: Period) -> str:
    """ "November 2026", "Q4 2026", "2026", "week of 30 Nov 2026"."""
    if period.grain == MONTH:
        return format_date(period.start, "LLLL yyyy")
    if period.grain == QUARTER:
        return _("Q%(quarter)s %(year)s", quarter=(period.start.month - 1) // 3 + 1, year=period.start.year)
    if period.grain == YEAR:
        return str(period.start.year)
    if period.grain == WEEK:
        return _("week of %(day)s", day=format_date(period.start, "medium"))
    return period.start.isoformat()
