"""The neighbourhood agenda pages and the iCalendar feeds that calendar programs subscribe to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from portal.extensions import db
from portal.timeutil import utcnow
from tests.factories.find import make_district, make_initiative


@pytest.fixture
def planned(app):
    with app.app_context():
        selwerd, beijum = make_district("Selwerd"), make_district("Beijum")
        start = (utcnow() + timedelta(days=3)).replace(hour=13, minute=0, second=0, microsecond=0)
        party = make_initiative(
            selwerd.children[0],
            status="planned",
            title="Burendag",
            place="Speeltuin Selwerd",
            description="Koffie, taart en een rommelmarkt.",
            planned_start=start,
            planned_end=start + timedelta(hours=3),
        )
        bbq = make_initiative(beijum, status="planned", title="Barbecue", planned_start=start + timedelta(days=1))
        make_initiative(beijum, status="submitted", title="Nog een idee", planned_start=start)
        make_initiative(beijum, status="planned", title="Lang geleden", planned_start=utcnow() - timedelta(days=60))
        db.session.commit()
        return {
            "party": party.id,
            "bbq": bbq.id,
            "selwerd": selwerd.code,
            "noord": selwerd.children[0].code,
            "beijum": beijum.code,
            "start": start,
        }


def _events(response) -> dict:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_city_feed_parses_and_holds_the_planned_events(client, planned):
    events = _events(client.get("/initiatives/agenda.ics"))
    assert set(events) == {"Burendag", "Barbecue"}
    party = events["Burendag"]
    assert str(party["UID"]) == f"initiative-{planned['party']}@buurtportaal"
    assert party["DTSTART"].dt == planned["start"].replace(tzinfo=UTC)
    assert party["DTEND"].dt - party["DTSTART"].dt == timedelta(hours=3)
    assert str(party["LOCATION"]) == "Speeltuin Selwerd"
    assert str(party["URL"]).endswith(f"/initiatives/{planned['party']}")
    assert "rommelmarkt" in str(party["DESCRIPTION"])
    assert events["Barbecue"]["DTEND"].dt > events["Barbecue"]["DTSTART"].dt


def test_the_uid_is_stable_between_fetches(client, planned):
    first = _events(client.get("/initiatives/agenda.ics"))
    second = _events(client.get("/initiatives/agenda.ics"))
    assert {str(e["UID"]) for e in first.values()} == {str(e["UID"]) for e in second.values()}


def test_an_area_feed_holds_only_that_area(client, planned):
    assert set(_events(client.get(f"/initiatives/agenda/{planned['selwerd']}.ics"))) == {"Burendag"}
    assert set(_events(client.get(f"/initiatives/agenda/{planned['noord']}.ics"))) == {"Burendag"}
    assert set(_events(client.get(f"/initiatives/agenda/{planned['beijum']}.ics"))) == {"Barbecue"}
    assert client.get("/initiatives/agenda/BU99999999.ics").status_code == 404


def test_the_city_agenda_groups_upcoming_plans_by_date(client, planned):
    page = client.get("/initiatives/agenda")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('class="agenda-day"') == 2
    assert html.index("Burendag") < html.index("Barbecue")
    assert "Nog een idee" not in html and "Lang geleden" not in html
    assert 'type="text/calendar"' in html and "/initiatives/agenda.ics" in html


def test_an_area_agenda(client, planned):
    html = client.get(f"/initiatives/agenda/{planned['beijum']}").get_data(as_text=True)
    assert "Barbecue" in html and "Burendag" not in html
    assert f"/initiatives/agenda/{planned['beijum']}.ics" in html
    assert client.get("/initiatives/agenda/BU99999999").status_code == 404


def test_the_area_picker_works_without_javascript(client, planned):
    response = client.get(f"/initiatives/agenda?area={planned['selwerd']}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/initiatives/agenda/{planned['selwerd']}"


def test_an_empty_agenda_still_gives_a_valid_feed(client, app):
    with app.app_context():
        make_district("Leeg")
        db.session.commit()
    assert _events(client.get("/initiatives/agenda.ics")) == {}
    assert client.get("/initiatives/agenda").status_code == 200


def test_times_are_shown_in_groningen(client, app):
    with app.app_context():
        district = make_district("Paddepoel")
        make_initiative(
            district, status="planned", title="Avondwandeling", planned_start=datetime(2099, 7, 1, 17, 30)
        )  # 19:30 in Groningen (summer time)
        db.session.commit()
    assert "19:30" in client.get("/initiatives/agenda").get_data(as_text=True)
