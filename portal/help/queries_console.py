"""Read functions for the workers' matching console: their teams' areas, the open requests waiting
there, live matches, flagged offers, blocks, and where a person is known.

The console's views (views_console) decide who may see what; these functions only read.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.extensions import db
from portal.help.models import LIVE_MATCH, OPEN, HelpBlock, HelpMatch, HelpOffer, HelpRequest
from portal.help.places import team_slug
from portal.help.services_suggestions import open_requests
from portal.paging import get_or_404
from portal.teams.models import NEIGHBOURHOOD, Area, Team


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


def live_matches(area_ids: list[int]) -> list[HelpMatch]:
    """Proposed and accepted matches of requests in these areas, oldest first."""
    return list(
        db.session.scalars(
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
    )


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


def best_set_links(area_ids: list[int], waiting: list[HelpRequest]) -> list[tuple]:
    """(district, [(neighbourhood, open requests)], open requests) for the best-set links, districts by name."""
    counts: dict[int, int] = {}
    for item in waiting:
        counts[item.area_id] = counts.get(item.area_id, 0) + 1
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
