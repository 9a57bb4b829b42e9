"""The scheduled jobs and their schedules, as data, and when each is due.

Every job calls the same service functions as its cron command (``flask outbox send``, ``flask notifications
send-digests``, ``flask help expire``, ``flask help arrangements``, ``flask privacy purge``, ``flask indicators
snapshot``; the help console's best sets have none) and commits its own work. The runner (``portal.jobs.runner``)
pushes a fresh app context for each run.

"When due" is a pure function of the moment and what the database says of the job's last runs
(``JobRun.last_started_at``, ``last_success_at``): every runner on every server reads the same answer, and a
restarted runner does not run a daily job again. Times are naive UTC, as every column stores them; the daily and
weekly moments are wall-clock times in Europe/Amsterdam, so they stay at 07:00 across the DST changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from portal.extensions import db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EPOCH = datetime(1970, 1, 1)
DAY = timedelta(days=1)
WEEK = timedelta(days=7)


def _local_moment(day: date, at: time) -> datetime:
    """The naive UTC moment of ``at`` on ``day`` in Amsterdam. A wall-clock time the spring change skips
    (02:00-03:00) counts with the winter offset, so it falls an hour later in summer time and still happens once."""
    return datetime.combine(day, at, tzinfo=AMSTERDAM).astimezone(UTC).replace(tzinfo=None)


def _local_day(moment: datetime) -> date:
    return moment.replace(tzinfo=UTC).astimezone(AMSTERDAM).date()


@dataclass(frozen=True)
class Every:
    """Every ``interval``, on a grid counted from the Unix epoch in UTC (every minute at :00 seconds, every hour
    at :00 minutes), so every server agrees on the moments."""

    interval: timedelta

    @property
    def period(self) -> timedelta:
        return self.interval

    def previous(self, now: datetime) -> datetime:
        """The latest scheduled moment at or before ``now``."""
        return now - (now - EPOCH) % self.interval

    def following(self, now: datetime) -> datetime:
        """The first scheduled moment after ``now``."""
        return self.previous(now) + self.interval

    def describe(self) -> str:
        minutes = int(self.interval.total_seconds() // 60)
        if minutes % 60 == 0:
            return "every hour" if minutes == 60 else f"every {minutes // 60} hours"
        return "every minute" if minutes == 1 else f"every {minutes} minutes"


@dataclass(frozen=True)
class Daily:
    """Every day at ``at``, Amsterdam time."""

    at: time

    @property
    def period(self) -> timedelta:
        return DAY

    def previous(self, now: datetime) -> datetime:
        day = _local_day(now)
        moment = _local_moment(day, self.at)
        return moment if moment <= now else _local_moment(day - DAY, self.at)

    def following(self, now: datetime) -> datetime:
        day = _local_day(now)
        moment = _local_moment(day, self.at)
        return moment if moment > now else _local_moment(day + DAY, self.at)

    def describe(self) -> str:
        return f"daily at {self.at:%H:%M} Europe/Amsterdam"


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Weekly:
    """Every week on ``weekday`` (0 is Monday) at ``at``, Amsterdam time."""

    weekday: int
    at: time

    @property
    def period(self) -> timedelta:
        return WEEK

    def previous(self, now: datetime) -> datetime:
        today = _local_day(now)
        day = today - timedelta(days=(today.weekday() - self.weekday) % 7)
        moment = _local_moment(day, self.at)
        return moment if moment <= now else _local_moment(day - WEEK, self.at)

    def following(self, now: datetime) -> datetime:
        today = _local_day(now)
        day = today + timedelta(days=(self.weekday - today.weekday()) % 7)
        moment = _local_moment(day, self.at)
        return moment if moment > now else _local_moment(day + WEEK, self.at)

    def describe(self) -> str:
        return f"{WEEKDAYS[self.weekday]}s at {self.at:%H:%M} Europe/Amsterdam"


Schedule = Every | Daily | Weekly


@dataclass(frozen=True)
class Job:
    """A job: its name (the ``job_run`` row's key), when it runs, and what it runs.

    ``run`` works in the current app context, commits its own work and returns a one-line summary for the log.
    A run that failed, or never finished (its server stopped), is tried again ``retry_after`` after it started.
    The job counts as fresh (``portal.jobs.status``) while its last success is within ``max_age``: twice its
    period plus some slack, so one missed run is not yet an alarm.
    """

    name: str
    schedule: Schedule
    run: Callable[[], str] = field(compare=False)

    @property
    def retry_after(self) -> timedelta:
        return min(self.schedule.period, timedelta(minutes=15))

    @property
    def max_age(self) -> timedelta:
        return 2 * self.schedule.period + max(timedelta(minutes=5), self.schedule.period / 24)


def next_due(job: Job, now: datetime, last_started_at: datetime | None, last_success_at: datetime | None) -> datetime:
    """When ``job`` should run next, given its last start and last success (None: never).

    A job is done for its latest scheduled moment once a run succeeded at or after it; until then it is due at
    once, unless a run already started for that moment (it is running, failed or was cut off): then it is due
    again ``retry_after`` after that start, or at the next scheduled moment if that comes first.
    """
    slot = job.schedule.previous(now)
    if last_success_at is not None and last_success_at >= slot:
        return job.schedule.following(now)
    if last_started_at is None or last_started_at < slot:
        return slot
    return min(last_started_at + job.retry_after, job.schedule.following(now))


def is_due(job: Job, now: datetime, last_started_at: datetime | None, last_success_at: datetime | None) -> bool:
    """Whether ``job`` should run at ``now`` (see ``next_due``)."""
    return next_due(job, now, last_started_at, last_success_at) <= now


# --- the jobs: the service functions their cron commands call -------------------------------------------------


def deliver_mail() -> str:
    """``flask outbox send``: deliver due mail over SMTP, or to the log when MAIL_SERVER is empty."""
    from portal.outbox import services

    config = current_app.config
    transport = services.smtp_transport(config) if config["MAIL_SERVER"] else services.log_transport
    sent, failed = services.send_due(transport, config["MAIL_FROM"])
    return f"sent {sent}, failed {failed}"


def _digests(frequency: str) -> str:
    from portal.notifications import services

    mails = services.send_digests(frequency)
    db.session.commit()
    return f"queued {mails} digest mail(s)"


def daily_digests() -> str:
    """``flask notifications send-digests --daily``."""
    from portal.notifications.models import DAILY

    return _digests(DAILY)


def weekly_digests() -> str:
    """``flask notifications send-digests`` (weekly)."""
    from portal.notifications.models import WEEKLY

    return _digests(WEEKLY)


def expire_help() -> str:
    """``flask help expire``: withdraw unanswered proposals, remind and expire requests, tell teams of waiting ones."""
    from portal.help import services_closing, services_team

    withdrawn = services_closing.withdraw_stale_proposals()
    reminded, expired = services_closing.expire_requests()
    waiting = services_team.tell_about_waiting()
    db.session.commit()
    return f"reminded {reminded}, expired {expired}, withdrawn {withdrawn}, waiting told {waiting}"


def help_arrangements() -> str:
    """``flask help arrangements``: check-ins, reminders before a planned day, matches not heard of asked and closed."""
    from portal.help import services_arrangements

    counts = services_arrangements.run_jobs()
    db.session.commit()
    return ", ".join(f"{what} {number}" for what, number in counts.items())


def help_best_sets() -> str:
    """Work out the best set of matches of every area set the help console asked for, when it changed since
    (HELP_BEST_SET_IN_BACKGROUND: never in a web worker; nothing to do otherwise)."""
    from portal.help import services_suggestions

    worked_out, current = services_suggestions.refresh_wanted_best_sets()
    return f"worked out {worked_out} best set(s), {current} still current"


def purge_cache() -> str:
    """Delete the expired entries of the database's cache table (with Redis, Redis forgets them by itself)."""
    from portal import cache

    deleted = cache.purge_expired()
    db.session.commit()
    return f"deleted {deleted} expired cache entr{'y' if deleted == 1 else 'ies'}"


class RetentionSettingsError(Exception):
    """The retention settings cannot be used (a negative number of days); the purge does not run."""


def purge_personal_data() -> str:
    """``flask privacy purge``: remove or blank personal data past its retention period."""
    from portal.accounts import privacy

    problems = privacy.retention_problems(current_app.config)
    if problems:
        raise RetentionSettingsError(" ".join(problems))
    counts = privacy.purge_expired()
    db.session.commit()
    return ", ".join(f"{what} {number}" for what, number in sorted(counts.items())) or "nothing to purge"


def snapshot_indicators() -> str:
    """``flask indicators snapshot``: store yesterday's counts of the indicators (and settle the days before)."""
    from portal.indicators import cli

    return f"snapshots taken of {cli.nightly()} days"


# Every minute for the help console's best sets: a page asking for one never worked out shows it within a minute.
# Hourly for help: an unanswered proposal gives the helper's place back within the hour after its week, and the
# early-morning runs still come before the daily digest. The snapshot runs after midnight (yesterday is complete)
# and before the purge, so the counts include what the purge removes.
JOBS: tuple[Job, ...] = (
    Job("outbox", Every(timedelta(minutes=1)), deliver_mail),
    Job("help-expire", Every(timedelta(hours=1)), expire_help),
    Job("help-arrangements", Every(timedelta(hours=1)), help_arrangements),
    Job("help-best-sets", Every(timedelta(minutes=1)), help_best_sets),
    Job("indicators-snapshot", Daily(time(0, 30)), snapshot_indicators),
    Job("privacy-purge", Daily(time(3, 30)), purge_personal_data),
    Job("cache-purge", Daily(time(4, 0)), purge_cache),
    Job("digest-daily", Daily(time(7, 0)), daily_digests),
    Job("digest-weekly", Weekly(0, time(7, 5)), weekly_digests),
)


def job_named(name: str) -> Job:
    """The job called ``name``; KeyError when there is none."""
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)
