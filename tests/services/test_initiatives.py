"""Proposing an initiative and its lifecycle, against a real database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.audit import AuditEntry
from portal.errors import DomainError
from portal.extensions import db
from portal.initiatives import lifecycle, queries, services
from portal.initiatives.models import Initiative, RoleSignup, StatusChange
from portal.initiatives.services import Proposal, RoleInput, StepInput
from portal.notifications.models import Notification
from tests.factories import make_team, make_user
from tests.factories.initiatives import make_area, make_initiative, make_place


@pytest.fixture
def ctx(app):
    """A request context: a DomainError words its message in the reader's language."""
    with app.test_request_context():
        yield
        db.session.remove()


def _proposal(area, **fields) -> Proposal:
    values = {
        "title": "Moestuin achter de flat",
        "description": "Samen groenten kweken op het grasveld achter de flat aan de Isebrandtsheerd.",
        "category": "green",
        "area_id": area.id,
        "place": "Grasveld Isebrandtsheerd",
        "proposed_from": date(2026, 4, 4),
        "roles": [RoleInput("Grond omspitten, zaterdag 10:00", 3), RoleInput("Zaaien en water geven", 2)],
        "budget_cents": 15000,
        "budget_breakdown": "Zaad en plantjes € 60, gereedschap € 90",
        "permit": "maybe",
    }
    values.update(fields)
    return Proposal(**values)


def _kinds(user) -> list[str]:
    return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)))


def test_a_proposal_is_saved_as_a_draft_with_its_roles_and_a_first_timeline_entry(ctx):
    _, area, _, resident = make_place()
    initiative = services.propose_initiative(resident, _proposal(area))
    assert initiative.status == lifecycle.DRAFT and initiative.submitted_at is None
    assert [(role.title, role.needed, role.taken) for role in initiative.roles] == [
        ("Grond omspitten, zaterdag 10:00", 3, 0),
        ("Zaaien en water geven", 2, 0),
    ]
    assert initiative.budget_cents == 15000
    assert "moestuin" in initiative.search_terms
    changes = db.session.scalars(select(StatusChange).where(StatusChange.initiative_id == initiative.id)).all()
    assert [(c.from_status, c.to_status, c.actor_id) for c in changes] == [(None, lifecycle.DRAFT, resident.id)]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "fireworks"}, "category"),
        ({"area_id": 999_999}, "area_id"),
        ({"permit": "perhaps"}, "permit"),
        ({"budget_cents": -100}, "budget"),
        ({"proposed_from": date(2026, 5, 2), "proposed_until": date(2026, 5, 1)}, "proposed_until"),
        ({"roles": [RoleInput("Tafels", 0, row=1)]}, "roles-1-needed"),
    ],
)
def test_a_bad_proposal_is_refused_on_its_field_and_nothing_is_stored(ctx, fields, field):
    _, area, _, resident = make_place()
    with pytest.raises(DomainError) as refused:
        services.propose_initiative(resident, _proposal(area, **fields))
    assert refused.value.field == field
    db.session.rollback()
    assert db.session.scalar(select(func.count(Initiative.id))) == 0


def test_a_district_is_not_a_neighbourhood(ctx):
    team, area, _, resident = make_place()
    with pytest.raises(DomainError) as refused:
        services.propose_initiative(resident, _proposal(area, area_id=area.parent_id))
    assert refused.value.field == "area_id"


def test_the_whole_happy_path_sets_the_timestamps_and_the_timeline(ctx):
    _, area, worker, resident = make_place()
    initiative = services.propose_initiative(resident, _proposal(area))
    services.change_status(resident, initiative, StepInput(lifecycle.SUBMITTED))
    assert initiative.submitted_at is not None and initiative.first_response_at is None
    services.change_status(worker, initiative, StepInput(lifecycle.IN_CONVERSATION))
    assert initiative.worker_id == worker.id and initiative.first_response_at is not None
    first_response = initiative.first_response_at
    start = datetime(2026, 4, 4, 8, 0)
    services.change_status(worker, initiative, StepInput(lifecycle.PLANNED, planned_start=start, place="Achter blok 3"))
    assert initiative.planned_start == start and initiative.place == "Achter blok 3"
    services.change_status(resident, initiative, StepInput(lifecycle.DONE, report="Twintig buren kwamen spitten."))
    assert initiative.report == "Twintig buren kwamen spitten." and initiative.first_response_at == first_response
    steps = db.session.execute(
        select(StatusChange.from_status, StatusChange.to_status, StatusChange.actor_id)
        .where(StatusChange.initiative_id == initiative.id)
        .order_by(StatusChange.id)
    ).all()
    assert [tuple(step) for step in steps] == [
        (None, "draft", resident.id),
        ("draft", "submitted", resident.id),
        ("submitted", "in_conversation", worker.id),
        ("in_conversation", "planned", worker.id),
        ("planned", "done", resident.id),
    ]
    # The initiator hears of every change; the workers' steps are in the audit log.
    assert _kinds(resident).count("initiative_status") == 4
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.actor_id == worker.id)) == 2


