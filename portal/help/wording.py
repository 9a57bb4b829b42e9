"""Help in words: the reasons behind a match score for workers ("same kind; both about pets; 0.8 km;
both on Tuesday afternoon"), a request's facts, and the words every resident's help page uses (``words``).

matching.py returns structured reasons (see matching.REASON_CODES); this is the one place that
words them, in the reader's language. Reasons stored with a match (dicts with "code" and
"params") are worded the same way. A reason that cannot be worded (an unknown code, missing
params in old data) falls back to its code, so a page never fails on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime

from babel import Locale
from babel.lists import format_list
from flask_babel import format_date, format_decimal, format_timedelta, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.help import matching, matching_text, models
from portal.help.kinds import (
    DAY_LABELS,
    FREQUENCY_LABELS,
    KIND_LABELS,
    LANGUAGE_NAMES,
    PART_LABELS,
    URGENCY_LABELS,
    slot_label,
)
from portal.help.models import WHEN_DATE, WHEN_PERIOD

REQUEST_STATUS_LABELS = {
    models.OPEN: _l("Open"),
    models.MATCHED: _l("A neighbour helps"),
    models.DONE: _l("Done"),
    models.CLOSED: _l("Closed"),
    models.EXPIRED: _l("Expired"),
}
MATCH_STATUS_LABELS = {
    models.PROPOSED: _l("Proposed"),
    models.ACCEPTED: _l("Both said yes"),
    models.DECLINED: _l("Declined"),
    models.CANCELLED: _l("Cancelled"),
    models.DONE: _l("Done"),
}
# The sensitive topics of a held request (safety.SENSITIVE_TOPICS), for the team's workers.
SENSITIVE_TOPIC_LABELS = {
    "debt": _l("money and debts"),
    "health": _l("health"),
    "mental_health": _l("mental health"),
    "domestic_violence": _l("violence at home"),
    "suicide": _l("suicide"),
}
ANSWER_LABELS = {"yes": _l("said yes"), "no": _l("said no"), None: _l("has not answered yet")}
FEEDBACK_LABELS = {"worked": _l("it worked"), "not": _l("it did not work"), None: _l("has not said yet")}

MAX_SLOTS_NAMED = 3  # a period can share 21 slots; name a few and count the rest
SEPARATOR = "; "


def _locale() -> Locale:
    return get_locale() or Locale.parse("nl")


def language_name(code: str) -> str:
    """A language by its name in the reader's language ("Arabic", "Arabisch"); else its own name."""
    return _locale().languages.get(code) or LANGUAGE_NAMES.get(code) or code


def kind_label(code: str) -> str:
    return str(KIND_LABELS.get(code, code))


def kinds_text(codes) -> str:
    return format_list([kind_label(code) for code in codes], locale=_locale()) if codes else ""


def _slots(slots: list[str]) -> str:
    labels = [str(slot_label(slot)) for slot in slots if slot in matching.SLOTS]
    rest = len(labels) - MAX_SLOTS_NAMED
    if rest > 0:
        return ngettext(
            "both on %(slots)s and %(num)d more time",
            "both on %(slots)s and %(num)d more times",
            rest,
            slots=", ".join(labels[:MAX_SLOTS_NAMED]),
        )
    return _("both on %(slots)s", slots=format_list(labels, locale=_locale()))


def _km(params: Mapping) -> str:
    return _("%(km)s km", km=format_decimal(float(params["km"]), format="#,##0.0"))


def _languages(params: Mapping) -> str:
    names = [language_name(language) for language in params["languages"]]
    return _("speaks %(languages)s", languages=format_list(names, locale=_locale()))


def load_text(load: int, capacity: int) -> str:
    """How busy a helper is, for the workers' reasons, in plain words: "helps nobody yet; can help 2
    neighbours at a time", "helps 1 neighbour now; can help 2 at a time", "already helps as many as they can"."""
    if load <= 0:
        return ngettext(
            "helps nobody yet; can help %(num)d neighbour at a time",
            "helps nobody yet; can help %(num)d neighbours at a time",
            capacity,
        )
    if load >= capacity:
        return ngettext(
            "already helps %(num)d neighbour: as many as they can",
            "already helps %(num)d neighbours: as many as they can",
            load,
        )
    return ngettext(
        "helps %(num)d neighbour now; can help %(capacity)d at a time",
        "helps %(num)d neighbours now; can help %(capacity)d at a time",
        load,
        capacity=capacity,
    )


