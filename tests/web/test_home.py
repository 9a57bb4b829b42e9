"""The home page for visitors: the team finder first, three things to do, and what is happening in the city."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.initiatives.agenda import agenda_items, start_of_today
from portal.projects.models import RUNNING, Project, ProjectActivity
from portal.timeutil import utcnow
from tests.factories.accounts import create_user
from tests.factories.find import make_district, make_initiative


def _city(count: int) -> dict:
    """``count`` of everything the home page lists (planned events, open initiatives, projects with activities),
    plus things it must never show."""
    district = make_district("Selwerd")
    hood = district.children[0]
    soon = (utcnow() + timedelta(days=2)).replace(microsecond=0)
    for number in range(count):
        make_initiative(hood, status="planned", title=f"Burendag {number}", planned_start=soon + timedelta(days=number))
        make_initiative(hood, status="submitted", title=f"Moestuin {number}")
        project = Project(title=f"Samen schoon {number}", goal="Een schone straat.", team=district.team, status=RUNNING)
        project.activities.append(
            ProjectActivity(
                title=f"Opruimochtend {number}", starts_at=soon + timedelta(hours=number + 1), place="Plein"
            )
        )
        db.session.add(project)
    make_initiative(hood, status="draft", title="Geheim plan")
    make_initiative(hood, status="declined", title="Afgewezen idee")
    db.session.add(Project(title="Al klaar", goal="Klaar.", team=district.team, status="finished"))
    db.session.flush()
    return {"team": district.team.name}


@pytest.fixture
def busy_city(app):
    with app.app_context():
        _city(6)
        db.session.commit()


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("nl", ("Vind je WIJ-team", "Deel een idee voor je buurt", "Signaal melden")),
        ("en", ("Find your WIJ-team", "Share an idea for your neighbourhood", "Report a signal")),
    ],
)
def test_the_finder_comes_first_then_three_things_to_do(client, groningen, language, texts):
    client.set_cookie("lang", language)
    html = client.get("/").get_data(as_text=True)
    finder, actions = html.index('name="postcode"'), html.index('id="actions-heading"')
    assert finder < actions < html.index('id="city-heading"')
    for text in texts:
        assert text in html
    for link in ('href="/initiatives/new"', 'href="/help/"', 'href="/signals/report"'):
        assert link in html[actions:]


def test_what_is_happening_shows_a_few_of_each_and_only_what_is_public(client, busy_city):
    html = client.get("/").get_data(as_text=True)
    city = html[html.index('id="city-heading"') :]
    agenda = city[: city.index('id="initiatives-heading"')]
    initiatives = city[city.index('id="initiatives-heading"') : city.index('id="projects-heading"')]
    projects = city[city.index('id="projects-heading"') :]
    events = re.findall(r"(?:Burendag|Opruimochtend) \d", agenda)
    assert events == ["Burendag 0", "Opruimochtend 0", "Opruimochtend 1", "Opruimochtend 2"]  # soonest, both sources
    assert len(re.findall(r"(?:Moestuin|Burendag) \d", initiatives)) == 4
    assert len(re.findall(r"Samen schoon \d", projects)) == 3
    for hidden in ("Geheim plan", "Afgewezen idee", "Al klaar"):
        assert hidden not in html
    assert 'href="/initiatives/agenda"' in city and 'href="/initiatives/"' in city and 'href="/projects"' in city


def test_an_empty_city_says_so_in_both_languages(client, groningen):
    html = client.get("/").get_data(as_text=True)
    assert "Er staat nog niets op de agenda." in html or "Nothing is on the agenda yet." in html
    client.set_cookie("lang", "en")
    html = client.get("/").get_data(as_text=True)
    assert "Nothing is on the agenda yet." in html and "What is happening in Groningen" in html


def test_the_home_page_costs_the_same_queries_for_a_quiet_and_a_busy_city(app, client, statements):
    with app.app_context():
        _city(1)
        db.session.commit()
    quiet = statements(lambda: client.get("/"))
    with app.app_context():
        _city(8)
        db.session.commit()
    busy = statements(lambda: client.get("/"))
    assert busy == quiet and busy <= 12


def test_the_agenda_is_asked_for_a_few_items_only(app):
    with app.test_request_context():
        _city(5)
        first = agenda_items(None, start_of_today(), limit=3)
        everything = agenda_items(None, start_of_today())
        db.session.rollback()
    assert [item.uid for item in first] == [item.uid for item in everything[:3]] and len(everything) == 10


def test_a_worker_gets_the_finder_and_the_way_to_today(auth, client, groningen):
    auth.as_role("worker", team="selwerd")
    html = client.get("/").get_data(as_text=True)
    assert 'name="postcode"' in html and 'href="/today"' in html


def test_a_resident_is_welcomed_back_not_asked_for_a_postcode(auth, client, groningen):
    auth.as_role(name="Anouk de Vries")
    html = client.get("/").get_data(as_text=True)
    assert "Anouk" in html and 'name="postcode"' not in html and 'href="/my-neighbourhood"' in html


def test_logging_in_leads_a_resident_to_my_neighbourhood_and_a_worker_to_today(app, auth, groningen):
    _, resident = create_user(app)
    _, worker = create_user(app, "worker", teams=("selwerd",))
    assert auth.login(resident, client=auth.client()).headers["Location"] == "/my-neighbourhood"
    assert auth.login(worker, client=auth.client()).headers["Location"] == "/today"
