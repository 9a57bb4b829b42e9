"""The best set of matches for many requests at once: an assignment over every offer's free places.

A pure core like ``matching`` (no Flask, no database), and scored with the very same numbers: every
eligible pair is scored at once with numpy and scipy's sparse matrices, as ``matching.eligible`` and
``matching.score`` would, and the assignment is solved exactly with scipy: first as many people helped as
possible, then the highest total score among those (see ``best_set``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from portal.help import matching_text
from portal.help.matching import (
    DISTANCE_HALF_KM,
    DUTCH,
    EARTH_RADIUS_KM,
    KINDS,
    KM_PER_DEGREE_LAT,
    NO_LANGUAGE_FIT,
    ONCE,
    ONCE_ONE_MOMENT,
    ONE_OFF_FOR_RECURRING,
    OTHER_LANGUAGE,
    OTHER_LANGUAGE_FIT,
    TALK_KINDS,
    UNRELATED_OTHER,
    WEIGHTS,
    OfferFacts,
    RequestFacts,
    load_component,
    reach_km,
    waiting_component,
)

PAIR_CHUNK_CELLS = 2_000_000  # request × offer cells computed at once, to bound memory
EDGE_WEIGHT = 101.0  # an edge weighs this minus its score (always > 0)
OTHER = KINDS.index("other")


def _bits(sets: Sequence[Iterable[str]], vocabulary: dict[str, int]) -> np.ndarray:
    """Each set as a row of 64-bit words, one bit per word of the vocabulary (each distinct set worked out once:
    a city's thousands of offers hold a handful of distinct slot and language sets)."""
    words = max(1, -(-len(vocabulary) // 64))
    distinct: dict[frozenset[str], int] = {}
    rows = np.array([distinct.setdefault(frozenset(members), len(distinct)) for members in sets], dtype=np.intp)
    bits = np.zeros((len(distinct), words), dtype=np.uint64)
    for members, row in distinct.items():
        number = sum(1 << vocabulary[member] for member in members)
        for word in range(words):
            bits[row, word] = (number >> (64 * word)) & 0xFFFF_FFFF_FFFF_FFFF
    return bits[rows]


def _shared(r_bits: np.ndarray, o_bits: np.ndarray) -> np.ndarray:
    return np.bitwise_count(r_bits & o_bits).sum(axis=1)


def _vocabulary(sets: Iterable[Iterable[str]]) -> dict[str, int]:
    distinct = {frozenset(members) for members in sets}  # few distinct sets among many items
    return {word: index for index, word in enumerate(sorted(set().union(*distinct)))}


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
    languages: np.ndarray  # bit rows over the language vocabulary; none given counts as Dutch

    @classmethod
    def of(cls, items, spoken, slot_vocabulary: dict[str, int], language_vocabulary: dict[str, int]) -> _Side:
        located = [item.lat is not None and item.lon is not None for item in items]
        return cls(
            user=np.array([item.user_id for item in items]),
            area=np.array([-1 if item.area_id is None else item.area_id for item in items]),
            has_area=np.array([item.area_id is not None for item in items], dtype=bool),
            lat=np.radians(np.array([i.lat if ok else np.nan for i, ok in zip(items, located, strict=True)], float)),
            lon=np.radians(np.array([i.lon if ok else np.nan for i, ok in zip(items, located, strict=True)], float)),
            slots=_bits([item.slots for item in items], slot_vocabulary),
            slot_count=np.array([len(item.slots) for item in items], dtype=float),
            languages=_bits(spoken, language_vocabulary),
        )


def _kinds_matrix(kind_sets: Iterable[Iterable[str]]) -> np.ndarray:
    distinct: dict[frozenset[str], int] = {}
    rows = np.array([distinct.setdefault(frozenset(kinds), len(distinct)) for kinds in kind_sets], dtype=np.intp)
    matrix = np.zeros((len(distinct), len(KINDS)), dtype=bool)
    for kinds, row in distinct.items():
        for kind in kinds:
            if kind in KINDS:
                matrix[row, KINDS.index(kind)] = True
    return matrix[rows]


def _candidate_pairs(requests: Sequence[RequestFacts], offers: Sequence[OfferFacts]) -> tuple[np.ndarray, np.ndarray]:
    """(request index, offer index) of every pair of two people where the offer may cover the request's kind.

    A request of a kind needs an offer of that kind; a request of kind "other" meets every offer here (its
    text decides later, see matching.kind_component).
    """
    wanted = _kinds_matrix([{r.kind} if r.kind != "other" else set(KINDS) for r in requests])
    offered = _kinds_matrix([o.kinds for o in offers])
    request_user, offer_user = np.array([r.user_id for r in requests]), np.array([o.user_id for o in offers])
    step = max(1, PAIR_CHUNK_CELLS // len(offers))
    rows, columns = [], []
    for start in range(0, len(requests), step):
        stop = start + step
        mask = (wanted[start:stop].astype(np.int32) @ offered.T.astype(np.int32)) > 0
        mask &= request_user[start:stop, None] != offer_user[None, :]
        chunk_rows, chunk_columns = np.nonzero(mask)
        rows.append(chunk_rows + start)
        columns.append(chunk_columns)
    return np.concatenate(rows), np.concatenate(columns)


def _text_matrices(requests, offers) -> tuple[csr_array, csr_array, csr_array, np.ndarray]:
    """Requests' features weighed in tenths, requests' relating features, offers' features (0/1), and each
    request's total weight; as matching_text.coverage and relates count them."""
    vocabulary = _vocabulary([r.words for r in requests] + [o.words for o in offers])
    weight = {feature: matching_text.weight10(feature) for feature in vocabulary}

    def matrix(sets, value):
        indptr, indices, data = [0], [], []
        for members in sets:
            chosen = sorted(vocabulary[f] for f in members if value(f))
            indices += chosen
            data += [value(f) for f in sorted(members, key=vocabulary.get) if value(f)]
            indptr.append(len(indices))
        shape = (len(sets), len(vocabulary) or 1)
        return csr_array((np.array(data, float), np.array(indices, np.int64), np.array(indptr)), shape)

    weighed = matrix([r.words for r in requests], lambda f: float(weight[f]))
    relating = matrix([r.words for r in requests], lambda f: 1.0 if weight[f] >= matching_text.RELATING else 0.0)
    present = matrix([o.words for o in offers], lambda f: 1.0)
    totals = np.array([float(matching_text.weighed(r.words)) for r in requests])
    return weighed, relating, present, totals


def _pair_values(left: csr_array, right: csr_array, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """(left @ right.T)[rows, columns] for the pairs only, a chunk of rows at a time."""
    values = np.zeros(rows.size)
    if rows.size == 0:
        return values
    right_t = right.T.tocsc()
    step = max(1, PAIR_CHUNK_CELLS // max(1, right.shape[0]))
    for start in range(0, left.shape[0], step):
        in_chunk = (rows >= start) & (rows < start + step)
        if in_chunk.any():
            block = (left[start : start + step] @ right_t).toarray()
            values[in_chunk] = block[rows[in_chunk] - start, columns[in_chunk]]
    return values


def _pair_scores(
    requests: Sequence[RequestFacts], offers: Sequence[OfferFacts], now: datetime
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every eligible pair as (request index, offer index, score), computed as eligible() and score() do.

    Offers must all have a free place; only pairs that may match by kind are scored, one entry per pair.
    """
    rows, columns = _candidate_pairs(requests, offers)
    slot_vocabulary = _vocabulary([item.slots for item in [*requests, *offers]])
    spoken_r = [r.languages or (DUTCH,) for r in requests]
    spoken_o = [o.languages or frozenset({DUTCH}) for o in offers]
    language_vocabulary = _vocabulary([*spoken_r, *spoken_o])
    r = _Side.of(requests, spoken_r, slot_vocabulary, language_vocabulary)
    o = _Side.of(offers, spoken_o, slot_vocabulary, language_vocabulary)

    # Reach: the radius (or the own area and DEFAULT_REACH_KM) is only a limit.
    same_area = (r.area[rows] == o.area[columns]) & r.has_area[rows] & o.has_area[columns]
    located = ~np.isnan(r.lat[rows]) & ~np.isnan(o.lat[columns])
    phi1, phi2 = r.lat[rows], o.lat[columns]
    a = np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin((o.lon[columns] - r.lon[rows]) / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))
    own_area = np.array([offer.radius_km is None for offer in offers], dtype=bool)[columns]
    reach = np.array([reach_km(offer) for offer in offers], dtype=float)[columns]
    with np.errstate(invalid="ignore"):
        keep = np.where(located, (own_area & same_area) | (km <= reach), same_area)
    km = np.where(located, km, 0.0)
    rows, columns, km, same_area = rows[keep], columns[keep], km[keep], same_area[keep]

    # Kind: for "other" the texts decide (matching.kind_component).
    weighed, relating, present, totals = _text_matrices(requests, offers)
    shared_weight = _pair_values(weighed, present, rows, columns)
    is_other = np.array([req.kind == "other" for req in requests], dtype=bool)[rows]
    pointed = _kinds_matrix([matching_text.kinds_in(req.words) for req in requests])
    offered = _kinds_matrix([offer.kinds for offer in offers])
    points = (pointed[rows] & offered[columns]).any(axis=1)
    relates = _pair_values(relating, present, rows, columns) > 0
    kind = np.where(is_other & ~(points | relates), np.where(offered[columns, OTHER], UNRELATED_OTHER, 0.0), 1.0)
    keep = kind > 0
    rows, columns, km, kind, shared_weight = rows[keep], columns[keep], km[keep], kind[keep], shared_weight[keep]

    # Time: the share of the requester's needed times; one moment is most of a one-off request.
    r_slots, o_slots = r.slot_count[rows], o.slot_count[columns]
    covered = _shared(r.slots[rows], o.slots[columns]) / np.maximum(r_slots, 1.0)
    once = np.array([req.frequency == ONCE for req in requests], dtype=bool)[rows]
    covered = np.where(once & (covered > 0), ONCE_ONE_MOMENT + (1 - ONCE_ONE_MOMENT) * covered, covered)
    time = np.where((r_slots == 0) | (o_slots == 0), 1.0, covered)

    # Language: the requester's first-listed language, another of theirs, or none; decisive for talk.
    first = np.array([language_vocabulary[spoken[0]] for spoken in spoken_r])[rows]
    first_spoken = (o.languages[columns, first // 64] >> (first % 64).astype(np.uint64)) & np.uint64(1) == 1
    any_spoken = _shared(r.languages[rows], o.languages[columns]) > 0
    language = np.where(first_spoken, 1.0, np.where(any_spoken, OTHER_LANGUAGE, 0.0))
    talk = np.array([req.kind in TALK_KINDS for req in requests], dtype=bool)[rows]
    talk_fit = np.where(first_spoken, 1.0, np.where(any_spoken, OTHER_LANGUAGE_FIT, NO_LANGUAGE_FIT))
    fit = kind * np.where(talk, talk_fit, 1.0)

    recurring = ~once
    regular = np.array([offer.regular for offer in offers], dtype=bool)[columns]
    components = {
        "distance": 1.0 / (1.0 + (km / DISTANCE_HALF_KM) ** 2),
        "time": time,
        "text": np.where(totals[rows] > 0, shared_weight / np.maximum(totals[rows], 1.0), 0.0),
        "rhythm": np.where(recurring & ~regular, ONE_OFF_FOR_RECURRING, 1.0),
        "language": language,
        "load": np.array([load_component(offer) for offer in offers])[columns],
        "waiting": np.array([waiting_component(request, now) for request in requests])[rows],
    }
    total = np.zeros(rows.size)
    for name, weight in WEIGHTS.items():  # the order of matching._total, for the same floats
        total = total + weight * components[name]
    return rows, columns, 100.0 * fit * total


def _maybe_in_reach(requests: Sequence[RequestFacts], offers: Iterable[OfferFacts]) -> list[OfferFacts]:
    """Offers with a free place that may match a request by kind and may reach one: same area or near them."""
    kinds = {r.kind for r in requests}
    any_kind = "other" in kinds  # a request of kind "other" may meet an offer of any kind
    areas = {r.area_id for r in requests if r.area_id is not None}
    points = [(r.lat, r.lon) for r in requests if r.lat is not None and r.lon is not None]
    if points:
        south, north = min(lat for lat, _ in points), max(lat for lat, _ in points)
        west, east = min(lon for _, lon in points), max(lon for _, lon in points)
    kept = []
    for offer in offers:
        if offer.load >= offer.capacity or not any_kind and offer.kinds.isdisjoint(kinds):
            continue
        if offer.area_id is not None and offer.area_id in areas:
            kept.append(offer)
        elif points and offer.lat is not None and offer.lon is not None:
            margin = max(reach_km(offer), 0.0) / KM_PER_DEGREE_LAT  # degrees of latitude
            if not south - margin <= offer.lat <= north + margin:
                continue
            narrowest = math.cos(math.radians(min(89.0, max(abs(south), abs(north)) + margin)))
            if west - margin / narrowest <= offer.lon <= east + margin / narrowest:
                kept.append(offer)
    return kept


def best_set(
    requests: Sequence[RequestFacts], offers: Iterable[OfferFacts], now: datetime
) -> list[tuple[int, int, float]]:
    """The matches that help as many people as possible and, among those, score best in total:
    (request_id, offer_id, score), best first, then the request that waited longest.

    Method: drop offers that cannot reach any request (full, wrong kinds, far from every request);
    score every eligible pair with numpy, with the same numbers as ``eligible`` and ``score``; then
    solve the assignment problem exactly on a sparse matrix of requests × free places, where each
    offer's column is repeated once per free place (capacity - load, and no more often than it has
    eligible requests). The solver is scipy's ``min_weight_full_bipartite_matching`` (LAPJVsp, the
    sparse Jonker-Volgenant algorithm): an edge weighs EDGE_WEIGHT - score, and each request also has a
    private "no match" column weighing more than EDGE_WEIGHT by more than any set's total score could
    be (100 per request), so a full matching always exists, leaving a request unmatched never pays for
    a better total, and among the sets that help the most people the one of highest total wins.
    Ineligible pairs are not edges, so they are never chosen. Each request gets at most one offer, no
    offer more than its free places. Load is taken as given: places filled by this set do not lower the
    load component of others.
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
    unmatched = EDGE_WEIGHT + 100.0 * n_requests + 1.0
    weights = np.concatenate((EDGE_WEIGHT - edge_scores, np.full(n_requests, unmatched)))
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
        (requests[i].created_at, requests[i].id, offers[j].id, score)
        for i, j, score in zip(chosen_rows.tolist(), chosen_offers.tolist(), scores[pair].tolist(), strict=True)
    ]
    result.sort(key=lambda match: (-match[3], match[0], match[1]))
    return [(request_id, offer_id, score) for _created, request_id, offer_id, score in result]
