"""Coordinators' changes to teams and areas. Each writes an audit entry; the view commits."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.teams.models import NEIGHBOURHOOD, Area, Team
from portal.teams.postcodes import parse_postcode

TEXT_FIELDS = (
    "street",
    "address_note",
    "phone",
    "email",
    "walk_in_hours",
    "description_nl",
    "description_en",
)

# Stored as data, in the language of the reference data set (Dutch), not translated.
CONFIDENCE_BY_COORDINATOR = "bevestigd (toegewezen door een coördinator in het beheer)"

# The municipality lies around 53.2 N, 6.6 E; a point far away is a typo (or swapped numbers).
LATITUDE_RANGE = (52.9, 53.5)
LONGITUDE_RANGE = (6.2, 7.0)


def _coordinate(text: str | None, low: float, high: float, field: str) -> float | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise DomainError(_("Enter a number with a decimal point, such as 53.2194."), field) from None
    if not low <= value <= high:
        raise DomainError(
            _("Groningen lies between %(low)s and %(high)s; check this number.", low=low, high=high), field
        )
    return value


def _postcode(text: str | None) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    postcode = parse_postcode(text)
    if postcode is None:
        raise DomainError(_("Enter a Dutch postcode, such as 9741 AB."), "postcode")
    return postcode


def update_team(actor, team: Team, values: dict) -> list[str]:
    """Change a team's address, contact details, hours, descriptions and location.

    Empty text means unknown (stored as NULL). Latitude and longitude go together. Returns the
    names of the fields that changed, which the audit entry lists.
    """
    new = {name: (values.get(name) or "").strip() or None for name in TEXT_FIELDS}
    new["postcode"] = _postcode(values.get("postcode"))
    new["latitude"] = _coordinate(values.get("latitude"), *LATITUDE_RANGE, "latitude")
    new["longitude"] = _coordinate(values.get("longitude"), *LONGITUDE_RANGE, "longitude")
    if (new["latitude"] is None) != (new["longitude"] is None):
        missing = "longitude" if new["longitude"] is None else "latitude"
        raise DomainError(_("Fill in both latitude and longitude, or neither."), missing)
    changed = [name for name, value in new.items() if getattr(team, name) != value]
    for name in changed:
        setattr(team, name, new[name])
    if changed:
        record(actor, "team.update", f"team:{team.slug}", ", ".join(changed))
        db.session.flush()
    return changed


def assign_neighbourhood(actor, team: Team, area_id: int | None) -> Area:
    """Let ``team`` serve a neighbourhood (it leaves the team that served it before)."""
    area = db.session.get(Area, area_id) if area_id is not None else None
    if area is None or area.kind != NEIGHBOURHOOD:
        raise DomainError(_("Choose a neighbourhood from the list."), "neighbourhood")
    if area.team_id == team.id:
        raise DomainError(_("%(team)s already serves %(area)s.", team=team.name, area=area.name), "neighbourhood")
    before = area.team.slug if area.team else "-"
    area.team = team
    area.team_confidence = CONFIDENCE_BY_COORDINATOR
    record(actor, "area.assign", f"area:{area.code}", f"{before} -> {team.slug}")
    db.session.flush()
    return area
