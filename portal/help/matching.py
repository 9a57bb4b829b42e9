"""Matching help requests to help offers: eligibility, an explained score, a ranking and the best set.

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

``rank`` lists the eligible offers for one request; ``best_set`` proposes matches for many requests
at once, maximising the total score under every offer's free capacity (see its docstring).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

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
_KM_PER_DEGREE_LAT = 110.5  # a little under the haversine's 111.19, so quick latitude checks never exclude too much
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


def _reach_km(offer: OfferFacts) -> float:
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
    km, reach = distance_km(request.lat, request.lon, offer.lat, offer.lon), _reach_km(offer)
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
    reach = _reach_km(offer)
    if abs(request.lat - offer.lat) * _KM_PER_DEGREE_LAT > reach:  # cheap: too far north or south
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


# --- best set: an assignment over everyone's capacity --------------------------------------------------

PAIR_CHUNK_CELLS = 2_000_000  # request × offer kind checks done at once, to bound memory
NO_MATCH_WEIGHT = 101.0  # an edge weighs this minus its score (always > 0); leaving a request unmatched weighs this


def _bits(sets: Sequence[frozenset[str]], vocabulary: dict[str, int]) -> np.ndarray:
    """Each set as a row of 64-bit words, one bit per word of the vocabulary."""
    words = max(1, -(-len(vocabulary) // 64))
    bits = np.zeros((len(sets), words), dtype=np.uint64)
    for row, members in enumerate(sets):
        number = sum(1 << vocabulary[member] for member in members)
        for word in range(words):
            bits[row, word] = (number >> (64 * word)) & 0xFFFF_FFFF_FFFF_FFFF
    return bits


def _shared(r_bits: np.ndarray, o_bits: np.ndarray) -> np.ndarray:
    return np.bitwise_count(r_bits & o_bits).sum(axis=1)


@dataclass
class _Side:
    """Arrays of one side (requests or offers), indexed like the list they came from."""

    user: np.ndarray
    area: np.ndarray  # -1 where unknown
    has_area: np.ndarray
    lat: np.ndarray  # radians, NaN where unknown
    lon: np.ndarray
    slots: np.ndarray  # bit rows over the slot vocabulary
    slot_count: np.ndarray
    languages: np.ndarray
    language_count: np.ndarray

    @classmethod
    def of(cls, items, slot_vocabulary: dict[str, int], language_vocabulary: dict[str, int]) -> _Side:
        located = [item.lat is not None and item.lon is not None for item in items]
        return cls(
            user=np.array([item.user_id for item in items]),
            area=np.array([-1 if item.area_id is None else item.area_id for item in items]),
            has_area=np.array([item.area_id is not None for item in items], dtype=bool),
            lat=np.radians(np.array([i.lat if ok else np.nan for i, ok in zip(items, located, strict=True)], float)),
            lon=np.radians(np.array([i.lon if ok else np.nan for i, ok in zip(items, located, strict=True)], float)),
            slots=_bits([item.slots for item in items], slot_vocabulary),
            slot_count=np.array([len(item.slots) for item in items], dtype=float),
            languages=_bits([item.languages for item in items], language_vocabulary),
            language_count=np.array([len(item.languages) for item in items], dtype=float),
        )


def _vocabulary(sets: Iterable[frozenset[str]]) -> dict[str, int]:
    return {word: index for index, word in enumerate(sorted(set().union(*sets)))}


def _kind_pairs(requests: Sequence[RequestFacts], offers: Sequence[OfferFacts]) -> tuple[np.ndarray, np.ndarray]:
    """(request index, offer index) of every pair with the requested kind and two different people."""
    kind_index = {kind: index for index, kind in enumerate(sorted({r.kind for r in requests}))}
    offer_kinds = np.zeros((len(kind_index), len(offers)), dtype=bool)
    for column, offer in enumerate(offers):
        for kind in offer.kinds & kind_index.keys():
            offer_kinds[kind_index[kind], column] = True
    request_kind = np.array([kind_index[r.kind] for r in requests])
    request_user, offer_user = np.array([r.user_id for r in requests]), np.array([o.user_id for o in offers])
    step = max(1, PAIR_CHUNK_CELLS // len(offers))
    rows, columns = [], []
    for start in range(0, len(requests), step):
        stop = start + step
        mask = offer_kinds[request_kind[start:stop]] & (request_user[start:stop, None] != offer_user[None, :])
        chunk_rows, chunk_columns = np.nonzero(mask)
        rows.append(chunk_rows + start)
        columns.append(chunk_columns)
    return np.concatenate(rows), np.concatenate(columns)


def _pair_scores(
    requests: Sequence[RequestFacts], offers: Sequence[OfferFacts], now: datetime
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every eligible pair as (request index, offer index, score), computed as eligible() and score() do.

    Offers must all have a free place; only pairs of the right kind are scored, one array entry per pair.
    """
    rows, columns = _kind_pairs(requests, offers)
    slot_vocabulary = _vocabulary([item.slots for item in [*requests, *offers]])
    language_vocabulary = _vocabulary([item.languages for item in [*requests, *offers]])
    r = _Side.of(requests, slot_vocabulary, language_vocabulary)
    o = _Side.of(offers, slot_vocabulary, language_vocabulary)

    # Reach and distance.
    same_area = (r.area[rows] == o.area[columns]) & r.has_area[rows] & o.has_area[columns]
    located = ~np.isnan(r.lat[rows]) & ~np.isnan(o.lat[columns])
    phi1, phi2 = r.lat[rows], o.lat[columns]
    a = np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin((o.lon[columns] - r.lon[rows]) / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))
    own_area = np.array([offer.radius_km is None for offer in offers], dtype=bool)[columns]
    reach = np.array([_reach_km(offer) for offer in offers], dtype=float)[columns]
    own_area_here = own_area & same_area
    with np.errstate(invalid="ignore", divide="ignore"):
        keep = np.where(located, own_area_here | (km <= reach), same_area)
        falling = np.where(reach > 0, 1.0 - km / reach, np.where(km <= 0, 1.0, 0.0))
    distance = np.where(located, np.where(own_area_here, 1.0, np.clip(falling, 0.0, 1.0)), same_area * 1.0)
    rows, columns, distance = rows[keep], columns[keep], distance[keep]

    # Time: shared slots over the smaller schedule, any time is 1; language: any shared.
    r_slots, o_slots = r.slot_count[rows], o.slot_count[columns]
    shared = _shared(r.slots[rows], o.slots[columns]).astype(float)
    time = np.where((r_slots == 0) | (o_slots == 0), 1.0, shared / np.maximum(np.minimum(r_slots, o_slots), 1.0))
    unknown = (r.language_count[rows] == 0) | (o.language_count[columns] == 0)
    spoken = _shared(r.languages[rows], o.languages[columns]) > 0
    language = np.where(unknown, UNKNOWN_LANGUAGE, np.where(spoken, 1.0, 0.0))

    components = {
        "distance": distance,
        "time": time,
        "language": language,
        "load": np.array([load_component(offer) for offer in offers])[columns],
        "waiting": np.array([waiting_component(request, now) for request in requests])[rows],
    }
    total = np.zeros(rows.size)
    for name, weight in WEIGHTS.items():  # the order of _total, for the same floats
        total = total + weight * components[name]
    return rows, columns, 100.0 * total


