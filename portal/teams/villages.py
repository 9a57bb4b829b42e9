"""Haren and Ten Boer: part of the municipality since 1 January 2019, with their own WIJ-teams, but not (yet) in
this portal's areas, which are the city's of 2017. The finder names them instead of calling their postcodes
"outside the municipality". Read from ``data/villages.csv`` (made by ``data/build.py``, where the postcode ranges
and how far the data confirms them are explained). Pure: no Flask, no database.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from portal.teams.data import DATA_DIR


@dataclass(frozen=True)
class Village:
    """A former municipality with its WIJ-team, as far as the sources know it."""

    name: str  # "Haren", "Ten Boer"
    first_pc4: str
    last_pc4: str
    team: str  # "WIJ Haren"
    street: str  # "" when no source confirms one
    city: str
    served: str  # the villages its team serves, as the source lists them

    def holds(self, pc4: str) -> bool:
        return self.first_pc4 <= pc4 <= self.last_pc4


@cache
def villages(directory: Path = DATA_DIR) -> tuple[Village, ...]:
    with (directory / "villages.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(
            Village(
                name=row["name"],
                first_pc4=row["first_pc4"],
                last_pc4=row["last_pc4"],
                team=row["team"],
                street=row["street"],
                city=row["city"],
                served=row["served"],
            )
            for row in csv.DictReader(handle)
        )


def village_of(pc4: str) -> Village | None:
    """The former municipality whose postcodes include ``pc4`` ("9751" → Haren), or None."""
    return next((village for village in villages() if village.holds(pc4)), None)
