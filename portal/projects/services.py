"""Collective projects as plain functions: start one from clusters of signals, invite, join, news, activities.

Every change a worker makes is checked against the team (``worker.works_for``) and written to the audit
log. The residents whose signals a project grew from are invited once each: accounts in the app (and by
mail as they chose), anonymous reporters who left an e-mail address by mail through the outbox. Nobody
but the team's workers ever sees who reported what. Functions flush; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import select

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.initiatives import lifecycle as initiative_lifecycle
from portal.initiatives.times import to_utc
from portal.notifications.services import notify_all
from portal.projects import notification_kinds as kinds
from portal.projects.models import (
    FINISHED,
    RUNNING,
    STARTING,
    STATUSES,
    Project,
    ProjectActivity,
    ProjectInvitation,
    ProjectParticipant,
    ProjectUpdate,
)
from portal.signals import services as signal_services
from portal.signals.models import Signal, SignalCluster
from portal.timeutil import utcnow

TITLE_MIN, TITLE_MAX = 5, 150
GOAL_MIN, GOAL_MAX = 10, 5000
OUTCOME_MIN, OUTCOME_MAX = 10, 2000
UPDATE_MIN, UPDATE_MAX = 5, 3000
PLACE_MAX, DESCRIPTION_MAX = 200, 3000
# Initiatives that may be linked: public and not refused.
LINKABLE = (
    initiative_lifecycle.SUBMITTED,
    initiative_lifecycle.IN_CONVERSATION,
    initiative_lifecycle.PLANNED,
    initiative_lifecycle.DONE,
)


def link(project: Project) -> str:
    """The path of the project's page (the view ``projects.show_project``); works outside a request."""
    return f"/projects/{project.id}"


# --------------------------------------------------------------------------- checks


def check_worker(worker, team) -> None:
    if worker is None or not worker.is_worker or not worker.works_for(team.slug):
        raise DomainError(_("Only the workers of this team can change its projects."), None)


