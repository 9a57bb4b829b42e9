"""Read functions for the residents' help pages: who sees what, and the lists.

Requests stay private. A request is *listed* (request_is_public) when it is open, not a crisis, not held
for the team (held_at: its words touch a sensitive matter and no worker has released it yet) and not past
its date. Listed requests are seen only by logged-in people near it: a resident sees the requests in the
neighbourhoods of their home's team and in every neighbourhood whose centre lies within NEAR_KM of their
home (so a street on a team's border sees both sides); a worker also sees their teams' neighbourhoods; a
coordinator sees all (near_area_ids). Anonymous visitors see no request at all. Whatever its state, a
request is always seen by its requester and the workers of its team. Neighbours see a first name, the
neighbourhood, the kind and a short text, never an address, surname or contact detail.

Offers are residents' own published words about what they can do: an offer that is listed, not paused,
ended or flagged, of an active resident who is not blocked, is public as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, exists, false, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.models import User
from portal.extensions import db
from portal.help import matching, services
from portal.help.models import (
    ACCEPTED,
    DONE,
    LIVE_MATCH,
    OPEN,
    PROPOSED,
    HelpBlock,
    HelpMatch,
    HelpOffer,
    HelpRequest,
)
from portal.help.places import postcode_centre, team_slug
from portal.help.services_matches import side_of
from portal.help.services_suggestions import available_offers
from portal.initiatives.queries import area_choices, area_ids  # noqa: F401 - the same area filter
from portal.paging import MAX_ID, ListFilters
from portal.teams.models import Area
from portal.timeutil import utcnow

REQUESTS, OFFERS = "requests", "offers"
NEAR_KM = 1.5  # a resident sees listed requests in neighbourhoods whose centre is this close to their home
SHORT_TEXT = 400  # what a neighbour reads of a request on its page (a card shows 160 characters)


# --------------------------------------------------------------------------- loading

# What the pages show of each object, loaded with it.
_SHOWN_WITH = {
    HelpRequest: (joinedload(HelpRequest.area).joinedload(Area.team), joinedload(HelpRequest.user)),
    HelpOffer: (joinedload(HelpOffer.area).joinedload(Area.team), joinedload(HelpOffer.user)),
    HelpMatch: (
        joinedload(HelpMatch.request).joinedload(HelpRequest.area).joinedload(Area.team),
        joinedload(HelpMatch.request).joinedload(HelpRequest.user),
        joinedload(HelpMatch.offer).joinedload(HelpOffer.user),
    ),
}


def shown_or_404(model, key: int):
    """The request, offer or match (``model``) with id ``key`` from a URL and what its page shows, or 404."""
    found = None
    if 0 < key <= MAX_ID:
        found = db.session.scalar(select(model).where(model.id == key).options(*_SHOWN_WITH[model]))
    if found is None:
        abort(404)
    return found


# --------------------------------------------------------------------------- who sees what


def _blocked(user_id: int) -> bool:
    return db.session.get(HelpBlock, user_id) is not None


def request_is_public(request: HelpRequest) -> bool:
    """Listed for the neighbours near it (see near_area_ids); never for anonymous visitors."""
    return (
        request.status == OPEN
        and request.listed
        and not request.crisis
        and request.held_at is None
        and request.expires_at > utcnow()
        and request.user.active
        and not _blocked(request.user_id)
    )


def offer_is_public(offer: HelpOffer) -> bool:
    return (
        offer.listed
        and not services.is_ended(offer)
        and not offer.paused
        and not offer.flagged_reason
        and offer.user.active
        and not _blocked(offer.user_id)
    )


def works_for_area(user, area) -> bool:
    """Whether ``user`` is a worker of the team that serves ``area`` (or a coordinator)."""
    return bool(user and user.is_authenticated and user.is_worker and user.works_for(team_slug(area)))


def home_centre(user) -> tuple[float, float] | None:
    """Where ``user`` lives: the centre of their postcode, else of their neighbourhood; None if unknown."""
    centre = postcode_centre(user.home_postcode) if user.home_postcode else None
    if centre is None and user.area is not None and user.area.latitude is not None:
        centre = (user.area.latitude, user.area.longitude)
    return centre


def near_area_ids(user) -> frozenset[int] | None:
    """The neighbourhoods whose listed requests ``user`` sees; None for everywhere (a coordinator).

    Nobody's for an anonymous visitor. A resident: their home's neighbourhood, every neighbourhood of their
    home's team, and every one whose centre is within NEAR_KM of their home. A worker: also their teams'.
    """
    if user is None or not user.is_authenticated:
        return frozenset()
    if user.is_coordinator:
        return None
    team_ids = {team.id for team in user.teams} if user.is_worker else set()
    ids: set[int] = set()
    home = user.area
    if home is not None:
        ids.add(home.id)
        if home.team_id is not None:
            team_ids.add(home.team_id)
        centre = home_centre(user)
        if centre is not None:
            placed = db.session.execute(
                select(Area.id, Area.latitude, Area.longitude).where(
                    Area.latitude.is_not(None), Area.longitude.is_not(None)
                )
            )
            ids |= {area_id for area_id, lat, lon in placed if matching.distance_km(*centre, lat, lon) <= NEAR_KM}
    if team_ids:
        ids |= set(db.session.scalars(select(Area.id).where(Area.team_id.in_(team_ids))))
    return frozenset(ids)


def viewer_scope(user) -> str:
    """What decides which requests ``user`` sees (near_area_ids) and the home the help page names: two
    people with the same scope see the same help page."""
    home = f"home:{user.home_postcode or ''}:{user.area_id or ''}"  # the page names the home's neighbourhood
    if user.is_coordinator:
        return f"everywhere|{home}"
    teams = ",".join(str(team.id) for team in sorted(user.teams, key=lambda t: t.id)) if user.is_worker else ""
    return f"{home}|teams:{teams}"


def is_near(user, request: HelpRequest) -> bool:
    near = near_area_ids(user)
    return near is None or request.area_id in near


def may_see_request(user, request: HelpRequest) -> bool:
    """The requester and the team's workers always; logged-in people near it while it is listed; nobody else."""
    if user is None or not user.is_authenticated:
        return False
    if user.id == request.user_id or works_for_area(user, request.area):
        return True
    return request_is_public(request) and is_near(user, request)


