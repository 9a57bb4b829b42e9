"""The kinds of help, the times of the week and the languages, with their labels for residents."""

from __future__ import annotations

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.help import matching

KIND_LABELS = {
    "groceries": _l("Groceries"),
    "lift": _l("A lift"),
    "odd_jobs": _l("Odd jobs"),
    "garden": _l("Garden"),
    "computer": _l("Computer and phone help"),
    "forms": _l("Forms and letters"),
    "language_buddy": _l("Language buddy"),
    "company": _l("Company and a walk"),
    "childminding": _l("Childminding"),
    "cooking": _l("Cooking"),
    "other": _l("Other"),
}
assert tuple(KIND_LABELS) == tuple(matching.KINDS), "labels and matching kinds must agree"

DAYS = matching.DAYS
DAY_LABELS = {
    "mon": _l("Monday"),
    "tue": _l("Tuesday"),
    "wed": _l("Wednesday"),
    "thu": _l("Thursday"),
    "fri": _l("Friday"),
    "sat": _l("Saturday"),
    "sun": _l("Sunday"),
}
PART_LABELS = {"morning": _l("morning"), "afternoon": _l("afternoon"), "evening": _l("evening")}

URGENCY_LABELS = {"low": _l("Not urgent"), "normal": _l("Within a week or two"), "high": _l("Urgent: within days")}
FREQUENCY_LABELS = {"once": _l("Once"), "weekly": _l("Every week"), "several": _l("A few times")}
assert tuple(FREQUENCY_LABELS) == matching.FREQUENCIES, "labels and matching frequencies must agree"

# Language names in their own language, as residents recognise them.
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "uk": "Українська",
    "ru": "Русский",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "fa": "فارسی",
    "zh": "中文",
    "pap": "Papiamentu",
}


def slot_label(slot: str) -> str:
    """A time slot in running text, in the reader's language: "Tuesday afternoon", "dinsdagmiddag"."""
    day, part = slot.split("-", 1)
    weekday = get_day_names("wide", locale=get_locale())[DAYS.index(day)]  # Dutch weekdays are lower case
    # The pattern is translated so a language can join the two words (Dutch writes one word).
    return _("%(day)s %(part)s", day=weekday, part=PART_LABELS[part])
