"""The committed data files are what build.py makes from shared/data, and stay honest."""

from __future__ import annotations

import csv
import filecmp
from pathlib import Path

import pytest

from portal.teams.data import DATA_DIR
from portal.teams.data.build import build, parse_shares, team_slug
from portal.teams.geometry import parse_wkt, simplify

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
FILES = ("teams.csv", "villages.csv", "districts.csv", "neighbourhoods.csv", "postcodes.csv", "boundaries.csv")


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/data is not beside the repository")
def test_build_reproduces_the_committed_files(tmp_path):
    build(SHARED, tmp_path)
    different = [name for name in FILES if not filecmp.cmp(tmp_path / name, DATA_DIR / name, shallow=False)]
    assert different == [], "run: python -m portal.teams.data.build ../shared/data"


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/data is not beside the repository")
def test_cli_build_data(runner, tmp_path):
    result = runner.invoke(args=["teams", "build-data", str(SHARED), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "teams.csv: 11 rows" in result.output and "villages.csv: 2 rows" in result.output
    assert (tmp_path / "boundaries.csv").exists()


def test_parse_shares():
    assert parse_shares("Harkstede GN (44%); Meerstad (4%)") == [("Harkstede GN", 0.44), ("Meerstad", 0.04)]
    assert parse_shares("") == []
    with pytest.raises(ValueError):
        parse_shares("Meerstad 4%")


@pytest.mark.parametrize(
    ("raw", "slug"),
    [
        ("WIJ Lewenborg?", "lewenborg"),
        ("WIJ De Wijert (ook: De Wijert/Helpman)", "de-wijert"),
        ("WIJ Schilderswijk/Centrum", "schilderswijk-centrum"),
        ("onbekend", None),
        ("onbekend (gebied Oost: WIJ Beijum of WIJ Lewenborg)", None),
    ],
)
def test_team_slug(raw, slug):
    assert team_slug(raw) == slug


def test_unknown_team_name_stops_the_build():
    """WIJ Haren and WIJ Ten Boer are villages.csv's, never a neighbourhood's team in the 2017 data."""
    with pytest.raises(ValueError):
        team_slug("WIJ Haren")


def test_wkt_polygon_and_multipolygon():
    assert parse_wkt("POLYGON ((0 0, 1 0, 1 1, 0 0))") == [[[(0, 0), (1, 0), (1, 1), (0, 0)]]]
    multi = parse_wkt(
        "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5), (5.1 5.1, 5.2 5.1, 5.2 5.2, 5.1 5.1)))"
    )
    assert len(multi) == 2 and len(multi[1]) == 2


def test_douglas_peucker_drops_points_on_a_line_and_keeps_corners():
    line = [(0, 0), (1, 0.00001), (2, 0), (2, 1)]
    assert simplify(line, 0.001) == [(0, 0), (2, 0), (2, 1)]


def test_only_the_eleven_teams_and_no_invented_contact_details():
    with (DATA_DIR / "teams.csv").open(newline="") as handle:
        teams = list(csv.DictReader(handle))
    assert len(teams) == 11
    assert not any(team["phone"] or team["email"] or team["walk_in_hours"] for team in teams)
    assert all(team["address_note"] for team in teams if team["street"])  # where in the street, in plain words
    assert not any(team["address_note"] for team in teams if not team["street"])
    research = ("niet gevonden", "niet in bron", "BEVESTIGD", "ONZEKER", "Coördinaat")
    assert not any(word in team["address_note"] for team in teams for word in research)


def test_the_villages_of_haren_and_ten_boer():
    from portal.teams.villages import village_of

    assert village_of("9751").team == "WIJ Haren" and village_of("9751").street == "Raadhuisplein"
    assert village_of("9797").name == "Ten Boer" and village_of("9797").street == ""
    assert village_of("9741") is None and village_of("9754") is None and village_of("9800") is None


def test_every_superseded_value_is_an_earlier_one_not_todays():
    with (DATA_DIR / "teams.csv").open(newline="") as handle:
        today = {row["slug"]: row for row in csv.DictReader(handle)}
    with (DATA_DIR / "superseded.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            assert row["value"] and row["value"] != today[row["slug"]][row["column"]]
