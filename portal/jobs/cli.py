"""``flask --app portal jobs ...``: run the scheduled jobs (``run``), one job now (``once``, for cron), ``status``."""

from __future__ import annotations

import signal
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal.extensions import db
from portal.jobs import runner as jobs_runner
from portal.jobs.models import JobRun
from portal.jobs.schedule import AMSTERDAM, JOBS, job_named, next_due
from portal.jobs.status import job_states
from portal.timeutil import utcnow

jobs_cli = AppGroup(
    "jobs", help="The scheduled jobs: mail, digests, help expiry and best sets, privacy retention, indicators."
)


@jobs_cli.command("run")
@click.option("--once", is_flag=True, help="Run the jobs that are due now, then exit (e.g. from cron).")
def run(once: bool) -> None:
    """Run every job when it is due, until stopped (SIGTERM or Ctrl-C end it after the running job).

    Start it on as many servers as you like: each job runs on one of them at a time.
    """
    app = current_app._get_current_object()
    loop = jobs_runner.Runner(app)
    if once:
        outcomes = loop.run_due()
        for outcome in outcomes:
            click.echo(f"{outcome.job}: {outcome.outcome}" + (f" ({outcome.summary})" if outcome.summary else ""))
        if not outcomes:
            click.echo("No job is due.")
        if any(outcome.outcome == jobs_runner.FAILED for outcome in outcomes):
            raise SystemExit(1)
        return

    def stop(signum, _frame) -> None:
        jobs_runner.log.info("jobs runner: %s received, stopping after the running job", signal.Signals(signum).name)
        loop.stop.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    db.session.remove()  # the command's own app context holds no connection while the loop runs
    loop.run_forever()


@jobs_cli.command("once")
@click.argument("name", type=click.Choice([job.name for job in JOBS]))
def once(name: str) -> None:
    """Run one job now, due or not, and record it (the cron alternative to ``jobs run``).

    Exits with status 1 when the job fails. When the job is running elsewhere it is left to that run.
    """
    outcome = jobs_runner.run_job(current_app._get_current_object(), job_named(name), force=True)
    if outcome.outcome == jobs_runner.BUSY:
        click.echo(f"{name}: running elsewhere now; not started again")
        return
    if outcome.outcome == jobs_runner.FAILED:
        raise click.ClickException(f"{name} failed: {outcome.summary} (see the log)")
    click.echo(f"{name}: {outcome.summary}")


def _local(moment: datetime | None) -> str:
    if moment is None:
        return "never"
    return moment.replace(tzinfo=UTC).astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")


@jobs_cli.command("status")
def status() -> None:
    """A table of the jobs: schedule, last success, last failure, next due, fresh (times Europe/Amsterdam)."""
    now = utcnow()
    runs = {run.name: run for run in db.session.scalars(select(JobRun))}
    rows = [("job", "schedule", "last success", "last failure", "next due", "fresh")]
    for job, state in zip(JOBS, job_states(now), strict=True):
        run = runs.get(job.name)
        started = run.last_started_at if run else None
        due = next_due(job, now, started, state.last_success_at)
        failure = _local(state.last_failure_at) + (f" {state.last_error}" if state.last_error else "")
        when = "now" if due <= now else _local(due)
        rows.append(
            (
                job.name,
                job.schedule.describe(),
                _local(state.last_success_at),
                failure,
                when,
                "yes" if state.fresh else "NO",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
