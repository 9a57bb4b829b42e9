"""'Vandaag': what waits for a worker's team, per kind, oldest first, with due times; another team's never."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.accounts.models import ROLE_COORDINATOR
from portal.extensions import db
from portal.help.models import HelpRequest
from portal.overview import norms
from portal.overview import queries_today as today
from portal.teams.models import TeamQuestion
from portal.workdays import due_at
from tests.factories import make_user
from tests.overview_support import NOW, make_world


@pytest.fixture
def worlds(ctx):
    own, other = make_world("Noord"), make_world("Zuid", latitude=53.10)
    db.session.commit()
    return own, other


def ids(section: today.Section) -> list[int]:
    return [item.id for item in section.items]


def by_kind(overview: today.Today) -> dict[str, today.Section]:
    return {section.kind: section for section in overview.sections}


def test_a_worker_sees_every_kind_waiting_for_their_own_team_only(worlds):
    own, other = worlds
    sections = by_kind(today.today(own.worker, now=NOW))
    assert list(sections) == [
        today.QUESTIONS,
        today.INITIATIVES,
        today.HELP_REQUESTS,
        today.PROPOSALS,
        today.CLUSTERS,
    ]  # complaints are for coordinators
    assert ids(sections[today.QUESTIONS]) == [own.old_question.id, own.new_question.id]  # oldest first, not answered
    assert ids(sections[today.INITIATIVES]) == [own.initiative.id]  # not the one a worker responded to
    assert ids(sections[today.HELP_REQUESTS]) == [own.help_request.id]  # not the one with a live proposal
    assert ids(sections[today.PROPOSALS]) == [own.match.id]
    assert ids(sections[today.CLUSTERS]) == [own.cluster.id]
    shown = {(item.kind, item.id) for section in sections.values() for item in section.items}
    theirs = {
        (today.QUESTIONS, other.old_question.id),
        (today.QUESTIONS, other.new_question.id),
        (today.INITIATIVES, other.initiative.id),
        (today.HELP_REQUESTS, other.help_request.id),
        (today.PROPOSALS, other.match.id),
        (today.CLUSTERS, other.cluster.id),
    }
    assert not shown & theirs
    assert all(item.team.id == own.team.id for section in sections.values() for item in section.items)


def test_overdue_items_are_marked_and_counted(worlds):
    own, _other = worlds
    overview = today.today(own.worker, now=NOW)
    sections = by_kind(overview)
    questions = sections[today.QUESTIONS]
    assert [item.overdue for item in questions.items] == [True, False]
    assert questions.items[0].due == own.old_question.due_at
    initiative = sections[today.INITIATIVES].items[0]
    assert initiative.overdue and initiative.due == due_at(own.initiative.submitted_at, norms.INITIATIVE_RESPONSE_DAYS)
    request = sections[today.HELP_REQUESTS].items[0]
    assert not request.overdue and request.due == due_at(own.help_request.created_at, norms.HELP_PROPOSAL_DAYS)
    assert sections[today.PROPOSALS].items[0].overdue  # a week without an answer is late by definition
    assert not sections[today.CLUSTERS].items[0].overdue  # recurring for three days: ten working days to decide
    assert [section.overdue for section in overview.sections] == [1, 1, 0, 1, 0]
    assert overview.overdue == 3 and overview.total == 6
    # A week later the request and the recurring matter are late too; the answered question never is.
    later = today.today(own.worker, now=NOW + timedelta(days=14))
    assert later.overdue == 6


def test_a_crisis_comes_first_and_is_due_at_once(worlds):
    own, _other = worlds
    crisis = HelpRequest(
        user_id=own.helper.id, kind="company", description="Hulp nodig", area_id=own.area.id, crisis=True,
        created_at=NOW - timedelta(hours=1), expires_at=NOW + timedelta(days=30),
    )  # fmt: skip
    db.session.add(crisis)
    db.session.commit()
    section = by_kind(today.today(own.worker, now=NOW))[today.HELP_REQUESTS]
    assert ids(section) == [crisis.id, own.help_request.id]
    assert section.items[0].crisis and section.items[0].overdue and section.overdue == 1


def test_sections_are_limited_but_count_everything(worlds):
    own, _other = worlds
    for number in range(today.LIMIT + 3):
        db.session.add(
            TeamQuestion(
                team_id=own.team.id, name="Vrager", contact="v@example.org", message=f"Vraag {number}",
                created_at=NOW - timedelta(days=1, minutes=number), due_at=NOW - timedelta(hours=1),
            )
        )  # fmt: skip
    db.session.commit()
    questions = by_kind(today.today(own.worker, now=NOW))[today.QUESTIONS]
    assert len(questions.items) == today.LIMIT
    assert questions.total == today.LIMIT + 5 and questions.overdue == today.LIMIT + 4
    assert questions.items[0].id == own.old_question.id  # still the oldest first


def test_a_coordinator_sees_every_team_and_complaints_and_can_choose_one_team(worlds):
    own, other = worlds
    coordinator = make_user(ROLE_COORDINATOR)
    db.session.commit()
    everything = today.today(coordinator, now=NOW)
    assert {team.id for team in everything.teams} >= {own.team.id, other.team.id}
    sections = by_kind(everything)
    assert ids(sections[today.COMPLAINTS]) == [own.complaint.id, other.complaint.id]  # as old: by id
    assert sections[today.COMPLAINTS].overdue == 2
    assert set(ids(sections[today.INITIATIVES])) == {own.initiative.id, other.initiative.id}
    chosen = today.today(coordinator, other.team.slug, now=NOW)
    assert chosen.chosen.id == other.team.id
    assert ids(by_kind(chosen)[today.INITIATIVES]) == [other.initiative.id]
    assert ids(by_kind(chosen)[today.COMPLAINTS]) == [other.complaint.id]


def test_a_worker_cannot_choose_another_team(worlds):
    own, other = worlds
    overview = today.today(own.worker, other.team.slug, now=NOW)
    assert overview.chosen is None
    assert ids(by_kind(overview)[today.INITIATIVES]) == [own.initiative.id]


@pytest.mark.parametrize("days", [norms.INITIATIVE_RESPONSE_DAYS, norms.HELP_PROPOSAL_DAYS, 2, 10])
def test_the_overdue_cutoff_agrees_with_the_due_time_across_weekends_and_holidays(days):
    # Around Christmas and New Year, and around Easter and King's Day, every two hours.
    for start in (datetime(2026, 12, 18), datetime(2027, 3, 20)):
        for step in range(0, 24 * 24, 2):
            now = start + timedelta(hours=step)
            cutoff = norms.overdue_cutoff(now, days)
            for received in (cutoff - timedelta(seconds=1), cutoff, cutoff + timedelta(hours=5)):
                assert (due_at(received, days) < now) == (received < cutoff), (now, received, days)
