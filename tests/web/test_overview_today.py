"""'Vandaag' in the browser's terms: where people land after logging in, what a worker reads at 9:00, and that
the page costs the same number of queries however much is waiting."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.extensions import db
from portal.overview import queries_today
from portal.timeutil import utcnow
from tests.factories import create_user, make_user
from tests.overview_support import dutch, make_world, text_of


@pytest.fixture
def teams(app):
    """Two teams ("noord", "zuid") with one of everything waiting, dated around now; ids only."""
    with app.app_context():
        now = utcnow()
        own, other = make_world("Noord", now), make_world("Zuid", now, latitude=53.10)
        coordinator = make_user(ROLE_COORDINATOR, locale="en")
        for person in (own.worker, other.worker):
            person.locale = "en"
        db.session.commit()
        ids = {
            "worker": own.worker.id,
            "other_worker": other.worker.id,
            "coordinator": coordinator.id,
            "resident": own.resident.id,
            "own_initiative": own.initiative.id,
            "other_initiative": other.initiative.id,
            "own_request": own.help_request.id,
            "other_request": other.help_request.id,
            "own_cluster": own.cluster.id,
            "own_complaint": own.complaint.id,
        }
        db.session.remove()
    return ids


# --------------------------------------------------------------------------- landing after log-in


def test_workers_and_coordinators_land_on_today_residents_on_my_neighbourhood(app, auth, client, groningen):
    _id, worker = create_user(app, ROLE_WORKER, teams=("selwerd",))
    _id, coordinator = create_user(app, ROLE_COORDINATOR)
    _id, resident = create_user(app)
    for email, landing in ((worker, "/today"), (coordinator, "/today"), (resident, "/my-neighbourhood")):
        response = auth.login(email)
        assert response.status_code == 302 and response.headers["Location"] == landing, email
        assert client.get(landing).status_code == 200
        auth.logout()


def test_a_next_parameter_still_wins(app, client, groningen):
    _id, worker = create_user(app, ROLE_WORKER, teams=("selwerd",))
    data = {"email": worker, "password": "Correct-Horse-Battery-9"}
    response = client.post("/account/login?next=/help/console", data=data)
    assert response.headers["Location"] == "/help/console"


# --------------------------------------------------------------------------- the page


def test_a_worker_sees_what_waits_for_their_own_team_only(app, auth, teams):
    html = auth.client(teams["worker"]).get("/today").get_data(as_text=True)
    assert f'href="/initiatives/{teams["own_initiative"]}"' in html
    assert f'href="/help/console/requests/{teams["own_request"]}"' in html
    assert f'href="/signals/clusters/{teams["own_cluster"]}"' in html
    assert "Oude vraag Noord" in html and "Nieuwe vraag Noord" in html and "Beantwoorde vraag" not in html
    assert "Tuinhulp gezocht in Noord" in html  # the proposal nobody answered for a week
    for theirs in ("Zuid", f'/initiatives/{teams["other_initiative"]}"', f'/requests/{teams["other_request"]}"'):
        assert theirs not in html
    assert "Klacht Noord" not in html  # complaints are for coordinators


def test_the_oldest_comes_first_and_overdue_is_said_in_words(app, auth, teams):
    page = text_of(auth.client(teams["worker"]).get("/today"))
    assert page.index("Oude vraag Noord") < page.index("Nieuwe vraag Noord")
    assert re.search(r"6 things waiting\s*·\s*3 overdue", page)
    old = page[page.index("Oude vraag Noord") : page.index("Nieuwe vraag Noord")]
    assert re.search(r"from Vrager Noord · in progress · Overdue: was due [^·]+· waiting 5 days", old)
    fresh = page[page.index("Nieuwe vraag Noord") :]
    assert re.search(r"^Nieuwe vraag Noord\s+from Vrager Noord · Due [^·]+· waiting 1 hour", fresh)


def test_the_page_in_dutch(app, auth, teams):
    client = auth.client(teams["worker"])
    with app.app_context():
        from portal.accounts.models import User

        db.session.get(User, teams["worker"]).locale = "nl"
        db.session.commit()
    page = text_of(client.get("/today"))
    assert "Initiatieven om op te pakken" in page  # already in the catalogue
    assert dutch(app, "Today") in page and dutch(app, "Overdue") in page
    assert dutch(app, "%(num)d overdue", num=3) in page  # "3 te laat" at the top


def test_a_coordinator_sees_every_team_with_complaints_and_can_filter(app, auth, teams):
    client = auth.client(teams["coordinator"])
    html = client.get("/today").get_data(as_text=True)
    assert "Klacht Noord" in html and "Klacht Zuid" in html
    assert f'/initiatives/{teams["other_initiative"]}"' in html and f'/initiatives/{teams["own_initiative"]}"' in html
    assert '<select id="team" name="team">' in html
    only = client.get("/today?team=zuid").get_data(as_text=True)
    assert "Klacht Zuid" in only and "Klacht Noord" not in only
    assert f'/initiatives/{teams["own_initiative"]}"' not in only
    assert client.get("/today?team=no-such-team").status_code == 200  # an unknown team: every team
    assert client.get("/today?team=%00junk").status_code < 500  # junk is a 4xx at most


def test_access(app, auth, teams):
    assert auth.client(teams["resident"]).get("/today").status_code == 403
    assert "/account/login" in auth.client().get("/today").headers["Location"]


def test_the_number_of_queries_does_not_grow_with_what_is_waiting(app, auth, teams, statements):
    client = auth.client(teams["coordinator"])
    first = statements(lambda: client.get("/today"))
    with app.app_context():
        now = utcnow()
        for number in range(queries_today.LIMIT + 2):
            make_world(f"Extra{number}", now - timedelta(minutes=number))
        db.session.commit()
    second = statements(lambda: client.get("/today"))
    assert second == first, (first, second)


def test_a_worker_without_a_team_is_told_so(app, auth, groningen):
    user_id, _email = create_user(app, ROLE_WORKER, locale="en")
    page = text_of(auth.client(user_id).get("/today"))
    assert "You are not a worker of any team yet." in page
