"""Verbs of neighbourly help: offer, ask, suggest, propose, answer, share contact, close, expire.

The order of a match is enforced here, whoever calls: a worker (or one side) proposes; each
side answers once; contact details are shared only after two yeses; afterwards both say
whether it worked. Every function flushes and never commits; bad input or an out-of-order
step raises DomainError with a message for the resident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, exists, false, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.help import matching, notification_kinds
from portal.help.kinds import LANGUAGE_NAMES
from portal.help.models import (
    ACCEPTED,
    BY_HELPER,
    BY_REQUESTER,
    BY_WORKER,
    CANCELLED,
    CLOSED,
    DECLINED,
    DONE,
    EXPIRED,
    LIVE_MATCH,
    MATCHED,
    OPEN,
    PROPOSED,
    URGENCIES,
    WHEN_DATE,
    WHEN_PERIOD,
    WHEN_SLOTS,
    HelpBlock,
    HelpMatch,
    HelpOffer,
    HelpOfferKind,
    HelpRequest,
)
from portal.help.places import place_of
from portal.help.safety import suggests_crisis
from portal.notifications.services import notify
from portal.teams.models import Area
from portal.timeutil import utcnow

REQUEST_LIFETIME = timedelta(days=30)  # an open request without a date expires after this
REMIND_BEFORE = timedelta(days=3)  # the requester is asked whether it is still needed
PROPOSAL_LIFETIME = timedelta(days=7)  # an unanswered proposal does not hold a helper's place longer
MAX_CAPACITY = 10
MAX_RADIUS_KM = 25.0
LANGUAGES = tuple(LANGUAGE_NAMES)


# --------------------------------------------------------------------------- offers and requests


@dataclass
class OfferInput:
    kinds: list[str]
    description: str
    radius_km: float | None = None
    slots: list[str] = field(default_factory=list)
    regular: bool = False
    languages: list[str] = field(default_factory=list)
    capacity: int = 1


@dataclass
class RequestInput:
    kind: str
    description: str
    area: object | None = None  # a neighbourhood; None: the resident's own
    when: str = WHEN_SLOTS
    on_date: date | None = None
    until_date: date | None = None
    slots: list[str] = field(default_factory=list)
    urgency: str = "normal"
    languages: list[str] = field(default_factory=list)


def _check_slots(slots: list[str], field_name: str = "slots") -> list[str]:
    known = {f"{day}-{part}" for day in matching.DAYS for part in matching.PARTS}
    if any(slot not in known for slot in slots):
        raise DomainError(_("Choose the times from the list."), field_name)
    return sorted(set(slots), key=lambda slot: (matching.DAYS.index(slot[:3]), matching.PARTS.index(slot[4:])))


def _check_languages(languages: list[str]) -> list[str]:
    if any(code not in LANGUAGES for code in languages):
        raise DomainError(_("Choose the languages from the list."), "languages")
    return list(dict.fromkeys(languages))


def _check_text(text: str, field_name: str, limit: int = 2000) -> str:
    text = (text or "").strip()
    if len(text) < 10:
        raise DomainError(_("Describe it in a few words (at least 10 characters)."), field_name)
    if len(text) > limit:
        raise DomainError(_("Use at most %(max)d characters.", max=limit), field_name)
    return text


def save_offer(user, data: OfferInput, offer: HelpOffer | None = None) -> HelpOffer:
    """Create ``user``'s offer, or change it; the place is the centre of their postcode."""
    if offer is not None and offer.user_id != user.id:
        raise DomainError(_("This is not your offer."), None)
    if not data.kinds or any(kind not in matching.KINDS for kind in data.kinds):
        raise DomainError(_("Choose at least one kind of help from the list."), "kinds")
    if not 1 <= data.capacity <= MAX_CAPACITY:
        raise DomainError(_("Choose between 1 and %(max)d people.", max=MAX_CAPACITY), "capacity")
    if data.radius_km is not None and not 0.2 <= data.radius_km <= MAX_RADIUS_KM:
        raise DomainError(_("Choose a distance between 0.2 and %(max)d km.", max=int(MAX_RADIUS_KM)), "radius_km")
    if user.area is None:
        raise DomainError(_("Add your home postcode to your account first, so neighbours nearby find you."), None)
    description = _check_text(data.description, "description")
    slots = _check_slots(data.slots)
    languages = _check_languages(data.languages)
    if offer is not None and data.capacity < offer.load:
        raise DomainError(
            _("You are helping %(num)d people now; choose at least that many.", num=offer.load), "capacity"
        )
    area, lat, lon = place_of(user)  # before a new offer joins the session: the lookup may flush
    if offer is None:
        offer = HelpOffer(user_id=user.id, load=0, paused=False)
        db.session.add(offer)
    offer.kinds = data.kinds
    offer.description = description
    offer.radius_km = data.radius_km
    offer.slots = slots
    offer.regular = data.regular
    offer.languages = languages
    offer.capacity = data.capacity
    offer.area_id, offer.latitude, offer.longitude = area.id, lat, lon
    db.session.flush()
    return offer


