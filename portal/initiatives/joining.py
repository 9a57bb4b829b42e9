"""Joining in: supporting an idea and signing up for a volunteer role. Services flush; the view commits.

The last place of a role is guarded in the database, not in Python: one UPDATE raises
``taken`` only while it is below ``needed``, and the unique (role, user) constraint refuses a
second sign-up by the same person, also when two requests arrive at the same moment.

No savepoints: after a DomainError the caller rolls the whole transaction back (as every view
does), which also gives back a place taken a moment before. (pysqlite's own transaction
handling makes SAVEPOINT commit early on SQLite.)
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from portal.errors import DomainError
from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives.models import Initiative, RoleSignup, Support, VolunteerRole

# Statuses in which residents can support an idea and sign up to help.
OPEN = (lifecycle.SUBMITTED, lifecycle.IN_CONVERSATION, lifecycle.PLANNED)


def _ensure_open(initiative: Initiative, field: str) -> None:
    if initiative.status not in OPEN:
        raise DomainError(_l("This initiative is not open for support or sign-ups."), field)


def support(user, initiative: Initiative) -> bool:
    """Support an idea, once per person. Returns False when ``user`` already supported it."""
    _ensure_open(initiative, "support")
    if db.session.get(Support, (initiative.id, user.id)) is not None:
        return False
    db.session.add(Support(initiative_id=initiative.id, user_id=user.id))
    try:
        db.session.flush()
    except IntegrityError:  # a second click that arrived at the same moment
        raise DomainError(_l("You already support this initiative."), "support") from None
    return True


def withdraw_support(user, initiative: Initiative) -> bool:
    """Take support back. Returns False when there was none."""
    result = db.session.execute(
        delete(Support).where(Support.initiative_id == initiative.id, Support.user_id == user.id)
    )
    return result.rowcount == 1


def sign_up(user, role: VolunteerRole) -> RoleSignup:
    """Take one place in ``role`` while places are left; never twice for the same person."""
    field = f"role-{role.id}"
    _ensure_open(role.initiative, field)
    if _signup_of(user, role) is not None:
        raise DomainError(_l("You have already signed up for this task."), field)
    taken = db.session.execute(
        update(VolunteerRole)
        .where(VolunteerRole.id == role.id, VolunteerRole.taken < VolunteerRole.needed)
        .values(taken=VolunteerRole.taken + 1),
        execution_options={"synchronize_session": False},
    )
    if taken.rowcount != 1:
        raise DomainError(_l("This task is full: all places have been taken."), field)
    signup = RoleSignup(role_id=role.id, user_id=user.id)
    db.session.add(signup)
    try:
        db.session.flush()
    except IntegrityError:  # the same person, twice at the same moment; the rollback frees the place
        raise DomainError(_l("You have already signed up for this task."), field) from None
    db.session.refresh(role)
    return signup


def leave(user, role: VolunteerRole) -> bool:
    """Give one's place back. Returns False when ``user`` had not signed up."""
    removed = db.session.execute(delete(RoleSignup).where(RoleSignup.role_id == role.id, RoleSignup.user_id == user.id))
    if removed.rowcount != 1:
        return False
    db.session.execute(
        update(VolunteerRole)
        .where(VolunteerRole.id == role.id, VolunteerRole.taken > 0)
        .values(taken=VolunteerRole.taken - 1),
        execution_options={"synchronize_session": False},
    )
    db.session.refresh(role)
    return True


def _signup_of(user, role: VolunteerRole) -> RoleSignup | None:
    return db.session.scalar(select(RoleSignup).where(RoleSignup.role_id == role.id, RoleSignup.user_id == user.id))
