"""The demo initiatives load on top of the demo accounts, in every status, once."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.demo.initiatives import load_initiatives_demo
from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives.models import Initiative, RoleSignup, StatusChange, VolunteerRole


def test_the_demo_covers_every_status_and_loads_once(app):
    with app.test_request_context():
        from portal.demo.loader import load_demo

        load_demo()  # reference data and demo accounts; commits
        load_initiatives_demo()
        db.session.commit()
        statuses = set(db.session.scalars(select(Initiative.status)))
        assert statuses == set(lifecycle.STATUSES)
        assert db.session.scalar(select(func.count(Initiative.id))) >= 8
        for role in db.session.scalars(select(VolunteerRole)):
            signups = db.session.scalar(select(func.count(RoleSignup.id)).where(RoleSignup.role_id == role.id))
            assert role.taken == signups <= role.needed
        for initiative in db.session.scalars(select(Initiative)):
            last = db.session.scalars(
                select(StatusChange).where(StatusChange.initiative_id == initiative.id).order_by(StatusChange.at.desc())
            ).first()
            assert last.to_status == initiative.status
            if initiative.status == lifecycle.DECLINED:
                assert last.reason
            assert initiative.search_terms.strip()
        assert load_initiatives_demo() == 0
        db.session.remove()
