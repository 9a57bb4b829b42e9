"""Help that lasts: a weekly arrangement is one match with occurrences; either side pauses or ends it; check-ins
reach the team's workers only; reminders before a planned day; matches nobody marks done are asked about and
then closed. Every job does its work once, also when run twice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from portal.errors import DomainError
from portal.extensions import db
from portal.help import notification_kinds, services_arrangements, services_matches
from portal.help.models import ACCEPTED, CANCELLED, CLOSED, DONE, MATCHED, HelpCheckIn, HelpOccurrence
from portal.help.services_arrangements import ENDED, STALE, STARTED, CheckInInput, local_today
from portal.notifications.models import Notification
from portal.timeutil import utcnow
from tests.factories.help import make_help_place, make_offer, make_request


@pytest.fixture
def place(ctx):
    with force_locale("en"):  # the messages are matched in English
        yield make_help_place()


def accepted(place, frequency="weekly", at=None):
    """An accepted match between the place's requester and helper, accepted ``at`` (default now)."""
    match = services_matches.propose(
        place.worker, make_request(place.requester, frequency=frequency), make_offer(place.helper)
    )
    services_matches.answer(place.requester, match, True, place.requester.phone, now=at)
    services_matches.answer(place.helper, match, True, place.helper.email, now=at)
    if at is not None:
        match.created_at = at
    db.session.flush()
    assert match.status == ACCEPTED
    return match


def kinds_for(user) -> list[str]:
    return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)))


def params_of(user, kind) -> list[dict]:
    return list(
        db.session.scalars(
            select(Notification.params).where(Notification.user_id == user.id, Notification.kind == kind)
        )
    )


def test_help_given_this_time_records_an_occurrence_and_the_arrangement_goes_on(place):
    match = accepted(place, at=utcnow() - timedelta(days=20))
    today = local_today()
    for days_ago in (14, 7, 0):
        services_arrangements.record_occurrence(place.requester, match, today - timedelta(days=days_ago))
    assert match.status == ACCEPTED and match.request.status == MATCHED and match.offer.load == 1
    assert [o.on_date for o in services_arrangements.occurrences_of(match)] == [
        today,
        today - timedelta(days=7),
        today - timedelta(days=14),
    ]


def test_one_occurrence_per_day_whoever_records_it(place):
    match = accepted(place)
    services_arrangements.record_occurrence(place.helper, match)
    with pytest.raises(DomainError, match="already recorded") as refused:
        services_arrangements.record_occurrence(place.requester, match)
    assert refused.value.field == "on_date"
    assert db.session.scalar(select(func.count(HelpOccurrence.id))) == 1


def test_an_occurrence_cannot_be_in_the_future_nor_before_the_match(place):
    match = accepted(place)
    with pytest.raises(DomainError, match="in advance"):
        services_arrangements.record_occurrence(place.requester, match, local_today() + timedelta(days=1))
    with pytest.raises(DomainError, match="since the match began"):
        services_arrangements.record_occurrence(place.requester, match, local_today() - timedelta(days=40))


def test_only_the_two_sides_record_pause_or_end(place):
    match = accepted(place)
    for step in (services_arrangements.record_occurrence, services_arrangements.pause, services_arrangements.end):
        with pytest.raises(DomainError, match="not yours"):
            step(place.worker, match)


def test_either_side_pauses_and_resumes_and_the_other_side_is_told(place):
    match = accepted(place)
    services_arrangements.pause(place.helper, match)
    assert match.paused_at is not None and match.paused_by_id == place.helper.id and match.status == ACCEPTED
    assert {"change": "paused"}.items() <= params_of(place.requester, notification_kinds.HELP_ARRANGEMENT)[0].items()
    assert notification_kinds.HELP_ARRANGEMENT not in kinds_for(place.helper)
    with pytest.raises(DomainError, match="already paused"):
        services_arrangements.pause(place.requester, match)
    services_arrangements.resume(place.requester, match)
    assert match.paused_at is None
    with pytest.raises(DomainError, match="not paused"):
        services_arrangements.resume(place.helper, match)


