"""The registry of notification kinds: what each kind is called and how it is worded.

A notification is stored as a kind and its parameters, never as finished text, so the same row reads
in Dutch for one resident and in English for another, now and after a translation is corrected.
Notifications sit below the features that notify, so each feature registers its own kinds at start-up
(``register`` in its ``notification_kinds.py``, called by its ``init_app``); the preferences page lists
them in that order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _

RESIDENTS, WORKERS = "residents", "workers"  # who a kind is for: workers only see and choose WORKERS kinds


@dataclass(frozen=True)
class Kind:
    label: object  # lazy: the preference form's label
    hint: object
    describe: Callable[[dict], str]  # one sentence in the current locale, from the stored parameters
    audience: str = RESIDENTS


KINDS: dict[str, Kind] = {}


def register(name: str, label, hint, describe: Callable[[dict], str], audience: str = RESIDENTS) -> None:
    """Add a kind (again: the same name replaces itself, so building a second app is harmless).

    ``audience`` WORKERS: a kind only the workers of a team receive (a new question in the team inbox, …);
    the preferences page offers it to workers only.
    """
    KINDS[name] = Kind(label, hint, describe, audience)


def kinds_for(user) -> dict[str, Kind]:
    """The kinds ``user`` can receive, in registration order: workers get every kind, residents theirs."""
    if getattr(user, "is_worker", False):
        return dict(KINDS)
    return {name: kind for name, kind in KINDS.items() if kind.audience == RESIDENTS}


def describe(kind: str, params: dict) -> str:
    """One sentence for a notification, in the current locale (wrap in force_locale for mail)."""
    found = KINDS.get(kind)
    return found.describe(params) if found else _("There is news on Buurtportaal.")
