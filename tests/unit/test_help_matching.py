"""Matching help requests to offers, rule by rule as a community worker reasons, and the best set."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from portal import text_nl
from portal.help import matching, matching_best_set, matching_text
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
    eligible,
    kind_component,
    language_component,
    language_fit,
    load_component,
    needed_slots,
    rank,
    reasons,
    rhythm_component,
    score,
    text_component,
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


def words(text: str) -> frozenset[str]:
    return matching_text.features(text)


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
        created_at=NOW - timedelta(days=30),
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
        languages=("nl",),
        created_at=NOW,
        urgency="normal",
    )
    return replace(facts, **changes)


def s(*items: str) -> frozenset[str]:
    return frozenset(items)


def first(req: RequestFacts, *offers: OfferFacts) -> int:
    """The offer the matcher suggests first."""
    return rank(req, offers, NOW)[0].offer_id


# --- constants ------------------------------------------------------------------------------------------


def test_kinds_days_parts_slots_and_frequencies():
    assert "language_buddy" in KINDS and len(KINDS) == 11
    assert DAYS[0] == "mon" and PARTS == ("morning", "afternoon", "evening")
    assert len(SLOTS) == 21 and "tue-afternoon" in SLOTS
    assert matching.FREQUENCIES == ("once", "weekly", "several")
    assert matching.TALK_KINDS == {"forms", "computer", "company", "language_buddy"} <= set(KINDS)


def test_weights_add_up_to_one_and_kind_is_no_weight():
    assert math.isclose(sum(WEIGHTS.values()), 1.0)
    assert "kind" not in WEIGHTS


# --- time: the requester's needed time ------------------------------------------------------------------


def test_a_helper_with_more_free_time_is_not_penalised():
    """Both can come on Thursday afternoon; that one is free on Friday too says nothing against her."""
    needed = request(slots=s("thu-morning", "thu-afternoon"))
    only_thursday = offer(slots=s("thu-afternoon"))
    also_friday = offer(slots=s("thu-afternoon", "fri-morning", "fri-afternoon", "sat-morning"))
    assert time_component(needed, also_friday) == time_component(needed, only_thursday)


def test_a_helper_who_covers_only_part_of_a_weekly_need_fits_less():
    """Groceries on Tuesday and Friday every week: a helper free on both covers the need, one free on Tuesday half."""
    weekly = request(frequency="weekly", slots=s("tue-morning", "fri-morning"))
    assert time_component(weekly, offer(slots=s("tue-morning", "fri-morning", "sat-evening"))) == 1.0
    assert time_component(weekly, offer(slots=s("tue-morning"))) == 0.5
    assert (
        first(
            weekly,
            offer(10, slots=s("tue-morning"), **north(0.2)),
            offer(11, slots=s("tue-morning", "fri-morning"), **north(1.0)),
        )
        == 11
    )


def test_one_slot_inside_a_whole_week_is_no_full_fit():
    """A request for every afternoon of the week is not covered by a helper free on one of them."""
    daily = request(frequency="weekly", slots=frozenset(f"{day}-afternoon" for day in DAYS[:5]))
    assert time_component(daily, offer(slots=s("tue-afternoon"))) == pytest.approx(0.2)


def test_for_a_one_off_request_one_shared_moment_is_most_of_the_fit():
    """One visit, any of three mornings will do: a helper free on one of them can come."""
    once = request(slots=s("mon-morning", "wed-morning", "fri-morning"))
    one = time_component(once, offer(slots=s("wed-morning")))
    assert one == pytest.approx(matching.ONCE_ONE_MOMENT + (1 - matching.ONCE_ONE_MOMENT) / 3)
    assert one < time_component(once, offer(slots=s("mon-morning", "wed-morning", "fri-morning"))) == 1.0


@pytest.mark.parametrize(("needed", "free"), [(s(), s()), (s(), s("tue-afternoon")), (s("tue-afternoon"), s())])
def test_any_time_on_either_side_fits(needed, free):
    assert time_component(request(slots=needed, frequency="weekly"), offer(slots=free)) == 1.0


def test_a_helper_who_cannot_come_when_needed_has_no_time_fit():
    assert time_component(request(slots=s("mon-morning")), offer(slots=s("sat-morning", "sun-afternoon"))) == 0.0
    weekly = request(slots=s("mon-morning"), frequency="weekly")
    assert first(weekly, offer(10, slots=s("sat-morning")), offer(11, slots=s("mon-morning"), **north(1.5))) == 11


def test_a_dated_request_means_the_stated_part_of_that_day():
    """Thursday 5 September in the morning: a helper free on Thursday evenings cannot come."""
    thursday = date(2024, 9, 5)
    stored = matching.date_slots(thursday, None, ["morning"])
    assert stored == ["thu-morning"]
    needed = needed_slots("date", thursday, None, stored)
    assert needed == s("thu-morning")
    assert time_component(request(slots=needed), offer(slots=s("thu-evening"))) == 0.0


def test_a_date_without_a_part_means_any_part_of_that_day():
    needed = needed_slots("date", date(2024, 9, 5), None, [])
    assert needed == s("thu-morning", "thu-afternoon", "thu-evening")


def test_a_period_means_its_weekdays_in_the_stated_parts():
    monday, wednesday = date(2024, 9, 2), date(2024, 9, 4)
    assert needed_slots("period", monday, wednesday, matching.date_slots(monday, wednesday, ["evening"])) == s(
        "mon-evening", "tue-evening", "wed-evening"
    )
    assert len(needed_slots("period", monday, date(2024, 9, 30), [])) == 21  # a month: every day of the week


def test_times_of_the_week_are_needed_as_chosen():
    assert needed_slots("slots", None, None, ["tue-afternoon"]) == s("tue-afternoon")
    assert needed_slots("slots", None, None, []) == s()
    assert needed_slots("date", None, None, []) == s()


# --- language -------------------------------------------------------------------------------------------


def test_for_talk_heavy_help_no_shared_language_is_close_to_disqualifying():
    """Reading letters together is talking: a neighbour in the same street without a shared language loses
    to a speaker of the requester's only language a kilometre away."""
    letters = request(kind="forms", languages=("ar",))
    street = offer(10, kinds=s("forms"), languages=s("nl"), **north(0.1))
    speaker = offer(11, kinds=s("forms"), languages=s("nl", "ar"), **north(1.0))
    assert language_fit(letters, street) == matching.NO_LANGUAGE_FIT
    assert first(letters, street, speaker) == 11
    assert score(letters, street, NOW).score < score(letters, speaker, NOW).score / 2


