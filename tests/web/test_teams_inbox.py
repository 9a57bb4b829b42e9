"""The team inbox list: only that team's workers and coordinators; filters by status, overdue and "assigned to
me"; oldest answer-by time first; overdue questions marked in words."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.extensions import db
from portal.teams.models import TeamQuestion
from portal.timeutil import utcnow
from tests.factories import make_user, team_by_slug


@pytest.fixture
def inbox(app, groningen):
    """Selwerd: an overdue new question, a fresh one in progress assigned to the worker, an answered and a closed
    one; Beijum: one question. One account per role."""
    with app.app_context():
        selwerd, beijum = team_by_slug("selwerd"), team_by_slug("beijum")
        now = utcnow()
        people = {
            "resident": make_user(),
            "worker": make_user(ROLE_WORKER, teams=[selwerd], name="Wim Werker"),
            "other_worker": make_user(ROLE_WORKER, teams=[beijum]),
            "two_teams": make_user(ROLE_WORKER, teams=[selwerd, beijum]),
            "no_team": make_user(ROLE_WORKER),
            "coordinator": make_user(ROLE_COORDINATOR),
        }

        def ask(team, name, days, status="new", due_in=2, **fields):
            question = TeamQuestion(
                team=team, name=name, contact=f"{name.lower()}@example.org", message=f"Vraag van {name}",
                created_at=now - timedelta(days=days), due_at=now + timedelta(days=due_in), status=status, **fields,
            )  # fmt: skip
            db.session.add(question)
            return question

        questions = {
            "old": ask(selwerd, "Oud", 5, due_in=-2),
            "new": ask(selwerd, "Nieuw", 1, status="in_progress", assigned_to=people["worker"]),
            "done": ask(selwerd, "Klaar", 3, status="answered", answered_at=now),
            "closed": ask(selwerd, "Dicht", 9, status="closed", answered_at=now, closed_at=now),
            "beijum": ask(beijum, "Beijumer", 2),
        }
        db.session.commit()
        ids = {key: q.id for key, q in questions.items()} | {key: u.id for key, u in people.items()}
        db.session.remove()
    return ids


def test_open_questions_oldest_answer_by_time_first_with_the_overdue_one_marked_in_words(auth, inbox):
    html = auth.client(inbox["worker"]).get("/teams/selwerd/inbox").get_data(as_text=True)
    assert html.index("Vraag van Oud") < html.index("Vraag van Nieuw")
    assert "Vraag van Klaar" not in html and "Vraag van Beijumer" not in html and "Vraag van Dicht" not in html
    assert html.count(">Te laat<") == 1  # the overdue one, in words (Dutch is the default)
    assert "Antwoord uiterlijk" in html and "<time datetime=" in html
    assert f"V-{inbox['old']:06d}" in html and f'href="/teams/selwerd/inbox/{inbox["old"]}"' in html
    assert "Toegewezen aan Wim Werker" in html


@pytest.mark.parametrize(
    ("show", "shown", "hidden"),
    [
        ("new", ["Oud"], ["Nieuw", "Klaar", "Dicht"]),
        ("in_progress", ["Nieuw"], ["Oud", "Klaar"]),
        ("answered", ["Klaar"], ["Nieuw", "Oud", "Dicht"]),
        ("closed", ["Dicht"], ["Nieuw", "Klaar"]),
        ("overdue", ["Oud"], ["Nieuw", "Klaar", "Dicht"]),
        ("mine", ["Nieuw"], ["Oud", "Klaar"]),
        ("all", ["Nieuw", "Klaar", "Oud", "Dicht"], []),
        ("bogus", ["Nieuw", "Oud"], ["Klaar"]),
    ],
)
def test_filters(auth, inbox, show, shown, hidden):
    html = auth.client(inbox["worker"]).get(f"/teams/selwerd/inbox?show={show}").get_data(as_text=True)
    for name in shown:
        assert f"Vraag van {name}" in html
    for name in hidden:
        assert f"Vraag van {name}" not in html
    assert "Vraag van Beijumer" not in html


@pytest.mark.parametrize(
    ("who", "status"),
    [("worker", 200), ("coordinator", 200), ("two_teams", 200), ("other_worker", 403), ("resident", 403)],
)
def test_only_the_teams_workers_and_coordinators_see_the_inbox(auth, inbox, who, status):
    for url in ("/teams/selwerd/inbox", f"/teams/selwerd/inbox/{inbox['old']}", "/teams/selwerd/inbox/settings"):
        response = auth.client(inbox[who]).get(url)
        assert response.status_code == status, url
        if status == 403:
            assert "Vraag van" not in response.get_data(as_text=True)


def test_a_visitor_is_sent_to_log_in(app, inbox):
    response = app.test_client().get("/teams/selwerd/inbox")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_a_question_of_another_team_cannot_be_reached_through_your_own_team(auth, inbox):
    client = auth.client(inbox["two_teams"])
    assert client.get(f"/teams/selwerd/inbox/{inbox['beijum']}").status_code == 404
    response = client.post(f"/teams/selwerd/inbox/{inbox['beijum']}/reply", data={"body": "Hallo"})
    assert response.status_code == 404


def test_a_worker_with_one_team_goes_straight_to_its_inbox(auth, inbox):
    response = auth.client(inbox["worker"]).get("/teams/inbox")
    assert response.status_code == 302 and response.headers["Location"] == "/teams/selwerd/inbox"


def test_a_worker_with_two_teams_sees_open_and_overdue_counts(auth, inbox):
    html = auth.client(inbox["two_teams"]).get("/teams/inbox").get_data(as_text=True)
    assert 'href="/teams/selwerd/inbox"' in html and 'href="/teams/beijum/inbox"' in html
    assert "<td>2</td>" in html and '<strong class="overdue">1</strong>' in html  # Selwerd: 2 open, 1 overdue


def test_a_coordinator_sees_every_team(auth, inbox):
    html = auth.client(inbox["coordinator"]).get("/teams/inbox").get_data(as_text=True)
    assert html.count('/inbox"') >= 11


def test_a_worker_without_a_team_is_told_so(auth, inbox):
    response = auth.client(inbox["no_team"]).get("/teams/inbox")
    assert response.status_code == 200 and "/teams/selwerd/inbox" not in response.get_data(as_text=True)


def test_residents_have_no_inbox(auth, inbox):
    assert auth.client(inbox["resident"]).get("/teams/inbox").status_code == 403


@pytest.mark.parametrize(("language", "overdue"), [("nl", "Te laat"), ("en", "Overdue")])
def test_inbox_in_both_languages(app, auth, inbox, language, overdue):
    client = auth.client(inbox["worker"])
    client.set_cookie("lang", language)
    with app.app_context():
        from portal.accounts.models import User

        db.session.get(User, inbox["worker"]).locale = language
        db.session.commit()
    html = client.get("/teams/selwerd/inbox").get_data(as_text=True)
    assert f'<html lang="{language}">' in html and f">{overdue}<" in html


def test_a_question_whose_sender_deleted_their_account_says_so(app, auth, inbox):
    with app.app_context():
        question = db.session.get(TeamQuestion, inbox["new"])
        question.name, question.contact, question.message = "", "", ""
        db.session.commit()
    client = auth.client(inbox["worker"])
    html = client.get("/teams/selwerd/inbox").get_data(as_text=True)
    assert html.count('class="card question') == 2  # it still counts
    page = client.get(f"/teams/selwerd/inbox/{inbox['new']}").get_data(as_text=True)
    assert 'href="mailto:"' not in page and 'href="tel:"' not in page
