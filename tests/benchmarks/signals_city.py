"""The signals worker pages and posting a signal at city scale: `python -m tests.benchmarks.signals_city`.

Builds (once, then kept) a city in the PostgreSQL database named by ``SIGNALS_CITY_URL`` (default
``signals_city`` on 127.0.0.1) with the generator of `tests.benchmarks.indicators`, gives the signals real texts
(the labelled set's, matter by matter) and their features, and grows one team's 20 most recent recurring groups
to about 3,400 signals (the largest 473), as the issue measured. Then it times, through the Flask test client
as a worker of that team: the board, the largest group's page, and posting a signal (median and p95 after
warm-up). ``--rebuild`` drops and builds the database again.
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import sys
import time
from collections import defaultdict

from tests.benchmarks.__main__ import ROOT, measure

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/"
URL = os.environ.get("SIGNALS_CITY_URL", PG_SERVER + "signals_city")
BIG_SIZES = (473, 380, 320, 260, 230, 210, 190, 170, 150, 140, 130, 120, 110, 100, 90, 80, 70, 60, 50, 38)
RUNS = 20


def _texts() -> list[list[str]]:
    """The labelled set's texts, grouped by matter (matters of at least two texts)."""
    by_matter: dict[str, list[str]] = defaultdict(list)
    with open(ROOT / "portal" / "signals" / "data" / "evaluation.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            by_matter[row["matter"]].append(row["text"])
    return [texts for _matter, texts in sorted(by_matter.items()) if len(texts) >= 2]


def _exists() -> bool:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from tests.benchmarks.indicators import _maintain

    name = URL.rsplit("/", 1)[1]
    engine = create_engine(PG_SERVER + "postgres", poolclass=NullPool)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
    engine.dispose()
    if found is None:
        _maintain(f'CREATE DATABASE "{name}"')
        return False
    engine = create_engine(URL, poolclass=NullPool)
    with engine.connect() as connection:
        try:
            ready = connection.execute(text("SELECT count(*) FROM signal")).scalar()
        except Exception:  # noqa: BLE001 - not built yet
            ready = 0
    engine.dispose()
    return bool(ready)


def build(app) -> None:
    """The generated city, real texts, one team's big groups; counts and summaries recomputed."""
    from flask_migrate import upgrade
    from sqlalchemy import bindparam, inspect, select, update

    from portal.extensions import db
    from portal.indicators.periods import utc_midnight
    from portal.signals import clustering, services
    from portal.signals.models import LIVE, MERGED, Signal, SignalCluster
    from portal.teams.loader import load_reference_data
    from portal.timeutil import utcnow
    from portal.workdays import local_date
    from tests.benchmarks.indicators import _analyze, generate, load, reference_places

    started = time.perf_counter()
    with app.app_context():
        upgrade()
        load_reference_data()
        db.session.commit()
        data = generate(reference_places(), utc_midnight(local_date(utcnow())))
        # Columns another change adds to the models before its migration exists are left out.
        present = {table: {column["name"] for column in inspect(db.engine).get_columns(table)}
                   for table in inspect(db.engine).get_table_names()}  # fmt: skip
        for number, (target, rows) in enumerate(data.tables):
            name = getattr(target, "__table__", target).name
            data.tables[number] = (target, [{k: v for k, v in row.items() if k in present[name]} for row in rows])
        load(data)
        print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)
        rng = random.Random(16)
        matters = _texts()
        rows = db.session.execute(select(Signal.id, Signal.cluster_id).order_by(Signal.id)).all()
        changes = []
        for signal_id, cluster_id in rows:
            texts = matters[cluster_id % len(matters)]
            text = rng.choice(texts)
            changes.append({"b_id": signal_id, "text": text, "features": sorted(clustering.features(text, None))})
        table = Signal.__table__
        statement = update(table).where(table.c.id == bindparam("b_id")).values(text=bindparam("text"))
        statement = statement.values(features=bindparam("features"))
        db.session.execute(statement, changes)
        db.session.commit()
        print(f"texts in {time.perf_counter() - started:.0f} s", flush=True)
        # One team's 20 most recent recurring live groups grow, taking the signals of its other groups.
        team_id = db.session.scalar(select(SignalCluster.team_id).group_by(SignalCluster.team_id).limit(1))
        big = list(
            db.session.scalars(
                select(SignalCluster.id)
                .where(SignalCluster.team_id == team_id, SignalCluster.status.in_(LIVE), SignalCluster.recurring)
                .order_by(SignalCluster.last_at.desc())
                .limit(len(BIG_SIZES))
            )
        )
        donors = list(
            db.session.scalars(
                select(SignalCluster.id)
                .where(SignalCluster.team_id == team_id, SignalCluster.id.not_in(big))
                .order_by(SignalCluster.id)
            )
        )
        spare = [
            signal_id
            for donor in donors
            for signal_id in db.session.scalars(select(Signal.id).where(Signal.cluster_id == donor))
        ]
        moved_from: dict[int, int] = {}
        for cluster_id, size in zip(big, BIG_SIZES, strict=False):
            have = db.session.scalar(select(db.func.count()).where(Signal.cluster_id == cluster_id))
            take, spare = spare[: max(0, size - have)], spare[max(0, size - have) :]
            db.session.execute(update(Signal).where(Signal.id.in_(take)).values(cluster_id=cluster_id))
            for donor in db.session.scalars(select(Signal.cluster_id).where(Signal.id.in_(take)).distinct()):
                moved_from[donor] = cluster_id
        for donor, target in moved_from.items():
            left = db.session.scalar(select(db.func.count()).where(Signal.cluster_id == donor))
            if not left:
                db.session.execute(
                    update(SignalCluster)
                    .where(SignalCluster.id == donor)
                    .values(status=MERGED, merged_into_id=target, project_id=None)
                )
        db.session.commit()
        for number, cluster in enumerate(db.session.scalars(select(SignalCluster).order_by(SignalCluster.id)), 1):
            services.refresh(cluster)
            if number % 1000 == 0:
                db.session.commit()
                print(f"  {number} groups refreshed", flush=True)
        db.session.commit()
        _analyze()
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def main(argv: list[str]) -> None:
    from sqlalchemy import func, select

    from portal import create_app
    from portal.accounts.models import User
    from portal.extensions import db
    from portal.signals.models import LIVE, SignalCluster
    from portal.teams.models import Team
    from tests.benchmarks.indicators import _maintain

    if "--rebuild" in argv:
        name = URL.rsplit("/", 1)[1]
        _maintain(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    fresh = not _exists()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": URL,
            "TESTING": True,
            "MAIL_SERVER": "",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    import logging

    logging.getLogger("portal.requests").setLevel(logging.WARNING)
    if fresh:
        build(app)
    else:  # a city built before a later migration (say, the clusters' feature rows) is brought up to date
        from flask_migrate import upgrade

        with app.app_context():
            upgrade()
    with app.app_context():
        biggest = db.session.scalar(
            select(SignalCluster).where(SignalCluster.status.in_(LIVE)).order_by(SignalCluster.signal_count.desc())
        )
        team = db.session.get(Team, biggest.team_id)
        worker = next(user for user in team.workers if not user.is_coordinator) if hasattr(team, "workers") else None
        if worker is None:
            worker = db.session.scalar(select(User).where(User.teams.any(Team.id == team.id)))
        session_id, slug, cluster_id = worker.get_id(), team.slug, biggest.id
        area_id = next(area.id for area in team.areas if area.kind == "neighbourhood")
        total = db.session.scalar(select(func.count()).select_from(SignalCluster))
        print(f"team {slug}, group {cluster_id} of {biggest.signal_count} signals, {total} groups", flush=True)
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True

    def get(url: str):
        def run() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    texts = [text for texts in _texts() for text in texts]
    rng = random.Random(1)

    def post() -> None:
        response = client.post(
            "/signals/report",
            data={"text": rng.choice(texts), "area_id": str(area_id), "theme": "", "place": ""},
        )
        assert response.status_code in (302, 303), (response.status_code, response.get_data(as_text=True)[-3000:])

    wanted = [arg for arg in argv if not arg.startswith("--")]
    for name, run, runs in (
        ("board", get(f"/signals/board/{slug}"), RUNS),
        ("board-2", get(f"/signals/board/{slug}?page=2"), RUNS),
        ("cluster", get(f"/signals/clusters/{cluster_id}"), RUNS),
        ("post", post, 2 * RUNS),
    ):
        if wanted and name not in wanted:
            continue
        timings = measure(run, repeat=runs, warmup=2)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        if "--profile" in argv:
            from tests.benchmarks.indicators import _profile

            print(_profile(run, limit=30))
        print(f"{name:>14}: median {statistics.median(timings):6.1f} ms, p95 {p95:6.1f} ms, max {timings[-1]:6.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
