"""``flask indicators``: the daily snapshot of the indicators' counts (run from cron) and its backfill."""

from __future__ import annotations

from datetime import date, timedelta

import click
from flask.cli import AppGroup

from portal.indicators import snapshots
from portal.indicators.periods import local_day
from portal.timeutil import utcnow

group = AppGroup("indicators", help="The indicators: daily snapshots of the counts.")


def _yesterday() -> date:
    return local_day(utcnow()) - timedelta(days=1)


@group.command("snapshot")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), help="The day to count (default: yesterday).")
@click.option("--backfill", is_flag=True, help="Every day from the first data until yesterday.")
def snapshot(day, backfill: bool) -> None:
    """Store the day's counts per team, area and metric (replacing that day's earlier snapshot)."""
    if backfill and day:
        raise click.UsageError("Give --day or --backfill, not both.")
    if backfill:
        days = snapshots.backfill(_yesterday())
        click.echo(f"Snapshots taken of {days} days.")
        return
    target = day.date() if day else _yesterday()
    if target > local_day(utcnow()):
        raise click.BadParameter("A day in the future has nothing to count yet.", param_hint="--day")
    rows = snapshots.take(target)
    click.echo(f"Snapshot of {target.isoformat()}: {rows} rows.")
