"""Command-line commands: `flask --app portal signals ...` (issue 6, point 6).

`cluster` works offline on a CSV file and never touches the database. `read_signals` is shared with the
`import` command, which stores signals from partner systems.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import click
from flask.cli import AppGroup

from portal.signals import areas
from portal.signals.clustering import THRESHOLD, WINDOW_DAYS, Signal, recluster

signals_cli = AppGroup("signals", help="Signals from residents: clustering and import.")

COLUMNS = ("id", "text", "area", "created")


@dataclass(frozen=True)
class CsvSignal:
    """One good row of a signals CSV: the parsed columns, the resolved area and all raw values."""

    line: int
    id: str
    text: str
    area: areas.AreaRef
    created: date
    row: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BadRow:
    line: int
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}; skipped"


def parse_date(value: str) -> date:
    """An ISO date, or the date of an ISO date-time ("2026-03-01", "2026-03-01T09:30")."""
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        return datetime.fromisoformat(value).date()


def read_signals(path: Path, columns: Sequence[str] = COLUMNS) -> tuple[list[CsvSignal], list[BadRow]]:
    """The good rows and the bad rows (with their line numbers; the header is line 1) of a signals CSV.

    Needs a header with at least ``columns``; other columns are kept in ``CsvSignal.row`` and otherwise
    ignored. Accepts UTF-8 with or without byte-order mark and a comma or semicolon as delimiter.
    Raises click.ClickException when the file has no usable header.
    """
    good: list[CsvSignal] = []
    bad: list[BadRow] = []
    seen: dict[str, int] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        first = handle.readline()
        handle.seek(0)
        delimiter = ";" if ";" in first and "," not in first else ","
        reader = csv.reader(handle, delimiter=delimiter)
        header = [name.strip().lower() for name in next(reader, [])]
        missing = [name for name in columns if name not in header]
        if missing:
            raise click.ClickException(f"{path.name}: no column(s) {', '.join(missing)} in the header line")
        previous_end = reader.line_num
        for fields in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(value.strip() for value in fields):
                continue
            row = {name: value for name, value in zip(header, fields, strict=False)}
            problem, parsed = _check(row, columns, seen)
            if problem:
                bad.append(BadRow(line, problem))
                continue
            seen[parsed["id"]] = line
            good.append(CsvSignal(line, parsed["id"], parsed["text"], parsed["area"], parsed["created"], row))
    return good, bad


def _check(row: dict[str, str], columns: Sequence[str], seen: dict[str, int]) -> tuple[str | None, dict]:
    absent = [name for name in columns if name not in row]
    if absent:
        return f"too few values (no {', '.join(absent)})", {}
    signal_id, text, area = row["id"].strip(), row["text"].strip(), row["area"].strip()
    if not signal_id:
        return "empty id", {}
    if signal_id in seen:
        return f"id {signal_id!r} already used on line {seen[signal_id]}", {}
    if not text:
        return "empty text", {}
    ref = areas.resolve(area)
    if ref is None:
        return f"unknown area {area!r} (not a neighbourhood name or CBS code)", {}
    try:
        created = parse_date(row["created"])
    except ValueError:
        return f"invalid date {row['created'].strip()!r} (expected YYYY-MM-DD)", {}
    return None, {"id": signal_id, "text": text, "area": ref, "created": created}


@signals_cli.command("cluster")
@click.argument("input_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Where to write id,cluster."
)
@click.option(
    "--window-days",
    type=click.IntRange(min=1),
    default=WINDOW_DAYS,
    show_default=True,
    help="A cluster stays open this many days after its newest signal.",
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


# `flask --app portal signals import INPUT.csv` (issue 6, point 6) is added here: a command on
# signals_cli that reads its rows with read_signals(path, COLUMNS + ("source",)) and stores them.