def set_paused(user, offer: HelpOffer, paused: bool) -> HelpOffer:
    if offer.user_id != user.id:
        raise DomainError(_("This is not your offer."), None)
    offer.paused = paused
    db.session.flush()
    return offer


def _expiry(data: RequestInput, now: datetime) -> datetime:
    last_day = data.until_date or data.on_date
    if last_day is not None:
        return datetime.combine(last_day + timedelta(days=1), datetime.min.time())
    return now + REQUEST_LIFETIME


def create_request(user, data: RequestInput, now: datetime | None = None) -> HelpRequest:
    """Store ``user``'s request. One whose text suggests a crisis is kept for the team only."""
    now = now or utcnow()
    if data.kind not in matching.KINDS:
        raise DomainError(_("Choose a kind of help from the list."), "kind")
    if data.urgency not in URGENCIES:
        raise DomainError(_("Choose how urgent it is."), "urgency")
    description = _check_text(data.description, "description")
    slots, on_date, until_date = [], None, None
    if data.when == WHEN_SLOTS:
        slots = _check_slots(data.slots)
    elif data.when == WHEN_DATE:
        if data.on_date is None:
            raise DomainError(_("Choose the date."), "on_date")
        on_date = data.on_date
    elif data.when == WHEN_PERIOD:
        if data.on_date is None or data.until_date is None:
            raise DomainError(_("Choose the first and the last day."), "until_date")
        if data.until_date < data.on_date:
            raise DomainError(_("The last day comes after the first day."), "until_date")
        on_date, until_date = data.on_date, data.until_date
    else:
        raise DomainError(_("Choose when you need the help."), "when")
    if on_date is not None and on_date < now.date():
        raise DomainError(_("Choose a day from today on."), "on_date")
    area, lat, lon = place_of(user, data.area)
    if area is None:
        raise DomainError(_("Choose the neighbourhood where the help is needed."), "area")
    request = HelpRequest(
        user_id=user.id,
        kind=data.kind,
        description=description,
        area_id=area.id,
        latitude=lat,
        longitude=lon,
        when=data.when,
        on_date=on_date,
        until_date=until_date,
        slots=slots,
        languages=_check_languages(data.languages),
        urgency=data.urgency,
        crisis=suggests_crisis(description),
        created_at=now,
    )
    request.expires_at = _expiry(data, now)
    db.session.add(request)
    db.session.flush()
    return request


# --------------------------------------------------------------------------- suggestions


def request_slots(request: HelpRequest) -> frozenset[str]:
    """The weekday slots a request can be helped in: chosen slots, or the weekdays of its dates."""
    if request.when == WHEN_SLOTS:
        return frozenset(request.slots)
    first = request.on_date
    last = request.until_date or first
    if first is None:
        return frozenset()
    days = {matching.DAYS[(first + timedelta(days=n)).weekday()] for n in range(min((last - first).days, 6) + 1)}
    return frozenset(f"{day}-{part}" for day in days for part in matching.PARTS)


def request_facts(request: HelpRequest) -> matching.RequestFacts:
    return matching.RequestFacts(
        id=request.id,
        user_id=request.user_id,
        kind=request.kind,
        lat=request.latitude,
        lon=request.longitude,
        area_id=request.area_id,
        slots=request_slots(request),
        languages=frozenset(request.languages or ()),
        created_at=request.created_at,
        urgency=request.urgency,
    )


def offer_facts(offer: HelpOffer) -> matching.OfferFacts:
    return matching.OfferFacts(
        id=offer.id,
        user_id=offer.user_id,
        kinds=frozenset(offer.kinds),
        lat=offer.latitude,
        lon=offer.longitude,
        area_id=offer.area_id,
        radius_km=offer.radius_km,
        slots=frozenset(offer.slots or ()),
        languages=frozenset(offer.languages or ()),
        capacity=offer.capacity,
        load=offer.load,
    )


def _blocked(user_id_column):
    return exists().where(HelpBlock.user_id == user_id_column)


