"""A project's lead writes to its participants (only them); the lead hears who joined; the project's news,
activities and end carry what happened."""

from __future__ import annotations

from datetime import date, time

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts import queries as account_queries
from portal.accounts import services as account_services
from portal.accounts.models import ROLE_WORKER
from portal.errors import DomainError
from portal.extensions import db
from portal.notifications.kinds import describe
from portal.notifications.models import Notification
from portal.projects import notification_kinds as kinds
from portal.projects import services, services_messages
from portal.projects.models import FINISHED, RUNNING, ProjectMessage
from tests.factories import TEST_PASSWORD, make_user
from tests.factories.signals import make_signal_place


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield
        db.session.remove()


@pytest.fixture
def project(ctx):
    place = make_signal_place()
    colleague = make_user(ROLE_WORKER, teams=[place.team], name="Karel Collega")
    project = services.create_project(
        place.worker,
        place.team,
        services.ProjectInput(
            "Samen tegen eenzaamheid",
            "Elke dinsdag koffie in het buurthuis voor wie weinig aanspraak heeft.",
            place.area,
            place.worker,
        ),
    )
    project.place, project.colleague = place, colleague
    return project


def _of(user, kind: str) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id, Notification.kind == kind)
            .order_by(Notification.id)
        )
    )


def _worded(notification: Notification, language: str) -> str:
    with force_locale(language):
        return describe(notification.kind, notification.params)


def test_the_lead_hears_who_joined_and_only_the_lead(project):
    place = project.place
    services.join(place.residents[0], project)
    services.join(place.residents[0], project)  # joining twice changes nothing
    services.join(place.residents[1], project)
    told = _of(place.worker, kinds.PROJECT_JOINED)
    assert [n.params for n in told] == [
        {"title": "Samen tegen eenzaamheid", "name": "Riet Vos", "count": 1},
        {"title": "Samen tegen eenzaamheid", "name": "Hamid Bakr", "count": 2},
    ]
    assert _of(project.colleague, kinds.PROJECT_JOINED) == [] and _of(place.other_worker, kinds.PROJECT_JOINED) == []
    assert _worded(told[-1], "en") == 'Hamid Bakr joined your project "Samen tegen eenzaamheid" (2 participants now).'
    assert _worded(told[-1], "nl") == 'Hamid Bakr doet nu mee aan je project "Samen tegen eenzaamheid" (2 deelnemers).'


def test_a_message_of_the_lead_reaches_the_participants_only(project):
    place = project.place
    services.join(place.residents[0], project)
    services.join(place.residents[1], project)
    text = "Zaterdag beginnen we om 10 uur. Neem een mok mee, dan hoeven we geen bekertjes te kopen."
    message = services_messages.post_message(place.worker, project, text)
    for resident in place.residents[:2]:
        [told] = _of(resident, kinds.PROJECT_MESSAGE)
        assert told.params == {"title": "Samen tegen eenzaamheid", "author": "Wendy", "text": text}
        assert told.link == f"/projects/{project.id}#lead-message-{message.id}"
    for outsider in (place.residents[2], place.worker, project.colleague, place.other_worker):
        assert _of(outsider, kinds.PROJECT_MESSAGE) == []
    [told] = _of(place.residents[0], kinds.PROJECT_MESSAGE)
    assert _worded(told, "en").startswith(
        'Wendy, lead of "Samen tegen eenzaamheid", writes to the participants: Zaterdag'
    )
    assert _worded(told, "nl").startswith(
        'Wendy, trekker van "Samen tegen eenzaamheid", schrijft de deelnemers: Zaterdag'
    )
    # A colleague of the team may write too; the participants are told, the writer not.
    services_messages.post_message(project.colleague, project, "Ik ben er zaterdag ook bij.")
    assert len(_of(place.residents[0], kinds.PROJECT_MESSAGE)) == 2
    assert [m.body for m in services_messages.messages_of(project)][0] == "Ik ben er zaterdag ook bij."


def test_only_the_team_writes_and_only_when_someone_listens(project):
    place = project.place
    with pytest.raises(DomainError):
        services_messages.post_message(place.worker, project, "Is er iemand?")  # nobody joined yet
    services.join(place.residents[0], project)
    for outsider in (place.other_worker, place.residents[0]):
        with pytest.raises(DomainError):
            services_messages.post_message(outsider, project, "Ik schrijf namens het team")
    with pytest.raises(DomainError) as refused:
        services_messages.post_message(place.worker, project, "   ")
    assert refused.value.field == "body"


def test_who_may_read_the_messages(project):
    place = project.place
    services.join(place.residents[0], project)
    assert services_messages.may_read(place.residents[0], project)
    assert services_messages.may_read(place.worker, project) and services_messages.may_read(project.colleague, project)
    assert not services_messages.may_read(place.residents[1], project)
    assert not services_messages.may_read(place.other_worker, project)


def test_news_activities_and_the_end_carry_what_happened(project):
    place = project.place
    services.join(place.residents[0], project)
    services.add_update(place.worker, project, "De gemeente betaalt de koffie voor een heel jaar!")
    services.add_activity(
        place.worker,
        project,
        services.ActivityInput("Koffieochtend", date(2026, 12, 8), time(10), time(12), "Buurthuis De Zon"),
    )
    services.set_status(place.worker, project, RUNNING)
    services.set_status(place.worker, project, FINISHED, "Elke week kwamen er twintig buren koffie drinken.")
    news, activity, running, finished = _of(place.residents[0], kinds.PROJECT_UPDATE)
    assert news.params["text"] == "De gemeente betaalt de koffie voor een heel jaar!"
    assert (
        _worded(news, "en")
        == 'News from the project "Samen tegen eenzaamheid": De gemeente betaalt de koffie voor een heel jaar!'
    )
    assert activity.params["start"] == "2026-12-08T09:00Z" and activity.params["place"] == "Buurthuis De Zon"
    assert "Koffieochtend, Tuesday, December 8" in _worded(activity, "en") and "Buurthuis De Zon" in _worded(
        activity, "en"
    )
    assert "dinsdag 8 december, 10:00" in _worded(activity, "nl")
    assert "under way" in _worded(running, "en")
    assert "twintig buren" in _worded(finished, "en")


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        (kinds.PROJECT_UPDATE, {"title": "Oud"}),
        (kinds.PROJECT_UPDATE, {"title": "Oud", "activity": "Iets", "start": "kapot"}),
        (kinds.PROJECT_MESSAGE, {"title": "Oud"}),
        (kinds.PROJECT_JOINED, {}),
    ],
)
def test_notifications_stored_before_still_read(ctx, kind, params):
    for language in ("nl", "en"):
        with force_locale(language):
            assert describe(kind, params)


def test_the_lead_messages_are_in_the_writers_download_and_stay_without_a_name(project):
    place = project.place
    services.join(place.residents[0], project)
    services_messages.post_message(project.colleague, project, "Tot zaterdag!")
    [written] = account_queries.personal_data(project.colleague)["project_messages_written"]
    assert written == {"project": project.title, "text": "Tot zaterdag!", "at": written["at"]}
    account_services.delete_account(project.colleague, TEST_PASSWORD)
    db.session.commit()
    [kept] = db.session.scalars(select(ProjectMessage)).all()
    assert kept.author_id is None and kept.body == "Tot zaterdag!"