def _text(value: str | None, field: str, least: int, most: int, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(missing, field)
    if len(value) < least or len(value) > most:
        raise DomainError(_("Between %(min)d and %(max)d characters.", min=least, max=most), field)
    return value


def _check_fields(team, title: str, goal: str, area, lead_worker) -> tuple[str, str]:
    title = _text(title, "title", TITLE_MIN, TITLE_MAX, _("Give the project a title."))
    goal = _text(goal, "goal", GOAL_MIN, GOAL_MAX, _("Describe what the project wants to achieve."))
    if area is not None and area.team_id != team.id:
        raise DomainError(_("Choose a neighbourhood of the team %(team)s.", team=team.name), "area_id")
    if lead_worker is None or not lead_worker.is_worker or not lead_worker.works_for(team.slug):
        raise DomainError(
            _("Choose a worker of the team %(team)s to lead the project.", team=team.name), "lead_worker_id"
        )
    return title, goal


def _check_open(project: Project) -> None:
    if project.status == FINISHED:
        raise DomainError(_("This project has finished."), None)


# --------------------------------------------------------------------------- the project itself


def create_project(worker, title, goal, team, area, lead_worker, clusters=(), now: datetime | None = None) -> Project:
    """Start a project for ``team``; each cluster is linked (taken up) and its reporters invited."""
    now = now or utcnow()
    check_worker(worker, team)
    title, goal = _check_fields(team, title, goal, area, lead_worker)
    for cluster in clusters:
        if cluster.team_id != team.id:
            raise DomainError(_("These signals belong to another team."), None)
    project = Project(
        title=title,
        goal=goal,
        team_id=team.id,
        area_id=area.id if area is not None else None,
        lead_worker_id=lead_worker.id,
        status=STARTING,
        created_at=now,
        updated_at=now,
    )
    db.session.add(project)
    db.session.flush()
    record(worker, "projects.create", f"project:{project.id}", title)
    for cluster in clusters:
        link_cluster(worker, project, cluster, now)
    return project


def update_project(worker, project: Project, title, goal, area, lead_worker) -> Project:
    """Change the title, goal, neighbourhood or lead worker (the team stays)."""
    check_worker(worker, project.team)
    title, goal = _check_fields(project.team, title, goal, area, lead_worker)
    changed = [
        name
        for name, old, new in (
            ("title", project.title, title),
            ("goal", project.goal, goal),
            ("area", project.area_id, area.id if area else None),
            ("lead", project.lead_worker_id, lead_worker.id),
        )
        if old != new
    ]
    project.title, project.goal = title, goal
    project.area_id = area.id if area is not None else None
    project.lead_worker_id = lead_worker.id
    if changed:
        record(worker, "projects.update", f"project:{project.id}", ", ".join(changed))
    db.session.flush()
    return project


def next_statuses(project: Project) -> list[str]:
    """The statuses a project may still move to: forward only."""
    return list(STATUSES[STATUSES.index(project.status) + 1 :]) if project.status in STATUSES else []


def set_status(worker, project: Project, status: str, outcome: str | None = None, now=None) -> Project:
    """Move a project forward (starting → running → finished); finishing needs a short outcome."""
    now = now or utcnow()
    check_worker(worker, project.team)
    if status not in STATUSES:
        raise DomainError(_("Choose a status."), "status")
    if status not in next_statuses(project):
        raise DomainError(_("A project only moves forward: from starting to running to finished."), "status")
    if status == FINISHED:
        project.outcome = _text(
            outcome, "outcome", OUTCOME_MIN, OUTCOME_MAX, _("Say in a few sentences what the project achieved.")
        )
        project.finished_at = now
    project.status = status
    record(worker, "projects.status", f"project:{project.id}", status)
    db.session.flush()
    if status in (RUNNING, FINISHED):
        _tell_everyone(project, exclude=worker)
    return project


# --------------------------------------------------------------------------- signals and invitations


def link_cluster(worker, project: Project, cluster: SignalCluster, now: datetime | None = None) -> int:
    """Take a cluster up in the project and invite its reporters; how many were invited."""
    check_worker(worker, project.team)
    _check_open(project)
    if cluster.project_id is not None and cluster.project_id != project.id:
        raise DomainError(_("These signals are already part of another project."), None)
    signal_services.take_up(worker, cluster, project, now)
    db.session.expire(project, ["clusters"])
    return invite_reporters(project, cluster)


def release_cluster(worker, project: Project, cluster: SignalCluster) -> SignalCluster:
    """Unlink a cluster; the invitations already sent stay (people keep what they were told)."""
    check_worker(worker, project.team)
    if cluster.project_id != project.id:
        raise DomainError(_("These signals are not part of this project."), None)
    signal_services.release(worker, cluster)
    db.session.expire(project, ["clusters"])
    return cluster


def _invited_users(project: Project) -> set[int]:
    return set(
        db.session.scalars(
            select(ProjectInvitation.user_id).where(
                ProjectInvitation.project_id == project.id, ProjectInvitation.user_id.is_not(None)
            )
        )
    )


def _invited_signals(project: Project) -> list[Signal]:
    return list(
        db.session.scalars(
            select(Signal)
            .join(ProjectInvitation, ProjectInvitation.signal_id == Signal.id)
            .where(ProjectInvitation.project_id == project.id)
            .order_by(Signal.id)
        )
    )


def _participant_ids(project: Project) -> set[int]:
    return set(
        db.session.scalars(select(ProjectParticipant.user_id).where(ProjectParticipant.project_id == project.id))
    )


def _mail_anonymous(signal: Signal, kind: str, project: Project) -> None:
    """Mail someone who reported without an account; the same words as the signals' own mails."""
    signal_services.mail_anonymous(signal, kind, {"title": project.title}, link(project))


def invite_reporters(project: Project, cluster: SignalCluster) -> int:
    """Invite everyone who reported in the cluster and was not invited yet; how many were invited.

    Accounts get a PROJECT_INVITATION notification (and a mail, as they chose); an anonymous report that
    left an e-mail address gets one mail per address. Partners' signals are not invited.
    """
    accounts, anonymous = signal_services.reporters(cluster)
    invited, participants = _invited_users(project), _participant_ids(project)
    fresh = [user for user in accounts if user.id not in invited and user.id not in participants]
    for user in fresh:
        db.session.add(ProjectInvitation(project_id=project.id, user_id=user.id))
    notify_all(fresh, kinds.PROJECT_INVITATION, {"title": project.title}, link(project))
    mailed = {(signal.contact_email or "").casefold() for signal in _invited_signals(project)}
    count = len(fresh)
    for signal in anonymous:
        address = signal.contact_email.casefold()
        if address in mailed:
            continue
        mailed.add(address)
        db.session.add(ProjectInvitation(project_id=project.id, signal_id=signal.id))
        _mail_anonymous(signal, kinds.PROJECT_INVITATION, project)
        count += 1
    db.session.flush()
    return count


def invitation_for(user, project: Project) -> ProjectInvitation | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(ProjectInvitation).where(
            ProjectInvitation.project_id == project.id, ProjectInvitation.user_id == user.id
        )
    )


def _tell_everyone(project: Project, exclude=None) -> int:
    """PROJECT_UPDATE to participants and invited reporters (each person once); anonymous ones by mail."""
    from portal.accounts.models import User

    ids = (_participant_ids(project) | _invited_users(project)) - ({exclude.id} if exclude is not None else set())
    people = list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id))) if ids else []
    told = len(notify_all(people, kinds.PROJECT_UPDATE, {"title": project.title}, link(project)))
    mailed = set()
    for signal in _invited_signals(project):
        address = (signal.contact_email or "").casefold()
        if address and address not in mailed:
            mailed.add(address)
            _mail_anonymous(signal, kinds.PROJECT_UPDATE, project)
            told += 1
    return told


# --------------------------------------------------------------------------- residents


def is_participant(user, project: Project) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(ProjectParticipant, (project.id, user.id)) is not None


