"""The city the page benchmark serves (`tests/benchmarks/pages.py`): the indicators' city and what pages show.

``tests.benchmarks.indicators.generate`` gives two years of a city (20,000 residents, offers, requests, 50,000
signals in matters, 3,000 initiatives, 300 projects, questions, complaints). The pages need more of it, added here
to the same rows before they are written:

- signals with real texts (the labelled evaluation set, varied), their stored features, a cluster summary each and
  a history event per signal; a few large live clusters per team (about 470, 200 and 120 signals, as the
  clustering makes of a much-reported matter), the matters they absorbed merged into them;
- help offers and requests placed in their neighbourhood (coordinates), speaking Dutch;
- the agenda: planned initiatives with a date in the coming four months, and more planned initiatives and project
  activities until about 1,700 events lie ahead; done initiatives have their (past) date;
- 100,000 notifications over the residents, a few hundred of them for the resident the benchmark logs in as;
- a known password for that resident, a worker of the busiest team and the coordinator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

SEED = 20_261_206
PASSWORD = "bench-city-Pa55-word-9741"  # noqa: S105 - a generated city's test logins
N_NOTIFICATIONS, N_MY_NOTIFICATIONS = 100_000, 400
UPCOMING_EVENTS = 1_700
AHEAD_DAYS = 120
OPEN_REQUESTS = 1_000
BIG_CLUSTERS = (470, 200, 120)  # signals in the largest live clusters of each team
VARIANTS = 12  # varied texts of each text of the evaluation set


@dataclass(frozen=True)
class Logins:
    resident: str
    worker: str
    coordinator: str
    password: str = PASSWORD


@dataclass(frozen=True)
class Facts:
    """What the benchmark requests, read from the built database."""

    logins: Logins
    team_slug: str  # the worker's team
    initiative_id: int  # a planned initiative with roles and supporters
    district_code: str  # the district of the worker's team with the most open requests
    neighbourhood_code: str  # its neighbourhood with the most open requests
    cluster_id: int  # the largest live cluster of the worker's team
    cluster_signals: int
    resident_area_id: int
    counts: dict


def extend(data, end: datetime, coordinates: dict[int, tuple[float, float]]) -> tuple[dict[str, int], list]:
    """Add to the generated ``data`` (an ``indicators.DataSet``) what the pages show: the added counts, and the
    merges (cluster id, merged into id) to store after loading (a cluster may be merged into a later one)."""
    rng = random.Random(SEED)
    added, merges = _signals(data, rng, end)
    added |= _help_places(data, rng, end, coordinates)
    added |= _agenda(data, rng, end)
    added |= _notifications(data, rng, end)
    return added, merges


def _table(data, model) -> list[dict]:
    """All rows of one model in the data set (signals come in several lists)."""
    rows = []
    for target, chunk in data.tables:
        if target is model:
            rows.extend(chunk)
    return rows


# --- Signals ---------------------------------------------------------------------------------------------


def _signals(data, rng: random.Random, end: datetime) -> tuple[dict[str, int], list[tuple[int, int]]]:
    from portal.signals import clustering
    from portal.signals.models import MERGED, OPEN, ClusterEvent, Signal, SignalCluster, reporter_key
    from portal.signals.services import ADDED
    from tests.benchmarks.__main__ import _evaluation_texts, _vary

    clusters = _table(data, SignalCluster)
    signals = _table(data, Signal)
    by_cluster: dict[int, list[dict]] = {}
    for signal in signals:
        by_cluster.setdefault(signal["cluster_id"], []).append(signal)

    # The largest live clusters: an open matter of each team absorbs other open matters of its team.
    referenced = {c.get("merged_into_id") for c in clusters} | {c["id"] for c in clusters if c.get("project_id")}
    live_since = end - timedelta(days=60)
    merges = []
    for team_id in sorted({c["team_id"] for c in clusters}):
        mine = [c for c in clusters if c["team_id"] == team_id and c["status"] == OPEN and c["id"] not in referenced]
        rng.shuffle(mine)
        heads = [c for c in mine if c["last_at"] >= live_since][: len(BIG_CLUSTERS)]
        pool = [c for c in mine if c not in heads]
        for head, size in zip(heads, BIG_CLUSTERS, strict=False):
            members = by_cluster[head["id"]]
            while len(members) < size and pool:
                other = pool.pop()
                for signal in by_cluster.pop(other["id"]):
                    signal["cluster_id"] = head["id"]
                    members.append(signal)
                other.update(status=MERGED, signal_count=0, reporter_count=0, recurring=False, recurring_since=None)
                merges.append((other["id"], head["id"]))
            members.sort(key=lambda s: s["created_at"])
            head.update(first_at=members[0]["created_at"], last_at=members[-1]["created_at"],
                        recurring=True, recurring_since=members[2]["created_at"],
                        created_at=members[0]["created_at"], updated_at=members[-1]["created_at"])  # fmt: skip

    # Texts: each matter takes a matter of the evaluation set; its signals a varied text of it.
    matters = _evaluation_texts()
    recurring = sorted(m for m in matters if not m.startswith("oneoff"))
    one_offs = sorted(m for m in matters if m.startswith("oneoff"))
    pools = {m: [_vary(rng, text) for text in texts for _ in range(VARIANTS)] for m, texts in matters.items()}
    feats = {text: sorted(clustering.features(text)) for pool in pools.values() for text in pool}
    clusterer = clustering.Clusterer()
    events = []
    for cluster_id, members in by_cluster.items():
        matter = rng.choice(one_offs if len(members) == 1 else recurring)
        for signal in members:
            text = rng.choice(pools[matter])
            signal.update(text=text, features=feats[text])
            key = reporter_key(signal["id"], signal["reporter_id"], signal["source"], signal["source_name"])
            clusterer.restore(
                clustering.Signal(signal["id"], text, "city", signal["created_at"], key, None, frozenset(feats[text])),
                cluster_id,
            )
            events.append({"cluster_id": cluster_id, "action": ADDED, "signal_id": signal["id"],
                           "at": signal["created_at"]})  # fmt: skip
    for cluster in clusters:
        if cluster["id"] in clusterer.clusters:
            cluster["summary"] = clusterer.summary(cluster["id"])
    events.sort(key=lambda e: e["signal_id"])
    for start in range(0, len(events), 10_000):
        data.rows(ClusterEvent, events[start : start + 10_000])
    return {"matters merged into the largest clusters": len(merges), "cluster events": len(events)}, merges


def store_merges(merges: list[tuple[int, int]]) -> None:
    """After loading: each merged cluster points at the cluster it was merged into."""
    from sqlalchemy import bindparam, update

    from portal.extensions import db
    from portal.signals.models import SignalCluster

    table = SignalCluster.__table__
    statement = update(table).where(table.c.id == bindparam("b_id")).values(merged_into_id=bindparam("b_into"))
    db.session.connection().execute(statement, [{"b_id": a, "b_into": b} for a, b in merges])


# --- Help --------------------------------------------------------------------------------------------------


def _help_places(data, rng: random.Random, end: datetime, coordinates: dict[int, tuple[float, float]]) -> dict:
    from portal.help.models import OPEN, HelpOffer, HelpRequest

    # More open requests, asked in the last three weeks and not yet matched, until about OPEN_REQUESTS are open.
    requests = _table(data, HelpRequest)
    still_open = sum(1 for r in requests if r["status"] == OPEN)
    extra = []
    for n in range(max(0, OPEN_REQUESTS - still_open)):
        created = end - timedelta(seconds=rng.randrange(21 * 86400))
        extra.append(rng.choice(requests) | {"id": len(requests) + n + 1, "status": OPEN, "created_at": created,
                                              "expires_at": created + timedelta(days=30), "closed_at": None})  # fmt: skip
    data.rows(HelpRequest, extra)

    for model in (HelpOffer, HelpRequest):
        for row in _table(data, model):
            centre = coordinates.get(row["area_id"])
            if centre is not None:
                row.update(latitude=round(centre[0] + rng.uniform(-0.004, 0.004), 6),
                           longitude=round(centre[1] + rng.uniform(-0.006, 0.006), 6))  # fmt: skip
            row.update(languages=["nl"] if rng.random() < 0.9 else ["nl", "en"], slots=[])
            if model is HelpOffer:
                row["radius_km"] = rng.choice((None, None, 1.0, 2.0, 3.0))
    return {"open help requests added": len(extra)}


# --- The agenda --------------------------------------------------------------------------------------------


def _agenda(data, rng: random.Random, end: datetime) -> dict[str, int]:
    from portal.initiatives import lifecycle
    from portal.initiatives.models import Initiative, StatusChange
    from portal.projects.models import FINISHED, Project, ProjectActivity

    def ahead() -> datetime:
        day = end + timedelta(days=rng.randrange(AHEAD_DAYS))
        return day.replace(hour=rng.choice((9, 10, 13, 14, 16, 18, 19)), minute=rng.choice((0, 30)))

    initiatives = _table(data, Initiative)
    upcoming = 0
    for row in initiatives:
        if row["status"] == lifecycle.PLANNED:
            start = ahead()
            upcoming += 1
        elif row["status"] == lifecycle.DONE:
            start = row["updated_at"] - timedelta(days=rng.randint(1, 20))
        else:
            continue
        row.update(planned_start=start, planned_end=start + timedelta(hours=rng.choice((1, 2, 3))),
                   place=f"Buurthuis {row['area_id']}")  # fmt: skip

    activities = []
    for project in _table(data, Project):
        if project["status"] != FINISHED:
            for n in range(rng.randint(1, 6)):
                start = ahead()
                activities.append({"id": len(activities) + 1, "project_id": project["id"], "title": f"Meeting {n + 1}",
                                   "starts_at": start, "ends_at": start + timedelta(hours=2),
                                   "place": "Wijkcentrum", "created_at": end, "updated_at": end})  # fmt: skip
    data.rows(ProjectActivity, activities)

    # More planned initiatives, started in the last months, until the agenda holds about UPCOMING_EVENTS ahead.
    template = [r for r in initiatives if r["status"] == lifecycle.DONE]
    extra, changes = [], []
    next_id = max(r["id"] for r in initiatives) + 1
    for n in range(max(0, UPCOMING_EVENTS - upcoming - len(activities))):
        like = rng.choice(template)
        created = end - timedelta(days=rng.randint(20, 150))
        submitted = created + timedelta(days=2)
        planned = submitted + timedelta(days=rng.randint(5, 15))
        start = ahead()
        initiative_id = next_id + n
        extra.append(like | {"id": initiative_id, "title": f"Initiative {initiative_id}", "status": lifecycle.PLANNED,
                             "created_at": created, "submitted_at": submitted, "first_response_at": planned,
                             "updated_at": planned, "planned_start": start, "planned_end": start + timedelta(hours=2),
                             "initiator_id": like["initiator_id"], "place": f"Buurthuis {like['area_id']}"})  # fmt: skip
        for source, target, at in ((lifecycle.DRAFT, lifecycle.SUBMITTED, submitted),
                                   (lifecycle.SUBMITTED, lifecycle.IN_CONVERSATION, planned - timedelta(days=3)),
                                   (lifecycle.IN_CONVERSATION, lifecycle.PLANNED, planned)):  # fmt: skip
            changes.append({"initiative_id": initiative_id, "from_status": source, "to_status": target, "at": at})
    last_change = max(r["id"] for r in _table(data, StatusChange))
    for n, change in enumerate(changes, start=1):
        change["id"] = last_change + n
    data.rows(Initiative, extra)
    data.rows(StatusChange, changes)
    return {
        "planned initiatives ahead": upcoming + len(extra),
        "project activities ahead": len(activities),
    }


# --- Notifications -----------------------------------------------------------------------------------------


def _notifications(data, rng: random.Random, end: datetime) -> dict[str, int]:
    from portal.accounts.models import ROLE_RESIDENT, User
    from portal.notifications.models import Notification

    residents = [u for u in _table(data, User) if u["role"] == ROLE_RESIDENT and u.get("area_id")]
    me = residents[len(residents) // 2]  # registered halfway through the two years
    kinds = (("help_match_proposed", "/help/"), ("help_contact_shared", "/help/"), ("help_match_declined", "/help/"))
    rows = []
    for n in range(N_NOTIFICATIONS):
        user = me if n < N_MY_NOTIFICATIONS else residents[int(len(residents) * rng.random() ** 1.5)]
        kind, link = rng.choice(kinds)
        created = end - timedelta(seconds=rng.randrange(365 * 86400))
        rows.append({"id": n + 1, "user_id": user["id"], "kind": kind, "params": {"kind": "groceries"}, "link": link,
                     "created_at": created, "read_at": created + timedelta(hours=5) if rng.random() < 0.8 else None,
                     "emailed_at": created, "digest_due": False})  # fmt: skip
    rows.sort(key=lambda r: r["created_at"])
    for start in range(0, len(rows), 10_000):
        data.rows(Notification, rows[start : start + 10_000])
    return {"notifications": len(rows), "notifications of the logged-in resident": N_MY_NOTIFICATIONS}


# --- After loading: logins and what to request ---------------------------------------------------------------


def facts() -> Facts:
    """Choose the pages' subjects in the loaded city and give the three logins their password (idempotent)."""
    from sqlalchemy import func, select, update

    from portal.accounts.models import ROLE_COORDINATOR, ROLE_RESIDENT, User
    from portal.accounts.passwords import hash_password
    from portal.extensions import db
    from portal.help.models import OPEN, HelpRequest
    from portal.initiatives import lifecycle
    from portal.initiatives.models import Initiative, VolunteerRole
    from portal.notifications.models import Notification
    from portal.signals.models import LIVE, SignalCluster
    from portal.teams.models import Area, Team, team_workers
    from portal.timeutil import utcnow

    s = db.session
    open_by_hood = (
        select(HelpRequest.area_id, func.count().label("n"))
        .where(HelpRequest.status == OPEN)
        .group_by(HelpRequest.area_id)
        .subquery()
    )
    busiest = s.execute(
        select(Area.parent_id, Area.team_id, func.sum(open_by_hood.c.n).label("n"))
        .join(open_by_hood, open_by_hood.c.area_id == Area.id)
        .where(Area.team_id.is_not(None), Area.parent_id.is_not(None))
        .group_by(Area.parent_id, Area.team_id)
        .order_by(func.sum(open_by_hood.c.n).desc())
        .limit(1)
    ).one()
    team = s.get(Team, busiest.team_id)
    district_code = s.get(Area, busiest.parent_id).code
    neighbourhood = s.scalar(
        select(Area.code)
        .join(open_by_hood, open_by_hood.c.area_id == Area.id)
        .where(Area.parent_id == busiest.parent_id, Area.team_id == team.id)
        .order_by(open_by_hood.c.n.desc())
        .limit(1)
    )
    worker_id = s.scalar(select(func.min(team_workers.c.user_id)).where(team_workers.c.team_id == team.id))
    resident_id = s.scalar(
        select(Notification.user_id).group_by(Notification.user_id).order_by(func.count().desc()).limit(1)
    )
    coordinator_id = s.scalar(select(func.min(User.id)).where(User.role == ROLE_COORDINATOR))
    password_hash = hash_password(PASSWORD)
    s.execute(
        update(User)
        .where(User.id.in_((worker_id, resident_id, coordinator_id)))
        .values(password_hash=password_hash, email_confirmed_at=utcnow(), active=True)
    )
    biggest = s.execute(
        select(SignalCluster.id, SignalCluster.signal_count)
        .where(SignalCluster.team_id == team.id, SignalCluster.status.in_(LIVE))
        .order_by(SignalCluster.signal_count.desc())
        .limit(1)
    ).one()
    initiative_id = s.scalar(
        select(Initiative.id)
        .join(VolunteerRole, VolunteerRole.initiative_id == Initiative.id)
        .where(Initiative.status == lifecycle.PLANNED)
        .order_by(Initiative.id)
        .limit(1)
    )
    resident = s.get(User, resident_id)
    assert resident.role == ROLE_RESIDENT
    counts = {
        "open help requests": s.scalar(select(func.count()).where(HelpRequest.status == OPEN)),
        "notifications": s.scalar(select(func.count(Notification.id))),
    }
    logins = Logins(resident.email, s.get(User, worker_id).email, s.get(User, coordinator_id).email)
    result = Facts(logins, team.slug, initiative_id, district_code, neighbourhood, biggest.id, biggest.signal_count,
                   resident.area_id, counts)  # fmt: skip
    s.commit()
    return result
