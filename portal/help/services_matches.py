"""The steps of a match between a request and an offer, in their order, whoever takes them.

A worker of the request's team proposes, or one side starts it ("I can help", "I would like this help");
each side answers once; contact details are shared only after two yeses; afterwards the help is marked
as done and both say whether it worked. A worker may cancel a live match. Every change of a match's
status is one conditional UPDATE, so two people acting at the same moment cannot both succeed.
Every function flushes and never commits; an out-of-order step raises DomainError.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.help import matching, notification_kinds
from portal.help import services_occurrences as arrangements
from portal.help.models import (
    ACCEPTED,
    BY_HELPER,
    BY_REQUESTER,
    BY_WORKER,
    CANCELLED,
    DECLINED,
    DONE,
    LIVE_MATCH,
    MATCHED,
    OPEN,
    PROPOSED,
    HelpBlock,
    HelpMatch,
    HelpOffer,
    HelpRequest,
)
from portal.help.places import team_slug
from portal.help.services import OfferInput, RequestInput, check_text, create_request, save_offer
from portal.help.services_suggestions import available_offers, offer_facts, request_facts
from portal.help.services_team import news_of, tell_team
from portal.notifications.services import notify
from portal.timeutil import utcnow


def may_match_for(worker, request: HelpRequest) -> bool:
    """Whether ``worker`` works for the team of the request's neighbourhood (or is a coordinator)."""
    return worker.is_worker and worker.works_for(team_slug(request.area))


def live_match_of(request: HelpRequest) -> HelpMatch | None:
    """The request's proposed or accepted match, if it has one (it has at most one)."""
    return db.session.scalar(
        select(HelpMatch).where(HelpMatch.request_id == request.id, HelpMatch.status.in_(LIVE_MATCH))
    )


def reserve_place(offer: HelpOffer) -> None:
    """Take one place of ``offer``, or refuse when it is full; safe against simultaneous calls."""
    taken = db.session.execute(
        update(HelpOffer)
        .where(HelpOffer.id == offer.id, HelpOffer.load < HelpOffer.capacity)
        .values(load=HelpOffer.load + 1),
        execution_options={"synchronize_session": False},
    )
    if taken.rowcount != 1:
        raise DomainError(_("This offer is full: the helper already helps as many people as they can."), "offer")
    db.session.refresh(offer)


def release_place(offer: HelpOffer) -> None:
    """Give one place of ``offer`` back (in the database, then in the loaded object)."""
    db.session.execute(
        update(HelpOffer).where(HelpOffer.id == offer.id, HelpOffer.load > 0).values(load=HelpOffer.load - 1),
        execution_options={"synchronize_session": False},
    )
    db.session.refresh(offer, ["load"])


def _check_can_match(request: HelpRequest, offer: HelpOffer) -> None:
    if request.status != OPEN:
        raise DomainError(_("This request is no longer open."), "request")
    if request.crisis:
        raise DomainError(_("This request is for the team itself: call the resident instead of matching."), "request")
    if live_match_of(request) is not None:
        raise DomainError(_("This request already has a match proposed or accepted."), "request")
    if request.kind not in offer.kinds:
        raise DomainError(_("This offer does not give this kind of help."), "offer")
    if offer.user_id == request.user_id:
        raise DomainError(_("Someone cannot be matched with their own request."), "offer")
    if offer.paused or offer.flagged_reason:
        raise DomainError(_("This offer is paused or flagged and cannot be matched now."), "offer")
    if db.session.get(HelpBlock, offer.user_id) or db.session.get(HelpBlock, request.user_id):
        raise DomainError(_("One of the two has been blocked from matching."), "offer")
    if not (offer.user.active and request.user.active):
        raise DomainError(_("One of the two no longer has an active account."), "offer")
    already = exists().where(
        HelpMatch.offer_id == offer.id,
        HelpMatch.status.in_(LIVE_MATCH),
        HelpMatch.request_id == HelpRequest.id,
        HelpRequest.user_id == request.user_id,
    )
    if db.session.scalar(select(already)):
        raise DomainError(_("These two neighbours already have a match under way."), "offer")