def available_offers(kind: str | None = None):
    """A query for listed offers that can take someone now: not paused or flagged, a place free, not blocked."""
    from portal.accounts.models import User

    query = (
        select(HelpOffer)
        .join(User, User.id == HelpOffer.user_id)
        .where(
            HelpOffer.paused.is_(False),
            HelpOffer.flagged_reason.is_(None),
            HelpOffer.load < HelpOffer.capacity,
            HelpOffer.listed.is_(True),
            User.active.is_(True),
            ~_blocked(HelpOffer.user_id),
        )
    )
    if kind is not None:  # a join, so the database starts from the index of offers by kind
        query = query.join(HelpOfferKind, and_(HelpOfferKind.offer_id == HelpOffer.id, HelpOfferKind.kind == kind))
    return query


_FACT_COLUMNS = (
    HelpOffer.id,
    HelpOffer.user_id,
    HelpOffer.latitude,
    HelpOffer.longitude,
    HelpOffer.area_id,
    HelpOffer.radius_km,
    HelpOffer.slots,
    HelpOffer.languages,
    HelpOffer.capacity,
    HelpOffer.load,
)


def _facts_of(query, kinds: dict[int, frozenset[str]] | frozenset[str]) -> list[matching.OfferFacts]:
    """OfferFacts from plain rows (no objects: a city has thousands of offers); ``kinds`` per offer or for all."""
    return [
        matching.OfferFacts(
            id=row.id,
            user_id=row.user_id,
            kinds=kinds if isinstance(kinds, frozenset) else kinds.get(row.id, frozenset()),
            lat=row.latitude,
            lon=row.longitude,
            area_id=row.area_id,
            radius_km=row.radius_km,
            slots=frozenset(row.slots or ()),
            languages=frozenset(row.languages or ()),
            capacity=row.capacity,
            load=row.load,
        )
        for row in db.session.execute(query.with_only_columns(*_FACT_COLUMNS))
    ]


def _offers_by_id(ids) -> dict[int, HelpOffer]:
    """The chosen offers as objects, with what the pages show of them loaded at once."""
    query = (
        select(HelpOffer)
        .where(HelpOffer.id.in_(list(ids)))
        .options(selectinload(HelpOffer.user), selectinload(HelpOffer.area).selectinload(Area.team))
    )
    return {offer.id: offer for offer in db.session.scalars(query)}


def suggestions(request: HelpRequest, now: datetime | None = None, limit: int = 10) -> list[tuple]:
    """Ranked (offer, matching.Suggestion) pairs for an open request, best first.

    Only offers of the request's kind within reach are read, as rows; only the suggested ones
    are loaded as objects.
    """
    near = or_(HelpOffer.area_id == request.area_id, _maybe_within_reach(request.latitude, request.longitude))
    query = available_offers(request.kind).where(near)
    candidates = _facts_of(query, frozenset((request.kind,)))  # the query keeps only offers of this kind
    ranked = matching.rank(request_facts(request), candidates, now or utcnow(), limit)
    offers = _offers_by_id(suggestion.offer_id for suggestion in ranked)
    return [(offers[suggestion.offer_id], suggestion) for suggestion in ranked]


def _maybe_within_reach(latitude: float | None, longitude: float | None, margin_km: float = 0.0):
    """A cheap SQL filter that keeps every offer matching.within_reach() could accept (and a few more).

    Inside a box of the offer's reach (plus ``margin_km``) around a point; matching.rank then
    measures the real distance. Offers in the request's own neighbourhood are added by the
    caller. Saves reading offers from the other side of the city.
    """
    if latitude is None or longitude is None:
        return false()
    reach = func.coalesce(HelpOffer.radius_km, matching.DEFAULT_REACH_KM) * 1.01 + margin_km  # margin for rounding
    km_per_degree_lon = matching.distance_km(latitude, longitude, latitude, longitude + 1)
    return and_(
        func.abs(HelpOffer.latitude - latitude) * matching.distance_km(0, 0, 1, 0) <= reach,
        func.abs(HelpOffer.longitude - longitude) * km_per_degree_lon <= reach,
    )


def open_requests(area_ids: list[int]):
    """A query for the requests a worker can match in these areas: open, no live match, oldest first."""
    from portal.accounts.models import User

    live = exists().where(HelpMatch.request_id == HelpRequest.id, HelpMatch.status.in_(LIVE_MATCH))
    return (
        select(HelpRequest)
        .join(User, User.id == HelpRequest.user_id)
        .where(HelpRequest.area_id.in_(area_ids), HelpRequest.status == OPEN, ~live, User.active.is_(True))
        .order_by(HelpRequest.created_at, HelpRequest.id)
    )


