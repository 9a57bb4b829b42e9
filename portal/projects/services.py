"""Collective projects as plain functions: start one from clusters of signals, join, news, activities.

Every change a worker makes is checked against the team (``worker.works_for``) and written to the audit
log. Who hears from a project (the reporters it invites, the news its people are told) is
`services_invitations`. Nobody but the team's workers ever sees who reported what. Functions flush; the
caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _

from portal.accounts.models import User
from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.initiatives import lifecycle as initiative_lifecycle
from portal.initiatives.notification_kinds import excerpt
from portal.initiatives.times import stored_iso, to_utc
from portal.notifications.services import notify, notify_all
from portal.projects import notification_kinds as kinds
from portal.projects.models import (
    FINISHED,
    RUNNING,
    STARTING,
    STATUSES,
    Project,
    ProjectActivity,
    ProjectParticipant,
    ProjectUpdate,
)
from portal.projects.services_invitations import invite_reporters, link, tell_everyone
from portal.signals import services_board as signal_board
from portal.signals.models import SignalCluster
from portal.teams.models import Area
from portal.timeutil import utcnow

TITLE_MIN, TITLE_MAX = 5, 150
GOAL_MIN, GOAL_MAX = 10, 5000
OUTCOME_MIN, OUTCOME_MAX = 10, 2000
UPDATE_MIN, UPDATE_MAX = 5, 3000
PLACE_MAX, DESCRIPTION_MAX = 200, 3000
NEWS_EXCERPT = 400  # characters of the news carried in its notification
# Initiatives that may be linked: public and not refused.
LINKABLE = (
    initiative_lifecycle.SUBMITTED,
    initiative_lifecycle.IN_CONVERSATION,
    initiative_lifecycle.PLANNED,
    initiative_lifecycle.DONE,
)


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


@dataclass
class ProjectInput:
    """A project's own fields as a worker typed them; the team is chosen only when it starts."""

    title: str
    goal: str
    area: Area | None  # a neighbourhood of the team; None: the team's whole area
    lead_worker: User | None  # a worker of the team


def _check_fields(team, data: ProjectInput) -> tuple[str, str]:
    title = _text(data.title, "title", TITLE_MIN, TITLE_MAX, _("Give the project a title."))
    goal = _text(data.goal, "goal", GOAL_MIN, GOAL_MAX, _("Describe what the project wants to achieve."))
    if data.area is not None and data.area.team_id != team.id:
        raise DomainError(_("Choose a neighbourhood of the team %(team)s.", team=team.name), "area_id")
    lead = data.lead_worker
    if lead is None or not lead.is_worker or not lead.works_for(team.slug):
        raise DomainError(
            _("Choose a worker of the team %(team)s to lead the project.", team=team.name), "lead_worker_id"
        )
    return title, goal


def _check_open(project: Project) -> None:
    if project.status == FINISHED:
        raise DomainError(_("This project has finished."), None)


# --------------------------------------------------------------------------- the project itself


def create_project(
    worker, team, data: ProjectInput, clusters: Iterable[SignalCluster] = (), now: datetime | None = None
) -> Project:
    """Start a project for ``team``; each cluster is linked (taken up) and its reporters invited."""
    now = now or utcnow()
    clusters = list(clusters)
    check_worker(worker, team)
    title, goal = _check_fields(team, data)
    for cluster in clusters:
        if cluster.team_id != team.id:
            raise DomainError(_("These signals belong to another team."), None)
    project = Project(
        title=title,
        goal=goal,
        team_id=team.id,
        area_id=data.area.id if data.area is not None else None,
        lead_worker_id=data.lead_worker.id,
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


def update_project(worker, project: Project, data: ProjectInput) -> Project:
    """Change the title, goal, neighbourhood or lead worker (the team stays)."""
    check_worker(worker, project.team)
    title, goal = _check_fields(project.team, data)
    area, lead_worker = data.area, data.lead_worker
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
        for cluster in project.clusters:  # the matters it took up are closed (signals' retention counts from here)
            cluster.closed_at = now
    project.status = status
    record(worker, "projects.status", f"project:{project.id}", status)
    db.session.flush()
    if status in (RUNNING, FINISHED):
        news = {"status": status, "outcome": excerpt(project.outcome)} if status == FINISHED else {"status": status}
        tell_everyone(project, exclude=worker, news=news)
    return project


# --------------------------------------------------------------------------- clusters of signals


def link_cluster(worker, project: Project, cluster: SignalCluster, now: datetime | None = None) -> int:
    """Take a cluster up in the project and invite its reporters; how many were invited."""
    check_worker(worker, project.team)
    _check_open(project)
    if cluster.project_id is not None and cluster.project_id != project.id:
        raise DomainError(_("These signals are already part of another project."), None)
    signal_board.take_up(worker, cluster, project, now)
    db.session.expire(project, ["clusters"])
    return invite_reporters(project, cluster)


def release_cluster(worker, project: Project, cluster: SignalCluster) -> SignalCluster:
    """Unlink a cluster; the invitations already sent stay (people keep what they were told)."""
    check_worker(worker, project.team)
    if cluster.project_id != project.id:
        raise DomainError(_("These signals are not part of this project."), None)
    signal_board.release(worker, cluster)
    db.session.expire(project, ["clusters"])
    return cluster


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
    _tell_lead(project, user)
    return participant


def _tell_lead(project: Project, user) -> None:
    """The lead worker hears that a resident joined (only the lead: the team's other workers see the list)."""
    lead = project.lead_worker
    if lead is None or lead.id == user.id:
        return
    params = {"title": project.title, "name": user.name, "count": len(project.participants)}
    notify(lead, kinds.PROJECT_JOINED, params, f"{link(project)}#join")


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
    tell_everyone(project, exclude=worker, news={"text": excerpt(body, NEWS_EXCERPT)})
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
    news = {"activity": activity.title, "start": stored_iso(activity.starts_at), "place": activity.place}
    notify_all(participants, kinds.PROJECT_UPDATE, {"title": project.title, **news}, link(project))
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
