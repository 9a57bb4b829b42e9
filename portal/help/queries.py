"""Read functions for the residents' help pages: what is public, who sees what, and the lists.

Public means: a request that is open, not a crisis and not past its date; an offer that is not
paused or flagged, of an active resident who is not blocked. The owner and the workers of the
area's team also see the rest; everyone else gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, exists, false, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.models import User
from portal.extensions import db
from portal.help import matching
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
from portal.help.places import team_slug
from portal.help.services_matches import side_of
from portal.help.services_suggestions import available_offers
from portal.initiatives.queries import area_choices, area_ids  # noqa: F401 - the same area filter
from portal.paging import MAX_ID, ListFilters
from portal.teams.models import Area
from portal.timeutil import utcnow

REQUESTS, OFFERS = "requests", "offers"


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
    return (
        request.status == OPEN
        and request.listed
        and not request.crisis
        and request.expires_at > utcnow()
        and request.user.active
        and not _blocked(request.user_id)
    )


def offer_is_public(offer: HelpOffer) -> bool:
    return (
        offer.listed
        and not offer.paused
        and not offer.flagged_reason
        and offer.user.active
        and not _blocked(offer.user_id)
    )


def works_for_area(user, area) -> bool:
    """Whether ``user`` is a worker of the team that serves ``area`` (or a coordinator)."""
    return bool(user and user.is_authenticated and user.is_worker and user.works_for(team_slug(area)))


def may_see_request(user, request: HelpRequest) -> bool:
    if request_is_public(request):
        return True
    if user is None or not user.is_authenticated:
        return False
    return user.id == request.user_id or works_for_area(user, request.area)


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
    """Open requests anyone may see: no crisis, not past their date, no match under way; newest first."""
    live = exists().where(HelpMatch.request_id == HelpRequest.id, HelpMatch.status.in_(LIVE_MATCH))
    query = (
        select(HelpRequest)
        .join(User, User.id == HelpRequest.user_id)
        .where(
            HelpRequest.status == OPEN,
            HelpRequest.listed.is_(True),
            HelpRequest.crisis.is_(False),
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
            .where(HelpOffer.user_id == user.id)
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
