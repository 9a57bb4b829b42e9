"""Read functions for the workers' matching console: their teams' areas, the open requests waiting
there, live matches, flagged offers, blocks, and where a person is known.

The console's views (views_console) decide who may see what; these functions only read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask import abort
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Row, exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from portal.accounts.models import User
from portal.extensions import db
from portal.help.models import LIVE_MATCH, OPEN, HelpBlock, HelpMatch, HelpOffer, HelpRequest
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
    """One page for the pager macro: of the rows of a ``select`` whose number is known (``total``), or of a
    list already in hand (``items``). Rows, not objects; the total is not counted again."""

    def _query_items(self) -> list:
        start, stop = self._query_offset, self._query_offset + self.per_page
        if "items" in self._query_args:
            return list(self._query_args["items"][start:stop])
        return list(db.session.execute(self._query_args["select"].limit(self.per_page).offset(start)))

    def _query_count(self) -> int:
        return len(self._query_args["items"]) if "items" in self._query_args else self._query_args["total"]


def row_page(page: int, **source) -> RowPage:
    """Page ``page`` (PER_PAGE rows) of ``select=…, total=…`` or of ``items=…``; past the end: empty."""
    return RowPage(page=page, per_page=PER_PAGE, error_out=False, **source)


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


def waiting_requests(area_ids: list[int]) -> list[HelpRequest]:
    """The open requests without a match in these areas, oldest first, with requester and team loaded."""
    loaded = (joinedload(HelpRequest.user), joinedload(HelpRequest.area).joinedload(Area.team))
    return list(db.session.scalars(open_requests(area_ids).options(*loaded)))


def crisis_requests(area_ids: list[int]) -> list[HelpRequest]:
    """The open crisis requests in these areas (rare, and every one is shown), oldest first, requester loaded."""
    loaded = (joinedload(HelpRequest.user), joinedload(HelpRequest.area).joinedload(Area.team))
    return list(db.session.scalars(open_requests(area_ids).where(HelpRequest.crisis.is_(True)).options(*loaded)))


def waiting_rows(area_ids: list[int]):
    """A query for the rows of the open requests without a match and without crisis, oldest first: what the
    console's list shows of each (a row, not an object; the description cut to what is shown)."""
    return (
        open_requests(area_ids)
        .where(HelpRequest.crisis.is_(False))
        .join(Area, Area.id == HelpRequest.area_id)
        .outerjoin(Team, Team.id == Area.team_id)
        .with_only_columns(*_REQUEST_COLUMNS, Team.name.label("team_name"))
    )


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


def open_counts(area_ids: list[int]) -> tuple[dict[int, int], int]:
    """Open requests without a match per area (crisis included), and how many of them are not a crisis."""
    query = (
        open_requests(area_ids)
        .order_by(None)
        .with_only_columns(HelpRequest.area_id, HelpRequest.crisis, func.count())
        .group_by(HelpRequest.area_id, HelpRequest.crisis)
    )
    per_area: dict[int, int] = {}
    not_crisis = 0
    for area_id, crisis, count in db.session.execute(query):
        per_area[area_id] = per_area.get(area_id, 0) + count
        not_crisis += 0 if crisis else count
    return per_area, not_crisis


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


def live_match_rows(area_ids: list[int]):
    """A query for what the console lists of the proposed and accepted matches in these areas (rows), oldest
    first: the request's kind, the requester's and the helper's names, both neighbourhoods, the answers."""
    requester, helper, request_area, offer_area = aliased(User), aliased(User), aliased(Area), aliased(Area)
    return (
        select(
            HelpMatch.id,
            HelpMatch.request_id,
            HelpMatch.status,
            HelpMatch.created_at,
            HelpMatch.requester_answer,
            HelpMatch.helper_answer,
            HelpRequest.kind,
            requester.name.label("requester_name"),
            request_area.name.label("request_area_name"),
            helper.name.label("helper_name"),
            offer_area.name.label("offer_area_name"),
        )
        .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
        .join(requester, requester.id == HelpRequest.user_id)
        .join(request_area, request_area.id == HelpRequest.area_id)
        .join(HelpOffer, HelpOffer.id == HelpMatch.offer_id)
        .join(helper, helper.id == HelpOffer.user_id)
        .outerjoin(offer_area, offer_area.id == HelpOffer.area_id)
        .where(HelpRequest.area_id.in_(area_ids), HelpMatch.status.in_(LIVE_MATCH))
        .order_by(HelpMatch.created_at, HelpMatch.id)
    )


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


def blocks(area_ids: list[int]) -> list[tuple[HelpBlock, User]]:
    """(block, person) for the blocked people known in these areas, the newest block first."""
    known_here = or_(
        User.area_id.in_(area_ids),
        exists().where(HelpRequest.user_id == User.id, HelpRequest.area_id.in_(area_ids)),
        exists().where(HelpOffer.user_id == User.id, HelpOffer.area_id.in_(area_ids)),
    )
    query = select(HelpBlock, User).join(User, User.id == HelpBlock.user_id).where(known_here)
    return [tuple(row) for row in db.session.execute(query.order_by(HelpBlock.created_at.desc()))]


def best_set_links(area_ids: list[int], counts: dict[int, int]) -> list[tuple]:
    """(district, [(neighbourhood, open requests)], open requests) for the best-set links, districts by name;
    ``counts`` are the open requests per neighbourhood (open_counts)."""
    hoods = db.session.scalars(
        select(Area).where(Area.id.in_(area_ids), Area.kind == NEIGHBOURHOOD).options(joinedload(Area.parent))
    )
    districts: dict[int | None, tuple[Area | None, list]] = {}
    for hood in sorted(hoods, key=lambda area: area.name):
        districts.setdefault(hood.parent_id, (hood.parent, []))[1].append((hood, counts.get(hood.id, 0)))
    ordered = sorted(districts.values(), key=lambda pair: (pair[0] is None, pair[0].name if pair[0] else ""))
    return [(district, hoods, sum(count for _hood, count in hoods)) for district, hoods in ordered]


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
