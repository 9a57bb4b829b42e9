"""The private conversation on an initiative: only the initiator, the workers of its team and coordinators
see it; each side is told of the other's message (the mail without the words); posted twice it is stored
once; bad input keeps the text."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER, User
from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives import notification_kinds as kinds
from portal.initiatives.models import PrivateMessage
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from tests.factories import make_team, make_user
from tests.factories.initiatives import committed_initiative, place_ids

HTMX = {"HX-Request": "true"}
SECRET = "Ik durf het niet openlijk te vragen: mag de buurtkas ook de huur van de tent betalen?"


@pytest.fixture
def people(app):
    """The place (initiator, a worker of its team), a colleague, another team's worker, a neighbour, a coordinator."""
    where = place_ids(app)
    with app.app_context():
        from portal.teams.models import Team

        team = db.session.scalars(select(Team).where(Team.slug == where["team"])).one()
        other = make_team("WIJ Elders")
        where.update(
            colleague=make_user(ROLE_WORKER, teams=[team], name="Karel Collega").id,
            stranger=make_user(ROLE_WORKER, teams=[other], name="Olga Elders").id,
            neighbour=make_user(name="Nina Buur").id,
            coordinator=make_user(ROLE_COORDINATOR, name="Coby Coördinator").id,
        )
        db.session.commit()
    return where


def _url(initiative_id: int) -> str:
    return f"/initiatives/{initiative_id}/private"


def _notifications(app, user_id: int, kind: str) -> list[Notification]:
    with app.app_context():
        rows = list(
            db.session.scalars(select(Notification).where(Notification.user_id == user_id, Notification.kind == kind))
        )
        db.session.expunge_all()
    return rows


def _english(app, *user_ids: int) -> None:
    with app.app_context():
        for user_id in user_ids:
            db.session.get(User, user_id).locale = "en"
        db.session.commit()


def test_only_the_initiator_the_team_and_coordinators_see_the_conversation(app, auth, people):
    initiative_id = committed_initiative(app, people)
    page = f"/initiatives/{initiative_id}"
    for role in ("resident", "worker", "colleague", "coordinator"):
        client = auth.client(people[role])
        assert client.get(_url(initiative_id)).status_code == 200, role
        assert _url(initiative_id) in client.get(page).get_data(as_text=True), role
    for role in ("stranger", "neighbour"):
        client = auth.client(people[role])
        assert client.get(_url(initiative_id)).status_code == 403, role
        assert client.post(_url(initiative_id), data={"body": "Hallo?"}).status_code == 403, role
        html = client.get(page).get_data(as_text=True)
        assert _url(initiative_id) not in html and 'id="private"' not in html, role
    visitor = app.test_client()
    assert visitor.get(_url(initiative_id)).status_code == 302
    assert "/account/login" in visitor.get(_url(initiative_id)).headers["Location"]
    assert _url(initiative_id) not in visitor.get(page).get_data(as_text=True)


def test_the_initiator_writes_each_worker_of_the_team_is_told_without_the_words_in_the_mail(app, auth, people):
    initiative_id = committed_initiative(app, people, title="Tent voor de burendag")
    _english(app, people["worker"])
    response = auth.client(people["resident"]).post(_url(initiative_id), data={"body": SECRET})
    assert response.status_code == 303 and "#private-" in response.headers["Location"]
    for role in ("worker", "colleague"):
        [told] = _notifications(app, people[role], kinds.INITIATIVE_INITIATOR_WROTE)
        assert told.params["title"] == "Tent voor de burendag" and told.link.startswith(_url(initiative_id))
    for role in ("stranger", "coordinator", "neighbour", "resident"):
        assert _notifications(app, people[role], kinds.INITIATIVE_INITIATOR_WROTE) == []
    with app.app_context():
        mails = list(db.session.scalars(select(OutboxMessage)))
        assert len(mails) == 2 and all("buurtkas" not in mail.body + mail.subject for mail in mails)
        english = next(mail for mail in mails if mail.recipient == db.session.get(User, people["worker"]).email)
        assert 'Anouk sent your team a private message about the initiative "Tent voor de burendag".' in english.body
    # The worker reads it and answers; the initiator is told, and nobody else.
    page = auth.client(people["worker"]).get(_url(initiative_id)).get_data(as_text=True)
    assert "huur van de tent" in page
    answer = auth.client(people["worker"]).post(_url(initiative_id), data={"body": "Ja, dat kan. Bel me gerust."})
    assert answer.status_code == 303
    [told] = _notifications(app, people["resident"], kinds.INITIATIVE_TEAM_WROTE)
    assert told.params["author"] == "Wendy"
    assert _notifications(app, people["colleague"], kinds.INITIATIVE_TEAM_WROTE) == []
    html = auth.client(people["resident"]).get(_url(initiative_id)).get_data(as_text=True)
    assert html.index("huur van de tent") < html.index("Bel me gerust")
    with app.app_context():
        rows = db.session.execute(select(PrivateMessage.from_team).order_by(PrivateMessage.id)).scalars().all()
        assert rows == [False, True]


