"""Find a resident's team from their postcode.

The rule is a pure function (``place``) over the neighbourhoods that share a 4-digit postcode;
``place_postcode`` feeds it from the database. A team counts for a postcode when its
neighbourhoods hold at least 5% of the postcode's inhabitants: one such team places the
resident, two or more mean the postcode is split and the resident picks their neighbourhood.
A postcode of Haren or Ten Boer (``villages``) is answered as such; the city's neighbourhoods that reach into
it, if any, are offered to choose from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.teams.models import NEIGHBOURHOOD, Area, PostcodeArea, Team
from portal.teams.postcodes import pc4_of
from portal.teams.villages import Village, village_of

TEAM_THRESHOLD = 0.05  # share of the postcode's inhabitants

TEAM, SPLIT, OUTSIDE, UNASSIGNED, VILLAGE = "team", "split", "outside", "unassigned", "village"


@dataclass(frozen=True)
class Candidate:
    """A neighbourhood in a postcode with its share of the postcode's inhabitants."""

    area: object
    share: float
    team: object | None


@dataclass(frozen=True)
class Placement:
    """Where a 4-digit postcode puts a resident."""

    pc4: str
    status: str  # TEAM | SPLIT | OUTSIDE | UNASSIGNED | VILLAGE
    team: Team | None = None
    neighbourhoods: tuple[Area, ...] = ()  # every neighbourhood in the postcode, largest share first
    default_area: Area | None = None
    teams: tuple[Team, ...] = field(default=())  # the teams that count, largest share first
    village: Village | None = None  # VILLAGE: Haren or Ten Boer, not in the portal's areas

    def choose(self, code: str | None) -> Area | None:
        """The neighbourhood with this CBS code, if it lies in this postcode."""
        return next((area for area in self.neighbourhoods if code and area.code == code), None)


def _key(candidate: Candidate) -> tuple:
    return (-candidate.share, candidate.area.name)


def place(pc4: str, candidates: Sequence[Candidate]) -> Placement:
    """Apply the 5% rule to the neighbourhoods of one postcode (pure: no database)."""
    ordered = sorted(candidates, key=_key)
    if not ordered:
        return Placement(pc4, OUTSIDE)
    areas = tuple(c.area for c in ordered)
    totals: dict[object, float] = {}
    for candidate in ordered:
        if candidate.team is not None:
            totals[candidate.team] = round(totals.get(candidate.team, 0.0) + candidate.share, 6)
    if not totals:
        return Placement(pc4, UNASSIGNED, neighbourhoods=areas, default_area=areas[0])
    counting = [team for team, share in totals.items() if share >= TEAM_THRESHOLD] or list(totals)
    counting.sort(key=lambda team: -totals[team])
    if len(counting) > 1:
        return Placement(pc4, SPLIT, neighbourhoods=areas, teams=tuple(counting))
    team = counting[0]
    default = next(c.area for c in ordered if c.team is team)
    return Placement(pc4, TEAM, team=team, neighbourhoods=areas, default_area=default, teams=(team,))


def candidates_for(pc4: str) -> list[Candidate]:
    """The neighbourhoods in a 4-digit postcode, read from the database."""
    query = (
        select(PostcodeArea)
        .join(PostcodeArea.area)
        .where(PostcodeArea.pc4 == pc4, Area.kind == NEIGHBOURHOOD)
        .options(joinedload(PostcodeArea.area).joinedload(Area.team))
    )
    return [Candidate(link.area, link.share, link.area.team) for link in db.session.scalars(query)]


def place_postcode(postcode: str) -> Placement:
    """Place a postcode ("9741", "9741 AB", "9741ab") on a team; ValueError if it is not a postcode."""
    pc4 = pc4_of(postcode)
    if pc4 is None:
        raise ValueError(f"not a Dutch postcode: {postcode!r}")
    placement = place(pc4, candidates_for(pc4))
    village = village_of(pc4)
    if village is None:
        return placement
    # Most people with this postcode live in the village: the city's neighbourhoods at its edge are a choice.
    return replace(placement, status=VILLAGE, village=village, team=None, default_area=None, teams=())


def team_for_neighbourhood(area_id: int | None) -> Team | None:
    """The team that serves a neighbourhood, or None (unknown area, a district, or no team yet)."""
    if area_id is None:
        return None
    area = db.session.get(Area, area_id)
    return area.team if area is not None and area.kind == NEIGHBOURHOOD else None
