"""Matching help requests to help offers: eligibility, an explained score and a ranking.

A pure core (no Flask, no database): the caller passes facts in and gets ids, scores and structured
reasons back; wording the reasons is the caller's job (gettext), see REASON_CODES.

A score is 0..100. Kind is a gate, not a weight: an offer that does not cover the requested kind
scores 0 and is never eligible. Everything else is a weighted sum of components in [0, 1]:

- distance 0.35: neighbourly help is help close by; 1 at 0 km, falling linearly to 0 at the offer's reach;
- time 0.25: without a shared moment the match cannot happen, so this weighs next;
- language 0.15: a shared language makes the first contact easier (0.5 when either side gave none);
- load 0.10: spread the work, prefer a neighbour who is not already helping others;
- waiting 0.15: requests that waited long (or are urgent) go first when offers are scarce. It is the
  same for every offer of one request, so it does not reorder ``rank``; it decides who gets a scarce
  offer in ``best_set`` and shows the worker how pressing the request is.

``rank`` lists the eligible offers for one request; ``matching_best_set.best_set`` proposes matches for
many requests at once, maximising the total score under every offer's free capacity, with the same numbers.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter

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
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("morning", "afternoon", "evening")
SLOTS = tuple(f"{day}-{part}" for day in DAYS for part in PARTS)
URGENCIES = ("low", "normal", "high")

WEIGHTS = {"distance": 0.35, "time": 0.25, "language": 0.15, "load": 0.10, "waiting": 0.15}
DEFAULT_REACH_KM = 1.5  # reach of an offer limited to its own area, for requests just across the border
WAITING_FULL_DAYS = 14.0  # waiting counts fully after two weeks
URGENCY_PACE = {"low": 0.5, "normal": 1.0, "high": 1.0}  # a low-urgency request gains at half pace
URGENCY_HEAD_START_DAYS = {"low": 0.0, "normal": 0.0, "high": 7.0}  # an urgent one starts a week ahead
UNKNOWN_LANGUAGE = 0.5  # language component when either side gave no languages

# Every reason code with its params, for the wording layer.
REASON_CODES = {
    "same_kind": ("kind",),
    "distance": ("km",),
    "same_area": (),
    "shared_slots": ("slots",),
    "any_time": (),
    "no_shared_time": (),
    "shared_language": ("languages",),
    "no_shared_language": (),
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
    languages: frozenset[str]  # ISO 639-1 codes
    capacity: int
    load: int  # matches currently active or proposed


@dataclass(frozen=True)
class RequestFacts:
    """What matching needs to know of a help request."""

    id: int
    user_id: int
    kind: str
    lat: float | None
    lon: float | None
    area_id: int | None
    slots: frozenset[str]  # empty: any time
    languages: frozenset[str]
    created_at: datetime  # naive UTC
    urgency: str  # "low" | "normal" | "high"


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


# --- components, each in [0, 1] ---------------------------------------------------------------------------


def kind_component(request: RequestFacts, offer: OfferFacts) -> float:
    """1 when the offer covers the requested kind, else 0."""
    return 1.0 if request.kind in offer.kinds else 0.0


def _same_area(request: RequestFacts, offer: OfferFacts) -> bool:
    return request.area_id is not None and request.area_id == offer.area_id


def _has_coordinates(request: RequestFacts, offer: OfferFacts) -> bool:
    return None not in (request.lat, request.lon, offer.lat, offer.lon)


def reach_km(offer: OfferFacts) -> float:
    """How far an offer reaches: its radius, or DEFAULT_REACH_KM for an offer limited to its own area."""
    return DEFAULT_REACH_KM if offer.radius_km is None else offer.radius_km


def distance_component(request: RequestFacts, offer: OfferFacts) -> float:
    """1 at 0 km falling linearly to 0 at the offer's reach; own-area offers give 1 in their area.

    Without coordinates on either side only the area can be judged: same area 1, otherwise 0.
    """
    same_area = _same_area(request, offer)
    if not _has_coordinates(request, offer):
        return 1.0 if same_area else 0.0
    if offer.radius_km is None and same_area:
        return 1.0
    km, reach = distance_km(request.lat, request.lon, offer.lat, offer.lon), reach_km(offer)
    if reach <= 0:
        return 1.0 if km <= 0 else 0.0
    return min(1.0, max(0.0, 1.0 - km / reach))


def time_component(request: RequestFacts, offer: OfferFacts) -> float:
    """Shared slots over the smaller schedule (1 when it fits inside the other); any time on either side is 1."""
    if not request.slots or not offer.slots:
        return 1.0
    return len(request.slots & offer.slots) / min(len(request.slots), len(offer.slots))


def language_component(request: RequestFacts, offer: OfferFacts) -> float:
    """1 for a shared language, 0 for none, UNKNOWN_LANGUAGE when either side gave no languages."""
    if not request.languages or not offer.languages:
        return UNKNOWN_LANGUAGE
    return 1.0 if request.languages & offer.languages else 0.0


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
        request.kind in offer.kinds
        and request.user_id != offer.user_id
        and offer.load < offer.capacity
        and within_reach(request, offer)
    )


def _components(request: RequestFacts, offer: OfferFacts, waiting: float) -> dict[str, float]:
    return {
        "distance": distance_component(request, offer),
        "time": time_component(request, offer),
        "language": language_component(request, offer),
        "load": load_component(offer),
        "waiting": waiting,
    }


def _total(components: dict[str, float], kind: float) -> float:
    # Summed in WEIGHTS order so that best_set's matrix gives the very same floats.
    total = 0.0
    for name, weight in WEIGHTS.items():
        total += weight * components[name]
    return 100.0 * kind * total


def _sorted_slots(slots: Iterable[str]) -> list[str]:
    return sorted(slots, key=lambda slot: (_SLOT_ORDER.get(slot, len(SLOTS)), slot))


def reasons(request: RequestFacts, offer: OfferFacts, now: datetime) -> tuple[Reason, ...]:
    """The structured reasons behind a score, in the order a worker reads them."""
    found: list[Reason] = []
    if request.kind in offer.kinds:
        found.append(Reason("same_kind", {"kind": request.kind}))
    if _has_coordinates(request, offer):
        km = distance_km(request.lat, request.lon, offer.lat, offer.lon)
        found.append(Reason("distance", {"km": round(km, 1)}))
    if _same_area(request, offer):
        found.append(Reason("same_area"))
    if not request.slots or not offer.slots:
        found.append(Reason("any_time"))
    elif shared := request.slots & offer.slots:
        found.append(Reason("shared_slots", {"slots": _sorted_slots(shared)}))
    else:
        found.append(Reason("no_shared_time"))
    if request.languages and offer.languages:
        if shared := request.languages & offer.languages:
            found.append(Reason("shared_language", {"languages": sorted(shared)}))
        else:
            found.append(Reason("no_shared_language"))
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
    kind = kind_component(request, offer)
    return Suggestion(
        offer_id=offer.id,
        score=_total(components, kind),
        components={"kind": kind, **components},
        reasons=reasons(request, offer, now),
    )


def rank(
    request: RequestFacts, offers: Iterable[OfferFacts], now: datetime, limit: int | None = 10
) -> list[Suggestion]:
    """Eligible offers for a request, best first, ties by offer id; at most ``limit`` (None: all).

    Offers are filtered by kind first (a set lookup), then by eligibility; only the ``limit`` best
    get reasons, so the cost is a few microseconds per offer of the right kind.
    """
    if limit is not None and limit <= 0:
        return []
    kind, waiting, keyed = request.kind, waiting_component(request, now), []
    for offer in offers:
        if kind in offer.kinds and eligible(request, offer):  # the set lookup first: most offers stop there
            keyed.append((-_total(_components(request, offer, waiting), 1.0), offer.id, offer))
    order = itemgetter(0, 1)  # score, then offer id
    best = sorted(keyed, key=order) if limit is None else heapq.nsmallest(limit, keyed, key=order)
    return [score(request, offer, now) for _, _, offer in best]
