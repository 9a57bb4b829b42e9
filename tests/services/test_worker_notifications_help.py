"""The workers of a help request's team are told what happens with it, and nobody else is.

A request waiting too long without a proposal (told once, also when the daily run runs twice at once), a match
accepted or ended by either side (or by nobody answering), and feedback after the help (the note announced,
never its text). Residents' own notifications carry the day the help is needed.
"""

from __future__ import annotations

import multiprocessing
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.extensions import db
from portal.help import notification_kinds, services_closing, services_matches, services_team
from portal.help.models import HelpRequest
from portal.notifications.kinds import describe
from portal.notifications.models import NEVER, Notification
from portal.outbox.models import OutboxMessage
from portal.timeutil import utcnow
from tests.factories import make_user
from tests.factories.help import make_help_place, make_offer, make_request

WAITING = notification_kinds.HELP_TEAM_WAITING
ACCEPTED = notification_kinds.HELP_TEAM_ACCEPTED
DUTCH_MONTHS = "januari februari maart april mei juni juli augustus september oktober november december".split()
ENDED = notification_kinds.HELP_TEAM_ENDED
FEEDBACK = notification_kinds.HELP_TEAM_FEEDBACK
WORKER_KINDS = (WAITING, ACCEPTED, ENDED, FEEDBACK)


@pytest.fixture
def place(ctx):
    """The help place of the factories, with a second worker and a coordinator in the team."""
    where = make_help_place()
    where.second_worker = make_user(ROLE_WORKER, teams=[where.team], name="Willem Twee", locale="en")
    where.coordinator = make_user(ROLE_COORDINATOR, teams=[where.team], name="Cora Coördinator")
    where.lone_coordinator = make_user(ROLE_COORDINATOR, name="Carla Nergens")  # of no team: not told
    return where


def team_workers(place) -> list:
    return [place.worker, place.second_worker, place.coordinator]


def outsiders(place) -> list:
    return [place.other_worker, place.lone_coordinator, place.requester, place.helper]


def notifications(user, kind: str) -> list[Notification]:
    return list(
        db.session.scalars(select(Notification).where(Notification.user_id == user.id, Notification.kind == kind))
    )


def assert_told_once(place, kind: str) -> list[Notification]:
    """Exactly one ``kind`` for each worker of the team; none for workers of other teams or residents."""
    told = [notifications(worker, kind) for worker in team_workers(place)]
    assert [len(each) for each in told] == [1, 1, 1], kind
    for outsider in outsiders(place):
        assert notifications(outsider, kind) == [], (kind, outsider.name)
    return [each[0] for each in told]


def waiting_request(place, days: int = 4, **fields) -> HelpRequest:
    request = make_request(place.requester, **fields)
    request.created_at = utcnow() - timedelta(days=days, hours=1)
    db.session.flush()
    return request


# --------------------------------------------------------------------------- waiting without a proposal


def test_a_request_waiting_longer_than_the_setting_is_reported_to_its_team_once(place):
    request = waiting_request(place, days=4)
    make_request(make_user(area_id=place.area.id)).created_at = utcnow() - timedelta(days=1)  # too young

    assert services_team.tell_about_waiting() == 1
    first, *_ = assert_told_once(place, WAITING)
    assert first.params == {"kind": "groceries", "area": "Zonnebuurt", "days": 4, "crisis": False}
    assert first.link == f"/help/console/requests/{request.id}"
    assert request.waiting_notified_at is not None

    assert services_team.tell_about_waiting() == 0  # the next day's run: told once per request
    assert services_team.tell_about_waiting(utcnow() + timedelta(days=10)) == 1  # the younger one's turn
    assert [len(notifications(worker, WAITING)) for worker in team_workers(place)] == [2, 2, 2]
    assert services_team.tell_about_waiting(utcnow() + timedelta(days=11)) == 0


def test_a_request_that_waits_again_after_a_match_ended_is_reported_again(place):
    request = waiting_request(place, days=10)
    assert services_team.tell_about_waiting(utcnow() - timedelta(days=6)) == 1  # a week ago, after 4 days
    match = services_matches.propose(place.worker, request, make_offer(place.helper))
    services_matches.answer(place.helper, match, False)  # the helper cannot after all: it waits again
    match.decided_at = match.closed_at = utcnow() - timedelta(days=1)
    assert services_team.tell_about_waiting() == 0  # waiting again for a day only
    assert services_team.tell_about_waiting(utcnow() + timedelta(days=3)) == 1
    told = [n for n in notifications(place.worker, WAITING)]
    assert len(told) == 2 and told[-1].params["days"] == 4  # counted from the end of the match
    assert services_team.tell_about_waiting(utcnow() + timedelta(days=4)) == 0  # told once for this wait


