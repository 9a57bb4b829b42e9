"""Command-line commands: `flask --app portal signals ...` (issue 6, point 6).

`cluster` works offline on a CSV file and never touches the database; `import` stores signals from partner
systems (`services_import`). Both read the file with `services_import.read_signals`. `verify` checks the
clusters' stored counts and summaries against their signals and repairs them (`services_verify`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from portal.errors import DomainError
from portal.extensions import db
from portal.signals.clustering import THRESHOLD, WINDOW_DAYS, Signal, recluster
from portal.signals.services_import import import_signals, read_signals
from portal.signals.services_verify import check_team, teams_with_clusters

signals_cli = AppGroup("signals", help="Signals from residents: clustering and import.")


@contextmanager
def _refusal_as_error() -> Iterator[None]:
    """A file the services cannot read ends the command with the message and exit status 1."""
    try:
        yield
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error


@signals_cli.command("cluster")
@click.argument("input_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Where to write id,cluster."
)
@click.option(
    "--window-days",
    type=click.IntRange(min=1),
    default=None,
    help="A cluster stays open this many days after its newest signal [default: the site's SIGNAL_WINDOW_DAYS].",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=THRESHOLD,
    show_default=True,
    help="How alike a signal and a cluster must be (0-1) to join.",
)
def cluster(input_csv: Path, output: Path, window_days: int, threshold: float) -> None:
    """Cluster the signals in INPUT_CSV (columns id,text,area,created) and write id,cluster.

    The same algorithm as the site, without the database. Bad rows are reported with their line
    number on stderr and skipped; the rest is clustered.
    """
    if window_days is None:  # the same setting as the site, unless asked otherwise
        window_days = current_app.config.get("SIGNAL_WINDOW_DAYS", WINDOW_DAYS)
    with _refusal_as_error():
        rows, bad = read_signals(input_csv)
    for problem in bad:
        click.echo(f"{input_csv.name}: {problem}", err=True)
    signals = [Signal(row.id, row.text, row.area.cluster_key, row.created) for row in rows]
    clusterer = recluster(signals, window_days=window_days, threshold=threshold)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "cluster"])
        writer.writerows([row.id, clusterer.assignment[row.id]] for row in rows)
    recurring = sum(1 for cluster_id in clusterer.clusters if clusterer.is_recurring(cluster_id))
    click.echo(
        f"{len(rows)} signals in {len(clusterer.clusters)} clusters ({recurring} with at least"
        f" {clusterer.min_signals} signals); {len(bad)} bad rows skipped; written to {output}."
    )


@signals_cli.command("import")
@click.argument("input_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(input_csv: Path) -> None:
    """Store the signals in INPUT_CSV (columns id,text,area,created,source) from partner systems.

    source is housing_corporation, gp, school, police or other (or a common alias such as huisarts or
    politie); optional columns theme, place and organisation. Each signal is placed into its cluster at
    once, as on the site; a row imported before (same source and id) is skipped. Bad rows are reported
    with their line number on stderr and skipped; the rest is stored.
    """
    with _refusal_as_error():
        result = import_signals(input_csv)
    db.session.commit()
    for problem in result.bad:
        click.echo(f"{input_csv.name}: {problem}", err=True)
    click.echo(f"{result.stored} stored, {result.already} already imported, {len(result.bad)} bad rows skipped.")


@signals_cli.command("verify")
@click.option("--fix", is_flag=True, help="Recompute every cluster that differs from its signals.")
def verify(fix: bool) -> None:
    """Check that every cluster's stored counts, time span, recurring flag and summary match its signals.

    Prints each difference; with --fix the clusters that differ are recomputed from their signals. Each team is
    checked under its clustering lock, so reports being placed meanwhile are never half seen. Without --fix the
    exit status is 1 when anything differs.
    """
    clusters, differences = 0, 0
    for team_id in teams_with_clusters():
        found = check_team(team_id, fix=fix)
        if fix:
            db.session.commit()
        else:
            db.session.rollback()  # ends the transaction, so the team's lock is held no longer
        clusters += found.clusters
        differences += len(found.differences)
        for difference in found.differences:
            click.echo(str(difference))
    outcome = "repaired" if fix else "found"
    click.echo(f"{clusters} clusters checked; {differences} differences {outcome}.")
    if differences and not fix:
        raise click.exceptions.Exit(1)
