"""The neighbourhood agenda pages and the iCalendar feeds that calendar programs subscribe to."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from icalendar import Calendar

from portal.extensions import db
from portal.initiatives import agenda
from portal.initiatives.models import Initiative
from portal.initiatives.times import LOCAL
from portal.projects.models import Project, ProjectActivity
from portal.teams.models import Area
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
            "noord_id": selwerd.children[0].id,
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
        start = datetime.combine(agenda.today() + timedelta(days=2), time(17, 30))  # naive UTC, as stored
        make_initiative(district, status="planned", title="Avondwandeling", planned_start=start)
        db.session.commit()
    shown = start.replace(tzinfo=UTC).astimezone(LOCAL).strftime("%H:%M")  # 18:30 or 19:30 in Groningen
    assert shown != "17:30"
    assert shown in client.get("/initiatives/agenda").get_data(as_text=True)


# --------------------------------------------------------------------------- a bounded page: a window of days


def _at_noon(days_ahead: int) -> datetime:
    """Noon in Groningen ``days_ahead`` days from today, as the naive UTC the database stores."""
    local = datetime.combine(agenda.today() + timedelta(days=days_ahead), time(12, 0), tzinfo=LOCAL)
    return local.astimezone(UTC).replace(tzinfo=None)


def _plan(area, title: str, days_ahead: int):
    return make_initiative(area, status="planned", title=title, planned_start=_at_noon(days_ahead))


def test_the_agenda_shows_four_weeks_at_a_time_with_a_link_to_later_days(client, app):
    with app.app_context():
        district = make_district("Vinkhuizen")
        _plan(district, "Deze week", 2)
        _plan(district, "Over drie weken", 21)
        _plan(district, "Over vijf weken", 35)
        db.session.commit()
    html = client.get("/initiatives/agenda").get_data(as_text=True)
    assert "Deze week" in html and "Over drie weken" in html and "Over vijf weken" not in html
    later = (agenda.today() + timedelta(days=agenda.WINDOW_DAYS)).isoformat()
    assert f'href="/initiatives/agenda?from={later}" rel="next"' in html
    assert 'rel="prev"' not in html  # nothing before today

    html = client.get(f"/initiatives/agenda?from={later}").get_data(as_text=True)
    assert "Over vijf weken" in html and "Deze week" not in html
    assert f'href="/initiatives/agenda?from={agenda.today().isoformat()}" rel="prev"' in html


def test_an_area_agenda_keeps_its_area_in_the_links(client, app):
    with app.app_context():
        district = make_district("Hoogkerk")
        code = district.code
        db.session.commit()
    html = client.get(f"/initiatives/agenda/{code}").get_data(as_text=True)
    later = (agenda.today() + timedelta(days=agenda.WINDOW_DAYS)).isoformat()
    assert f'href="/initiatives/agenda/{code}?from={later}"' in html


def test_a_full_page_ends_with_a_whole_day_and_the_next_page_begins_with_the_next(client, app, monkeypatch):
    monkeypatch.setattr(agenda, "PAGE_CAP", 2)
    with app.app_context():
        district = make_district("Lewenborg")
        _plan(district, "Maandag", 1)
        _plan(district, "Dinsdag een", 2)
        _plan(district, "Dinsdag twee", 2)
        db.session.commit()
    html = client.get("/initiatives/agenda").get_data(as_text=True)
    assert "Maandag" in html and "Dinsdag" not in html
    next_day = (agenda.today() + timedelta(days=2)).isoformat()
    assert f'href="/initiatives/agenda?from={next_day}" rel="next"' in html
    html = client.get(f"/initiatives/agenda?from={next_day}").get_data(as_text=True)
    assert "Dinsdag een" in html and "Dinsdag twee" in html and "Maandag" not in html


def test_a_day_with_more_events_than_a_page_shows_the_first_and_says_so(client, app, monkeypatch):
    monkeypatch.setattr(agenda, "PAGE_CAP", 2)
    with app.app_context():
        district = make_district("Oosterpoort")
        for title in ("Een", "Twee", "Drie"):
            _plan(district, f"Feest {title}", 1)
        db.session.commit()
    client.set_cookie("lang", "en")
    html = client.get("/initiatives/agenda").get_data(as_text=True)
    assert html.count('class="agenda-item"') == 2
    assert "More is planned on" in html
    assert f"from={(agenda.today() + timedelta(days=2)).isoformat()}" in html


def test_an_empty_week_links_to_the_next_planned_event(client, app):
    with app.app_context():
        district = make_district("Beijum")
        _plan(district, "Volgende maand", 40)
        db.session.commit()
    client.set_cookie("lang", "en")
    html = client.get("/initiatives/agenda").get_data(as_text=True)
    assert "Volgende maand" not in html
    assert "Nothing is planned for these days." in html
    assert f"from={(agenda.today() + timedelta(days=40)).isoformat()}" in html


@pytest.mark.parametrize("asked", ["gisteren", "2026-13-45", "1999-01-01", "9999-12-31", ""])
def test_any_first_day_in_the_url_gives_a_page_from_today_to_five_years_ahead(client, app, asked):
    with app.app_context():
        make_district("Selwerd")
        db.session.commit()
    assert client.get(f"/initiatives/agenda?from={asked}").status_code == 200
    assert agenda.today() <= agenda.first_day_asked(asked) <= agenda.today() + agenda.FURTHEST_AHEAD


# --------------------------------------------------------------------------- feeds: a window, a cap, cached, 304


def test_a_feed_holds_the_last_month_and_the_coming_half_year(client, app):
    with app.app_context():
        district = make_district("Paddepoel")
        _plan(district, "Vorige week", -7)
        _plan(district, "Twee maanden geleden", -60)
        _plan(district, "Over vijf maanden", 150)
        _plan(district, "Over een jaar", 365)
        db.session.commit()
    assert set(_events(client.get("/initiatives/agenda.ics"))) == {"Vorige week", "Over vijf maanden"}


def test_a_feed_holds_at_most_the_cap_of_events_the_soonest_first(client, app, monkeypatch):
    monkeypatch.setattr(agenda, "FEED_CAP", 2)
    with app.app_context():
        district = make_district("Selwerd")
        for days, title in ((3, "Derde"), (1, "Eerste"), (2, "Tweede")):
            _plan(district, title, days)
        db.session.commit()
    assert set(_events(client.get("/initiatives/agenda.ics"))) == {"Eerste", "Tweede"}


def test_a_feed_answers_a_calendar_program_that_asks_again_with_304(client, planned):
    first = client.get("/initiatives/agenda.ics")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert "public" in first.headers["Cache-Control"] and "max-age=900" in first.headers["Cache-Control"]
    assert "Cookie" in first.headers["Vary"]
    again = client.get("/initiatives/agenda.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = client.get("/initiatives/agenda.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_a_feed_is_built_once_while_nothing_changes(client, planned, monkeypatch):
    built = []
    real = agenda.build_feed
    monkeypatch.setattr(agenda, "build_feed", lambda *args: built.append(1) or real(*args))
    first = client.get("/initiatives/agenda.ics")
    second = client.get("/initiatives/agenda.ics")
    assert len(built) == 1 and first.data == second.data and first.headers["ETag"] == second.headers["ETag"]


def test_a_new_date_or_a_new_initiative_changes_the_cached_feed_at_once(client, app, planned):
    first = client.get("/initiatives/agenda.ics")
    with app.app_context():
        party = db.session.get(Initiative, planned["party"])
        party.planned_start = planned["start"] + timedelta(days=1)
        db.session.commit()
    moved = client.get("/initiatives/agenda.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert moved.status_code == 200 and moved.headers["ETag"] != first.headers["ETag"]
    assert _events(moved)["Burendag"]["DTSTART"].dt == (planned["start"] + timedelta(days=1)).replace(tzinfo=UTC)

    with app.app_context():
        make_initiative(
            db.session.get(Area, planned["noord_id"]), status="planned", title="Nieuw", planned_start=_at_noon(4)
        )
        db.session.commit()
    assert "Nieuw" in _events(client.get("/initiatives/agenda.ics"))
    assert "Nieuw" in _events(client.get(f"/initiatives/agenda/{planned['noord']}.ics"))


def test_a_new_project_activity_changes_the_cached_feed(client, app, planned):
    assert "Opruimdag" not in _events(client.get("/initiatives/agenda.ics"))
    with app.app_context():
        area = db.session.get(Area, planned["noord_id"])
        project = Project(team_id=area.team_id, area_id=area.id, title="Schoon Selwerd", goal="Samen opruimen.")
        db.session.add(project)
        db.session.flush()
        db.session.add(ProjectActivity(project_id=project.id, title="Opruimdag", starts_at=_at_noon(5), place="Plein"))
        db.session.commit()
    assert "Opruimdag" in _events(client.get("/initiatives/agenda.ics"))


def test_a_busy_agenda_costs_as_many_queries_as_a_quiet_one_and_shows_at_most_a_page(client, app, statements):
    with app.app_context():
        _plan(make_district("Selwerd"), "Eerste", 1)
        db.session.commit()
    client.get("/initiatives/agenda")
    quiet = statements(lambda: client.get("/initiatives/agenda"))
    with app.app_context():
        district = make_district("Paddepoel")
        for day in range(1, 7):
            for number in range(12):
                _plan(district, f"Activiteit {day}-{number}", day)
        db.session.commit()
    html = client.get("/initiatives/agenda").get_data(as_text=True)
    assert 0 < html.count('class="agenda-item"') <= agenda.PAGE_CAP
    assert statements(lambda: client.get("/initiatives/agenda")) == quiet
