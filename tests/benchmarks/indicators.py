"""The indicators at city scale: `python -m tests.benchmarks indicators` (part of `make bench`).

A generated city (the Groningen teams and areas, as ``portal.teams.loader`` loads them, and two years of
residents, help, signals, initiatives, projects, questions and complaints) is written in bulk into a fresh
database made with the migrations, then the indicator pages are requested through the Flask test client as a
coordinator and the daily snapshot is taken. PostgreSQL when it is reachable (``BENCH_DATABASE_URL``, an empty
database, or a database ``buurtportaal_bench_<pid>`` made on 127.0.0.1:5432 and dropped afterwards), and SQLite
in a temporary file.

Same seed, same data: every moment is an offset from the start of the day the benchmark runs (Amsterdam), so
the shape of the data is the same whichever day it runs; the figures of "this year" depend on the date.
"""

from __future__ import annotations

import bisect
import cProfile
import io
import logging
import os
import pstats
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from tests.benchmarks.__main__ import Figure, figure, machine, measure, table

SEED = 20_261_201
DAYS = 730
N_RESIDENTS, N_OFFERS, N_REQUESTS, N_SIGNALS = 20_000, 20_000, 20_000, 50_000
N_INITIATIVES, N_PROJECTS, N_QUESTIONS, N_COMPLAINTS = 3_000, 300, 8_000, 600
WORKERS_PER_TEAM = 5
PAGE_RUNS = 7
SNAPSHOT_RUNS = 3
TARGET_PAGE_MS, TARGET_SNAPSHOT_MS = 300, 10_000
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/"
HELP_KINDS = ("groceries", "lift", "odd_jobs", "garden", "computer", "forms", "language_buddy", "company")
CATEGORIES = ("meeting", "green", "play", "culture", "safety", "neighbours", "other")
PARTNERS = (("housing_corporation", "Lefier"), ("gp", "Huisartsen Oost"), ("school", "OBS De Wereld"))


# --- The data set ----------------------------------------------------------------------------------------


@dataclass
class Places:
    """What the generator needs of the loaded reference data."""

    teams: list[int]
    hoods: list[tuple[int, int]]  # (area id, team id) of every neighbourhood served by a team
    weights: list[int]  # inhabitants of each neighbourhood (at least 50)
    by_team: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self):
        for area_id, team_id in self.hoods:
            self.by_team.setdefault(team_id, []).append(area_id)


@dataclass
class DataSet:
    """Rows per table (model class or table → list of dicts), in an order the foreign keys allow."""

    tables: list[tuple[object, list[dict]]] = field(default_factory=list)
    size: dict[str, int] = field(default_factory=dict)

    def rows(self, target, rows: list[dict]) -> list[dict]:
        self.tables.append((target, rows))
        return rows


class Clock:
    """Moments in the ``DAYS`` days before ``end`` (naive UTC, whole seconds)."""

    def __init__(self, rng: random.Random, end: datetime):
        self.rng, self.end, self.start = rng, end, end - timedelta(days=DAYS)

    def any(self) -> datetime:
        return self.start + timedelta(seconds=self.rng.randrange(DAYS * 86400))

    def after(self, moment: datetime, mean_days: float, cap_days: float = 365) -> datetime:
        """A moment an exponentially distributed number of days after ``moment`` (it may lie after ``end``)."""
        days = min(cap_days, self.rng.expovariate(1 / mean_days))
        return moment + timedelta(seconds=int(days * 86400) + 60)

    def within(self, first: datetime, last: datetime) -> datetime:
        span = max(1, int((last - first).total_seconds()))
        return first + timedelta(seconds=self.rng.randrange(span))


class Residents:
    """Residents ordered by registration, to pick one who had registered at a given moment."""

    def __init__(self, ids: list[int], registered: list[datetime], areas: dict[int, int | None], rng):
        self.ids, self.registered, self.areas, self.rng = ids, registered, areas, rng

    def before(self, moment: datetime) -> int:
        known = bisect.bisect_right(self.registered, moment)
        return self.ids[self.rng.randrange(known)] if known else self.ids[0]

    def several_before(self, moment: datetime, k: int) -> list[int]:
        known = max(1, bisect.bisect_right(self.registered, moment))
        return [self.ids[i] for i in self.rng.sample(range(known), min(k, known))]