@pytest.mark.parametrize("kind", sorted(matching.TALK_KINDS))
def test_every_talk_heavy_kind_needs_a_shared_language(kind):
    assert language_fit(request(kind=kind, languages=("tr",)), offer(kinds=s(kind), languages=s("nl"))) < 0.5


def test_the_requesters_first_language_is_preferred():
    """Company for a Turkish lady who also speaks Dutch: talking in Turkish wins over a little more distance."""
    company = request(kind="company", languages=("tr", "nl"))
    dutch = offer(10, kinds=s("company"), languages=s("nl"), **north(0.2))
    turkish = offer(11, kinds=s("company"), languages=s("tr", "nl"), **north(0.9))
    assert language_component(company, turkish) == 1.0 > language_component(company, dutch) == matching.OTHER_LANGUAGE
    assert first(company, dutch, turkish) == 11


def test_an_offer_without_languages_counts_as_dutch_only():
    english = request(kind="computer", languages=("en",))
    silent = offer(kinds=s("computer"), languages=s())
    assert language_component(english, silent) == 0.0 and language_fit(english, silent) == matching.NO_LANGUAGE_FIT
    assert language_component(request(kind="computer"), silent) == 1.0


def test_a_request_without_languages_counts_as_dutch():
    assert language_component(request(languages=()), offer(languages=s("nl"))) == 1.0
    assert language_component(request(languages=()), offer(languages=s("ar"))) == 0.0


def test_for_practical_help_a_shared_language_weighs_little():
    """Groceries need little talk: both speak Dutch, and the neighbour around the corner wins."""
    shopping = request(languages=("tr", "nl"))
    dutch = offer(10, languages=s("nl"), **north(0.3))
    turkish = offer(11, languages=s("tr", "nl"), **north(1.2))
    assert language_fit(shopping, dutch) == 1.0
    assert first(shopping, dutch, turkish) == 10


