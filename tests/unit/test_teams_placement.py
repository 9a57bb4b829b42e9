"""The 5% rule as a pure function, on plain objects instead of database rows."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from portal.teams.finder import OUTSIDE, SPLIT, TEAM, UNASSIGNED, Candidate, place


@dataclass(frozen=True)
class Hood:
    code: str
    name: str


A, B, C = "team-a", "team-b", "team-c"


def _candidates(*rows):
    return [Candidate(Hood(f"BU{i}", name), share, team) for i, (name, share, team) in enumerate(rows)]


def test_no_neighbourhoods_is_outside():
    placement = place("1012", [])
    assert placement.status == OUTSIDE and placement.team is None and placement.neighbourhoods == ()


def test_one_team_places_the_resident_in_its_largest_neighbourhood():
    placement = place("9741", _candidates(("Tuinwijk", 0.18, A), ("Selwerd", 0.78, A), ("Elders", 0.01, B)))
    assert placement.status == TEAM and placement.team == A
    assert placement.default_area.name == "Selwerd"
    assert [h.name for h in placement.neighbourhoods] == ["Selwerd", "Tuinwijk", "Elders"]


def test_a_team_under_five_percent_does_not_count():
    assert place("x", _candidates(("Big", 0.96, A), ("Sliver", 0.049, B))).status == TEAM


def test_shares_of_one_team_add_up_to_the_threshold():
    placement = place("x", _candidates(("Big", 0.90, A), ("Small 1", 0.02, B), ("Small 2", 0.03, B)))
    assert placement.status == SPLIT and placement.teams == (A, B)


def test_two_teams_over_five_percent_split_the_postcode():
    placement = place("x", _candidates(("One", 0.6, A), ("Two", 0.3, B), ("Three", 0.1, C)))
    assert placement.status == SPLIT and placement.team is None and placement.default_area is None
    assert placement.teams == (A, B, C)


def test_only_neighbourhoods_without_a_team_is_unassigned():
    placement = place("x", _candidates(("Bedrijventerrein", 0.4, None), ("Ander", 0.6, None)))
    assert placement.status == UNASSIGNED and placement.team is None
    assert placement.default_area.name == "Ander"


def test_teamless_neighbourhoods_do_not_stop_a_team_from_counting():
    placement = place("x", _candidates(("Zonder team", 0.5, None), ("Met team", 0.2, A)))
    assert placement.status == TEAM and placement.default_area.name == "Met team"


@pytest.mark.parametrize("shares", [(0.0,), (0.0, 0.0)])
def test_teams_only_present_with_share_zero_still_place(shares):
    rows = [(f"N{i}", share, A) for i, share in enumerate(shares)]
    assert place("x", _candidates(*rows)).status == TEAM


def test_choose_only_accepts_neighbourhoods_in_the_postcode():
    placement = place("x", _candidates(("One", 0.6, A), ("Two", 0.4, B)))
    assert placement.choose("BU1").name == "Two"
    assert placement.choose("BU9") is None and placement.choose(None) is None
