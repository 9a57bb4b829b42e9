"""The indicators pages in the test client, over known figures (``compute.figures`` replaced by a fake whose
numbers follow from the place): the coordinators' dashboard, a team's, their CSVs and the public page; who may
see which, both languages, the small-number rule, junk in the query string and the number of queries."""

from __future__ import annotations

import csv
import io
import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.extensions import db
from portal.indicators import compute
from portal.indicators.definitions import DURATION, INDICATORS, SHARE
from portal.indicators.exports import COLUMNS
from portal.indicators.periods import CITY, NEIGHBOURHOOD, Figure
from portal.teams.models import Area
from tests.factories import team_by_slug

HOOD = "BU00141000"  # a neighbourhood of Selwerd


def fake_figures(scope, period):
    """Known figures: the city 100, a team 10 + its id, a district 20, a neighbourhood 3 (of a base of 4 for a
    share: too few to say on a protected page); the previous period one less."""
    count = {CITY: 100, NEIGHBOURHOOD: 3, "district": 20}.get(scope.kind) or 10 + scope.id
    if period.start.month % 2 == 0:  # alternate months differ, so "the period before" is visibly another
        count -= 1
    out = {}
    for indicator in INDICATORS:
        if indicator.kind == SHARE:
            out[indicator.key] = Figure(indicator.key, count=count, base=count + 1)
        elif indicator.kind == DURATION:
            out[indicator.key] = Figure(indicator.key, count=count, median_days=2.5, p90_days=7.25)
        else:
            out[indicator.key] = Figure(indicator.key, count=count)
    return out


def _replace_figures(monkeypatch, fake, calls=None):
    """``compute.figures`` and ``compute.figures_for`` give ``fake``'s figures; ``calls`` notes each batch."""

    def figures_for(scopes, period, now=None):
        scopes = list(scopes)
        if calls is not None:
            calls.append((tuple(scopes), period))
        return {scope: fake(scope, period) for scope in scopes}

    monkeypatch.setattr(compute, "figures_for", figures_for)
    monkeypatch.setattr(compute, "figures", lambda scope, period, now=None: figures_for([scope], period)[scope])


@pytest.fixture
def known(monkeypatch):
    calls = []
    _replace_figures(monkeypatch, fake_figures, calls)
    return calls


@pytest.fixture
def people(app, groningen):
    with app.app_context():
        selwerd = team_by_slug("selwerd")
        hood = db.session.scalars(select(Area).where(Area.code == HOOD)).one()
        ids = {"selwerd": selwerd.id, "district": hood.parent.code, "district_name": hood.parent.name}
        db.session.remove()
    return ids


def test_the_coordinators_dashboard_shows_every_team_beside_the_period_before_and_the_city(auth, people, known):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    response = auth._client.get("/indicators/?grain=month&period=2026-11-10")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "How the teams are doing" in page and "November 2026" in page and "October 2026" in page
    selwerd = 10 + people["selwerd"]
    # the share of Selwerd in November, beside October (one less), and the city's
    assert f"{selwerd} of {selwerd + 1}" in page and f"{selwerd - 1} of {selwerd}" in page
    assert "100 of 101" in page and "99 of 100" in page
    for indicator in INDICATORS:
        assert (
            str(indicator.definition) in page or str(escape(str(indicator.definition))) in page
        )  # every definition unfolds beside it
    assert page.count('role="img"') >= 2 * len(INDICATORS)  # a bar chart across teams and a trend line each
    assert "<caption" in page
    assert "&lt;5" not in page and "too few to say" not in page  # teams and the city: no small-number rule


def test_a_coordinator_looking_at_a_neighbourhood_sees_the_small_number_rule(auth, people, known):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    page = auth._client.get(f"/indicators/?area={HOOD}").get_data(as_text=True)
    assert "too few to say" in page and "&lt;5" in page
    assert ">3<" not in page  # the neighbourhood's count of 3 is never written


def test_a_district_shows_its_neighbourhoods_under_the_rule(auth, people, known):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    page = auth._client.get(f"/indicators/?area={people['district']}&grain=year").get_data(as_text=True)
    assert people["district_name"] in page and "20 of 21" in page and "&lt;5" in page


def test_the_team_dashboard_shows_its_own_workers_everything(auth, people, known):
    auth.as_role(ROLE_WORKER, team="selwerd", locale="en")
    page = auth._client.get(f"/indicators/teams/selwerd?area={HOOD}&grain=quarter").get_data(as_text=True)
    assert "How WIJ Selwerd is doing" in page or "is doing" in page
    assert "3 of 4" in page and "too few to say" not in page  # their own neighbourhood, unmasked
    assert auth._client.get("/indicators/teams/beijum").status_code == 403
    assert auth._client.get("/indicators/").status_code == 403


