"""The scheduled jobs' heartbeat: what each job last did and whether that is recent enough.

Read by the readiness check (``/healthz/ready``), the metrics and ``flask jobs status``. A job is fresh while its
last success is within its ``max_age`` (about twice its period plus slack; ``portal.jobs.schedule.Job``); a job
that never succeeded is not fresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.jobs.models import JobRun
from portal.jobs.schedule import JOBS
from portal.timeutil import utcnow


@dataclass(frozen=True)
class JobState:
    name: str
    last_success_at: datetime | None  # naive UTC
    last_failure_at: datetime | None
    last_error: str | None  # the exception's class name
    max_age: timedelta
    fresh: bool


def job_states(now: datetime | None = None) -> list[JobState]:
    """Every scheduled job's state at ``now`` (naive UTC, default: now), in the schedule's order."""
    now = now or utcnow()
    runs = {run.name: run for run in db.session.scalars(select(JobRun))}
    states = []
    for job in JOBS:
        run = runs.get(job.name)
        success = run.last_success_at if run else None
        states.append(
            JobState(
                name=job.name,
                last_success_at=success,
                last_failure_at=run.last_failure_at if run else None,
                last_error=run.last_error if run else None,
                max_age=job.max_age,
                fresh=success is not None and now - success <= job.max_age,
            )
        )
    return states
