"""place_postcode and team_for_neighbourhood against the loaded Groningen data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.teams.finder import OUTSIDE, SPLIT, TEAM, VILLAGE, place_postcode, team_for_neighbourhood
from portal.teams.models import Area

DATA = Path(__file__).resolve().parents[2] / "portal" / "teams" / "data"


@pytest.fixture
def loaded(groningen, ctx):
    return None


@pytest.mark.parametrize(
    ("postcode", "team", "area"),
    [
        ("9741 AB", "selwerd", "Selwerd"),
        ("9742", "selwerd", "Paddepoel-Noord"),
        ("9711", "schilderswijk-centrum", "Binnenstad-Zuid"),
        ("9712", "schilderswijk-centrum", "Hortusbuurt-Ebbingekwartier"),  # 1% Professorenbuurt ignored
        ("9714", "korrewegwijk", "Professorenbuurt"),
        ("9721", "de-wijert", "De Wijert"),
        ("9725 KE", "rivierenbuurt", "Rivierenbuurt"),
        ("9728", "corpus-den-hoorn", "Corpus den Hoorn"),
        ("9736", "beijum", "Beijum-Oost"),
        ("9732", "lewenborg", "Lewenborg-Zuid"),
        ("9743", "vinkhuizen", "Vinkhuizen-Noord"),
        ("9744", "hoogkerk", "Hoogkerk-Zuid"),
        ("9613", "lewenborg", "Meerstad"),  # 'WIJ Lewenborg?' in the source: the team, label kept
    ],
)
def test_postcodes_with_one_team(loaded, postcode, team, area):
    placement = place_postcode(postcode)
    assert placement.status == TEAM
    assert placement.team.slug == team
    assert placement.default_area.name == area
    assert placement.default_area.team.slug == team


def test_exactly_the_split_postcodes_of_the_data_readme(loaded):
    with (DATA / "postcodes.csv").open(newline="") as handle:
        postcodes = sorted({row["pc4"] for row in csv.DictReader(handle)})
    split = [pc4 for pc4 in postcodes if place_postcode(pc4).status == SPLIT]
    assert split == ["9713", "9723", "9727", "9731", "9745", "9746"]


@pytest.mark.parametrize(
    ("pc4", "teams"),
    [
        ("9713", ["oosterparkwijk", "schilderswijk-centrum"]),
        ("9723", ["rivierenbuurt", "lewenborg", "oosterparkwijk"]),
        ("9727", ["rivierenbuurt", "hoogkerk"]),
        ("9731", ["lewenborg", "beijum", "korrewegwijk"]),
        ("9745", ["hoogkerk", "vinkhuizen"]),
        ("9746", ["vinkhuizen", "hoogkerk"]),
    ],
)
def test_split_postcodes_offer_every_neighbourhood_of_the_teams_concerned(loaded, pc4, teams):
    placement = place_postcode(pc4)
    assert placement.status == SPLIT and placement.team is None
    assert [team.slug for team in placement.teams] == teams
    offered = {area.code for area in placement.neighbourhoods}
    for slug in teams:
        served = db.session.scalars(
            select(Area.code).where(Area.team.has(slug=slug), Area.postcodes.any(pc4=pc4))
        ).all()
        assert served and set(served) <= offered
    shares = [next(p.share for p in area.postcodes if p.pc4 == pc4) for area in placement.neighbourhoods]
    assert shares == sorted(shares, reverse=True)


def test_choosing_a_neighbourhood_in_a_split_postcode_gives_its_team(loaded):
    placement = place_postcode("9727")
    assert placement.choose("BU00140810").team.slug == "hoogkerk"  # De Buitenhof
    assert placement.choose("BU00140104").team.slug == "rivierenbuurt"  # Grunobuurt
    assert placement.choose("BU00141000") is None  # Selwerd is not in 9727


@pytest.mark.parametrize("postcode", ["1012 JS", "9609", "9749", "9999", "3011"])
def test_outside_the_municipality(loaded, postcode):
    placement = place_postcode(postcode)
    assert placement.status == OUTSIDE and placement.team is None and placement.neighbourhoods == ()


def test_not_a_postcode_is_refused(loaded):
    with pytest.raises(ValueError):
        place_postcode("AB12")


def test_team_for_neighbourhood(loaded):
    selwerd = db.session.scalars(select(Area).where(Area.code == "BU00141000")).one()
    assert team_for_neighbourhood(selwerd.id).slug == "selwerd"
    driebond = db.session.scalars(select(Area).where(Area.code == "BU00140505")).one()
    assert team_for_neighbourhood(driebond.id) is None  # 'onbekend' in the source
    district = db.session.scalars(select(Area).where(Area.code == "WK001410")).one()
    assert team_for_neighbourhood(district.id) is None
    assert team_for_neighbourhood(None) is None and team_for_neighbourhood(999_999) is None


@pytest.mark.parametrize(
    ("postcode", "place", "team", "city_neighbourhoods"),
    [
        ("9751", "Haren", "WIJ Haren", []),
        ("9753 AA", "Haren", "WIJ Haren", []),
        ("9752", "Haren", "WIJ Haren", ["De Wijert-Zuid"]),  # the postcode reaches over the old city's edge
        ("9791", "Ten Boer", "WIJ Ten Boer", []),
        ("9798", "Ten Boer", "WIJ Ten Boer", ["Lageland GN"]),
    ],
)
def test_haren_and_ten_boer_are_named_not_called_outside(loaded, postcode, place, team, city_neighbourhoods):
    placement = place_postcode(postcode)
    assert placement.status == VILLAGE and placement.village.name == place and placement.village.team == team
    assert placement.team is None and placement.default_area is None
    assert [area.name for area in placement.neighbourhoods] == city_neighbourhoods
