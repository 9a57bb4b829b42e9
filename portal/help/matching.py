"""Matching help requests to help offers: eligibility, an explained score and a ranking.

A pure core (no Flask, no database): the caller passes facts in and gets ids, scores and structured
reasons back; wording the reasons is the caller's job (gettext), see REASON_CODES.

A score is 0..100, scored as an experienced community worker weighs a neighbour for a request:

- Kind is a gate: an offer must cover the requested kind. A request of kind "other" is matched to the
  "other" offers whose text shares something with it, and to offers of the kinds its text is about
  (a curtain rail is odd jobs); see ``matching_text``.
- For help that is mostly talking (TALK_KINDS: letters and forms, computer and phone help, company, a
  language buddy) a shared language is close to a gate: without one the score is multiplied by
  NO_LANGUAGE_FIT; with only another of the requester's languages than the first-listed, by
  OTHER_LANGUAGE_FIT. An offer without languages counts as Dutch only; so does a request without them.
- The rest is a weighted sum of components in [0, 1] (WEIGHTS):
  distance (km between the two places, falling by half every DISTANCE_HALF_KM; the helper's radius is
  only a limit, in ``eligible``), time (the share of the requester's needed times the helper can come;
  for a one-off request one shared moment is most of it), language (the requester's first language,
  another of theirs, or none), text (how alike the two texts are), rhythm (a recurring request wants a
  helper who said they help regularly), load (spread the work) and waiting (how long the request has
  waited, with urgency; the same for every offer of a request, so it does not reorder ``rank`` but
  decides who gets a scarce offer in ``best_set``).

``rank`` lists the eligible offers for one request, ties going to the least busy helper, then to the
one who offered earliest; ``matching_best_set.best_set`` proposes matches for many requests at once with
the same numbers, helping as many people as possible first.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter

from portal.help import matching_text

KINDS = (
    "groceries",
    "lift",
    "odd_jobs",
    "garden",
    "computer",
    "forms",
    "language_buddy",
    "company",
    "childminding",
    "cooking",
    "other",
)
TALK_KINDS = frozenset({"forms", "computer", "company", "language_buddy"})
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("morning", "afternoon", "evening")
SLOTS = tuple(f"{day}-{part}" for day in DAYS for part in PARTS)
URGENCIES = ("low", "normal", "high")
ONCE, WEEKLY, SEVERAL = "once", "weekly", "several"
FREQUENCIES = (ONCE, WEEKLY, SEVERAL)
DUTCH = "nl"

WEIGHTS = {
    "distance": 0.20,
    "time": 0.25,
    "text": 0.25,
    "rhythm": 0.15,
    "language": 0.05,
    "load": 0.05,
    "waiting": 0.05,
}
DISTANCE_HALF_KM = 1.5  # the distance component is 1/2 here: 1 / (1 + (km / DISTANCE_HALF_KM)²)
SAME_PLACE_KM = 0.05  # closer than this is "the same neighbourhood", not "0.0 km"
DEFAULT_REACH_KM = 1.5  # reach of an offer limited to its own area, for requests just across the border
ONCE_ONE_MOMENT = 0.6  # a one-off request with one shared moment: this much of the time component
ONE_OFF_FOR_RECURRING = 0.0  # rhythm component of a one-off helper for a weekly or repeated request
OTHER_LANGUAGE = 0.7  # language component when only another of the requester's languages is shared
NO_LANGUAGE_FIT = 0.25  # talk-heavy help without a shared language: the score is multiplied by this
OTHER_LANGUAGE_FIT = 0.75  # talk-heavy help in another than the requester's first language
UNRELATED_OTHER = 0.5  # kind "other" on both sides, but the texts share nothing: the score is multiplied by this
WAITING_FULL_DAYS = 14.0  # waiting counts fully after two weeks
URGENCY_PACE = {"low": 0.5, "normal": 1.0, "high": 1.0}  # a low-urgency request gains at half pace
URGENCY_HEAD_START_DAYS = {"low": 0.0, "normal": 0.0, "high": 7.0}  # an urgent one starts a week ahead

# Every reason code with its params, for the wording layer.
REASON_CODES = {
    "same_kind": ("kind",),
    "kind_from_text": ("kind",),
    "related_kind": ("kind",),
    "unrelated_text": (),
    "distance": ("km",),
    "same_area": (),
    "shared_slots": ("slots",),
    "part_of_time": ("covered", "needed"),
    "any_time": (),
    "no_shared_time": (),
    "first_language": ("language",),
    "shared_language": ("languages",),
    "no_shared_language": (),
    "talk_without_language": (),
    "dutch_assumed": (),
    "shared_topics": ("topics",),
    "shared_words": ("words",),
    "different_topics": (),
    "regular_helper": (),
    "one_off_helper": (),
    "load": ("load", "capacity"),
    "waited": ("days",),
    "urgent": (),
}

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = 110.5  # a little under the haversine's 111.19, so quick latitude checks never exclude too much
_SLOT_ORDER = {slot: index for index, slot in enumerate(SLOTS)}


@dataclass(frozen=True)
class OfferFacts:
    """What matching needs to know of a help offer."""

    id: int
    user_id: int
    kinds: frozenset[str]
    lat: float | None
    lon: float | None
    area_id: int | None
    radius_km: float | None  # None: only their own area
    slots: frozenset[str]  # "tue-afternoon"; empty: any time
    languages: frozenset[str]  # ISO 639-1 codes; empty: not given, counts as Dutch
    capacity: int
    load: int  # matches currently active or proposed
    regular: bool = False  # helps regularly, not only now and then
    words: frozenset[str] = frozenset()  # matching_text.features of the offer's description
    created_at: datetime | None = None  # naive UTC; the earliest offer wins a full tie


@dataclass(frozen=True)
class RequestFacts:
    """What matching needs to know of a help request."""

    id: int
    user_id: int
    kind: str
    lat: float | None
    lon: float | None
    area_id: int | None
    slots: frozenset[str]  # the weekday slots the help is needed in (needed_slots); empty: any time
    languages: tuple[str, ...]  # ISO 639-1 codes, the first-listed first; empty: not given, counts as Dutch
    created_at: datetime  # naive UTC
    urgency: str  # "low" | "normal" | "high"
    frequency: str = ONCE  # "once" | "weekly" | "several"
    words: frozenset[str] = frozenset()  # matching_text.features of the request's description
    text: str = ""  # the description itself, only to name shared words in a reason

    def __post_init__(self) -> None:
        if not isinstance(self.languages, tuple):  # a set has no first language: take them in a fixed order
            object.__setattr__(self, "languages", tuple(sorted(self.languages)))


@dataclass(frozen=True)
class Reason:
    """One structured reason behind a score; worded elsewhere (see REASON_CODES)."""

    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    """An offer for a request, with its score (0..100), components and reasons."""

    offer_id: int
    score: float
    components: dict[str, float]
    reasons: tuple[Reason, ...]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def days_between(first: date, last: date | None) -> list[str]:
    """The weekdays from ``first`` to ``last`` (at most a week's worth), in week order."""
    span = max(0, min(((last or first) - first).days, 6))
    found = {DAYS[(first + timedelta(days=n)).weekday()] for n in range(span + 1)}
    return [day for day in DAYS if day in found]


def date_slots(first: date, last: date | None, parts: Iterable[str]) -> list[str]:
    """The slots of a date or a period in the stated parts of the day (none stated: none), in week order."""
    return [f"{day}-{part}" for day in days_between(first, last) for part in PARTS if part in set(parts)]


def needed_slots(when: str, first: date | None, last: date | None, slots: Iterable[str]) -> frozenset[str]:
    """The weekday slots a request needs: its chosen times of the week ("slots"); for a date or a period,
    the stated parts of its weekdays (stored as their slots, see date_slots), or all three parts."""
    chosen = frozenset(slots or ())
    if when == "slots":
        return chosen
    if first is None:
        return frozenset()
    days = days_between(first, last)
    stated = {slot for slot in chosen if slot[:3] in days}
    return frozenset(stated) if stated else frozenset(f"{day}-{part}" for day in days for part in PARTS)


# --- the kind gate --------------------------------------------------------------------------------------


def wanted_kinds(request: RequestFacts) -> frozenset[str] | None:
    """The kinds an offer must cover for this request; None for "other", where the texts decide."""
    return None if request.kind == "other" else frozenset({request.kind})


def kind_component(request: RequestFacts, offer: OfferFacts) -> float:
    """1 when the offer covers the requested kind, else 0.

    For a request of kind "other" the texts decide: 1 for an offer of a kind the request's text is about
    (a curtain rail is odd jobs) or whose text shares something with it, UNRELATED_OTHER for an "other"
    offer whose text shares nothing (better than no suggestion at all), else 0.
    """
    if request.kind != "other":
        return 1.0 if request.kind in offer.kinds else 0.0
    if not offer.kinds.isdisjoint(matching_text.kinds_in(request.words)):
        return 1.0
    if matching_text.relates(request.words, offer.words):
        return 1.0
    return UNRELATED_OTHER if "other" in offer.kinds else 0.0


# --- components, each in [0, 1] ---------------------------------------------------------------------------


def _same_area(request: RequestFacts, offer: OfferFacts) -> bool:
    return request.area_id is not None and request.area_id == offer.area_id


def _has_coordinates(request: RequestFacts, offer: OfferFacts) -> bool:
    return None not in (request.lat, request.lon, offer.lat, offer.lon)


def reach_km(offer: OfferFacts) -> float:
    """How far an offer reaches: its radius, or DEFAULT_REACH_KM for an offer limited to its own area."""
    return DEFAULT_REACH_KM if offer.radius_km is None else offer.radius_km


def km_between(request: RequestFacts, offer: OfferFacts) -> float | None:
    """The km between the two places; 0 for the same neighbourhood without coordinates; None when unknown."""
    if _has_coordinates(request, offer):
        return distance_km(request.lat, request.lon, offer.lat, offer.lon)
    return 0.0 if _same_area(request, offer) else None


def distance_component(request: RequestFacts, offer: OfferFacts) -> float:
    """1 at 0 km, 1/2 at DISTANCE_HALF_KM, flat nearby and falling after (a few hundred metres hardly matter
    between neighbours, a few km do); how far the helper is willing to go does not count here."""
    km = km_between(request, offer)
    return 0.0 if km is None else 1.0 / (1.0 + (km / DISTANCE_HALF_KM) ** 2)


def time_component(request: RequestFacts, offer: OfferFacts) -> float:
    """The share of the requester's needed times the helper can come; a helper's other free times never count.

    Any time on either side is 1. A one-off request needs one moment: one shared moment gives
    ONCE_ONE_MOMENT, the rest grows with the share (more moments to choose from).
    """
    if not request.slots or not offer.slots:
        return 1.0
    covered = len(request.slots & offer.slots) / len(request.slots)
    if request.frequency == ONCE and covered > 0:
        return ONCE_ONE_MOMENT + (1 - ONCE_ONE_MOMENT) * covered
    return covered


def spoken_by_requester(request: RequestFacts) -> tuple[str, ...]:
    return request.languages or (DUTCH,)


def spoken_by_helper(offer: OfferFacts) -> frozenset[str]:
    return offer.languages or frozenset({DUTCH})


def language_component(request: RequestFacts, offer: OfferFacts) -> float:
    """1 when the helper speaks the requester's first-listed language, OTHER_LANGUAGE for another of theirs, else 0."""
    spoken, helper = spoken_by_requester(request), spoken_by_helper(offer)
    if spoken[0] in helper:
        return 1.0
    return OTHER_LANGUAGE if not helper.isdisjoint(spoken) else 0.0


def language_fit(request: RequestFacts, offer: OfferFacts) -> float:
    """For help that is mostly talking: 1 in the requester's first language, OTHER_LANGUAGE_FIT in another of
    theirs, NO_LANGUAGE_FIT without a shared one; other help: 1."""
    if request.kind not in TALK_KINDS:
        return 1.0
    spoken, helper = spoken_by_requester(request), spoken_by_helper(offer)
    if spoken[0] in helper:
        return 1.0
    return OTHER_LANGUAGE_FIT if not helper.isdisjoint(spoken) else NO_LANGUAGE_FIT


def text_component(request: RequestFacts, offer: OfferFacts) -> float:
    """How much of what the request's text is about the offer's text mentions too (matching_text.coverage)."""
    return matching_text.coverage(request.words, offer.words)


def rhythm_component(request: RequestFacts, offer: OfferFacts) -> float:
    """A weekly or repeated request wants a helper who helps regularly; for a one-off request anyone is 1."""
    if request.frequency == ONCE or offer.regular:
        return 1.0
    return ONE_OFF_FOR_RECURRING


def load_component(offer: OfferFacts) -> float:
    """Share of the offer's capacity still free: helping 0 of 2 is 1.0, 1 of 2 is 0.5."""
    if offer.capacity <= 0:
        return 0.0
    return min(1.0, max(0.0, (offer.capacity - offer.load) / offer.capacity))


def _waited_days(request: RequestFacts, now: datetime) -> float:
    return max(0.0, (now - request.created_at).total_seconds() / 86400)


def waiting_component(request: RequestFacts, now: datetime) -> float:
    """How long the request has waited, full after WAITING_FULL_DAYS; urgency changes pace and head start."""
    days = _waited_days(request, now) * URGENCY_PACE.get(request.urgency, 1.0)
    days += URGENCY_HEAD_START_DAYS.get(request.urgency, 0.0)
    return min(1.0, days / WAITING_FULL_DAYS)


# --- eligibility, score, rank -----------------------------------------------------------------------------


def within_reach(request: RequestFacts, offer: OfferFacts) -> bool:
    """Distance <= radius_km; own-area offers: same area or within DEFAULT_REACH_KM; no coordinates: same area."""
    same_area = _same_area(request, offer)
    if not _has_coordinates(request, offer):
        return same_area
    if offer.radius_km is None and same_area:
        return True
    reach = reach_km(offer)
    if abs(request.lat - offer.lat) * KM_PER_DEGREE_LAT > reach:  # cheap: too far north or south
        return False
    return distance_km(request.lat, request.lon, offer.lat, offer.lon) <= reach


def eligible(request: RequestFacts, offer: OfferFacts) -> bool:
    """May this offer be suggested for this request at all?"""
    return (
        request.user_id != offer.user_id
        and offer.load < offer.capacity
        and within_reach(request, offer)  # before the kind: for "other" the texts are read, which costs more
        and kind_component(request, offer) > 0
    )


def _components(request: RequestFacts, offer: OfferFacts, waiting: float) -> dict[str, float]:
    return {
        "distance": distance_component(request, offer),
        "time": time_component(request, offer),
        "language": language_component(request, offer),
        "text": text_component(request, offer),
        "rhythm": rhythm_component(request, offer),
        "load": load_component(offer),
        "waiting": waiting,
    }


def _total(components: dict[str, float], fit: float) -> float:
    # Summed in WEIGHTS order so that best_set's arrays give the very same floats.
    total = 0.0
    for name, weight in WEIGHTS.items():
        total += weight * components[name]
    return 100.0 * fit * total


def _sorted_slots(slots: Iterable[str]) -> list[str]:
    return sorted(slots, key=lambda slot: (_SLOT_ORDER.get(slot, len(SLOTS)), slot))


def _place_reasons(request: RequestFacts, offer: OfferFacts) -> list[Reason]:
    found = []
    km = distance_km(request.lat, request.lon, offer.lat, offer.lon) if _has_coordinates(request, offer) else None
    if km is not None and (km >= SAME_PLACE_KM or not _same_area(request, offer)):
        found.append(Reason("distance", {"km": round(km, 1)}))
    if _same_area(request, offer):
        found.append(Reason("same_area"))
    return found


def _time_reasons(request: RequestFacts, offer: OfferFacts) -> list[Reason]:
    if not request.slots or not offer.slots:
        return [Reason("any_time")]
    shared = request.slots & offer.slots
    if not shared:
        return [Reason("no_shared_time")]
    found = [Reason("shared_slots", {"slots": _sorted_slots(shared)})]
    if request.frequency != ONCE and len(shared) < len(request.slots):
        found.append(Reason("part_of_time", {"covered": len(shared), "needed": len(request.slots)}))
    return found


def _language_reasons(request: RequestFacts, offer: OfferFacts) -> list[Reason]:
    spoken, helper = spoken_by_requester(request), spoken_by_helper(offer)
    found = []
    if spoken[0] in helper and len(request.languages) > 1:
        found.append(Reason("first_language", {"language": spoken[0]}))
    elif shared := [code for code in spoken if code in helper]:
        found.append(Reason("shared_language", {"languages": shared}))
    elif request.kind in TALK_KINDS:
        found.append(Reason("talk_without_language"))
    else:
        found.append(Reason("no_shared_language"))
    if not offer.languages:
        found.append(Reason("dutch_assumed"))
    return found


def _kind_reasons(request: RequestFacts, offer: OfferFacts) -> list[Reason]:
    if request.kind != "other":
        return [Reason("same_kind", {"kind": request.kind})]
    pointed = sorted(matching_text.kinds_in(request.words) & offer.kinds, key=KINDS.index)
    if pointed:
        return [Reason("kind_from_text", {"kind": pointed[0]})]
    if matching_text.relates(request.words, offer.words):
        if "other" in offer.kinds:
            return [Reason("same_kind", {"kind": "other"})]
        return [Reason("related_kind", {"kind": sorted(offer.kinds, key=KINDS.index)[0]})]
    return [Reason("same_kind", {"kind": "other"}), Reason("unrelated_text")]


def _text_reasons(request: RequestFacts, offer: OfferFacts) -> list[Reason]:
    topics = sorted(matching_text.help_topics(request.words) & matching_text.help_topics(offer.words))
    if topics:
        return [Reason("shared_topics", {"topics": topics})]
    if words := matching_text.shared_words(request.text, request.words, offer.words):
        return [Reason("shared_words", {"words": words})]
    if matching_text.kinds_in(request.words) and matching_text.kinds_in(offer.words):
        return [Reason("different_topics")]
    return []


def reasons(request: RequestFacts, offer: OfferFacts, now: datetime) -> tuple[Reason, ...]:
    """The structured reasons behind a score, in the order a worker reads them."""
    kind = _kind_reasons(request, offer)
    found = [
        *kind,
        *([] if kind[-1].code == "unrelated_text" else _text_reasons(request, offer)),
        *_place_reasons(request, offer),
        *_time_reasons(request, offer),
        *_language_reasons(request, offer),
    ]
    if request.frequency != ONCE:
        found.append(Reason("regular_helper" if offer.regular else "one_off_helper"))
    found.append(Reason("load", {"load": offer.load, "capacity": offer.capacity}))
    if (days := int(_waited_days(request, now))) >= 1:
        found.append(Reason("waited", {"days": days}))
    if request.urgency == "high":
        found.append(Reason("urgent"))
    return tuple(found)


def score(request: RequestFacts, offer: OfferFacts, now: datetime) -> Suggestion:
    """Score an offer for a request (0..100) with components and reasons; 0 when the kind does not match.

    It does not check the rest of eligibility; rank and best_set only ever score eligible pairs.
    """
    components = _components(request, offer, waiting_component(request, now))
    kind, fit = kind_component(request, offer), language_fit(request, offer)
    return Suggestion(
        offer_id=offer.id,
        score=_total(components, kind * fit),
        components={"kind": kind, "language_fit": fit, **components},
        reasons=reasons(request, offer, now),
    )


def tie_key(offer: OfferFacts) -> tuple:
    """Among equal scores: the least busy helper first, then the one who offered earliest (the id only when
    two offers were made at the very same moment)."""
    busy = offer.load / offer.capacity if offer.capacity > 0 else 1.0
    return (busy, offer.created_at or datetime.max, offer.id)


def rank(
    request: RequestFacts, offers: Iterable[OfferFacts], now: datetime, limit: int | None = 10
) -> list[Suggestion]:
    """Eligible offers for a request, best first, ties to the least busy helper; at most ``limit`` (None: all).

    Offers are filtered by kind first (a set lookup), then by eligibility; only the ``limit`` best
    get reasons, so the cost is a few microseconds per offer of a wanted kind.
    """
    if limit is not None and limit <= 0:
        return []
    wanted, waiting, keyed = wanted_kinds(request), waiting_component(request, now), []
    for offer in offers:
        if (wanted is None or not wanted.isdisjoint(offer.kinds)) and eligible(request, offer):  # most stop at the set
            total = _total(_components(request, offer, waiting), language_fit(request, offer))
            keyed.append((round(-total, 9), tie_key(offer), offer))
    order = itemgetter(0, 1)  # score (rounded, so float noise is a tie), then the tie-break
    best = sorted(keyed, key=order) if limit is None else heapq.nsmallest(limit, keyed, key=order)
    return [score(request, offer, now) for _, _, offer in best]
