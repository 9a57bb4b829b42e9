"""Load the Groningen reference data (teams, districts, neighbourhoods, postcodes) from data/.

Idempotent: running it again changes nothing. By default it only fills what is still empty,
so an address, phone number or team assignment a coordinator entered is never overwritten;
``overwrite=True`` makes the database match the files again. A value that an earlier version of
teams.csv wrote and nobody changed since (listed in ``superseded.csv``, such as an old address or
a research note) is not an edit: it is replaced by today's value, also by an empty one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.teams.data import DATA_DIR
from portal.teams.models import DISTRICT, NEIGHBOURHOOD, Area, PostcodeArea, Team

TEAM_FIELDS = {
    "name": "name",
    "street": "street",
    "postcode": "postcode",
    "city": "city",
    "address_note": "address_note",
    "latitude": "lat",
    "longitude": "lon",
    "phone": "phone",
    "email": "email",
    "walk_in_hours": "walk_in_hours",
    "source": "source",
    "description_nl": "description_nl",
    "description_en": "description_en",
}


@dataclass
class LoadReport:
    """What a load did, for the command line."""

    created: dict[str, int] = field(default_factory=lambda: {"teams": 0, "areas": 0, "postcodes": 0})
    updated: int = 0

    def summary(self) -> str:
        made = ", ".join(f"{count} {kind}" for kind, count in self.created.items())
        return f"created {made}; {self.updated} existing rows filled in or updated"


def read_rows(filename: str, directory: Path = DATA_DIR) -> list[dict[str, str]]:
    with (directory / filename).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _value(raw: str, kind: type = str):
    raw = raw.strip()
    if raw == "":
        return None
    return kind(raw)


def _assign(obj, values: dict, overwrite: bool, report: LoadReport, is_new: bool) -> None:
    changed = False
    for attribute, value in values.items():
        current = getattr(obj, attribute)
        if value is None or current == value:
            continue
        if is_new or overwrite or current in (None, ""):
            setattr(obj, attribute, value)
            changed = True
    if changed and not is_new:
        report.updated += 1


NUMBERS = {"latitude": float, "longitude": float}


def _superseded(directory: Path) -> dict[tuple[str, str], list]:
    """(slug, attribute) -> the values earlier versions of teams.csv gave it."""
    if not (directory / "superseded.csv").exists():
        return {}
    attributes = {column: attr for attr, column in TEAM_FIELDS.items()}
    found: dict[tuple[str, str], list] = {}
    for row in read_rows("superseded.csv", directory):
        attr = attributes[row["column"]]
        found.setdefault((row["slug"], attr), []).append(_value(row["value"], NUMBERS.get(attr, str)))
    return found


def _replace_superseded(team: Team, values: dict, superseded: dict, report: LoadReport) -> None:
    changed = False
    for attribute, value in values.items():
        current = getattr(team, attribute)
        if current is not None and current != value and current in superseded.get((team.slug, attribute), ()):
            setattr(team, attribute, value)
            changed = True
    if changed:
        report.updated += 1


def _load_teams(report: LoadReport, overwrite: bool, directory: Path) -> dict[str, Team]:
    teams = {team.slug: team for team in db.session.scalars(select(Team))}
    superseded = _superseded(directory)
    for row in read_rows("teams.csv", directory):
        team = teams.get(row["slug"])
        is_new = team is None
        if is_new:
            team = teams[row["slug"]] = Team(slug=row["slug"])
            db.session.add(team)
            report.created["teams"] += 1
        values = {attr: _value(row[column], NUMBERS.get(attr, str)) for attr, column in TEAM_FIELDS.items()}
        if not is_new:
            _replace_superseded(team, values, superseded, report)
        _assign(team, values, overwrite, report, is_new)
    return teams


def _load_areas(report: LoadReport, overwrite: bool, directory: Path, teams: dict[str, Team]) -> dict[str, Area]:
    areas = {area.code: area for area in db.session.scalars(select(Area))}

    def upsert(code: str, values: dict) -> Area:
        area = areas.get(code)
        is_new = area is None
        if is_new:
            area = areas[code] = Area(code=code)
            db.session.add(area)
            report.created["areas"] += 1
        _assign(area, values, overwrite, report, is_new)
        return area

    for row in read_rows("districts.csv", directory):
        upsert(
            row["code"],
            {
                "name": row["name"],
                "kind": DISTRICT,
                "inhabitants": _value(row["inhabitants"], int),
                "latitude": _value(row["lat"], float),
                "longitude": _value(row["lon"], float),
            },
        )
    for row in read_rows("neighbourhoods.csv", directory):
        upsert(
            row["code"],
            {
                "name": row["name"],
                "kind": NEIGHBOURHOOD,
                "parent": areas[row["district"]],
                "team": teams.get(row["team"]) if row["team"] else None,
                "team_confidence": _value(row["team_confidence"]),
                "inhabitants": _value(row["inhabitants"], int),
                "latitude": _value(row["lat"], float),
                "longitude": _value(row["lon"], float),
            },
        )
    return areas


def _load_postcodes(report: LoadReport, directory: Path, areas: dict[str, Area]) -> None:
    db.session.flush()  # new areas need their ids
    existing = {(row.pc4, row.area_id): row for row in db.session.scalars(select(PostcodeArea))}
    for row in read_rows("postcodes.csv", directory):
        area = areas[row["neighbourhood"]]
        share = float(row["share"])
        link = existing.get((row["pc4"], area.id))
        if link is None:
            db.session.add(PostcodeArea(pc4=row["pc4"], area_id=area.id, share=share))
            report.created["postcodes"] += 1
        elif link.share != share:
            link.share = share  # shares are derived data that nobody edits by hand
            report.updated += 1


def load_reference_data(overwrite: bool = False, directory: Path = DATA_DIR) -> LoadReport:
    """Upsert the eleven teams, the districts, neighbourhoods and postcode shares; flush, no commit."""
    report = LoadReport()
    teams = _load_teams(report, overwrite, directory)
    areas = _load_areas(report, overwrite, directory, teams)
    _load_postcodes(report, directory, areas)
    db.session.flush()
    return report
