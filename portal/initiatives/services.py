"""Proposing an initiative and moving it through its lifecycle. Services flush; the view commits.

Every status change is checked against the transition table in ``lifecycle``, recorded as a
StatusChange (who, when, from, to, why), and announced to the people it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.initiatives import lifecycle, permissions, search, times
from portal.initiatives import notification_kinds as kinds
from portal.initiatives.blueprint import bp
from portal.initiatives.categories import CATEGORIES
from portal.initiatives.models import Initiative, StatusChange, VolunteerRole
from portal.teams.models import NEIGHBOURHOOD, Area
from portal.timeutil import utcnow

PERMITS = ("unknown", "no", "maybe", "yes")


@dataclass
class RoleInput:
    """A volunteer role as typed in the form; ``role_id`` is set for a role that exists."""

    title: str
    needed: int
    role_id: int | None = None
    row: int | None = None  # the form row it came from, to show an error next to it

    def field(self, name: str) -> str:
        return f"roles-{self.row}-{name}" if self.row is not None else "roles"


@dataclass
class Proposal:
    """What a resident tells about an initiative; the form turns its fields into this."""

    title: str
    description: str
    category: str
    area_id: int
    place: str | None = None
    proposed_from: date | None = None
    proposed_until: date | None = None
    proposed_time: str | None = None
    roles: list[RoleInput] = field(default_factory=list)
    budget_cents: int | None = None
    budget_breakdown: str | None = None
    materials: str | None = None
    permit: str = "unknown"


@dataclass
class StepInput:
    """One step in the lifecycle and what it needs: a reason, a date and place, or a report."""

    target: str
    reason: str | None = None
    planned_start: datetime | None = None
    planned_end: datetime | None = None
    place: str | None = None
    report: str | None = None


def link_to(initiative: Initiative) -> str:
    """The path of the initiative's page, for notifications (no request needed)."""
    return f"{bp.url_prefix}/{initiative.id}"


def notify(user, kind: str, params: dict, link: str) -> None:
    """Hand an event to the notifications feature (portal.notifications.services.notify)."""
    if user is None:
        return
    from portal.notifications.services import notify as send  # imported late: notifications reads our labels

    send(user, kind, params, link)


def notify_team(initiative: Initiative, kind: str, params: dict, link: str, exclude=None) -> None:
    """Tell every worker of the team serving the initiative's area (never another team's), but ``exclude``."""
    team = initiative.area.team if initiative.area is not None else None
    if team is None:
        return
    from portal.notifications.services import notify_team_workers

    notify_team_workers(team, kind, params, link, exclude=exclude)


def volunteers(initiative: Initiative) -> list:
    """Everyone signed up for one of the initiative's roles, once each."""
    people = {signup.user.id: signup.user for role in initiative.roles for signup in role.signups}
    return list(people.values())


def propose_initiative(user, proposal: Proposal) -> Initiative:
    """Save a resident's idea as a draft; nobody else sees it until it is submitted."""
    _check_proposal(proposal)
    initiative = Initiative(initiator_id=user.id, status=lifecycle.DRAFT, search_terms="")
    _apply(initiative, proposal)
    for position, role in enumerate(proposal.roles):
        initiative.roles.append(VolunteerRole(title=role.title, needed=role.needed, position=position, taken=0))
    search.index_initiative(initiative)
    db.session.add(initiative)
    db.session.flush()
    _record_change(initiative, user, None, lifecycle.DRAFT, None)
    return initiative


def update_initiative(user, initiative: Initiative, proposal: Proposal) -> Initiative:
    """Change what the initiative is about; volunteers hear when the place of a planned one moves."""
    if not permissions.can_edit(user, initiative):
        raise DomainError(_l("This initiative can no longer be changed."))
    _check_proposal(proposal)
    place_before = initiative.place
    _apply(initiative, proposal)
    _sync_roles(initiative, proposal.roles)
    search.index_initiative(initiative)
    db.session.flush()
    if initiative.status == lifecycle.PLANNED and initiative.place != place_before:
        _tell_volunteers(initiative, kinds.INITIATIVE_CHANGED, _when_and_where(initiative))
    if not permissions.is_initiator(user, initiative):
        record(user, "initiative.edit", f"initiative:{initiative.id}")
    return initiative


