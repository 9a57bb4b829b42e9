"""Help that lasts: a recurring arrangement is one accepted match with its occurrences, paused, resumed or
ended by either side; check-ins ask both sides how it goes; reminders before a planned date; and matches
nobody marks done are asked about and then closed.

A request asked "weekly" or "several times" (``HelpRequest.frequency``) is an arrangement: "help given this
time" records an occurrence (one per day, guarded by the unique constraint) and never ends it. A once-request
keeps its flow (``services_matches.finish`` ends it and records its one occurrence).

Check-ins ("did it happen? how did it go?") are asked of both sides once per stage: ``started`` two weeks after
an arrangement was accepted, ``ended`` when it ends, ``stale`` when nothing was heard of a match for
HELP_STALE_DAYS days. The answers reach the workers of the request's team only, never the other resident.
A stale match still unanswered HELP_STALE_CLOSE_DAYS days after the question is closed and the helper's place
given back. The jobs (``run_jobs``, hourly) claim each step with a conditional UPDATE, so two runs at the same
moment do each step once. Every function flushes and never commits; a refusal is a DomainError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.help import matching, notification_kinds
from portal.help.models import (
    ACCEPTED,
    CANCELLED,
    CLOSED,
    DONE,
    HelpCheckIn,
    HelpMatch,
    HelpOccurrence,
    HelpRequest,
)
from portal.help.services_matches import may_match_for, release_place, side_of
from portal.help.services_occurrences import (
    ENDED,
    MAX_NOTE,
    STAGES,
    STALE,
    STARTED,
    add_occurrence,
    ask_checkin,
    is_recurring,
    local_today,
    tell_sides,
    update_match,
)
from portal.help.services_team import news_of, tell_team
from portal.notifications.services import notify_team_workers
from portal.timeutil import utcnow

RATINGS = ("good", "mixed", "bad")
CHECKIN_AFTER = timedelta(days=14)  # an arrangement's first check-in
ENDED_ASKED_WITHIN = timedelta(days=30)  # arrangements that ended longer ago are not asked any more
PLAN_AHEAD = timedelta(days=366)
CHECKINS_PAGE = "/help/console/check-ins"


def stale_days() -> int:
    """Days without news (nobody marked it done; for an arrangement: no occurrence) before both are asked."""
    return int(current_app.config.get("HELP_STALE_DAYS", 21))


def stale_close_days() -> int:
    """Days after the stale question without an answer before the match is closed."""
    return int(current_app.config.get("HELP_STALE_CLOSE_DAYS", 7))


def _other(match: HelpMatch, side: str):
    return match.offer.user if side == "requester" else match.request.user


def _side(user, match: HelpMatch) -> str:
    side = side_of(user, match)
    if side is None:
        raise DomainError(_("This match is not yours."), None)
    return side


def _running(match: HelpMatch) -> None:
    if match.status != ACCEPTED:
        raise DomainError(_("This arrangement is not running (any more)."), None)


def _arrangement(user, match: HelpMatch) -> str:
    side = _side(user, match)
    if not is_recurring(match):
        raise DomainError(_("This is help given once: say that the help happened instead."), None)
    _running(match)
    return side


# --------------------------------------------------------------------------- occurrences


def record_occurrence(user, match: HelpMatch, on_date: date | None = None, now=None) -> HelpOccurrence:
    """One side says the help was given on ``on_date`` (default today); the arrangement goes on."""
    _arrangement(user, match)
    now = now or utcnow()
    today = local_today(now)
    on_date = on_date or today
    if on_date > today:
        raise DomainError(_("Choose today or a day before: help cannot be recorded in advance."), "on_date")
    started = local_today(match.created_at)
    if on_date < started:
        raise DomainError(
            _("Choose a day since the match began (%(date)s).", date=format_date(started, "long")), "on_date"
        )
    values = {"stale_asked_at": None}
    if match.next_on is not None and on_date >= match.next_on:
        values["next_on"] = None  # the planned time has happened
    # Still running, checked in the same UPDATE (the other side may be ending it at this moment).
    if not update_match(match, HelpMatch.status == ACCEPTED, **values):
        raise DomainError(_("This help has ended: nothing more can be recorded."), None)
    occurrence = add_occurrence(match, on_date, user)
    if occurrence is None:
        raise DomainError(
            _("Help given on %(date)s is already recorded.", date=format_date(on_date, "long")), "on_date"
        )
    db.session.flush()
    return occurrence


def occurrences_of(match: HelpMatch) -> list[HelpOccurrence]:
    return list(
        db.session.scalars(
            select(HelpOccurrence).where(HelpOccurrence.match_id == match.id).order_by(HelpOccurrence.on_date.desc())
        )
    )


# --------------------------------------------------------------------------- pause, resume, end, plan


def pause(user, match: HelpMatch, now=None) -> HelpMatch:
    """One side pauses the arrangement (for a holiday, an illness); the other side is told."""
    side = _arrangement(user, match)
    now = now or utcnow()
    if not update_match(
        match,
        HelpMatch.status == ACCEPTED,
        HelpMatch.paused_at.is_(None),
        paused_at=now,
        paused_by_id=user.id,
        stale_asked_at=None,
    ):
        raise DomainError(_("This arrangement is already paused."), None)
    tell_sides(match, notification_kinds.HELP_ARRANGEMENT, [_other(match, side)], change="paused")
    db.session.flush()
    return match


def resume(user, match: HelpMatch, now=None) -> HelpMatch:
    """One side takes a paused arrangement up again; the other side is told."""
    side = _arrangement(user, match)
    if not update_match(
        match, HelpMatch.status == ACCEPTED, HelpMatch.paused_at.is_not(None), paused_at=None, paused_by_id=None
    ):
        raise DomainError(_("This arrangement is not paused."), None)
    tell_sides(match, notification_kinds.HELP_ARRANGEMENT, [_other(match, side)], change="resumed")
    db.session.flush()
    return match


def end(user, match: HelpMatch, now=None) -> HelpMatch:
    """One side ends the arrangement: it and the request are done, the helper's place is free again, the team
    is told, and both sides are asked how it went."""
    _arrangement(user, match)
    now = now or utcnow()
    if not update_match(match, HelpMatch.status == ACCEPTED, status=DONE, closed_at=now, ended_by_id=user.id):
        raise DomainError(_("This arrangement is not running (any more)."), None)
    match.request.status, match.request.closed_at = DONE, now
    release_place(match.offer)
    tell_team(match.request, notification_kinds.HELP_TEAM_ENDED, by="ended")
    ask_checkin(match, ENDED, now)
    db.session.flush()
    return match


def plan_next(user, match: HelpMatch, on_date: date | None, now=None) -> HelpMatch:
    """Set (or, with None, clear) the next planned date; both sides are reminded the day before."""
    side = _arrangement(user, match)
    today = local_today(now)
    if on_date is not None and on_date < today:
        raise DomainError(_("Choose today or a later day."), "next_on")
    if on_date is not None and on_date > today + PLAN_AHEAD:
        raise DomainError(_("Choose a day within a year."), "next_on")
    if not update_match(match, HelpMatch.status == ACCEPTED, next_on=on_date):
        raise DomainError(_("This arrangement is not running (any more)."), None)
    if on_date is not None:
        tell_sides(
            match, notification_kinds.HELP_ARRANGEMENT, [_other(match, side)], change="planned", planned=str(on_date)
        )
    db.session.flush()
    return match


# --------------------------------------------------------------------------- check-ins


@dataclass(frozen=True)
class CheckInInput:
    """One side's answer: did it happen, how did it go, a note for the team, and "something went wrong"."""

    happened: bool | None
    rating: str | None = None
    note: str | None = None
    flagged: bool = False


