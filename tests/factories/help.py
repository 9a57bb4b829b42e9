"""Factories for neighbourly-help tests: a team area with a worker, a requester and helpers.

They need an application context and flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.accounts.models import ROLE_WORKER
from portal.extensions import db
from portal.help import services
from portal.help.services import OfferInput, RequestInput
from tests.factories.accounts import make_team, make_user
from tests.factories.initiatives import make_area


@dataclass
class HelpPlace:
    team: object
    area: object
    worker: object
    requester: object
    helper: object
    other_worker: object


def make_help_place() -> HelpPlace:
    team = make_team("WIJ Hulpteam")
    area = make_area(team, "Zonnebuurt")
    area.latitude, area.longitude = 53.2400, 6.5500
    other_team = make_team("WIJ Elders")
    db.session.flush()
    return HelpPlace(
        team=team,
        area=area,
        worker=make_user(ROLE_WORKER, teams=[team], name="Wendy Werker"),
        requester=make_user(area_id=area.id, name="Riet Vos", phone="06 11112222"),
        helper=make_user(area_id=area.id, name="Hamid Bakr", phone="06 33334444"),
        other_worker=make_user(ROLE_WORKER, teams=[other_team], name="Otto Anders"),
    )


def make_offer(user, kinds=("groceries",), capacity=1, **fields) -> object:
    data = OfferInput(
        kinds=list(kinds),
        description=fields.pop("description", "Ik doe graag boodschappen voor een buur."),
        capacity=capacity,
        slots=fields.pop("slots", ["tue-afternoon"]),
        languages=fields.pop("languages", ["nl"]),
        **fields,
    )
    return services.save_offer(user, data)


def make_request(user, kind="groceries", **fields) -> object:
    data = RequestInput(
        kind=kind,
        description=fields.pop("description", "Wie kan op dinsdag boodschappen voor mij doen?"),
        slots=fields.pop("slots", ["tue-afternoon"]),
        **fields,
    )
    return services.create_request(user, data)