def test_the_waiting_time_is_a_setting(place, app, monkeypatch):
    waiting_request(place, days=1)
    assert services_team.tell_about_waiting() == 0
    monkeypatch.setitem(app.config, "HELP_WAITING_DAYS", 1)
    assert services_team.tell_about_waiting() == 1


def test_a_request_with_a_proposal_or_closed_is_not_waiting(place):
    proposed = waiting_request(place)
    services_matches.propose(place.worker, proposed, make_offer(place.helper))
    closed = waiting_request(place, kind="garden")
    services_closing.close_request(place.requester, closed)
    assert services_team.tell_about_waiting() == 0
    for worker in team_workers(place):
        assert notifications(worker, WAITING) == []


def test_the_waiting_mail_says_what_waits_in_the_workers_language(place):
    place.worker.locale, place.second_worker.locale = "nl", "en"
    place.coordinator.locale = "nl"
    waiting_request(place, days=4)
    services_team.tell_about_waiting()
    subjects = {mail.recipient: mail.subject for mail in db.session.scalars(select(OutboxMessage))}
    assert subjects[place.second_worker.email] == (
        "A request for help with groceries in Zonnebuurt has waited 4 days for a proposal."
    )
    assert (
        subjects[place.worker.email]
        == "Een hulpvraag voor boodschappen in Zonnebuurt wacht al 4 dagen op een voorstel."
    )
    assert place.requester.email not in subjects and place.other_worker.email not in subjects


def test_a_crisis_request_waiting_asks_the_team_to_call(place):
    request = waiting_request(place, description="Ik wil niet meer leven, ik zie het niet meer zitten.")
    assert request.crisis
    services_team.tell_about_waiting()
    [told] = notifications(place.second_worker, WAITING)
    with force_locale("en"):
        assert "suggests an emergency. Call the resident." in describe(told.kind, told.params)


def _run_waiting(database_uri: str, barrier, results) -> None:
    """One app process runs the daily job as soon as the other is ready too."""
    from portal import create_app
    from portal.help import services_team

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri, "TESTING": True, "MAIL_SERVER": ""})
    with app.test_request_context():
        barrier.wait(timeout=30)
        try:
            results.put(services_team.tell_about_waiting())
            db.session.commit()
        except Exception as error:  # reported to the test, which fails with it
            db.session.rollback()
            results.put(f"error: {error!r}")
        finally:
            db.session.remove()
            db.engine.dispose()


def test_two_runs_at_the_same_moment_tell_the_team_once(app):
    with app.app_context():
        where = make_help_place()
        request = make_request(where.requester)
        request.created_at = utcnow() - timedelta(days=5)
        second = make_user(ROLE_WORKER, teams=[where.team], name="Willem Twee")
        db.session.commit()
        workers = (where.worker.id, second.id)
        db.session.remove()

    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(2), spawn.Queue()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    processes = [spawn.Process(target=_run_waiting, args=(uri, barrier, results)) for _ in range(2)]
    for process in processes:
        process.start()
    outcomes = sorted(results.get(timeout=60) for _ in processes)
    for process in processes:
        process.join(timeout=30)

    assert outcomes == [0, 1], outcomes
    with app.app_context():
        for worker_id in workers:
            kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == worker_id)).all()
            assert kinds == [WAITING]
        db.session.remove()


def test_the_daily_help_command_tells_the_teams(app, runner):
    with app.app_context():
        where = make_help_place()
        make_request(where.requester).created_at = utcnow() - timedelta(days=3, minutes=1)
        db.session.commit()
        worker_id = where.worker.id
        db.session.remove()
    result = runner.invoke(args=["help", "expire"])
    assert result.exit_code == 0 and "teams told of 1 request(s) waiting for a proposal" in result.output
    assert "teams told of 0 request(s)" in runner.invoke(args=["help", "expire"]).output
    with app.app_context():
        assert db.session.scalars(select(Notification.kind).where(Notification.user_id == worker_id)).all() == [WAITING]
        db.session.remove()


# --------------------------------------------------------------------------- matches


def test_a_match_accepted_by_both_is_reported_to_the_team(place):
    request = make_request(place.requester, when="date", on_date=date.today() + timedelta(days=6), slots=[])
    match = services_matches.propose(place.worker, request, make_offer(place.helper))
    services_matches.answer(place.requester, match, True, place.requester.phone)
    for worker in team_workers(place):
        assert notifications(worker, ACCEPTED) == []  # one yes is not news for the team yet
    services_matches.answer(place.helper, match, True, place.helper.email)

    told = assert_told_once(place, ACCEPTED)
    assert told[0].params == {"kind": "groceries", "area": "Zonnebuurt", "date": request.on_date.isoformat()}
    day = request.on_date
    with force_locale("en"):
        text = describe(ACCEPTED, told[0].params)
    assert text.startswith("Both said yes: help with groceries in Zonnebuurt goes ahead on ")
    assert f"{day.day} " in text and day.strftime("%A") in text
    with force_locale("nl"):
        dutch = describe(ACCEPTED, told[0].params)
    weekday = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")[day.weekday()]
    month = DUTCH_MONTHS[day.month - 1]
    assert dutch == f"Allebei ja: de hulp bij boodschappen in Zonnebuurt gaat door op {weekday} {day.day} {month}."
    # The residents' own notification carries the day too.
    [shared] = notifications(place.requester, notification_kinds.HELP_CONTACT_SHARED)
    with force_locale("en"):
        assert day.strftime("%A") in describe(shared.kind, shared.params)