def test_a_decline_needs_a_reason_and_keeps_it(ctx):
    _, area, worker, resident = make_place()
    initiative = make_initiative(resident, area)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        services.change_status(worker, initiative, StepInput(lifecycle.DECLINED, reason=" "))
    assert refused.value.field == "reason"
    db.session.rollback()
    change = services.change_status(
        worker, initiative, StepInput(lifecycle.DECLINED, reason="Past niet binnen het budget.")
    )
    assert change.reason == "Past niet binnen het budget." and initiative.status == lifecycle.DECLINED
    assert initiative.first_response_at is not None


@pytest.mark.parametrize(
    ("status", "target", "who"),
    [
        (lifecycle.DRAFT, lifecycle.SUBMITTED, "worker"),  # only the initiator submits
        (lifecycle.SUBMITTED, lifecycle.IN_CONVERSATION, "resident"),  # a resident cannot pick it up
        (lifecycle.SUBMITTED, lifecycle.IN_CONVERSATION, "other_worker"),  # nor a worker of another team
        (lifecycle.SUBMITTED, lifecycle.PLANNED, "worker"),  # no skipping the conversation
        (lifecycle.DONE, lifecycle.SUBMITTED, "resident"),  # done is done
        (lifecycle.WITHDRAWN, lifecycle.SUBMITTED, "resident"),
        (lifecycle.PLANNED, lifecycle.WITHDRAWN, "neighbour"),  # only the initiator withdraws
    ],
)
def test_refused_steps_change_nothing(ctx, status, target, who):
    _, area, worker, resident = make_place()
    people = {
        "resident": resident,
        "worker": worker,
        "other_worker": make_user(ROLE_WORKER, teams=[make_team("WIJ Elders")]),
        "neighbour": make_user(area_id=area.id),
    }
    initiative = make_initiative(resident, area, status=status)
    db.session.commit()
    with pytest.raises(DomainError):
        services.change_status(
            people[who], initiative, StepInput(target, planned_start=datetime(2026, 6, 1, 12), reason="x", report="x")
        )
    db.session.rollback()
    assert db.session.get(Initiative, initiative.id).status == status
    assert db.session.scalar(select(func.count(StatusChange.id))) == 1


def test_a_coordinator_acts_for_every_team(ctx):
    _, area, _, resident = make_place()
    coordinator = make_user(ROLE_COORDINATOR)
    initiative = make_initiative(resident, area)
    services.change_status(coordinator, initiative, StepInput(lifecycle.IN_CONVERSATION))
    assert initiative.worker_id == coordinator.id


def test_a_step_someone_else_took_a_moment_ago_is_refused(ctx):
    _, area, worker, resident = make_place()
    initiative = make_initiative(resident, area)
    db.session.commit()
    # Another worker picked it up after this page was loaded.
    db.session.execute(
        Initiative.__table__.update().where(Initiative.id == initiative.id).values(status="in_conversation")
    )
    with pytest.raises(DomainError) as refused:
        services.change_status(worker, initiative, StepInput(lifecycle.IN_CONVERSATION))
    assert refused.value.field == "status"


def test_the_end_cannot_be_before_the_start(ctx):
    _, area, worker, resident = make_place()
    initiative = make_initiative(resident, area, status=lifecycle.IN_CONVERSATION)
    start = datetime(2026, 6, 1, 12)
    with pytest.raises(DomainError) as refused:
        services.change_status(
            worker,
            initiative,
            StepInput(lifecycle.PLANNED, planned_start=start, planned_end=start - timedelta(hours=1)),
        )
    assert refused.value.field == "planned_end"