def your_load_text(offer) -> str:
    """The same for the helper about their own offer: "You are not helping anyone now; you can help 1
    neighbour at a time." """
    load, capacity = int(offer.load), int(offer.capacity)
    if load <= 0:
        return ngettext(
            "You are not helping anyone now; you can help %(num)d neighbour at a time.",
            "You are not helping anyone now; you can help %(num)d neighbours at a time.",
            capacity,
        )
    if load >= capacity:
        return ngettext(
            "You are helping %(num)d neighbour: as many as you said you can.",
            "You are helping %(num)d neighbours: as many as you said you can.",
            load,
        )
    return ngettext(
        "You are helping %(num)d neighbour now; you can help %(capacity)d at a time.",
        "You are helping %(num)d neighbours now; you can help %(capacity)d at a time.",
        load,
        capacity=capacity,
    )


def _load(params: Mapping) -> str:
    return load_text(int(params["load"]), int(params["capacity"]))


def _kind_in_text(code: str) -> str:
    return kind_label(code).lower()


def _part_of_time(params: Mapping) -> str:
    needed = int(params["needed"])
    return ngettext(
        "can come at %(covered)d of the %(num)d time needed",
        "can come at %(covered)d of the %(num)d times needed",
        needed,
        covered=int(params["covered"]),
    )


def _topics(params: Mapping) -> str:
    language = _locale().language
    labels = [matching_text.concept_label(key, language) for key in params["topics"]]
    return _("both about %(topics)s", topics=format_list(labels, locale=_locale()))


def _words(params: Mapping) -> str:
    quoted = [f"“{word}”" for word in params["words"]]
    return _("both write %(words)s", words=format_list(quoted, locale=_locale()))


# One function per code of matching.REASON_CODES, called at render time (so in the reader's language).
WORDS = {
    "same_kind": lambda params: _("same kind"),
    "kind_from_text": lambda params: _("the question sounds like %(kind)s", kind=_kind_in_text(params["kind"])),
    "related_kind": lambda params: _("offers %(kind)s, in the same words", kind=_kind_in_text(params["kind"])),
    "unrelated_text": lambda params: _("their texts have nothing in common"),
    "distance": _km,
    "same_area": lambda params: _("same neighbourhood"),
    "shared_slots": lambda params: _slots(list(params["slots"])),
    "part_of_time": _part_of_time,
    "any_time": lambda params: _("any time"),
    "no_shared_time": lambda params: _("no shared time"),
    "first_language": lambda params: _(
        "speaks %(language)s, the requester's first language", language=language_name(params["language"])
    ),
    "shared_language": _languages,
    "no_shared_language": lambda params: _("no shared language"),
    "talk_without_language": lambda params: _("no shared language, and this help is mostly talking"),
    "dutch_assumed": lambda params: _("gave no languages, so Dutch is assumed"),
    "shared_topics": _topics,
    "shared_words": _words,
    "different_topics": lambda params: _("their texts are about different things"),
    "regular_helper": lambda params: _("helps regularly"),
    "one_off_helper": lambda params: _("helps now and then, and this request comes back"),
    "load": _load,
    "waited": lambda params: ngettext("waiting %(num)d day", "waiting %(num)d days", int(params["days"])),
    "urgent": lambda params: _("urgent"),
}
assert set(WORDS) == set(matching.REASON_CODES), "every reason code needs its words"


def describe(reason) -> str:
    """One reason in words; ``reason`` is a matching.Reason or a stored {"code", "params"} dict."""
    if isinstance(reason, Mapping):
        code, params = reason.get("code", ""), reason.get("params") or {}
    else:
        code, params = reason.code, reason.params or {}
    try:
        return WORDS[code](params)
    except (KeyError, TypeError, ValueError):
        return str(code).replace("_", " ")