def _maybe_in_reach(requests: Sequence[RequestFacts], offers: Iterable[OfferFacts]) -> list[OfferFacts]:
    """Offers with a free place and a requested kind that may reach a request: same area or near the requests."""
    kinds = {r.kind for r in requests}
    areas = {r.area_id for r in requests if r.area_id is not None}
    points = [(r.lat, r.lon) for r in requests if r.lat is not None and r.lon is not None]
    if points:
        south, north = min(lat for lat, _ in points), max(lat for lat, _ in points)
        west, east = min(lon for _, lon in points), max(lon for _, lon in points)
    kept = []
    for offer in offers:
        if offer.load >= offer.capacity or offer.kinds.isdisjoint(kinds):
            continue
        if offer.area_id is not None and offer.area_id in areas:
            kept.append(offer)
        elif points and offer.lat is not None and offer.lon is not None:
            margin = max(_reach_km(offer), 0.0) / _KM_PER_DEGREE_LAT  # degrees of latitude
            if not south - margin <= offer.lat <= north + margin:
                continue
            narrowest = math.cos(math.radians(min(89.0, max(abs(south), abs(north)) + margin)))
            if west - margin / narrowest <= offer.lon <= east + margin / narrowest:
                kept.append(offer)
    return kept


def best_set(
    requests: Sequence[RequestFacts], offers: Iterable[OfferFacts], now: datetime
) -> list[tuple[int, int, float]]:
    """The matches that maximise the total score over everyone: (request_id, offer_id, score), best first.

    Method: drop offers that cannot reach any request (full, wrong kinds, far from every request);
    score every eligible pair with numpy, with the same numbers as ``eligible`` and ``score``; then
    solve the assignment problem exactly on a sparse matrix of requests × free places, where each
    offer's column is repeated once per free place (capacity - load, and no more often than it has
    eligible requests). The solver is scipy's ``min_weight_full_bipartite_matching`` (LAPJVsp, the
    sparse Jonker-Volgenant algorithm, as ``linear_sum_assignment`` but on the eligible pairs only):
    an edge weighs NO_MATCH_WEIGHT - score, and each request also has a private "no match" column
    weighing NO_MATCH_WEIGHT, so a full matching always exists and its minimum weight is the maximum
    total score. Ineligible
    pairs are not edges, so they are never chosen. Each request gets at most one offer, no offer
    more than its free places. Load is taken as given: places filled by this set do not lower the
    load component of others. Matches come best first, then by request id.
    """
    requests = list(requests)
    offers = _maybe_in_reach(requests, offers) if requests else []
    if not offers:
        return []
    rows, columns, scores = _pair_scores(requests, offers, now)
    if rows.size == 0:
        return []

    # Free places: offer j's places are columns first_place[j] .. first_place[j] + places[j] - 1.
    free = np.array([offer.capacity - offer.load for offer in offers])
    places = np.minimum(free, np.bincount(columns, minlength=len(offers)))
    first_place = np.concatenate(([0], np.cumsum(places)[:-1]))
    copies = places[columns]
    edge_rows = np.repeat(rows, copies)
    edge_columns = np.repeat(first_place[columns], copies) + (
        np.arange(copies.sum()) - np.repeat(np.cumsum(copies) - copies, copies)
    )
    edge_scores = np.repeat(scores, copies)

    # Each request also gets a private "no match" column, so a full matching always exists.
    n_requests, n_places = len(requests), int(places.sum())
    weights = np.concatenate((NO_MATCH_WEIGHT - edge_scores, np.full(n_requests, NO_MATCH_WEIGHT)))
    graph_rows = np.concatenate((edge_rows, np.arange(n_requests)))
    graph_columns = np.concatenate((edge_columns, n_places + np.arange(n_requests)))
    graph = csr_array((weights, (graph_rows, graph_columns)), shape=(n_requests, n_places + n_requests))
    row_index, column_index = min_weight_full_bipartite_matching(graph)
    matched = column_index < n_places
    chosen_rows = row_index[matched]
    chosen_offers = np.repeat(np.arange(len(offers)), places)[column_index[matched]]
    # Pairs are in (request, offer) order, so a pair's score is found by binary search on its key.
    pair = np.searchsorted(rows * len(offers) + columns, chosen_rows * len(offers) + chosen_offers)
    result = [
        (requests[i].id, offers[j].id, score)
        for i, j, score in zip(chosen_rows.tolist(), chosen_offers.tolist(), scores[pair].tolist(), strict=True)
    ]
    return sorted(result, key=lambda match: (-match[2], match[0]))
