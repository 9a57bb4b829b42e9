"""Which clusters a signal can resemble, found through each cluster's centroid stored as rows.

A signal's score against a cluster (`clustering.Clusterer.candidates`) is the cosine of the signal's unit vector
``v`` and the cluster's centroid ``c``: the sum over the features they share of ``v[f] * c[f]``, divided by the
centroid's length ``sqrt(norm2)``, and multiplied by `clustering.MISMATCH_FACTOR` when their matters differ. Every
value is positive, so a cluster sharing no feature scores 0, and the rows of the signal's own features
(`SignalClusterFeature`, through the index on team and feature: `shared`) give, per cluster, its score without the
mismatch factor (`bounds`): the score lies between ``MISMATCH_FACTOR * bound`` and ``bound``.

So a caller that wants the ``limit`` most alike clusters scoring at least ``least`` needs only the clusters whose
bound reaches both ``least`` and the ``limit``-th largest ``MISMATCH_FACTOR * bound`` (`within_reach`): any other
cluster scores less than ``limit`` clusters surely do. `services.clusterer_for` restores only those, each with the
features it shares with the signal, its norm2 and its matters (columns of `SignalCluster`), and ranks them as
before, so the results are exactly the same while no summary is read.

`store` keeps a cluster's rows and its ``norm2`` and ``matters`` in step with its summary (`services.refresh` calls
it for every change of a cluster's signals); `difference` tells when they are not (`flask signals verify`, which
repairs them). Functions flush nothing.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable

from sqlalchemy import delete, insert, select

from portal.extensions import db
from portal.signals import clustering
from portal.signals.models import SignalCluster, SignalClusterFeature

# Room for the last bits of a float (bounds are summed as the ranking sums them, so this is only prudence).
MARGIN = 1e-9


def _centroid(summary: dict | None) -> dict[str, float]:
    return dict((summary or {}).get("centroid") or {}) if summary and summary.get("size") else {}


def store(cluster: SignalCluster, previous: dict | None = None) -> None:
    """Write the features of the cluster's (new) summary as its rows, and its norm2.

    With ``previous`` (the summary its rows were written from), only the features whose value changed are written
    again (a signal added changes only its own features); without it, all the cluster's rows are rewritten.
    """
    summary = cluster.summary
    centroid = _centroid(summary)
    cluster.norm2 = float(summary["norm2"]) if centroid else None
    cluster.matters = summary.get("matters") if centroid else None
    rows = SignalClusterFeature.__table__
    if previous:
        before = _centroid(previous)
        changed = [feature for feature, value in centroid.items() if before.get(feature) != value]
        gone = [feature for feature in before if feature not in centroid]
        stale = changed + gone
        if stale:
            db.session.execute(delete(rows).where(rows.c.cluster_id == cluster.id, rows.c.feature.in_(stale)))
    else:
        changed = list(centroid)
        db.session.execute(delete(rows).where(rows.c.cluster_id == cluster.id))
    if changed:
        db.session.execute(
            insert(rows),
            [
                {"cluster_id": cluster.id, "feature": feature, "team_id": cluster.team_id, "value": centroid[feature]}
                for feature in changed
            ],
        )


def stored(cluster_id: int) -> dict[str, float]:
    """The cluster's rows: feature → value."""
    query = select(SignalClusterFeature.feature, SignalClusterFeature.value).where(
        SignalClusterFeature.cluster_id == cluster_id
    )
    return dict(db.session.execute(query).tuples().all())


def difference(cluster: SignalCluster) -> str | None:
    """What differs between the cluster's rows (and norm2) and its stored summary, or None."""
    centroid = _centroid(cluster.summary)
    rows = stored(cluster.id)
    if rows.keys() != centroid.keys():
        return "features"
    if any(not math.isclose(rows[feature], value, rel_tol=MARGIN) for feature, value in centroid.items()):
        return "feature values"
    expected = float(cluster.summary["norm2"]) if centroid else None
    if (cluster.norm2 is None) != (expected is None) or (
        expected is not None and not math.isclose(cluster.norm2, expected, rel_tol=MARGIN)
    ):
        return "norm"
    if cluster.matters != (cluster.summary.get("matters") if centroid else None):
        return "matters"
    return None


def shared(
    team_id: int, features: Iterable[str], reach: Iterable
) -> tuple[dict[int, dict[str, float]], dict[int, float]]:
    """The clusters of the team within ``reach`` (conditions on `SignalCluster`) that have any of ``features``:
    per cluster the values of those features in its centroid, and its norm2 (read through the team's index)."""
    wanted = list(features)
    if not wanted:
        return {}, {}
    query = (
        select(SignalClusterFeature.cluster_id, SignalClusterFeature.feature, SignalClusterFeature.value)
        .add_columns(SignalCluster.norm2)
        .join(SignalCluster, SignalCluster.id == SignalClusterFeature.cluster_id)
        .where(SignalClusterFeature.team_id == team_id, SignalClusterFeature.feature.in_(wanted), *reach)
    )
    centroids: dict[int, dict[str, float]] = {}
    norms: dict[int, float] = {}
    for cluster_id, feature, value, norm2 in db.session.execute(query).tuples():
        centroids.setdefault(cluster_id, {})[feature] = value
        norms[cluster_id] = norm2
    return centroids, norms


def bounds(
    vector: dict[str, float], centroids: dict[int, dict[str, float]], norms: dict[int, float]
) -> dict[int, float]:
    """Per cluster (its centroid's values of the ``vector``'s features, `shared`, and its norm2): the most it can
    score against the unit ``vector``, summed in the order `clustering.Clusterer` sums it."""
    found = {}
    for cluster_id, centroid in centroids.items():
        norm2 = norms.get(cluster_id)
        if not norm2:
            continue
        dot = 0.0
        for feature, value in vector.items():
            if feature in centroid:
                dot += value * centroid[feature]
        found[cluster_id] = dot / math.sqrt(norm2)
    return found


def within_reach(found: dict[int, float], least: float = 0.0, limit: int | None = None) -> list[int]:
    """The clusters (of `bounds`) that can be among the ``limit`` most alike scoring at least ``least``."""
    floor = least
    if limit and len(found) > limit:
        surely = heapq.nlargest(limit, found.values())[-1] * clustering.MISMATCH_FACTOR
        floor = max(floor, surely)
    return [cluster_id for cluster_id, bound in found.items() if bound >= floor - MARGIN]