def best_set(area_ids: list[int], now: datetime | None = None) -> list[tuple]:
    """The best set of matches for every open request in these areas at once: (request, offer, score)."""
    now = now or utcnow()
    matchable = open_requests(area_ids).where(~_blocked(HelpRequest.user_id))  # a blocked requester cannot be matched
    requests = {r.id: r for r in db.session.scalars(matchable) if not r.crisis}
    if not requests:
        return []
    # Candidates: offers of a wanted kind, in these areas or within reach of the requests' box.
    wanted = {r.kind for r in requests.values()}
    placed = [r for r in requests.values() if r.latitude is not None]
    near = HelpOffer.area_id.in_({r.area_id for r in requests.values()})
    if placed:
        lats, lons = [r.latitude for r in placed], [r.longitude for r in placed]
        centre = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
        half = matching.distance_km(centre[0], centre[1], max(lats), max(lons))  # half the box's diagonal
        near = or_(near, _maybe_within_reach(*centre, margin_km=half))
    of_kind = exists().where(HelpOfferKind.offer_id == HelpOffer.id, HelpOfferKind.kind.in_(wanted))
    query = available_offers().where(of_kind, near)
    kinds: dict[int, set[str]] = {}
    for offer_id, kind in db.session.execute(
        select(HelpOfferKind.offer_id, HelpOfferKind.kind).where(
            HelpOfferKind.offer_id.in_(query.with_only_columns(HelpOffer.id))
        )
    ):
        kinds.setdefault(offer_id, set()).add(kind)
    candidates = _facts_of(query, {offer_id: frozenset(found) for offer_id, found in kinds.items()})
    pairs = matching.best_set([request_facts(r) for r in requests.values()], candidates, now)
    offers = _offers_by_id(offer_id for _request_id, offer_id, _score in pairs)
    return [(requests[request_id], offers[offer_id], score) for request_id, offer_id, score in pairs]


# --------------------------------------------------------------------------- matches


def may_match_for(worker, request: HelpRequest) -> bool:
    team = request.area.team if request.area else None
    return worker.is_worker and worker.works_for(team.slug if team else None)


def _live_match(request: HelpRequest) -> HelpMatch | None:
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
    if _live_match(request) is not None:
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


def _link(match: HelpMatch) -> str:
    return f"/help/matches/{match.id}"


def propose(worker, request: HelpRequest, offer: HelpOffer, note: str | None = None, now=None) -> HelpMatch:
    """A worker of the request's team proposes ``offer`` for ``request``; both sides are asked."""
    if not may_match_for(worker, request):
        raise DomainError(_("Only workers of this neighbourhood's team can propose matches here."), None)
    _check_can_match(request, offer)
    suggestion = matching.score(request_facts(request), offer_facts(offer), now or utcnow())
    match = _new_match(request, offer, worker, BY_WORKER, note, suggestion)
    record(worker, "help.propose", f"help_match:{match.id}", f"request:{request.id} offer:{offer.id}")
    params = {"kind": request.kind}
    notify(request.user, notification_kinds.HELP_MATCH_PROPOSED, params, _link(match))
    notify(offer.user, notification_kinds.HELP_MATCH_PROPOSED, params, _link(match))
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
    message = _check_text(message, "message", 1000)
    contact = _check_contact(contact)
    if request.user_id == helper.id:
        raise DomainError(_("This is your own request."), "message")
    offer = offer_for_response(helper, request.kind, message)
    _check_can_match(request, offer)
    match = _new_match(request, offer, helper, BY_HELPER, message, contact=contact)
    notify(request.user, notification_kinds.HELP_MATCH_PROPOSED, {"kind": request.kind}, _link(match))
    return match


