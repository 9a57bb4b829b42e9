"""Retention: personal data is kept only as long as its purpose needs, then removed or blanked.

``purge_expired`` (run daily by ``flask --app portal privacy purge``) sends ``events.retention_due``;
every feature removes what it keeps past its own setting (portal/config.py, the privacy block) and says
how many rows. Accounts' own share: an account whose address was never confirmed is deleted after
``UNCONFIRMED_ACCOUNT_DAYS``, with everything of it, as if its owner had deleted it.

Two purges at once are safe: the second waits for the first to commit (a PostgreSQL advisory lock; on
SQLite the database's write lock, taken first), and then finds nothing left to do.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import false, select, text, update

from portal import events
from portal.accounts.models import ROLE_RESIDENT, User
from portal.accounts.services import erase_account
from portal.extensions import db
from portal.timeutil import utcnow

# The settings that say how many days something is kept (portal/config.py), all stated on the privacy page.
RETENTION_SETTINGS = (
    "OUTBOX_RETENTION_DAYS",
    "SIGNAL_CONTACT_RETENTION_DAYS",
    "HELP_TEXT_RETENTION_DAYS",
    "UNCONFIRMED_ACCOUNT_DAYS",
)
_PURGE_LOCK = 0x70757267  # PostgreSQL advisory lock key: one purge at a time


def retention_problems(config) -> list[str]:
    """What is wrong with the retention settings (a negative number of days); empty when they can be used."""
    return [f"{name} must be a number of days of 0 or more." for name in RETENTION_SETTINGS if config[name] < 0]


def _one_purge_at_a_time() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PURGE_LOCK})
    else:
        # A write, even one that changes nothing, holds SQLite's write lock until the commit.
        db.session.execute(update(User).where(false()).values(role=User.role))


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Remove or blank every feature's personal data past its retention period; {what: how many rows}.

    Flushes; the caller commits (the purge is one transaction: all of it, or nothing).
    """
    now = now or utcnow()
    _one_purge_at_a_time()
    counts: dict[str, int] = {}
    for _receiver, result in events.retention_due.send(now):
        counts.update(result or {})
    db.session.flush()
    db.session.expire_all()  # the features change rows in bulk: loaded objects must read them again
    return counts


@events.retention_due.connect
def purge_unconfirmed_accounts(now, **_) -> dict:
    """Delete residents' accounts whose address was not confirmed within UNCONFIRMED_ACCOUNT_DAYS."""
    cutoff = now - timedelta(days=current_app.config["UNCONFIRMED_ACCOUNT_DAYS"])
    stale = select(User).where(User.email_confirmed_at.is_(None), User.created_at < cutoff, User.role == ROLE_RESIDENT)
    users = list(db.session.scalars(stale.order_by(User.id)))
    for user in users:
        erase_account(user)
    return {"unconfirmed_accounts_deleted": len(users)}
