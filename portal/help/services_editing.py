"""Residents change their own help: edit an open request, withdraw an offer for good.

Editing a request runs the same checks as asking (services.checked_request) and the crisis and sensitive-content
checks again; it is only possible while the request is open and no neighbour is proposed or helping (they
said yes to the request as it was: the requester can withdraw it instead, see services_closing.close_request).
An offer ends honestly: proposals not yet accepted are withdrawn and the neighbour and the team told; while
the helper helps someone, they end that help first. Every function flushes and never commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.help import notification_kinds
from portal.help.models import ACCEPTED, OPEN, PROPOSED, HelpMatch, HelpOffer, HelpRequest
from portal.help.safety import suggests_crisis
from portal.help.services import (
    RequestInput,
    checked_request,
    expiry_of,
    hold_if_sensitive,
    is_ended,
    request_place,
    tell_team_held,
)
from portal.help.services_matches import end_match, live_match_of, tell
from portal.help.services_team import tell_team
from portal.timeutil import utcnow


def may_edit(request: HelpRequest) -> bool:
    """Whether its requester may change ``request`` now: while it is open and no neighbour is proposed or
    helping (they agreed to the request as it was; the requester can withdraw it instead)."""
    return request.status == OPEN and live_match_of(request) is None


def edit_request(user, request: HelpRequest, data: RequestInput, now: datetime | None = None) -> HelpRequest:
    """``user`` changes their own open request. The new text is checked again: a crisis stays with the team,
    and a text that touches a sensitive matter is held for the team to look at (again) first."""
    now = now or utcnow()
    if request.user_id != user.id:
        raise DomainError(_("Only the neighbour who asked for this help can change it."), None)
    if request.status != OPEN:
        raise DomainError(_("This request is no longer open, so it cannot be changed."), None)
    if live_match_of(request) is not None:
        raise DomainError(
            _("A neighbour has been proposed for this request or is helping, so it cannot be changed now."), None
        )
    fields = checked_request(data, now)
    area, lat, lon = request_place(user, data)
    was_dated = request.on_date is not None
    for name, value in fields.items():
        setattr(request, name, value)
    request.area_id, request.latitude, request.longitude = area.id, lat, lon
    was_crisis = request.crisis
    request.crisis = request.crisis or suggests_crisis(fields["description"])  # the team was told: it stays so
    if fields["on_date"] is not None or was_dated:
        request.expires_at = expiry_of(data, now)
    request.reminded_at = None if request.expires_at > now + timedelta(days=3) else request.reminded_at
    request.edited_at = now
    held = hold_if_sensitive(request, now)
    db.session.flush()
    if held or (request.crisis and not was_crisis):  # the team looks first: tell them, as for a new request
        tell_team_held(request)
    return request


def end_offer(user, offer: HelpOffer, now: datetime | None = None) -> HelpOffer:
    """``user`` withdraws their own offer for good. Proposals not yet accepted are withdrawn (the neighbour and
    the team are told; the request is open again for someone else). While the offer's helper is helping
    someone (an accepted match), it cannot end: they end that help first, so their neighbour knows."""
    if offer.user_id != user.id:
        raise DomainError(_("This is not your offer."), None)
    if is_ended(offer):
        raise DomainError(_("You have already withdrawn this offer."), None)
    accepted = db.session.scalar(
        select(HelpMatch.id).where(HelpMatch.offer_id == offer.id, HelpMatch.status == ACCEPTED).limit(1)
    )
    if accepted is not None:
        raise DomainError(
            _("You are helping a neighbour through this offer. End that help on its page first, then withdraw."),
            None,
        )
    now = now or utcnow()
    proposed = db.session.scalars(select(HelpMatch).where(HelpMatch.offer_id == offer.id, HelpMatch.status == PROPOSED))
    for match in proposed:
        if end_match(match, now):
            tell(match, notification_kinds.HELP_MATCH_DECLINED, match.request.user)
            tell_team(match.request, notification_kinds.HELP_TEAM_ENDED, by="helper")
    offer.paused, offer.listed, offer.withdrawn_at = True, False, now
    record(user, "help.end_offer", f"help_offer:{offer.id}")
    db.session.flush()
    return offer