def test_ending_closes_match_and_request_frees_the_place_and_asks_both_how_it_went(place):
    match = accepted(place)
    services_arrangements.end(place.helper, match)
    assert match.status == DONE and match.closed_at is not None and match.ended_by_id == place.helper.id
    assert match.request.status == DONE and match.request.closed_at is not None
    assert match.offer.load == 0
    assert match.checkin_ended_at is not None
    for side in (place.requester, place.helper):
        assert notification_kinds.HELP_CHECKIN in kinds_for(side)
        assert services_arrangements.open_checkin(side, match) == ENDED
    assert notification_kinds.HELP_TEAM_ENDED in kinds_for(place.worker)
    with pytest.raises(DomainError, match="not running"):
        services_arrangements.end(place.requester, match)
    assert match.offer.load == 0  # the place is given back once


def test_a_once_request_keeps_its_flow_and_records_its_one_occurrence(place):
    match = accepted(place, frequency="once")
    with pytest.raises(DomainError, match="help given once"):
        services_arrangements.record_occurrence(place.requester, match)
    services_matches.finish(place.requester, match)
    assert match.status == DONE and [o.on_date for o in match.occurrences] == [local_today()]
    assert notification_kinds.HELP_FEEDBACK in kinds_for(place.helper)
    assert services_arrangements.run_jobs()["asked_ended"] == 0  # "did it work?" was its check-in


def test_one_off_feedback_reaches_the_workers_and_their_list(place):
    match = accepted(place, frequency="once")
    services_matches.finish(place.requester, match)
    services_matches.give_feedback(place.requester, match, False, "Hij kwam niet opdagen.")
    assert notification_kinds.HELP_TEAM_FEEDBACK in kinds_for(place.worker)
    assert notification_kinds.HELP_TEAM_FEEDBACK not in kinds_for(place.other_worker)
    checkin = db.session.scalar(select(HelpCheckIn))
    assert (checkin.stage, checkin.rating, checkin.note) == (ENDED, "bad", "Hij kwam niet opdagen.")


def test_the_check_in_answer_reaches_the_team_workers_only(place):
    match = accepted(place)
    services_arrangements.end(place.requester, match)
    before_helper = len(kinds_for(place.helper))
    services_arrangements.answer_checkin(
        place.requester, match, ENDED, CheckInInput(happened=True, rating="bad", note="Niet fijn.", flagged=True)
    )
    told = params_of(place.worker, notification_kinds.HELP_TEAM_CHECKIN)
    assert len(told) == 1 and told[0]["flagged"] is True and told[0]["note"] is True
    assert "Niet fijn" not in str(told)  # the words stay on the page, out of mails
    assert params_of(place.other_worker, notification_kinds.HELP_TEAM_CHECKIN) == []
    assert len(kinds_for(place.helper)) == before_helper  # the other resident hears nothing
    assert match.requester_feedback == "not"
    with pytest.raises(DomainError, match="already told us"):
        services_arrangements.answer_checkin(place.requester, match, ENDED, CheckInInput(happened=True))


def test_a_check_in_not_asked_cannot_be_answered(place):
    match = accepted(place)
    with pytest.raises(DomainError, match="no question"):
        services_arrangements.answer_checkin(place.requester, match, STARTED, CheckInInput(happened=True))
    with pytest.raises(DomainError, match="does not exist"):
        services_arrangements.answer_checkin(place.requester, match, "later", CheckInInput(happened=True))


def test_a_worker_marks_a_flag_handled_once(place):
    match = accepted(place)
    services_arrangements.end(place.requester, match)
    checkin = services_arrangements.answer_checkin(
        place.helper, match, ENDED, CheckInInput(happened=False, flagged=True)
    )
    with pytest.raises(DomainError, match="Only workers"):
        services_arrangements.mark_handled(place.other_worker, checkin)
    services_arrangements.mark_handled(place.worker, checkin)
    assert checkin.handled_at is not None and checkin.handled_by_id == place.worker.id
    with pytest.raises(DomainError, match="already been handled"):
        services_arrangements.mark_handled(place.worker, checkin)


