"""The CSV of the items behind a dashboard, in the test client: the same choice as the page, who may fetch it,
the small-number rule (not offered where the page hides small numbers; neighbourhood codes only for the team's own
workers), the dashboard's links, junk in the query string and a bounded number of queries."""

from __future__ import annotations

import csv
import io
import secrets
from collections import Counter

import pytest
from sqlalchemy import select

from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.extensions import db
from portal.indicators.exports_items import COLUMNS
from portal.signals.models import Signal
from portal.teams.models import Area
from tests import indicators_support
from tests.factories import team_by_slug
from tests.indicators_support import at

HOOD = "BU00141000"  # a neighbourhood of Selwerd
NOVEMBER = "grain=month&period=2026-11-10"


def _rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
    assert tuple(reader.fieldnames) == COLUMNS
    return list(reader)


@pytest.fixture
def world(app):
    """The known events of tests/indicators_support.py; the slugs and codes the tests ask for."""
    with app.app_context():
        built = indicators_support.build()
        db.session.commit()
        names = {
            "a": built.team_a.slug,
            "b": built.team_b.slug,
            "district_a": built.district_a.code,
            "district_b": built.district_b.code,
            "n1": built.n1.code,
            "n2": built.n2.code,
            "team_a": built.team_a.id,
        }
        db.session.remove()
    return names


def test_the_coordinators_file_holds_every_kind_of_the_period_without_neighbourhoods(auth, world):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    response = auth._client.get(f"/indicators/items.csv?{NOVEMBER}")
    assert response.headers["Content-Disposition"] == 'attachment; filename="items-all-teams-month-2026-11-01.csv"'
    rows = _rows(response)
    assert Counter(row["kind"] for row in rows) == {
        "help_request": 4,
        "initiative": 4,
        "question": 3,
        "complaint": 3,
        "signal": 3,
        "project": 3,
    }
    assert {row["neighbourhood"] for row in rows} == {""}  # not for a coordinator: per-item rows of small places
    assert {row["district"] for row in rows if row["kind"] == "help_request"} == {
        world["district_a"],
        world["district_b"],
    }
    first = rows[0]
    assert first["kind"] == "help_request" and first["created"] == "2026-10-20T10:00:00Z"
    assert first["done_or_answered"] == "2026-10-31T23:00:00Z" and first["outcome"] == "found"


def test_the_choice_of_one_team_on_the_coordinators_dashboard(auth, world):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    rows = _rows(auth._client.get(f"/indicators/items.csv?{NOVEMBER}&team={world['a']}"))
    assert {row["team"] for row in rows} == {world["a"]}
    assert Counter(row["kind"] for row in rows)["question"] == 2


def test_a_teams_own_workers_get_the_neighbourhoods(auth, world):
    auth.as_role(ROLE_WORKER, team=world["a"], locale="en")
    response = auth._client.get(f"/indicators/teams/{world['a']}/items.csv?{NOVEMBER}")
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="items-{world["a"]}-month-')
    rows = _rows(response)
    assert {row["team"] for row in rows} == {world["a"]}  # only the team's own items
    help_places = [(row["district"], row["neighbourhood"]) for row in rows if row["kind"] == "help_request"]
    assert help_places == [
        (world["district_a"], world["n2"]),
        (world["district_a"], world["n1"]),
        (world["district_a"], world["n1"]),
    ]
    assert auth._client.get(f"/indicators/teams/{world['b']}/items.csv").status_code == 403
    assert auth._client.get("/indicators/items.csv").status_code == 403


def test_a_coordinator_outside_the_team_gets_its_items_without_neighbourhoods(auth, world):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    rows = _rows(auth._client.get(f"/indicators/teams/{world['a']}/items.csv?{NOVEMBER}"))
    assert rows and {row["neighbourhood"] for row in rows} == {""}
    member = auth.client(auth.as_role(ROLE_COORDINATOR, team=world["a"], locale="en").id)
    assert world["n1"] in {
        row["neighbourhood"] for row in _rows(member.get(f"/indicators/teams/{world['a']}/items.csv?{NOVEMBER}"))
    }