def change_status(user, initiative: Initiative, step: StepInput) -> StatusChange:
    """Take one step in the lifecycle, if the table allows it for this user; refuse anything else."""
    current, target = initiative.status, step.target
    role = permissions.acting_role(user, initiative, target)
    lifecycle.check_transition(
        current, target, role, reason=step.reason, planned_start=step.planned_start, report=step.report
    )
    if step.planned_end is not None and step.planned_start is not None and step.planned_end < step.planned_start:
        raise DomainError(_l("The end cannot be before the start."), "planned_end")
    # Guarded: if someone else took a step a moment ago, this one is refused, not doubled.
    moved = db.session.execute(
        update(Initiative)
        .where(Initiative.id == initiative.id, Initiative.status == current)
        .values(status=target, updated_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    if moved.rowcount != 1:
        raise DomainError(_l("Someone else changed this initiative just now. Please look again."), "status")
    initiative.status = target
    now = utcnow()
    _apply_step(user, initiative, step, role, now)
    change = _record_change(initiative, user, current, target, step.reason, now)
    if role == lifecycle.WORKER:
        record(user, "initiative.status", f"initiative:{initiative.id}", f"{current} → {target}")
    notify(initiative.initiator, kinds.INITIATIVE_STATUS, _status_params(initiative, step), link_to(initiative))
    if target == lifecycle.SUBMITTED:
        area = initiative.area.name if initiative.area is not None else ""
        notify_team(
            initiative, kinds.INITIATIVE_SUBMITTED, {"title": initiative.title, "area": area}, link_to(initiative)
        )
    if current == lifecycle.PLANNED and target in (lifecycle.DECLINED, lifecycle.WITHDRAWN):
        reason = {"reason": kinds.excerpt(step.reason)} if step.reason else {}
        _tell_volunteers(initiative, kinds.INITIATIVE_CANCELLED, reason)
    return change


def _status_params(initiative: Initiative, step: StepInput) -> dict:
    """What the initiator reads about the step: the new status, and its reason or its date and place."""
    params = {"title": initiative.title, "status": step.target}
    if step.target in (lifecycle.DECLINED, lifecycle.WITHDRAWN) and step.reason:
        params["reason"] = kinds.excerpt(step.reason)
    if step.target == lifecycle.PLANNED and initiative.planned_start is not None:
        params["start"] = times.stored_iso(initiative.planned_start)
        if initiative.place:
            params["place"] = initiative.place
    return params


def reschedule(user, initiative: Initiative, planned_start: datetime, planned_end: datetime | None, place: str | None):
    """Move a planned initiative to another date or place; its volunteers are told."""
    if initiative.status != lifecycle.PLANNED:
        raise DomainError(_l("Only a planned initiative has a date to change."), "planned_start")
    if not (permissions.is_initiator(user, initiative) or permissions.is_team_worker(user, initiative)):
        raise DomainError(_l("You may not take this step for this initiative."), "planned_start")
    if planned_end is not None and planned_end < planned_start:
        raise DomainError(_l("The end cannot be before the start."), "planned_end")
    before = (initiative.planned_start, initiative.planned_end, initiative.place)
    initiative.planned_start, initiative.planned_end = planned_start, planned_end
    initiative.place = place or initiative.place
    search.index_initiative(initiative)
    db.session.flush()
    if (initiative.planned_start, initiative.planned_end, initiative.place) != before:
        _tell_volunteers(initiative, kinds.INITIATIVE_CHANGED, _when_and_where(initiative))
        if not permissions.is_initiator(user, initiative):
            record(user, "initiative.reschedule", f"initiative:{initiative.id}")
    return initiative


def _apply_step(user, initiative: Initiative, step: StepInput, role: str, now: datetime) -> None:
    """What the step changes besides the status: timestamps, the worker, the date and place, the report."""
    if step.target == lifecycle.SUBMITTED and initiative.submitted_at is None:
        initiative.submitted_at = now
    if role == lifecycle.WORKER and initiative.first_response_at is None:
        initiative.first_response_at = now
    if step.target == lifecycle.IN_CONVERSATION:
        initiative.worker_id = user.id
    if step.target == lifecycle.PLANNED:
        date_before = initiative.planned_start
        initiative.planned_start, initiative.planned_end = step.planned_start, step.planned_end
        if step.place:
            initiative.place = step.place
        if date_before != step.planned_start:
            _tell_volunteers(initiative, kinds.INITIATIVE_CHANGED, _when_and_where(initiative))
    if step.target == lifecycle.DONE:
        initiative.report = step.report
    search.index_initiative(initiative)


def _record_change(initiative, user, current, target, reason, at=None) -> StatusChange:
    change = StatusChange(
        initiative_id=initiative.id,
        actor_id=user.id if user is not None else None,
        from_status=current,
        to_status=target,
        reason=reason or None,
        at=at or utcnow(),
    )
    db.session.add(change)
    db.session.flush()
    return change


def _when_and_where(initiative: Initiative) -> dict:
    params = {"start": times.stored_iso(initiative.planned_start)} if initiative.planned_start else {}
    return {**params, "place": initiative.place} if initiative.place else params


def _tell_volunteers(initiative: Initiative, kind: str, news: dict | None = None) -> None:
    for person in volunteers(initiative):
        notify(person, kind, {"title": initiative.title, **(news or {})}, link_to(initiative))


def _check_proposal(proposal: Proposal) -> None:
    if proposal.category not in CATEGORIES:
        raise DomainError(_l("Choose one of the categories."), "category")
    area = db.session.get(Area, proposal.area_id) if proposal.area_id else None
    if area is None or area.kind != NEIGHBOURHOOD:
        raise DomainError(_l("Choose the neighbourhood where it takes place."), "area_id")
    if proposal.permit not in PERMITS:
        raise DomainError(_l("Choose one of the answers."), "permit")
    if proposal.budget_cents is not None and proposal.budget_cents < 0:
        raise DomainError(_l("A budget cannot be negative."), "budget")
    if proposal.proposed_from and proposal.proposed_until and proposal.proposed_until < proposal.proposed_from:
        raise DomainError(_l("The last day cannot be before the first day."), "proposed_until")
    for role in proposal.roles:
        if role.needed < 1:
            raise DomainError(_l("A task needs at least one person."), role.field("needed"))


def _apply(initiative: Initiative, proposal: Proposal) -> None:
    for name in (
        "title", "description", "category", "area_id", "place", "proposed_from", "proposed_until",
        "proposed_time", "budget_cents", "budget_breakdown", "materials", "permit",
    ):  # fmt: skip
        setattr(initiative, name, getattr(proposal, name))


def _sync_roles(initiative: Initiative, rows: list[RoleInput]) -> None:
    """Update, add and remove roles; a role people signed up for keeps room for them."""
    existing = {role.id: role for role in initiative.roles}
    kept = set()
    for position, row in enumerate(rows):
        role = existing.get(row.role_id) if row.role_id else None
        if role is None:
            initiative.roles.append(VolunteerRole(title=row.title, needed=row.needed, position=position, taken=0))
            continue
        if row.needed < role.taken:
            raise DomainError(
                _l("%(count)d people have already signed up for this task.", count=role.taken),
                row.field("needed"),
            )
        role.title, role.needed, role.position = row.title, row.needed, position
        kept.add(role.id)
    for role_id, role in existing.items():
        if role_id not in kept:
            if role.taken:
                raise DomainError(
                    _l("People have signed up for “%(task)s”, so it cannot be removed.", task=role.title), "roles"
                )
            initiative.roles.remove(role)
