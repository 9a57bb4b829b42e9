"""When each scheduled job is due: pure functions of the moment and the job's last start and success.

Times are naive UTC, as the job_run table stores them; Amsterdam is UTC+1 in winter and UTC+2 in summer
(summer time began on 29 March 2026 at 02:00 and ends on 25 October 2026 at 03:00).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from portal.jobs.schedule import JOBS, Daily, Every, Job, Weekly, is_due, job_named, next_due


def job(schedule) -> Job:
    return Job("test", schedule, lambda: "")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


DAILY_7 = job(Daily(time(7, 0)))
WEEKLY_MONDAY = job(Weekly(0, time(7, 5)))
MINUTE = job(Every(timedelta(minutes=1)))
HOURLY = job(Every(timedelta(hours=1)))


def test_the_schedule_runs_the_jobs_residents_and_teams_expect():
    assert job_named("outbox").schedule == Every(timedelta(minutes=1))
    assert job_named("digest-daily").schedule == Daily(time(7, 0))
    assert job_named("digest-weekly").schedule == Weekly(0, time(7, 5))  # Monday, after the daily digest
    assert job_named("help-expire").schedule == Every(timedelta(hours=1))
    # The snapshot counts yesterday after midnight, before the night's purge removes anything.
    assert job_named("indicators-snapshot").schedule.at < job_named("privacy-purge").schedule.at
    assert len({j.name for j in JOBS}) == len(JOBS)
    with pytest.raises(KeyError):
        job_named("nothing")


def test_a_job_that_never_ran_is_due_at_once():
    now = at("2026-12-05 14:00")
    assert all(is_due(j, now, None, None) for j in JOBS)


def test_the_daily_digest_is_due_at_seven_amsterdam_time_in_winter():
    yesterday = at("2026-12-04 06:00:02")  # 07:00 CET
    assert not is_due(DAILY_7, at("2026-12-05 05:59:59"), yesterday, yesterday)
    assert is_due(DAILY_7, at("2026-12-05 06:00"), yesterday, yesterday)
    assert next_due(DAILY_7, at("2026-12-05 05:00"), yesterday, yesterday) == at("2026-12-05 06:00")


def test_a_restarted_runner_does_not_repeat_a_daily_job_that_succeeded():
    done = at("2026-12-05 06:00:03")
    assert not is_due(DAILY_7, at("2026-12-05 13:00"), done, done)
    assert next_due(DAILY_7, at("2026-12-05 13:00"), done, done) == at("2026-12-06 06:00")


def test_a_runner_that_was_down_at_seven_runs_the_digest_when_it_is_back():
    yesterday = at("2026-12-04 06:00:03")
    assert is_due(DAILY_7, at("2026-12-05 09:30"), yesterday, yesterday)


def test_on_the_day_summer_time_begins_seven_oclock_comes_an_hour_earlier_in_utc():
    saturday = at("2026-03-28 06:00:01")  # 07:00 CET
    assert not is_due(DAILY_7, at("2026-03-29 04:59"), saturday, saturday)
    assert is_due(DAILY_7, at("2026-03-29 05:00"), saturday, saturday)  # 07:00 CEST
    sunday = at("2026-03-29 05:00:01")
    assert next_due(DAILY_7, at("2026-03-29 05:01"), sunday, sunday) == at("2026-03-30 05:00")


def test_on_the_day_summer_time_ends_seven_oclock_comes_an_hour_later_in_utc():
    saturday = at("2026-10-24 05:00:01")  # 07:00 CEST
    assert not is_due(DAILY_7, at("2026-10-25 05:30"), saturday, saturday)  # 06:30 CET
    assert is_due(DAILY_7, at("2026-10-25 06:00"), saturday, saturday)


def test_a_night_time_skipped_or_repeated_by_the_clock_change_still_runs_once():
    half_past_two = job(Daily(time(2, 30)))
    # 29 March: 02:30 does not exist; the job runs at 01:30 UTC (03:30 summer time), once.
    before = at("2026-03-28 01:30:01")
    assert not is_due(half_past_two, at("2026-03-29 01:29"), before, before)
    assert is_due(half_past_two, at("2026-03-29 01:30"), before, before)
    done = at("2026-03-29 01:30:02")
    assert next_due(half_past_two, at("2026-03-29 02:00"), done, done) == at("2026-03-30 00:30")
    # 25 October: 02:30 happens twice (00:30 and 01:30 UTC); the job runs at the first only.
    done = at("2026-10-25 00:30:02")
    assert not is_due(half_past_two, at("2026-10-25 01:45"), done, done)
    assert next_due(half_past_two, at("2026-10-25 01:45"), done, done) == at("2026-10-26 01:30")


def test_the_weekly_digest_waits_for_monday_morning():
    last_monday = at("2026-11-30 06:05:01")
    assert not is_due(WEEKLY_MONDAY, at("2026-12-06 22:00"), last_monday, last_monday)  # Sunday evening
    assert next_due(WEEKLY_MONDAY, at("2026-12-06 22:00"), last_monday, last_monday) == at("2026-12-07 06:05")
    assert is_due(WEEKLY_MONDAY, at("2026-12-07 06:05"), last_monday, last_monday)
    # Across the change to summer time, Monday 07:05 is 05:05 UTC.
    assert WEEKLY_MONDAY.schedule.following(at("2026-03-28 12:00")) == at("2026-03-30 05:05")


def test_interval_jobs_run_on_a_grid_every_server_shares():
    done = at("2026-12-05 14:03:00.400")
    assert not is_due(MINUTE, at("2026-12-05 14:03:59"), at("2026-12-05 14:03:00.100"), done)
    assert is_due(MINUTE, at("2026-12-05 14:04:00"), at("2026-12-05 14:03:00.100"), done)
    assert HOURLY.schedule.previous(at("2026-12-05 14:59")) == at("2026-12-05 14:00")
    assert HOURLY.schedule.following(at("2026-12-05 14:00")) == at("2026-12-05 15:00")


def test_a_failed_run_is_tried_again_after_a_while_not_at_once():
    yesterday = at("2026-12-04 06:00:03")
    failed = at("2026-12-05 06:00:01")
    assert not is_due(DAILY_7, at("2026-12-05 06:10"), failed, yesterday)
    assert next_due(DAILY_7, at("2026-12-05 06:10"), failed, yesterday) == failed + timedelta(minutes=15)
    assert is_due(DAILY_7, at("2026-12-05 06:16"), failed, yesterday)
    # A minute job is simply tried again the next minute.
    assert next_due(MINUTE, at("2026-12-05 14:03:30"), at("2026-12-05 14:03:00"), None) == at("2026-12-05 14:04")


def test_a_run_that_started_and_has_not_finished_is_not_started_again_meanwhile():
    started = at("2026-12-05 06:00:01")
    assert not is_due(DAILY_7, at("2026-12-05 06:00:05"), started, at("2026-12-04 06:00:03"))


def test_max_age_tolerates_one_missed_run():
    assert job_named("outbox").max_age == timedelta(minutes=7)
    assert job_named("digest-daily").max_age == timedelta(days=2, hours=1)
    assert job_named("digest-weekly").max_age == timedelta(days=14, hours=7)