def answer_of(user, match: HelpMatch, stage: str) -> HelpCheckIn | None:
    return db.session.scalar(
        select(HelpCheckIn).where(
            HelpCheckIn.match_id == match.id, HelpCheckIn.user_id == user.id, HelpCheckIn.stage == stage
        )
    )


def open_checkin(user, match: HelpMatch) -> str | None:
    """The check-in ``user`` (one of the sides) is asked now and has not answered, if any."""
    if side_of(user, match) is None:
        return None
    if match.status == ACCEPTED and match.stale_asked_at is not None:
        answer = answer_of(user, match, STALE)
        if answer is None or answer.created_at < match.stale_asked_at:
            return STALE
    if match.status == DONE and match.checkin_ended_at is not None and is_recurring(match):
        if answer_of(user, match, ENDED) is None:
            return ENDED
    if match.status == ACCEPTED and match.checkin_started_at is not None and answer_of(user, match, STARTED) is None:
        return STARTED
    return None


def _check_answer(data: CheckInInput) -> str | None:
    if data.rating is not None and data.rating not in RATINGS:
        raise DomainError(_("Choose from the list."), "rating")
    note = (data.note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise DomainError(_("Use at most %(max)d characters.", max=MAX_NOTE), "note")
    if data.happened is None and data.rating is None and not note and not data.flagged:
        raise DomainError(_("Say at least whether the help happened."), "happened")
    return note


def answer_checkin(user, match: HelpMatch, stage: str, data: CheckInInput, now=None) -> HelpCheckIn:
    """One side answers the check-in they were asked; the team's workers are told (never the other side)."""
    side = _side(user, match)
    if stage not in STAGES:
        raise DomainError(_("This question does not exist."), None)
    if open_checkin(user, match) != stage:
        if answer_of(user, match, stage) is not None:
            raise DomainError(_("You have already told us, thank you."), None)
        raise DomainError(_("There is no question to answer here now."), None)
    note = _check_answer(data)
    now = now or utcnow()
    values = {
        "side": side,
        "happened": data.happened,
        "rating": data.rating,
        "note": note,
        "flagged": bool(data.flagged),
        "handled_at": None,
        "handled_by_id": None,
        "created_at": now,
    }
    earlier = answer_of(user, match, stage)  # a stale question asked again: the new answer replaces the old one
    if earlier is not None and earlier.flagged and earlier.handled_at is None:
        # ... but a flag no worker has handled yet stays, with what was said then
        values["flagged"] = True
        values["note"] = "\n".join(filter(None, (earlier.note, note)))[: 2 * MAX_NOTE]
    if earlier is not None:
        for name, value in values.items():
            setattr(earlier, name, value)
        checkin = earlier
    else:
        checkin = HelpCheckIn(match_id=match.id, user_id=user.id, stage=stage, **values)
        try:
            with db.session.begin_nested():
                db.session.add(checkin)
                db.session.flush()
        except IntegrityError:  # the same answer sent twice at once
            raise DomainError(_("You have already told us, thank you."), None) from None
    if stage == STALE:
        update_match(match, HelpMatch.stale_asked_at.is_not(None), stale_asked_at=None)  # heard of: the clock restarts
    if stage == ENDED and getattr(match, f"{side}_feedback") is None:
        worked = data.happened is not False and data.rating != "bad" and not data.flagged
        setattr(match, f"{side}_feedback", "worked" if worked else "not")
    _tell_team_of(checkin, match)
    db.session.flush()
    return checkin


def _tell_team_of(checkin: HelpCheckIn, match: HelpMatch) -> None:
    request = match.request
    team = request.area.team if request.area is not None else None
    if team is None:
        return
    params = {
        **news_of(request),
        "area": request.area.name,
        "side": checkin.side,
        "stage": checkin.stage,
        "happened": checkin.happened,
        "rating": checkin.rating,
        "flagged": checkin.flagged,
        "note": bool(checkin.note),  # announced only: the words are read on the check-ins page
    }
    notify_team_workers(team, notification_kinds.HELP_TEAM_CHECKIN, params, CHECKINS_PAGE)


def mark_handled(worker, checkin: HelpCheckIn, now=None) -> HelpCheckIn:
    """A worker of the request's team has looked after a flagged answer."""
    match = db.session.get(HelpMatch, checkin.match_id)
    if not may_match_for(worker, match.request):
        raise DomainError(_("Only workers of this neighbourhood's team can handle this."), None)
    if not checkin.flagged:
        raise DomainError(_("Only an answer that says something went wrong needs handling."), None)
    handled = db.session.execute(
        update(HelpCheckIn)
        .where(HelpCheckIn.id == checkin.id, HelpCheckIn.handled_at.is_(None))
        .values(handled_at=now or utcnow(), handled_by_id=worker.id),
        execution_options={"synchronize_session": False},
    )
    db.session.refresh(checkin)
    if handled.rowcount != 1:
        raise DomainError(_("This has already been handled."), None)
    record(worker, "help.checkin_handled", f"help_match:{match.id}", f"check-in:{checkin.id}")
    db.session.flush()
    return checkin


# --------------------------------------------------------------------------- the jobs


def ask_started(now: datetime) -> int:
    """Two weeks into an accepted arrangement, both sides are asked how it goes."""
    due = (
        select(HelpMatch)
        .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
        .where(
            HelpMatch.status == ACCEPTED,
            HelpRequest.frequency != matching.ONCE,
            HelpMatch.checkin_started_at.is_(None),
            HelpMatch.decided_at <= now - CHECKIN_AFTER,
        )
        .order_by(HelpMatch.id)
    )
    return sum(ask_checkin(match, STARTED, now) for match in list(db.session.scalars(due)))


def ask_ended(now: datetime) -> int:
    """An arrangement that ended (by a side, a worker, or for no news) and was not asked yet: both are asked."""
    due = (
        select(HelpMatch)
        .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
        .where(
            HelpMatch.status == DONE,
            HelpRequest.frequency != matching.ONCE,
            HelpMatch.checkin_ended_at.is_(None),
            HelpMatch.closed_at >= now - ENDED_ASKED_WITHIN,
        )
        .order_by(HelpMatch.id)
    )
    return sum(ask_checkin(match, ENDED, now) for match in list(db.session.scalars(due)))


def remind_planned(now: datetime) -> int:
    """The day before a planned date both sides are reminded, once per date."""
    tomorrow = local_today(now) + timedelta(days=1)
    not_yet = (
        HelpMatch.status == ACCEPTED,
        HelpMatch.paused_at.is_(None),
        HelpMatch.next_on == tomorrow,
        or_(HelpMatch.reminded_on.is_(None), HelpMatch.reminded_on != HelpMatch.next_on),
    )
    reminded = 0
    for match in list(db.session.scalars(select(HelpMatch).where(*not_yet).order_by(HelpMatch.id))):
        if update_match(match, *not_yet, reminded_on=tomorrow):
            tell_sides(match, notification_kinds.HELP_REMINDER, planned=str(tomorrow))
            reminded += 1
    return reminded


def _last_news():
    """When a match was last heard of: accepted, an occurrence recorded, or a check-in answered."""
    occurrence = (
        select(func.max(HelpOccurrence.created_at)).where(HelpOccurrence.match_id == HelpMatch.id).scalar_subquery()
    )
    checkin = select(func.max(HelpCheckIn.created_at)).where(HelpCheckIn.match_id == HelpMatch.id).scalar_subquery()
    return occurrence, checkin


def ask_stale(now: datetime) -> int:
    """A running match not heard of for HELP_STALE_DAYS days (none planned ahead, the request's own date or period
    not still to come, not paused): both are asked."""
    cutoff = now - timedelta(days=stale_days())
    occurrence, checkin = _last_news()
    still = (HelpMatch.status == ACCEPTED, HelpMatch.paused_at.is_(None), HelpMatch.stale_asked_at.is_(None))
    due = (
        select(HelpMatch)
        .where(
            *still,
            HelpMatch.decided_at <= cutoff,
            or_(occurrence.is_(None), occurrence <= cutoff),
            or_(checkin.is_(None), checkin <= cutoff),
            or_(HelpMatch.next_on.is_(None), HelpMatch.next_on < local_today(now)),
            # help asked for a date (or a period) still ahead is not overdue: nobody is asked before that day
            ~exists().where(
                HelpRequest.id == HelpMatch.request_id,
                func.coalesce(HelpRequest.until_date, HelpRequest.on_date) >= local_today(now),
            ),
        )
        .order_by(HelpMatch.id)
    )
    closes = str(local_today(now + timedelta(days=stale_close_days())))
    asked = 0
    for match in list(db.session.scalars(due)):
        if update_match(match, *still, stale_asked_at=now):
            tell_sides(match, notification_kinds.HELP_CHECKIN, stage=STALE, closes=closes)
            asked += 1
    return asked


def close_stale(now: datetime) -> int:
    """A match asked about HELP_STALE_CLOSE_DAYS ago without any answer is closed; the helper's place is free
    again, and both sides and the team are told. Done if the help happened at least once, else cancelled."""
    cutoff = now - timedelta(days=stale_close_days())
    answered = exists().where(
        HelpCheckIn.match_id == HelpMatch.id,
        HelpCheckIn.stage == STALE,
        HelpCheckIn.created_at >= HelpMatch.stale_asked_at,
    )
    still = (HelpMatch.status == ACCEPTED, HelpMatch.stale_asked_at <= cutoff, ~answered)
    closed = 0
    for match in list(db.session.scalars(select(HelpMatch).where(*still).order_by(HelpMatch.id))):
        happened = bool(match.occurrences)
        if not update_match(match, *still, status=DONE if happened else CANCELLED, closed_at=now, checkin_ended_at=now):
            continue  # another run closed it, or someone answered meanwhile
        match.request.status, match.request.closed_at = (DONE if happened else CLOSED), now
        release_place(match.offer)
        tell_sides(match, notification_kinds.HELP_STALE_CLOSED)
        tell_team(match.request, notification_kinds.HELP_TEAM_ENDED, by="stale")
        closed += 1
    return closed


def run_jobs(now: datetime | None = None) -> dict[str, int]:
    """Every step above, in order; flushes. Safe to run twice, also at the same moment."""
    now = now or utcnow()
    counts = {
        "closed": close_stale(now),
        "asked_stale": ask_stale(now),
        "asked_started": ask_started(now),
        "asked_ended": ask_ended(now),
        "reminded": remind_planned(now),
    }
    db.session.flush()
    return counts
