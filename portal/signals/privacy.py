"""Signals' share of a resident's data rights.

Deleting an account keeps the resident's signals, so the neighbourhood's counts stay right, but
detaches them from the person: the signal no longer points at the account, but all of that person's
signals share one random stand-in (``reporter_ref``), so they still count as one reporter and a
deletion never makes a matter look recurring (see models.reporter_key); each private follow link is
replaced, so whoever kept an old link can no longer read it. A worker's name leaves the signals they
recorded and the changes they made to groups of signals.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select, update

from portal import events
from portal.extensions import db
from portal.signals import services_reporters
from portal.signals.models import ClusterEvent, Signal


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
    return {"signals_reported": exported}
