"""Whether the clusters' stored counts and summaries match their signals, and repairing them (`flask signals verify`).

It is also the backfill of what a summary holds for the board (`services_summary`): a summary of an older
version differs, and ``--fix`` rebuilds it; and of the rows of each cluster's centroid that placing searches
(`services_features`): rows that differ from the summary are written again.

A cluster keeps its counts, time span, recurring flag and clustering summary (`services.refresh`), so the
board can sort in SQL and placing need not read every signal. This checks them against the signals, one
team at a time under the team's lock (so no placement is half seen), and with ``fix`` recomputes those
that differ. Functions flush; the caller commits (the command does, per team).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import select

from portal.extensions import db
from portal.signals import services_features, services_summary
from portal.signals.models import SignalCluster
from portal.signals.services import lock_team, rebuilt_summary, refresh, tally

# The summary's floats are sums in the order the signals came in; rebuilt they may differ in the last bits.
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Difference:
    """One stored value of a cluster that its signals contradict."""

    cluster_id: int
    name: str
    stored: object
    actual: object

    def __str__(self) -> str:
        return f"cluster {self.cluster_id}: {self.name} stored {self.stored}, its signals give {self.actual}"


@dataclass
class Verification:
    """What checking one team found: how many clusters were checked, and the differences."""

    clusters: int = 0
    differences: list[Difference] = field(default_factory=list)


def teams_with_clusters() -> list[int]:
    """The ids of the teams that have clusters, in id order."""
    return list(db.session.scalars(select(SignalCluster.team_id).distinct().order_by(SignalCluster.team_id)))


def check_team(team_id: int, fix: bool = False) -> Verification:
    """Compare every cluster of the team with its signals; with ``fix``, recompute each one that differs."""
    lock_team(team_id)
    query = select(SignalCluster).where(SignalCluster.team_id == team_id).order_by(SignalCluster.id)
    result = Verification()
    for cluster in db.session.scalars(query.execution_options(populate_existing=True)).all():
        result.clusters += 1
        found = differences(cluster)
        result.differences += found
        if found and fix:
            refresh(cluster)
    return result


def differences(cluster: SignalCluster) -> list[Difference]:
    """Where the cluster's stored counts, span, recurring flag and summary differ from what its signals give."""
    rows = services_summary.members(cluster.id)
    found = [
        Difference(cluster.id, name, getattr(cluster, name), actual)
        for name, actual in tally(cluster, rows).items()
        if getattr(cluster, name) != actual
    ]
    actual = rebuilt_summary(cluster, rows)
    problem = summary_difference(cluster.summary, actual)
    if problem:
        found.append(Difference(cluster.id, f"summary ({problem})", _size(cluster.summary), _size(actual)))
    indexed = None if problem else services_features.difference(cluster)  # a summary rebuilt rewrites its rows too
    if indexed:
        found.append(Difference(cluster.id, f"feature rows ({indexed})", "rows", "the summary's centroid"))
    return found


def summary_difference(stored: dict | None, actual: dict | None) -> str | None:
    """What differs between a stored summary and the one rebuilt from the signals, or None."""
    if not stored or not actual:
        return None if not stored and not actual else "size"
    if stored.get("size") != actual["size"]:
        return "size"
    if stored.get("counts") != actual["counts"]:
        return "feature counts"
    if not _close(stored.get("norm2"), actual["norm2"]):
        return "norm"
    centroid = stored.get("centroid") or {}
    if centroid.keys() != actual["centroid"].keys():
        return "centroid"
    if not all(_close(centroid[key], value) for key, value in actual["centroid"].items()):
        return "centroid"
    if stored.get("version") != actual.get("version"):
        return "version: what the board shows is not stored yet"
    for key in ("matters", *services_summary.KEYS):
        if stored.get(key) != actual.get(key):
            return key.replace("_", " ")
    return None


def _close(a, b) -> bool:
    return isinstance(a, int | float) and math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def _size(summary: dict | None) -> str:
    return f"a summary of {summary.get('size')} signals" if summary else "no summary"
