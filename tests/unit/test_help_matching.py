"""Matching help requests to offers: components, eligibility, reasons, ranking and the best set."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from portal.help import matching, matching_best_set
from portal.help.matching import (
    DAYS,
    KINDS,
    PARTS,
    SLOTS,
    WEIGHTS,
    OfferFacts,
    Reason,
    RequestFacts,
    distance_component,
    distance_km,
    eligible,
    kind_component,
    language_component,
    load_component,
    rank,
    reasons,
    score,
    time_component,
    waiting_component,
)
from portal.help.matching_best_set import best_set

NOW = datetime(2024, 9, 5, 12, 0)
LAT, LON = 53.21, 6.56
KM_PER_DEGREE = math.pi / 180 * matching.EARTH_RADIUS_KM  # along a meridian, haversine gives exactly this


def north(km: float) -> dict:
    """Coordinates `km` north of the reference point (negative: south)."""
    return {"lat": LAT + km / KM_PER_DEGREE, "lon": LON}


def offer(id=10, **changes) -> OfferFacts:
    facts = OfferFacts(
        id=id,
        user_id=100 + id,
        kinds=frozenset({"groceries"}),
        lat=LAT,
        lon=LON,
        area_id=1,
        radius_km=2.0,
        slots=frozenset(),
        languages=frozenset({"nl"}),
        capacity=2,
        load=0,
    )
    return replace(facts, **changes)


def request(id=1, **changes) -> RequestFacts:
    facts = RequestFacts(
        id=id,
        user_id=id,
        kind="groceries",
        lat=LAT,
        lon=LON,
        area_id=1,
        slots=frozenset(),
        languages=frozenset({"nl"}),
        created_at=NOW,
        urgency="normal",
    )
    return replace(facts, **changes)


def s(*items: str) -> frozenset[str]:
    return frozenset(items)


# --- constants ------------------------------------------------------------------------------------------


def test_kinds_days_parts_and_slots():
    assert "language_buddy" in KINDS and len(KINDS) == 11
    assert DAYS[0] == "mon" and PARTS == ("morning", "afternoon", "evening")
    assert len(SLOTS) == 21 and "tue-afternoon" in SLOTS


def test_weights_add_up_to_one_and_kind_is_no_weight():
    assert math.isclose(sum(WEIGHTS.values()), 1.0)
    assert "kind" not in WEIGHTS


# --- components -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((LAT, LON), (LAT, LON), 0.0),
        ((LAT, LON), (LAT + 1, LON), KM_PER_DEGREE),
        ((53.2194, 6.5665), (52.3676, 4.9041), 146.0),  # Groningen - Amsterdam
        ((52.3676, 4.9041), (53.2194, 6.5665), 146.0),
    ],
)
def test_distance_km(a, b, km):
    assert distance_km(*a, *b) == pytest.approx(km, abs=1.0)


@pytest.mark.parametrize(
    ("kind", "kinds", "expected"),
    [
        ("groceries", s("groceries"), 1.0),
        ("lift", s("groceries", "lift"), 1.0),
        ("garden", s("groceries", "lift"), 0.0),
        ("garden", s(), 0.0),
    ],
)
def test_kind_component(kind, kinds, expected):
    assert kind_component(request(kind=kind), offer(kinds=kinds)) == expected


@pytest.mark.parametrize(
    ("request_changes", "offer_changes", "expected"),
    [
        ({}, {"radius_km": 2.0}, 1.0),  # 0 km
        (north(1.0), {"radius_km": 2.0}, 0.5),
        (north(-1.5), {"radius_km": 2.0}, 0.25),
        (north(3.0), {"radius_km": 2.0}, 0.0),  # beyond reach
        (north(3.0), {"radius_km": None}, 1.0),  # own area only: anywhere in that area
        ({**north(0.75), "area_id": 2}, {"radius_km": None}, 0.5),  # the next area, against the default 1.5 km
        ({**north(2.0), "area_id": 2}, {"radius_km": None}, 0.0),
        ({"lat": None, "lon": None}, {"radius_km": 2.0}, 1.0),  # no coordinates: same area
        ({"lat": None, "lon": None, "area_id": 2}, {"radius_km": 5.0}, 0.0),
        ({"area_id": None}, {"lat": None, "area_id": None}, 0.0),  # nothing known
        ({}, {"radius_km": 0.0}, 1.0),
        (north(0.1), {"radius_km": 0.0}, 0.0),
    ],
)
def test_distance_component(request_changes, offer_changes, expected):
    assert distance_component(request(**request_changes), offer(**offer_changes)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("request_slots", "offer_slots", "expected"),
    [
        (s(), s(), 1.0),
        (s(), s("tue-afternoon"), 1.0),  # any time on either side
        (s("tue-afternoon"), s(), 1.0),
        (s("tue-afternoon"), s("tue-afternoon", "wed-morning"), 1.0),  # fits inside the other
        (s("mon-morning", "tue-afternoon", "fri-evening"), s("tue-afternoon"), 1.0),
        (s("tue-afternoon", "wed-morning"), s("tue-afternoon", "thu-evening"), 0.5),
        (s("mon-morning", "mon-evening"), s("tue-afternoon", "sat-morning"), 0.0),
    ],
)
def test_time_component(request_slots, offer_slots, expected):
    assert time_component(request(slots=request_slots), offer(slots=offer_slots)) == expected


@pytest.mark.parametrize(
    ("request_languages", "offer_languages", "expected"),
    [
        (s("ar"), s("nl", "ar"), 1.0),
        (s("nl", "en"), s("en"), 1.0),
        (s("ar"), s("nl"), 0.0),
        (s(), s("nl"), matching.UNKNOWN_LANGUAGE),
        (s("nl"), s(), matching.UNKNOWN_LANGUAGE),
    ],
)
def test_language_component(request_languages, offer_languages, expected):
    assert language_component(request(languages=request_languages), offer(languages=offer_languages)) == expected


@pytest.mark.parametrize(
    ("load", "capacity", "expected"),
    [(0, 2, 1.0), (1, 2, 0.5), (2, 2, 0.0), (0, 1, 1.0), (2, 3, 1 / 3), (3, 2, 0.0), (0, 0, 0.0)],
)
def test_load_component(load, capacity, expected):
    assert load_component(offer(load=load, capacity=capacity)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("days", "urgency", "expected"),
    [
        (0, "normal", 0.0),
        (7, "normal", 0.5),
        (14, "normal", 1.0),
        (30, "normal", 1.0),  # saturates
        (7, "low", 0.25),  # half pace
        (0, "high", 0.5),  # a week's head start
        (3.5, "high", 0.75),
        (7, "high", 1.0),
        (-2, "normal", 0.0),  # created "in the future": clock skew counts as no wait
    ],
)
def test_waiting_component(days, urgency, expected):
    waited = request(created_at=NOW - timedelta(days=days), urgency=urgency)
    assert waiting_component(waited, NOW) == pytest.approx(expected)


# --- eligibility ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_changes", "offer_changes", "expected"),
    [
        ({}, {}, True),
        ({"kind": "garden"}, {}, False),  # kind
        ({"kind": "garden"}, {"kinds": s("groceries", "garden")}, True),
        ({"user_id": 110}, {}, False),  # offering to oneself
        ({}, {"load": 2, "capacity": 2}, False),  # full
        ({}, {"load": 1, "capacity": 2}, True),
        (north(1.9), {"radius_km": 2.0}, True),
        (north(2.1), {"radius_km": 2.0}, False),
        ({**north(10), "area_id": 1}, {"radius_km": None}, True),  # own area, however far
        ({**north(1.4), "area_id": 2}, {"radius_km": None}, True),  # just across the border
        ({**north(1.6), "area_id": 2}, {"radius_km": None}, False),
        ({"lat": None, "lon": None}, {"radius_km": 0.5}, True),  # no coordinates: same area only
        ({"lat": None, "lon": None, "area_id": 2}, {"radius_km": 50.0}, False),
        ({}, {"lat": None, "area_id": 3}, False),
        ({"area_id": None, "lat": None}, {"area_id": None}, False),
    ],
)
def test_eligible(request_changes, offer_changes, expected):
    assert eligible(request(**request_changes), offer(**offer_changes)) is expected


# --- score and reasons ----------------------------------------------------------------------------------


def test_a_perfect_pair_scores_100_and_components_are_weighted():
    perfect = score(request(created_at=NOW - timedelta(days=20)), offer(), NOW)
    assert perfect.score == pytest.approx(100.0)
    assert perfect.components == {"kind": 1.0, "distance": 1.0, "time": 1.0, "language": 1.0, "load": 1.0, "waiting": 1}

    half = score(request(**north(1.0), languages=s("ar")), offer(load=1), NOW)
    assert half.components == pytest.approx(
        {"kind": 1.0, "distance": 0.5, "time": 1.0, "language": 0.0, "load": 0.5, "waiting": 0.0}
    )
    assert half.score == pytest.approx(100 * (0.5 * WEIGHTS["distance"] + WEIGHTS["time"] + 0.5 * WEIGHTS["load"]))


def test_kind_is_a_gate_not_a_weight():
    assert score(request(kind="garden"), offer(), NOW).score == 0.0


def test_the_issue_example_becomes_structured_reasons():
    """ "same kind; 0.8 km; both on Tuesday afternoon; speaks Arabic; helping 1 of 2"."""
    suggestion = score(
        request(
            **north(0.8),
            slots=s("tue-afternoon", "thu-morning"),
            languages=s("ar"),
            created_at=NOW - timedelta(days=5, hours=3),
            urgency="high",
        ),
        offer(slots=s("tue-afternoon", "wed-evening"), languages=s("nl", "ar"), load=1, capacity=2),
        NOW,
    )
    assert suggestion.reasons == (
        Reason("same_kind", {"kind": "groceries"}),
        Reason("distance", {"km": 0.8}),
        Reason("same_area"),
        Reason("shared_slots", {"slots": ["tue-afternoon"]}),
        Reason("shared_language", {"languages": ["ar"]}),
        Reason("load", {"load": 1, "capacity": 2}),
        Reason("waited", {"days": 5}),
        Reason("urgent"),
    )
    assert all(reason.code in matching.REASON_CODES for reason in suggestion.reasons)
    assert all(set(reason.params) == set(matching.REASON_CODES[reason.code]) for reason in suggestion.reasons)


@pytest.mark.parametrize(
    ("request_changes", "offer_changes", "present", "absent"),
    [
        ({}, {}, {"any_time", "same_area"}, {"shared_slots", "no_shared_time", "waited", "urgent"}),
        ({"slots": s("mon-morning")}, {"slots": s("sun-evening")}, {"no_shared_time"}, {"any_time"}),
        ({"languages": s("ar")}, {"languages": s("pl")}, {"no_shared_language"}, {"shared_language"}),
        ({"languages": s()}, {}, set(), {"shared_language", "no_shared_language"}),  # unknown: nothing said
        ({"lat": None, "lon": None}, {}, {"same_area"}, {"distance"}),
        ({"area_id": 2}, {}, {"distance"}, {"same_area"}),
        ({"created_at": NOW - timedelta(hours=20)}, {}, set(), {"waited"}),  # less than a day
    ],
)
def test_reasons(request_changes, offer_changes, present, absent):
    codes = {reason.code for reason in reasons(request(**request_changes), offer(**offer_changes), NOW)}
    assert present <= codes
    assert not absent & codes


def test_shared_slots_come_in_week_order():
    both = s("sat-morning", "mon-evening", "mon-morning", "wed-afternoon")
    (reason,) = [r for r in reasons(request(slots=both), offer(slots=both), NOW) if r.code == "shared_slots"]
    assert reason.params == {"slots": ["mon-morning", "mon-evening", "wed-afternoon", "sat-morning"]}


# --- rank -----------------------------------------------------------------------------------------------


def test_rank_orders_by_score_and_leaves_out_the_ineligible():
    offers = [
        offer(5, **north(1.5)),  # far-ish
        offer(6, kinds=s("garden")),  # wrong kind
        offer(7, load=2, capacity=2),  # full
        offer(8, **north(0.5)),  # close
        offer(9),  # right here
        offer(4, **north(5)),  # out of reach
        offer(3, user_id=1),  # the requester's own offer
    ]
    ranked = rank(request(), offers, NOW)
    assert [suggestion.offer_id for suggestion in ranked] == [9, 8, 5]
    assert [suggestion.score for suggestion in ranked] == sorted((sg.score for sg in ranked), reverse=True)
    assert [sg.score for sg in ranked] == [score(request(), o, NOW).score for o in (offers[4], offers[3], offers[0])]


def test_rank_breaks_ties_by_offer_id():
    offers = [offer(id) for id in (30, 12, 25, 11)]
    assert [suggestion.offer_id for suggestion in rank(request(), offers, NOW)] == [11, 12, 25, 30]


@pytest.mark.parametrize(("limit", "expected"), [(2, [1, 2]), (None, [1, 2, 3, 4, 5]), (0, []), (10, [1, 2, 3, 4, 5])])
def test_rank_limit(limit, expected):
    offers = [offer(id) for id in range(5, 0, -1)]
    assert [suggestion.offer_id for suggestion in rank(request(), offers, NOW, limit=limit)] == expected


def test_rank_of_nothing_is_empty():
    assert rank(request(), [], NOW) == []
    assert rank(request(kind="garden"), [offer()], NOW) == []


def test_rank_explains_every_suggestion():
    (suggestion,) = rank(request(**north(0.8)), [offer(load=1)], NOW)
    assert suggestion.reasons[:2] == (Reason("same_kind", {"kind": "groceries"}), Reason("distance", {"km": 0.8}))
    assert set(suggestion.components) == {"kind", *WEIGHTS}


# --- best set -------------------------------------------------------------------------------------------


def greedy(requests, offers, now):
    """Best pair first, as long as both are still free: what best_set must beat."""
    pairs = sorted(
        ((score(r, o, now).score, r.id, o.id) for r in requests for o in offers if eligible(r, o)),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    free = {o.id: o.capacity - o.load for o in offers}
    matched, chosen = set(), []
    for value, request_id, offer_id in pairs:
        if request_id not in matched and free[offer_id] > 0:
            matched.add(request_id)
            free[offer_id] -= 1
            chosen.append((request_id, offer_id, value))
    return chosen


def brute_force_best_total(requests, offers, now) -> float:
    """The best total over every way of giving each request one offer or none."""
    options = [[None] + [o for o in offers if eligible(r, o)] for r in requests]
    best = 0.0
    for choice in itertools.product(*options):
        used = [o.id for o in choice if o is not None]
        if all(used.count(o.id) <= o.capacity - o.load for o in offers):
            best = max(best, sum(score(r, o, now).score for r, o in zip(requests, choice, strict=True) if o))
    return best


def total(matches) -> float:
    return sum(value for _, _, value in matches)


def test_best_set_beats_greedy_on_a_crafted_case():
    """A wants X most, but B can only be helped by X; A can make do with Y."""
    a, b = request(1), request(2, **north(-1.5))
    x, y = offer(10, radius_km=2.0, capacity=1), offer(11, **north(1.0), radius_km=2.0, capacity=1)
    assert not eligible(b, y)

    assert [(r, o) for r, o, _ in greedy([a, b], [x, y], NOW)] == [(1, 10)]
    matches = best_set([a, b], [x, y], NOW)
    assert sorted((r, o) for r, o, _ in matches) == [(1, 11), (2, 10)]
    assert total(matches) > total(greedy([a, b], [x, y], NOW))
    assert total(matches) == pytest.approx(brute_force_best_total([a, b], [x, y], NOW))


def random_case(
    rng: random.Random, n_requests: int, n_offers: int, kinds=("groceries", "lift", "company"), km: float = 2.0
):
    """Requests and offers scattered over a few areas within `km` or so, some without coordinates, some full."""

    def place():
        area_id = rng.choice((1, 2, 3, None))
        if rng.random() < 0.15:
            return {"area_id": area_id, "lat": None, "lon": None}
        return {"area_id": area_id, "lat": LAT + rng.uniform(-km, km) / 111, "lon": LON + rng.uniform(-km, km) / 67}

    def slots():
        return frozenset(rng.sample(SLOTS, rng.choice((0, 1, 2, 4))))

    def languages():
        return frozenset(rng.sample(("nl", "en", "ar", "tr"), rng.choice((0, 1, 1, 2))))

    requests = [
        request(
            id,
            user_id=rng.randint(1, n_requests + n_offers),
            kind=rng.choice(kinds),
            slots=slots(),
            languages=languages(),
            created_at=NOW - timedelta(days=rng.uniform(0, 20)),
            urgency=rng.choice(("low", "normal", "high")),
            **place(),
        )
        for id in range(1, n_requests + 1)
    ]
    offers = []
    for id in range(101, 101 + n_offers):
        capacity = rng.randint(1, 3)
        offers.append(
            offer(
                id,
                user_id=rng.randint(1, n_requests + n_offers),
                kinds=frozenset(rng.sample(kinds, rng.randint(1, min(2, len(kinds))))),
                radius_km=rng.choice((None, 0.5, 1.0, 2.0, 4.0)),
                slots=slots(),
                languages=languages(),
                capacity=capacity,
                load=rng.randint(0, capacity),
                **place(),
            )
        )
    return requests, offers


def small_case(seed: int):
    return random_case(random.Random(seed), n_requests=5, n_offers=3, kinds=("groceries",), km=1.0)


@pytest.mark.parametrize("seed", range(20))
def test_best_set_is_optimal_on_small_random_cases(seed):
    requests, offers = small_case(seed)
    assert total(best_set(requests, offers, NOW)) == pytest.approx(brute_force_best_total(requests, offers, NOW))


def test_greedy_falls_short_on_some_of_those_cases():
    cases = [small_case(seed) for seed in range(20)]
    shortfalls = [brute_force_best_total(r, o, NOW) - total(greedy(r, o, NOW)) for r, o in cases]
    assert min(shortfalls) >= -1e-9
    assert sum(shortfall > 1e-9 for shortfall in shortfalls) >= 2


@pytest.mark.parametrize("seed", range(5))
def test_best_set_respects_capacity_eligibility_and_scores(seed):
    requests, offers = random_case(random.Random(seed), n_requests=120, n_offers=80)
    offer_of, request_of = {o.id: o for o in offers}, {r.id: r for r in requests}
    matches = best_set(requests, offers, NOW)
    assert matches

    request_ids = [r for r, _, _ in matches]
    assert len(request_ids) == len(set(request_ids))  # at most one offer per request
    for offer_id in {o for _, o, _ in matches}:
        placed = sum(1 for _, o, _ in matches if o == offer_id)
        assert placed <= offer_of[offer_id].capacity - offer_of[offer_id].load
    for request_id, offer_id, value in matches:
        assert eligible(request_of[request_id], offer_of[offer_id])
        assert value == pytest.approx(score(request_of[request_id], offer_of[offer_id], NOW).score)
    assert [value for _, _, value in matches] == sorted((value for _, _, value in matches), reverse=True)
    assert total(matches) >= total(greedy(requests, offers, NOW)) - 1e-9


@pytest.mark.parametrize("seed", range(5))
def test_vectorised_pair_scores_agree_with_eligible_and_score(seed):
    requests, offers = random_case(random.Random(100 + seed), n_requests=40, n_offers=60)
    offers = [o for o in offers if o.load < o.capacity]
    rows, columns, values = matching_best_set._pair_scores(requests, offers, NOW)
    found = {(requests[i].id, offers[j].id): v for i, j, v in zip(rows, columns, values, strict=True)}
    expected = {(r.id, o.id): score(r, o, NOW).score for r in requests for o in offers if eligible(r, o)}
    assert found.keys() == expected.keys()
    assert all(found[pair] == pytest.approx(expected[pair]) for pair in expected)


def test_best_set_uses_only_the_free_places():
    requests = [request(id) for id in range(1, 5)]
    busy = offer(10, capacity=3, load=2)  # one place left
    full = offer(11, capacity=2, load=2)
    assert [offer_id for _, offer_id, _ in best_set(requests, [busy, full], NOW)] == [10]


def test_best_set_never_chooses_an_ineligible_pair():
    requests = [request(1, kind="lift"), request(2, user_id=110), request(3, **north(9))]
    assert best_set(requests, [offer(10)], NOW) == []


def test_best_set_maximises_the_total_score_not_the_number_of_matches():
    """Two poor matches (at the edge of reach, no shared time or language) lose to one good one."""
    poor = {"slots": s("mon-morning"), "languages": s("ar")}
    a, b = request(1, **poor), request(2, **north(-1.95), **poor)
    far = {"capacity": 3, "load": 2, "slots": s("sun-evening"), "languages": s("pl")}
    x, y = offer(10, **far), offer(11, **north(1.95), **far)
    assert eligible(a, y) and eligible(b, x) and not eligible(b, y)
    assert score(a, x, NOW).score > score(a, y, NOW).score + score(b, x, NOW).score
    assert [(r, o) for r, o, _ in best_set([a, b], [x, y], NOW)] == [(1, 10)]


def test_best_set_favours_the_request_that_waited_longest():
    fresh, waited = request(1), request(2, created_at=NOW - timedelta(days=10))
    assert [(r, o) for r, o, _ in best_set([fresh, waited], [offer(10, capacity=1)], NOW)] == [(2, 10)]


@pytest.mark.parametrize(("requests", "offers"), [([], []), ([], [offer()]), ([request()], [])])
def test_best_set_of_nothing_is_empty(requests, offers):
    assert best_set(requests, offers, NOW) == []


def test_offers_far_away_are_left_out_early_but_nothing_in_reach_is():
    requests, offers = random_case(random.Random(7), n_requests=30, n_offers=40)
    far = [replace(o, id=o.id + 1000, lat=o.lat + 1.0, area_id=9) for o in offers if o.lat is not None]
    assert best_set(requests, offers + far, NOW) == best_set(requests, offers, NOW)
    kept = {o.id for o in matching_best_set._maybe_in_reach(requests, offers)}
    assert all(o.id in kept for o in offers for r in requests if eligible(r, o))
