"""The items behind the indicators (``exports_items``), from the world of known events in tests/indicators_support.py:
which items belong to November, their lifecycle times and outcomes, the place columns, the opaque numbers, the
figures counted again from the rows, and one query per kind."""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import date, datetime

import pytest
from sqlalchemy import event, select

from portal.extensions import db
from portal.indicators import exports_items
from portal.indicators.compute import figures
from portal.indicators.exports_items import COLUMNS, item_number, item_rows, number_key
from portal.indicators.periods import CITY_SCOPE, DISTRICT, TEAM, Period, Scope
from portal.signals.models import Signal, SignalCluster
from tests import indicators_support
from tests.indicators_support import NOW, at

NOVEMBER = Period(date(2026, 11, 1), date(2026, 12, 1), "month")
KEY = number_key("test-secret-key-that-is-long-enough-0123456789")


@pytest.fixture
def world(ctx):
    built = indicators_support.build()
    # A signal of team A in N1 on 8 November, in the recurring cluster C1 that was taken up in project P1.
    taken_up = db.session.scalars(select(SignalCluster).where(SignalCluster.project_id.is_not(None))).one()
    db.session.add(
        Signal(
            text="Weer afval bij de glasbak.",
            theme="waste",
            team_id=built.team_a.id,
            area_id=built.n1.id,
            follow_token=secrets.token_urlsafe(16),
            cluster_id=taken_up.id,
            created_at=at(11, 8),
        )
    )
    db.session.commit()
    return built


def rows(within=(CITY_SCOPE,), *, neighbourhoods=True, period=NOVEMBER) -> list[dict]:
    found = item_rows(period, within, neighbourhoods=neighbourhoods, key=KEY, now=NOW)
    return [dict(zip(COLUMNS, row, strict=True)) for row in found]


def of(found: list[dict], kind: str) -> list[dict]:
    return [row for row in found if row["kind"] == kind]


def times(row: dict) -> tuple:
    return tuple(row[column] for column in ("created", "first_response", "decided", "done_or_answered", "due"))


def test_help_requests_closed_in_the_period_with_match_times_and_outcome(world):
    found = of(rows(), "help_request")
    # R3 (closed on the first moment of November), R2 (expired on its last minute), R1, R5; not R4 (closed on
    # 1 December) nor R6 (open). In the order they were made.
    assert [(times(row), row["outcome"]) for row in found] == [
        (("2026-10-20T10:00:00Z", "2026-10-26T10:00:00Z", "2026-10-26T10:00:00Z", "2026-10-31T23:00:00Z", ""), "found"),
        (("2026-11-01T10:00:00Z", "", "", "2026-11-30T22:59:00Z", ""), "not_found"),
        (("2026-11-02T10:00:00Z", "2026-11-04T10:00:00Z", "2026-11-04T10:00:00Z", "2026-11-10T10:00:00Z", ""), "found"),
        (("2026-11-05T10:00:00Z", "2026-11-07T10:00:00Z", "", "2026-11-15T10:00:00Z", ""), "not_found"),
    ]  # fmt: skip
    assert [(row["team"], row["district"], row["neighbourhood"]) for row in found] == [
        (world.team_a.slug, world.district_a.code, world.n2.code),
        (world.team_a.slug, world.district_a.code, world.n1.code),
        (world.team_a.slug, world.district_a.code, world.n1.code),
        (world.team_b.slug, world.district_b.code, world.n3.code),
    ]


def test_initiatives_submitted_responded_or_decided_in_the_period(world):
    found = of(rows(), "initiative")
    # I1 (decided in November), I3 (submitted and answered in November, withdrawn on the first moment of
    # December), I2 (all three in November), I5 (submitted, no response); never the draft I4.
    assert [(times(row), row["outcome"]) for row in found] == [
        (("2026-10-01T10:00:00Z", "2026-10-03T10:00:00Z", "2026-11-10T10:00:00Z", "2026-11-10T10:00:00Z", ""), "done"),
        (("2026-11-01T10:00:00Z", "2026-11-09T10:00:00Z", "2026-11-30T23:00:00Z", "", ""), "withdrawn"),
        (("2026-11-03T09:00:00Z", "2026-11-03T21:00:00Z", "2026-11-20T10:00:00Z", "", ""), "declined"),
        (("2026-11-25T10:00:00Z", "", "", "", ""), ""),
    ]  # fmt: skip


