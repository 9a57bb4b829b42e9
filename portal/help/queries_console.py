"""Read functions for the workers' matching console: their teams' areas, the open requests waiting
there, live matches, flagged offers, blocks, and where a person is known.

The console's views (views_console) decide who may see what; these functions only read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import abort
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Integer, Row, bindparam, exists, func, literal, null, or_, select, union_all
from sqlalchemy.orm import aliased, joinedload

from portal.accounts.models import User
from portal.extensions import db
from portal.help.models import LIVE_MATCH, OPEN, HelpBlock, HelpMatch, HelpOffer, HelpOfferKind, HelpRequest
from portal.help.places import team_slug
from portal.help.services_suggestions import open_requests
from portal.paging import ListFilters, get_or_404, page_number
from portal.teams.models import NEIGHBOURHOOD, Area, Team

PER_PAGE = 25  # open requests, matches in progress, pairs of a best set: one page each


@dataclass(frozen=True)
class ConsoleFilters(ListFilters):
    """The console's team and its pages: ``page`` of the open requests, ``later`` of the matches in progress."""

    team: str = ""
    later: int = 1

    @classmethod
    def from_args(cls, args: Mapping) -> ConsoleFilters:
        return cls.paged(args, team=cls.text(args, "team", 100), later=page_number(args.get("later", 1)))


@dataclass(frozen=True)
class BestSetFilters(ListFilters):
    """The pages of a best set: ``page`` of the pairs, ``later`` of the requests still without a neighbour."""

    later: int = 1

    @classmethod
    def from_args(cls, args: Mapping) -> BestSetFilters:
        return cls.paged(args, later=page_number(args.get("later", 1)))


class RowPage(Pagination):
    """One page for the pager macro: of the rows of a ``select`` whose number is known (``total``), of a
    list already in hand (``items``), or the page's own rows already read (``rows``, with ``total``). Rows, not
    objects; the total is not counted again."""

    def _query_items(self) -> list:
        start, stop = self._query_offset, self._query_offset + self.per_page
        if "rows" in self._query_args:
            return list(self._query_args["rows"])
        if "items" in self._query_args:
            return list(self._query_args["items"][start:stop])
        return list(db.session.execute(self._query_args["select"].limit(self.per_page).offset(start)))

    def _query_count(self) -> int:
        return len(self._query_args["items"]) if "items" in self._query_args else self._query_args["total"]


def row_page(page: int, **source) -> RowPage:
    """Page ``page`` (PER_PAGE rows) of ``select=…, total=…``, of ``items=…`` or of ``rows=…, total=…`` (the
    page's rows themselves); past the end: empty."""
    return RowPage(page=page, per_page=PER_PAGE, error_out=False, **source)


def _offset(page: int) -> int:
    return (page - 1) * PER_PAGE


@dataclass(frozen=True)
class LaterPages:
    """``filters`` as the pager macro needs them for a page's second list, paged by ``later``."""

    filters: ListFilters

    def args(self, page: int) -> dict:
        return self.filters.args(later=page)


def area_by_code(code: str) -> Area:
    """The area (a neighbourhood or a district) with this CBS code, or 404."""
    return db.session.scalar(select(Area).where(Area.code == code)) or abort(404)


def neighbourhoods(area: Area) -> list[Area]:
    """A neighbourhood itself, or a district's neighbourhoods."""
    return [area] if area.kind == NEIGHBOURHOOD else list(area.children)


def teams_of_person(person_id: int) -> list[str | None]:
    """Where a person is known: the teams of their home area and of the areas of their requests and offers."""
    person = get_or_404(User, person_id)
    areas = db.session.scalars(
        select(Area).where(
            or_(
                Area.id == person.area_id,
                exists().where(HelpRequest.area_id == Area.id, HelpRequest.user_id == person.id),
                exists().where(HelpOffer.area_id == Area.id, HelpOffer.user_id == person.id),
            )
        )
    )
    return [team_slug(area) for area in areas]


def teams_for(user) -> list[Team]:
    """The teams whose console ``user`` sees: every team for a coordinator, else their own."""
    if user.is_coordinator:
        return list(db.session.scalars(select(Team).order_by(Team.name)))
    return list(user.teams)


def area_ids_of(teams: list[Team], everything: bool) -> list[int]:
    """The ids of the areas of ``teams``, or of every area (``everything``, with or without a team)."""
    query = select(Area.id)
    if not everything:
        query = query.where(Area.team_id.in_([team.id for team in teams]))
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class Place:
    """An area as a link shows it: its CBS code and its name."""

    code: str
    name: str


