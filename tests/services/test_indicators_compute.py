"""The indicators computed from a world of known events (tests/indicators_support.py), checked against figures
worked out by hand; the daily snapshot, its backfill and the figures read back from it; the CLI."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, event, func, select

from portal.complaints.queries import figures_per_team
from portal.extensions import db
from portal.help.models import CANCELLED, CLOSED, HelpMatch, HelpOffer, HelpRequest
from portal.indicators import snapshots
from portal.indicators.compute import figures, figures_for
from portal.indicators.definitions import KEYS
from portal.indicators.models import IndicatorSnapshot
from portal.indicators.periods import CITY_SCOPE, Figure, Period, Scope
from portal.initiatives.models import Initiative
from tests import indicators_support
from tests.factories.accounts import make_team, make_user
from tests.factories.initiatives import make_area
from tests.indicators_support import NOW, at

NOVEMBER = Period(date(2026, 11, 1), date(2026, 12, 1), "month")
DECEMBER = NOVEMBER.next()


@pytest.fixture
def world(ctx):
    built = indicators_support.build()
    db.session.commit()
    return built


def values(found: dict[str, Figure]) -> dict[str, tuple]:
    """Each figure as (count, base, median, p90), durations rounded to hours (as days)."""

    def rounded(days):
        return None if days is None else round(days * 24) / 24

    return {key: (f.count, f.base, rounded(f.median_days), rounded(f.p90_days)) for key, f in found.items()}


# November, the city as a whole, worked out from the comments in tests/indicators_support.py.
CITY_NOVEMBER = {
    "help_found_neighbour": (2, 4, None, None),  # R1, R3 of R1, R2, R3, R5
    "help_days_to_match": (2, None, 4.0, 6.0),  # 2 and 6 days
    "initiatives_realised": (1, 2, None, None),  # I1 done of I1, I2 (I3 in December, I4 never submitted)
    "initiative_days_to_response": (2, None, 4.25, 8.0),  # I2 half a day, I3 8 days
    "clusters_taken_up": (1, 2, None, None),  # C1 of C1, C2 (C3 merged, C4 in October)
    "projects_started": (1, None, None, None),  # P1
    "projects_running": (2, None, None, None),  # P1, P3 (P2 finished)
    "projects_finished": (1, None, None, None),  # P2
    "project_participants": (2, None, None, None),  # volunteers 3 and 4
    "active_volunteers": (4, None, None, None),  # helpers 1 and 2, volunteers 3 and 4
    "questions_in_time": (1, 2, None, None),  # Q1 of Q1, Q2 (Q3 has no answer-by time)
    "question_days_to_answer": (3, None, 1.0, 3.0),  # half a day, 3 days, 1 day
    "complaints_filed": (3, None, None, None),
    "complaints_in_time": (1, 2, None, None),  # K1 of K1, K2 (K3 not due yet)
    "residents_registered": (1, None, None, None),
    "initiatives_submitted": (3, None, None, None),  # I2, I3, I5
    "signals_reported": (3, None, None, None),  # S1, S2, S3
    "help_offers_made": (1, None, None, None),  # helper 1's, on the first moment of November
}


def test_every_figure_of_the_city_in_november(world):
    found = figures(CITY_SCOPE, NOVEMBER, now=NOW)
    assert list(found) == list(KEYS)
    assert values(found) == CITY_NOVEMBER
    assert found["help_found_neighbour"].share == 0.5


def test_the_items_on_the_first_moment_of_december_count_in_december(world):
    found = values(figures(CITY_SCOPE, DECEMBER, now=NOW))
    assert found["help_found_neighbour"] == (1, 1, None, None)  # R4
    assert found["help_days_to_match"] == (1, None, 1.0, 1.0)
    assert found["initiatives_realised"] == (0, 1, None, None)  # I3 withdrawn
    assert found["residents_registered"][0] == 1
    assert found["signals_reported"][0] == 1
    assert found["projects_running"][0] == 2


def test_a_team_counts_the_places_it_serves_and_its_own_items(world):
    team_a = values(figures(Scope("team", world.team_a.id), NOVEMBER, now=NOW))
    assert team_a["help_found_neighbour"] == (2, 3, None, None)  # R1, R3 of R1, R2, R3
    assert team_a["initiatives_realised"] == (1, 2, None, None)
    assert team_a["initiative_days_to_response"] == (1, None, 0.5, 0.5)
    assert team_a["clusters_taken_up"] == (1, 2, None, None)
    assert team_a["projects_running"][0] == 2
    assert team_a["projects_finished"][0] == 0
    assert team_a["active_volunteers"][0] == 3  # helper 1, volunteers 3 and 4
    assert team_a["questions_in_time"] == (1, 2, None, None)
    assert team_a["question_days_to_answer"] == (2, None, 1.75, 3.0)
    assert team_a["complaints_in_time"] == (1, 2, None, None)
    assert team_a["signals_reported"][0] == 2  # S1 and S2, which has no area
    assert team_a["initiatives_submitted"][0] == 2

    team_b = figures(Scope("team", world.team_b.id), NOVEMBER, now=NOW)
    assert (team_b["help_found_neighbour"].count, team_b["help_found_neighbour"].base) == (0, 1)
    assert team_b["help_found_neighbour"].share == 0.0
    assert team_b["initiatives_realised"].base == 0
    assert team_b["initiatives_realised"].share is None  # nothing decided: no share, not 0%
    assert team_b["clusters_taken_up"].share is None
    assert team_b["active_volunteers"].count == 1  # helper 2
    assert team_b["projects_finished"].count == 1
    assert team_b["question_days_to_answer"].median_days == pytest.approx(1.0)
    assert team_b["questions_in_time"].base == 0


def test_a_district_and_a_neighbourhood_count_by_place(world):
    district = values(figures(Scope("district", world.district_a.id), NOVEMBER, now=NOW))
    neighbourhood_1 = values(figures(Scope("neighbourhood", world.n1.id), NOVEMBER, now=NOW))
    neighbourhood_2 = values(figures(Scope("neighbourhood", world.n2.id), NOVEMBER, now=NOW))
    assert district["help_found_neighbour"] == (2, 3, None, None)
    assert neighbourhood_1["help_found_neighbour"] == (1, 2, None, None)
    assert neighbourhood_1["help_days_to_match"] == (1, None, 2.0, 2.0)
    assert neighbourhood_2["help_days_to_match"] == (1, None, 6.0, 6.0)
    assert district["active_volunteers"][0] == 3
    assert neighbourhood_1["active_volunteers"][0] == 2  # helper 1, volunteer 3 (role)
    assert neighbourhood_2["active_volunteers"][0] == 2  # volunteers 3 and 4 (project P1 in N2)
    assert neighbourhood_2["project_participants"][0] == 2
    assert neighbourhood_1["project_participants"][0] == 0
    assert district["signals_reported"][0] == 1  # S2 has no area
    assert neighbourhood_1["residents_registered"][0] == 1
    assert district["projects_running"][0] == 1  # only P1 has an area
    for key in ("clusters_taken_up", "questions_in_time", "question_days_to_answer", "complaints_filed"):
        assert district[key] == (None, None, None, None)  # a team's items, not a place's
        assert figures(Scope("neighbourhood", world.n3.id), NOVEMBER)[key].count is None


def test_many_places_at_once_give_what_each_place_gives_alone(world):
    scopes = [
        CITY_SCOPE,
        Scope("team", world.team_a.id),
        Scope("team", world.team_b.id),
        Scope("district", world.district_a.id),
        Scope("district", world.district_b.id),
        Scope("neighbourhood", world.n1.id),
        Scope("neighbourhood", world.n2.id),
        Scope("neighbourhood", world.n3.id),
    ]
    together = figures_for(scopes, NOVEMBER, now=NOW)
    assert list(together) == scopes
    for scope in scopes:
        assert together[scope] == figures(scope, NOVEMBER, now=NOW), scope
    assert values(together[CITY_SCOPE]) == CITY_NOVEMBER


def test_a_match_both_sides_accepted_counts_even_when_it_was_ended_later(ctx):
    area = make_area(make_team())
    person = make_user(area_id=area.id)
    offer = HelpOffer(user_id=person.id, description="Klussen", area_id=area.id, created_at=at(11, 1))
    db.session.add(offer)
    db.session.flush()
    for requester_answer, helper_answer in (("yes", "yes"), ("yes", None)):
        request = HelpRequest(
            user_id=person.id,
            kind="groceries",
            description="Hulp",
            area_id=area.id,
            created_at=at(11, 2),
            expires_at=at(12, 31),
            status=CLOSED,
            closed_at=at(11, 9),
        )
        db.session.add(request)
        db.session.flush()
        db.session.add(
            HelpMatch(
                request_id=request.id,
                offer_id=offer.id,
                status=CANCELLED,
                requester_answer=requester_answer,
                helper_answer=helper_answer,
                decided_at=at(11, 3) if helper_answer else None,
                closed_at=at(11, 8),
            )
        )
    db.session.flush()
    found = figures(CITY_SCOPE, NOVEMBER)
    assert (found["help_found_neighbour"].count, found["help_found_neighbour"].base) == (1, 2)
    assert found["help_days_to_match"].median_days == pytest.approx(1.0)
    assert found["active_volunteers"].count == 1


def test_complaints_agree_with_the_complaints_feature(world):
    start, end = NOVEMBER.utc_bounds
    per_team = figures_per_team(start, end, now=NOW)
    for team in (world.team_a, world.team_b):
        found = figures(Scope("team", team.id), NOVEMBER, now=NOW)
        assert found["complaints_filed"].count == per_team[team.id].filed
        assert found["complaints_in_time"].count == per_team[team.id].answered_in_time
        assert found["complaints_in_time"].base == per_team[team.id].due


def test_an_empty_database_gives_zero_counts_and_no_shares(ctx):
    found = figures(CITY_SCOPE, NOVEMBER)
    assert all(figure.share is None for figure in found.values())
    assert found["help_days_to_match"] == Figure("help_days_to_match", count=0)
    assert found["signals_reported"].count == 0


def test_the_number_of_queries_does_not_grow_with_the_data(world):
    counted = []
    listener = lambda *args: counted.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        figures(CITY_SCOPE, NOVEMBER, now=NOW)
        once = len(counted)
        indicators_support.build()
        db.session.flush()
        counted.clear()
        figures(CITY_SCOPE, NOVEMBER, now=NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(counted) == once <= 20


# --------------------------------------------------------------------------- stored history


def _snapshot_rows():
    return sorted(
        db.session.execute(
            select(
                IndicatorSnapshot.day,
                IndicatorSnapshot.metric,
                IndicatorSnapshot.team_id,
                IndicatorSnapshot.area_id,
                IndicatorSnapshot.bucket,
                IndicatorSnapshot.value,
            )
        ).all()
    )


def _take_november_and_december():
    day = date(2026, 9, 1)  # the first data
    while day <= date(2026, 12, 4):
        snapshots.take(day, now=NOW)
        day += timedelta(days=1)


def test_figures_from_snapshots_equal_the_live_figures(world):
    _take_november_and_december()
    scopes = (
        CITY_SCOPE,
        Scope("team", world.team_a.id),
        Scope("team", world.team_b.id),
        Scope("district", world.district_a.id),
        Scope("neighbourhood", world.n1.id),
        Scope("neighbourhood", world.n3.id),
    )
    for scope in scopes:
        for period in (NOVEMBER, DECEMBER, Period.containing(date(2026, 11, 4), "week")):
            live = values(figures(scope, period, now=NOW))
            stored = values(snapshots.figures_from_snapshots(scope, period))
            if period == DECEMBER:  # distinct people are stored when a period ends: December has not
                for key in ("project_participants", "active_volunteers"):
                    assert stored.pop(key) == (None, None, None, None)
                    live.pop(key)
            assert stored == live, (scope, period)


def test_a_snapshot_taken_twice_stores_the_same_rows(world):
    snapshots.take(date(2026, 11, 2), now=NOW)
    first = _snapshot_rows()
    assert first  # R1's request, P1, Q1, K1 …
    snapshots.take(date(2026, 11, 2), now=NOW)
    assert _snapshot_rows() == first


def test_two_snapshots_of_the_same_day_at_once_leave_one_set_of_rows(world, app):
    snapshots.take(date(2026, 11, 3), now=NOW)
    expected = _snapshot_rows()
    db.session.execute(delete(IndicatorSnapshot))
    db.session.commit()
    failures = []

    def run():
        try:
            with app.app_context():
                snapshots.take(date(2026, 11, 3), now=NOW)
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    db.session.expire_all()
    assert _snapshot_rows() == expected


def test_past_figures_survive_the_deletion_of_personal_data(world):
    _take_november_and_december()
    before = snapshots.figures_from_snapshots(CITY_SCOPE, NOVEMBER)
    db.session.execute(delete(HelpRequest))
    db.session.execute(delete(Initiative))
    db.session.commit()
    assert figures(CITY_SCOPE, NOVEMBER)["help_found_neighbour"].base == 0
    assert snapshots.figures_from_snapshots(CITY_SCOPE, NOVEMBER) == before
    assert before["help_found_neighbour"] == Figure("help_found_neighbour", 2, 4)


def test_the_people_of_a_finished_period_survive_the_deletion_of_what_they_did(world):
    _take_november_and_december()
    assert snapshots.figures_from_snapshots(CITY_SCOPE, NOVEMBER)["active_volunteers"].count == 4
    db.session.execute(delete(HelpMatch))
    db.session.commit()
    assert figures(CITY_SCOPE, NOVEMBER)["active_volunteers"].count < 4  # the helpers' matches are gone
    assert snapshots.figures_from_snapshots(CITY_SCOPE, NOVEMBER)["active_volunteers"].count == 4


def test_a_period_counts_as_stored_only_when_every_day_is(world):
    assert not snapshots.is_stored(NOVEMBER)
    day = NOVEMBER.start
    while day < NOVEMBER.end - timedelta(days=1):
        snapshots.take(day, now=NOW)
        day += timedelta(days=1)
    assert snapshots.stored_days(NOVEMBER) == 29
    assert not snapshots.is_stored(NOVEMBER)
    snapshots.take(date(2026, 11, 30), now=NOW)
    assert snapshots.is_stored(NOVEMBER)


def test_settling_counts_a_complaint_that_fell_due_after_its_day(world):
    """K3 (received in November, not answered) was not due when November was first taken; the nightly run
    takes the days of the settle window again, so once it is due it counts as not answered in time."""
    _take_november_and_december()
    assert snapshots.figures_from_snapshots(CITY_SCOPE, NOVEMBER)["complaints_in_time"].base == 2
    later = NOW + timedelta(days=60)
    days = snapshots.settle(date(2026, 12, 4), 40, now=later)
    assert days == 40
    figure = snapshots.figures_from_snapshots(CITY_SCOPE, NOVEMBER)["complaints_in_time"]
    assert (figure.count, figure.base) == (1, 3)


def test_backfill_takes_every_day_from_the_first_data(world):
    days = snapshots.backfill(date(2026, 12, 4), now=NOW)
    first = db.session.scalar(select(func.min(IndicatorSnapshot.day)))
    assert first == date(2026, 9, 1)  # the residents registered long ago
    assert days == (date(2026, 12, 4) - first).days + 1
    assert snapshots.figures_from_snapshots(CITY_SCOPE, NOVEMBER)["signals_reported"].count == 3


def test_the_backfill_stores_the_same_rows_as_taking_each_day(world):
    snapshots.backfill(date(2026, 12, 4), now=NOW)
    at_once = [row for row in _snapshot_rows() if row.metric != snapshots.HISTORY_FROM]
    db.session.execute(delete(IndicatorSnapshot))
    db.session.commit()
    _take_november_and_december()
    assert _snapshot_rows() == at_once


def test_the_backfill_keeps_the_days_already_stored(world):
    snapshots.take(date(2026, 11, 10), now=NOW)
    db.session.execute(delete(HelpRequest))
    db.session.commit()
    taken = snapshots.backfill(date(2026, 12, 4), now=NOW)
    assert taken == (date(2026, 12, 4) - date(2026, 9, 1)).days  # every day but 10 November
    day = Period(date(2026, 11, 10), date(2026, 11, 11), "week")  # one day, for the sums
    assert snapshots.figures_from_snapshots(CITY_SCOPE, day)["help_found_neighbour"].base == 1  # R1, closed then


def test_the_days_before_the_first_data_count_as_stored_and_empty(world):
    august = Period(date(2026, 8, 1), date(2026, 9, 1), "month")
    assert not snapshots.is_stored(august)
    snapshots.backfill(date(2026, 12, 4), now=NOW)
    assert snapshots.is_stored(august) and snapshots.is_stored(NOVEMBER)
    found = snapshots.figures_from_snapshots(CITY_SCOPE, august)
    assert found["signals_reported"].count == 0 and found["active_volunteers"].count == 0


def test_the_snapshot_command(world, runner):
    result = runner.invoke(args=["indicators", "snapshot", "--day", "2026-11-02"])
    assert result.exit_code == 0, result.output
    assert "2026-11-02" in result.output
    assert {row.day for row in _snapshot_rows()} == {date(2026, 11, 2)}

    result = runner.invoke(args=["indicators", "snapshot", "--backfill"])
    assert result.exit_code == 0, result.output
    assert "days" in result.output
    assert db.session.scalar(select(func.max(IndicatorSnapshot.day))) >= date(2026, 11, 30)

    for wrong in (["--day", "2026-13-01"], ["--day", "2999-01-01"], ["--day", "2026-11-02", "--backfill"]):
        result = runner.invoke(args=["indicators", "snapshot", *wrong])
        assert result.exit_code == 2, (wrong, result.output)


def test_a_period_stored_in_part_reads_its_stored_days_and_counts_the_rest_from_the_data(world):
    """As the running period does: its days up to yesterday from the history, the rest from today's data."""
    from portal.indicators import queries_pages

    day = date(2026, 9, 1)
    while day <= date(2026, 11, 15):
        snapshots.take(day, now=NOW)
        day += timedelta(days=1)
    stored = snapshots.days_stored(NOVEMBER.start, NOVEMBER.end)
    assert queries_pages.source_of(NOVEMBER, stored) == queries_pages.MIXED
    scopes = [CITY_SCOPE, Scope("team", world.team_a.id), Scope("district", world.district_a.id)]
    mixed = queries_pages.figures_for(scopes, NOVEMBER)
    live = figures_for(scopes, NOVEMBER, now=NOW)
    for scope in scopes:
        assert values(mixed[scope]) == values(live[scope]), scope

    # Deleted: every match, and R1 and R5 (closed on 10 and 15 November: stored days). R3 (1 November) and R2 (30
    # November, counted from the data) stay.
    db.session.execute(delete(HelpMatch))
    db.session.execute(
        delete(HelpRequest).where(HelpRequest.closed_at >= at(11, 10), HelpRequest.closed_at < at(11, 16))
    )
    db.session.commit()
    assert figures(CITY_SCOPE, NOVEMBER)["help_found_neighbour"] == Figure("help_found_neighbour", 0, 2)
    found = queries_pages.figures_for([CITY_SCOPE], NOVEMBER)[CITY_SCOPE]["help_found_neighbour"]
    assert (found.count, found.base) == (2, 4)  # R1, R3 found of R1, R2, R3, R5: as stored
