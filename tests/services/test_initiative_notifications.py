"""Initiatives tell what happened: the team's workers hear of submitted initiatives and reported comments;
the initiator hears of supporters, volunteers and each step with its reason or its date, in the reader's
language; notifications stored before still read."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.extensions import db
from portal.initiatives import conversation, joining, lifecycle, services
from portal.initiatives import notification_kinds as kinds
from portal.initiatives.services import StepInput
from portal.notifications.kinds import describe, kinds_for
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from tests.factories import make_team, make_user
from tests.factories.initiatives import make_area, make_initiative, make_place


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield
        db.session.remove()


def _of(user, kind: str | None = None) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


def _worded(notification: Notification, language: str) -> str:
    with force_locale(language):
        return describe(notification.kind, notification.params)


@pytest.fixture
def teams(ctx):
    """Two teams: the initiative's (two workers) and another (one worker), and a coordinator of neither."""
    team, area, worker, resident = make_place()
    colleague = make_user(ROLE_WORKER, teams=[team], name="Karel Collega")
    other_team = make_team("WIJ Elders")
    make_area(other_team, "Andere buurt")
    stranger = make_user(ROLE_WORKER, teams=[other_team], name="Olga Elders")
    coordinator = make_user(ROLE_COORDINATOR, name="Coby Coördinator")
    return {
        "area": area,
        "worker": worker,
        "colleague": colleague,
        "resident": resident,
        "stranger": stranger,
        "coordinator": coordinator,
    }


def test_a_submitted_initiative_tells_each_worker_of_its_team_once_and_nobody_else(teams):
    initiative = make_initiative(
        teams["resident"], teams["area"], status=lifecycle.DRAFT, title="Moestuin aan de Vinkenstraat"
    )
    services.change_status(teams["resident"], initiative, StepInput(lifecycle.SUBMITTED))
    for name in ("worker", "colleague"):
        [told] = _of(teams[name], kinds.INITIATIVE_SUBMITTED)
        assert told.params == {"title": "Moestuin aan de Vinkenstraat", "area": "Zonnebuurt"}
        assert told.link == f"/initiatives/{initiative.id}"
    assert _of(teams["stranger"]) == [] and _of(teams["coordinator"]) == []
    [told] = _of(teams["worker"], kinds.INITIATIVE_SUBMITTED)
    assert (
        _worded(told, "en")
        == 'A new initiative in Zonnebuurt is waiting for your team: "Moestuin aan de Vinkenstraat".'
    )
    assert _worded(told, "nl") == 'Een nieuw initiatief in Zonnebuurt wacht op je team: "Moestuin aan de Vinkenstraat".'


def test_workers_kinds_are_offered_to_workers_only(teams):
    assert kinds.INITIATIVE_SUBMITTED in kinds_for(teams["worker"])
    assert kinds.INITIATIVE_INITIATOR_WROTE in kinds_for(teams["worker"])
    for_residents = kinds_for(teams["resident"])
    assert kinds.INITIATIVE_SUBMITTED not in for_residents and kinds.INITIATIVE_REPORTED not in for_residents
    assert kinds.INITIATIVE_SUPPORTED in for_residents and kinds.INITIATIVE_TEAM_WROTE in for_residents


def test_a_reported_comment_tells_the_team_at_the_first_report_and_when_reports_hide_it(teams):
    initiative = make_initiative(teams["resident"], teams["area"])
    message = conversation.post_message(make_user(name="Rob Ruzie"), initiative, "Wat een onzin idee.")
    reporters = [make_user() for _ in range(4)]
    conversation.report_message(reporters[0], message, "Kwetsend")
    [first] = _of(teams["worker"], kinds.INITIATIVE_REPORTED)
    assert first.params == {"title": initiative.title, "count": 1, "hidden": False}
    assert first.link == f"/initiatives/{initiative.id}#message-{message.id}"
    conversation.report_message(reporters[1], message)
    assert len(_of(teams["worker"], kinds.INITIATIVE_REPORTED)) == 1  # not at every report
    conversation.report_message(reporters[2], message)
    assert message.hidden
    [_, hidden] = _of(teams["worker"], kinds.INITIATIVE_REPORTED)
    assert hidden.params["hidden"] is True and hidden.params["count"] == 3
    conversation.report_message(reporters[3], message)
    for name in ("worker", "colleague"):
        assert len(_of(teams[name], kinds.INITIATIVE_REPORTED)) == 2
    assert _of(teams["stranger"]) == []
    assert "hidden until a worker looks" in _worded(hidden, "en")
    assert "verborgen" in _worded(hidden, "nl")