def join(user, project: Project, now: datetime | None = None) -> ProjectParticipant:
    """Join a project that has not finished; joining twice changes nothing."""
    _check_open(project)
    existing = db.session.get(ProjectParticipant, (project.id, user.id))
    if existing is not None:
        return existing
    participant = ProjectParticipant(project_id=project.id, user_id=user.id, joined_at=now or utcnow())
    db.session.add(participant)
    db.session.flush()
    db.session.expire(project, ["participants"])
    return participant


def leave(user, project: Project) -> bool:
    """Leave a project that has not finished (a finished project keeps its people); False if not joined."""
    _check_open(project)
    existing = db.session.get(ProjectParticipant, (project.id, user.id))
    if existing is None:
        return False
    db.session.delete(existing)
    db.session.flush()
    db.session.expire(project, ["participants"])
    return True


# --------------------------------------------------------------------------- news


def add_update(worker, project: Project, body: str, now: datetime | None = None) -> ProjectUpdate:
    """News from the project: participants and invited reporters are told (each once)."""
    check_worker(worker, project.team)
    body = _text(body, "body", UPDATE_MIN, UPDATE_MAX, _("Write the news."))
    update = ProjectUpdate(project_id=project.id, author_id=worker.id, body=body, created_at=now or utcnow())
    db.session.add(update)
    db.session.flush()
    record(worker, "projects.update", f"project:{project.id}", "news")
    _tell_everyone(project, exclude=worker)
    db.session.expire(project, ["updates"])
    return update


# --------------------------------------------------------------------------- activities


@dataclass
class ActivityInput:
    """An activity as typed: a day and times on a clock in Groningen."""

    title: str
    day: date | None
    start: time | None
    end: time | None = None
    place: str = ""
    description: str | None = None


def _activity_values(data: ActivityInput) -> dict:
    title = _text(data.title, "title", 3, 150, _("Give the activity a name."))
    if data.day is None:
        raise DomainError(_("Choose the date."), "day")
    if data.start is None:
        raise DomainError(_("Choose the time it starts."), "start")
    if data.end is not None and data.end <= data.start:
        raise DomainError(_("The end must be after the start."), "end")
    place = _text(data.place, "place", 2, PLACE_MAX, _("Say where it takes place."))
    description = (data.description or "").strip() or None
    if description and len(description) > DESCRIPTION_MAX:
        raise DomainError(_("Use at most %(max)d characters.", max=DESCRIPTION_MAX), "description")
    starts = to_utc(datetime.combine(data.day, data.start))
    ends = to_utc(datetime.combine(data.day, data.end)) if data.end is not None else None
    return {"title": title, "starts_at": starts, "ends_at": ends, "place": place, "description": description}


def add_activity(worker, project: Project, data: ActivityInput) -> ProjectActivity:
    """Plan an activity; it appears in the agenda, and the participants are told."""
    check_worker(worker, project.team)
    _check_open(project)
    activity = ProjectActivity(project_id=project.id, **_activity_values(data))
    db.session.add(activity)
    db.session.flush()
    record(worker, "projects.activity", f"project:{project.id}", f"added activity:{activity.id}")
    participants = [participant.user for participant in project.participants if participant.user_id != worker.id]
    notify_all(participants, kinds.PROJECT_UPDATE, {"title": project.title}, link(project))
    db.session.expire(project, ["activities"])
    return activity


def change_activity(worker, activity: ProjectActivity, data: ActivityInput) -> ProjectActivity:
    check_worker(worker, activity.project.team)
    _check_open(activity.project)
    for name, value in _activity_values(data).items():
        setattr(activity, name, value)
    record(worker, "projects.activity", f"project:{activity.project_id}", f"changed activity:{activity.id}")
    db.session.flush()
    return activity


def remove_activity(worker, activity: ProjectActivity) -> None:
    check_worker(worker, activity.project.team)
    project = activity.project
    record(worker, "projects.activity", f"project:{project.id}", f"removed activity:{activity.id} {activity.title}")
    db.session.delete(activity)
    db.session.flush()
    db.session.expire(project, ["activities"])


# --------------------------------------------------------------------------- initiatives


def link_initiative(worker, project: Project, initiative) -> None:
    """Link an initiative in one of the team's neighbourhoods (not a draft, not refused)."""
    check_worker(worker, project.team)
    if initiative is None:
        raise DomainError(_("Choose an initiative."), "initiative_id")
    if initiative.area is None or initiative.area.team_id != project.team_id:
        raise DomainError(_("Choose an initiative in a neighbourhood of this team."), "initiative_id")
    if initiative.status not in LINKABLE:
        raise DomainError(_("Only initiatives that residents can see can be linked."), "initiative_id")
    if initiative in project.initiatives:
        return
    project.initiatives.append(initiative)
    record(worker, "projects.link_initiative", f"project:{project.id}", f"initiative:{initiative.id}")
    db.session.flush()


def unlink_initiative(worker, project: Project, initiative) -> None:
    check_worker(worker, project.team)
    if initiative is None or initiative not in project.initiatives:
        raise DomainError(_("This initiative is not linked to the project."), "initiative_id")
    project.initiatives.remove(initiative)
    record(worker, "projects.link_initiative", f"project:{project.id}", f"unlinked initiative:{initiative.id}")
    db.session.flush()
