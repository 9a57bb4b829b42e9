"""Times of initiatives: stored as naive UTC, typed and shown as the time in Groningen.

Plain functions; ``template_filters`` offers the display functions to every template.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask_babel import get_locale

LOCAL = ZoneInfo("Europe/Amsterdam")


def aware(value: datetime) -> datetime:
    """A stored (naive UTC) time as an aware one; an aware time as it is."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


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


def local_datetime(value: datetime | None, format: str = "medium") -> str:
    """A stored time as the time in Groningen, in the reader's language."""
    if value is None:
        return ""
    return babel_dates.format_datetime(value.replace(tzinfo=UTC), format, tzinfo=LOCAL, locale=get_locale())


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


def local_day(value: date | None) -> str:
    """A calendar day in the reader's language, e.g. "zaterdag 14 juni 2026"."""
    return _day(value, "full", str(get_locale())) if value else ""


@functools.lru_cache(maxsize=2048)
def _day(value: date, format: str, locale: str) -> str:
    """A day written by Babel: the same day, format and language always read the same, and a list shows many
    days more than once (each once formatted)."""
    return babel_dates.format_date(value, format, locale=locale)


def agenda_datetime(value: datetime | None, format: str = "medium") -> str:
    """A stored (naive UTC) or aware time as the date and the hour and minute in Groningen."""
    if value is None:
        return ""
    locale = get_locale()
    day = _day(aware(value).astimezone(LOCAL).date(), format, str(locale))
    return babel_dates.get_datetime_format(format, locale=locale).format(agenda_time(value), day)


def agenda_time(value: datetime) -> str:
    """The hour and minute in Groningen of a stored (naive UTC) or aware time."""
    locale = get_locale()
    if _clock_of(str(locale)):  # "19:30" in Dutch and British English: written directly, as a list shows many
        return aware(value).astimezone(LOCAL).strftime("%H:%M")
    return babel_dates.format_time(aware(value), "short", tzinfo=LOCAL, locale=locale)


@functools.cache
def _clock_of(locale: str) -> bool:
    """Whether the locale writes a short time as a 24-hour "HH:mm"."""
    return babel_dates.get_time_format("short", locale=locale).pattern == "HH:mm"


def stored_iso(value: datetime | None) -> str | None:
    """A stored (naive UTC) time as an ISO string with "Z", for a notification's parameters."""
    if value is None:
        return None
    return aware(value).astimezone(UTC).replace(tzinfo=None).isoformat(timespec="minutes") + "Z"


def from_iso(value) -> datetime | None:
    """The time of an ISO string as an aware datetime; None for anything else (an old or damaged parameter)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return aware(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


def spoken_day_and_time(value: datetime | str | None, now: datetime | None = None) -> str:
    """When, as a notification says it in the reader's language, in Groningen time:
    "dinsdag 8 december, 14:00" / "Tuesday, December 8, 2:00 PM" (with the year when it is not this year's)."""
    moment = from_iso(value) if isinstance(value, str) else (aware(value) if value is not None else None)
    if moment is None:
        return ""
    locale = get_locale()
    local = moment.astimezone(LOCAL)
    pattern = babel_dates.get_date_format("full", locale=locale).pattern
    if local.year == aware(now or datetime.now(UTC)).astimezone(LOCAL).year:
        pattern = _YEAR.sub("", pattern).strip(" ,")  # "EEEE d MMMM y" → "EEEE d MMMM"
    day = babel_dates.format_date(local, pattern, locale=locale)
    return f"{day}, {babel_dates.format_time(local, 'short', locale=locale)}"


_YEAR = re.compile(r"[,\s]*\by+\b")