def may_see_offer(user, offer: HelpOffer) -> bool:
    if offer_is_public(offer):
        return True
    if user is None or not user.is_authenticated:
        return False
    return user.id == offer.user_id or works_for_area(user, offer.area)


def may_see_match(user, match: HelpMatch) -> bool:
    """The two sides, and the workers of the request's team."""
    if user is None or not user.is_authenticated:
        return False
    return side_of(user, match) is not None or works_for_area(user, match.request.area)


def has_free_place(offer: HelpOffer) -> bool:
    return offer.load < offer.capacity


# --------------------------------------------------------------------------- the public overview


@dataclass(frozen=True)
class Filters(ListFilters):
    """What the visitor asked for: requests or offers, a kind of help, an area; unknown values are dropped."""

    show: str = REQUESTS
    kind: str = ""
    area: str = ""

    @classmethod
    def from_args(cls, args) -> Filters:
        return cls.paged(
            args,
            show=cls.choice(args, "show", (REQUESTS, OFFERS), REQUESTS),
            kind=cls.choice(args, "kind", matching.KINDS),
            area=cls.text(args, "area", 12),
        )


def _not_blocked(user_id_column):
    return ~exists().where(HelpBlock.user_id == user_id_column)


def public_requests(filters: Filters) -> Select:
    """Listed requests (open, no crisis, not held, not past their date, no match under way), newest first,
    wherever they are: the views list requests_near(viewer, …), which keeps to the viewer's area."""
    live = exists().where(HelpMatch.request_id == HelpRequest.id, HelpMatch.status.in_(LIVE_MATCH))
    query = (
        select(HelpRequest)
        .join(User, User.id == HelpRequest.user_id)
        .where(
            HelpRequest.status == OPEN,
            HelpRequest.listed.is_(True),
            HelpRequest.crisis.is_(False),
            HelpRequest.held_at.is_(None),
            HelpRequest.expires_at > utcnow(),
            User.active.is_(True),
            _not_blocked(HelpRequest.user_id),
            ~live,
        )
    )
    if filters.kind:
        query = query.where(HelpRequest.kind == filters.kind)
    if filters.area:
        ids = area_ids(filters.area)
        query = query.where(HelpRequest.area_id.in_(ids) if ids else false())
    return query.options(selectinload(HelpRequest.area), selectinload(HelpRequest.user)).order_by(
        HelpRequest.created_at.desc(), HelpRequest.id.desc()
    )


