"""The workers' changes to clusters on the board: merge, move a signal out, dismiss, reopen, take up, release.

Every change adds a ClusterEvent (shown on the cluster's page) and an audit entry; only the workers of the
cluster's team (and coordinators) may make it. Dismissing tells the reporters why. Functions flush; the
caller commits.

Each change first takes the team's clustering lock, then the rows of the clusters involved, lowest id first
(`services.lock_team`, `services.locked_clusters`), and only then checks the clusters as they are now: two
workers' changes at the same moment happen one after the other, and the second sees the first (the same
change twice records one event; opposite merges end in one refusal, never a deadlock).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal import events
from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.signals.models import DISMISSED, LIVE, MERGED, OPEN, PROJECT, ClusterEvent, Signal, SignalCluster
from portal.signals.services import (
    DISMISSED_EVENT,
    MERGED_AWAY,
    MERGED_IN,
    MOVED_IN,
    MOVED_OUT,
    RELEASED,
    REOPENED,
    TAKEN_UP,
    lock_team,
    locked_clusters,
    refresh,
)
from portal.signals.services_recurring import keep_earliest, note_recurring
from portal.signals.services_reporters import tell_reporters
from portal.timeutil import utcnow

MAX_REASON = 1000


def _event(cluster: SignalCluster, action: str, actor, now: datetime, **values) -> ClusterEvent:
    event = ClusterEvent(cluster_id=cluster.id, action=action, actor_id=actor.id if actor else None, at=now, **values)
    db.session.add(event)
    return event


def _check_worker(worker, cluster: SignalCluster) -> None:
    if not worker.works_for(cluster.team.slug):
        raise DomainError(_("Only the workers of this team can change its signals."), None)


def _lock(cluster: SignalCluster) -> SignalCluster:
    """The team's lock, then the cluster's row: the same cluster, read afresh."""
    lock_team(cluster.team_id)
    return locked_clusters(cluster.id)[cluster.id]


def _check_not_merged(target: SignalCluster, source: SignalCluster) -> None:
    """Refuse plainly when another worker has just merged one of the two groups away."""
    if target.status == MERGED and target.merged_into_id:
        raise DomainError(
            _(
                "This group was just merged into group %(other)d; its signals are there now.",
                other=target.merged_into_id,
            ),
            "other",
        )
    if source.status == MERGED and source.merged_into_id:
        raise DomainError(
            _(
                "Group %(group)d was just merged into group %(other)d; its signals are there now.",
                group=source.id,
                other=source.merged_into_id,
            ),
            "other",
        )


def merge(worker, target: SignalCluster, source: SignalCluster, now: datetime | None = None) -> SignalCluster:
    """Move every signal of ``source`` into ``target``; ``source`` is kept, marked as merged (for history).

    The same merge again (sent twice) changes nothing; when one of the groups was merged away meanwhile it
    is refused, saying where its signals are.
    """
    now = now or utcnow()
    _check_worker(worker, target)
    if source.id == target.id:
        raise DomainError(_("Choose another group to merge with."), "other")
    lock_team(target.team_id)
    locked = locked_clusters(target.id, source.id)
    if source.id not in locked or target.id not in locked:
        raise DomainError(_("Choose a group from the list."), "other")
    target, source = locked[target.id], locked[source.id]
    if source.status == MERGED and source.merged_into_id == target.id:
        return target
    _check_not_merged(target, source)
    if source.team_id != target.team_id:
        raise DomainError(_("Only groups of the same team can be merged."), "other")
    if source.status not in LIVE or target.status not in LIVE:
        raise DomainError(_("Dismissed or merged groups cannot be merged; reopen them first."), "other")
    if source.project_id and target.project_id and source.project_id != target.project_id:
        raise DomainError(_("These groups belong to different projects and cannot be merged."), "other")
    for signal in db.session.scalars(select(Signal).where(Signal.cluster_id == source.id)):
        signal.cluster_id = target.id
        signal.cluster = target
    if source.project_id and not target.project_id:
        target.project_id, target.status = source.project_id, PROJECT
    source.status, source.merged_into_id, source.project_id = MERGED, target.id, None
    keep_earliest(target, source)
    _event(target, MERGED_IN, worker, now, other_cluster_id=source.id)
    _event(source, MERGED_AWAY, worker, now, other_cluster_id=target.id)
    record(worker, "signals.merge", f"cluster:{target.id}", f"cluster:{source.id}")
    db.session.flush()
    db.session.expire(target, ["signals"])
    db.session.expire(source, ["signals"])
    refresh(source)
    refresh(target)
    note_recurring(target, now, exclude=worker)
    events.signal_joined_cluster.send(target, signal=None)
    return target


def move_out(worker, signal: Signal, now: datetime | None = None) -> SignalCluster:
    """Take a signal out of its cluster into a new cluster of its own; the new cluster."""
    now = now or utcnow()
    _check_worker(worker, signal.cluster)
    lock_team(signal.team_id)
    db.session.refresh(signal)  # a merge meanwhile may have moved it
    old = locked_clusters(signal.cluster_id).get(signal.cluster_id) if signal.cluster_id else None
    if old is None or old.status not in LIVE:
        raise DomainError(_("Signals can only be moved out of an open group."), None)
    if old.signal_count <= 1:
        raise DomainError(_("This signal is already on its own."), None)
    new = SignalCluster(team_id=old.team_id, status=OPEN, created_at=now)
    db.session.add(new)
    db.session.flush()
    signal.cluster = new
    _event(old, MOVED_OUT, worker, now, signal_id=signal.id, other_cluster_id=new.id)
    _event(new, MOVED_IN, worker, now, signal_id=signal.id, other_cluster_id=old.id)
    record(worker, "signals.move_out", f"signal:{signal.id}", f"cluster:{old.id} -> cluster:{new.id}")
    db.session.flush()
    db.session.expire(old, ["signals"])
    refresh(old)
    refresh(new)
    note_recurring(new, now, exclude=worker)
    return new


def dismiss(worker, cluster: SignalCluster, reason: str, now: datetime | None = None) -> SignalCluster:
    """Close a cluster with a reason the reporters can read; they are told."""
    now = now or utcnow()
    _check_worker(worker, cluster)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise DomainError(_("Say in a sentence why, so the residents who reported it understand."), "reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_("Use at most %(max)d characters.", max=MAX_REASON), "reason")
    cluster = _lock(cluster)
    if cluster.status != OPEN:
        raise DomainError(_("Only an open group can be dismissed."), None)
    cluster.status, cluster.dismissed_reason, cluster.closed_at = DISMISSED, reason, now
    _event(cluster, DISMISSED_EVENT, worker, now, detail=reason)
    record(worker, "signals.dismiss", f"cluster:{cluster.id}", reason)
    db.session.flush()
    tell_reporters(cluster, "signal_dismissed", {"reason": reason})
    return cluster


def reopen(worker, cluster: SignalCluster, now: datetime | None = None) -> SignalCluster:
    now = now or utcnow()
    _check_worker(worker, cluster)
    cluster = _lock(cluster)
    if cluster.status != DISMISSED:
        raise DomainError(_("Only a dismissed group can be reopened."), None)
    cluster.status, cluster.dismissed_reason, cluster.closed_at = OPEN, None, None
    _event(cluster, REOPENED, worker, now)
    record(worker, "signals.reopen", f"cluster:{cluster.id}")
    db.session.flush()
    return cluster


def take_up(worker, cluster: SignalCluster, project, now: datetime | None = None) -> SignalCluster:
    """Link the cluster to a collective project (the projects feature invites its reporters)."""
    now = now or utcnow()
    _check_worker(worker, cluster)
    cluster = _lock(cluster)
    if cluster.status not in LIVE:
        raise DomainError(_("Dismissed or merged groups cannot be taken up; reopen them first."), None)
    if project.team_id != cluster.team_id:
        raise DomainError(_("The project belongs to another team."), "project")
    if cluster.project_id == project.id:
        return cluster
    if cluster.project_id is not None:
        raise DomainError(_("These signals are already part of another project."), None)
    cluster.project_id, cluster.status = project.id, PROJECT
    _event(cluster, TAKEN_UP, worker, now, project_id=project.id)
    record(worker, "signals.take_up", f"cluster:{cluster.id}", f"project:{project.id}")
    db.session.flush()
    return cluster


def release(worker, cluster: SignalCluster, now: datetime | None = None) -> SignalCluster:
    """Unlink a cluster from its project; it is open again."""
    now = now or utcnow()
    _check_worker(worker, cluster)
    cluster = _lock(cluster)
    if cluster.project_id is None:
        return cluster
    project_id = cluster.project_id
    cluster.project_id, cluster.status, cluster.closed_at = None, OPEN, None
    _event(cluster, RELEASED, worker, now, project_id=project_id)
    record(worker, "signals.release", f"cluster:{cluster.id}", f"project:{project_id}")
    db.session.flush()
    return cluster
