"""load_reference_data: complete, honest, idempotent, and careful with coordinators' edits."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.teams.loader import load_reference_data
from portal.teams.models import DISTRICT, NEIGHBOURHOOD, Area, PostcodeArea, Team
from tests.factories import team_by_slug

ELEVEN = {
    "schilderswijk-centrum",
    "korrewegwijk",
    "oosterparkwijk",
    "rivierenbuurt",
    "de-wijert",
    "corpus-den-hoorn",
    "beijum",
    "lewenborg",
    "vinkhuizen",
    "selwerd",
    "hoogkerk",
}


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_loads_the_eleven_teams_and_every_area(ctx):
    report = load_reference_data()
    assert set(db.session.scalars(select(Team.slug))) == ELEVEN
    assert _count(Area, Area.kind == DISTRICT) == 15
    assert _count(Area, Area.kind == NEIGHBOURHOOD) == 108
    assert report.created == {"teams": 11, "areas": 123, "postcodes": _count(PostcodeArea)}
    selwerd = db.session.scalars(select(Area).where(Area.code == "BU00141000")).one()
    assert selwerd.parent.code == "WK001410" and selwerd.team.slug == "selwerd"
    assert selwerd.inhabitants == 6455 and selwerd.latitude and selwerd.team_confidence.startswith("hoog")


def test_every_neighbourhood_can_be_found_by_a_postcode(ctx):
    load_reference_data()
    missing = db.session.scalars(select(Area.code).where(Area.kind == NEIGHBOURHOOD, ~Area.postcodes.any())).all()
    assert missing == []
    driebond = db.session.scalars(select(Area).where(Area.code == "BU00140505")).one()
    assert [(p.pc4, p.share) for p in driebond.postcodes] == [("9723", 0.0)]


def test_unknown_teams_stay_unknown_and_question_marks_keep_their_label(ctx):
    load_reference_data()
    de_linie = db.session.scalars(select(Area).where(Area.code == "BU00140500")).one()
    assert de_linie.team is None and "WIJ Rivierenbuurt of WIJ De Wijert" in de_linie.team_confidence
    meerstad = db.session.scalars(select(Area).where(Area.code == "BU00141400")).one()
    assert meerstad.team.slug == "lewenborg" and meerstad.team_confidence.startswith("laag")


def test_nothing_is_invented(ctx):
    load_reference_data()
    teams = list(db.session.scalars(select(Team)))
    assert all(team.phone is None and team.email is None and team.walk_in_hours is None for team in teams)
    centrum = team_by_slug("schilderswijk-centrum")
    assert centrum.street is None and centrum.postcode is None and centrum.address_note is None
    assert team_by_slug("korrewegwijk").street is None and team_by_slug("korrewegwijk").map_url is None
    vinkhuizen = team_by_slug("vinkhuizen")
    assert vinkhuizen.street == "Diamantlaan 94" and vinkhuizen.address_note == "In 't Vinkhuys"
    assert vinkhuizen.latitude is None  # the source's coordinate is elsewhere in the street
    assert team_by_slug("hoogkerk").street is None  # the move of September 2025 is not confirmed
    for team in teams:  # researchers' notes stay in the data files, never in what residents read
        assert not any(word in (team.address_note or "") for word in ("niet gevonden", "bron", "BEVESTIGD"))
    assert all(team.description_nl and team.description_en and team.source for team in teams)
    assert "Selwerd" in team_by_slug("selwerd").description_en


def test_the_newest_confirmed_locations(ctx):
    """From groningen-teams-2019-2025.csv: the locations confirmed after 2019 replace those of 2016-2017."""
    load_reference_data()
    beijum = team_by_slug("beijum")
    assert beijum.street == "Bentismaheerd" and "Het Heerdenhoes" in beijum.address_note  # 2019, not Isebrandtsheerd
    assert beijum.latitude is None  # the old coordinate was the old building's
    oosterpark = team_by_slug("oosterparkwijk")
    assert oosterpark.street == "Heesterpoort" and oosterpark.address_note == "In De Oude School"
    rivierenbuurt = team_by_slug("rivierenbuurt")
    assert (rivierenbuurt.street, rivierenbuurt.postcode) == ("Merwedestraat", "9725 KE") and rivierenbuurt.map_url
    assert "Helpman/De Wijert" in team_by_slug("de-wijert").description_nl


def test_a_reload_replaces_what_an_earlier_version_of_the_files_wrote(ctx):
    """A database loaded before the newest locations gets them; what a coordinator typed stays."""
    load_reference_data()
    beijum, centrum, hoogkerk = team_by_slug("beijum"), team_by_slug("schilderswijk-centrum"), team_by_slug("hoogkerk")
    beijum.street, beijum.latitude = "Isebrandtsheerd", 53.24493
    beijum.address_note = (
        "voormalige basisschool De Doefmat, Isebrandtsheerd (huisnummer niet in bron; "
        "BAG-2017 onderwijsobject op deze straat: Isebrandtsheerd 96)"
    )
    centrum.street, centrum.address_note = "Oosterstraat", "Oosterstraat (huisnummer niet gevonden)"
    hoogkerk.address_note = "Ingang aan de achterkant"  # a coordinator's own words
    db.session.commit()
    report = load_reference_data()
    assert report.updated >= 2
    assert (beijum.street, beijum.latitude) == ("Bentismaheerd", None) and "Heerdenhoes" in beijum.address_note
    assert centrum.street is None and centrum.address_note is None
    assert hoogkerk.address_note == "Ingang aan de achterkant"


def test_loading_twice_changes_nothing(ctx):
    load_reference_data()
    db.session.commit()
    before = _count(Team), _count(Area), _count(PostcodeArea)
    report = load_reference_data()
    assert report.created == {"teams": 0, "areas": 0, "postcodes": 0} and report.updated == 0
    assert (_count(Team), _count(Area), _count(PostcodeArea)) == before


def test_a_reload_keeps_what_a_coordinator_filled_in(ctx):
    load_reference_data()
    selwerd = team_by_slug("selwerd")
    selwerd.phone = "14 050"
    selwerd.name = "WIJ Selwerd en Paddepoel"
    beijum_west = db.session.scalars(select(Area).where(Area.code == "BU00141100")).one()
    beijum_west.team = team_by_slug("lewenborg")
    db.session.commit()
    load_reference_data()
    assert selwerd.phone == "14 050" and selwerd.name == "WIJ Selwerd en Paddepoel"
    assert beijum_west.team.slug == "lewenborg"
    load_reference_data(overwrite=True)
    assert selwerd.name == "WIJ Selwerd" and beijum_west.team.slug == "beijum"
    assert selwerd.phone == "14 050"  # the files have no phone number to put back


def test_cli_load(app, runner):
    result = runner.invoke(args=["teams", "load"])
    assert result.exit_code == 0, result.output
    assert "created 11 teams" in result.output
    again = runner.invoke(args=["teams", "load"])
    assert "created 0 teams, 0 areas, 0 postcodes" in again.output
