"""The lead's messages on a project's page: written by the team, read by participants and the team only."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.accounts.models import ROLE_COORDINATOR, User
from portal.extensions import db
from portal.notifications.models import Notification
from portal.projects import notification_kinds as kinds
from portal.projects import services
from portal.projects.models import ProjectMessage
from tests.factories import make_user
from tests.factories.signals import make_signal_place

WORDS = "Neem zaterdag een mok mee"


@pytest.fixture
def place(app):
    with app.app_context():
        where = make_signal_place()
        project = services.create_project(
            where.worker,
            where.team,
            services.ProjectInput(
                "Samen tegen eenzaamheid",
                "Elke dinsdag koffie in het buurthuis voor wie weinig aanspraak heeft.",
                where.area,
                where.worker,
            ),
        )
        services.join(where.residents[0], project)
        for person in (where.worker, where.residents[0], where.residents[1]):
            person.locale = "en"
        db.session.commit()
        ids = {
            "project": project.id,
            "worker": where.worker.id,
            "participant": where.residents[0].id,
            "neighbour": where.residents[1].id,
            "other_worker": where.other_worker.id,
            "coordinator": make_user(ROLE_COORDINATOR).id,
        }
        db.session.commit()
        db.session.remove()
    return ids


def _url(place) -> str:
    return f"/projects/{place['project']}"


def test_the_lead_writes_and_only_participants_and_the_team_read_it(app, auth, place):
    lead = auth.client(place["worker"])
    response = lead.post(_url(place) + "/messages", data={"lead_message": WORDS})
    assert response.status_code == 303 and "#lead-message-" in response.headers["Location"]
    for role in ("participant", "worker", "coordinator"):
        html = auth.client(place[role]).get(_url(place)).get_data(as_text=True)
        assert WORDS in html and 'id="lead-messages"' in html, role
    for client in (app.test_client(), auth.client(place["neighbour"]), auth.client(place["other_worker"])):
        html = client.get(_url(place)).get_data(as_text=True)
        assert WORDS not in html and 'id="lead-messages"' not in html
    with app.app_context():
        told = db.session.scalars(select(Notification.user_id).where(Notification.kind == kinds.PROJECT_MESSAGE)).all()
        assert told == [place["participant"]]


def test_only_the_team_may_write(app, auth, place):
    for role in ("participant", "neighbour", "other_worker"):
        assert auth.client(place[role]).post(_url(place) + "/messages", data={"lead_message": WORDS}).status_code == 403
    assert app.test_client().post(_url(place) + "/messages", data={"lead_message": WORDS}).status_code == 302
    assert (
        auth.client(place["coordinator"]).post(_url(place) + "/messages", data={"lead_message": WORDS}).status_code
        == 303
    )
    with app.app_context():
        assert db.session.scalar(select(func.count(ProjectMessage.id))) == 1


def test_bad_input_keeps_the_text_and_a_double_post_stores_once(app, auth, place):
    lead = auth.client(place["worker"])
    empty = lead.post(_url(place) + "/messages", data={"lead_message": "  "})
    assert empty.status_code == 422 and "Write the message." in empty.get_data(as_text=True)
    long = "Een lang bericht. " * 200
    too_long = lead.post(_url(place) + "/messages", data={"lead_message": long})
    assert too_long.status_code == 422 and "Een lang bericht." in too_long.get_data(as_text=True)
    page = lead.get(_url(place)).get_data(as_text=True)
    section = page[page.index('id="lead-messages"') :]
    key = section.split('name="form_key" type="hidden" value="')[1].split('"')[0]
    first = lead.post(_url(place) + "/messages", data={"lead_message": WORDS, "form_key": key})
    second = lead.post(_url(place) + "/messages", data={"lead_message": WORDS, "form_key": key})
    assert first.status_code == 303 and second.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count(ProjectMessage.id))) == 1
        assert (
            db.session.scalar(select(func.count(Notification.id)).where(Notification.kind == kinds.PROJECT_MESSAGE))
            == 1
        )
    assert (
        auth.client(place["worker"]).post("/projects/99999999/messages", data={"lead_message": WORDS}).status_code
        == 404
    )


def test_joining_tells_the_lead(app, auth, place):
    auth.client(place["neighbour"]).post(_url(place) + "/join")
    with app.app_context():
        told = db.session.scalars(
            select(Notification).where(Notification.kind == kinds.PROJECT_JOINED).order_by(Notification.id)
        ).all()
        assert [n.user_id for n in told] == [place["worker"], place["worker"]]  # the participant of the fixture, then
        assert told[-1].params["name"] == db.session.get(User, place["neighbour"]).name


def test_with_nobody_to_write_to_the_lead_is_told_next_to_the_field(app, auth, place):
    auth.client(place["participant"]).post(_url(place) + "/leave")
    response = auth.client(place["worker"]).post(_url(place) + "/messages", data={"lead_message": WORDS})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and WORDS in html
    assert "Nobody has joined the project yet, so there is nobody to write to." in html