def generate(places: Places, end: datetime, seed: int = SEED) -> DataSet:
    """The city's two years up to ``end``; the same seed and places give the same rows."""
    from portal.accounts.models import ROLE_COORDINATOR, ROLE_RESIDENT, ROLE_WORKER, User
    from portal.complaints.models import Complaint
    from portal.help.models import (
        ACCEPTED,
        CANCELLED,
        CLOSED,
        DECLINED,
        DONE,
        EXPIRED,
        MATCHED,
        OPEN,
        PROPOSED,
        HelpMatch,
        HelpOffer,
        HelpOfferKind,
        HelpRequest,
    )
    from portal.initiatives import lifecycle
    from portal.initiatives.models import Initiative, RoleSignup, StatusChange, VolunteerRole
    from portal.projects.models import FINISHED, RUNNING, STARTING, Project, ProjectParticipant, project_initiatives
    from portal.signals.models import DISMISSED, MERGED, PROJECT, Signal, SignalCluster
    from portal.signals.models import OPEN as CLUSTER_OPEN
    from portal.teams.models import TeamQuestion, team_workers

    rng = random.Random(seed)
    clock = Clock(rng, end)
    data = DataSet()

    def hood() -> tuple[int, int]:
        return rng.choices(places.hoods, weights=places.weights)[0]

    # People: a coordinator, five workers per team, and the residents (3 % without a known neighbourhood).
    long_ago = clock.start - timedelta(days=400)
    staff = [{"id": 1, "email": "coordinator@bench.example", "name": "Coordinator", "password_hash": "-",
              "role": ROLE_COORDINATOR, "created_at": long_ago, "session_token": "bench-coordinator"}]  # fmt: skip
    memberships = []
    for team_id in places.teams:
        for _ in range(WORKERS_PER_TEAM):
            user_id = len(staff) + 1
            staff.append({"id": user_id, "email": f"w{user_id}@bench.example", "name": f"Worker {user_id}",
                          "password_hash": "-", "role": ROLE_WORKER, "created_at": long_ago,
                          "session_token": f"bench-{user_id}"})  # fmt: skip
            memberships.append({"team_id": team_id, "user_id": user_id})
    first_resident = 1001
    registered = sorted(clock.any() for _ in range(N_RESIDENTS))
    residents = []
    home: dict[int, int | None] = {}
    for n, moment in enumerate(registered):
        user_id = first_resident + n
        home[user_id] = None if rng.random() < 0.03 else hood()[0]
        residents.append({"id": user_id, "email": f"r{user_id}@bench.example", "name": f"Resident {user_id}",
                          "password_hash": "-", "role": ROLE_RESIDENT, "area_id": home[user_id],
                          "created_at": moment, "session_token": f"bench-{user_id}"})  # fmt: skip
    data.rows(User, staff + residents)
    data.rows(team_workers, memberships)
    people = Residents([r["id"] for r in residents], registered, home, rng)

    def place_of(user_id: int) -> int:
        return home[user_id] or hood()[0]

    # Help offers, each of one or two kinds.
    offer_rows, kind_rows = [], []
    offer_moments = sorted(clock.any() for _ in range(N_OFFERS))
    for offer_id, moment in enumerate(offer_moments, start=1):
        user_id = people.before(moment)
        offer_rows.append({"id": offer_id, "user_id": user_id, "description": "I like to help.",
                           "area_id": place_of(user_id), "capacity": rng.choice((1, 1, 2, 3)),
                           "created_at": moment, "updated_at": moment})  # fmt: skip
        for kind in rng.sample(HELP_KINDS, rng.choice((1, 1, 2))):
            kind_rows.append({"offer_id": offer_id, "kind": kind})
    data.rows(HelpOffer, offer_rows)
    data.rows(HelpOfferKind, kind_rows)

    # Help requests: most get a proposed match within days; both sides accept seven in ten proposals, and a
    # declined one is followed by a second proposal half of the time. A request closes when the help is done,
    # is closed by a worker, or expires after 30 days; closings after the end leave it open.
    request_rows, match_rows = [], []
    for request_id in range(1, N_REQUESTS + 1):
        created = clock.any()
        user_id = people.before(created)
        expires = created + timedelta(days=30)
        status, closed, live = OPEN, None, None
        proposed = clock.after(created, 3) if rng.random() < 0.8 else None
        for _attempt in range(2):
            if proposed is None or proposed >= end:
                break
            offer = offer_rows[rng.randrange(bisect.bisect_right(offer_moments, proposed) or 1)]
            match = {"request_id": request_id, "offer_id": offer["id"], "status": PROPOSED,
                     "score": round(rng.uniform(20, 95), 1), "created_at": proposed}  # fmt: skip
            match_rows.append(match)
            decided = clock.after(proposed, 1.5, 20)
            outcome = rng.random()
            if decided >= end or outcome >= 0.85:  # still waiting for an answer
                live = match
                break
            match["decided_at"] = decided
            if outcome < 0.7:
                match.update(status=ACCEPTED, requester_answer="yes", helper_answer="yes")
                live = match
                done = clock.after(decided, 7, 60)
                if done < end:
                    match.update(status=DONE, closed_at=done)
                    status, closed = DONE, done
                else:
                    status = MATCHED
                break
            match.update(status=DECLINED, requester_answer="yes", helper_answer="no", closed_at=decided)
            proposed = clock.after(decided, 4) if rng.random() < 0.5 else None
        if closed is None and status != MATCHED:
            closing = clock.within(created, expires) if rng.random() < 0.3 else expires
            if closing < end and (live is None or closing > live["created_at"]):
                status, closed = (CLOSED if closing < expires else EXPIRED), closing
                if live is not None:
                    live.update(status=CANCELLED, closed_at=closing)
        request_rows.append({"id": request_id, "user_id": user_id, "kind": rng.choice(HELP_KINDS),
                             "description": "Who can help?", "area_id": place_of(user_id),
                             "urgency": rng.choices(("low", "normal", "high"), weights=(2, 13, 3))[0],
                             "status": status, "created_at": created, "expires_at": expires,
                             "closed_at": closed})  # fmt: skip
    for match_id, match in enumerate(match_rows, start=1):
        match["id"] = match_id
    data.rows(HelpRequest, request_rows)
    data.rows(HelpMatch, match_rows)

    # Signals in matters: 45 % one-offs, the others 3-20 signals within up to 180 days, each matter its own
    # cluster; a cluster is recurring from the signal that gives it 3 signals of at least 2 reporters.
    signal_rows, clusters = [], []
    while len(signal_rows) < N_SIGNALS:
        area_id, team_id = hood()
        first = clock.any()
        size = 1 if rng.random() < 0.45 else rng.randint(3, 20)
        moments = sorted([first] + [clock.within(first, first + timedelta(days=180)) for _ in range(size - 1)])
        moments = [m for m in moments if m < end][: N_SIGNALS - len(signal_rows)]
        cluster_id = len(clusters) + 1
        reporters: set[str] = set()
        since = None
        for n, moment in enumerate(moments, start=1):
            signal_id = len(signal_rows) + 1
            who, reporter_id, source, source_name = rng.random(), None, "resident", None
            if who < 0.55:
                reporter_id = people.before(moment)
            elif who < 0.60:
                source, source_name = rng.choice(PARTNERS)
            reporters.add(f"user:{reporter_id}" if reporter_id else f"{source}:{source_name or signal_id}")
            if since is None and n >= 3 and len(reporters) >= 2:
                since = moment
            signal_rows.append({"id": signal_id, "text": f"Signal {signal_id} about matter {cluster_id}.",
                                "team_id": team_id, "area_id": None if rng.random() < 0.08 else area_id,
                                "reporter_id": reporter_id, "source": source, "source_name": source_name,
                                "follow_token": f"bench-{signal_id}", "cluster_id": cluster_id,
                                "created_at": moment})  # fmt: skip
        clusters.append({"id": cluster_id, "team_id": team_id, "status": CLUSTER_OPEN, "signal_count": len(moments),
                         "reporter_count": len(reporters), "recurring": since is not None, "recurring_since": since,
                         "first_at": moments[0], "last_at": moments[-1], "created_at": moments[0],
                         "updated_at": moments[-1]})  # fmt: skip

    # Projects: half grew from a recurring cluster (taking up one to three of the team's recurring clusters), half
    # from initiatives or the team's own plans; a third finished, each with 3-40 participants.
    recurring = [c for c in clusters if c["recurring"]]
    project_rows, participant_rows = [], []
    taken: set[int] = set()
    for project_id in range(1, N_PROJECTS + 1):
        if project_id % 2:
            origin = rng.choice(recurring)
            team_id = origin["team_id"]
            created = clock.after(origin["recurring_since"], 20, 90)
            siblings = [c for c in recurring if c["team_id"] == team_id and c["recurring_since"] < created]
            for cluster in [origin, *rng.sample(siblings, min(len(siblings), rng.choice((0, 0, 1, 2))))]:
                if cluster["id"] not in taken and created < end:
                    taken.add(cluster["id"])
                    cluster.update(project_id=project_id, status=PROJECT)
        else:
            team_id, created = rng.choice(places.teams), clock.any()
        created = min(created, end - timedelta(hours=1))
        area_id = rng.choice(places.by_team[team_id]) if rng.random() < 0.6 else None
        finished = clock.after(created, 150, 600) if rng.random() < 0.6 else None
        finished = finished if finished is not None and finished < end else None
        status = FINISHED if finished else (RUNNING if rng.random() < 0.7 else STARTING)
        project_rows.append({"id": project_id, "title": f"Project {project_id}", "goal": "Together.",
                             "team_id": team_id, "area_id": area_id, "status": status, "created_at": created,
                             "updated_at": finished or created, "finished_at": finished})  # fmt: skip
        for user_id in people.several_before(finished or end, rng.randint(3, 40)):
            participant_rows.append({"project_id": project_id, "user_id": user_id,
                                     "joined_at": clock.within(created, finished or end)})  # fmt: skip
    # Of the clusters not taken up: one in twenty merged into an earlier one of its team, one in ten dismissed.
    earlier: dict[int, int] = {}
    for cluster in clusters:
        if cluster["id"] in taken:
            continue
        draw = rng.random()
        if draw < 0.05 and cluster["team_id"] in earlier:
            cluster.update(status=MERGED, merged_into_id=earlier[cluster["team_id"]])
        elif draw < 0.15:
            cluster.update(status=DISMISSED, dismissed_reason="Handled elsewhere.",
                           closed_at=min(end, clock.after(cluster["last_at"], 10)))  # fmt: skip
        earlier[cluster["team_id"]] = cluster["id"]
    data.rows(Project, project_rows)
    data.rows(SignalCluster, clusters)
    for start in range(0, len(signal_rows), 10_000):
        data.rows(Signal, signal_rows[start : start + 10_000])

    # Initiatives through their lifecycle: draft → submitted → in conversation → planned → done, or declined or
    # withdrawn on the way; the team's first response is its first step after submission. Steps after the end
    # are not taken. Planned initiatives ask volunteers for one to three roles.
    initiative_rows, change_rows, role_rows, signup_rows, project_links = [], [], [], [], []
    steps = {
        lifecycle.SUBMITTED: ((lifecycle.IN_CONVERSATION, 0.8, 3), (lifecycle.DECLINED, 0.12, 3),
                              (lifecycle.WITHDRAWN, 0.08, 6)),
        lifecycle.IN_CONVERSATION: ((lifecycle.PLANNED, 0.7, 20), (lifecycle.DECLINED, 0.15, 15),
                                    (lifecycle.WITHDRAWN, 0.15, 15)),
        lifecycle.PLANNED: ((lifecycle.DONE, 0.85, 30), (lifecycle.DECLINED, 0.05, 10),
                            (lifecycle.WITHDRAWN, 0.1, 10)),
    }  # fmt: skip

    def change(initiative_id: int, current: str, target: str, at: datetime) -> dict:
        return {"initiative_id": initiative_id, "from_status": current, "to_status": target, "at": at}

    for initiative_id in range(1, N_INITIATIVES + 1):
        created = clock.any()
        initiator = people.before(created)
        area_id = place_of(initiator)
        status, moment, submitted, responded, planned_at = lifecycle.DRAFT, created, None, None, None

        draw = rng.random()
        if draw < 0.03:
            at = clock.after(created, 10)
            if at < end:
                change_rows.append(change(initiative_id, status, lifecycle.WITHDRAWN, at))
                status = lifecycle.WITHDRAWN
        elif draw < 0.1:
            pass  # still a draft
        elif (at := clock.after(created, 2)) < end:
            change_rows.append(change(initiative_id, status, lifecycle.SUBMITTED, at))
            status, moment, submitted = lifecycle.SUBMITTED, at, at
            while status in steps:
                options = steps[status]
                target, _share, mean = rng.choices(options, weights=[o[1] for o in options])[0]
                at = clock.after(moment, mean)
                if at >= end:
                    break
                change_rows.append(change(initiative_id, status, target, at))
                if status == lifecycle.SUBMITTED and target != lifecycle.WITHDRAWN:
                    responded = at
                status, moment = target, at
                planned_at = at if target == lifecycle.PLANNED else planned_at
        initiative_rows.append({"id": initiative_id, "title": f"Initiative {initiative_id}",
                                "description": "Something for the street.", "category": rng.choice(CATEGORIES),
                                "status": status, "initiator_id": initiator, "area_id": area_id,
                                "search_terms": "", "created_at": created, "updated_at": moment,
                                "submitted_at": submitted, "first_response_at": responded})  # fmt: skip
        if planned_at is not None:
            until = moment if status != lifecycle.PLANNED else end
            for position in range(rng.randint(1, 3)):
                role_id = len(role_rows) + 1
                needed = rng.randint(2, 8)
                takers = people.several_before(until, rng.randint(0, needed))
                role_rows.append({"id": role_id, "initiative_id": initiative_id, "title": f"Role {position + 1}",
                                  "needed": needed, "position": position, "taken": len(takers)})  # fmt: skip
                for user_id in takers:
                    signup_rows.append({"id": len(signup_rows) + 1, "role_id": role_id, "user_id": user_id,
                                        "created_at": clock.within(planned_at, until)})  # fmt: skip
            if status == lifecycle.DONE and rng.random() < 0.05:
                later = [p for p in project_rows if p["created_at"] > moment]
                if later:
                    project_links.append({"project_id": rng.choice(later)["id"], "initiative_id": initiative_id})
    for change_id, change in enumerate(change_rows, start=1):
        change["id"] = change_id
    data.rows(Initiative, initiative_rows)
    data.rows(StatusChange, change_rows)
    data.rows(VolunteerRole, role_rows)
    data.rows(RoleSignup, signup_rows)
    data.rows(project_initiatives, list({(r["project_id"], r["initiative_id"]): r for r in project_links}.values()))
    data.rows(ProjectParticipant, participant_rows)

    # Questions to the teams: nine in ten with an answer-by time two to four days on; most answered.
    question_rows = []
    for question_id in range(1, N_QUESTIONS + 1):
        created = clock.any()
        area_id, team_id = hood()
        due = created + timedelta(days=rng.choice((2, 2, 3, 4))) if rng.random() < 0.9 else None
        answered = clock.after(created, 1.6, 30) if rng.random() < 0.92 else None
        answered = answered if answered is not None and answered < end else None
        question_rows.append({"id": question_id, "team_id": team_id, "name": "Resident",
                              "contact": f"q{question_id}@bench.example", "message": "A question.",
                              "created_at": created, "due_at": due, "answered_at": answered,
                              "status": "answered" if answered else "new"})  # fmt: skip
    data.rows(TeamQuestion, question_rows)

    # Complaints: six weeks to answer; most answered, some late.
    complaint_rows = []
    for complaint_id in range(1, N_COMPLAINTS + 1):
        created = clock.any()
        team_id = rng.choice(places.teams)
        answered = clock.after(created, 20, 120) if rng.random() < 0.85 else None
        answered = answered if answered is not None and answered < end else None
        complaint_rows.append({"id": complaint_id, "team_id": team_id, "user_id": people.before(created),
                               "subject_kind": "team", "message": "A complaint.", "created_at": created,
                               "due_at": created + timedelta(weeks=6), "answered_at": answered,
                               "status": "answered" if answered else "new"})  # fmt: skip
    data.rows(Complaint, complaint_rows)

    data.size = {
        "residents": len(residents),
        "help offers": len(offer_rows),
        "help requests": len(request_rows),
        "requests closed": sum(1 for r in request_rows if r["closed_at"]),
        "matches": len(match_rows),
        "matches accepted": sum(1 for m in match_rows if m.get("helper_answer") == "yes"),
        "signals": len(signal_rows),
        "clusters": len(clusters),
        "recurring clusters": len(recurring),
        "taken up in a project": len(taken),
        "initiatives": len(initiative_rows),
        "initiatives decided": sum(1 for i in initiative_rows if i["status"] in lifecycle.FINAL and i["submitted_at"]),
        "status changes": len(change_rows),
        "role signups": len(signup_rows),
        "projects": len(project_rows),
        "participants": len(participant_rows),
        "questions": len(question_rows),
        "complaints": len(complaint_rows),
    }
    return data