def _check_contact(contact: str | None) -> str:
    contact = (contact or "").strip()
    if not contact:
        raise DomainError(_("Choose how the other person can reach you."), "contact")
    if len(contact) > 200:
        raise DomainError(_("Use at most %(max)d characters.", max=200), "contact")
    return contact


def _new_match(request, offer, proposer, origin, note=None, suggestion=None, contact=None) -> HelpMatch:
    reserve_place(offer)
    match = HelpMatch(
        request_id=request.id,
        offer_id=offer.id,
        proposed_by_id=proposer.id if proposer else None,
        origin=origin,
        note=(note or "").strip()[:1000] or None,
        score=suggestion.score if suggestion else None,
        reasons=[{"code": r.code, "params": r.params} for r in suggestion.reasons] if suggestion else [],
        requester_answer="yes" if origin == BY_REQUESTER else None,
        helper_answer="yes" if origin == BY_HELPER else None,
        requester_contact=contact if origin == BY_REQUESTER else None,
        helper_contact=contact if origin == BY_HELPER else None,
    )
    db.session.add(match)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # another worker matched this request at the same moment
        release_place(offer)
        raise DomainError(_("This request already has a match proposed or accepted."), "request") from None
    return match


def tell(match: HelpMatch, notification: str, *people) -> None:
    """Notify ``people`` (both sides when none are named) about ``match``, with a link to its page."""
    for person in people or (match.request.user, match.offer.user):
        notify(person, notification, news_of(match.request), f"/help/matches/{match.id}")


def propose(worker, request: HelpRequest, offer: HelpOffer, note: str | None = None, now=None) -> HelpMatch:
    """A worker of the request's team proposes ``offer`` for ``request``; both sides are asked."""
    if not may_match_for(worker, request):
        raise DomainError(_("Only workers of this neighbourhood's team can propose matches here."), None)
    _check_can_match(request, offer)
    suggestion = matching.score(request_facts(request), offer_facts(offer), now or utcnow())
    match = _new_match(request, offer, worker, BY_WORKER, note, suggestion)
    record(worker, "help.propose", f"help_match:{match.id}", f"request:{request.id} offer:{offer.id}")
    tell(match, notification_kinds.HELP_MATCH_PROPOSED)
    return match


def offer_for_response(helper, kind: str, message: str) -> HelpOffer:
    """The helper's own offer of ``kind`` with a free place, or a new unlisted one-off offer.

    The new offer's text is the message written to that one neighbour: it is never listed
    publicly or suggested to anyone else.
    """
    for offer in db.session.scalars(available_offers(kind).where(HelpOffer.user_id == helper.id)):
        return offer
    offer = save_offer(helper, OfferInput(kinds=[kind], description=message, capacity=1))
    offer.listed = False
    db.session.flush()
    return offer


def respond_to_request(helper, request: HelpRequest, message: str, contact: str) -> HelpMatch:
    """A resident says "I can help" to a public request; the requester accepts or declines."""
    message = check_text(message, "message", 1000)
    contact = _check_contact(contact)
    if request.user_id == helper.id:
        raise DomainError(_("This is your own request."), "message")
    if not request.listed or request.held_at is not None or request.crisis:
        # asked of one neighbour only, or waiting for the team: no other neighbour answers it
        raise DomainError(_("This request is not open to neighbours' offers of help."), "message")
    offer = offer_for_response(helper, request.kind, message)
    _check_can_match(request, offer)
    match = _new_match(request, offer, helper, BY_HELPER, message, contact=contact)
    tell(match, notification_kinds.HELP_MATCH_PROPOSED, request.user)
    return match