def test_the_words_never_reach_the_public_page_or_another_team(app, auth, people):
    initiative_id = committed_initiative(app, people)
    auth.client(people["resident"]).post(_url(initiative_id), data={"body": SECRET})
    for client in (app.test_client(), auth.client(people["neighbour"]), auth.client(people["stranger"])):
        assert "buurtkas" not in client.get(f"/initiatives/{initiative_id}").get_data(as_text=True)
    assert "buurtkas" not in app.test_client().get("/initiatives/").get_data(as_text=True)
    # The initiator and the team find the newest message on the initiative's page, in its private section.
    for role in ("resident", "worker"):
        html = auth.client(people[role]).get(f"/initiatives/{initiative_id}").get_data(as_text=True)
        assert "buurtkas" in html[html.index('id="private"') :], role


def test_posted_twice_it_is_stored_once(app, auth, people):
    initiative_id = committed_initiative(app, people)
    client = auth.client(people["resident"])
    form = client.get(_url(initiative_id)).get_data(as_text=True)
    key = form.split('name="form_key" type="hidden" value="')[1].split('"')[0]
    first = client.post(_url(initiative_id), data={"body": "Twee keer geklikt", "form_key": key})
    second = client.post(_url(initiative_id), data={"body": "Twee keer geklikt", "form_key": key})
    assert first.status_code == 303 and second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count(PrivateMessage.id))) == 1
    assert len(_notifications(app, people["worker"], kinds.INITIATIVE_INITIATOR_WROTE)) == 1


def test_bad_input_is_refused_next_to_the_field_and_the_text_stays(app, auth, people):
    initiative_id = committed_initiative(app, people)
    _english(app, people["resident"])
    client = auth.client(people["resident"])
    empty = client.post(_url(initiative_id), data={"body": "   "})
    assert empty.status_code == 422 and "Write a message." in empty.get_data(as_text=True)
    long = "Heel lang verhaal. " * 200
    too_long = client.post(_url(initiative_id), data={"body": long})
    html = too_long.get_data(as_text=True)
    assert too_long.status_code == 422 and "At most 3000 characters." in html and "Heel lang verhaal." in html
    with app.app_context():
        assert db.session.scalar(select(func.count(PrivateMessage.id))) == 0
    junk = client.post(_url(initiative_id), data={"body": "Hallo\x00daar"})
    assert junk.status_code in (303, 422)
    with app.app_context():
        assert all("\x00" not in body for body in db.session.scalars(select(PrivateMessage.body)))
    assert client.get("/initiatives/99999999/private").status_code == 404
    assert client.get("/initiatives/abc/private").status_code == 404


def test_htmx_gets_the_conversation_back(app, auth, people):
    initiative_id = committed_initiative(app, people)
    _english(app, people["resident"])
    client = auth.client(people["resident"])
    response = client.post(_url(initiative_id), data={"body": "Via htmx"}, headers=HTMX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment and "Via htmx" in fragment
    refused = client.post(_url(initiative_id), data={"body": ""}, headers=HTMX)
    assert refused.status_code == 200 and "Write a message." in refused.get_data(as_text=True)


def test_a_draft_has_no_conversation_with_the_team_yet(app, auth, people):
    initiative_id = committed_initiative(app, people, status=lifecycle.DRAFT)
    assert auth.client(people["worker"]).get(_url(initiative_id)).status_code == 404
    client = auth.client(people["resident"])
    assert client.get(_url(initiative_id)).status_code == 200
    assert client.post(_url(initiative_id), data={"body": "Al een vraag"}).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(PrivateMessage.id))) == 0


def test_both_languages_label_the_section_as_private(app, auth, people):
    initiative_id = committed_initiative(app, people)
    client = auth.client(people["resident"])
    dutch = client.get(f"/initiatives/{initiative_id}").get_data(as_text=True)
    assert "Besloten gesprek met het team" in dutch
    _english(app, people["resident"])
    english = client.get(f"/initiatives/{initiative_id}").get_data(as_text=True)
    assert "Private conversation with the team" in english


def test_the_workers_queue_lists_initiators_messages_until_a_worker_answers(app, auth, people):
    initiative_id = committed_initiative(app, people, title="Tent voor de burendag")
    auth.client(people["resident"]).post(_url(initiative_id), data={"body": SECRET})
    queue = auth.client(people["colleague"]).get("/initiatives/queue").get_data(as_text=True)
    assert f"{_url(initiative_id)}#private-" in queue and "Tent voor de burendag" in queue
    assert _url(initiative_id) not in auth.client(people["stranger"]).get("/initiatives/queue").get_data(as_text=True)
    auth.client(people["worker"]).post(_url(initiative_id), data={"body": "Ja, dat kan."})
    assert _url(initiative_id) not in auth.client(people["colleague"]).get("/initiatives/queue").get_data(as_text=True)
