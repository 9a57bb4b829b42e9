"""Where a resident lives: from the postcode they type to their neighbourhood (and so their team)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from portal.errors import DomainError
from portal.teams.finder import place_postcode
from portal.teams.postcodes import parse_postcode, pc4_of


class NeedsNeighbourhood(DomainError):
    """The postcode spans several neighbourhoods: the resident must pick theirs."""

    def __init__(self, message: str, candidates: list):
        super().__init__(message, "neighbourhood")
        self.candidates = candidates


@dataclass
class Home:
    postcode: str
    area: object | None  # an Area of kind neighbourhood


def neighbourhood_candidates(postcode_text: str | None) -> list:
    """The neighbourhoods a resident may choose from, when their postcode spans several."""
    postcode = parse_postcode(postcode_text or "")
    if postcode is None:
        return []
    placement = place_postcode(pc4_of(postcode))
    return list(placement.neighbourhoods) if placement.status == "split" else []


def locate_home(postcode_text: str, area_id: int | None) -> Home:
    """Place a home postcode; ``area_id`` is the neighbourhood the resident chose or had before.

    Raises DomainError on the postcode field for text that is not a Dutch postcode or lies
    outside the municipality, and NeedsNeighbourhood when a choice is needed but missing.
    A known neighbourhood within the postcode is kept, so saving a profile does not move anyone.
    """
    postcode = parse_postcode(postcode_text or "")
    if postcode is None:
        raise DomainError(_("Enter a Dutch postcode, such as 9741 AB or 9741."), "postcode")
    placement = place_postcode(pc4_of(postcode))
    if placement.status == "outside":
        raise DomainError(
            _(
                "Buurtportaal is for residents of the municipality of Groningen, and this postcode lies "
                "outside it. Check the postcode, or contact the social team of your own municipality."
            ),
            "postcode",
        )
    candidates = list(placement.neighbourhoods)
    chosen = next((area for area in candidates if area.id == area_id), None)
    if placement.status == "split":
        if chosen is None:
            raise NeedsNeighbourhood(
                _("Your postcode covers more than one neighbourhood. Choose the one you live in."), candidates
            )
        return Home(postcode, chosen)
    if placement.status == "team":
        keep = chosen is not None and chosen.team_id == placement.team.id
        return Home(postcode, chosen if keep else placement.default_area)
    # "unassigned": inside the municipality, but no team is known for it yet.
    return Home(postcode, chosen or placement.default_area)
