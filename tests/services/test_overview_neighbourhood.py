"""'Mijn buurt': the help requests near a resident that fit their own offer, judged as matching judges them,
and only among what the public help list shows."""

from __future__ import annotations

from portal.extensions import db
from portal.overview import queries_neighbourhood as near
from tests.factories import make_team, make_user
from tests.factories.help import make_help_place, make_offer, make_request
from tests.factories.initiatives import make_area


def test_requests_that_fit_the_offer_by_kind_and_reach_only_public_ones(ctx):
    place = make_help_place()
    far_area = make_area(make_team("WIJ Ver weg"), "Verweg")
    far_area.latitude, far_area.longitude = 53.40, 6.90
    offer = make_offer(place.helper, kinds=("garden",))
    fits = make_request(place.requester, kind="garden", description="Wie helpt met de heg?")
    make_request(place.requester, kind="computer", description="Mijn laptop doet raar")  # another kind
    make_request(make_user(area_id=far_area.id), kind="garden", area=far_area)  # out of reach
    unlisted = make_request(make_user(area_id=place.area.id), kind="garden")
    unlisted.listed = False  # asked of one neighbour only: not public
    crisis = make_request(make_user(area_id=place.area.id), kind="garden")
    crisis.crisis = True
    held = make_request(make_user(area_id=place.area.id), kind="garden")
    held.held_at = held.created_at  # held for the team to look at first: no neighbour sees it yet
    make_request(place.helper, kind="garden")  # their own
    db.session.commit()
    assert [item.id for item in near.requests_for_my_offers(place.helper)] == [fits.id]
    offer.paused = True
    db.session.commit()
    assert near.requests_for_my_offers(place.helper) == []  # a paused offer takes nobody now
    assert near.requests_for_my_offers(place.requester) == []  # no offer at all
