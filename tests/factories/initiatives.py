"""Factories for initiative tests: a small team with two neighbourhoods, and initiatives in it.

They need an application context and flush, never commit. The full Groningen reference data
is not needed here, which keeps these tests fast.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from portal.accounts.models import ROLE_WORKER
from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives.models import Initiative, StatusChange, VolunteerRole
from portal.teams.models import DISTRICT, NEIGHBOURHOOD, Area
from portal.timeutil import utcnow
from tests.factories.accounts import make_team, make_user

_counter = itertools.count(1)


def make_area(team=None, name: str | None = None, kind: str = NEIGHBOURHOOD, parent=None) -> Area:
    number = next(_counter)
    area = Area(code=f"BUT{number:05d}", name=name or f"Testbuurt {number}", kind=kind, team=team, parent=parent)
    db.session.add(area)
    db.session.flush()
    return area


def make_place():
    """A team with a district and a neighbourhood, a worker of that team, and a resident living there."""
    team = make_team(f"WIJ Test {next(_counter)}")
    district = make_area(team, "Testwijk", kind=DISTRICT)
    area = make_area(team, "Zonnebuurt", parent=district)
    worker = make_user(ROLE_WORKER, teams=[team], name="Wendy Werker")
    resident = make_user(area_id=area.id, name="Anouk de Vries")
    return team, area, worker, resident


def make_initiative(initiator, area, status: str = lifecycle.SUBMITTED, roles=(), **fields) -> Initiative:
    """An initiative in ``status`` with a timeline that leads there; ``roles`` are (title, needed)."""
    values = {
        "title": "Straatfeest in de Zonnelaan",
        "description": "Een gezellig straatfeest met muziek, een springkussen en soep voor de hele straat.",
        "category": "meeting",
        "search_terms": "",
    }
    values.update(fields)
    initiative = Initiative(initiator_id=initiator.id if initiator else None, area_id=area.id, status=status, **values)
    for position, (title, needed) in enumerate(roles):
        initiative.roles.append(VolunteerRole(title=title, needed=needed, position=position, taken=0))
    if status != lifecycle.DRAFT:
        initiative.submitted_at = utcnow() - timedelta(days=2)
    if status == lifecycle.PLANNED and initiative.planned_start is None:
        initiative.planned_start = utcnow() + timedelta(days=10)
    db.session.add(initiative)
    db.session.flush()
    db.session.add(
        StatusChange(initiative_id=initiative.id, actor_id=initiative.initiator_id, from_status=None, to_status=status)
    )
    db.session.flush()
    return initiative


# For web tests: ids instead of objects, since no application context stays pushed there
# (log in with the auth fixture: auth.client(ids["worker"])).


def place_ids(app) -> dict:
    """Commit make_place(); return the ids of its neighbourhood, worker and resident."""
    with app.app_context():
        team, area, worker, resident = make_place()
        db.session.commit()
        ids = {"area": area.id, "worker": worker.id, "resident": resident.id, "team": team.slug}
        db.session.remove()
    return ids


def committed_initiative(app, where: dict, status: str = lifecycle.SUBMITTED, **fields) -> int:
    """make_initiative() by the resident of ``where`` (from place_ids), committed; returns its id."""
    from portal.accounts.models import User

    with app.app_context():
        initiator = db.session.get(User, where["resident"])
        initiative = make_initiative(initiator, db.session.get(Area, where["area"]), status=status, **fields)
        db.session.commit()
        initiative_id = initiative.id
        db.session.remove()
    return initiative_id
