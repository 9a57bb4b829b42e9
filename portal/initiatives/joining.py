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
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from portal.errors import DomainError
from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives import notification_kinds as kinds
from portal.initiatives.models import Initiative, RoleSignup, Support, VolunteerRole
from portal.initiatives.services import link_to, notify
from portal.notifications.models import Notification

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
    _tell_initiator_of_support(user, initiative)
    return True


def _tell_initiator_of_support(user, initiative: Initiative) -> None:
    """One notification per new supporter (a digest gathers them), by number only: the initiative page never
    names supporters, so neither does this. Support taken back and given again is not news a second time."""
    if initiative.initiator is None or initiative.initiator_id == user.id:
        return
    count = db.session.scalar(select(func.count()).select_from(Support).where(Support.initiative_id == initiative.id))
    if count > _supporters_told(initiative):
        params = {"title": initiative.title, "count": count}
        notify(initiative.initiator, kinds.INITIATIVE_SUPPORTED, params, link_to(initiative))


def _supporters_told(initiative: Initiative) -> int:
    """The highest number of supporters the initiator was told of."""
    told = db.session.scalars(
        select(Notification.params).where(
            Notification.user_id == initiative.initiator_id,
            Notification.kind == kinds.INITIATIVE_SUPPORTED,
            Notification.link == link_to(initiative),
        )
    )
    return max((params.get("count") or 0 for params in told if isinstance(params, dict)), default=0)


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
    initiative = role.initiative
    if initiative.initiator is not None and initiative.initiator_id != user.id:
        # Named by first name, as the initiative page shows volunteers to everyone.
        params = {
            "title": initiative.title,
            "task": role.title,
            "name": user.first_name,
            "taken": role.taken,
            "needed": role.needed,
        }
        notify(initiative.initiator, kinds.INITIATIVE_SIGNUP, params, link_to(initiative) + "#join")
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