def respond_to_offer(
    requester, offer: HelpOffer, kind: str, message: str, contact: str, now=None
) -> HelpMatch | HelpRequest:
    """A resident asks for help from a public offer; it becomes their request and a match the helper answers.

    Returns the request, not a match, when the text suggests a crisis or touches a private matter (it is held):
    the team looks first, and no neighbour reads it until a worker has.
    """
    if offer.user_id == requester.id:
        raise DomainError(_("This is your own offer."), "message")
    if kind not in offer.kinds:
        raise DomainError(_("Choose one of the kinds of help this neighbour offers."), "kind")
    contact = _check_contact(contact)
    request = create_request(requester, RequestInput(kind=kind, description=message), now)
    request.listed = False  # written to this one neighbour, not for the public list
    if request.crisis or request.held_at is not None:
        return request  # the team looks first; the caller shows the emergency numbers or the held page
    _check_can_match(request, offer)
    match = _new_match(request, offer, requester, BY_REQUESTER, message, contact=contact)
    tell(match, notification_kinds.HELP_MATCH_PROPOSED, offer.user)
    return match


def side_of(user, match: HelpMatch) -> str | None:
    """ "requester", "helper", or None for someone who is neither."""
    if user is None:
        return None
    if match.request.user_id == user.id:
        return "requester"
    if match.offer.user_id == user.id:
        return "helper"
    return None


def _move(match: HelpMatch, from_statuses: tuple[str, ...], **values) -> bool:
    """Change a match only if it is still in one of ``from_statuses``, in one UPDATE.

    Two people acting on the same match at the same moment cannot both succeed: the second
    UPDATE finds the status already changed (and waits for the first one's lock on PostgreSQL).
    """
    changed = db.session.execute(
        update(HelpMatch).where(HelpMatch.id == match.id, HelpMatch.status.in_(from_statuses)).values(**values),
        execution_options={"synchronize_session": False},
    )
    db.session.refresh(match)
    return changed.rowcount == 1


def _still_matchable(match: HelpMatch) -> bool:
    """Neither side blocked or gone, and the offer not flagged nor withdrawn since the match was proposed."""
    people = (match.request.user, match.offer.user)
    return (
        all(person.active for person in people)
        and not match.offer.flagged_reason
        and match.offer.withdrawn_at is None
        and not any(db.session.get(HelpBlock, person.id) for person in people)
    )


def answer(user, match: HelpMatch, yes: bool, contact: str | None = None, now=None) -> HelpMatch:
    """One side's answer. Two yeses accept the match and share the contact details each chose."""
    side = side_of(user, match)
    if side is None:
        raise DomainError(_("This match is not yours to answer."), None)
    if match.status != PROPOSED:
        raise DomainError(_("This match has already been decided."), None)
    if getattr(match, f"{side}_answer") is not None:
        raise DomainError(_("You have already answered."), None)
    now = now or utcnow()
    other = match.offer.user if side == "requester" else match.request.user
    answered = getattr(HelpMatch, f"{side}_answer")
    if not yes:
        if not _move(match, (PROPOSED,), status=DECLINED, decided_at=now, **{f"{side}_answer": "no"}):
            raise DomainError(_("This match has already been decided."), None)
        release_place(match.offer)
        tell(match, notification_kinds.HELP_MATCH_DECLINED, other)
        tell_team(match.request, notification_kinds.HELP_TEAM_ENDED, by=side)
        db.session.flush()
        return match
    contact = _check_contact(contact)
    if not _still_matchable(match):
        raise DomainError(_("This match can no longer go ahead; the team will be in touch."), None)
    recorded = db.session.execute(
        update(HelpMatch)
        .where(HelpMatch.id == match.id, HelpMatch.status == PROPOSED, answered.is_(None))
        .values(**{f"{side}_answer": "yes", f"{side}_contact": contact}),
        execution_options={"synchronize_session": False},
    )
    db.session.refresh(match)
    if recorded.rowcount != 1:
        raise DomainError(_("This match has already been decided."), None)
    both = match.requester_answer == "yes" and match.helper_answer == "yes"
    if both and _move(match, (PROPOSED,), status=ACCEPTED, decided_at=now):
        match.request.status = MATCHED
        tell(match, notification_kinds.HELP_CONTACT_SHARED)
        tell_team(match.request, notification_kinds.HELP_TEAM_ACCEPTED)
    db.session.flush()
    return match