def test_questions_first_answered_in_the_period_against_their_answer_by_time(world):
    found = of(rows(), "question")
    assert [(row["team"], times(row), row["outcome"]) for row in found] == [
        (world.team_a.slug, ("2026-11-02T08:00:00Z", "2026-11-02T20:00:00Z", "", "", "2026-11-04T08:00:00Z"), "in_time"),
        (world.team_a.slug, ("2026-11-03T08:00:00Z", "2026-11-06T08:00:00Z", "", "", "2026-11-05T08:00:00Z"), "late"),
        (world.team_b.slug, ("2026-11-09T10:00:00Z", "2026-11-10T10:00:00Z", "", "", ""), ""),
    ]  # fmt: skip
    assert all(row["district"] == row["neighbourhood"] == "" for row in found)  # a team's, not a place's


def test_complaints_received_in_the_period_in_time_late_or_still_within_their_term(world):
    found = of(rows(), "complaint")
    assert [(times(row), row["outcome"]) for row in found] == [
        (("2026-11-02T10:00:00Z", "", "", "2026-11-20T10:00:00Z", "2026-12-14T10:00:00Z"), "in_time"),
        (("2026-11-03T10:00:00Z", "", "", "", "2026-11-04T10:00:00Z"), "late"),  # not answered, past due
        (("2026-11-28T10:00:00Z", "", "", "", "2027-01-09T10:00:00Z"), ""),  # within its term on 5 December
    ]  # fmt: skip


def test_signals_reported_in_the_period_with_theme_and_their_group(world):
    found = of(rows(), "signal")
    assert [(row["created"], row["theme"], row["recurring"], row["taken_up"]) for row in found] == [
        ("2026-11-05T10:00:00Z", "", "no", "no"),
        ("2026-11-06T10:00:00Z", "", "no", "no"),
        ("2026-11-07T10:00:00Z", "", "no", "no"),
        ("2026-11-08T10:00:00Z", "waste", "yes", "yes"),
    ]
    assert found[1]["district"] == "" and found[1]["team"] == world.team_a.slug  # S2 has no area


def test_projects_running_at_any_moment_of_the_period(world):
    found = of(rows(), "project")
    # P2 (September, finished 20 November), P3 (October, running), P1 (2 November, starting).
    assert [(row["created"], row["done_or_answered"], row["outcome"]) for row in found] == [
        ("2026-09-01T10:00:00Z", "2026-11-20T10:00:00Z", "finished"),
        ("2026-10-01T10:00:00Z", "", "running"),
        ("2026-11-02T10:00:00Z", "", "starting"),
    ]
    december = Period(date(2026, 12, 1), date(2027, 1, 1), "month")
    assert len(of(rows(period=december), "project")) == 2  # P2 finished before December


def test_a_team_or_a_district_holds_only_its_own_items(world):
    team_a = Counter(row["kind"] for row in rows([Scope(TEAM, world.team_a.id)]))
    assert team_a == {"help_request": 3, "initiative": 3, "question": 2, "complaint": 2, "signal": 3, "project": 2}
    district = rows([Scope(TEAM, world.team_a.id), Scope(DISTRICT, world.district_a.id)])
    assert Counter(row["kind"] for row in district) == {"help_request": 3, "initiative": 3, "signal": 2, "project": 1}
    assert {row["district"] for row in district} == {world.district_a.code}


def test_without_neighbourhoods_the_column_stays_empty(world):
    found = rows(neighbourhoods=False)
    assert {row["neighbourhood"] for row in found} == {""}
    assert world.n1.code not in exports_items.csv_text([list(row.values()) for row in found])