@pytest.mark.parametrize("side", ["requester", "helper"])
def test_a_match_declined_by_either_side_is_reported_to_the_team(place, side):
    request = make_request(place.requester)
    match = services_matches.propose(place.worker, request, make_offer(place.helper))
    services_matches.answer(getattr(place, side), match, False)
    told = assert_told_once(place, ENDED)
    assert told[0].params["by"] == side
    with force_locale("en"):
        assert describe(ENDED, told[0].params) == (
            f"The {side} said no to the match for help with groceries in Zonnebuurt; the request is open again."
        )
    who = {"requester": "aanvrager", "helper": "helper"}[side]
    with force_locale("nl"):
        assert describe(ENDED, told[0].params) == (
            f"De {who} zei nee tegen de koppeling voor hulp bij boodschappen in Zonnebuurt; de hulpvraag staat weer open."
        )


def test_a_withdrawn_request_and_an_unanswered_proposal_are_reported(place):
    request = make_request(place.requester)
    services_matches.propose(place.worker, request, make_offer(place.helper))
    services_closing.close_request(place.requester, request)
    assert [n.params["by"] for n in assert_told_once(place, ENDED)] == ["withdrawn"] * 3

    other = make_request(make_user(area_id=place.area.id), kind="garden")
    match = services_matches.propose(place.worker, other, make_offer(place.helper, kinds=("garden",)))
    match.created_at = utcnow() - timedelta(days=8)
    db.session.flush()
    assert services_closing.withdraw_stale_proposals() == 1
    assert [n.params["by"] for n in notifications(place.second_worker, ENDED)] == ["withdrawn", "no_answer"]


def test_a_match_cancelled_by_a_worker_is_not_news_for_the_team(place):
    match = services_matches.propose(place.worker, make_request(place.requester), make_offer(place.helper))
    services_matches.cancel(place.worker, match)
    for worker in team_workers(place):
        assert notifications(worker, ENDED) == []


# --------------------------------------------------------------------------- feedback


def _done_match(place):
    match = services_matches.propose(place.worker, make_request(place.requester), make_offer(place.helper))
    services_matches.answer(place.requester, match, True, place.requester.phone)
    services_matches.answer(place.helper, match, True, place.helper.email)
    services_matches.finish(place.requester, match)
    return match


def test_feedback_is_reported_to_the_team_without_the_notes_words(place):
    for worker in team_workers(place):
        worker.locale = "en"
    match = _done_match(place)
    services_matches.give_feedback(place.requester, match, True, "Hamid was geweldig, mijn adres is Zonnelaan 3.")
    services_matches.give_feedback(place.helper, match, False)

    mails = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == place.worker.email)))
    for worker in team_workers(place):
        told = notifications(worker, FEEDBACK)
        assert [(n.params["side"], n.params["worked"], n.params["note"]) for n in told] == [
            ("requester", True, True),
            ("helper", False, False),
        ]
    for outsider in outsiders(place):
        assert notifications(outsider, FEEDBACK) == []
    texts = [mail.subject + mail.body for mail in mails]
    assert not any("Zonnelaan" in text or "geweldig" in text for text in texts)  # the note stays in the portal
    assert any(
        "The requester says the help with groceries in Zonnebuurt worked. There is a note for the team: "
        "read it in the portal." in text
        for text in texts
    )
    assert any("The helper says the help with groceries in Zonnebuurt did not work." in text for text in texts)


def test_workers_who_chose_never_are_told_in_the_app_only(place):
    from portal.notifications import services as notification_services

    notification_services.set_preferences(place.worker, {FEEDBACK: NEVER})
    match = _done_match(place)
    before = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == place.worker.email)).all()
    services_matches.give_feedback(place.helper, match, True)
    after = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == place.worker.email)).all()
    assert len(after) == len(before) and len(notifications(place.worker, FEEDBACK)) == 1


def test_residents_cannot_choose_the_workers_kinds(place):
    from portal.notifications import services as notification_services

    assert not set(WORKER_KINDS) & set(notification_services.preferences_for(place.requester))
    assert set(WORKER_KINDS) <= set(notification_services.preferences_for(place.worker))
