"""Times of initiatives: stored as naive UTC, typed and shown as the time in Groningen."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask_babel import get_locale

from portal.initiatives.blueprint import bp

LOCAL = ZoneInfo("Europe/Amsterdam")


def to_utc(local: datetime | None) -> datetime | None:
    """A time typed in Groningen as the naive UTC the database stores."""
    if local is None:
        return None
    return local.replace(tzinfo=LOCAL).astimezone(UTC).replace(tzinfo=None)


def to_local(stored: datetime | None) -> datetime | None:
    """A stored naive UTC time as the naive time on a clock in Groningen (for a form)."""
    if stored is None:
        return None
    return stored.replace(tzinfo=UTC).astimezone(LOCAL).replace(tzinfo=None)


@bp.app_template_filter("local_datetime")
def local_datetime(value: datetime | None, format: str = "medium") -> str:
    """A stored time as the time in Groningen, in the reader's language."""
    if value is None:
        return ""
    return babel_dates.format_datetime(value.replace(tzinfo=UTC), format, tzinfo=LOCAL, locale=get_locale())


@bp.app_template_filter("local_period")
def local_period(start: datetime | None, end: datetime | None = None) -> str:
    """When something happens, in Groningen time: "woensdag 23 december 2026, 13:00–17:00"."""
    if start is None:
        return ""
    locale = get_locale()
    begin = start.replace(tzinfo=UTC).astimezone(LOCAL)

    def day_and_time(moment: datetime) -> str:
        day = babel_dates.format_date(moment, "full", locale=locale)
        return f"{day}, {babel_dates.format_time(moment, 'short', locale=locale)}"

    if end is None:
        return day_and_time(begin)
    finish = end.replace(tzinfo=UTC).astimezone(LOCAL)
    if finish.date() == begin.date():
        return f"{day_and_time(begin)}–{babel_dates.format_time(finish, 'short', locale=locale)}"
    return f"{day_and_time(begin)} – {day_and_time(finish)}"


@bp.app_template_filter("local_day")
def local_day(value: date | None) -> str:
    """A calendar day in the reader's language, e.g. "zaterdag 14 juni 2026"."""
    return babel_dates.format_date(value, "full", locale=get_locale()) if value else ""


@bp.app_template_filter("euros")
def euros(value) -> str:
    """An amount in euros in the reader's language, e.g. "€ 82,50"."""
    return babel_numbers.format_currency(value, "EUR", locale=get_locale()) if value is not None else ""
