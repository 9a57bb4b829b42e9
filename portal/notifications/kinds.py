"""The registry of notification kinds: what each kind is called and how it is worded.

A notification is stored as a kind and its parameters, never as finished text, so the same row reads
in Dutch for one resident and in English for another, now and after a translation is corrected.
Notifications sit below the features that notify, so each feature registers its own kinds at start-up
(``register`` in its ``notification_kinds.py``, called by its ``init_app``); the preferences page lists
them in that order, residents' kinds apart from the kinds for the team's work. A kind may name a
``group`` (a heading such as "Neighbourly help"): a digest mail puts the kinds of one group under it;
a kind without one stands under its own label.

``day`` and ``moment`` word a date or time stored in the parameters as an ISO string ("2026-12-08",
"2026-12-08T13:00:00", naive UTC) in the reader's language: "dinsdag 8 december, 14:00".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask_babel import get_locale
from flask_babel import gettext as _

RESIDENTS, WORKERS = "residents", "workers"  # who a kind is for: workers only see and choose WORKERS kinds
LOCAL = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Kind:
    label: object  # lazy: the preference form's label
    hint: object
    describe: Callable[[dict], str]  # one sentence in the current locale, from the stored parameters
    audience: str = RESIDENTS
    group: object = None  # lazy: the heading a digest puts this kind under (None: its label)

    @property
    def heading(self) -> str:
        return str(self.group or self.label)


KINDS: dict[str, Kind] = {}


def register(name: str, label, hint, describe: Callable[[dict], str], audience: str = RESIDENTS, group=None) -> None:
    """Add a kind (again: the same name replaces itself, so building a second app is harmless).

    ``audience`` WORKERS: a kind only the workers of a team receive (a new question in the team inbox, …);
    the preferences page offers it to workers only. ``group``: a lazy heading shared by related kinds
    ("Neighbourly help"), under which a digest mail lists them.
    """
    KINDS[name] = Kind(label, hint, describe, audience, group)


def kinds_for(user) -> dict[str, Kind]:
    """The kinds ``user`` can receive, in registration order: workers get every kind, residents theirs."""
    if getattr(user, "is_worker", False):
        return dict(KINDS)
    return {name: kind for name, kind in KINDS.items() if kind.audience == RESIDENTS}


def describe(kind: str, params: dict) -> str:
    """One sentence for a notification, in the current locale (wrap in force_locale for mail)."""
    found = KINDS.get(kind)
    return found.describe(params) if found else _("There is news on Buurtportaal.")


def heading(kind: str) -> str:
    """The heading a digest lists ``kind`` under, in the current locale."""
    found = KINDS.get(kind)
    return found.heading if found else _("Other news")


def _parse(value) -> date | datetime | None:
    if isinstance(value, datetime | date):
        return value
    try:
        text = str(value or "")
        return datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
    except ValueError:
        return None


def day(value) -> str:
    """A day stored as an ISO string, in the reader's language: "dinsdag 8 december" ("" when unreadable)."""
    parsed = _parse(value)
    if parsed is None:
        return ""
    if isinstance(parsed, datetime):
        parsed = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(LOCAL).date()
    return babel_dates.format_date(parsed, "EEEE d MMMM", locale=get_locale())


def moment(value) -> str:
    """A time stored as an ISO string (naive UTC), as the day and time in Groningen: "dinsdag 8 december, 14:00"."""
    parsed = _parse(value)
    if not isinstance(parsed, datetime):
        return day(value)
    local = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(LOCAL)
    return _(
        "%(day)s, %(time)s",
        day=day(local),
        time=babel_dates.format_time(local, "short", locale=get_locale()),
    )
