"""``flask indicators``: the daily snapshot of the indicators' counts (run from cron or the jobs runner)."""

from __future__ import annotations

from datetime import date, timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from portal.indicators import snapshots
from portal.indicators.periods import local_day
from portal.timeutil import utcnow

group = AppGroup("indicators", help="The indicators: daily snapshots of the counts.")


def yesterday() -> date:
    return local_day(utcnow()) - timedelta(days=1)


def nightly() -> int:
    """What the nightly run does: take yesterday and settle the days before it; returns the days taken."""
    return snapshots.settle(yesterday(), current_app.config["INDICATORS_SETTLE_DAYS"])


@group.command("snapshot")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), help="Take only this day.")
@click.option("--backfill", is_flag=True, help="Every day from the first data until yesterday.")
def snapshot(day, backfill: bool) -> None:
    """Store the counts per team, area and metric of yesterday and of the INDICATORS_SETTLE_DAYS days before it
    (replacing what was stored for them); or of one --day; or of every day (--backfill)."""
    if backfill and day:
        raise click.UsageError("Give --day or --backfill, not both.")
    if backfill:
        days = snapshots.backfill(yesterday())
        click.echo(f"Snapshots taken of {days} days.")
        return
    if day is None:
        days = nightly()
        click.echo(f"Snapshots taken of {days} days, up to {yesterday().isoformat()}.")
        return
    target = day.date()
    if target > local_day(utcnow()):
        raise click.BadParameter("A day in the future has nothing to count yet.", param_hint="--day")
    rows = snapshots.take(target)
    click.echo(f"Snapshot of {target.isoformat()}: {rows} rows.")
