"""Neighbourly help's share of a resident's data rights.

Deleting an account removes the resident's offers, requests and matches (the foreign keys
cascade); first, every live match with a neighbour is ended, so that neighbour's request opens
again or their place is given back, and they are told.

Retention: HELP_TEXT_RETENTION_DAYS after a request closed (done, closed or expired), its free text is
blanked, with the words and contact details of its matches, the notes of their check-ins, and the text of a
one-off offer made only to answer it. What kind of help, where and when stays, for the team's counts.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, or_, select, update

from portal import events
from portal.extensions import db
from portal.help import notification_kinds
from portal.help.models import (
    BY_WORKER,
    CLOSED,
    DONE,
    EXPIRED,
    LIVE_MATCH,
    MATCHED,
    OPEN,
    HelpBlock,
    HelpCheckIn,
    HelpMatch,
    HelpOccurrence,
    HelpOffer,
    HelpRequest,
)
from portal.help.services_matches import end_match, side_of
from portal.notifications.services import notify
from portal.timeutil import utcnow


def _matches_of(user):
    return (
        select(HelpMatch)
        .join(HelpOffer, HelpOffer.id == HelpMatch.offer_id)
        .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
        .where(or_(HelpOffer.user_id == user.id, HelpRequest.user_id == user.id))
        .order_by(HelpMatch.created_at)
    )


@events.account_deleting.connect
def forget_resident(user, **_) -> None:
    now = utcnow()
    for match in db.session.scalars(_matches_of(user).where(HelpMatch.status.in_(LIVE_MATCH))):
        end_match(match, now)
        if match.request.user_id != user.id:
            if match.request.status == MATCHED:
                match.request.status = OPEN
            other = match.request.user
        else:
            other = match.offer.user
        notify(other, notification_kinds.HELP_MATCH_DECLINED, {"kind": match.request.kind}, "/help/mine")
    db.session.flush()


def _when(value) -> str | None:
    return value.isoformat() + "Z" if value else None


@events.personal_data_requested.connect
def help_data(user, **_) -> dict:
    offers = db.session.scalars(select(HelpOffer).where(HelpOffer.user_id == user.id).order_by(HelpOffer.id))
    requests = db.session.scalars(select(HelpRequest).where(HelpRequest.user_id == user.id).order_by(HelpRequest.id))
    matches = db.session.scalars(_matches_of(user))
    return {
        "help_offers": [
            {
                "kinds": offer.kinds,
                "description": offer.description,
                "area": offer.area.name if offer.area else None,
                "distance_km": offer.radius_km,
                "times": offer.slots,
                "regular": offer.regular,
                "languages": offer.languages,
                "capacity": offer.capacity,
                "paused": offer.paused,
                "listed": offer.listed,
                "concern_noted_by_team": offer.flagged_reason,
                "created_at": _when(offer.created_at),
            }
            for offer in offers
        ],
        "help_requests": [
            {
                "kind": request.kind,
                "description": request.description,
                "area": request.area.name,
                "when": request.when,
                "date": request.on_date.isoformat() if request.on_date else None,
                "until": request.until_date.isoformat() if request.until_date else None,
                "times": request.slots,
                "how_often": request.frequency,
                "languages": request.languages,
                "urgency": request.urgency,
                "status": request.status,
                "marked_urgent_for_the_team": request.crisis,
                "created_at": _when(request.created_at),
                "closed_at": _when(request.closed_at),
            }
            for request in requests
        ],
        "help_matches": [
            {
                "my_side": side_of(user, match),
                "kind": match.request.kind,
                "status": match.status,
                "my_answer": match.requester_answer if match.request.user_id == user.id else match.helper_answer,
                "contact_i_shared": (
                    match.requester_contact if match.request.user_id == user.id else match.helper_contact
                ),
                "my_feedback": (
                    match.requester_feedback if match.request.user_id == user.id else match.helper_feedback
                ),
                "my_feedback_note": _my_feedback_note(match.feedback_note, side_of(user, match)),
                "note_from_proposer": match.note,
                "created_at": _when(match.created_at),
                "closed_at": _when(match.closed_at),
                "paused_at": _when(match.paused_at),
                "paused_by_me": match.paused_by_id == user.id if match.paused_by_id else None,
                "ended_by_me": match.ended_by_id == user.id if match.ended_by_id else None,
                "next_planned_day": match.next_on.isoformat() if match.next_on else None,
                "help_given_on": [
                    {"day": occurrence.on_date.isoformat(), "recorded_by_me": occurrence.recorded_by_id == user.id}
                    for occurrence in db.session.scalars(
                        select(HelpOccurrence)
                        .where(HelpOccurrence.match_id == match.id)
                        .order_by(HelpOccurrence.on_date)
                    )
                ],
            }
            for match in matches
        ],
        "help_check_ins": [
            {
                "kind": db.session.get(HelpMatch, checkin.match_id).request.kind,
                "my_side": checkin.side,
                "asked": checkin.stage,
                "happened": checkin.happened,
                "how_it_went": checkin.rating,
                "note_for_the_team": checkin.note,
                "something_went_wrong": checkin.flagged,
                "handled_by_the_team_at": _when(checkin.handled_at),
                "answered_at": _when(checkin.created_at),
            }
            for checkin in db.session.scalars(
                select(HelpCheckIn).where(HelpCheckIn.user_id == user.id).order_by(HelpCheckIn.created_at)
            )
        ],
        "blocked_from_help": _block_of(user),
        "help_matches_proposed_as_worker": [
            {"kind": match.request.kind, "status": match.status, "note": match.note, "at": _when(match.created_at)}
            for match in db.session.scalars(
                select(HelpMatch)
                .where(HelpMatch.proposed_by_id == user.id, HelpMatch.origin == BY_WORKER)
                .order_by(HelpMatch.created_at)
            )
        ],
    }


def _block_of(user) -> dict | None:
    block = db.session.get(HelpBlock, user.id)
    return {"reason": block.reason, "since": _when(block.created_at)} if block else None


def _my_feedback_note(note: str | None, side: str | None) -> list[str]:
    """The lines of a match's feedback note this side wrote (each starts with its side, in some language)."""
    if not note or side is None:
        return []
    prefixes = []
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            prefixes.append((_("Requester") if side == "requester" else _("Helper")) + ": ")
    return [line for line in note.splitlines() if line.startswith(tuple(prefixes))]


