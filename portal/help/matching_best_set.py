"""The best set of matches for many requests at once: an assignment over every offer's free places.

A pure core like ``matching`` (no Flask, no database), and scored with the very same numbers: every
eligible pair is scored at once with numpy, as ``matching.eligible`` and ``matching.score`` would, and
the assignment that maximises the total score is solved exactly with scipy (see ``best_set``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from portal.help.matching import (
    EARTH_RADIUS_KM,
    KM_PER_DEGREE_LAT,
    UNKNOWN_LANGUAGE,
    WEIGHTS,
    OfferFacts,
    RequestFacts,
    load_component,
    reach_km,
    waiting_component,
)

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
    reach = np.array([reach_km(offer) for offer in offers], dtype=float)[columns]
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