# --- rhythm ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("frequency", ["weekly", "several"])
def test_recurring_requests_prefer_regular_helpers(frequency):
    recurring = request(frequency=frequency)
    assert rhythm_component(recurring, offer(regular=True)) == 1.0
    assert rhythm_component(recurring, offer(regular=False)) == matching.ONE_OFF_FOR_RECURRING
    assert first(recurring, offer(10, regular=False, **north(0.3)), offer(11, regular=True, **north(0.8))) == 11


def test_for_a_one_off_request_regularity_does_not_matter():
    once = request()
    assert rhythm_component(once, offer(regular=False)) == rhythm_component(once, offer(regular=True)) == 1.0
    assert first(once, offer(10, regular=True, **north(0.9)), offer(11, regular=False, **north(0.3))) == 11


# --- the free texts -------------------------------------------------------------------------------------


def test_the_offer_that_mentions_what_is_asked_fits_better():
    """A curtain rail in concrete needs someone who drills, not someone who paints."""
    rail = request(kind="odd_jobs", words=words("Ik wil een gordijnrail ophangen en moet in beton boren."))
    painter = offer(10, kinds=s("odd_jobs"), words=words("Ik kan goed schilderen en behangen."), **north(0.3))
    driller = offer(11, kinds=s("odd_jobs"), words=words("Planken en gordijnrails ophangen, boren."), **north(0.9))
    assert text_component(rail, driller) > text_component(rail, painter)
    assert first(rail, painter, driller) == 11


def test_an_offer_that_also_mentions_other_things_is_not_less_fit():
    asked = request(words=words("Wie doet boodschappen voor mij?"))
    short = offer(words=words("Ik doe boodschappen."))
    longer = offer(words=words("Ik doe boodschappen, kook een maaltijd en maai het gras."))
    assert text_component(asked, longer) == text_component(asked, short) > 0


def test_texts_are_read_the_dutch_way():
    """Stems, misspellings and concepts: "hondje uitlaaten" meets "honden uitlaten"."""
    assert matching_text.relates(words("Wie kan mijn hondje uitlaaten?"), words("Ik laat graag honden uit."))
    assert "pets" in matching_text.topics(words("My dog needs a walk"))
    assert not matching_text.relates(words("Ik zoek hulp, graag."), words("Hulp nodig? Graag!"))  # filler only


def test_a_compound_is_read_as_its_parts_too():
    """A worker knows "stamboomonderzoek" is about a family tree, and "boodschappenhulp" about shopping."""
    tree = "Wie zoekt met mij mijn stamboom uit?"
    assert matching_text.relates(words(tree), words("Ik doe aan stamboomonderzoek."))
    assert matching_text.relates(words("Boodschappenhulp gezocht"), words("Ik haal je boodschappen."))
    assert matching_text.relates(words("Formulierenhulp nodig"), words("Ik help met formulieren."))
    found = reasons(
        request(kind="other", words=words(tree), text=tree),
        offer(kinds=s("other"), words=words("Ik doe aan stamboomonderzoek.")),
        NOW,
    )
    assert any(r.code in {"shared_topics", "shared_words"} for r in found)  # explained in words, as ever


def test_a_separable_verb_is_one_word_however_the_sentence_splits_it():
    """ "Wie leest voor", "iemand die voorleest" and "voorlezen" ask the same; "ik vul het in" is "invullen"."""
    reader = words("Ik lees graag voor aan wie slecht ziet.")
    assert matching_text.relates(words("Iemand die mijn post voorleest?"), reader)
    assert matching_text.relates(words("Voorlezen, wie wil dat?"), reader)
    assert words("Ik vul formulieren in.") >= {"c:letters_forms", "t:" + text_nl.stem("invullen")}
    assert "t:" + text_nl.stem("ophalen") in words("Wie haalt mijn pakje op?")
    assert not any("afg" in f for f in words("Ik geef af en toe een lift."))  # "af en toe" is no verb


def test_a_verb_is_the_same_verb_in_every_person():
    """ "Ik breng kinderen" is the school run as "kinderen brengen" is; "wie repareert" asks for repairs."""
    assert "c:school_run" in words("Ik breng de kinderen naar school.")
    assert "c:childcare" in words("Ik pas graag op kinderen.")
    assert "c:diy" in words("Wie repareert mijn klok?")