def load(data: DataSet) -> None:
    """Write the data set with Core INSERTs of lists of dicts; on PostgreSQL, move the id sequences past it."""
    from sqlalchemy import insert, text

    from portal.extensions import db

    for target, rows in data.tables:
        if rows:
            table = getattr(target, "__table__", target)
            keys = {key for row in rows for key in row}  # one statement for all rows: the same keys in each
            db.session.execute(insert(table), [dict.fromkeys(keys) | row for row in rows])
    if db.engine.dialect.name == "postgresql":
        for target, _rows in data.tables:
            table = getattr(target, "__table__", target)
            if "id" in table.c and table.c.id.autoincrement:
                last = f'(SELECT COALESCE(MAX(id), 1) FROM "{table.name}")'  # noqa: S608 - our own table names
                db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), {last})"))
    db.session.commit()


def reference_places() -> Places:
    from sqlalchemy import select

    from portal.extensions import db
    from portal.teams.models import NEIGHBOURHOOD, Area, Team

    teams = list(db.session.scalars(select(Team.id).order_by(Team.id)))
    hoods = db.session.execute(
        select(Area.id, Area.team_id, Area.inhabitants)
        .where(Area.kind == NEIGHBOURHOOD, Area.team_id.is_not(None))
        .order_by(Area.id)
    ).all()
    return Places(teams, [(a, t) for a, t, _n in hoods], [max(50, n or 0) for _a, _t, n in hoods])