@events.retention_due.connect
def purge_closed_requests_text(now, **_) -> dict:
    """Blank the free text of requests closed more than HELP_TEXT_RETENTION_DAYS ago, and of their matches."""
    cutoff = now - timedelta(days=current_app.config["HELP_TEXT_RETENTION_DAYS"])
    closed = select(HelpRequest.id).where(
        HelpRequest.status.in_((DONE, CLOSED, EXPIRED)), HelpRequest.closed_at < cutoff
    )
    quietly = {"synchronize_session": False}
    requests = db.session.execute(
        update(HelpRequest).where(HelpRequest.id.in_(closed), HelpRequest.description != "").values(description=""),
        execution_options=quietly,
    )
    words = or_(
        HelpMatch.note.is_not(None),
        HelpMatch.requester_contact.is_not(None),
        HelpMatch.helper_contact.is_not(None),
        HelpMatch.feedback_note.is_not(None),
    )
    matches = db.session.execute(
        update(HelpMatch)
        .where(HelpMatch.request_id.in_(closed), words)
        .values(note=None, requester_contact=None, helper_contact=None, feedback_note=None),
        execution_options=quietly,
    )
    checkins = db.session.execute(
        update(HelpCheckIn)
        .where(
            HelpCheckIn.match_id.in_(select(HelpMatch.id).where(HelpMatch.request_id.in_(closed))),
            HelpCheckIn.note.is_not(None),
        )
        .values(note=None),
        execution_options=quietly,
    )
    # A one-off offer ("I can help") was written to one neighbour: it goes with the last request it answered.
    answered_old = exists().where(HelpMatch.offer_id == HelpOffer.id, HelpMatch.request_id.in_(closed))
    answered_other = exists().where(HelpMatch.offer_id == HelpOffer.id, HelpMatch.request_id.not_in(closed))
    offers = db.session.execute(
        update(HelpOffer)
        .where(HelpOffer.listed.is_(False), HelpOffer.description != "", answered_old, ~answered_other)
        .values(description=""),
        execution_options=quietly,
    )
    return {
        "help_request_texts_removed": requests.rowcount,
        "help_match_texts_removed": matches.rowcount,
        "help_check_in_notes_removed": checkins.rowcount,
        "help_one_off_offer_texts_removed": offers.rowcount,
    }