def test_the_helper_who_reads_aloud_comes_before_one_who_plays_cards():
    asked = "Mijn moeder kan de letters niet meer zien. Wie leest haar de post voor?"
    post = request(kind="company", words=words(asked), text=asked)
    cards = offer(10, kinds=s("company"), words=words("Ik speel graag een kaartje."), **north(0.2))
    reader = offer(11, kinds=s("company"), words=words("Voorlezen doe ik graag."), **north(0.6))
    assert first(post, cards, reader) == 11


def test_a_bookcase_is_furniture_for_the_one_who_assembles_furniture():
    asked = "Ik heb een boekenkast en een bed gekocht, die moeten nog in elkaar."
    furniture = request(kind="odd_jobs", words=words(asked), text=asked)
    electrician = offer(10, kinds=s("odd_jobs"), words=words("Ik vervang stopcontacten."), **north(0.2))
    assembler = offer(11, kinds=s("odd_jobs"), words=words("Meubels in elkaar zetten."), **north(0.6))
    assert first(furniture, electrician, assembler) == 11


def test_a_request_without_text_leaves_the_text_out():
    assert text_component(request(), offer(words=words("boodschappen"))) == 0.0


# --- the kind gate and kind "other" ---------------------------------------------------------------------


def test_a_kind_is_a_gate():
    assert kind_component(request(kind="garden"), offer(kinds=s("groceries"))) == 0.0
    assert not eligible(request(kind="garden"), offer(kinds=s("groceries")))
    assert score(request(kind="garden"), offer(), NOW).score == 0.0


def test_kind_other_goes_to_the_helper_whose_text_matches():
    dog = request(kind="other", words=words("Wie kan mijn hond uitlaten als ik in het ziekenhuis lig?"))
    mover = offer(10, kinds=s("other"), words=words("Ik help met verhuizen en sjouwen."), **north(0.2))
    dog_lover = offer(11, kinds=s("other"), words=words("Ik ben gek op honden en wandel graag."), **north(1.0))
    assert kind_component(dog, dog_lover) == 1.0
    assert kind_component(dog, mover) == matching.UNRELATED_OTHER
    assert [sg.offer_id for sg in rank(dog, [mover, dog_lover], NOW)] == [11, 10]


def test_kind_other_reaches_offers_of_the_kind_its_text_is_about():
    """A flat tyre is odd jobs, even when the requester chose "other"."""
    tyre = request(kind="other", words=words("Mijn fietsband is lek en ik kan hem niet plakken."))
    assert "odd_jobs" in matching_text.kinds_in(tyre.words)
    handyman = offer(10, kinds=s("odd_jobs"), words=words("Ik repareer fietsen en doe klusjes."), **north(0.8))
    seamstress = offer(11, kinds=s("other"), words=words("Ik kan goed naaien."), **north(0.3))
    assert first(tyre, handyman, seamstress) == 10


def test_kind_other_reaches_any_offer_whose_text_shares_something():
    shutter = request(kind="other", words=words("Mijn rolluik zit vast."))
    helper = offer(kinds=s("garden"), words=words("Tuinwerk, en ik maak ook rolluiken los."))
    assert kind_component(shutter, helper) == 1.0
    assert kind_component(shutter, offer(kinds=s("garden"), words=words("Gras maaien."))) == 0.0


# --- distance -------------------------------------------------------------------------------------------


def test_distance_is_measured_in_km_and_the_radius_is_only_a_limit():
    """A helper willing to cycle far is not closer for it."""
    near = offer(10, **north(0.5), radius_km=0.6)
    willing = offer(11, **north(1.3), radius_km=5.0)
    assert distance_component(request(), near) > distance_component(request(), willing)
    assert distance_component(request(), offer(**north(1.0), radius_km=1.2)) == distance_component(
        request(), offer(**north(1.0), radius_km=20.0)
    )
    assert first(request(), near, willing) == 10
    assert not eligible(request(), offer(**north(1.3), radius_km=1.0))


def test_a_few_hundred_metres_hardly_matter_a_few_kilometres_do():
    at = {km: distance_component(request(), offer(**north(km), radius_km=10.0)) for km in (0.0, 0.3, 1.5, 3.0)}
    assert at[0.0] == 1.0 and at[0.3] > 0.95
    assert at[1.5] == pytest.approx(0.5) and at[3.0] == pytest.approx(0.2)