# --- Databases ---------------------------------------------------------------------------------------------


def _maintain(*statements: str) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(PG_SERVER + "postgres", isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def postgres_reachable() -> bool:
    try:
        _maintain("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means: not here
        return False
    return True


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh empty database's URI: ``sqlite`` (a temporary file) or ``postgresql`` (BENCH_DATABASE_URL, or one
    made for this run and dropped afterwards)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/indicators.sqlite"
        return
    if os.environ.get("BENCH_DATABASE_URL"):
        yield os.environ["BENCH_DATABASE_URL"]
        return
    name = f"buurtportaal_bench_{os.getpid()}"
    _maintain(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    try:
        yield PG_SERVER + name
    finally:
        _maintain(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Measuring ---------------------------------------------------------------------------------------------


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *_args, **_kwargs):
        self.count += 1


def _profile(run: Callable[[], object], limit: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


class Breakdown:
    """The time spent in some functions (module attributes) while it is entered: each is wrapped, then restored.

    ``periods[label]`` holds, per call, the period it was asked for (its second argument) and the milliseconds."""

    def __init__(self, targets: list[tuple[object, str, str]]):
        self.targets = [(module, name, label) for module, name, label in targets if hasattr(module, name)]
        self.periods: dict[str, list[tuple[object, float]]] = {label: [] for _m, _n, label in self.targets}
        self._originals: list[tuple[object, str, object]] = []

    def __enter__(self) -> Breakdown:
        for module, name, label in self.targets:
            original = getattr(module, name)
            self._originals.append((module, name, original))
            setattr(module, name, self._timed(original, label))
        return self

    def _timed(self, original, label: str):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                period = args[1] if len(args) > 1 else kwargs.get("period")
                self.periods[label].append((period, (time.perf_counter() - started) * 1000))

        return timed

    def __exit__(self, *_exc) -> None:
        for module, name, original in self._originals:
            setattr(module, name, original)


def _breakdown(get: Callable[[], None], runs: int, this_period) -> str:
    """Where a dashboard's time goes, as a sentence: its periods computed live (this one and the others), the
    periods read from the snapshots, and the rest (choice, places, charts and template)."""
    from portal.indicators import compute, snapshots

    targets = [
        (compute, "figures_for", "live"),
        (compute, "people_for", "people"),
        (snapshots, "stored_figures_for", "stored"),
    ]
    with Breakdown(targets) as breakdown:
        timings = measure(get, repeat=runs, warmup=0)
    page = statistics.fmean(timings)

    def spent(label: str, keep=lambda period: True) -> tuple[float, int]:
        calls = [(period, ms) for period, ms in breakdown.periods.get(label, []) if keep(period)]
        return sum(ms for _p, ms in calls) / runs, len(calls) // runs

    now_ms, _n = spent("live", lambda period: period == this_period)
    other_ms, other_n = spent("live", lambda period: period != this_period)
    others = sorted({f"{p.start:%Y-%m-%d}" for p, _ms in breakdown.periods.get("live", []) if p != this_period})
    stored_ms, stored_n = spent("stored")
    people_ms, people_n = spent("people")
    rest = page - now_ms - other_ms - stored_ms - people_ms
    live = (
        f"{now_ms:,.0f} ms computing this period wholly from today's data; "
        if now_ms
        else "this period read from the snapshots up to yesterday and counted from today's data for today; "
    )
    if other_n:
        live += (
            f"{other_ms:,.0f} ms computing {other_n} other periods wholly from today's data"
            f" ({', '.join(others)}: nothing stored at their start); "
        )
    return (
        f"{page:,.0f} ms a page (mean of {runs}): {live}"
        f"{stored_ms:,.0f} ms reading {stored_n} reads of periods from the snapshots"
        + (f" and {people_ms:,.0f} ms computing the distinct people of {people_n} of them" if people_n else "")
        + f"; {rest:,.0f} ms the rest (the choice, places, charts and template)."
    )


@dataclass
class Run:
    dialect: str
    figures: list[Figure]
    loaded_s: float
    size: dict[str, int]
    breakdown: str = ""
    profile: str = ""


def _analyze() -> None:
    """Fresh planner statistics, as autovacuum gives them after large inserts."""
    from portal.extensions import db

    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()


def run_on(kind: str, *, profile: bool = False) -> Run:
    from flask_migrate import upgrade
    from sqlalchemy import event, select

    from portal import create_app
    from portal.accounts.models import User
    from portal.extensions import db
    from portal.indicators import snapshots
    from portal.indicators.periods import YEAR, Period, utc_midnight
    from portal.teams.loader import load_reference_data
    from portal.teams.models import Team
    from portal.timeutil import utcnow
    from portal.workdays import local_date

    with database(kind) as uri:
        app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "TESTING": True, "MAIL_SERVER": ""})
        logging.getLogger("portal.requests").setLevel(logging.WARNING)  # a line per request: not here
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            load_reference_data()
            db.session.commit()
            today = local_date(utcnow())
            data = generate(reference_places(), utc_midnight(today))
            load(data)
            _analyze()
            loaded_s = time.perf_counter() - started
            dialect = db.engine.dialect.name
            print(f"indicators on {dialect}: data loaded in {loaded_s:.1f} s: {data.size}", flush=True)

            yesterday = today - timedelta(days=1)
            year_end = date(today.year - 1, 12, 31)
            started = time.perf_counter()
            days = snapshots.backfill(yesterday)
            backfill_ms = (time.perf_counter() - started) * 1000
            print(f"  backfill of {days} days: {backfill_ms / 1000:.1f} s", flush=True)
            _analyze()
            take_timings = measure(lambda: snapshots.take(yesterday), repeat=SNAPSHOT_RUNS)
            print(f"  take(yesterday): {statistics.median(take_timings):.0f} ms", flush=True)
            year_end_timings = measure(lambda: snapshots.take(year_end), repeat=SNAPSHOT_RUNS)
            print(f"  take({year_end}): {statistics.median(year_end_timings):.0f} ms", flush=True)

            coordinator = db.session.get(User, 1)
            session_id = coordinator.get_id()
            slug = db.session.scalar(select(Team.slug).order_by(Team.name).limit(1))
            db.session.remove()

        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = session_id
            session["_fresh"] = True
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)

        def page(url: str) -> Callable[[], None]:
            def get() -> None:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            return get

        pages = [
            ("coordinators' dashboard, all teams, this year", "/indicators/?grain=year", TARGET_PAGE_MS),
            ("coordinators' dashboard, all teams, this month", "/indicators/?grain=month", None),
            ("a team's dashboard, this year", f"/indicators/teams/{slug}?grain=year", None),
            ("the public page of a team", f"/indicators/teams/{slug}/how-we-are-doing", None),
        ]
        figures = []
        profile_text = breakdown = ""
        for name, url, target in pages:
            timings = measure(page(url), repeat=PAGE_RUNS)
            counter.count = 0
            page(url)()
            figures.append(figure(f"GET {url}: {name}", timings, target, f"{counter.count} queries"))
            print(f"  {url}: {statistics.median(timings):.0f} ms, {counter.count} queries", flush=True)
            if target is not None:
                breakdown = _breakdown(page(url), PAGE_RUNS, Period.containing(today, YEAR))
                print(f"  {breakdown}", flush=True)
                if profile:
                    profile_text = _profile(page(url))
        event.remove(engine, "before_cursor_execute", counter)
        figures.append(figure("snapshots.take(yesterday): one day, every place", take_timings, TARGET_SNAPSHOT_MS))
        figures.append(
            figure(
                f"snapshots.take({year_end}): a day that ends a month, quarter and year",
                year_end_timings,
                TARGET_SNAPSHOT_MS,
                "with the distinct people of those periods for every place",
            )
        )
        figures.append(Figure(f"snapshots.backfill: {days} days", backfill_ms, backfill_ms, None, "one run"))
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return Run(dialect, figures, loaded_s, data.size, breakdown, profile_text)