@dataclass(frozen=True)
class ConsoleAreas:
    """The areas of the console's teams: every id (districts too), and their neighbourhoods, by name, each with
    its district (None for a neighbourhood without one)."""

    ids: list[int]
    neighbourhoods: list[tuple[int, Place, Place | None]]  # (id, neighbourhood, district)


@cache
def _areas_query():
    """The console's areas with their districts (built once: an alias costs a copy of every column)."""
    district = aliased(Area)
    return select(
        Area.id,
        Area.kind,
        Area.code,
        Area.name,
        district.code.label("district_code"),
        district.name.label("district_name"),
    ).outerjoin(district, district.id == Area.parent_id)


def console_areas(teams: list[Team], everything: bool) -> ConsoleAreas:
    """The areas of ``teams``, or every area (``everything``, with or without a team), in one statement."""
    query = _areas_query()
    if not everything:
        query = query.where(Area.team_id.in_([team.id for team in teams]))
    rows = db.session.execute(query).all()
    hoods = [
        (row.id, Place(row.code, row.name), Place(row.district_code, row.district_name) if row.district_code else None)
        for row in sorted(rows, key=lambda row: row.name)  # by name as Python orders names, whatever the collation
        if row.kind == NEIGHBOURHOOD
    ]
    return ConsoleAreas([row.id for row in rows], hoods)


def best_set_links(areas: ConsoleAreas, counts: dict[int, int]) -> list[tuple]:
    """(district, [(neighbourhood, open requests)], open requests) for the best-set links, districts by name and
    the neighbourhoods without one last; ``counts`` are the open requests per neighbourhood (OpenRequests)."""
    districts: dict[str | None, tuple[Place | None, list]] = {}
    for hood_id, hood, district in areas.neighbourhoods:
        districts.setdefault(district.code if district else None, (district, []))[1].append(
            (hood, counts.get(hood_id, 0))
        )
    ordered = sorted(districts.values(), key=lambda pair: (pair[0] is None, pair[0].name if pair[0] else ""))
    return [(district, hoods, sum(count for _hood, count in hoods)) for district, hoods in ordered]


@dataclass(frozen=True)
class OpenRequests:
    """The open requests without a match in the console's areas: how many per area (crisis included), the
    crisis requests (every one, oldest first) and a page of the others (oldest first), as rows."""

    per_area: dict[int, int]
    crisis: list[Row]
    waiting: RowPage


def open_requests_of(area_ids: list[int], page: int) -> OpenRequests:
    """The console's open requests in two statements: first which requests are open in these areas, in order (id,
    area and crisis of each: read through the open requests' own index, where a LIMIT made the database walk the
    index of all requests by age), then what the lists show of the crisis requests and of page ``page``."""
    which = open_requests(area_ids).with_only_columns(HelpRequest.id, HelpRequest.area_id, HelpRequest.crisis)
    per_area: dict[int, int] = {}
    crisis_ids, other_ids = [], []
    for request_id, area_id, crisis in db.session.execute(which):
        per_area[area_id] = per_area.get(area_id, 0) + 1
        (crisis_ids if crisis else other_ids).append(request_id)
    shown = other_ids[_offset(page) : _offset(page) + PER_PAGE]
    rows = _console_request_rows(crisis_ids + shown)
    in_order = [rows[request_id] for request_id in shown if request_id in rows]
    return OpenRequests(
        per_area,
        crisis=[rows[request_id] for request_id in crisis_ids if request_id in rows],
        waiting=row_page(page, rows=in_order, total=len(other_ids)),
    )


def _console_request_rows(ids: list[int]) -> dict[int, Row]:
    """What the console shows of these requests, by id: _REQUEST_COLUMNS, the team, and the requester's phone
    number and e-mail address (a crisis request's contact)."""
    if not ids:
        return {}
    query = (
        select(*_REQUEST_COLUMNS, Team.name.label("team_name"), User.phone, User.email)
        .join(User, User.id == HelpRequest.user_id)
        .join(Area, Area.id == HelpRequest.area_id)
        .outerjoin(Team, Team.id == Area.team_id)
        .where(HelpRequest.id.in_(ids))
    )
    return {row.id: row for row in db.session.execute(query)}


def waiting_requests(area_ids: list[int]) -> list[HelpRequest]:
    """The open requests without a match in these areas, oldest first, with requester and team loaded."""
    loaded = (joinedload(HelpRequest.user), joinedload(HelpRequest.area).joinedload(Area.team))
    return list(db.session.scalars(open_requests(area_ids).options(*loaded)))


def crisis_requests(area_ids: list[int]) -> list[HelpRequest]:
    """The open crisis requests in these areas (rare, and every one is shown), oldest first, requester loaded."""
    loaded = (joinedload(HelpRequest.user), joinedload(HelpRequest.area).joinedload(Area.team))
    return list(db.session.scalars(open_requests(area_ids).where(HelpRequest.crisis.is_(True)).options(*loaded)))


