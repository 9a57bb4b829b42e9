"""Suggestions from stored requests and offers: the adapter gives matching what a worker would weigh."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from portal.errors import DomainError
from portal.extensions import db
from portal.help import services_suggestions
from portal.help.models import HelpRequest
from portal.timeutil import utcnow
from tests.factories import make_user
from tests.factories.help import make_help_place, make_offer, make_request


@pytest.fixture
def place(ctx):
    return make_help_place()


def neighbour(place, name):
    return make_user(area_id=place.area.id, name=name)


def next_weekday(weekday: int) -> date:
    today = utcnow().date()
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def test_a_request_says_how_often_and_a_new_request_is_once(place):
    weekly = make_request(place.requester, frequency="weekly")
    once = make_request(neighbour(place, "Els Een"))
    assert (weekly.frequency, once.frequency) == ("weekly", "once")
    facts = services_suggestions.request_facts(weekly)
    assert facts.frequency == "weekly"


def test_an_unknown_frequency_or_part_of_the_day_is_refused(place):
    with pytest.raises(DomainError) as refused:
        make_request(place.requester, frequency="daily")
    assert refused.value.field == "frequency"
    with pytest.raises(DomainError) as refused:
        make_request(place.requester, when="date", on_date=next_weekday(3), day_parts=["night"], slots=[])
    assert refused.value.field == "day_parts"


def test_requests_stored_before_frequencies_existed_count_as_once(place):
    """A row written without a frequency (as every request before the migration) reads as once."""
    now = utcnow()
    db.session.execute(
        text(
            'INSERT INTO help_request (user_id, kind, description, area_id, "when", slots, languages, urgency,'
            " status, crisis, listed, created_at, expires_at) VALUES (:user, 'groceries', 'Oude vraag', :area,"
            " 'slots', '[]', '[]', 'normal', 'open', :no, :yes, :now, :later)"
        ),
        {"user": place.requester.id, "area": place.area.id, "no": False, "yes": True, "now": now, "later": now},
    )
    stored = db.session.scalars(select(HelpRequest).where(HelpRequest.description == "Oude vraag")).one()
    assert stored.frequency == "once"
    assert services_suggestions.request_facts(stored).frequency == "once"


def test_a_dated_request_keeps_its_part_of_the_day_and_is_matched_on_it(place):
    """Thursday morning to the hospital: the evening driver cannot come, the morning driver can."""
    thursday = next_weekday(3)
    request = make_request(place.requester, kind="lift", when="date", on_date=thursday, day_parts=["morning"], slots=[])
    assert request.slots == ["thu-morning"]
    assert services_suggestions.request_slots(request) == {"thu-morning"}
    evening = make_offer(place.helper, kinds=("lift",), slots=["thu-evening"])
    morning = make_offer(neighbour(place, "Fatima Ochtend"), kinds=("lift",), slots=["thu-morning"])
    ranked = [offer.id for offer, _suggestion in services_suggestions.suggestions(request)]
    assert ranked == [morning.id, evening.id]


def test_a_date_without_a_part_means_the_whole_day(place):
    request = make_request(place.requester, when="date", on_date=next_weekday(1), slots=[])
    assert request.slots == []
    assert services_suggestions.request_slots(request) == {"tue-morning", "tue-afternoon", "tue-evening"}


def test_the_language_spoken_best_comes_first_in_the_facts(place):
    request = make_request(place.requester, kind="company", languages=["tr", "nl"])
    assert services_suggestions.request_facts(request).languages == ("tr", "nl")
    dutch = make_offer(place.helper, kinds=("company",), languages=["nl"])
    turkish = make_offer(neighbour(place, "Aylin Turks"), kinds=("company",), languages=["tr", "nl"])
    assert [offer.id for offer, _s in services_suggestions.suggestions(request)] == [turkish.id, dutch.id]


def test_a_weekly_request_gets_the_regular_helper_first(place):
    request = make_request(place.requester, frequency="weekly")
    now_and_then = make_offer(place.helper, regular=False)
    regular = make_offer(neighbour(place, "Marco Vast"), regular=True)
    ranked = services_suggestions.suggestions(request)
    assert [offer.id for offer, _s in ranked] == [regular.id, now_and_then.id]
    assert {"regular_helper"} <= {reason.code for reason in ranked[0][1].reasons}


def test_the_texts_count(place):
    request = make_request(place.requester, kind="odd_jobs", description="Wie hangt mijn nieuwe gordijnrail op?")
    painter = make_offer(place.helper, kinds=("odd_jobs",), description="Ik kan goed schilderen en behangen.")
    hanger = make_offer(
        neighbour(place, "Ahmed Boor"), kinds=("odd_jobs",), description="Gordijnen en planken ophangen."
    )
    assert [offer.id for offer, _s in services_suggestions.suggestions(request)] == [hanger.id, painter.id]


def test_a_request_of_kind_other_reads_offers_of_every_kind(place):
    """A flat tyre asked as "other" finds the neighbour who repairs bikes under odd jobs."""
    request = make_request(place.requester, kind="other", description="Mijn fietsband is lek, wie plakt hem?")
    repairer = make_offer(place.helper, kinds=("odd_jobs",), description="Ik repareer fietsen en doe klusjes.")
    make_offer(neighbour(place, "Gerda Tuin"), kinds=("garden",), description="Ik maai graag je gras.")
    ranked = services_suggestions.suggestions(request)
    assert [offer.id for offer, _s in ranked] == [repairer.id]
    assert ranked[0][1].reasons[0].code == "kind_from_text"


def test_the_best_set_in_the_database_helps_as_many_people_as_possible(place):
    """One helper suits both requests, the other only one of them: both requests get a neighbour."""
    close = make_request(place.requester, description="Boodschappen graag.")
    other = make_request(neighbour(place, "Kees Twee"), kind="lift", description="Een lift naar het ziekenhuis.")
    both = make_offer(place.helper, kinds=("groceries", "lift"), description="Boodschappen en een lift.")
    only_shopping = make_offer(neighbour(place, "Bep Boodschap"), description="Boodschappen doen.")
    pairs = {(request.id, offer.id) for request, offer, _score in services_suggestions.best_set([place.area.id])}
    assert pairs == {(close.id, only_shopping.id), (other.id, both.id)}
