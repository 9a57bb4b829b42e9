"""The matching console at city scale: its lists a page at a time, and the best set of an area cached until
something it depends on changes (each change that makes it stale is shown to rebuild it)."""

# ruff: noqa: F811 - the console tests' `place` fixture, imported, is every test's argument

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.help import queries_console
from portal.help.models import HelpMatch, HelpOffer, HelpRequest
from tests.factories import make_user
from tests.factories.help import make_offer
from tests.web.test_help_console import CRISIS_TEXT, another_request, place, propose  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("place")


def best(auth, place, code=None, **args) -> str:
    url = f"/help/console/areas/{code or place['code']}/best"
    response = auth.client(place["worker"]).get(url, query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def pairs_of(html: str) -> str:
    """The table of proposed pairs only (not the list of requests still without a neighbour)."""
    start = html.index("pairs-heading")
    return html[start : html.index("unpaired-heading")] if "unpaired-heading" in html else html[start:]


def proposes(html: str, request_id: int) -> bool:
    return f"/help/console/requests/{request_id}/propose" in pairs_of(html)


# --------------------------------------------------------------------------- pages


def test_the_open_requests_and_the_matches_in_progress_come_a_page_at_a_time(app, auth, place, monkeypatch):
    monkeypatch.setattr(queries_console, "PER_PAGE", 2)
    later = [another_request(app, place, name=f"Buur {n}") for n in range(2)]  # the fixture's request is oldest
    worker = auth.client(place["worker"])
    first = worker.get("/help/console").get_data(as_text=True)
    assert "Open requests (3)" in first and 'rel="next"' in first
    assert f'href="/help/console/requests/{place["request"]}"' in first
    assert f'href="/help/console/requests/{later[1]}"' not in first
    second = worker.get("/help/console?page=2").get_data(as_text=True)
    assert f'href="/help/console/requests/{later[1]}"' in second and "Open requests (3)" in second
    assert f'href="/help/console/requests/{place["request"]}"' not in second
    assert worker.get("/help/console?page=99").status_code == 200  # past the end: an empty page, not an error

    for request_id in later:
        propose(worker, place, request_id=request_id, offer_id=place["near"])
    propose(worker, place, offer_id=place["other"])
    matches = worker.get("/help/console").get_data(as_text=True)
    assert "Matches in progress (3)" in matches and "later=2" in matches
    assert "Buur 0" in matches and "Riet Vos" not in matches  # the oldest two matches first
    assert "Riet Vos" in worker.get("/help/console?later=2").get_data(as_text=True)


def test_the_console_costs_as_many_statements_for_one_of_everything_as_for_several(app, auth, place, statements):
    worker = auth.client(place["worker"])
    another_request(app, place, description=CRISIS_TEXT, name="Cato Crisis")
    propose(worker, place)
    worker.post(f"/help/console/people/{place['amal']}/block", data={"reason": "Ongepast gedrag"})
    worker.post(f"/help/console/offers/{place['other']}/flag", data={"reason": "Klachten"})
    once = statements(lambda: worker.get("/help/console"))

    waiting = [another_request(app, place, name=f"Buur {n}") for n in range(3)]
    another_request(app, place, description=CRISIS_TEXT, name="Carla Crisis")
    propose(worker, place, request_id=waiting[0], offer_id=place["near"])
    worker.post(f"/help/console/people/{place['requester']}/block", data={"reason": "Misbruik"})
    with app.app_context():
        extra = make_offer(make_user(area_id=place["area"], name="Fleur Vlag"))
        db.session.commit()
        extra_id = extra.id
    worker.post(f"/help/console/offers/{extra_id}/flag", data={"reason": "Nog meer klachten"})
    html = worker.get("/help/console").get_data(as_text=True)
    assert "Carla Crisis" in html and "Buur 2" in html and "Misbruik" in html and "Nog meer klachten" in html
    assert statements(lambda: worker.get("/help/console")) == once


def test_the_console_names_each_crisis_blocked_and_flagged_person_with_their_neighbourhood(app, auth, place):
    worker = auth.client(place["worker"])
    crisis_id = another_request(app, place, description=CRISIS_TEXT, name="Cato Crisis", phone="06 99990000")
    worker.post(f"/help/console/people/{place['requester']}/block", data={"reason": "Misbruik"})
    worker.post(f"/help/console/offers/{place['other']}/flag", data={"reason": "Klachten"})
    html = worker.get("/help/console").get_data(as_text=True)

    crisis = html[html.index("crisis-heading") : html.index("waiting-heading")]
    assert f"/help/console/requests/{crisis_id}" in crisis and "Cato Crisis: Groceries" in crisis
    assert 'href="tel:0699990000"' in crisis and "mailto:" in crisis and "Zonnebuurt" in crisis
    # The blocked requester's own request says so in the list of open requests.
    waiting = html[html.index("waiting-heading") : html.index("matches-heading")]
    assert "Riet Vos" in waiting and "Blocked from matching" in waiting
    safety = html[html.index("safety-heading") :]
    assert "Riet Vos · Zonnebuurt" in safety and "Misbruik" in safety
    assert f'action="/help/console/people/{place["requester"]}/unblock"' in safety
    assert '<span class="sr-only">: Riet Vos</span>' in safety
    assert "Amal Haddad · Zonnebuurt" in safety and f'action="/help/console/offers/{place["other"]}/flag"' in safety


def test_a_coordinator_sees_every_team_and_each_requests_team(app, auth, place):
    html = auth.client(place["coordinator"]).get("/help/console").get_data(as_text=True)
    waiting = html[html.index("waiting-heading") : html.index("matches-heading")]
    assert f"/help/console/requests/{place['request']}" in waiting and "WIJ Hulpteam" in waiting
    assert "Open requests (1)" in html
    assert f'href="/help/console/areas/{place["district"]}/best"' in html and "(1 open request)" in html


def test_the_rows_escape_what_neighbours_typed_and_read_in_the_workers_language(app, auth, place):
    odd = another_request(app, place, name="<b>Kees</b> Twee", description="Hulp & <i>boodschappen</i>")
    worker = auth.client(place["worker"])
    propose(worker, place, request_id=odd, offer_id=place["near"])
    another_request(app, place, name="Els <script>")
    html = worker.get("/help/console").get_data(as_text=True)
    assert "<b>" not in html and "<script>" not in html and "<i>" not in html
    assert "&lt;b&gt;Kees&lt;/b&gt; (asks) has not answered yet" in html and "Els &lt;script&gt;" in html
    assert "Hamid (helps) has not answered yet" in html and "Cancel the match" in html
    with app.app_context():
        db.session.get(User, place["worker"]).locale = "nl"
        db.session.commit()
    dutch = worker.get("/help/console").get_data(as_text=True)
    assert "&lt;b&gt;Kees&lt;/b&gt; (vraagt)" in dutch
    assert "Cancel the match" not in dutch


def test_junk_page_numbers_show_the_first_page(auth, place):
    for query in ("page=abc", "page=-3", "later=99999999999999999999", "page=1e9"):
        response = auth.client(place["worker"]).get(f"/help/console?{query}")
        assert response.status_code == 200, query
        assert (
            f'href="/help/console/requests/{place["request"]}"' in response.get_data(as_text=True) or "later" in query
        )
    assert auth.client(place["worker"]).get(f"/help/console/areas/{place['code']}/best?page=x").status_code == 200


def test_the_best_set_comes_a_page_of_pairs_at_a_time_and_keeps_the_team(app, auth, place, monkeypatch):
    monkeypatch.setattr(queries_console, "PER_PAGE", 1)
    second = another_request(app, place, name="Kees Twee")
    first_page = best(auth, place)
    assert "Proposed pairs (2)" in first_page and 'rel="next"' in first_page
    second_page = best(auth, place, page=2)
    shown = [request_id for request_id in (place["request"], second) if proposes(first_page, request_id)]
    assert len(shown) == 1 and not proposes(second_page, shown[0])
    assert proposes(second_page, ({place["request"], second} - set(shown)).pop())


# --------------------------------------------------------------------------- the cached best set, made stale


def test_a_new_offer_changes_the_best_set(app, auth, place):
    garden = another_request(app, place, kind="garden", name="Gerda Tuin")
    before = best(auth, place)
    assert not proposes(before, garden) and "Gerda Tuin" in before[before.index("unpaired-heading") :]
    with app.app_context():
        make_offer(make_user(area_id=place["area"], name="Henk Hovenier"), kinds=["garden"])
        db.session.commit()
    assert proposes(best(auth, place), garden)


def test_a_new_request_changes_the_best_set(app, auth, place):
    assert "Proposed pairs (1)" in best(auth, place)
    second = another_request(app, place, name="Kees Twee")
    after = best(auth, place)
    assert "Proposed pairs (2)" in after and proposes(after, second)


def test_a_match_proposed_or_cancelled_changes_the_best_set(app, auth, place):
    assert proposes(best(auth, place, place["district"]), place["request"])
    propose(auth.client(place["worker"]), place)
    assert not proposes(best(auth, place, place["district"]), place["request"])
    with app.app_context():
        match_id = db.session.scalars(select(HelpMatch.id)).one()
    auth.client(place["worker"]).post(f"/help/console/matches/{match_id}/cancel")
    assert proposes(best(auth, place, place["district"]), place["request"])


def test_a_block_or_a_flag_changes_the_best_set(app, auth, place):
    worker = auth.client(place["worker"])
    assert "Hamid" in pairs_of(best(auth, place))
    worker.post(f"/help/console/people/{place['helper']}/block", data={"reason": "Ongepast gedrag"})
    assert "Hamid" not in pairs_of(best(auth, place))
    worker.post(f"/help/console/people/{place['helper']}/unblock")
    assert "Hamid" in pairs_of(best(auth, place))
    worker.post(f"/help/console/offers/{place['near']}/flag", data={"reason": "Klachten"})
    assert "Hamid" not in pairs_of(best(auth, place))


def test_a_helper_whose_account_is_deactivated_leaves_the_best_set(app, auth, place):
    assert "Hamid" in pairs_of(best(auth, place))
    with app.app_context():
        db.session.get(User, place["helper"]).active = False
        db.session.commit()
    assert "Hamid" not in pairs_of(best(auth, place))


def test_an_offer_paused_or_a_request_closed_outside_the_console_changes_the_best_set(app, auth, place):
    assert "Hamid" in pairs_of(best(auth, place))
    with app.app_context():
        db.session.get(HelpOffer, place["near"]).paused = True
        db.session.commit()
    assert "Hamid" not in pairs_of(best(auth, place))
    with app.app_context():
        db.session.get(HelpOffer, place["near"]).paused = False
        db.session.get(HelpRequest, place["request"]).status = "closed"
        db.session.commit()
    assert not proposes(best(auth, place), place["request"])


def test_the_best_set_is_worked_out_once_while_nothing_changes(app, auth, place, monkeypatch):
    from portal.help import services_suggestions

    calls = []
    real = services_suggestions._build_best_set
    monkeypatch.setattr(services_suggestions, "_build_best_set", lambda *a: calls.append(1) or real(*a))
    for _ in range(3):
        assert proposes(best(auth, place), place["request"])
    assert len(calls) == 1


# --------------------------------------------------------------------------- heavy imports


def test_numpy_and_scipy_are_not_loaded_when_the_app_starts():
    code = (
        "import sys; from portal import create_app; "
        "create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'TESTING': True}); "
        "print(sorted(m for m in ('numpy', 'scipy', 'portal.help.matching_best_set') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == "[]"
