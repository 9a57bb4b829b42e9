"""Neighbourly help's share of a resident's data rights.

Deleting an account removes the resident's offers, requests and matches (the foreign keys
cascade); first, every live match with a neighbour is ended, so that neighbour's request opens
again or their place is given back, and they are told.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from portal import events
from portal.extensions import db
from portal.help import notification_kinds
from portal.help.models import LIVE_MATCH, MATCHED, OPEN, HelpMatch, HelpOffer, HelpRequest
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
                "urgency": request.urgency,
                "status": request.status,
                "created_at": _when(request.created_at),
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
                "created_at": _when(match.created_at),
            }
            for match in matches
        ],
    }