def test_the_figures_count_again_from_the_rows(world):
    """Each indicator that counts items, counted from the file by its own column, equals the computed figure."""
    for scope in (CITY_SCOPE, Scope(TEAM, world.team_a.id)):
        found, computed = rows([scope]), figures(scope, NOVEMBER, now=NOW)
        start, end = "2026-10-31T23:00:00Z", "2026-11-30T23:00:00Z"

        def within(moment, start=start, end=end):
            return moment != "" and start <= moment < end

        help_rows = of(found, "help_request")
        assert (computed["help_found_neighbour"].count, computed["help_found_neighbour"].base) == (
            sum(row["outcome"] == "found" for row in help_rows),
            len(help_rows),
        )
        decided = [row for row in of(found, "initiative") if within(row["decided"])]
        assert (computed["initiatives_realised"].count, computed["initiatives_realised"].base) == (
            sum(row["outcome"] == "done" for row in decided),
            len(decided),
        )
        submitted = [row for row in of(found, "initiative") if within(row["created"])]
        assert computed["initiatives_submitted"].count == len(submitted)
        timed = [row for row in of(found, "question") if row["due"]]
        assert (computed["questions_in_time"].count, computed["questions_in_time"].base) == (
            sum(row["outcome"] == "in_time" for row in timed),
            len(timed),
        )
        complaints = of(found, "complaint")
        assert computed["complaints_filed"].count == len(complaints)
        assert (computed["complaints_in_time"].count, computed["complaints_in_time"].base) == (
            sum(row["outcome"] == "in_time" for row in complaints),
            sum(row["outcome"] != "" for row in complaints),
        )
        assert computed["signals_reported"].count == len(of(found, "signal"))
        projects = of(found, "project")
        assert computed["projects_started"].count == sum(within(row["created"]) for row in projects)
        assert computed["projects_finished"].count == sum(within(row["done_or_answered"]) for row in projects)
        assert computed["projects_running"].count == sum(row["done_or_answered"] == "" for row in projects)


def test_no_personal_data_in_the_file(world):
    text = exports_items.csv_text(item_rows(NOVEMBER, [CITY_SCOPE], neighbourhoods=True, key=KEY, now=NOW))
    for personal in ("Bewoner", "example.org", "Wie doet", "Straatfeest", "Klacht", "Vraag", "afval", "Samen eten"):
        assert personal not in text
    assert text.startswith("\ufeff" + ";".join(COLUMNS) + "\r\n")


def test_item_numbers_are_opaque_distinct_and_stable(world):
    numbers = [item_number(KEY, "signal", item_id) for item_id in range(1, 5001)]
    assert len(set(numbers)) == len(numbers) and all(0 <= number < 2**48 for number in numbers)
    assert sum(number == item_id for item_id, number in enumerate(numbers, start=1)) == 0
    assert item_number(KEY, "signal", 7) != item_number(KEY, "project", 7)  # per kind
    assert item_number(number_key("another secret key, just as long as the first"), "signal", 7) != numbers[6]
    first, again = rows(), rows()
    assert [row["item"] for row in first] == [row["item"] for row in again]
    assert len({(row["kind"], row["item"]) for row in first}) == len(first)


def test_one_query_per_kind_whatever_the_number_of_items(world):
    seen = []

    def note(*_args):
        seen.append(1)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        rows()
        first = len(seen)
        for day in range(10, 20):
            db.session.add(
                Signal(
                    text="Nog een melding.",
                    team_id=world.team_a.id,
                    area_id=world.n2.id,
                    follow_token=secrets.token_urlsafe(16),
                    created_at=at(11, day),
                )
            )
        db.session.flush()
        seen.clear()
        assert len(of(rows(), "signal")) == 14
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert first == len(seen) == len(exports_items.KINDS)


def test_times_are_utc_to_the_second():
    assert exports_items._time(datetime(2026, 11, 3, 9, 12, 0, 654321)) == "2026-11-03T09:12:00Z"
    assert exports_items._time(None) == ""