def test_volunteers_hear_when_a_planned_initiative_moves_or_is_cancelled(ctx):
    _, area, worker, resident = make_place()
    volunteer = make_user(area_id=area.id)
    initiative = make_initiative(resident, area, status=lifecycle.PLANNED, roles=[("Soep koken", 2)])
    db.session.add(RoleSignup(role_id=initiative.roles[0].id, user_id=volunteer.id))
    initiative.roles[0].taken = 1
    db.session.flush()
    db.session.expire_all()
    initiative = db.session.get(Initiative, initiative.id)
    services.reschedule(worker, initiative, datetime(2026, 7, 1, 14), None, "Buurthuis De Zon")
    assert _kinds(volunteer) == ["initiative_changed"]
    services.reschedule(worker, initiative, datetime(2026, 7, 1, 14), None, "Buurthuis De Zon")  # no change
    assert _kinds(volunteer) == ["initiative_changed"]
    services.change_status(resident, initiative, StepInput(lifecycle.WITHDRAWN, reason="Te weinig hulp"))
    assert _kinds(volunteer) == ["initiative_changed", "initiative_cancelled"]


def test_editing_keeps_room_for_people_who_signed_up(ctx):
    _, area, _, resident = make_place()
    volunteer = make_user()
    initiative = make_initiative(resident, area, roles=[("Tafels neerzetten", 3), ("Opruimen", 2)])
    first, second = initiative.roles
    db.session.add(RoleSignup(role_id=first.id, user_id=volunteer.id))
    first.taken = 1
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        services.update_initiative(
            resident, initiative, _proposal(area, roles=[RoleInput("Tafels", 0 + 1, role_id=second.id, row=0)])
        )
    assert "Tafels neerzetten" in str(refused.value.message)
    db.session.rollback()
    initiative = db.session.get(Initiative, initiative.id)
    services.update_initiative(
        resident,
        initiative,
        _proposal(area, roles=[RoleInput("Tafels en stoelen", 1, role_id=first.id), RoleInput("Muziek", 1)]),
    )
    assert [(r.title, r.needed, r.taken) for r in initiative.roles] == [("Tafels en stoelen", 1, 1), ("Muziek", 1, 0)]


def test_a_finished_initiative_cannot_be_edited(ctx):
    _, area, _, resident = make_place()
    initiative = make_initiative(resident, area, status=lifecycle.DONE)
    with pytest.raises(DomainError):
        services.update_initiative(resident, initiative, _proposal(area))


def test_similar_open_initiatives_in_the_same_area_only(ctx):
    team, area, _, resident = make_place()
    elsewhere = make_area(team)
    mine = make_initiative(
        resident,
        area,
        status=lifecycle.DRAFT,
        title="Straatfeest",
        description="Straatfeest met springkussen en muziek",
    )
    same = make_initiative(
        resident, area, title="Zomers straatfeest", description="Springkussen en muziek voor de kinderen"
    )
    make_initiative(resident, elsewhere, title="Straatfeest", description="Springkussen en muziek")
    make_initiative(resident, area, status=lifecycle.DONE, title="Straatfeest", description="Springkussen en muziek")
    make_initiative(resident, area, title="Schaakclub", description="Schaken op woensdagavond in het buurthuis")
    assert [other.id for other, _ in queries.similar_open_initiatives(mine)] == [same.id]


def test_the_queue_shows_submitted_initiatives_of_the_team_oldest_first(ctx):
    team, area, worker, resident = make_place()
    other_team = make_team("WIJ Elders")
    other_area = make_area(other_team)
    newer = make_initiative(resident, area, title="Nieuw")
    older = make_initiative(resident, area, title="Oud")
    older.submitted_at = newer.submitted_at - timedelta(days=5)
    make_initiative(resident, other_area, title="Elders")
    make_initiative(resident, area, status=lifecycle.DRAFT, title="Concept")
    db.session.flush()
    items = queries.waiting_queue([t.id for t in queries.teams_for(worker)])
    assert [item.initiative.title for item in items] == ["Oud", "Nieuw"]
    assert items[0].waited >= timedelta(days=7)
    coordinator = make_user(ROLE_COORDINATOR)
    assert len(queries.waiting_queue([t.id for t in queries.teams_for(coordinator)])) == 3