def test_two_weeks_in_both_sides_are_asked_once_even_when_the_job_runs_twice(place):
    match = accepted(place, at=utcnow() - timedelta(days=15))
    assert services_arrangements.run_jobs()["asked_started"] == 1
    assert services_arrangements.run_jobs()["asked_started"] == 0
    for side in (place.requester, place.helper):
        assert kinds_for(side).count(notification_kinds.HELP_CHECKIN) == 1
        assert services_arrangements.open_checkin(side, match) == STARTED


def test_an_arrangement_younger_than_two_weeks_is_not_asked(place):
    accepted(place, at=utcnow() - timedelta(days=10))
    assert services_arrangements.run_jobs()["asked_started"] == 0


def test_the_day_before_a_planned_day_both_are_reminded_once_per_day(place):
    match = accepted(place)
    now = utcnow()
    tomorrow = local_today(now) + timedelta(days=1)
    services_arrangements.plan_next(place.requester, match, tomorrow)
    assert {"change": "planned"}.items() <= params_of(place.helper, notification_kinds.HELP_ARRANGEMENT)[0].items()
    assert services_arrangements.remind_planned(now) == 1
    assert services_arrangements.remind_planned(now) == 0
    assert match.reminded_on == tomorrow
    for side in (place.requester, place.helper):
        assert params_of(side, notification_kinds.HELP_REMINDER) == [{"kind": "groceries", "planned": str(tomorrow)}]
    later = tomorrow + timedelta(days=7)  # a new planned day is reminded of again
    services_arrangements.plan_next(place.helper, match, later)
    assert services_arrangements.remind_planned(now + timedelta(days=7)) == 1


def test_a_planned_day_in_the_past_is_refused(place):
    match = accepted(place)
    with pytest.raises(DomainError) as refused:
        services_arrangements.plan_next(place.requester, match, date(2001, 1, 1))
    assert refused.value.field == "next_on"


def test_a_match_not_heard_of_is_asked_about_then_closed_and_the_place_given_back(place, app):
    app.config.update(HELP_STALE_DAYS=21, HELP_STALE_CLOSE_DAYS=7)
    now = utcnow()
    match = accepted(place, frequency="once", at=now - timedelta(days=22))
    assert services_arrangements.run_jobs(now)["asked_stale"] == 1
    assert services_arrangements.run_jobs(now)["asked_stale"] == 0
    assert services_arrangements.open_checkin(place.requester, match) == STALE
    assert services_arrangements.run_jobs(now + timedelta(days=6))["closed"] == 0
    counts = services_arrangements.run_jobs(now + timedelta(days=8))
    assert counts["closed"] == 1 and services_arrangements.run_jobs(now + timedelta(days=8))["closed"] == 0
    assert match.status == CANCELLED and match.request.status == CLOSED and match.offer.load == 0
    for side in (place.requester, place.helper):
        assert kinds_for(side).count(notification_kinds.HELP_STALE_CLOSED) == 1
    assert {"by": "stale"}.items() <= params_of(place.worker, notification_kinds.HELP_TEAM_ENDED)[-1].items()


def test_an_arrangement_with_recent_occurrences_or_paused_is_not_stale(place):
    now = utcnow()
    match = accepted(place, at=now - timedelta(days=40))
    services_arrangements.record_occurrence(place.helper, match, local_today(now) - timedelta(days=1))
    assert services_arrangements.ask_stale(now) == 0
    assert services_arrangements.ask_stale(now + timedelta(days=22)) == 1  # no occurrence for 21 days
    services_arrangements.pause(place.requester, match, now + timedelta(days=23))
    assert match.stale_asked_at is None  # pausing answers the question
    assert services_arrangements.ask_stale(now + timedelta(days=60)) == 0