def respond_to_offer(requester, offer: HelpOffer, kind: str, message: str, contact: str, now=None) -> HelpMatch | None:
    """A resident asks for help from a public offer; it becomes their request and a match the helper answers.

    Returns None when the text suggests a crisis: the request then waits for the team, not a neighbour.
    """
    if offer.user_id == requester.id:
        raise DomainError(_("This is your own offer."), "message")
    if kind not in offer.kinds:
        raise DomainError(_("Choose one of the kinds of help this neighbour offers."), "kind")
    contact = _check_contact(contact)
    request = create_request(requester, RequestInput(kind=kind, description=message), now)
    request.listed = False  # written to this one neighbour, not for the public list
    if request.crisis:
        return None  # the team looks first; the caller shows the emergency numbers
    _check_can_match(request, offer)
    match = _new_match(request, offer, requester, BY_REQUESTER, message, contact=contact)
    notify(offer.user, notification_kinds.HELP_MATCH_PROPOSED, {"kind": kind}, _link(match))
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
    """Neither side blocked or gone, and the offer not flagged since the match was proposed."""
    people = (match.request.user, match.offer.user)
    return (
        all(person.active for person in people)
        and not match.offer.flagged_reason
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
        notify(other, notification_kinds.HELP_MATCH_DECLINED, {"kind": match.request.kind}, _link(match))
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
        for person in (match.request.user, match.offer.user):
            notify(person, notification_kinds.HELP_CONTACT_SHARED, {"kind": match.request.kind}, _link(match))
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
    if match.status != ACCEPTED or not _move(match, (ACCEPTED,), status=DONE, closed_at=now):
        raise DomainError(_("Only an accepted match can be marked as done."), None)
    match.request.status, match.request.closed_at = DONE, now
    release_place(match.offer)
    for person in (match.request.user, match.offer.user):
        notify(person, notification_kinds.HELP_FEEDBACK, {"kind": match.request.kind}, _link(match))
    db.session.flush()
    return match


def give_feedback(user, match: HelpMatch, worked: bool, note: str | None = None) -> HelpMatch:
    side = side_of(user, match)
    if side is None:
        raise DomainError(_("This match is not yours."), None)
    if match.status != DONE:
        raise DomainError(_("You can say whether it worked once the help has happened."), None)
    if getattr(match, f"{side}_feedback") is not None:
        raise DomainError(_("You have already told us, thank you."), None)
    setattr(match, f"{side}_feedback", "worked" if worked else "not")
    if note and note.strip():
        prefix = _("Requester") if side == "requester" else _("Helper")
        match.feedback_note = "\n".join(filter(None, [match.feedback_note, f"{prefix}: {note.strip()[:1000]}"]))
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
    for person in (match.request.user, match.offer.user):
        notify(person, notification_kinds.HELP_MATCH_DECLINED, {"kind": match.request.kind}, _link(match))
    db.session.flush()
    return match


def end_match(match: HelpMatch, now: datetime) -> bool:
    """Close a live match (cancelled) and give its place back, once; False if it was no longer live."""
    if not _move(match, LIVE_MATCH, status=CANCELLED, closed_at=now):
        return False
    release_place(match.offer)
    return True


def close_request(user, request: HelpRequest, now=None) -> HelpRequest:
    """The requester no longer needs help; a live match is cancelled and its place given back."""
    if request.user_id != user.id:
        raise DomainError(_("This is not your request."), None)
    if request.status not in (OPEN, MATCHED):
        raise DomainError(_("This request is already closed."), None)
    now = now or utcnow()
    if (match := _live_match(request)) is not None:
        end_match(match, now)
        notify(match.offer.user, notification_kinds.HELP_MATCH_DECLINED, {"kind": request.kind}, _link(match))
    request.status, request.closed_at = CLOSED, now
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
    if (match := _live_match(request)) is not None:
        end_match(match, now)
        notify(match.offer.user, notification_kinds.HELP_MATCH_DECLINED, {"kind": request.kind}, _link(match))
    request.status, request.closed_at = CLOSED, now
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
            if (match := _live_match(request)) is not None:
                end_match(match, now)
            request.status, request.closed_at = EXPIRED, now
            expired += 1
        elif request.reminded_at is None:
            request.reminded_at = now
            notify(request.user, notification_kinds.HELP_REQUEST_EXPIRING, {"kind": request.kind}, "/help/mine")
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
            for person in (match.request.user, match.offer.user):
                notify(person, notification_kinds.HELP_MATCH_DECLINED, {"kind": match.request.kind}, _link(match))
    db.session.flush()
    return withdrawn


# --------------------------------------------------------------------------- safety


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
        notify(other, notification_kinds.HELP_MATCH_DECLINED, {"kind": match.request.kind}, _link(match))
    record(worker, "help.block", f"user:{person.id}", block.reason)
    db.session.flush()
    return block


def unblock_person(worker, person) -> None:
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
                for person in (match.request.user, match.offer.user):
                    notify(person, notification_kinds.HELP_MATCH_DECLINED, {"kind": match.request.kind}, _link(match))
    record(worker, "help.flag" if reason else "help.unflag", f"help_offer:{offer.id}", reason)
    db.session.flush()
    return offer
