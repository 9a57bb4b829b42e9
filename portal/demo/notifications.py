"""Demo notifications: the demo resident's, and the demo workers' choices and news of their team's past.

The workers' notifications themselves (a help request waiting for a proposal, matches accepted or ended,
feedback, a matter of signals that became recurring) are made by the help and signals demos through the
services, as the site would have; ``news_of_the_past`` dates them at the moment they happened (read when
older than a few days, mailed then, or waiting for a digest when recent). The Selwerd worker of the printed
demo log-in has chosen the daily digest for the news of the team's work, and the weekly one for feedback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.demo.people import DEMO_DOMAIN, mails_of_the_past
from portal.extensions import db
from portal.initiatives import notification_kinds as kinds
from portal.initiatives.models import Initiative
from portal.notifications.models import DAILY, WEEKLY, Notification, NotificationPreference
from portal.timeutil import utcnow

DEMO_RESIDENT = "bewoner@demo.buurtportaal.example"
DIGEST_WORKER = f"opbouwwerker.selwerd@{DEMO_DOMAIN}"
# The Selwerd worker's choices: the team's news once a day, feedback after matches once a week.
DIGEST_CHOICES = {
    "help_team_waiting": DAILY,
    "help_team_accepted": DAILY,
    "help_team_ended": DAILY,
    "help_team_feedback": WEEKLY,
    "signal_team_recurring": DAILY,
}
READ_AFTER = timedelta(days=3)  # news older than this the worker has read
DIGESTED_AFTER = timedelta(days=1)  # news older than this was in an earlier digest


def choose_digests() -> None:
    """The Selwerd worker's digest choices (before the demos that notify them run). Flushes."""
    worker = User.by_email(DIGEST_WORKER)
    if worker is None:
        return
    for kind, frequency in DIGEST_CHOICES.items():
        if db.session.get(NotificationPreference, (worker.id, kind)) is None:
            db.session.add(NotificationPreference(user_id=worker.id, kind=kind, frequency=frequency))
    db.session.flush()


@contextmanager
def news_of_the_past(moment_of: Callable[[Notification], datetime | None]) -> Iterator[None]:
    """Notifications made inside happened at ``moment_of(notification)`` (None: leave it): read when older than
    READ_AFTER, mailed at that moment or, when recent and chosen so, still waiting for the digest. The mails
    queued inside belong to the past (marked sent)."""
    first = db.session.scalar(select(func.max(Notification.id))) or 0
    with mails_of_the_past():
        yield
    db.session.flush()
    now = utcnow()
    for notification in db.session.scalars(select(Notification).where(Notification.id > first)):
        at = moment_of(notification)
        if at is None:
            continue
        at = min(at, now - timedelta(hours=1))
        notification.created_at = at
        notification.read_at = at + timedelta(hours=3) if at < now - READ_AFTER else None
        if notification.digest_due and at < now - DIGESTED_AFTER:
            notification.digest_due, notification.emailed_at = False, at + timedelta(hours=12)
        elif notification.emailed_at is not None:
            notification.emailed_at = at
    db.session.flush()


def load_notifications_demo() -> int:
    """Add a few notifications (two unread) for the demo resident, and the Selwerd worker's digest choices;
    flushes. Returns how many notifications."""
    choose_digests()
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