def test_a_visitor_is_sent_to_log_in(client, world):
    response = client.get("/indicators/items.csv")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


# --------------------------------------------------------------------------- the small-number rule, in Groningen


@pytest.fixture
def reported(app, groningen):
    """Three signals reported today in a Selwerd neighbourhood."""
    from tests.factories.signals import report

    with app.app_context():
        hood = db.session.scalars(select(Area).where(Area.code == HOOD)).one()
        for number in range(3):
            report(None, hood, f"Losliggende stoeptegels voor nummer {number} in onze straat")
        db.session.commit()
        db.session.remove()


def test_where_the_page_hides_small_numbers_the_items_are_not_offered(auth, reported):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    for url in (f"/indicators/items.csv?area={HOOD}", f"/indicators/teams/selwerd/items.csv?area={HOOD}"):
        response = auth._client.get(url)
        assert response.status_code == 403 and "how few there are" in response.get_data(as_text=True), url
    page = auth._client.get(f"/indicators/?area={HOOD}").get_data(as_text=True)
    assert "items.csv" not in page and "not offered here" in page
    page = auth._client.get(f"/indicators/teams/selwerd?area={HOOD}").get_data(as_text=True)
    assert "items.csv" not in page


def test_the_teams_workers_get_their_neighbourhoods_items(auth, reported):
    auth.as_role(ROLE_WORKER, team="selwerd", locale="en")
    rows = _rows(auth._client.get(f"/indicators/teams/selwerd/items.csv?area={HOOD}"))
    assert [(row["kind"], row["neighbourhood"]) for row in rows] == [("signal", HOOD)] * 3
    page = auth._client.get(f"/indicators/teams/selwerd?area={HOOD}").get_data(as_text=True)
    assert 'href="/indicators/teams/selwerd/items.csv?grain=month&amp;period=' in page
    assert "/indicators/tokens" not in page  # tokens are for coordinators, on their dashboard


def test_the_coordinators_dashboard_links_the_items_of_its_choice_and_the_tokens(auth, reported):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    page = auth._client.get("/indicators/?grain=quarter&period=2026-11-10&team=selwerd").get_data(as_text=True)
    assert 'href="/indicators/items.csv?grain=quarter&amp;period=2026-11-10&amp;team=selwerd"' in page
    assert 'href="/indicators/tokens"' in page
    rows = _rows(auth._client.get("/indicators/items.csv?grain=quarter&period=2026-11-10&team=selwerd"))
    assert [(row["kind"], row["district"], row["neighbourhood"]) for row in rows] == [("signal", "WK001410", "")] * 3


@pytest.mark.parametrize("query", ["grain=decade", "period=2026-02-30", "team=nowhere", "area=BU99999999", "area=junk"])
def test_junk_in_the_query_string_is_a_400_with_a_message(auth, reported, query):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    for url in (f"/indicators/items.csv?{query}", f"/indicators/teams/selwerd/items.csv?{query}"):
        if "team=" in query and "/teams/" in url:
            continue  # a team's file takes no team
        response = auth._client.get(url)
        assert response.status_code == 400, url
        text = response.get_data(as_text=True)
        assert "Choose" in text or "There is no such" in text or "does not serve" in text


def test_the_file_costs_the_same_queries_for_few_items_or_many(app, auth, world, statements):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    few = statements(lambda: auth._client.get(f"/indicators/items.csv?{NOVEMBER}"))
    with app.app_context():
        team = team_by_slug(world["a"])
        for day in range(1, 29):
            db.session.add(
                Signal(text="Melding", team_id=team.id, follow_token=secrets.token_urlsafe(16), created_at=at(11, day))
            )
        db.session.commit()
        db.session.remove()
    many = statements(lambda: auth._client.get(f"/indicators/items.csv?{NOVEMBER}"))
    assert few == many <= 6 + 6, (few, many)  # one query per kind, and the request's own (user, teams)
