"""Small builders for the find, agenda, photo and notification tests (flush, never commit)."""

from __future__ import annotations

import itertools
from datetime import datetime
from io import BytesIO

from PIL import Image

from portal.accounts.models import ROLE_WORKER
from portal.extensions import db
from portal.initiatives.models import Initiative
from portal.initiatives.search import index_initiative
from portal.teams.models import DISTRICT, NEIGHBOURHOOD, Area
from tests.factories.accounts import make_team, make_user

_numbers = itertools.count(1)


def make_district(name: str = "Testwijk", team=None) -> Area:
    """A district with one neighbourhood, both served by ``team`` (a new one if None)."""
    team = team or make_team(slug=f"find-team-{next(_numbers)}")
    number = next(_numbers)
    district = Area(code=f"WK{number:06d}", name=name, kind=DISTRICT, team=team)
    db.session.add(district)
    db.session.flush()
    make_neighbourhood(f"{name} Noord", district)
    return district


def make_neighbourhood(name: str, district: Area) -> Area:
    area = Area(code=f"BU{next(_numbers):08d}", name=name, kind=NEIGHBOURHOOD, parent=district, team=district.team)
    db.session.add(area)
    db.session.flush()
    return area


def make_initiative(area: Area, initiator=None, status: str = "submitted", **fields) -> Initiative:
    values = {
        "title": f"Initiatief {next(_numbers)}",
        "description": "Een plan voor de buurt.",
        "category": "meeting",
        "submitted_at": None if status == "draft" else datetime(2026, 11, 1, 12, 0),
    }
    values.update(fields)
    initiative = Initiative(area=area, initiator=initiator or make_user(), status=status, **values)
    index_initiative(initiative)
    db.session.add(initiative)
    db.session.flush()
    return initiative


def team_worker(area: Area):
    return make_user(ROLE_WORKER, teams=[area.team])


def image_bytes(kind: str = "JPEG", size=(800, 600), exif: bytes | None = None, color=(200, 80, 40)) -> bytes:
    """A real image of ``kind``, optionally with raw EXIF bytes."""
    mode = "RGBA" if kind == "PNG" and color and len(color) == 4 else "RGB"
    image = Image.new(mode, size, color)
    out = BytesIO()
    image.save(out, kind, **({"exif": exif} if exif else {}))
    return out.getvalue()
