"""The reasons behind a match score in words (portal.help.wording), in English and Dutch number format."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from portal.help import matching, wording
from portal.help.matching import Reason, Suggestion
from portal.help.models import HelpRequest


@pytest.fixture
def english(app):
    with app.test_request_context(), force_locale("en"):
        yield


@pytest.fixture
def dutch(app):
    with app.test_request_context(), force_locale("nl"):
        yield


CASES = [
    (Reason("same_kind", {"kind": "groceries"}), "same kind"),
    (Reason("distance", {"km": 0.8}), "0.8 km"),
    (Reason("distance", {"km": 12}), "12.0 km"),
    (Reason("same_area"), "same neighbourhood"),
    (Reason("shared_slots", {"slots": ["tue-afternoon"]}), "both on Tuesday afternoon"),
    (Reason("shared_slots", {"slots": ["mon-morning", "thu-evening"]}), "both on Monday morning and Thursday evening"),
    (
        Reason("shared_slots", {"slots": ["mon-morning", "mon-afternoon", "mon-evening", "tue-morning"]}),
        "both on Monday morning, Monday afternoon, Monday evening and 1 more time",
    ),
    (
        Reason("shared_slots", {"slots": [f"sat-{part}" for part in matching.PARTS] + ["sun-morning", "sun-evening"]}),
        "both on Saturday morning, Saturday afternoon, Saturday evening and 2 more times",
    ),
    (Reason("any_time"), "any time"),
    (Reason("no_shared_time"), "no shared time"),
    (Reason("shared_language", {"languages": ["ar"]}), "speaks Arabic"),
    (Reason("shared_language", {"languages": ["ar", "nl"]}), "speaks Arabic and Dutch"),
    (Reason("no_shared_language"), "no shared language"),
    (Reason("load", {"load": 1, "capacity": 2}), "helps 1 neighbour now; can help 2 at a time"),
    (Reason("load", {"load": 0, "capacity": 1}), "helps nobody yet; can help 1 neighbour at a time"),
    (Reason("load", {"load": 3, "capacity": 3}), "already helps 3 neighbours: as many as they can"),
    (Reason("waited", {"days": 1}), "waiting 1 day"),
    (Reason("waited", {"days": 5}), "waiting 5 days"),
    (Reason("urgent"), "urgent"),
    (Reason("kind_from_text", {"kind": "odd_jobs"}), "the question sounds like odd jobs"),
    (Reason("related_kind", {"kind": "garden"}), "offers garden, in the same words"),
    (Reason("unrelated_text"), "their texts have nothing in common"),
    (Reason("part_of_time", {"covered": 1, "needed": 2}), "can come at 1 of the 2 times needed"),
    (Reason("first_language", {"language": "tr"}), "speaks Turkish, the requester's first language"),
    (Reason("talk_without_language"), "no shared language, and this help is mostly talking"),
    (Reason("dutch_assumed"), "gave no languages, so Dutch is assumed"),
    (Reason("shared_topics", {"topics": ["pets", "walks"]}), "both about pets and walks"),
    (Reason("shared_words", {"words": ["kapstok"]}), "both write “kapstok”"),
    (Reason("different_topics"), "their texts are about different things"),
    (Reason("regular_helper"), "helps regularly"),
    (Reason("one_off_helper"), "helps now and then, and this request comes back"),
]


@pytest.mark.parametrize(("reason", "words"), CASES, ids=[f"{r.code}-{i}" for i, (r, _w) in enumerate(CASES)])
def test_each_reason_in_words(english, reason, words):
    assert wording.describe(reason) == words


def test_every_reason_code_has_words(english):
    worded = {reason.code for reason, _words in CASES}
    assert worded == set(matching.REASON_CODES)


def test_explain_joins_the_reasons_as_the_issue_shows(english):
    suggestion = Suggestion(
        offer_id=1,
        score=81.5,
        components={},
        reasons=(
            Reason("same_kind", {"kind": "groceries"}),
            Reason("distance", {"km": 0.8}),
            Reason("shared_slots", {"slots": ["tue-afternoon"]}),
            Reason("shared_language", {"languages": ["ar"]}),
            Reason("load", {"load": 1, "capacity": 2}),
        ),
    )
    assert (
        wording.explain(suggestion)
        == "same kind; 0.8 km; both on Tuesday afternoon; speaks Arabic; helps 1 neighbour now; can help 2 at a time"
    )


def test_reasons_stored_with_a_match_are_worded_the_same(english):
    stored = [{"code": "same_kind", "params": {"kind": "lift"}}, {"code": "waited", "params": {"days": 3}}]
    assert wording.explain(stored) == "same kind; waiting 3 days"
    assert wording.explain([]) == "" and wording.explain(None) == ""


@pytest.mark.parametrize(
    "reason",
    [
        Reason("something_new", {"x": 1}),
        Reason("distance", {}),
        Reason("load", {"load": "veel", "capacity": 2}),
        {"code": "waited"},
        {"params": {}},
    ],
)
def test_a_reason_that_cannot_be_worded_falls_back_to_its_code(english, reason):
    words = wording.describe(reason)
    assert isinstance(words, str)
    code = reason["code"] if isinstance(reason, dict) and "code" in reason else getattr(reason, "code", "")
    assert words == code.replace("_", " ")


def test_words_follow_the_readers_language_for_numbers_and_language_names(app):
    with app.test_request_context(), force_locale("nl"):
        assert wording.describe(Reason("distance", {"km": 0.8})) == "0,8 km"
        assert "Arabisch" in wording.describe(Reason("shared_language", {"languages": ["ar"]}))
        assert wording.language_name("pap") == "Papiaments"


DUTCH_CASES = [
    (Reason("same_kind", {"kind": "groceries"}), "zelfde soort hulp"),
    (Reason("distance", {"km": 12}), "12,0 km"),
    (Reason("same_area"), "zelfde buurt"),
    (Reason("shared_slots", {"slots": ["tue-afternoon"]}), "allebei op dinsdagmiddag"),
    (Reason("shared_slots", {"slots": ["mon-morning", "thu-evening"]}), "allebei op maandagochtend en donderdagavond"),
    (
        Reason("shared_slots", {"slots": ["mon-morning", "mon-afternoon", "mon-evening", "tue-morning"]}),
        "allebei op maandagochtend, maandagmiddag, maandagavond en nog 1 moment",
    ),
    (
        Reason("shared_slots", {"slots": [f"sat-{part}" for part in matching.PARTS] + ["sun-morning", "sun-evening"]}),
        "allebei op zaterdagochtend, zaterdagmiddag, zaterdagavond en nog 2 momenten",
    ),
    (Reason("any_time"), "elk moment"),
    (Reason("no_shared_time"), "geen gemeenschappelijk moment"),
    (Reason("shared_language", {"languages": ["ar", "nl"]}), "spreekt Arabisch en Nederlands"),
    (Reason("no_shared_language"), "geen gemeenschappelijke taal"),
    (Reason("load", {"load": 1, "capacity": 2}), "helpt nu 1 buur; kan er 2 tegelijk helpen"),
    (Reason("load", {"load": 0, "capacity": 1}), "helpt nog niemand; kan 1 buur tegelijk helpen"),
    (Reason("waited", {"days": 1}), "wacht al 1 dag"),
    (Reason("waited", {"days": 5}), "wacht al 5 dagen"),
    (Reason("urgent"), "dringend"),
    (Reason("kind_from_text", {"kind": "odd_jobs"}), "de vraag klinkt als klusjes"),
    (Reason("unrelated_text"), "de teksten hebben niets met elkaar te maken"),
    (Reason("part_of_time", {"covered": 1, "needed": 2}), "kan op 1 van de 2 momenten die nodig zijn"),
    (Reason("first_language", {"language": "tr"}), "spreekt Turks, de eerste taal van de hulpvrager"),
    (Reason("talk_without_language"), "geen gemeenschappelijke taal, en bij deze hulp praat je vooral"),
    (Reason("dutch_assumed"), "gaf geen talen op, dus we gaan uit van Nederlands"),
    (Reason("shared_topics", {"topics": ["pets", "walks"]}), "allebei over huisdieren en wandelen"),
    (Reason("regular_helper"), "helpt regelmatig"),
    (Reason("one_off_helper"), "helpt af en toe, en deze vraag komt terug"),
]


@pytest.mark.parametrize(
    ("reason", "words"), DUTCH_CASES, ids=[f"{r.code}-{i}" for i, (r, _w) in enumerate(DUTCH_CASES)]
)
def test_each_reason_in_dutch(dutch, reason, words):
    assert wording.describe(reason) == words


def test_explain_joins_the_reasons_in_dutch(dutch):
    reasons = [
        Reason("same_kind", {"kind": "groceries"}),
        Reason("distance", {"km": 0.8}),
        Reason("shared_slots", {"slots": ["tue-afternoon"]}),
        Reason("shared_language", {"languages": ["ar"]}),
        Reason("load", {"load": 1, "capacity": 2}),
    ]
    assert (
        wording.explain(reasons)
        == "zelfde soort hulp; 0,8 km; allebei op dinsdagmiddag; spreekt Arabisch; helpt nu 1 buur; kan er 2 tegelijk helpen"
    )


def test_a_real_score_is_explained(english):
    from datetime import datetime, timedelta

    now = datetime(2026, 3, 10, 12, 0)
    request = matching.RequestFacts(
        id=1, user_id=1, kind="groceries", lat=53.24, lon=6.55, area_id=7, slots=frozenset({"tue-afternoon"}),
        languages=frozenset({"ar"}), created_at=now - timedelta(days=5), urgency="high",
    )  # fmt: skip
    offer = matching.OfferFacts(
        id=2, user_id=2, kinds=frozenset({"groceries"}), lat=53.2472, lon=6.55, area_id=8, radius_km=3.0,
        slots=frozenset({"tue-afternoon", "fri-morning"}), languages=frozenset({"ar", "nl"}), capacity=2, load=1,
    )  # fmt: skip
    words = wording.explain(matching.score(request, offer, now))
    assert (
        words
        == "same kind; 0.8 km; both on Tuesday afternoon; speaks Arabic; helps 1 neighbour now; can help 2 at a time; waiting 5 days; urgent"
    )


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"when": "slots", "slots": ["tue-afternoon", "sat-morning"]}, "Tuesday afternoon and Saturday morning"),
        ({"when": "slots", "slots": []}, "any time"),
        ({"when": "date", "on_date": date(2026, 6, 13)}, "Saturday, June 13, 2026"),
        ({"when": "date", "on_date": date(2026, 6, 13), "slots": ["sat-morning"]}, "Saturday, June 13, 2026, morning"),
        (
            {"when": "period", "on_date": date(2026, 6, 1), "until_date": date(2026, 6, 14)},
            "from June 1, 2026 to June 14, 2026",
        ),
    ],
)
def test_when_a_request_needs_help(english, fields, words):
    assert wording.when_of(HelpRequest(**fields)) == words


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"when": "slots", "slots": ["tue-afternoon", "sat-morning"]}, "dinsdagmiddag en zaterdagochtend"),
        ({"when": "slots", "slots": []}, "elk moment"),
        ({"when": "date", "on_date": date(2026, 6, 13)}, "zaterdag 13 juni 2026"),
        (
            {"when": "period", "on_date": date(2026, 6, 1), "until_date": date(2026, 6, 14)},
            "van 1 juni 2026 tot en met 14 juni 2026",
        ),
    ],
)
def test_when_a_request_needs_help_in_dutch(dutch, fields, words):
    assert wording.when_of(HelpRequest(**fields)) == words