def test_a_coordinator_outside_the_team_sees_its_neighbourhoods_under_the_rule(auth, people, known):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    page = auth._client.get(f"/indicators/teams/selwerd?area={HOOD}").get_data(as_text=True)
    assert "too few to say" in page and "&lt;5" in page and "3 of 4" not in page
    rows = _csv(auth._client.get(f"/indicators/teams/selwerd/indicators.csv?area={HOOD}"))
    assert {row["count"] for row in rows if row["place_code"] == HOOD} == {"<5"}
    member = auth.client(auth.as_role(ROLE_COORDINATOR, team="selwerd", locale="en").id)
    assert "3 of 4" in member.get(f"/indicators/teams/selwerd?area={HOOD}").get_data(as_text=True)


def test_a_team_dashboard_refuses_an_area_the_team_does_not_serve(auth, people, known):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    response = auth._client.get(f"/indicators/teams/beijum?area={HOOD}")
    assert response.status_code == 400 and "does not serve" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        "grain=decade",
        "period=2026-02-30",
        "period=tomorrow",
        "period=2999-01-01",
        "team=nowhere",
        "team=%3Cscript%3E",
        "area=BU99999999",
        "area=junk",
        "grain=month&period=" + "9" * 300,
    ],
)
def test_junk_in_the_query_string_is_a_400_with_a_message(auth, people, known, query):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    for url in (f"/indicators/?{query}", f"/indicators/indicators.csv?{query}"):
        response = auth._client.get(url)
        assert response.status_code == 400, url
        assert "Choose" in response.get_data(as_text=True) or "There is no such" in response.get_data(as_text=True)


def _csv(response) -> list[dict]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_is_exactly_the_filtered_view(auth, people, known):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    response = auth._client.get("/indicators/indicators.csv?grain=month&period=2026-11-10")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="indicators-all-teams-month-')
    rows = _csv(response)
    assert tuple(rows[0]) == COLUMNS
    selwerd = [row for row in rows if row["place_code"] == "selwerd" and row["indicator"] == "help_found_neighbour"]
    count = 10 + people["selwerd"]
    assert [(row["period_start"], row["count"], row["base"]) for row in selwerd] == [
        ("2026-11-01", str(count), str(count + 1)),
        ("2026-10-01", str(count - 1), str(count)),
    ]
    assert selwerd[0]["share"] == f"{count / (count + 1):.4f}"
    city = [row for row in rows if row["place_kind"] == "city" and row["indicator"] == "help_days_to_match"]
    assert city[0]["median_days"] == "2.50" and city[0]["p90_days"] == "7.25"
    page = auth._client.get("/indicators/?grain=month&period=2026-11-10").get_data(as_text=True)
    places = {row["place"] for row in rows}
    assert all(place in page for place in places)  # the page's places, and no others
    assert len(rows) == len(INDICATORS) * (len(places)) * 2


def test_the_csv_of_a_neighbourhood_keeps_the_small_number_rule(auth, people, known):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    rows = _csv(auth._client.get(f"/indicators/indicators.csv?area={HOOD}"))
    hood = [row for row in rows if row["place_code"] == HOOD]
    assert hood and all(row["count"] == "<5" for row in hood)
    assert all(row["share"] == "" and row["too_few"] == "yes" for row in hood if row["base"])


def test_the_team_csv_for_its_workers(auth, people, known):
    auth.as_role(ROLE_WORKER, team="selwerd", locale="en")
    rows = _csv(auth._client.get(f"/indicators/teams/selwerd/indicators.csv?area={HOOD}"))
    assert {row["count"] for row in rows if row["place_code"] == HOOD} == {"3", "2"}
    assert auth._client.get("/indicators/teams/beijum/indicators.csv").status_code == 403


def test_the_public_page_shows_the_non_personal_figures_to_anyone(client, people, known):
    page = client.get("/indicators/teams/selwerd/how-we-are-doing")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Signals reported" in text or "Signalen" in text
    main = re.search(r"<main.*</main>", text, flags=re.S)[0]
    assert "Complaints" not in main and "Questions" not in main  # only the non-personal figures
    team_page = client.get("/teams/selwerd").get_data(as_text=True)
    assert "/indicators/teams/selwerd/how-we-are-doing" in team_page
    assert client.get("/indicators/teams/nowhere/how-we-are-doing").status_code == 404


def test_the_public_page_hides_a_share_of_too_few(client, people, monkeypatch):
    def few(scope, period):
        return {
            indicator.key: Figure(indicator.key, count=2, base=3 if indicator.kind == SHARE else None)
            for indicator in INDICATORS
        }

    _replace_figures(monkeypatch, few)
    client.set_cookie("lang", "en")
    text = client.get("/indicators/teams/selwerd/how-we-are-doing").get_data(as_text=True)
    assert "too few to say" in text and "2 of 3" not in text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_indicators_page_answers_in_both_languages(auth, people, known, language):
    auth.as_role(ROLE_COORDINATOR, locale=language)
    for url in ("/indicators/", "/indicators/teams/selwerd", "/indicators/teams/selwerd/how-we-are-doing"):
        response = auth._client.get(url)
        assert response.status_code == 200 and f'<html lang="{language}">' in response.get_data(as_text=True)


