"""Workers keep neighbourly help safe: block a person from matching, flag an offer, and lift either.

What a worker does here is recorded in the audit log with the reason, which the team's other workers
see. Proposed matches that can no longer go ahead are cancelled and both sides told. (Spotting a crisis
in a request's words is portal.help.safety.) Every function flushes and never commits.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.help import notification_kinds
from portal.help.models import OPEN, PROPOSED, HelpBlock, HelpMatch, HelpOffer, HelpRequest
from portal.help.services_matches import end_match, may_match_for, tell
from portal.timeutil import utcnow


def block_person(worker, person, reason: str) -> HelpBlock:
    """Keep ``person`` out of matching; their proposed matches are cancelled. Workers only."""
    if not worker.is_worker:
        raise DomainError(_("Only workers can block someone from matching."), None)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason; other workers of the team will see it."), "reason")
    block = db.session.get(HelpBlock, person.id) or HelpBlock(user_id=person.id)
    block.reason, block.blocked_by_id = reason[:300], worker.id
    db.session.add(block)
    now = utcnow()
    proposed = db.session.scalars(
        select(HelpMatch)
        .join(HelpOffer, HelpOffer.id == HelpMatch.offer_id)
        .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
        .where(HelpMatch.status == PROPOSED)
        .where((HelpOffer.user_id == person.id) | (HelpRequest.user_id == person.id))
    )
    for match in proposed:
        end_match(match, now)
        other = match.offer.user if match.request.user_id == person.id else match.request.user
        tell(match, notification_kinds.HELP_MATCH_DECLINED, other)
    record(worker, "help.block", f"user:{person.id}", block.reason)
    db.session.flush()
    return block


def unblock_person(worker, person) -> None:
    """Let ``person`` be matched again. Workers only."""
    if not worker.is_worker:
        raise DomainError(_("Only workers can lift a block."), None)
    if (block := db.session.get(HelpBlock, person.id)) is not None:
        db.session.delete(block)
        record(worker, "help.unblock", f"user:{person.id}")
        db.session.flush()


def flag_offer(worker, offer: HelpOffer, reason: str | None) -> HelpOffer:
    """Take an offer out of matching with a reason for the other workers; None lifts the flag."""
    if not worker.is_worker:
        raise DomainError(_("Only workers can flag an offer."), None)
    reason = (reason or "").strip()[:300] or None
    offer.flagged_reason = reason
    if reason:  # proposals not yet accepted do not go ahead; both sides are told
        now = utcnow()
        proposed = select(HelpMatch).where(HelpMatch.offer_id == offer.id, HelpMatch.status == PROPOSED)
        for match in db.session.scalars(proposed):
            if end_match(match, now):
                tell(match, notification_kinds.HELP_MATCH_DECLINED)
    record(worker, "help.flag" if reason else "help.unflag", f"help_offer:{offer.id}", reason)
    db.session.flush()
    return offer


# --------------------------------------------------------------------------- requests held for the team


def _check_may_review(worker, request: HelpRequest) -> None:
    if not may_match_for(worker, request):
        raise DomainError(_("Only workers of this neighbourhood's team can look at this request."), None)
    if request.held_at is None:
        raise DomainError(_("This request is not held: neighbours can already see it."), None)
    if request.status != OPEN:
        raise DomainError(_("This request is no longer open."), None)


def release_request(worker, request: HelpRequest, now=None) -> HelpRequest:
    """A worker of the team has read a held request and lets neighbours see it (first name, neighbourhood,
    kind and a short text, as every request). A crisis request stays with the team."""
    _check_may_review(worker, request)
    if request.crisis:
        raise DomainError(_("A request that suggests a crisis stays with the team: call the resident."), None)
    now = now or utcnow()
    request.held_at, request.reviewed_at, request.reviewed_by_id = None, now, worker.id
    record(worker, "help.release_request", f"help_request:{request.id}", ", ".join(request.sensitive_topics or ()))
    db.session.flush()
    return request


def keep_with_team(worker, request: HelpRequest, reason: str, now=None) -> HelpRequest:
    """A worker keeps a held request with the team: neighbours never see it; the team helps, or proposes a
    neighbour it trusts from the console. The reason is for the other workers (the audit log)."""
    _check_may_review(worker, request)
    if request.reviewed_at is not None:
        raise DomainError(_("This request is already kept with the team."), None)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason; other workers of the team will see it."), "reason")
    request.reviewed_at, request.reviewed_by_id = now or utcnow(), worker.id
    record(worker, "help.keep_request", f"help_request:{request.id}", reason[:300])
    db.session.flush()
    return request
