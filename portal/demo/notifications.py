"""Demo notifications for the demo resident, so the list and the nav count show something."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.initiatives import notification_kinds as kinds
from portal.initiatives.models import Initiative
from portal.notifications.models import WEEKLY, Notification, NotificationPreference
from portal.timeutil import utcnow

DEMO_RESIDENT = "bewoner@demo.buurtportaal.example"


def load_notifications_demo() -> int:
    """Add a few notifications (two unread) for the demo resident; flushes. Returns how many."""
    resident = db.session.scalar(select(User).where(User.email == DEMO_RESIDENT))
    if resident is None:
        return 0
    own = db.session.scalar(
        select(Initiative).where(Initiative.initiator_id == resident.id).order_by(Initiative.id).limit(1)
    )
    title = own.title if own else "Moestuin achter de flat"
    own_link = f"/initiatives/{own.id}" if own else "/initiatives/"
    now = utcnow()
    rows = [
        (kinds.INITIATIVE_STATUS, {"title": title, "status": "submitted"}, own_link, timedelta(days=6), True),
        (kinds.INITIATIVE_STATUS, {"title": title, "status": "in_conversation"}, own_link, timedelta(days=3), True),
        (kinds.INITIATIVE_COMMENT, {"title": title, "author": "Kees"}, own_link, timedelta(hours=20), False),
        (kinds.INITIATIVE_CHANGED, {"title": "Burendag Selwerd"}, "/initiatives/agenda", timedelta(hours=2), False),
    ]
    for kind, params, link, age, read in rows:
        created = now - age
        db.session.add(
            Notification(
                user_id=resident.id,
                kind=kind,
                params=params,
                link=link,
                created_at=created,
                read_at=created + timedelta(hours=1) if read else None,
                emailed_at=created,
            )
        )
    if db.session.get(NotificationPreference, (resident.id, kinds.INITIATIVE_COMMENT)) is None:
        db.session.add(NotificationPreference(user_id=resident.id, kind=kinds.INITIATIVE_COMMENT, frequency=WEEKLY))
    db.session.flush()
    return len(rows)
