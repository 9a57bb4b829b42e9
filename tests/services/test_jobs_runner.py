"""The jobs runner: each job runs once when due, however many runners race; failures are recorded and the loop
goes on; ``jobs run --once``, ``jobs once NAME`` and ``jobs status`` as an operator (or cron) uses them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time as clock_time
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, text

from portal.extensions import db
from portal.jobs import runner as jobs_runner
from portal.jobs.models import JobRun
from portal.jobs.schedule import JOBS, Every, Job
from portal.jobs.status import job_states
from portal.outbox import services as outbox
from portal.outbox.models import OutboxMessage
from portal.timeutil import utcnow
from tests.services.test_outbox import Recorder, free_port

NOON = datetime(2026, 12, 5, 12, 0, 30)


class FakeClock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Counting:
    """A job body that counts its runs (and can take a while, or fail)."""

    def __init__(self, seconds: float = 0.0, error: Exception | None = None):
        self.calls, self.seconds, self.error = 0, seconds, error

    def __call__(self) -> str:
        self.calls += 1
        if self.seconds:
            clock_time.sleep(self.seconds)
        if self.error:
            raise self.error
        return "done"


def minutely(name: str, body) -> Job:
    return Job(name, Every(timedelta(minutes=1)), body)


def row(name: str) -> JobRun:
    with db.session.no_autoflush:
        return db.session.execute(
            select(JobRun).where(JobRun.name == name).execution_options(populate_existing=True)
        ).scalar_one()


def mark_done(names, moment: datetime) -> None:
    for name in names:
        db.session.merge(JobRun(name=name, last_started_at=moment, last_finished_at=moment, last_success_at=moment))
    db.session.commit()


def test_a_job_runs_once_when_two_runners_race_for_it(app, ctx):
    body = Counting(seconds=0.3)
    racing = minutely("race", body)
    clock = FakeClock(NOON)
    jobs_runner.Runner(app, [racing], clock).due_jobs()  # the row exists, as after any first start
    start = threading.Barrier(2)
    outcomes = []

    def one_runner() -> None:
        start.wait()
        outcomes.append(jobs_runner.run_job(app, racing, clock).outcome)

    threads = [threading.Thread(target=one_runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert body.calls == 1
    assert sorted(outcomes)[-1] == jobs_runner.SUCCEEDED
    assert sorted(outcomes)[0] in (jobs_runner.BUSY, jobs_runner.NOT_DUE)
    stored = row("race")
    assert (stored.runs, stored.failures, stored.last_success_at) == (1, 0, NOON)
    assert stored.last_host.endswith(f":{os.getpid()}")


def test_a_second_claim_from_the_same_reading_is_refused(app, ctx):
    job = minutely("claimed", Counting())
    jobs_runner.ensure_rows([job])
    assert jobs_runner.claim(job, NOON) is None
    # The other runner read the row before this claim, so its UPDATE finds another last_started_at.
    assert jobs_runner.claim(job, NOON) == jobs_runner.NOT_DUE
    if db.engine.dialect.name != "postgresql":  # there, the advisory lock says whether it is running
        assert jobs_runner.claim(job, NOON, force=True) == jobs_runner.BUSY  # running: not started twice
        # Still running when its next minute comes: not started beside itself.
        assert jobs_runner.claim(job, NOON + timedelta(seconds=40)) == jobs_runner.BUSY
    assert row("claimed").runs == 1


def test_on_postgresql_a_job_another_server_holds_is_passed_by(app, ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's")
    body = Counting()
    job = minutely("held", body)
    with db.engine.connect() as other_server:
        other_server.execute(text("SELECT pg_advisory_lock(:key)"), {"key": jobs_runner.lock_key("held")})
        assert jobs_runner.run_job(app, job, FakeClock(NOON)).outcome == jobs_runner.BUSY
        other_server.execute(text("SELECT pg_advisory_unlock_all()"))
    assert body.calls == 0
    assert jobs_runner.run_job(app, job, FakeClock(NOON)).outcome == jobs_runner.SUCCEEDED
    assert body.calls == 1


def test_a_failing_job_is_recorded_and_the_loop_goes_on(app, ctx, caplog):
    failing = Counting(error=RuntimeError("mail for bewoner@example.org refused"))
    working = Counting()
    clock = FakeClock(NOON)
    loop = jobs_runner.Runner(app, [minutely("failing", failing), minutely("working", working)], clock)
    waits = []

    def wait(seconds: float) -> None:  # the next round, a minute later
        waits.append(seconds)
        clock.now += timedelta(seconds=seconds)
        if len(waits) == 2:
            loop.stop.set()

    with caplog.at_level("INFO", logger="portal.jobs"):
        loop.run_forever(wait)
    assert (failing.calls, working.calls) == (2, 2)
    assert waits == [30.0, 60.0]  # until the next whole minute
    failed = row("failing")
    assert (failed.runs, failed.failures, failed.last_success_at) == (2, 2, None)
    assert failed.last_error == "RuntimeError"  # the class name only: no address in the database
    assert failed.last_failure_at == NOON + timedelta(seconds=30)
    assert row("working").last_success_at == NOON + timedelta(seconds=30)
    finished = [r for r in caplog.records if getattr(r, "event", "") == "job_finished"]
    assert [(r.job, r.outcome) for r in finished[:2]] == [("failing", "failed"), ("working", "succeeded")]
    assert all(r.duration_s >= 0 for r in finished)


def test_a_stop_lets_the_running_job_finish_and_starts_no_other(app, ctx):
    loop = jobs_runner.Runner(app, [], FakeClock(NOON))
    later = Counting()

    def stopping() -> str:
        loop.stop.set()  # SIGTERM arrives while this job runs
        return "finished anyway"

    loop.jobs = (minutely("first", stopping), minutely("second", later))
    loop.run_forever(wait=lambda seconds: pytest.fail("no wait after a stop"))
    assert row("first").last_success_at == NOON
    assert later.calls == 0


def test_run_once_runs_only_the_jobs_that_are_due(app, ctx, runner):
    mark_done([job.name for job in JOBS if job.name != "outbox"], utcnow())
    outbox.queue_mail("bewoner@example.org", "Onderwerp", "Tekst")
    db.session.commit()
    result = runner.invoke(args=["jobs", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["outbox: succeeded (sent 1, failed 0)"]
    assert row("outbox").runs == 1
    assert row("privacy-purge").runs == 0


def test_jobs_once_outbox_sends_the_queued_mail(app, ctx, runner, monkeypatch):
    port = free_port()
    for key, value in dict(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_USE_SSL=False).items():
        monkeypatch.setitem(app.config, key, value)
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "")
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    outbox.queue_mail("bewoner@example.org", "Je hulpvraag is verlopen", "Beste bewoner,")
    db.session.commit()
    controller.start()
    try:
        result = runner.invoke(args=["jobs", "once", "outbox"])
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "outbox: sent 1, failed 0"
    assert recorder.envelopes[0].rcpt_tos == ["bewoner@example.org"]
    assert db.session.scalars(select(OutboxMessage)).one().sent_at is not None
    recorded = row("outbox")
    assert (recorded.runs, recorded.failures) == (1, 0)
    assert recorded.last_success_at is not None


def test_jobs_once_a_failing_job_exits_with_an_error_and_is_recorded(app, ctx, runner, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_RETENTION_DAYS", -1)
    result = runner.invoke(args=["jobs", "once", "privacy-purge"])
    assert result.exit_code == 1
    assert "privacy-purge failed: RetentionSettingsError" in result.output
    recorded = row("privacy-purge")
    assert (recorded.failures, recorded.last_error, recorded.last_success_at) == (1, "RetentionSettingsError", None)
    assert runner.invoke(args=["jobs", "once", "nothing"]).exit_code == 2  # not a job: a usage error


def test_job_states_say_whether_each_last_success_is_recent(app, ctx):
    now = datetime(2026, 12, 5, 12, 0)
    mark_done(["outbox"], now - timedelta(minutes=6))
    mark_done(["digest-daily"], now - timedelta(days=2, hours=2))
    db.session.merge(JobRun(name="privacy-purge", last_failure_at=now, last_error="OperationalError", failures=1))
    db.session.commit()
    states = {state.name: state for state in job_states(now)}
    assert [state.name for state in job_states(now)] == [job.name for job in JOBS]
    assert states["outbox"].fresh and states["outbox"].max_age == timedelta(minutes=7)
    assert not states["digest-daily"].fresh  # two runs missed
    assert not states["digest-weekly"].fresh  # never ran
    purge = states["privacy-purge"]
    assert (purge.fresh, purge.last_failure_at, purge.last_error) == (False, now, "OperationalError")
    assert not job_states(now + timedelta(minutes=2))[0].fresh


def test_jobs_status_shows_each_job_its_last_success_and_next_run(app, ctx, runner):
    now = utcnow()
    mark_done(["outbox"], now)
    db.session.merge(JobRun(name="privacy-purge", last_started_at=now, last_failure_at=now, last_error="ValueError"))
    db.session.commit()
    result = runner.invoke(args=["jobs", "status"])
    assert result.exit_code == 0
    header, *lines = result.output.splitlines()
    assert header.split() == ["job", "schedule", "last", "success", "last", "failure", "next", "due", "fresh"]
    table = {line.split()[0]: line for line in lines}
    assert list(table) == [job.name for job in JOBS]
    assert table["outbox"].startswith("outbox") and "every minute" in table["outbox"]
    assert table["outbox"].endswith("yes")
    assert "ValueError" in table["privacy-purge"] and table["privacy-purge"].endswith("NO")
    assert "daily at 07:00 Europe/Amsterdam" in table["digest-daily"]
    assert table["digest-weekly"].split()[-2:] == ["now", "NO"]  # never ran: due at once


def test_sigterm_stops_the_runner_cleanly(app, ctx):
    mark_done([job.name for job in JOBS], utcnow() + timedelta(minutes=10))  # nothing due while it runs
    app.extensions["tests.writes"].dirty = True
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], MAIL_SERVER="")
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "flask", "--app", "portal", "jobs", "run"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        started = process.stderr.readline()
        assert "jobs runner started" in started
        process.send_signal(signal.SIGTERM)
        _out, rest = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "SIGTERM received" in rest and "jobs runner stopped" in rest


def test_run_once_with_nothing_due_says_so(app, ctx, runner):
    mark_done([job.name for job in JOBS], utcnow() + timedelta(minutes=10))
    result = runner.invoke(args=["jobs", "run", "--once"])
    assert (result.exit_code, result.output) == (0, "No job is due.\n")


def test_the_snapshot_job_takes_what_the_nightly_command_takes(app, ctx, runner, monkeypatch):
    monkeypatch.setitem(app.config, "INDICATORS_SETTLE_DAYS", 2)
    result = runner.invoke(args=["jobs", "once", "indicators-snapshot"])
    assert (result.exit_code, result.output) == (0, "indicators-snapshot: snapshots taken of 2 days\n")
    assert row("indicators-snapshot").last_success_at is not None
