"""The pieces of help that lasts which every match uses, also one given once (services_matches.finish and
give_feedback): today's date, whether a request recurs, storing an occurrence, asking a check-in once, and a
once-match's feedback kept as its "ended" check-in. services_arrangements builds the rest on these.
Every function flushes and never commits.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.help import matching, notification_kinds
from portal.help.models import HelpCheckIn, HelpMatch, HelpOccurrence
from portal.help.services_team import news_of
from portal.notifications.services import notify
from portal.timeutil import utcnow

STARTED, ENDED, STALE = "started", "ended", "stale"
STAGES = (STARTED, ENDED, STALE)
MAX_NOTE = 1000
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local_today(now: datetime | None = None) -> date:
    """Today in Groningen (the database's times are naive UTC)."""
    return (now or utcnow()).replace(tzinfo=UTC).astimezone(AMSTERDAM).date()


def is_recurring(match: HelpMatch) -> bool:
    return match.request.frequency != matching.ONCE


def _link(match: HelpMatch) -> str:
    return f"/help/matches/{match.id}"


def tell_sides(match: HelpMatch, kind: str, people=None, **extra) -> None:
    """Notify ``people`` (both sides when None) about ``match``, with a link to its page."""
    for person in people if people is not None else (match.request.user, match.offer.user):
        notify(person, kind, {**news_of(match.request), **extra}, _link(match))


def update_match(match: HelpMatch, *conditions, **values) -> bool:
    """One conditional UPDATE of ``match``; whether it changed the row (then the object is refreshed)."""
    result = db.session.execute(
        update(HelpMatch).where(HelpMatch.id == match.id, *conditions).values(**values),
        execution_options={"synchronize_session": False},
    )
    db.session.refresh(match)
    return result.rowcount == 1


def add_occurrence(match: HelpMatch, on_date: date, by) -> HelpOccurrence | None:
    """Store one occurrence; None when that day is already recorded (also when stored at the same moment)."""
    occurrence = HelpOccurrence(match_id=match.id, on_date=on_date, recorded_by_id=getattr(by, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(occurrence)
            db.session.flush()
    except IntegrityError:
        return None
    return occurrence


def record_feedback(user, side: str, match: HelpMatch, worked: bool, note: str | None, now=None) -> None:
    """A once-match's feedback ("did it work?") as the side's "ended" check-in, for the workers' list."""
    note = (note or "").strip()[:MAX_NOTE] or None
    checkin = HelpCheckIn(
        match_id=match.id,
        user_id=user.id,
        side=side,
        stage=ENDED,
        happened=True,
        rating="good" if worked else "bad",
        note=note,
        created_at=now or utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(checkin)
            db.session.flush()
    except IntegrityError:
        pass  # already answered as a check-in


ASKED_COLUMN = {STARTED: HelpMatch.checkin_started_at, ENDED: HelpMatch.checkin_ended_at}


def ask_checkin(match: HelpMatch, stage: str, now: datetime) -> bool:
    """Ask both sides the ``started`` or ``ended`` check-in, once: claimed by setting its moment."""
    column = ASKED_COLUMN[stage]
    if not update_match(match, column.is_(None), **{column.key: now}):
        return False
    tell_sides(match, notification_kinds.HELP_CHECKIN, stage=stage)
    return True
