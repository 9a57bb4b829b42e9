"""The notifications' share of a resident's data rights."""

from __future__ import annotations

from sqlalchemy import delete, select

from portal import cache, events
from portal.extensions import db
from portal.notifications import kinds
from portal.notifications.models import Notification, NotificationPreference, person_tag


def _when(value) -> str | None:
    return value.isoformat() + "Z" if value else None


@events.account_deleting.connect
def forget_resident(user, **_) -> None:
    # The foreign keys cascade too; deleting here also works where they are not enforced.
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    cache.changed(person_tag(user.id))
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
                "kind": n.kind,
                "text": kinds.describe(n.kind, n.params),
                "link": n.link,
                "created_at": _when(n.created_at),
                "read_at": _when(n.read_at),
                "mailed_at": _when(n.emailed_at),
                "waiting_for_a_digest": n.digest_due,  # the daily or the weekly one
            }
            for n in notifications
        ],
        "notification_preferences": {p.kind: p.frequency for p in preferences},
    }