def test_an_own_neighbourhood_offer_is_as_far_as_it_really_is():
    assert distance_component(request(**north(3.0)), offer(radius_km=None)) == pytest.approx(0.2)
    assert distance_component(request(lat=None, lon=None), offer(radius_km=None)) == 1.0  # same area, no place


def test_a_helper_in_the_same_neighbourhood_is_said_to_be_there_not_0_km():
    codes = [r.code for r in reasons(request(), offer(), NOW)]
    assert "same_area" in codes and "distance" not in codes
    nearby = reasons(request(area_id=2), offer(**north(0.4)), NOW)
    assert Reason("distance", {"km": 0.4}) in nearby and Reason("same_area") not in nearby
    own_postcode = reasons(request(), offer(**north(0.4)), NOW)
    assert Reason("distance", {"km": 0.4}) in own_postcode and Reason("same_area") in own_postcode


# --- load, waiting and ties -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("load", "capacity", "expected"),
    [(0, 2, 1.0), (1, 2, 0.5), (2, 2, 0.0), (0, 1, 1.0), (2, 3, 1 / 3), (3, 2, 0.0), (0, 0, 0.0)],
)
def test_load_component(load, capacity, expected):
    assert load_component(offer(load=load, capacity=capacity)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("days", "urgency", "expected"),
    [(0, "normal", 0.0), (7, "normal", 0.5), (14, "normal", 1.0), (30, "normal", 1.0), (7, "low", 0.25),
     (0, "high", 0.5), (7, "high", 1.0), (-2, "normal", 0.0)],
)  # fmt: skip
def test_waiting_component(days, urgency, expected):
    waited = request(created_at=NOW - timedelta(days=days), urgency=urgency)
    assert waiting_component(waited, NOW) == pytest.approx(expected)


def test_spread_the_work_a_helper_who_helps_nobody_yet_goes_first():
    busy, free = offer(10, capacity=3, load=2, **north(0.4)), offer(11, capacity=1, load=0, **north(0.5))
    assert first(request(), busy, free) == 11


def test_closeness_beats_an_empty_agenda():
    assert first(request(), offer(10, capacity=2, load=1, **north(0.3)), offer(11, **north(2.0), radius_km=3.0)) == 10


def test_ties_go_to_the_least_busy_helper_then_to_the_earliest_offer_never_to_an_id():
    """Two equally fit helpers: the one who helps fewer people (for their capacity) first; then the one who
    offered earliest, whatever the ids."""
    same = {"capacity": 2, "load": 0}
    newer, older = (
        offer(5, created_at=NOW - timedelta(days=1), **same),
        offer(9, created_at=NOW - timedelta(days=60), **same),
    )
    assert score(request(), newer, NOW).score == score(request(), older, NOW).score
    assert [sg.offer_id for sg in rank(request(), [newer, older], NOW)] == [9, 5]
    # Equal scores by construction (load weighed the same): 1 of 4 and 1 of 2 free differ only in busy share.
    quarter = offer(3, capacity=4, load=1, created_at=NOW - timedelta(days=90))
    assert matching.tie_key(older) < matching.tie_key(quarter)


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
    text = words("boodschappen doen")
    perfect = score(request(created_at=NOW - timedelta(days=20), words=text), offer(words=text), NOW)
    assert perfect.score == pytest.approx(100.0)
    assert set(perfect.components) == {"kind", "language_fit", *WEIGHTS}

    half = score(request(**north(1.5), frequency="weekly"), offer(load=1), NOW)
    assert half.components["distance"] == pytest.approx(0.5) and half.components["rhythm"] == 0.0
    expected = 0.5 * WEIGHTS["distance"] + WEIGHTS["time"] + WEIGHTS["language"] + 0.5 * WEIGHTS["load"]
    assert half.score == pytest.approx(100 * expected)


