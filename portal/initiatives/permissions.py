"""Who someone is to an initiative: its initiator, a worker of the team serving its area, or other.

The lifecycle table speaks of these roles; these functions decide them for a user.
"""

from __future__ import annotations

from portal.initiatives import lifecycle
from portal.initiatives.models import Initiative


def team_slug(initiative: Initiative) -> str | None:
    """The slug of the team serving the initiative's area (None when no team does)."""
    area = initiative.area
    return area.team.slug if area is not None and area.team is not None else None


def is_initiator(user, initiative: Initiative) -> bool:
    return bool(user is not None and user.is_authenticated and user.id == initiative.initiator_id)


def is_team_worker(user, initiative: Initiative) -> bool:
    """A worker of the team serving the area, or a coordinator."""
    return bool(user is not None and user.is_authenticated and user.works_for(team_slug(initiative)))


def roles_of(user, initiative: Initiative) -> list[str]:
    """The lifecycle roles ``user`` has for ``initiative`` (a worker may also be its initiator)."""
    roles = []
    if is_initiator(user, initiative):
        roles.append(lifecycle.INITIATOR)
    if is_team_worker(user, initiative):
        roles.append(lifecycle.WORKER)
    return roles or [lifecycle.OTHER]


def acting_role(user, initiative: Initiative, target: str) -> str:
    """The role in which ``user`` takes the step to ``target``: the first of theirs allowed to."""
    roles = roles_of(user, initiative)
    allowed = lifecycle.TRANSITIONS.get((initiative.status, target), frozenset())
    return next((role for role in roles if role in allowed), roles[0])


def next_steps(user, initiative: Initiative) -> list[str]:
    """Every status ``user`` may move the initiative to now, in lifecycle order."""
    targets: list[str] = []
    for role in roles_of(user, initiative):
        targets += [t for t in lifecycle.allowed_targets(initiative.status, role) if t not in targets]
    return [status for status in lifecycle.STATUSES if status in targets]


def can_see(user, initiative: Initiative) -> bool:
    """A draft is the initiator's own until submitted; everything else is public."""
    return initiative.status != lifecycle.DRAFT or is_initiator(user, initiative)


def sees_names(user, initiative: Initiative) -> bool:
    """The initiator and the team see who signed up; others see counts and first names."""
    return is_initiator(user, initiative) or is_team_worker(user, initiative)


def can_edit(user, initiative: Initiative) -> bool:
    """The initiator edits until it is over; the team from submission on."""
    if initiative.status in lifecycle.FINAL:
        return False
    if is_initiator(user, initiative):
        return True
    return initiative.status != lifecycle.DRAFT and is_team_worker(user, initiative)


def may_manage_photos(user, initiative: Initiative) -> bool:
    """The initiator, the workers of the area's team, and coordinators add and remove photos."""
    return is_initiator(user, initiative) or is_team_worker(user, initiative)