def test_an_answer_to_the_stale_question_keeps_the_match(place):
    now = utcnow()
    match = accepted(place, at=now - timedelta(days=30))
    services_arrangements.ask_stale(now)
    services_arrangements.answer_checkin(
        place.helper, match, STALE, CheckInInput(happened=True, rating="good"), now=now + timedelta(days=1)
    )
    assert services_arrangements.close_stale(now + timedelta(days=10)) == 0
    assert match.status == ACCEPTED and match.stale_asked_at is None


def test_a_stale_arrangement_that_happened_is_closed_as_done(place):
    now = utcnow()
    match = accepted(place, at=now - timedelta(days=60))
    services_arrangements.record_occurrence(place.helper, match, local_today(now) - timedelta(days=1))
    match.occurrences[0].created_at = now - timedelta(days=50)
    services_arrangements.ask_stale(now)
    services_arrangements.close_stale(now + timedelta(days=8))
    assert match.status == DONE and match.request.status == DONE and match.offer.load == 0
    assert services_arrangements.ask_ended(now + timedelta(days=8)) == 0  # told it was closed; not asked again


def test_the_jobs_ask_an_arrangement_ended_by_a_worker(place):
    match = accepted(place)
    services_matches.finish(place.worker, match)
    assert match.checkin_ended_at is not None
    assert services_arrangements.run_jobs()["asked_ended"] == 0
    assert kinds_for(place.requester).count(notification_kinds.HELP_CHECKIN) == 1


def test_the_notifications_read_in_words(place, app):
    match = accepted(place)
    services_arrangements.pause(place.helper, match)
    services_arrangements.end(place.requester, match)
    services_arrangements.answer_checkin(
        place.helper, match, ENDED, CheckInInput(happened=True, rating="mixed", note="Soms te laat.")
    )
    from portal.notifications import kinds

    with app.test_request_context():
        texts = [
            kinds.KINDS[n.kind].describe(n.params)
            for n in db.session.scalars(select(Notification).order_by(Notification.id))
        ]
    joined = " ".join(texts)
    assert "paused" in joined or "gepauzeerd" in joined
    assert "so-so" in joined or "wisselend" in joined or "redelijk" in joined or "how the help" in joined


def test_help_asked_for_a_day_still_ahead_is_not_asked_about_before_that_day(place):
    """Asked in July for a lift on a day in August: no "is it still going on?" in between."""
    now = utcnow()
    match = accepted(place, frequency="once", at=now - timedelta(days=30))
    match.request.when, match.request.on_date = "date", local_today(now) + timedelta(days=14)
    db.session.flush()
    assert services_arrangements.ask_stale(now) == 0
    assert services_arrangements.ask_stale(now + timedelta(days=15)) == 1  # the day has passed without news


def test_a_flag_no_worker_has_handled_stays_when_the_question_is_answered_again(place):
    now = utcnow()
    match = accepted(place, at=now - timedelta(days=30))
    services_arrangements.ask_stale(now)
    worried = CheckInInput(happened=False, rating="bad", note="Ik voelde me niet veilig.", flagged=True)
    services_arrangements.answer_checkin(place.helper, match, STALE, worried, now=now)
    services_arrangements.ask_stale(now + timedelta(days=22))  # not heard of again: asked again
    fine = CheckInInput(happened=True, rating="good", note="Gaat nu goed.")
    answer = services_arrangements.answer_checkin(place.helper, match, STALE, fine, now=now + timedelta(days=23))
    assert answer.flagged and answer.handled_at is None
    assert "niet veilig" in answer.note and "Gaat nu goed" in answer.note


def test_help_cannot_be_recorded_on_an_arrangement_that_has_ended(place):
    match = accepted(place)
    services_arrangements.end(place.requester, match)
    with pytest.raises(DomainError):
        services_arrangements.record_occurrence(place.helper, match)
    assert db.session.scalar(select(func.count(HelpOccurrence.id))) == 0
