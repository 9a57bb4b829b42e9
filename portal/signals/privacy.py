"""Signals' share of a resident's data rights.

Deleting an account keeps the resident's signals, so the neighbourhood's counts stay right, but
detaches them from the person: the signal no longer points at the account, but all of that person's
signals share one random stand-in (``reporter_ref``), so they still count as one reporter and a
deletion never makes a matter look recurring (see models.reporter_key); each private follow link is
replaced, so whoever kept an old link can no longer read it. A worker's name leaves the signals they
recorded and the changes they made to groups of signals.

"Download my data" has the person's signals, the signals they recorded and the changes they made as a
worker, and the signals left anonymously with their (confirmed) address as the way to reach the reporter:
of those, what was left with the address, not the text (which may be someone else's words).

Retention: an anonymous reporter's contact details (name, e-mail, phone) are removed
SIGNAL_CONTACT_RETENTION_DAYS after the matter was closed (its group dismissed, or its project finished).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update

from portal import events
from portal.extensions import db
from portal.signals import services_reporters
from portal.signals.models import ClusterEvent, Signal, SignalCluster


@events.account_deleting.connect
def forget_reporter(user, **_) -> None:
    stand_in = secrets.token_hex(16)
    for signal in db.session.scalars(select(Signal).where(Signal.reporter_id == user.id)):
        signal.reporter_ref = stand_in
        signal.reporter_id = None
        signal.reporter = None
        signal.follow_token = secrets.token_urlsafe(24)
    db.session.execute(update(Signal).where(Signal.recorded_by_id == user.id).values(recorded_by_id=None))
    db.session.execute(update(ClusterEvent).where(ClusterEvent.actor_id == user.id).values(actor_id=None))
    db.session.flush()


def _when(value) -> str | None:
    return value.isoformat() + "Z" if value else None


@events.personal_data_requested.connect
def signals_data(user, **_) -> dict:
    exported = []
    for signal in services_reporters.signals_of(user):
        progress = services_reporters.progress(signal)
        exported.append(
            {
                "text": signal.text,
                "theme": signal.theme,
                "area": signal.area.name if signal.area else None,
                "place": signal.place,
                "team": signal.team.name if signal.team else None,
                "status": progress.status,
                "recurring": progress.recurring,
                "other_signals_on_the_same_matter": progress.others,
                "project": progress.project.title if progress.project is not None else None,
                "reason_closed": progress.reason,
                "created_at": _when(signal.created_at),
            }
        )
    return {
        "signals_reported": exported,
        "signals_left_with_my_address": _left_with_address(user),
        "signals_recorded_as_worker": _recorded_by(user),
        "changes_to_signal_groups": [
            {
                "group": f"cluster:{event.cluster_id}",
                "action": event.action,
                "detail": event.detail,
                "at": _when(event.at),
            }
            for event in db.session.scalars(
                select(ClusterEvent).where(ClusterEvent.actor_id == user.id).order_by(ClusterEvent.id)
            )
        ],
    }


def _left_with_address(user) -> list[dict]:
    if user.email_confirmed_at is None:
        return []
    address = user.email.strip().lower()
    signals = db.session.scalars(
        select(Signal)
        .where(Signal.reporter_id.is_(None), func.lower(Signal.contact_email) == address)
        .order_by(Signal.created_at)
    )
    return [
        {
            "contact_name": signal.contact_name,
            "contact_email": signal.contact_email,
            "contact_phone": signal.contact_phone,
            "theme": signal.theme,
            "team": signal.team.name if signal.team else None,
            "created_at": _when(signal.created_at),
        }
        for signal in signals
    ]


def _recorded_by(user) -> list[dict]:
    signals = db.session.scalars(select(Signal).where(Signal.recorded_by_id == user.id).order_by(Signal.created_at))
    return [
        {
            "source": signal.source,
            "source_name": signal.source_name,
            "theme": signal.theme,
            "team": signal.team.name if signal.team else None,
            "created_at": _when(signal.created_at),
        }
        for signal in signals
    ]


@events.retention_due.connect
def purge_reporters_contacts(now, **_) -> dict:
    """Remove anonymous reporters' contact details SIGNAL_CONTACT_RETENTION_DAYS after their matter closed."""
    cutoff = now - timedelta(days=current_app.config["SIGNAL_CONTACT_RETENTION_DAYS"])
    closed_long_ago = select(SignalCluster.id).where(SignalCluster.closed_at < cutoff)
    has_contact = or_(
        Signal.contact_name.is_not(None), Signal.contact_email.is_not(None), Signal.contact_phone.is_not(None)
    )
    result = db.session.execute(
        update(Signal)
        .where(Signal.cluster_id.in_(closed_long_ago), has_contact)
        .values(contact_name=None, contact_email=None, contact_phone=None),
        execution_options={"synchronize_session": False},
    )
    return {"signal_contacts_removed": result.rowcount}