def test_a_score_is_explained_in_structured_reasons():
    suggestion = score(
        request(
            area_id=2,
            **north(0.8),
            kind="company",
            slots=s("tue-afternoon", "thu-morning"),
            languages=("ar", "nl"),
            frequency="weekly",
            words=words("Wie komt er wandelen?"),
            text="Wie komt er wandelen?",
            created_at=NOW - timedelta(days=5, hours=3),
            urgency="high",
        ),
        offer(
            kinds=s("company"),
            slots=s("tue-afternoon", "wed-evening"),
            languages=s("nl", "ar"),
            load=1,
            regular=True,
            words=words("Samen wandelen in het park."),
        ),
        NOW,
    )
    assert suggestion.reasons == (
        Reason("same_kind", {"kind": "company"}),
        Reason("shared_topics", {"topics": ["walks"]}),
        Reason("distance", {"km": 0.8}),
        Reason("shared_slots", {"slots": ["tue-afternoon"]}),
        Reason("part_of_time", {"covered": 1, "needed": 2}),
        Reason("first_language", {"language": "ar"}),
        Reason("regular_helper"),
        Reason("load", {"load": 1, "capacity": 2}),
        Reason("waited", {"days": 5}),
        Reason("urgent"),
    )
    assert all(set(reason.params) == set(matching.REASON_CODES[reason.code]) for reason in suggestion.reasons)


@pytest.mark.parametrize(
    ("request_changes", "offer_changes", "present", "absent"),
    [
        ({}, {}, {"any_time", "same_area", "shared_language"}, {"shared_slots", "waited", "urgent", "distance"}),
        ({"slots": s("mon-morning")}, {"slots": s("sun-evening")}, {"no_shared_time"}, {"any_time"}),
        ({"languages": ("ar",)}, {"languages": s("pl")}, {"no_shared_language"}, {"shared_language"}),
        ({"kind": "forms", "languages": ("ar",)}, {"kinds": s("forms")}, {"talk_without_language"}, set()),
        ({}, {"languages": s()}, {"dutch_assumed", "shared_language"}, set()),
        ({"frequency": "weekly"}, {"regular": False}, {"one_off_helper"}, {"regular_helper"}),
        ({"created_at": NOW - timedelta(hours=20)}, {}, set(), {"waited"}),  # less than a day
        (
            {"kind": "other", "words": words("Mijn fietsband is lek.")},
            {"kinds": s("odd_jobs"), "words": words("Ik repareer fietsen.")},
            {"kind_from_text"},
            {"same_kind"},
        ),
        (
            {"kind": "other", "words": words("Wie laat mijn hond uit?")},
            {"kinds": s("other"), "words": words("Ik naai kleding.")},
            {"unrelated_text"},
            {"shared_topics", "shared_words"},
        ),
        (
            {"kind": "odd_jobs", "words": words("Een gordijnrail ophangen."), "text": "Een gordijnrail ophangen."},
            {"kinds": s("odd_jobs"), "words": words("Ik kan schilderen.")},
            {"different_topics"},
            {"shared_topics"},
        ),
    ],
)
def test_reasons(request_changes, offer_changes, present, absent):
    codes = {reason.code for reason in reasons(request(**request_changes), offer(**offer_changes), NOW)}
    assert present <= codes, codes
    assert not absent & codes, codes


def test_shared_slots_come_in_week_order():
    both = s("sat-morning", "mon-evening", "mon-morning", "wed-afternoon")
    (reason,) = [r for r in reasons(request(slots=both), offer(slots=both), NOW) if r.code == "shared_slots"]
    assert reason.params == {"slots": ["mon-morning", "mon-evening", "wed-afternoon", "sat-morning"]}


def test_shared_words_are_named_as_the_requester_wrote_them():
    text = "Mijn kapstok is uit de muur gevallen."
    found = reasons(
        request(kind="odd_jobs", words=words(text), text=text),
        offer(kinds=s("odd_jobs"), words=words("Kapstokken weer vastzetten.")),
        NOW,
    )
    assert Reason("shared_words", {"words": ["kapstok"]}) in found


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
    assert [sg.score for sg in ranked] == [score(request(), o, NOW).score for o in (offers[4], offers[3], offers[0])]


@pytest.mark.parametrize(("limit", "expected"), [(2, [5, 4]), (None, [5, 4, 3, 2, 1]), (0, []), (10, [5, 4, 3, 2, 1])])
def test_rank_limit_and_equal_offers_earliest_first(limit, expected):
    offers = [offer(id, created_at=NOW - timedelta(days=id)) for id in range(1, 6)]  # offer 5 was made first
    assert [sg.offer_id for sg in rank(request(), offers, NOW, limit=limit)] == expected


