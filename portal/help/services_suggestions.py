"""Suggesting offers for requests: the adapter between the database and the pure core ``matching``.

Rows become matching's facts (``request_facts``, ``offer_facts``); a cheap SQL filter keeps the offers
that can help now and may be within reach; matching ranks them for one request (``suggestions``) or
assigns the best set for many (``best_set``). Only the offers chosen are loaded as objects.

The best set of an area is costly (every offer within reach of its requests is scored) and read far more
often than help changes: ``cached_best_set`` keeps it in the shared cache (portal.cache), rebuilt after any
commit that changed offers, requests, matches or blocks, or a helper's account (``_note_accounts``).
numpy and scipy (matching_best_set) are imported only when a best set is worked out. In production
(HELP_BEST_SET_IN_BACKGROUND) that is never in a web worker: the jobs runner works out the sets that pages asked
for (``refresh_wanted_best_sets``), and a page shows the latest one, leaving out the pairs no longer possible.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import String, and_, cast, event, exists, false, func, inspect, or_, select
from sqlalchemy.orm import Session, selectinload

from portal import cache
from portal.accounts.models import User
from portal.config import by_environment
from portal.extensions import db
from portal.help import matching, matching_text
from portal.help.models import LIVE_MATCH, OPEN, HelpBlock, HelpMatch, HelpOffer, HelpOfferKind, HelpRequest
from portal.teams.models import Area
from portal.timeutil import utcnow

log = logging.getLogger(__name__)


def request_slots(request: HelpRequest) -> frozenset[str]:
    """The weekday slots a request needs: chosen times of the week, or the stated parts of its dates' weekdays."""
    return matching.needed_slots(request.when, request.on_date, request.until_date, request.slots or ())


def request_facts(request: HelpRequest) -> matching.RequestFacts:
    """What matching needs to know of a stored request."""
    return matching.RequestFacts(
        id=request.id,
        user_id=request.user_id,
        kind=request.kind,
        lat=request.latitude,
        lon=request.longitude,
        area_id=request.area_id,
        slots=request_slots(request),
        languages=tuple(request.languages or ()),
        created_at=request.created_at,
        urgency=request.urgency,
        frequency=request.frequency or matching.ONCE,
        words=matching_text.features(request.description),
        text=request.description or "",
    )


def offer_facts(offer, kinds: frozenset[str] | None = None) -> matching.OfferFacts:
    """What matching needs to know of a stored offer, or of a row of _FACT_COLUMNS with its ``kinds``."""
    return _offer_facts(
        offer,
        frozenset(offer.kinds) if kinds is None else kinds,
        frozenset(offer.slots or ()),
        frozenset(offer.languages or ()),
    )


def _offer_facts(offer, kinds: frozenset[str], slots: frozenset[str], languages: frozenset[str]):
    return matching.OfferFacts(
        id=offer.id,
        user_id=offer.user_id,
        kinds=kinds,
        lat=offer.latitude,
        lon=offer.longitude,
        area_id=offer.area_id,
        radius_km=offer.radius_km,
        slots=slots,
        languages=languages,
        capacity=offer.capacity,
        load=offer.load,
        regular=bool(offer.regular),
        words=matching_text.features(offer.description),
        created_at=offer.created_at,
    )


def _blocked(user_id_column):
    return exists().where(HelpBlock.user_id == user_id_column)


def available_offers(kind: str | None = None):
    """A query for listed offers that can take someone now: not paused or flagged, a place free, not blocked."""
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
    HelpOffer.capacity,
    HelpOffer.load,
    HelpOffer.regular,
    HelpOffer.description,
    HelpOffer.created_at,
    # As text: a city's offers hold a handful of distinct lists, each parsed once below (not 2 × 20,000 times).
    cast(HelpOffer.slots, String).label("slots"),
    cast(HelpOffer.languages, String).label("languages"),
)