def test_the_initiator_hears_of_new_supporters_by_number_never_by_name(teams):
    initiative = make_initiative(teams["resident"], teams["area"], title="Bankje bij de vijver")
    neighbours = [make_user(name=f"Buur{n} Steun") for n in range(3)]
    for neighbour in neighbours:
        joining.support(neighbour, initiative)
    told = _of(teams["resident"], kinds.INITIATIVE_SUPPORTED)
    assert [n.params["count"] for n in told] == [1, 2, 3]  # one per event: a digest gathers them
    assert all("Buur" not in str(n.params) for n in told)
    assert _worded(told[-1], "en") == '3 neighbours now support your idea "Bankje bij de vijver".'
    assert _worded(told[-1], "nl") == '3 buren steunen je idee "Bankje bij de vijver" nu.'
    assert _worded(told[0], "nl") == '1 buur steunt je idee "Bankje bij de vijver" nu.'
    # Support taken back and given again is no news; the initiator supporting their own idea neither.
    joining.withdraw_support(neighbours[0], initiative)
    joining.support(neighbours[0], initiative)
    joining.support(teams["resident"], initiative)
    assert len(_of(teams["resident"], kinds.INITIATIVE_SUPPORTED)) == 3
    assert _of(teams["worker"]) == []


def test_the_initiator_hears_of_each_sign_up_with_the_task_and_the_first_name(teams):
    initiative = make_initiative(teams["resident"], teams["area"], roles=[("Soep koken", 2)], title="Burendag")
    role = initiative.roles[0]
    joining.sign_up(make_user(name="Jan Bakker"), role)
    [told] = _of(teams["resident"], kinds.INITIATIVE_SIGNUP)
    assert told.params == {"title": "Burendag", "task": "Soep koken", "name": "Jan", "taken": 1, "needed": 2}
    assert _worded(told, "en") == 'Jan signed up for "Soep koken" of your initiative "Burendag" (1 of 2 places taken).'
    assert _worded(told, "nl") == (
        'Jan heeft zich aangemeld voor "Soep koken" bij je initiatief "Burendag" (1 van 2 plaatsen bezet).'
    )
    joining.sign_up(teams["resident"], role)  # the initiator's own sign-up is no news to them
    assert len(_of(teams["resident"], kinds.INITIATIVE_SIGNUP)) == 1


def test_planned_says_the_day_and_time_in_the_readers_language(teams):
    initiative = make_initiative(
        teams["resident"], teams["area"], status=lifecycle.IN_CONVERSATION, title="Straatfeest"
    )
    start = datetime(2026, 12, 8, 13, 0)  # 14:00 in Groningen
    step = StepInput(lifecycle.PLANNED, planned_start=start, place="Buurthuis De Zon")
    services.change_status(teams["worker"], initiative, step)
    told = _of(teams["resident"], kinds.INITIATIVE_STATUS)[-1]
    assert told.params == {
        "title": "Straatfeest",
        "status": "planned",
        "start": "2026-12-08T13:00Z",
        "place": "Buurthuis De Zon",
    }
    english, dutch = _worded(told, "en"), _worded(told, "nl")
    assert "Tuesday, December 8, 2:00" in english and "Buurthuis De Zon" in english
    assert english.startswith('Your initiative "Straatfeest" is planned on Tuesday, December 8')
    assert dutch.startswith('Je initiatief "Straatfeest" is gepland op dinsdag 8 december')
    assert "dinsdag 8 december, 14:00" in dutch and "Buurthuis De Zon" in dutch


