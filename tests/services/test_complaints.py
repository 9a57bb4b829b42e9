"""Complaints' rules called directly: due times, who is told, the status steps, the figures the indicators build on,
and deleting an account (the record stays for the figures, without the person)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.accounts import services as account_services
from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.complaints import queries, services
from portal.complaints.models import ANSWERED, CLOSED, IN_PROGRESS, NEW, Complaint
from portal.complaints.subjects import subject_for
from portal.errors import DomainError
from portal.extensions import db
from tests.factories import TEST_PASSWORD, make_area, make_team, make_user

T0 = datetime(2026, 3, 2, 9, 0)  # a Monday, naive UTC


@pytest.fixture
def place(ctx):
    team, other = make_team("WIJ Klachtteam"), make_team("WIJ Elders")
    area = make_area(team, "Klachtbuurt")
    return {
        "team": team,
        "other": other,
        "area": area,
        "resident": make_user(area_id=area.id, name="Karin Klager"),
        "coordinator": make_user(ROLE_COORDINATOR, teams=[team], name="Carla Coördinator"),
        "colleague": make_user(ROLE_COORDINATOR, name="Otto Overal"),
        "worker": make_user(ROLE_WORKER, teams=[team], name="Wim Werker"),
    }


def _file(place, team=None, when=T0, text="Niemand heeft mij teruggebeld, ook niet na twee weken.") -> Complaint:
    subject = subject_for(place["resident"], "team", (team or place["team"]).id)
    return services.file_complaint(place["resident"], services.Filing(subject, text), now=when)


def test_the_due_time_is_six_weeks_of_calendar_days():
    assert services.ANSWER_WEEKS == 6
    assert services.due_at(T0) == datetime(2026, 4, 13, 9, 0)


def test_a_complaint_reaches_the_teams_own_coordinators_else_every_coordinator(place):
    assert services.coordinators_for(place["team"]) == [place["coordinator"]]
    assert {user.id for user in services.coordinators_for(place["other"])} == {
        place["coordinator"].id,
        place["colleague"].id,
    }
    place["coordinator"].active = False
    assert [user.id for user in services.coordinators_for(place["team"])] == [place["colleague"].id]


def test_the_reference_number():
    assert Complaint(id=42).reference == "K-000042"


def test_the_status_steps_and_what_is_refused(place):
    complaint = _file(place)
    assert complaint.status == NEW and complaint.due_at == services.due_at(T0)
    with pytest.raises(DomainError):
        services.set_status(place["coordinator"], complaint, ANSWERED)  # only with an answer
    with pytest.raises(DomainError):
        services.assign(place["coordinator"], complaint, place["worker"].id)  # a coordinator handles it
    services.assign(place["coordinator"], complaint, place["colleague"].id)
    assert (complaint.status, complaint.assigned_to_id) == (IN_PROGRESS, place["colleague"].id)
    with pytest.raises(DomainError):
        services.answer(place["colleague"], complaint, "   ")
    services.answer(place["colleague"], complaint, "Excuses, we bellen je morgen.", now=T0 + timedelta(days=10))
    assert (complaint.status, complaint.answered_by_id) == (ANSWERED, place["colleague"].id)
    with pytest.raises(DomainError):
        services.answer(place["colleague"], complaint, "Nog een antwoord")
    services.set_status(place["coordinator"], complaint, CLOSED, now=T0 + timedelta(days=11))
    assert complaint.closed_at == T0 + timedelta(days=11)
    with pytest.raises(DomainError):
        services.set_status(place["coordinator"], complaint, IN_PROGRESS)


def test_overdue_is_past_the_due_time_without_an_answer(place):
    complaint = _file(place)
    assert not complaint.is_overdue(T0 + timedelta(weeks=6))
    assert complaint.is_overdue(T0 + timedelta(weeks=6, seconds=1))
    services.answer(place["coordinator"], complaint, "Antwoord", now=T0 + timedelta(weeks=7))
    assert not complaint.is_overdue(T0 + timedelta(weeks=8)) and not complaint.answered_in_time


# --------------------------------------------------------------------------- the figures


def test_figures_per_team_count_filed_answered_and_answered_in_time(place):
    coordinator, week = place["coordinator"], timedelta(weeks=1)
    in_time = _file(place, when=T0)
    services.answer(coordinator, in_time, "Op tijd", now=T0 + 2 * week)
    late = _file(place, when=T0 + timedelta(days=1))
    services.answer(coordinator, late, "Te laat", now=T0 + 7 * week)
    _file(place, when=T0 + timedelta(days=2))  # open and past its due time at `now`
    closed = _file(place, when=T0 + timedelta(days=3))  # solved in a conversation, closed without an answer
    services.set_status(coordinator, closed, CLOSED, now=T0 + week)
    _file(place, when=T0 + 9 * week)  # open, still within its term at `now`
    _file(place, when=T0 - timedelta(days=1))  # before the period
    _file(place, team=place["other"], when=T0 + timedelta(days=4))
    db.session.flush()

    now = T0 + 10 * week
    figures = queries.figures_per_team(T0, T0 + 10 * week, now=now)
    mine = figures[place["team"].id]
    assert (mine.filed, mine.answered, mine.answered_in_time, mine.due) == (5, 2, 1, 4)
    assert mine.share_in_time == pytest.approx(1 / 4)
    other = figures[place["other"].id]
    assert (other.filed, other.answered, other.answered_in_time, other.due) == (1, 0, 0, 1)
    assert other.share_in_time == 0
    # Nothing due yet: no share rather than 0 %.
    early = queries.figures_per_team(T0 + 9 * week, T0 + 10 * week, now=now)[place["team"].id]
    assert (early.filed, early.due, early.share_in_time) == (1, 0, None)
    assert queries.figures_per_team(T0 + 20 * week, T0 + 21 * week, now=now) == {}


# --------------------------------------------------------------------------- deleting accounts


def test_deleting_the_complainant_keeps_the_record_without_the_person(place):
    complaint = _file(place)
    services.assign(place["coordinator"], complaint, place["colleague"].id)
    services.answer(place["colleague"], complaint, "Beste Karin, excuses.", now=T0 + timedelta(days=3))
    db.session.commit()
    complaint_id, team_id = complaint.id, place["team"].id

    account_services.delete_account(place["resident"], TEST_PASSWORD)
    db.session.commit()
    kept = db.session.get(Complaint, complaint_id)
    assert (kept.user_id, kept.subject_id, kept.message, kept.answer) == (None, None, "", None)
    assert (kept.team_id, kept.status, kept.answered_at) == (team_id, ANSWERED, T0 + timedelta(days=3))
    assert kept.erased
    assert queries.figures_per_team(T0, T0 + timedelta(days=1), now=T0)[team_id].answered_in_time == 1


def test_deleting_a_coordinator_removes_their_name_from_the_complaints_they_handled(place):
    complaint = _file(place)
    services.assign(place["coordinator"], complaint, place["colleague"].id)
    services.answer(place["colleague"], complaint, "Antwoord")
    db.session.commit()
    account_services.erase_account(place["colleague"])
    db.session.commit()
    kept = db.session.get(Complaint, complaint.id)
    assert (kept.assigned_to_id, kept.answered_by_id, kept.answer) == (None, None, "Antwoord")
    assert kept.user_id == place["resident"].id