def _facts_of(query, kinds: dict[int, frozenset[str]] | frozenset[str] | None) -> list[matching.OfferFacts]:
    """OfferFacts from plain rows (no objects: a city has thousands of offers); ``kinds`` per offer, the same
    for all, or None to read each offer's kinds with its row."""
    parsed: dict[str | None, frozenset[str]] = {}

    def members(text: str | None) -> frozenset[str]:
        if text not in parsed:
            parsed[text] = frozenset(json.loads(text) or ()) if text else frozenset()
        return parsed[text]

    kinds_of: dict[str | None, frozenset[str]] = {}

    def listed(text: str | None) -> frozenset[str]:
        if text not in kinds_of:
            kinds_of[text] = frozenset(text.split(",")) if text else frozenset()
        return kinds_of[text]

    columns = _FACT_COLUMNS
    if kinds is None:
        columns += (
            select(func.aggregate_strings(HelpOfferKind.kind, ","))
            .where(HelpOfferKind.offer_id == HelpOffer.id)
            .scalar_subquery()
            .label("kinds"),
        )
    return [
        _offer_facts(
            row,
            listed(row.kinds)
            if kinds is None
            else kinds
            if isinstance(kinds, frozenset)
            else kinds.get(row.id, frozenset()),
            members(row.slots),
            members(row.languages),
        )
        for row in db.session.execute(query.with_only_columns(*columns))
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

    Only offers that may be of the request's kind and within reach are read, as rows; only the suggested
    ones are loaded as objects. For a request of kind "other" every kind is read (its text decides).
    """
    near = or_(HelpOffer.area_id == request.area_id, _maybe_within_reach(request.latitude, request.longitude))
    if request.kind == "other":
        query = available_offers().where(near)
        candidates = _facts_of(query, None)
    else:
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
    live = exists().where(HelpMatch.request_id == HelpRequest.id, HelpMatch.status.in_(LIVE_MATCH))
    return (
        select(HelpRequest)
        .join(User, User.id == HelpRequest.user_id)
        .where(HelpRequest.area_id.in_(area_ids), HelpRequest.status == OPEN, ~live, User.active.is_(True))
        .order_by(HelpRequest.created_at, HelpRequest.id)
    )


def best_set(area_ids: list[int], now: datetime | None = None) -> list[tuple]:
    """The best set of matches for every open request in these areas at once: (request, offer, score).

    As many requests as possible get a neighbour; among those sets, the one that scores best in total.
    """
    requests, chosen = _work_out_best_set(area_ids, now or utcnow())
    offers = _offers_by_id(offer.id for _request, offer, _score in chosen)
    return [(requests[request.id], offers[offer.id], score) for request, offer, score in chosen]


def _work_out_best_set(area_ids: list[int], now: datetime) -> tuple[dict[int, HelpRequest], list[tuple]]:
    """The matchable requests by id, and the best set as (RequestFacts, OfferFacts, score), best first."""
    from portal.help import matching_best_set  # numpy and scipy: loaded by the first best set, not at start-up

    matchable = open_requests(area_ids).where(~_blocked(HelpRequest.user_id))  # a blocked requester cannot be matched
    requests = {r.id: r for r in db.session.scalars(matchable) if not r.crisis}
    if not requests:
        return requests, []
    # Candidates: offers of a wanted kind, in these areas or within reach of the requests' box.
    wanted = {r.kind for r in requests.values()}
    placed = [r for r in requests.values() if r.latitude is not None]
    near = HelpOffer.area_id.in_({r.area_id for r in requests.values()})
    if placed:
        lats, lons = [r.latitude for r in placed], [r.longitude for r in placed]
        centre = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
        half = matching.distance_km(centre[0], centre[1], max(lats), max(lons))  # half the box's diagonal
        near = or_(near, _maybe_within_reach(*centre, margin_km=half))
    query = available_offers().where(near)
    if "other" not in wanted:  # a request of kind "other" may meet an offer of any kind
        query = query.where(exists().where(HelpOfferKind.offer_id == HelpOffer.id, HelpOfferKind.kind.in_(wanted)))
    candidates = {facts.id: facts for facts in _facts_of(query, None)}
    request_facts_of = {r.id: request_facts(r) for r in requests.values()}
    pairs = matching_best_set.best_set(list(request_facts_of.values()), candidates.values(), now)
    return requests, [(request_facts_of[r], candidates[o], score) for r, o, score in pairs]


# --- the best set of an area, cached ------------------------------------------------------------------------

# A best set is stale after any change to these (tables, and the tag below); the timeout lets the waiting
# time (a small part of the score) and a new release catch up.
ACCOUNTS_TAG = "help.best_set.accounts"
BEST_SET_DEPENDS_ON = ("help_offer", "help_offer_kind", "help_request", "help_match", "help_block", ACCOUNTS_TAG)
BEST_SET_TIMEOUT = 600

# Worked out in the background (HELP_BEST_SET_IN_BACKGROUND): the latest set of each area set is kept under
# LATEST + its name with the generations it was built for; a page asks for its area set in the WANTED registry
# (name: area ids and when last asked, rewritten at most every WANTED_REFRESH), and the job ``help-best-sets``
# works out again every area set asked for within WANTED_FOR whose set is missing, stale or BEST_SET_TIMEOUT old.
LATEST = "help.best_set.latest:"
WANTED = "help.best_set.wanted"
WANTED_FOR = timedelta(hours=2)
WANTED_REFRESH = timedelta(minutes=5)
LATEST_TIMEOUT = 24 * 3600  # seconds; an area set nobody asks for drops out of the cache after a day


@dataclass(frozen=True)
class BestSet:
    """An area's best set as ids and words' facts, small enough to cache: what its page shows, in order."""

    pairs: tuple[tuple[int, int, float, matching.Suggestion], ...]  # request id, offer id, score, scored pair
    crisis: tuple[int, ...]  # open crisis requests, oldest first (never in the set)
    unpaired: tuple[int, ...]  # other open requests without a pair in the set, oldest first
    worked_out_at: datetime | None = None  # naive UTC; None with ``pending``
    pending: bool = False  # never worked out yet: the jobs runner is asked to (``pairs`` and ``unpaired`` empty)
    stale: bool = False  # worked out before the latest change: only pairs still possible now are left in


@dataclass(frozen=True)
class _Latest:
    """The latest best set of an area set in the background mode, and the generations it was worked out for."""

    generations: str
    best: BestSet


def in_background() -> bool:
    """Whether best sets are worked out by the jobs runner only (never in a web request)."""
    config = current_app.config
    return bool(by_environment(config, "HELP_BEST_SET_IN_BACKGROUND")) and config.get("CACHE_ENABLED", True)


def _name(area_ids) -> str:
    ids = ",".join(str(area_id) for area_id in sorted(set(area_ids)))
    return ids if len(ids) <= 100 else hashlib.sha256(ids.encode()).hexdigest()


def cached_best_set(area_ids: list[int], now: datetime | None = None) -> BestSet:
    """The best set of these areas, from the shared cache when nothing it depends on changed since.

    In the background mode (``in_background``) it is never worked out here: the latest set stored by the job is
    returned, with only the pairs still possible now when something changed since (``stale``), or an empty set
    that is ``pending`` when the area set never had one; either way the area set is noted as wanted.
    """
    now = now or utcnow()
    if in_background():
        found = _latest_best_set(area_ids, now)
    else:
        name = "help.best_set:" + _name(area_ids)
        found = cache.cached(name, BEST_SET_DEPENDS_ON, lambda: _build_best_set(area_ids, now), BEST_SET_TIMEOUT)
    return found


def _build_best_set(area_ids: list[int], now: datetime) -> BestSet:
    _requests, chosen = _work_out_best_set(area_ids, now)
    pairs = tuple(
        (request.id, offer.id, score, matching.score(request, offer, now)) for request, offer, score in chosen
    )
    paired = {request_id for request_id, *_rest in pairs}
    waiting = db.session.execute(open_requests(area_ids).with_only_columns(HelpRequest.id, HelpRequest.crisis))
    crisis, unpaired = [], []
    for request_id, is_crisis in waiting:
        if is_crisis:
            crisis.append(request_id)
        elif request_id not in paired:
            unpaired.append(request_id)
    return BestSet(pairs, tuple(crisis), tuple(unpaired), worked_out_at=now)


def _latest_best_set(area_ids: list[int], now: datetime) -> BestSet:
    """The latest set stored for these areas (see cached_best_set); notes the area set as wanted."""
    name = _name(area_ids)
    current = cache.generations(BEST_SET_DEPENDS_ON)
    try:
        latest, wanted = cache.cache.get_many(LATEST + name, WANTED)
    except Exception:  # noqa: BLE001 - a cache storage that is down reads as nothing stored
        log.warning("best sets unreadable", exc_info=True)
        latest, wanted = None, None
    else:  # (an unreadable registry is not overwritten with this area set alone)
        _note_wanted(name, area_ids, wanted or {}, now)
    if latest is None:
        crisis = db.session.scalars(
            open_requests(area_ids).where(HelpRequest.crisis.is_(True)).with_only_columns(HelpRequest.id)
        )
        return BestSet((), tuple(crisis), (), pending=True)
    if latest.generations == current:
        return latest.best
    return _still_possible(latest.best, area_ids)


def _note_wanted(name: str, area_ids: list[int], wanted: dict, now: datetime) -> None:
    """Put the area set in the registry of wanted ones, unless it was put there lately; forget old ones.

    Two workers writing at once may lose one's entry: its next page writes it again (it is missing).
    """
    asked = wanted.get(name)
    if asked is not None and now - asked[1] < WANTED_REFRESH:
        return
    fresh = {key: entry for key, entry in wanted.items() if now - entry[1] < WANTED_FOR}
    fresh[name] = (tuple(sorted(set(area_ids))), now)
    try:
        cache.cache.set(WANTED, fresh, timeout=int(WANTED_FOR.total_seconds()))
    except Exception:  # noqa: BLE001
        log.warning("wanted best sets not written", exc_info=True)


def _still_possible(best: BestSet, area_ids: list[int]) -> BestSet:
    """``best`` as it stands now: only the pairs whose request is still open without a match (and not blocked or
    in crisis) and whose offer is still available with a free place (the best pairs first) and of its kind; the
    crisis and waiting requests as they are now (new ones among the waiting)."""
    blocked = _blocked(HelpRequest.user_id).label("blocked")
    waiting = db.session.execute(
        open_requests(area_ids).with_only_columns(HelpRequest.id, HelpRequest.crisis, HelpRequest.kind, blocked)
    ).all()
    kind_of = {row.id: row.kind for row in waiting if not row.crisis and not row.blocked}
    offer_ids = {offer_id for _request_id, offer_id, *_rest in best.pairs}
    free, kinds = {}, {}
    if offer_ids:
        places = available_offers().where(HelpOffer.id.in_(offer_ids))
        free = dict(
            db.session.execute(places.with_only_columns(HelpOffer.id, HelpOffer.capacity - HelpOffer.load)).all()
        )
        offered = select(HelpOfferKind.offer_id, HelpOfferKind.kind).where(HelpOfferKind.offer_id.in_(list(free)))
        for offer_id, kind in db.session.execute(offered):
            kinds.setdefault(offer_id, set()).add(kind)
    pairs = []
    for pair in best.pairs:
        request_id, offer_id = pair[0], pair[1]
        kind = kind_of.get(request_id)
        if kind is None or free.get(offer_id, 0) <= 0 or (kind != "other" and kind not in kinds.get(offer_id, ())):
            continue
        free[offer_id] -= 1
        pairs.append(pair)
    paired = {pair[0] for pair in pairs}
    crisis = tuple(row.id for row in waiting if row.crisis)
    unpaired = tuple(row.id for row in waiting if not row.crisis and row.id not in paired)
    return replace(best, pairs=tuple(pairs), crisis=crisis, unpaired=unpaired, stale=True)


def refresh_wanted_best_sets(now: datetime | None = None) -> tuple[int, int]:
    """The job ``help-best-sets``: work out again the best set of every wanted area set whose latest set is
    missing, stale or BEST_SET_TIMEOUT old, those never worked out first; (worked out, still current).

    Safe beside another run (the jobs runner allows one at a time anyway): both store an equally good set. A set
    that cannot be worked out is logged and the others go on; the run then fails, naming how many.
    """
    now = now or utcnow()
    wanted = cache.cache.get(WANTED) or {}
    asked = {name: entry for name, entry in wanted.items() if now - entry[1] < WANTED_FOR}
    latest = dict(zip(asked, cache.cache.get_many(*(LATEST + name for name in asked)), strict=True)) if asked else {}
    order = sorted(asked, key=lambda name: (latest[name] is not None, -asked[name][1].timestamp()))
    worked_out = current = failed = 0
    for name in order:
        generations = cache.generations(BEST_SET_DEPENDS_ON)  # before reading: a change meanwhile makes it stale
        stored = latest[name]
        if (
            stored is not None
            and stored.generations == generations
            and stored.best.worked_out_at is not None
            and now - stored.best.worked_out_at < timedelta(seconds=BEST_SET_TIMEOUT)
        ):
            current += 1
            continue
        try:
            best = _build_best_set(list(asked[name][0]), utcnow())
        except Exception:
            log.exception("the best set of areas %s could not be worked out", name)
            failed += 1
            continue
        finally:
            db.session.rollback()  # a fresh snapshot for the next one; nothing is written
        cache.cache.set(LATEST + name, _Latest(generations, best), timeout=LATEST_TIMEOUT)
        worked_out += 1
    if failed:
        raise BestSetsFailed(f"{failed} of {len(order)} best sets could not be worked out")
    return worked_out, current


class BestSetsFailed(RuntimeError):
    """Some wanted best sets could not be worked out (each is logged); the others were stored."""


@event.listens_for(Session, "after_flush")
def _note_accounts(session: Session, _context) -> None:
    """A person deactivated, activated or deleted changes whose offers and requests can be matched."""
    changed = any(isinstance(o, User) for o in session.deleted) or any(
        isinstance(o, User) and inspect(o).attrs.active.history.has_changes() for o in session.dirty
    )
    if changed:
        cache._note(session, {ACCOUNTS_TAG})  # noqa: SLF001 - committed with the tables this flush changed