_REQUEST_COLUMNS = (
    HelpRequest.id,
    HelpRequest.kind,
    HelpRequest.user_id,
    HelpRequest.urgency,
    HelpRequest.created_at,
    func.substr(HelpRequest.description, 1, 120).label("description"),  # the list shows 80 characters
    User.name.label("user_name"),
    Area.name.label("area_name"),
)


def request_rows(ids: Iterable[int]) -> dict[int, Row]:
    """What a list shows of these requests (rows of _REQUEST_COLUMNS), by id."""
    query = (
        select(*_REQUEST_COLUMNS)
        .join(User, User.id == HelpRequest.user_id)
        .join(Area, Area.id == HelpRequest.area_id)
        .where(HelpRequest.id.in_(list(ids)))
    )
    return {row.id: row for row in db.session.execute(query)}


def offer_rows(ids: Iterable[int]) -> dict[int, Row]:
    """What a list shows of these offers: the helper's name and the offer's neighbourhood, by id."""
    place = aliased(Area)
    query = (
        select(HelpOffer.id, User.name.label("user_name"), place.name.label("area_name"))
        .join(User, User.id == HelpOffer.user_id)
        .outerjoin(place, place.id == HelpOffer.area_id)
        .where(HelpOffer.id.in_(list(ids)))
    )
    return {row.id: row for row in db.session.execute(query)}


def live_matches(area_ids: list[int]) -> list[HelpMatch]:
    """Proposed and accepted matches of requests in these areas, oldest first."""
    query = (
        select(HelpMatch)
        .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
        .where(HelpRequest.area_id.in_(area_ids), HelpMatch.status.in_(LIVE_MATCH))
        .options(
            joinedload(HelpMatch.request).joinedload(HelpRequest.area),
            joinedload(HelpMatch.request).joinedload(HelpRequest.user),
            joinedload(HelpMatch.offer).joinedload(HelpOffer.user),
            joinedload(HelpMatch.offer).joinedload(HelpOffer.area),
        )
        .order_by(HelpMatch.created_at, HelpMatch.id)
    )
    return list(db.session.scalars(query))