def test_rank_of_nothing_is_empty():
    assert rank(request(), [], NOW) == []
    assert rank(request(kind="garden"), [offer()], NOW) == []


def test_rank_explains_every_suggestion():
    (suggestion,) = rank(request(**north(0.8), area_id=2), [offer(load=1)], NOW)
    assert suggestion.reasons[:2] == (Reason("same_kind", {"kind": "groceries"}), Reason("distance", {"km": 0.8}))


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


def brute_force_best(requests, offers, now) -> tuple[int, float]:
    """The most people helped, and the best total among the ways of helping that many."""
    options = [[None] + [o for o in offers if eligible(r, o)] for r in requests]
    best = (0, 0.0)
    for choice in itertools.product(*options):
        used = [o.id for o in choice if o is not None]
        if all(used.count(o.id) <= o.capacity - o.load for o in offers):
            value = sum(score(r, o, now).score for r, o in zip(requests, choice, strict=True) if o)
            best = max(best, (len(used), value))
    return best


def total(matches) -> float:
    return sum(value for _, _, value in matches)


def test_best_set_beats_greedy_on_a_crafted_case():
    """A wants X most, but B can only be helped by X; A can make do with Y."""
    a, b = request(1), request(2, **north(-1.5))
    x, y = offer(10, radius_km=2.0, capacity=1), offer(11, **north(1.0), radius_km=2.0, capacity=1)
    assert not eligible(b, y)
    assert [(r, o) for r, o, _ in greedy([a, b], [x, y], NOW)] == [(1, 10)]
    assert sorted((r, o) for r, o, _ in best_set([a, b], [x, y], NOW)) == [(1, 11), (2, 10)]


def test_best_set_helps_as_many_people_as_possible_before_scoring():
    """One excellent match (A with X) would score more than two poor ones together (A with Y, B with X), but
    B can only be helped by X: two neighbours helped is more than one."""
    text = words("boodschappen doen")
    a = request(1, slots=s("mon-morning"), languages=("ar",), words=text)
    b = request(2, **north(-1.95), slots=s("sun-evening"), languages=("pl",))
    x = offer(10, capacity=3, load=2, slots=s("mon-morning"), languages=s("ar"), words=text)
    y = offer(11, **north(1.95), capacity=3, load=2, slots=s("sun-evening"), languages=s("tr"))
    assert eligible(a, y) and eligible(b, x) and not eligible(b, y)
    assert score(a, x, NOW).score > score(a, y, NOW).score + score(b, x, NOW).score
    assert sorted((r, o) for r, o, _ in best_set([a, b], [x, y], NOW)) == [(1, 11), (2, 10)]


def test_best_set_then_maximises_the_score():
    a, b = request(1), request(2, **north(0.6))
    x, y = offer(10, capacity=1), offer(11, capacity=1, **north(0.6))
    assert sorted((r, o) for r, o, _ in best_set([a, b], [x, y], NOW)) == [(1, 10), (2, 11)]


def test_best_set_gives_a_scarce_helper_to_the_request_waiting_longest():
    fresh, waited = request(1), request(2, created_at=NOW - timedelta(days=10))
    assert [(r, o) for r, o, _ in best_set([fresh, waited], [offer(10, capacity=1)], NOW)] == [(2, 10)]


def test_best_set_lists_equal_scores_oldest_request_first():
    older, newer = request(2, created_at=NOW - timedelta(days=3)), request(1, created_at=NOW - timedelta(days=3))
    newer = replace(newer, created_at=NOW - timedelta(days=3) + timedelta(seconds=1))
    matches = best_set([newer, older], [offer(10, capacity=1, user_id=500), offer(11, capacity=1, user_id=501)], NOW)
    assert [r for r, _, _ in matches] == [2, 1]


TEXTS = (
    "Boodschappen doen bij de supermarkt",
    "Mijn hond uitlaten",
    "Ik laat graag honden uit en wandel",
    "Een gordijnrail ophangen, boren",
    "Klusjes in huis: planken ophangen",
    "Hulp met formulieren en DigiD",
    "Samen koffie drinken en een praatje",
    "Ik kan naaien en kleding herstellen",
    "",
)


