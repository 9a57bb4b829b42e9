"""Which neighbourhood and team area an area name or CBS code means, read from the packaged data (no database).

Accepts a neighbourhood's CBS code ("BU00141100") or name ("Beijum-West"), a district's code or name
when all its neighbourhoods belong to one team ("WK001411", "Noordoost"), or a team's slug or name
("beijum", "WIJ Beijum"). Case, accents, spaces, hyphens and apostrophes do not matter.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from portal.teams.data import DATA_DIR


@dataclass(frozen=True)
class AreaRef:
    """A resolved area: the neighbourhood code (None for a district or team), its name, and its team's slug."""

    code: str | None
    name: str
    team: str | None

    @property
    def cluster_key(self) -> str:
        """The key signals are clustered under: the team slug, or the neighbourhood when it has no team."""
        return self.team or f"area:{self.code}"


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]", "", plain)


def _read(filename: str) -> list[dict[str, str]]:
    with (DATA_DIR / filename).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def _areas() -> dict[str, AreaRef]:
    found: dict[str, AreaRef] = {}
    teams = _read("teams.csv")
    for team in teams:
        ref = AreaRef(None, team["name"], team["slug"])
        found[_key(team["slug"])] = ref
        found[_key(team["name"])] = ref
        found[_key(team["name"].removeprefix("WIJ "))] = ref
    neighbourhoods = _read("neighbourhoods.csv")
    district_teams: dict[str, set[str]] = {}
    for row in neighbourhoods:
        district_teams.setdefault(row["district"], set()).add(row["team"])
    for district in _read("districts.csv"):
        slugs = district_teams.get(district["code"], set())
        if len(slugs) == 1 and "" not in slugs:
            ref = AreaRef(None, district["name"], next(iter(slugs)))
            found[_key(district["code"])] = ref
            found.setdefault(_key(district["name"]), ref)
    for row in neighbourhoods:  # neighbourhoods win over a district or team of the same name
        ref = AreaRef(row["code"], row["name"], row["team"] or None)
        found[_key(row["code"])] = ref
        found[_key(row["name"])] = ref
    return found


def place_names() -> list[str]:
    """The names of all neighbourhoods, districts and teams."""
    names = [row["name"] for row in _read("neighbourhoods.csv") + _read("districts.csv") + _read("teams.csv")]
    return names + [row["slug"] for row in _read("teams.csv")]


def resolve(area: str | None) -> AreaRef | None:
    """The area a name or code means, or None when it is unknown."""
    if not area or not area.strip():
        return None
    return _areas().get(_key(area))
