"""The team inbox: only that team's workers and coordinators; newest first; mark answered, logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.audit import AuditEntry
from portal.extensions import db
from portal.teams.models import TeamQuestion
from portal.timeutil import utcnow
from tests.factories import make_user, team_by_slug


@pytest.fixture
def inbox(app, groningen):
    """Questions for Selwerd (two open, one answered) and one for Beijum; one account per role."""
    with app.app_context():
        selwerd, beijum = team_by_slug("selwerd"), team_by_slug("beijum")
        now = utcnow()

        def ask(team, name, days, answered=False):
            question = TeamQuestion(
                team=team, name=name, contact=f"{name.lower()}@example.org", message=f"Vraag van {name}",
                created_at=now - timedelta(days=days), answered_at=now if answered else None,
            )  # fmt: skip
            db.session.add(question)
            return question

        questions = {
            "old": ask(selwerd, "Oud", 5),
            "new": ask(selwerd, "Nieuw", 1),
            "done": ask(selwerd, "Klaar", 3, answered=True),
            "beijum": ask(beijum, "Beijumer", 2),
        }
        people = {
            "resident": make_user(),
            "worker": make_user(ROLE_WORKER, teams=[selwerd]),
            "other_worker": make_user(ROLE_WORKER, teams=[beijum]),
            "two_teams": make_user(ROLE_WORKER, teams=[selwerd, beijum]),
            "no_team": make_user(ROLE_WORKER),
            "coordinator": make_user(ROLE_COORDINATOR),
        }
        db.session.commit()
        ids = {key: q.id for key, q in questions.items()} | {key: u.id for key, u in people.items()}
        db.session.remove()
    return ids


def test_the_worker_sees_open_questions_newest_first(auth, inbox):
    html = auth.client(inbox["worker"]).get("/teams/selwerd/inbox").get_data(as_text=True)
    assert html.index("Vraag van Nieuw") < html.index("Vraag van Oud")
    assert "Vraag van Klaar" not in html and "Vraag van Beijumer" not in html
    assert "<time datetime=" in html and "nieuw@example.org" in html


@pytest.mark.parametrize(
    ("state", "shown", "hidden"),
    [
        ("answered", ["Klaar"], ["Nieuw", "Oud"]),
        ("all", ["Nieuw", "Klaar", "Oud"], []),
        ("bogus", ["Nieuw"], ["Klaar"]),
    ],
)
def test_filter_open_answered_all(auth, inbox, state, shown, hidden):
    html = auth.client(inbox["worker"]).get(f"/teams/selwerd/inbox?state={state}").get_data(as_text=True)
    for name in shown:
        assert f"Vraag van {name}" in html
    for name in hidden:
        assert f"Vraag van {name}" not in html
    assert "Vraag van Beijumer" not in html


def test_all_lists_newest_first(auth, inbox):
    html = auth.client(inbox["worker"]).get("/teams/selwerd/inbox?state=all").get_data(as_text=True)
    positions = [html.index(f"Vraag van {name}") for name in ("Nieuw", "Klaar", "Oud")]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("who", "status"),
    [("worker", 200), ("coordinator", 200), ("two_teams", 200), ("other_worker", 403), ("resident", 403)],
)
def test_only_the_teams_workers_and_coordinators_see_the_inbox(auth, inbox, who, status):
    response = auth.client(inbox[who]).get("/teams/selwerd/inbox")
    assert response.status_code == status
    if status == 403:
        assert "Vraag van" not in response.get_data(as_text=True)


def test_a_visitor_is_sent_to_log_in(app, inbox):
    response = app.test_client().get("/teams/selwerd/inbox")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def _question(app, question_id) -> TeamQuestion:
    with app.app_context():
        question = db.session.get(TeamQuestion, question_id)
        db.session.expunge(question)
        return question


def _audit(app) -> list[tuple]:
    with app.app_context():
        return [
            (e.actor_id, e.action, e.subject) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def test_mark_answered_and_open_again_are_logged(app, auth, inbox):
    client = auth.client(inbox["worker"])
    url = f"/teams/selwerd/inbox/{inbox['new']}/answered"
    response = client.post(url, data={"answered": "1"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/teams/selwerd/inbox")
    question = _question(app, inbox["new"])
    assert question.answered_at is not None and question.answered_by_id == inbox["worker"]
    client.post(url, data={"answered": "0"})
    question = _question(app, inbox["new"])
    assert question.answered_at is None and question.answered_by_id is None
    subject = f"team_question:{inbox['new']}"
    assert _audit(app) == [
        (inbox["worker"], "team_question.answered", subject),
        (inbox["worker"], "team_question.reopened", subject),
    ]
    answered_page = client.get("/teams/selwerd/inbox?state=all").get_data(as_text=True)
    assert "Vraag van Nieuw" in answered_page


def test_marking_twice_changes_and_logs_nothing_more(app, auth, inbox):
    client = auth.client(inbox["coordinator"])
    url = f"/teams/selwerd/inbox/{inbox['done']}/answered"
    client.post(url, data={"answered": "1"})
    assert _audit(app) == []


def test_a_question_of_another_team_cannot_be_reached_through_your_own_team(app, auth, inbox):
    client = auth.client(inbox["worker"])
    response = client.post(f"/teams/selwerd/inbox/{inbox['beijum']}/answered", data={"answered": "1"})
    assert response.status_code == 404
    assert _question(app, inbox["beijum"]).answered_at is None


def test_a_worker_of_another_team_cannot_mark(app, auth, inbox):
    response = auth.client(inbox["other_worker"]).post(f"/teams/selwerd/inbox/{inbox['new']}/answered")
    assert response.status_code == 403
    assert _question(app, inbox["new"]).answered_at is None and _audit(app) == []


def test_a_worker_with_one_team_goes_straight_to_its_inbox(auth, inbox):
    response = auth.client(inbox["worker"]).get("/teams/inbox")
    assert response.status_code == 302 and response.headers["Location"] == "/teams/selwerd/inbox"


def test_a_worker_with_two_teams_sees_open_counts(auth, inbox):
    html = auth.client(inbox["two_teams"]).get("/teams/inbox").get_data(as_text=True)
    assert 'href="/teams/selwerd/inbox"' in html and 'href="/teams/beijum/inbox"' in html
    assert "<td>2</td>" in html and "<td>1</td>" in html  # Selwerd 2 open (1 answered), Beijum 1 open


def test_a_coordinator_sees_every_team(auth, inbox):
    html = auth.client(inbox["coordinator"]).get("/teams/inbox").get_data(as_text=True)
    assert html.count('/inbox"') >= 11


def test_a_worker_without_a_team_is_told_so(auth, inbox):
    response = auth.client(inbox["no_team"]).get("/teams/inbox")
    assert response.status_code == 200 and "/teams/selwerd/inbox" not in response.get_data(as_text=True)


def test_residents_have_no_inbox(auth, inbox):
    assert auth.client(inbox["resident"]).get("/teams/inbox").status_code == 403


@pytest.mark.parametrize("language", ["nl", "en"])
def test_inbox_in_both_languages(app, auth, inbox, language):
    client = auth.client(inbox["worker"])
    client.set_cookie("lang", language)
    with app.app_context():
        from portal.accounts.models import User

        db.session.get(User, inbox["worker"]).locale = language
        db.session.commit()
    assert f'<html lang="{language}">' in client.get("/teams/selwerd/inbox").get_data(as_text=True)


def test_a_question_whose_sender_deleted_their_account_says_so(app, auth, inbox):
    with app.app_context():
        question = db.session.get(TeamQuestion, inbox["new"])
        question.name, question.contact, question.message = "", "", ""
        db.session.commit()
    html = auth.client(inbox["worker"]).get("/teams/selwerd/inbox").get_data(as_text=True)
    assert html.count('class="card question') == 2  # it still counts
    assert "mailto:" in html and 'href="mailto:"' not in html  # no empty contact link
