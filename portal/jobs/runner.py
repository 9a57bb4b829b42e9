"""The jobs runner: one long-running loop (``flask jobs run``) that runs each scheduled job when it is due.

Safe when started on several servers at once. Whether a job is due is read from its ``job_run`` row, so every
runner agrees and a restart does not repeat a daily job. Before a run, a runner takes the job:

- on PostgreSQL, a session-level advisory lock per job (``pg_try_advisory_lock``) on a connection of its own,
  held for the run and released after it (or by PostgreSQL when the runner's connection dies), so one runner
  runs the job and the others pass it by;
- on every database, an atomic claim: one UPDATE of the row that sets ``last_started_at`` only if it still holds
  the value the runner read. Of two runners that read the same row only one changes it; on SQLite (one server)
  this is the whole guard.

Each run has its own app context (a fresh session and transaction). Its start and end go to the ``job_run`` row
(an error as the exception's class name only) and to the log (``portal.jobs``), with the duration and outcome.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.jobs.models import JobRun
from portal.jobs.schedule import JOBS, Job, is_due, next_due
from portal.timeutil import utcnow

log = logging.getLogger("portal.jobs")

Clock = Callable[[], datetime]

# Outcomes of one attempt to run a job.
SUCCEEDED = "succeeded"
FAILED = "failed"
BUSY = "busy"  # another runner holds the job now
NOT_DUE = "not due"  # another runner ran it since this one looked

LONGEST_WAIT = 60.0  # seconds between two looks at the schedule, at most (a job added by hand is seen soon)


def host_id() -> str:
    """``host:pid`` of this process, stored with each run."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for the job ``name`` (the same in every process and release)."""
    digest = hashlib.sha256(f"buurtportaal.jobs:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def exclusive(name: str) -> Iterator[bool]:
    """Hold the job's advisory lock while the block runs (PostgreSQL); yields whether this process got it.

    The lock lives on a dedicated connection, outside any transaction (a session-level lock outlives the commit
    after taking it), so the job's own transactions commit and roll back freely while it is held, and the
    connection does not sit idle in a transaction. Other databases have no such lock: yields True (the claim
    decides alone).
    """
    if db.engine.dialect.name != "postgresql":
        yield True
        return
    key = {"key": lock_key(name)}
    with db.engine.connect() as connection:
        mine = connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), key)
        connection.commit()
        if not mine:
            yield False
            return
        try:
            yield True
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), key)
            connection.commit()


def ensure_rows(jobs: Sequence[Job]) -> None:
    """Give every job its ``job_run`` row (once; two runners starting together both end with one row each)."""
    known = set(db.session.scalars(select(JobRun.name)))
    missing = [job.name for job in jobs if job.name not in known]
    if not missing:
        return
    db.session.add_all(JobRun(name=name, runs=0, failures=0) for name in missing)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another runner added them at the same moment


def _running(job: Job, run: JobRun, now: datetime) -> bool:
    """Whether a run started recently and has not finished (a run cut off counts as over after ``retry_after``)."""
    started, finished = run.last_started_at, run.last_finished_at
    if started is None or (finished is not None and finished >= started):
        return False
    return now - started < job.retry_after