def benchmark() -> tuple[str, str]:
    kinds = (["postgresql"] if postgres_reachable() else []) + ["sqlite"]
    if os.environ.get("BENCH_INDICATORS_DATABASES"):
        kinds = [k for k in kinds if k in os.environ["BENCH_INDICATORS_DATABASES"].split(",")]
    profile = bool(os.environ.get("BENCH_PROFILE"))
    runs = [run_on(kind, profile=profile) for kind in kinds]
    size = runs[0].size
    lines = ["## Indicators: dashboards and snapshots at city scale", ""]
    for run in runs:
        print(f"Indicators on {run.dialect} (loaded in {run.loaded_s:.1f} s)")
        print(table(run.figures))
        if run.profile:
            print(run.profile)
        where = "a temporary file" if run.dialect == "sqlite" else "PostgreSQL on 127.0.0.1"
        lines += [f"On {run.dialect} ({where}; data loaded in {run.loaded_s:.0f} s):", "", table(run.figures), ""]
        if run.breakdown:
            lines += [f"Where the year dashboard's time goes on {run.dialect}: {run.breakdown}", ""]
    described = ", ".join(f"{number:,} {what}" for what, number in size.items())
    lines += [
        (
            f"- Data (`random.Random({SEED})`, the {DAYS} days before the day of the run, so the same data"
            " shifted to each day): the 11 Groningen teams and their districts and neighbourhoods as"
            " `portal.teams.loader` loads them, a coordinator and five workers a team, and "
            f"{described}. Generated in `tests/benchmarks/indicators.py` and written with Core INSERTs of"
            " lists of rows into a database made with the migrations."
        ),
        (
            "- Pages: the whole request through the Flask test client as a coordinator (server time: routing,"
            f" queries, rendering), median and worst of {PAGE_RUNS} runs after one warm-up; the number of SQL"
            " queries of one request beside it. The snapshots of every day up to yesterday were taken"
            " (`snapshots.backfill`) before the pages were measured."
        ),
        (
            f"- Snapshot: `snapshots.take` of yesterday and of the last 31 December (the most a day does), each"
            f" {SNAPSHOT_RUNS} runs after one warm-up (each replaces the day's rows and commits); the backfill of"
            " the whole two years once, for information. Planner statistics are refreshed after loading and"
            " after the backfill (`ANALYZE`), as autovacuum would."
        ),
        (
            "- The sources (`portal/indicators/sources.py`) take every moment and flag from a plain column or a"
            " join grouped once, not from a correlated subquery per item: such a subquery ran for every item"
            " whatever the period (a period filter on it cannot use an index), ran again for each column naming"
            " it, and made PostgreSQL JIT-compile the help durations query (20 ms a page). Sources without"
            " arguments are built once per process."
        ),
        f"- Machine: {machine()}.",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC ({date.today():%A}).",
        (
            "- Reproduce: `make bench` (or `.venv/bin/python -m tests.benchmarks indicators`; PostgreSQL is"
            " used when 127.0.0.1:5432 answers, or the empty database named by `BENCH_DATABASE_URL`;"
            " `BENCH_INDICATORS_DATABASES=sqlite` or `=postgresql` measures one; `BENCH_PROFILE=1` prints a"
            " cProfile of the coordinators' dashboard)."
        ),
    ]
    return "indicators", "\n".join(lines)