def test_a_decline_carries_its_reason_and_cancelled_volunteers_hear_why(teams):
    initiative = make_initiative(teams["resident"], teams["area"], status=lifecycle.PLANNED, roles=[("Opruimen", 3)])
    volunteer = make_user(name="Vera Vrijwilliger")
    joining.sign_up(volunteer, initiative.roles[0])
    services.change_status(
        teams["worker"], initiative, StepInput(lifecycle.DECLINED, reason="Geen vergunning gekregen.")
    )
    told = _of(teams["resident"], kinds.INITIATIVE_STATUS)[-1]
    assert told.params["reason"] == "Geen vergunning gekregen."
    assert _worded(told, "en").endswith("Reason: Geen vergunning gekregen.")
    assert "Reden: Geen vergunning gekregen." in _worded(told, "nl")
    [cancelled] = _of(volunteer, kinds.INITIATIVE_CANCELLED)
    assert "Geen vergunning gekregen." in _worded(cancelled, "en")


def test_a_new_date_tells_volunteers_the_date(teams):
    initiative = make_initiative(teams["resident"], teams["area"], status=lifecycle.PLANNED, roles=[("Opruimen", 3)])
    volunteer = make_user()
    joining.sign_up(volunteer, initiative.roles[0])
    services.reschedule(teams["worker"], initiative, datetime(2026, 7, 1, 12), None, "Het plein")
    [changed] = _of(volunteer, kinds.INITIATIVE_CHANGED)
    assert changed.params["start"] == "2026-07-01T12:00Z" and changed.params["place"] == "Het plein"
    assert "woensdag 1 juli" in _worded(changed, "nl") and "14:00" in _worded(changed, "nl")


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("initiative_status", {"title": "Oud", "status": "planned"}),
        ("initiative_status", {"title": "Oud", "status": "planned", "start": "geen datum"}),
        ("initiative_status", {"title": "Oud", "status": "declined"}),
        ("initiative_comment", {"title": "Oud", "author": "Kees"}),
        ("initiative_changed", {"title": "Oud"}),
        ("initiative_cancelled", {"title": "Oud"}),
        ("initiative_supported", {"title": "Oud"}),
        ("initiative_signup", {"title": "Oud"}),
        ("initiative_team_wrote", {}),
        ("initiative_submitted", {}),
        ("initiative_reported", {"title": "Oud"}),
        ("initiative_initiator_wrote", {"title": "Oud"}),
    ],
)
def test_notifications_stored_before_still_read(ctx, kind, params):
    for language in ("nl", "en"):
        with force_locale(language):
            assert describe(kind, params)


def test_the_comment_notification_carries_the_words_of_the_public_comment(teams):
    initiative = make_initiative(teams["resident"], teams["area"], title="Moestuin")
    conversation.post_message(make_user(name="Kees Buur"), initiative, "Ik heb nog een kruiwagen over!")
    [told] = _of(teams["resident"], kinds.INITIATIVE_COMMENT)
    assert _worded(told, "en") == 'Kees reacted to your initiative "Moestuin": "Ik heb nog een kruiwagen over!"'


def test_excerpts_are_cut_at_a_word():
    text = "woord " * 100
    cut = kinds.excerpt(text, 40)
    assert len(cut) <= 40 and cut.endswith("…") and "  " not in cut
    assert kinds.excerpt("  kort\n en  goed ") == "kort en goed"


def test_mails_of_the_new_kinds_go_to_the_reader_in_their_language(teams):
    teams["worker"].locale = "en"
    initiative = make_initiative(teams["resident"], teams["area"], status=lifecycle.DRAFT, title="Schaakclub")
    services.change_status(teams["resident"], initiative, StepInput(lifecycle.SUBMITTED))
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == teams["worker"].email)).one()
    assert 'A new initiative in Zonnebuurt is waiting for your team: "Schaakclub".' in mail.body