def test_the_dashboards_ask_each_place_and_period_once_and_a_bounded_number_of_queries(auth, people, known, statements):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    queries = statements(lambda: auth._client.get("/indicators/"))
    asked = [(scope, period) for scopes, period in known for scope in scopes]
    assert len(set(asked)) == len(asked)  # no place and period asked twice
    assert len(known) == 6  # one batch per period: the trend's six, the last two for every team and the city
    assert sorted(len(scopes) for scopes, _ in known) == [1, 1, 1, 1, 12, 12]
    assert queries <= 15, queries  # around the figures themselves: the page's own queries (teams, areas, user)
    known.clear()
    queries = statements(lambda: auth._client.get("/indicators/teams/selwerd"))
    assert queries <= 15 and len(known) == 6, queries


def test_navigation_reaches_the_dashboards(auth, people, known):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    assert 'href="/indicators/"' in auth._client.get("/indicators/teams/selwerd").get_data(as_text=True)
    worker = auth.client(auth.as_role(ROLE_WORKER, team="selwerd", locale="en").id)
    assert 'href="/indicators/teams/selwerd"' in worker.get("/today").get_data(as_text=True)


# --------------------------------------------------------------------------- with the real figures


@pytest.fixture
def reported(app, people):
    """Seven signals reported today in a Selwerd neighbourhood, three more in the city elsewhere."""
    from tests.factories.signals import report

    with app.app_context():
        hood = db.session.scalars(select(Area).where(Area.code == HOOD)).one()
        elsewhere = db.session.scalars(
            select(Area).where(Area.kind == "neighbourhood", Area.team_id != hood.team_id, Area.team_id.is_not(None))
        ).first()
        for number in range(7):
            report(None, hood, f"Losliggende stoeptegels voor nummer {number} in onze straat")
        for number in range(3):
            report(None, elsewhere, f"Kapotte lantaarnpaal bij de brug, nummer {number}")
        db.session.commit()
        db.session.remove()


def test_page_and_csv_give_the_same_real_figures(auth, people, reported):
    auth.as_role(ROLE_WORKER, team="selwerd", locale="en")
    rows = _csv(auth._client.get(f"/indicators/teams/selwerd/indicators.csv?area={HOOD}"))
    signals = {
        (row["place_code"], row["period_start"]): row["count"] for row in rows if row["indicator"] == "signals_reported"
    }
    this_month = [start for (_code, start) in signals][0]
    assert signals[(HOOD, this_month)] == "7" and signals[("", this_month)] == "10"
    page = auth._client.get(f"/indicators/teams/selwerd?area={HOOD}").get_data(as_text=True)
    section = page.split('id="signals_reported"')[1].split("</section>")[0]
    cells = re.findall(r"<td>([^<]*)</td>", section)
    assert cells[0] == "7" and cells[-2] == "10"  # the neighbourhood now, and the city now


def test_the_real_dashboards_ask_a_bounded_number_of_queries(auth, people, reported, statements):
    """About 17 queries per period (compute.figures_for, for all places at once), whatever the number of items
    or places: a dashboard asks six periods (noted in queries_pages)."""
    auth.as_role(ROLE_COORDINATOR, locale="en")
    assert statements(lambda: auth._client.get("/indicators/")) <= 6 * 18 + 15
    assert statements(lambda: auth._client.get("/indicators/teams/selwerd")) <= 6 * 18 + 15
    assert statements(lambda: auth._client.get("/indicators/teams/selwerd/how-we-are-doing")) <= 2 * 18 + 10


@pytest.mark.parametrize(
    ("query", "now", "before"),
    [
        ("grain=week&period=2026-11-11", "week of 9 Nov 2026", "week of 2 Nov 2026"),
        ("grain=quarter&period=2026-05", "Q2 2026", "Q1 2026"),
        ("grain=year&period=2025-03-01", "2025", "2024"),
    ],
)
def test_each_grain_names_its_period_and_the_one_before(auth, people, known, query, now, before):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    page = auth._client.get(f"/indicators/?{query}").get_data(as_text=True)
    assert f'<th scope="col">{now}</th>' in page and f'<th scope="col">{before}</th>' in page
    assert "Later</a>" in page  # a past period links to the next one


def test_this_period_has_no_later_link(auth, people, known):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    assert "Later</a>" not in auth._client.get("/indicators/").get_data(as_text=True)
