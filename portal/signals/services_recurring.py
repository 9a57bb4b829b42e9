"""A cluster that becomes recurring: when, and telling the workers of its team, once.

``recurring_since`` is set the first time a cluster meets the rules (placing a signal, a merge, a signal moved
out into a new cluster) and is then kept, also when the cluster later drops below the rules (a signal moved
out): it says since when the matter recurs, and the team is told once per cluster, never again while it stays
recurring nor when it recurs again. A merge keeps the earlier moment of the two clusters, so a matter the team
already heard of is not announced again. The moment is claimed with a conditional UPDATE (``recurring_since IS
NULL``) under the team's clustering lock, so the same report placed twice at once tells the team once.
Functions flush and never commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from portal.extensions import db
from portal.notifications.services import notify_team_workers
from portal.signals import notification_kinds
from portal.signals.models import Signal, SignalCluster
from portal.teams.models import Area


def _most_common(column, cluster_id: int):
    query = (
        select(column, func.count().label("n"))
        .select_from(Signal)
        .where(Signal.cluster_id == cluster_id, column.is_not(None))
        .group_by(column)
        .order_by(func.count().desc(), column)
        .limit(1)
    )
    if column is Area.name:
        query = query.join(Area, Area.id == Signal.area_id)
    return db.session.scalar(query)


def news_of(cluster: SignalCluster) -> dict:
    """What the team is told: the matter's theme and neighbourhood (the most common of its signals), counts."""
    return {
        "theme": _most_common(Signal.theme, cluster.id),
        "area": _most_common(Area.name, cluster.id) or cluster.team.name,
        "signals": cluster.signal_count,
        "reporters": cluster.reporter_count,
    }


def keep_earliest(target: SignalCluster, source: SignalCluster) -> None:
    """Before a merge: the target recurs since the earlier moment of the two (None when neither recurred)."""
    moments = [moment for moment in (target.recurring_since, source.recurring_since) if moment is not None]
    if moments and min(moments) != target.recurring_since:
        target.recurring_since = min(moments)


def note_recurring(cluster: SignalCluster, now: datetime, exclude=None) -> bool:
    """If the (refreshed) cluster recurs and never did before: set ``recurring_since`` and tell the team's
    workers (``exclude``: the worker whose change made it so). True when this call told them."""
    if not cluster.recurring or cluster.recurring_since is not None:
        return False
    claimed = db.session.execute(
        update(SignalCluster)
        .where(SignalCluster.id == cluster.id, SignalCluster.recurring_since.is_(None))
        .values(recurring_since=now),
        execution_options={"synchronize_session": False},
    )
    if claimed.rowcount != 1:
        return False
    set_committed_value(cluster, "recurring_since", now)
    notify_team_workers(
        cluster.team,
        notification_kinds.SIGNAL_TEAM_RECURRING,
        news_of(cluster),
        f"/signals/clusters/{cluster.id}",
        exclude=exclude,
    )
    return True
