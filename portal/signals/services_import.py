"""Signals from CSV files: reading the rows, and storing partners' signals (`flask signals import`).

`read_signals` serves both commands: `cluster` works offline on the rows and never touches the database;
`import_signals` stores them through `services.report`, each placed into its cluster at once, as on the site.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from sqlalchemy import select

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.signals import areas, lexicon, services
from portal.signals.models import PARTNER_SOURCES, Signal
from portal.teams.models import Area

COLUMNS = ("id", "text", "area", "created")


# --------------------------------------------------------------------------- reading a signals CSV


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
    Raises DomainError when the file has no usable header.
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
            raise DomainError(f"{path.name}: no column(s) {', '.join(missing)} in the header line")
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


# --------------------------------------------------------------------------- import from partner systems

IMPORT_COLUMNS = (*COLUMNS, "source")
# The column that may name the partner organisation ("Lefier", "Huisartsenpraktijk Beijum"), first found wins.
NAME_COLUMNS = ("organisation", "organization", "partner", "partner_name", "source_name", "organisatie")
# Words partner systems use for a source, besides models.PARTNER_SOURCES themselves (compared case-insensitively).
SOURCE_ALIASES = {
    "housing": "housing_corporation",
    "housing corporation": "housing_corporation",
    "corporation": "housing_corporation",
    "corporatie": "housing_corporation",
    "woningcorporatie": "housing_corporation",
    "huisarts": "gp",
    "doctor": "gp",
    "general practitioner": "gp",
    "politie": "police",
    "school": "school",
    "basisschool": "school",
    "anders": "other",
    "overig": "other",
}
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
NOTED_AT = time(9, 0)  # a partner's signal counts as noted at 09:00 Dutch time on its date


def partner_source(value: str | None) -> str | None:
    """The partner source a CSV value means (a models.PARTNER_SOURCES key or an alias), or None."""
    key = " ".join((value or "").replace("-", " ").replace("_", " ").casefold().split())
    if not key:
        return None
    if key.replace(" ", "_") in PARTNER_SOURCES:
        return key.replace(" ", "_")
    return SOURCE_ALIASES.get(key)


def noted_at(day: date) -> datetime:
    """09:00 Dutch time on ``day`` as naive UTC, the form the database stores."""
    local = datetime.combine(day, NOTED_AT, tzinfo=LOCAL_TIME)
    return local.astimezone(UTC).replace(tzinfo=None)


@dataclass
class ImportResult:
    stored: int = 0
    already: int = 0
    bad: list[BadRow] = field(default_factory=list)


def import_signals(path: Path) -> ImportResult:
    """Store the good rows of a partner CSV through services.report (each placed into its cluster at once).

    A row whose (source, id) was imported before is counted as already imported and skipped; a bad row
    (unreadable, unknown source or theme, an area that is not a neighbourhood with a team in the database,
    a text the portal refuses) is kept in ``bad`` with its line number. Adds one audit entry and flushes;
    the caller commits. Raises DomainError when the file has no usable header.
    """
    rows, bad = read_signals(path, IMPORT_COLUMNS)
    result = ImportResult(bad=list(bad))
    codes = {row.area.code for row in rows if row.area.code}
    areas_by_code = {area.code: area for area in db.session.scalars(select(Area).where(Area.code.in_(codes)))}
    for row in rows:
        data = _partner_signal(row, areas_by_code)
        if isinstance(data, BadRow):
            result.bad.append(data)
        elif _imported_before(data):
            result.already += 1
        elif (refused := _report(row, data)) is not None:
            result.bad.append(refused)
        else:
            result.stored += 1
    result.bad.sort(key=lambda problem: problem.line)
    detail = f"{path.name}: {result.stored} stored, {result.already} already imported, {len(result.bad)} bad rows"
    record(None, "signals.import", f"file:{path.name}", detail)
    db.session.flush()
    return result


def _partner_signal(row: CsvSignal, areas_by_code: dict[str, Area]) -> services.SignalInput | BadRow:
    """The row as a partner's signal, or what is wrong with it (source, theme or neighbourhood)."""
    source = partner_source(row.row.get("source"))
    if source is None:
        given = (row.row.get("source") or "").strip()
        expected = ", ".join(sorted(_source_words()))
        return BadRow(row.line, f"unknown source {given!r} (expected one of {expected})")
    theme = (row.row.get("theme") or "").strip().casefold() or None
    if theme is not None and theme not in lexicon.THEMES:
        return BadRow(row.line, f"unknown theme {theme!r} (expected one of {', '.join(lexicon.THEMES)})")
    if row.area.code is None:
        problem = f"area {row.area.name!r} is a district or team, not a neighbourhood (give its name or CBS code)"
        return BadRow(row.line, problem)
    area = areas_by_code.get(row.area.code)
    if area is None or area.team_id is None:
        problem = "is not in the database" if area is None else "has no WIJ-team"
        return BadRow(row.line, f"neighbourhood {row.area.name!r} ({row.area.code}) {problem}")
    return services.SignalInput(
        text=row.text,
        area=area,
        theme=theme,
        place=row.row.get("place"),
        source=source,
        source_name=next((row.row[name] for name in NAME_COLUMNS if (row.row.get(name) or "").strip()), None),
        created_at=noted_at(row.created),
        external_id=row.id,
    )


def _imported_before(data: services.SignalInput) -> bool:
    query = select(Signal.id).where(Signal.source == data.source, Signal.external_id == data.external_id)
    return db.session.scalar(query) is not None


def _report(row: CsvSignal, data: services.SignalInput) -> BadRow | None:
    """Store the signal; what the portal refuses comes back as a bad row."""
    try:  # report() checks everything before it adds the signal: a refusal leaves nothing behind
        with force_locale("en"):  # the command speaks English, like the rest of its output
            services.report(None, data)
    except DomainError as error:
        return BadRow(row.line, str(error).rstrip("."))
    return None


def _source_words() -> set[str]:
    return set(PARTNER_SOURCES) | set(SOURCE_ALIASES)
