"""The notifications' share of a resident's data rights."""

from __future__ import annotations

from sqlalchemy import delete, select

from portal import events
from portal.extensions import db
from portal.notifications import kinds
from portal.notifications.models import Notification, NotificationPreference


@events.account_deleting.connect
def forget_resident(user, **_) -> None:
    # The foreign keys cascade too; deleting here also works where they are not enforced.
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(delete(NotificationPreference).where(NotificationPreference.user_id == user.id))


@events.personal_data_requested.connect
def notifications_data(user, **_) -> dict:
    notifications = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.created_at)
    )
    preferences = db.session.scalars(select(NotificationPreference).where(NotificationPreference.user_id == user.id))
    return {
        "notifications": [
            {
                "text": kinds.describe(n.kind, n.params),
                "created_at": n.created_at.isoformat() + "Z",
                "read_at": n.read_at.isoformat() + "Z" if n.read_at else None,
            }
            for n in notifications
        ],
        "notification_preferences": {p.kind: p.frequency for p in preferences},
    }
