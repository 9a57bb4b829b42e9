"""What the scheduled jobs last did: one row per job, read by the readiness check and the metrics.

A row is written whenever the job runs through the jobs feature: the runner (``flask jobs run``) or ``flask jobs once
NAME`` (the cron alternative); the features' own commands (``flask outbox send``…) write none.
No personal data: an error is stored as the exception's class name only.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class JobRun(db.Model):
    name: Mapped[str] = mapped_column(String(40), primary_key=True)  # the job's name in the schedule
    last_started_at: Mapped[datetime | None]  # naive UTC
    last_finished_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_failure_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(120))  # the exception's class name
    last_host: Mapped[str | None] = mapped_column(String(120))  # "host:pid" of the last run
    runs: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)