def explain(suggestion_or_reasons) -> str:
    """All reasons of a matching.Suggestion (or a list of reasons) in words, joined with "; "."""
    reasons: Iterable = getattr(suggestion_or_reasons, "reasons", suggestion_or_reasons) or ()
    return SEPARATOR.join(describe(reason) for reason in reasons)


# --------------------------------------------------------------------------- a request's facts in words


def urgency_label(code: str) -> str:
    return str(URGENCY_LABELS.get(code, code))


def day_parts_text(slots) -> str:
    """The parts of the day of a dated request's slots, in day order: "morning and evening"; "" for none."""
    parts = [part for part in matching.PARTS if any(str(slot).endswith("-" + part) for slot in slots or ())]
    return format_list([str(PART_LABELS[part]) for part in parts], locale=_locale()) if parts else ""


def when_of(help_request) -> str:
    """When the help is needed: a date or a period (with the parts of the day), the chosen times of the week,
    or any time."""
    parts = day_parts_text(help_request.slots)
    if help_request.when == WHEN_DATE and help_request.on_date:
        day = format_date(help_request.on_date, "full")
        return _("%(day)s, %(parts)s", day=day, parts=parts) if parts else day
    if help_request.when == WHEN_PERIOD and help_request.on_date and help_request.until_date:
        period = _(
            "from %(first)s to %(last)s",
            first=format_date(help_request.on_date, "long"),
            last=format_date(help_request.until_date, "long"),
        )
        return _("%(day)s, %(parts)s", day=period, parts=parts) if parts else period
    slots = [slot_label(slot) for slot in help_request.slots or () if slot in matching.SLOTS]
    return format_list(slots, locale=_locale()) if slots else _("any time")


def frequency_label(code: str | None) -> str:
    return str(FREQUENCY_LABELS.get(code or matching.ONCE, code))


def languages_of(codes) -> str:
    return format_list([language_name(code) for code in codes], locale=_locale()) if codes else ""


def waited(since: datetime, now: datetime) -> str:
    """How long something has waited, roughly ("5 days"), for the workers' lists."""
    return format_timedelta(now - since, threshold=1.0)


# --------------------------------------------------------------------------- the residents' pages


def slots_text(slots) -> str:
    """Times of the week in week order: "Tuesday afternoon, Tuesday evening, Saturday morning"."""
    chosen = [slot for slot in matching.SLOTS if slot in set(slots or ())]
    return ", ".join(slot_label(slot) for slot in chosen) if chosen else _("Any time")


def reach_text(offer) -> str:
    if offer.radius_km is None:
        return _("In their own neighbourhood")
    return _("Up to %(km)s km from home", km=format_decimal(offer.radius_km, format="#,##0.#"))


def languages_text(codes) -> str:
    return ", ".join(LANGUAGE_NAMES.get(code, code) for code in codes or ())


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)\s?\d{2}|0)(?:[\s\-.()/]{0,2}\d){8,10}(?!\d)")  # Dutch and international


def without_contact_details(text: str | None) -> str:
    """Text for a public page: e-mail addresses and phone numbers a resident typed in are hidden."""
    if not text:
        return ""
    hidden = _("(contact details hidden)")
    return _PHONE.sub(hidden, _EMAIL.sub(hidden, text))


def words() -> dict:
    """The labels and wording functions every resident's help page uses, for its template."""
    return {
        "kind_labels": KIND_LABELS,
        "urgency_labels": URGENCY_LABELS,
        "help_languages": LANGUAGE_NAMES,
        "day_labels": DAY_LABELS,
        "part_labels": PART_LABELS,
        "days": matching.DAYS,
        "parts": matching.PARTS,
        "request_status_labels": REQUEST_STATUS_LABELS,
        "match_status_labels": MATCH_STATUS_LABELS,
        "slots_text": slots_text,
        "day_parts_text": day_parts_text,
        "frequency_labels": FREQUENCY_LABELS,
        "slot_label": slot_label,
        "reach_text": reach_text,
        "languages_text": languages_text,
        "public_text": without_contact_details,
        "your_load_text": your_load_text,
        "wording_load": load_text,
        "topic_labels": SENSITIVE_TOPIC_LABELS,
    }