def random_case(
    rng: random.Random, n_requests: int, n_offers: int, kinds=("groceries", "odd_jobs", "company", "other"), km=2.0
):
    """Requests and offers scattered over a few areas within `km` or so, some without coordinates, some full,
    with texts, languages, rhythms and kind "other" in the mix."""

    def place():
        area_id = rng.choice((1, 2, 3, None))
        if rng.random() < 0.15:
            return {"area_id": area_id, "lat": None, "lon": None}
        return {"area_id": area_id, "lat": LAT + rng.uniform(-km, km) / 111, "lon": LON + rng.uniform(-km, km) / 67}

    def slots():
        return frozenset(rng.sample(SLOTS, rng.choice((0, 1, 2, 4))))

    def spoken():
        return rng.sample(("nl", "en", "ar", "tr"), rng.choice((0, 1, 1, 2)))

    requests = []
    for id in range(1, n_requests + 1):
        text = rng.choice(TEXTS)
        requests.append(
            request(
                id,
                user_id=rng.randint(1, n_requests + n_offers),
                kind=rng.choice(kinds),
                slots=slots(),
                languages=tuple(spoken()),
                created_at=NOW - timedelta(days=rng.uniform(0, 20)),
                urgency=rng.choice(("low", "normal", "high")),
                frequency=rng.choice(matching.FREQUENCIES),
                words=words(text),
                text=text,
                **place(),
            )
        )
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
                languages=frozenset(spoken()),
                capacity=capacity,
                load=rng.randint(0, capacity),
                regular=rng.random() < 0.5,
                words=words(rng.choice(TEXTS)),
                **place(),
            )
        )
    return requests, offers


def small_case(seed: int):
    return random_case(random.Random(seed), n_requests=5, n_offers=3, kinds=("groceries", "other"), km=1.0)


@pytest.mark.parametrize("seed", range(20))
def test_best_set_is_optimal_on_small_random_cases(seed):
    requests, offers = small_case(seed)
    matches = best_set(requests, offers, NOW)
    count, value = brute_force_best(requests, offers, NOW)
    assert len(matches) == count
    assert total(matches) == pytest.approx(value)


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
    assert len(matches) >= len(greedy(requests, offers, NOW))


@pytest.mark.parametrize("seed", range(5))
def test_vectorised_pair_scores_agree_with_eligible_and_score(seed):
    requests, offers = random_case(random.Random(100 + seed), n_requests=40, n_offers=60)
    offers = [o for o in offers if o.load < o.capacity]
    rows, columns, values = matching_best_set._pair_scores(requests, offers, NOW)
    found = {(requests[i].id, offers[j].id): v for i, j, v in zip(rows, columns, values, strict=True)}
    expected = {(r.id, o.id): score(r, o, NOW).score for r in requests for o in offers if eligible(r, o)}
    assert found.keys() == expected.keys()
    assert all(found[pair] == pytest.approx(expected[pair], abs=1e-9) for pair in expected)


def test_best_set_uses_only_the_free_places():
    requests = [request(id) for id in range(1, 5)]
    busy = offer(10, capacity=3, load=2)  # one place left
    full = offer(11, capacity=2, load=2)
    assert [offer_id for _, offer_id, _ in best_set(requests, [busy, full], NOW)] == [10]


def test_best_set_never_chooses_an_ineligible_pair():
    requests = [request(1, kind="lift"), request(2, user_id=110), request(3, **north(9))]
    assert best_set(requests, [offer(10)], NOW) == []


@pytest.mark.parametrize(("requests", "offers"), [([], []), ([], [offer()]), ([request()], [])])
def test_best_set_of_nothing_is_empty(requests, offers):
    assert best_set(requests, offers, NOW) == []


def test_offers_far_away_are_left_out_early_but_nothing_in_reach_is():
    requests, offers = random_case(random.Random(7), n_requests=30, n_offers=40)
    far = [replace(o, id=o.id + 1000, lat=o.lat + 1.0, area_id=9) for o in offers if o.lat is not None]
    assert best_set(requests, offers + far, NOW) == best_set(requests, offers, NOW)
    kept = {o.id for o in matching_best_set._maybe_in_reach(requests, offers)}
    assert all(o.id in kept for o in offers for r in requests if eligible(r, o))
