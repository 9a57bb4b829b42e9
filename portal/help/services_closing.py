"""Ending requests: closed by the requester or by the team, expired past their date, and proposals
nobody answered withdrawn.

A live match of a request that ends is cancelled and its helper's place given back (services_matches.
end_match); whoever is left waiting is told. Run the expiry daily (``flask --app portal help expire``).
Every function flushes and never commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.help import notification_kinds
from portal.help.models import CLOSED, EXPIRED, MATCHED, OPEN, PROPOSED, HelpMatch, HelpRequest
from portal.help.services_matches import end_match, live_match_of, may_match_for, tell
from portal.help.services_team import news_of, tell_team
from portal.notifications.services import notify
from portal.timeutil import utcnow

REMIND_BEFORE = timedelta(days=3)  # the requester is asked whether it is still needed
PROPOSAL_LIFETIME = timedelta(days=7)  # an unanswered proposal does not hold a helper's place longer


def _close(request: HelpRequest, now: datetime, by_requester: bool = False) -> None:
    """Close ``request``; its live match, if any, is cancelled and the helper told (and, when the requester
    withdrew it, the team's workers)."""
    if (match := live_match_of(request)) is not None:
        end_match(match, now)
        tell(match, notification_kinds.HELP_MATCH_DECLINED, match.offer.user)
        if by_requester:
            tell_team(request, notification_kinds.HELP_TEAM_ENDED, by="withdrawn")
    request.status, request.closed_at = CLOSED, now


def close_request(user, request: HelpRequest, now=None) -> HelpRequest:
    """The requester no longer needs help; a live match is cancelled and its place given back."""
    if request.user_id != user.id:
        raise DomainError(_("This is not your request."), None)
    if request.status not in (OPEN, MATCHED):
        raise DomainError(_("This request is already closed."), None)
    now = now or utcnow()
    _close(request, now, by_requester=True)
    db.session.flush()
    return request


def close_as_team(worker, request: HelpRequest, reason: str, now=None) -> HelpRequest:
    """A worker closes a request the team handled itself (a crisis call, or help found elsewhere)."""
    if not may_match_for(worker, request):
        raise DomainError(_("Only workers of this neighbourhood's team can close this request."), None)
    if request.status not in (OPEN, MATCHED):
        raise DomainError(_("This request is already closed."), None)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say briefly what the team did; other workers will see it."), "reason")
    now = now or utcnow()
    _close(request, now)
    record(worker, "help.close_request", f"help_request:{request.id}", reason[:300])
    db.session.flush()
    return request


def expire_requests(now: datetime | None = None) -> tuple[int, int]:
    """Remind requesters a few days before their open request expires; expire those past the date.

    Returns (reminded, expired). Run daily (``flask --app portal help expire``).
    """
    now = now or utcnow()
    reminded = expired = 0
    due = db.session.scalars(
        select(HelpRequest).where(HelpRequest.status == OPEN, HelpRequest.expires_at <= now + REMIND_BEFORE)
    )
    for request in due:
        if request.expires_at <= now:
            if (match := live_match_of(request)) is not None:
                end_match(match, now)
            request.status, request.closed_at = EXPIRED, now
            expired += 1
        elif request.reminded_at is None:
            request.reminded_at = now
            notify(request.user, notification_kinds.HELP_REQUEST_EXPIRING, news_of(request), "/help/mine")
            reminded += 1
    db.session.flush()
    return reminded, expired


def withdraw_stale_proposals(now: datetime | None = None) -> int:
    """Proposals left unanswered for PROPOSAL_LIFETIME give their place back; both sides are told.

    The request opens again, so a worker can propose someone else. Returns how many.
    Run daily with expire_requests (``flask --app portal help expire``).
    """
    now = now or utcnow()
    stale = db.session.scalars(
        select(HelpMatch).where(HelpMatch.status == PROPOSED, HelpMatch.created_at <= now - PROPOSAL_LIFETIME)
    )
    withdrawn = 0
    for match in stale:
        if end_match(match, now):
            withdrawn += 1
            tell(match, notification_kinds.HELP_MATCH_DECLINED)
            tell_team(match.request, notification_kinds.HELP_TEAM_ENDED, by="no_answer")
    db.session.flush()
    return withdrawn
