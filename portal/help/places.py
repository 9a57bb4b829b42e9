"""Where a helper or a request is (the centre of the postcode, else of the neighbourhood), and its team."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.teams.models import Area, PostcodeArea
from portal.teams.postcodes import pc4_of


def postcode_centre(postcode: str | None) -> tuple[float, float] | None:
    """The centre of a 4-digit postcode: its neighbourhoods' centres weighted by inhabitants' share."""
    pc4 = pc4_of(postcode) if postcode else None
    if pc4 is None:
        return None
    rows = db.session.execute(
        select(PostcodeArea.share, Area.latitude, Area.longitude)
        .join(Area, Area.id == PostcodeArea.area_id)
        .where(PostcodeArea.pc4 == pc4, Area.latitude.is_not(None), Area.longitude.is_not(None))
    ).all()
    total = sum(share for share, _lat, _lon in rows)
    if not rows or total <= 0:
        return None
    return (
        sum(share * lat for share, lat, _lon in rows) / total,
        sum(share * lon for share, _lat, lon in rows) / total,
    )


def place_of(user, area: Area | None = None) -> tuple[Area | None, float | None, float | None]:
    """(neighbourhood, latitude, longitude) for ``user``; ``area`` overrides their own neighbourhood."""
    area = area or user.area
    centre = postcode_centre(user.home_postcode) if area is None or area.id == user.area_id else None
    if centre is None and area is not None and area.latitude is not None:
        centre = (area.latitude, area.longitude)
    return area, *(centre or (None, None))


def team_slug(area: Area | None) -> str | None:
    """The slug of the team that serves ``area``; None without an area or a team."""
    return area.team.slug if area is not None and area.team is not None else None
