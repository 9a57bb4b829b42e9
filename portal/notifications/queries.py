"""Read functions for the notification pages."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from portal.extensions import db
from portal.notifications.models import Notification


def unread_count(user) -> int:
    return db.session.scalar(
        select(func.count()).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def notifications_of(user) -> Select:
    """The user's notifications, newest first (a query to paginate)."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