@cache
def _live_match_query():
    """The statement of live_match_page, built once (aliases and a subquery cost a copy of each column): the
    page is chosen (and all of them counted) before the names are joined to it, which the database plans
    quickly. Parameters: ``area_ids``, ``limit`` and ``offset``."""
    live = (
        select(
            HelpMatch.id,
            HelpMatch.request_id,
            HelpMatch.offer_id,
            HelpMatch.status,
            HelpMatch.created_at,
            HelpMatch.requester_answer,
            HelpMatch.helper_answer,
            HelpRequest.kind,
            HelpRequest.user_id,
            HelpRequest.area_id,
            func.count().over().label("total"),
        )
        .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
        .where(HelpRequest.area_id.in_(bindparam("area_ids", expanding=True)), HelpMatch.status.in_(LIVE_MATCH))
        .order_by(HelpMatch.created_at, HelpMatch.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery()
    )
    requester, helper, request_area, offer_area = aliased(User), aliased(User), aliased(Area), aliased(Area)
    return (
        select(
            live.c.id,
            live.c.request_id,
            live.c.status,
            live.c.created_at,
            live.c.requester_answer,
            live.c.helper_answer,
            live.c.kind,
            requester.name.label("requester_name"),
            request_area.name.label("request_area_name"),
            helper.name.label("helper_name"),
            offer_area.name.label("offer_area_name"),
            live.c.total,
        )
        .join(requester, requester.id == live.c.user_id)
        .join(request_area, request_area.id == live.c.area_id)
        .join(HelpOffer, HelpOffer.id == live.c.offer_id)
        .join(helper, helper.id == HelpOffer.user_id)
        .outerjoin(offer_area, offer_area.id == HelpOffer.area_id)
        .order_by(live.c.created_at, live.c.id)
    )


def live_match_page(area_ids: list[int], page: int) -> RowPage:
    """A page of the proposed and accepted matches of requests in these areas, oldest first, as rows: the
    request's kind, the requester's and the helper's names, both neighbourhoods, the answers; their number is
    counted in the same statement (apart only for a page past the end)."""
    parameters = {"area_ids": list(area_ids), "limit": PER_PAGE, "offset": _offset(page)}
    rows = db.session.execute(_live_match_query(), parameters).all()
    total = rows[0].total if rows else (live_match_count(area_ids) if page > 1 else 0)
    return row_page(page, rows=rows, total=total)


def live_match_count(area_ids: list[int]) -> int:
    query = (
        select(func.count())
        .select_from(HelpMatch)
        .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
        .where(HelpRequest.area_id.in_(area_ids), HelpMatch.status.in_(LIVE_MATCH))
    )
    return db.session.scalar(query) or 0


def flagged_offers(area_ids: list[int]) -> list[HelpOffer]:
    """Offers in these areas that a worker took out of matching, the most recently changed first."""
    query = (
        select(HelpOffer)
        .where(HelpOffer.flagged_reason.is_not(None), HelpOffer.area_id.in_(area_ids))
        .options(joinedload(HelpOffer.user), joinedload(HelpOffer.area))
    )
    return list(db.session.scalars(query.order_by(HelpOffer.updated_at.desc())))


@dataclass(frozen=True)
class SafetyNote:
    """A flagged offer or a blocked person, as the console lists them: the offer's id (a flag) or the person's
    (a block), the person's name and neighbourhood (the offer's, for a flag), the reason, when the offer was last
    changed or the block made, and an offer's kinds of help."""

    id: int
    name: str
    area_name: str | None
    reason: str
    at: datetime
    kinds: list[str]


@dataclass(frozen=True)
class FlagsAndBlocks:
    """The offers in some areas that a worker took out of matching, the most recently changed first, and the
    blocked people known there, the newest block first."""

    flagged: list[SafetyNote]
    blocked: list[SafetyNote]


@cache
def _flags_and_blocks_query():
    """The statement of flags_and_blocks, built once (its aliases and union cost a copy of each column); its
    parameter is ``area_ids``."""
    area_ids = bindparam("area_ids", expanding=True)
    offer_area, home = aliased(Area), aliased(Area)
    kinds = (
        select(func.aggregate_strings(HelpOfferKind.kind, " "))
        .where(HelpOfferKind.offer_id == HelpOffer.id)
        .scalar_subquery()
    )
    flagged = (
        select(
            literal(True).label("flag"),
            HelpOffer.id,
            User.name,
            offer_area.name.label("area_name"),
            HelpOffer.flagged_reason.label("reason"),
            HelpOffer.updated_at.label("at"),
            kinds.label("kinds"),
        )
        .join(User, User.id == HelpOffer.user_id)
        .outerjoin(offer_area, offer_area.id == HelpOffer.area_id)
        .where(HelpOffer.flagged_reason.is_not(None), HelpOffer.area_id.in_(area_ids))
    )
    known_here = or_(
        User.area_id.in_(area_ids),
        exists().where(HelpRequest.user_id == User.id, HelpRequest.area_id.in_(area_ids)),
        exists().where(HelpOffer.user_id == User.id, HelpOffer.area_id.in_(area_ids)),
    )
    blocked = (
        select(
            literal(False).label("flag"),
            User.id,
            User.name,
            home.name.label("area_name"),
            HelpBlock.reason,
            HelpBlock.created_at.label("at"),
            null().label("kinds"),
        )
        .select_from(HelpBlock)
        .join(User, User.id == HelpBlock.user_id)
        .outerjoin(home, home.id == User.area_id)
        .where(known_here)
    )
    both = union_all(flagged, blocked).subquery()
    return select(both).order_by(both.c.at.desc(), both.c.id)


def flags_and_blocks(area_ids: list[int]) -> FlagsAndBlocks:
    """The console's flags and blocks in these areas, in one statement: a block is known here when the person
    lives here or asks or offers help here."""
    found = FlagsAndBlocks([], [])
    for row in db.session.execute(_flags_and_blocks_query(), {"area_ids": list(area_ids)}):
        note = SafetyNote(row.id, row.name, row.area_name, row.reason, row.at, sorted((row.kinds or "").split()))
        (found.flagged if row.flag else found.blocked).append(note)
    return found


def matches_of_request(help_request: HelpRequest) -> list[HelpMatch]:
    """Every match of a request so far, the newest first, with the helpers loaded."""
    query = (
        select(HelpMatch)
        .where(HelpMatch.request_id == help_request.id)
        .options(joinedload(HelpMatch.offer).joinedload(HelpOffer.user))
    )
    return list(db.session.scalars(query.order_by(HelpMatch.created_at.desc(), HelpMatch.id.desc())))


def matchable(help_request: HelpRequest, matches: list[HelpMatch], blocked: HelpBlock | None) -> bool:
    """Whether a worker can propose a match for the request now: open, no crisis, no live match, not blocked."""
    has_live = any(match.status in LIVE_MATCH for match in matches)
    return help_request.status == OPEN and not help_request.crisis and not has_live and blocked is None