def claim(job: Job, now: datetime, *, force: bool = False) -> str | None:
    """Record the start of a run of ``job`` if it is due (``force``: due or not) and not running; commits.

    Returns None when this process may run it, else why not (NOT_DUE, BUSY). Running means started less than
    ``retry_after`` ago and not finished; on PostgreSQL the advisory lock has already answered that. The UPDATE
    changes the row only if ``last_started_at`` still holds what was read, so of two runners that read the same
    row only one claims it.
    """
    run = db.session.execute(select(JobRun).where(JobRun.name == job.name).execution_options(populate_existing=True))
    run = run.scalar_one()
    if not force and not is_due(job, now, run.last_started_at, run.last_success_at):
        return NOT_DUE
    if db.engine.dialect.name != "postgresql" and _running(job, run, now):  # PostgreSQL: the lock said so
        return BUSY
    seen = (
        JobRun.last_started_at.is_(None)
        if run.last_started_at is None
        else JobRun.last_started_at == run.last_started_at
    )
    result = db.session.execute(
        update(JobRun)
        .where(JobRun.name == job.name, seen)
        .values(last_started_at=now, last_host=host_id(), runs=JobRun.runs + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return None if result.rowcount == 1 else BUSY


def _record_end(job: Job, now: datetime, error: BaseException | None) -> None:
    values: dict = {"last_finished_at": now}
    if error is None:
        values["last_success_at"] = now
    else:
        values.update(last_failure_at=now, last_error=type(error).__name__[:120], failures=JobRun.failures + 1)
    db.session.execute(
        update(JobRun).where(JobRun.name == job.name).values(**values).execution_options(synchronize_session=False)
    )
    db.session.commit()


@dataclass(frozen=True)
class Outcome:
    job: str
    outcome: str  # SUCCEEDED, FAILED, BUSY, NOT_DUE
    summary: str = ""  # the job's own line, or the error's class name


def run_job(app: Flask, job: Job, clock: Clock = utcnow, *, force: bool = False) -> Outcome:
    """Run ``job`` once in its own app context if it is due (``force``: whether due or not), recording the run.

    A job that raises is rolled back and recorded as failed; the exception does not leave this function.
    """
    with app.app_context(), exclusive(job.name) as mine:
        if not mine:
            return Outcome(job.name, BUSY)
        ensure_rows([job])
        refused = claim(job, clock(), force=force)
        if refused:
            return Outcome(job.name, refused)
        log.info("job %s started", job.name, extra={"job": job.name, "event": "job_started"})
        began = time.monotonic()
        try:
            summary = job.run()
        except Exception as error:
            db.session.rollback()
            _record_end(job, clock(), error)
            seconds = time.monotonic() - began
            log.error(
                "job %s failed after %.2f s: %s",
                job.name,
                seconds,
                type(error).__name__,
                exc_info=True,
                extra={"job": job.name, "event": "job_finished", "outcome": FAILED, "duration_s": round(seconds, 3)},
            )
            return Outcome(job.name, FAILED, type(error).__name__)
        _record_end(job, clock(), None)
        seconds = time.monotonic() - began
        log.info(
            "job %s succeeded in %.2f s: %s",
            job.name,
            seconds,
            summary,
            extra={"job": job.name, "event": "job_finished", "outcome": SUCCEEDED, "duration_s": round(seconds, 3)},
        )
        return Outcome(job.name, SUCCEEDED, summary)


class Runner:
    """Runs ``jobs`` when due. ``clock`` gives naive UTC (injected by tests); ``stop`` ends ``run_forever`` after
    the job that is running (SIGTERM and SIGINT set it in ``flask jobs run``)."""

    def __init__(
        self,
        app: Flask,
        jobs: Sequence[Job] = JOBS,
        clock: Clock = utcnow,
        stop: threading.Event | None = None,
    ):
        self.app, self.jobs, self.clock = app, tuple(jobs), clock
        self.stop = stop or threading.Event()

    def _last_runs(self) -> dict[str, JobRun]:
        with self.app.app_context():
            ensure_rows(self.jobs)
            runs = {run.name: run for run in db.session.scalars(select(JobRun))}
            db.session.expunge_all()
            return runs

    def due_jobs(self) -> list[Job]:
        """The jobs due now, as the database says, in the schedule's order."""
        runs, now = self._last_runs(), self.clock()
        return [
            job for job in self.jobs if is_due(job, now, runs[job.name].last_started_at, runs[job.name].last_success_at)
        ]

    def run_due(self) -> list[Outcome]:
        """Run every job that is due now, one after the other; a failing job does not stop the others."""
        outcomes = []
        for job in self.due_jobs():
            if self.stop.is_set():
                break
            try:
                outcomes.append(run_job(self.app, job, self.clock))
            except Exception as error:  # the database itself failed while claiming or recording
                log.error("job %s could not be run: %s", job.name, type(error).__name__, exc_info=True)
                outcomes.append(Outcome(job.name, FAILED, type(error).__name__))
        return outcomes

    def seconds_to_next(self) -> float:
        """Seconds until the next job is due (at least 1, at most LONGEST_WAIT)."""
        try:
            runs, now = self._last_runs(), self.clock()
        except Exception as error:  # the database is away: look again later
            log.error("jobs: cannot read the job runs: %s", type(error).__name__)
            return LONGEST_WAIT
        soonest = min(
            next_due(job, now, runs[job.name].last_started_at, runs[job.name].last_success_at) for job in self.jobs
        )
        return min(LONGEST_WAIT, max(1.0, (soonest - now).total_seconds()))

    def run_forever(self, wait: Callable[[float], object] | None = None) -> None:
        """Run due jobs until ``stop`` is set; between rounds wait until the next job is due (``wait(seconds)``,
        by default ``stop.wait``, which a signal cuts short)."""
        wait = wait or self.stop.wait
        log.info("jobs runner started on %s", host_id(), extra={"event": "runner_started"})
        while not self.stop.is_set():
            try:
                self.run_due()
            except Exception as error:
                log.error("jobs: a round failed: %s", type(error).__name__, exc_info=True)
            if not self.stop.is_set():
                wait(self.seconds_to_next())
        log.info("jobs runner stopped on %s", host_id(), extra={"event": "runner_stopped"})
