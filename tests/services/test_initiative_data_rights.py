"""Deleting an account and downloading one's data reach into the initiatives and notifications."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.accounts import queries as account_queries
from portal.accounts import services as account_services
from portal.extensions import db
from portal.initiatives import conversation, joining, lifecycle, services_private
from portal.initiatives.models import (
    Initiative,
    InitiativeMessage,
    PrivateMessage,
    RoleSignup,
    Support,
    VolunteerRole,
)
from portal.notifications.models import Notification, NotificationPreference
from tests.factories import TEST_PASSWORD, make_user
from tests.factories.initiatives import make_initiative, make_place


def test_deleting_an_account_gives_places_back_and_keeps_public_content_without_a_name(ctx):
    _team, area, _worker, resident = make_place()
    neighbour = make_user(area_id=area.id, name="Kees Bakker")
    party = make_initiative(resident, area, lifecycle.PLANNED, roles=[("Tafels neerzetten", 2)])
    draft = make_initiative(neighbour, area, lifecycle.DRAFT, title="Nog niet af")
    own = make_initiative(neighbour, area, lifecycle.SUBMITTED, title="Jeu de boules-baan")
    role = party.roles[0]
    joining.sign_up(neighbour, role)
    joining.support(neighbour, party)
    conversation.post_message(neighbour, party, "Ik neem een partytent mee!")
    db.session.add(Notification(user_id=neighbour.id, kind="initiative_comment", params={"title": "x"}))
    db.session.add(NotificationPreference(user_id=neighbour.id, kind="initiative_comment", frequency="never"))
    db.session.flush()
    draft_id, own_id, neighbour_id = draft.id, own.id, neighbour.id

    account_services.delete_account(neighbour, TEST_PASSWORD)
    db.session.commit()

    assert db.session.get(VolunteerRole, role.id).taken == 0
    assert db.session.scalar(select(func.count()).select_from(RoleSignup)) == 0
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0
    assert db.session.get(Initiative, draft_id) is None  # nobody else ever saw it
    assert db.session.get(Initiative, own_id).initiator_id is None  # the neighbourhood's history stays
    message = db.session.scalar(select(InitiativeMessage))
    assert message.body == "Ik neem een partytent mee!" and message.author_id is None
    assert db.session.scalar(select(func.count()).where(Notification.user_id == neighbour_id)) == 0
    assert db.session.scalar(select(func.count()).where(NotificationPreference.user_id == neighbour_id)) == 0


def test_the_data_download_lists_initiatives_tasks_support_messages_and_notifications(ctx):
    _team, area, _worker, resident = make_place()
    neighbour = make_user(area_id=area.id, name="Kees Bakker")
    party = make_initiative(resident, area, lifecycle.PLANNED, roles=[("Soep koken", 3)])
    joining.sign_up(resident, party.roles[0])
    joining.support(neighbour, party)
    conversation.post_message(resident, party, "Wie heeft er een grote pan?")
    db.session.add(Notification(user_id=resident.id, kind="initiative_comment", params={"title": party.title}))
    db.session.flush()

    data = account_queries.personal_data(resident)

    assert [item["title"] for item in data["initiatives_started"]] == ["Straatfeest in de Zonnelaan"]
    assert data["volunteer_tasks"][0]["task"] == "Soep koken"
    assert data["initiatives_supported"] == []
    assert data["messages_on_initiatives"][0]["text"] == "Wie heeft er een grote pan?"
    # The comment, and the neighbour's support (a notification of its own since the initiator hears of it).
    assert sorted(item["kind"] for item in data["notifications"]) == ["initiative_comment", "initiative_supported"]
    assert account_queries.personal_data(neighbour)["initiatives_supported"][0]["initiative"] == party.title


def test_the_private_conversation_is_in_the_download_and_goes_with_the_initiators_account(ctx):
    _team, area, worker, resident = make_place()
    own = make_initiative(resident, area, lifecycle.SUBMITTED, title="Buurtmoestuin")
    elsewhere = make_initiative(make_user(area_id=area.id), area, lifecycle.SUBMITTED, title="Schaakclub")
    services_private.post_private_message(resident, own, "Mag ik je iets vragen over het budget?")
    services_private.post_private_message(worker, own, "Natuurlijk, bel me gerust.")
    services_private.post_private_message(worker, elsewhere, "Wanneer kunnen we afspreken?")
    db.session.flush()

    mine = account_queries.personal_data(resident)["private_messages_on_initiatives"]
    assert [(item["from"], item["text"]) for item in mine] == [
        ("me", "Mag ik je iets vragen over het budget?"),
        ("team", "Natuurlijk, bel me gerust."),
    ]
    theirs = account_queries.personal_data(worker)["private_messages_on_initiatives"]
    assert {item["text"] for item in theirs} == {"Natuurlijk, bel me gerust.", "Wanneer kunnen we afspreken?"}

    account_services.delete_account(resident, TEST_PASSWORD)
    db.session.commit()
    left = db.session.scalars(select(PrivateMessage.body)).all()
    assert left == ["Wanneer kunnen we afspreken?"]  # the conversation about the deleted person's initiative is gone

    account_services.delete_account(worker, TEST_PASSWORD)
    db.session.commit()
    [kept] = db.session.scalars(select(PrivateMessage)).all()
    assert kept.author_id is None and kept.from_team  # the other initiator keeps the team's word, without a name