def contact_of_other_side(user, match: HelpMatch) -> str | None:
    """What the other side chose to share, for one of the two sides once both said yes; else None."""
    side = side_of(user, match)
    if side is None or match.status not in (ACCEPTED, DONE):
        return None
    return match.helper_contact if side == "requester" else match.requester_contact


def contact_choices(user) -> list[str]:
    """What a resident can share: their e-mail address and, if they gave one, their phone number."""
    return [value for value in (user.email, user.phone) if value]


def finish(user, match: HelpMatch, now=None) -> HelpMatch:
    """The help happened: the match and the request are done; both are asked whether it worked."""
    if side_of(user, match) is None and not may_match_for(user, match.request):
        raise DomainError(_("This match is not yours to close."), None)
    now = now or utcnow()
    if match.status != ACCEPTED or not _move(match, (ACCEPTED,), status=DONE, closed_at=now, ended_by_id=user.id):
        raise DomainError(_("Only an accepted match can be marked as done."), None)
    match.request.status, match.request.closed_at = DONE, now
    release_place(match.offer)
    if arrangements.is_recurring(match):  # a worker closing an arrangement: both are asked how it went
        arrangements.ask_checkin(match, arrangements.ENDED, now)
    else:  # help given once: that day is its one occurrence; "did it work?" is its check-in
        arrangements.add_occurrence(match, arrangements.local_today(now), user)
        _move(match, (DONE,), checkin_ended_at=now)
        tell(match, notification_kinds.HELP_FEEDBACK)
    db.session.flush()
    return match


def give_feedback(user, match: HelpMatch, worked: bool, note: str | None = None) -> HelpMatch:
    """One side says whether the help worked, once, with an optional note for the team."""
    side = side_of(user, match)
    if side is None:
        raise DomainError(_("This match is not yours."), None)
    if match.status != DONE:
        raise DomainError(_("You can say whether it worked once the help has happened."), None)
    if getattr(match, f"{side}_feedback") is not None:
        raise DomainError(_("You have already told us, thank you."), None)
    recorded = db.session.execute(
        update(HelpMatch)
        .where(HelpMatch.id == match.id, getattr(HelpMatch, f"{side}_feedback").is_(None))
        .values(**{f"{side}_feedback": "worked" if worked else "not"}),
        execution_options={"synchronize_session": False},
    )
    db.session.refresh(match)
    if recorded.rowcount != 1:  # the same answer sent twice at once: told once
        raise DomainError(_("You have already told us, thank you."), None)
    noted = bool(note and note.strip())
    if noted:
        prefix = _("Requester") if side == "requester" else _("Helper")
        match.feedback_note = "\n".join(filter(None, [match.feedback_note, f"{prefix}: {note.strip()[:1000]}"]))
    arrangements.record_feedback(user, side, match, worked, note)  # in the workers' list of check-ins
    # The note is for the team: announced here, read in the console (never in a mail).
    tell_team(match.request, notification_kinds.HELP_TEAM_FEEDBACK, side=side, worked=worked, note=noted)
    db.session.flush()
    return match


def cancel(worker, match: HelpMatch, now=None) -> HelpMatch:
    """A worker withdraws a proposed or accepted match; the request is open again."""
    if not may_match_for(worker, match.request):
        raise DomainError(_("Only workers of this neighbourhood's team can cancel this match."), None)
    if match.status not in LIVE_MATCH or not end_match(match, now or utcnow()):
        raise DomainError(_("This match has already been closed."), None)
    if match.request.status == MATCHED:
        match.request.status = OPEN
    record(worker, "help.cancel", f"help_match:{match.id}")
    tell(match, notification_kinds.HELP_MATCH_DECLINED)
    db.session.flush()
    return match


def end_match(match: HelpMatch, now: datetime) -> bool:
    """Close a live match (cancelled) and give its place back, once; False if it was no longer live."""
    if not _move(match, LIVE_MATCH, status=CANCELLED, closed_at=now):
        return False
    release_place(match.offer)
    return True
