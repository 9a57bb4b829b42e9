"""Read functions for the notification pages."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from portal.extensions import db
from portal.notifications.models import Notification


def unread_count(user) -> int:
    """How many of the user's notifications are unread (the navigation shows it on every page): read from the
    partial index ``ix_notification_user_unread`` (user_id WHERE read_at IS NULL) alone, where it exists."""
    return db.session.scalar(
        select(func.count()).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def notifications_of(user) -> Select:
    """The user's notifications, newest first (a query to paginate). The order is that of the index
    ``ix_notification_user_newest`` (user_id, created_at DESC, id DESC): a page reads its rows from the index,
    without sorting all of a resident's notifications."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
