"""A team's inbox settings: the answer-by time (1–20 working days) and reply templates, for the team's workers
and coordinators; bad input refused next to the field, nothing lost; every change in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal import workdays
from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.audit import AuditEntry
from portal.extensions import db
from portal.teams.models import ReplyTemplate, Team, TeamQuestion
from tests.factories import make_user, team_by_slug


@pytest.fixture
def people(app, groningen):
    with app.app_context():
        selwerd, beijum = team_by_slug("selwerd"), team_by_slug("beijum")
        users = {
            "worker": make_user(ROLE_WORKER, teams=[selwerd], locale="en"),
            "beijum": make_user(ROLE_WORKER, teams=[beijum]),
            "coordinator": make_user(ROLE_COORDINATOR, locale="en"),
        }
        other = ReplyTemplate(team=beijum, title="Beijum", body="Alleen voor Beijum")
        db.session.add(other)
        db.session.commit()
        ids = {key: user.id for key, user in users.items()} | {"beijum_template": other.id}
        db.session.remove()
    return ids


def _english(client):
    client.set_cookie("lang", "en")
    return client


def _answer_days(app, slug="selwerd") -> int:
    with app.app_context():
        return db.session.scalar(select(Team.answer_days).where(Team.slug == slug))


@pytest.mark.parametrize("value", ["0", "21", "twee", ""])
def test_the_answer_by_time_is_1_to_20_working_days(app, auth, people, value):
    response = _english(auth.client(people["worker"])).post(
        "/teams/selwerd/inbox/settings", data={"answer_days": value}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'utrecht-form-field-error-message error-message"' in html
    assert _answer_days(app) == 2


def test_a_new_answer_by_time_applies_to_new_questions(app, auth, people):
    client = _english(auth.client(people["worker"]))
    response = client.post("/teams/selwerd/inbox/settings", data={"answer_days": "5"})
    assert response.status_code == 303 and _answer_days(app) == 5
    assert "within 5 working days" in client.get(response.headers["Location"]).get_data(as_text=True)
    client.post("/teams/selwerd/ask", data={"name": "A", "contact": "a@example.org", "message": "Vraag"})
    with app.app_context():
        question = db.session.scalars(select(TeamQuestion)).one()
        assert question.due_at == workdays.due_at(question.created_at, 5)
        assert [e.action for e in db.session.scalars(select(AuditEntry))] == ["team.answer_days"]


def test_a_coordinator_sets_it_for_any_team_and_another_teams_worker_cannot(app, auth, people):
    assert (
        _english(auth.client(people["coordinator"]))
        .post("/teams/beijum/inbox/settings", data={"answer_days": "3"})
        .status_code
        == 303
    )
    assert _answer_days(app, "beijum") == 3
    assert (
        auth.client(people["beijum"]).post("/teams/selwerd/inbox/settings", data={"answer_days": "9"}).status_code
        == 403
    )
    assert _answer_days(app) == 2


def _templates(app, slug="selwerd") -> list[tuple[str, str]]:
    with app.app_context():
        query = select(ReplyTemplate.title, ReplyTemplate.body).join(Team).where(Team.slug == slug)
        return [tuple(row) for row in db.session.execute(query.order_by(ReplyTemplate.id))]


def test_reply_templates_are_added_edited_and_deleted(app, auth, people):
    client = _english(auth.client(people["worker"]))
    data = {"title": "Voedselbank", "body": "Je kunt je aanmelden bij de Voedselbank Groningen."}
    response = client.post("/teams/selwerd/inbox/templates", data=data)
    assert response.status_code == 303 and _templates(app) == [(data["title"], data["body"])]
    page = client.get("/teams/selwerd/inbox/settings").get_data(as_text=True)
    assert "Voedselbank Groningen" in page
    with app.app_context():
        template_id = db.session.scalar(select(ReplyTemplate.id).where(ReplyTemplate.title == "Voedselbank"))
    edit = f"/teams/selwerd/inbox/templates/{template_id}"
    assert "Voedselbank Groningen" in client.get(edit).get_data(as_text=True)
    refused = client.post(edit, data={"title": "", "body": "Nieuwe tekst die blijft staan"})
    assert refused.status_code == 422 and "Nieuwe tekst die blijft staan" in refused.get_data(as_text=True)
    assert client.post(edit, data={"title": "Voedselbank", "body": "Bel 050 123 4567."}).status_code == 303
    assert _templates(app) == [("Voedselbank", "Bel 050 123 4567.")]
    assert client.post(f"{edit}/delete").status_code == 303
    assert _templates(app) == []
    again = client.post(f"{edit}/delete")  # pressed twice: nothing breaks
    assert again.status_code == 303
    with app.app_context():
        actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["reply_template.added", "reply_template.changed", "reply_template.deleted"]


def test_a_new_template_refused_keeps_what_was_typed(app, auth, people):
    client = _english(auth.client(people["worker"]))
    response = client.post("/teams/selwerd/inbox/templates", data={"title": "Zonder tekst", "body": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="Zonder tekst"' in html and "Write the template" in html
    assert _templates(app) == []


def test_another_teams_template_cannot_be_reached_through_your_team(app, auth, people):
    client = auth.client(people["worker"])
    url = f"/teams/selwerd/inbox/templates/{people['beijum_template']}"
    assert client.get(url).status_code == 404
    assert client.post(url, data={"title": "Overgenomen", "body": "x"}).status_code == 404
    client.post(f"{url}/delete")
    with app.app_context():
        assert db.session.scalar(select(func.count(ReplyTemplate.id))) == 1
