"""Joining in: support once each, sign up while places are left, never twice, leave again.

The concurrency tests run two threads, each with its own application context and so its own
database session and connection, against SQLite or the PostgreSQL database of DATABASE_URL.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.errors import DomainError
from portal.extensions import db
from portal.initiatives import joining, lifecycle
from portal.initiatives.models import Initiative, RoleSignup, Support, VolunteerRole
from tests.factories import make_user
from tests.factories.initiatives import make_initiative, make_place


@pytest.fixture
def ctx(app):
    """A request context: a DomainError words its message in the reader's language."""
    with app.test_request_context():
        yield
        db.session.remove()


def _signups(role_id: int) -> int:
    return db.session.scalar(select(func.count(RoleSignup.id)).where(RoleSignup.role_id == role_id))


def test_support_once_each_and_take_it_back(ctx):
    _, area, _, resident = make_place()
    neighbour = make_user()
    initiative = make_initiative(resident, area)
    assert joining.support(neighbour, initiative) is True
    assert joining.support(neighbour, initiative) is False
    assert db.session.scalar(select(func.count()).select_from(Support)) == 1
    assert joining.withdraw_support(neighbour, initiative) is True
    assert joining.withdraw_support(neighbour, initiative) is False
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0


@pytest.mark.parametrize("status", [lifecycle.DRAFT, lifecycle.DONE, lifecycle.DECLINED, lifecycle.WITHDRAWN])
def test_a_closed_initiative_takes_no_support_and_no_sign_ups(ctx, status):
    _, area, _, resident = make_place()
    initiative = make_initiative(resident, area, status=status, roles=[("Soep koken", 2)])
    neighbour = make_user()
    with pytest.raises(DomainError):
        joining.support(neighbour, initiative)
    with pytest.raises(DomainError):
        joining.sign_up(neighbour, initiative.roles[0])


def test_sign_up_until_full_then_leave_frees_a_place(ctx):
    _, area, _, resident = make_place()
    initiative = make_initiative(resident, area, roles=[("Tafels neerzetten", 2)])
    role = initiative.roles[0]
    first, second, third = make_user(), make_user(), make_user()
    joining.sign_up(first, role)
    with pytest.raises(DomainError) as twice:
        joining.sign_up(first, role)
    assert "already" in str(twice.value.message) or "al " in str(twice.value.message)
    joining.sign_up(second, role)
    assert role.taken == 2
    db.session.commit()
    with pytest.raises(DomainError) as full:
        joining.sign_up(third, role)
    assert full.value.field == f"role-{role.id}"
    db.session.rollback()
    assert joining.leave(first, role) is True
    assert joining.leave(first, role) is False
    assert role.taken == 1
    joining.sign_up(third, role)
    assert role.taken == 2 == _signups(role.id)


def _race(app, role_id: int, user_ids: list[int]) -> list[str]:
    """Let every user sign up for the role at the same moment; return each outcome."""
    barrier = threading.Barrier(len(user_ids))
    outcomes: list[str] = []

    def attempt(user_id: int) -> None:
        with app.test_request_context():
            try:
                user = db.session.get(User, user_id)
                role = db.session.get(VolunteerRole, role_id)
                role.initiative.status  # noqa: B018 - loaded before the race starts
                barrier.wait(timeout=10)
                try:
                    joining.sign_up(user, role)
                    db.session.commit()
                    outcomes.append("ok")
                except DomainError:
                    db.session.rollback()
                    outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(user_id,)) for user_id in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _role_with_places(app, needed: int, taken_by: int = 0) -> tuple[int, list[int]]:
    with app.app_context():
        _, area, _, resident = make_place()
        initiative = make_initiative(resident, area, roles=[("Opruimen na afloop", needed)])
        role = initiative.roles[0]
        for _ in range(taken_by):
            db.session.add(RoleSignup(role_id=role.id, user_id=make_user().id))
        role.taken = taken_by
        users = [make_user().id, make_user().id]
        db.session.commit()
        role_id = role.id
        db.session.remove()
    return role_id, users


@pytest.mark.parametrize("attempt", range(3))
def test_two_people_for_the_last_place_at_once_exactly_one_succeeds(app, attempt):
    role_id, users = _role_with_places(app, needed=2, taken_by=1)
    assert sorted(_race(app, role_id, users)) == ["ok", "refused"]
    with app.app_context():
        role = db.session.get(VolunteerRole, role_id)
        assert role.taken == 2 == _signups(role_id)
        db.session.remove()


def test_the_same_person_twice_at_once_signs_up_once(app):
    role_id, users = _role_with_places(app, needed=5)
    assert sorted(_race(app, role_id, [users[0], users[0]])) == ["ok", "refused"]
    with app.app_context():
        role = db.session.get(VolunteerRole, role_id)
        assert role.taken == 1 == _signups(role_id)
        db.session.remove()


def test_the_initiative_of_a_role_stays_consistent_after_a_refusal(ctx):
    _, area, _, resident = make_place()
    initiative = make_initiative(resident, area, roles=[("Muziek", 1)])
    role = initiative.roles[0]
    joining.sign_up(make_user(), role)
    db.session.commit()
    with pytest.raises(DomainError):
        joining.sign_up(make_user(), role)
    db.session.rollback()
    fresh = db.session.get(Initiative, initiative.id)
    assert fresh.roles[0].taken == 1 == _signups(role.id)