def requests_near(viewer, filters: Filters) -> Select:
    """The listed requests ``viewer`` may see (near_area_ids): none for an anonymous visitor."""
    query = public_requests(filters)
    near = near_area_ids(viewer)
    if near is None:
        return query
    return query.where(HelpRequest.area_id.in_(near) if near else false())


def held_requests(team) -> list[HelpRequest]:
    """The requests of ``team``'s neighbourhoods held for the team, still open: those waiting for a worker to
    look at them first (oldest first), then those a worker kept with the team."""
    return list(
        db.session.scalars(
            select(HelpRequest)
            .join(Area, Area.id == HelpRequest.area_id)
            .where(Area.team_id == team.id, HelpRequest.held_at.is_not(None), HelpRequest.status == OPEN)
            .options(selectinload(HelpRequest.area), selectinload(HelpRequest.user))
            .order_by(HelpRequest.reviewed_at.is_not(None), HelpRequest.held_at, HelpRequest.id)
        )
    )


def public_offers(filters: Filters) -> Select:
    """Offers that can take someone now (services_suggestions.available_offers), newest first."""
    query = available_offers(filters.kind or None)
    if filters.area:
        ids = area_ids(filters.area)
        query = query.where(HelpOffer.area_id.in_(ids) if ids else false())
    return query.options(selectinload(HelpOffer.area), selectinload(HelpOffer.user)).order_by(
        HelpOffer.created_at.desc(), HelpOffer.id.desc()
    )


# --------------------------------------------------------------------------- a resident's own


def offers_of(user) -> list[HelpOffer]:
    return list(
        db.session.scalars(
            select(HelpOffer)
            .where(HelpOffer.user_id == user.id, HelpOffer.withdrawn_at.is_(None))
            .options(selectinload(HelpOffer.area))
            .order_by(HelpOffer.created_at.desc(), HelpOffer.id.desc())
        )
    )


def requests_of(user) -> list[HelpRequest]:
    return list(
        db.session.scalars(
            select(HelpRequest)
            .where(HelpRequest.user_id == user.id)
            .options(selectinload(HelpRequest.area))
            .order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc())
        )
    )


def matches_of(user) -> list[HelpMatch]:
    """Every match in which ``user`` is one of the two sides, the newest first."""
    return list(
        db.session.scalars(
            select(HelpMatch)
            .join(HelpOffer, HelpOffer.id == HelpMatch.offer_id)
            .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
            .where(or_(HelpOffer.user_id == user.id, HelpRequest.user_id == user.id))
            .options(
                selectinload(HelpMatch.request).selectinload(HelpRequest.user),
                selectinload(HelpMatch.offer).selectinload(HelpOffer.user),
            )
            .order_by(HelpMatch.created_at.desc(), HelpMatch.id.desc())
        )
    )


def next_step(user, match: HelpMatch) -> str:
    """What ``user`` (one of the sides) should do next with ``match``, in a sentence."""
    side = side_of(user, match)
    mine = getattr(match, f"{side}_answer") if side else None
    if match.status == PROPOSED:
        if mine is None:
            return _("Say whether you accept this match.")
        return _("Waiting for the other side to answer.")
    if match.status == ACCEPTED:
        return _("You can now contact each other. Tell us when the help has happened.")
    if match.status == DONE:
        if side and getattr(match, f"{side}_feedback") is None:
            return _("Tell us whether it worked.")
        return _("Done. Thank you for telling us how it went.")
    return _("This match did not go ahead.")


def needs_action(user, match: HelpMatch) -> bool:
    side = side_of(user, match)
    if side is None:
        return False
    if match.status == PROPOSED:
        return getattr(match, f"{side}_answer") is None
    if match.status == DONE:
        return getattr(match, f"{side}_feedback") is None
    return match.status == ACCEPTED
