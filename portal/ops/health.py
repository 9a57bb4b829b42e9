"""The readiness checks behind /healthz/ready: database, migrations, rate-limit storage, scheduled jobs.

Each check gives a name, ok or failing, and a short reason for an operator: names of revisions and jobs, an
exception's class name, never a message (a driver's message can name hosts and users) nor a setting's value.

The database is asked in a worker thread with a time limit (DATABASE_TIMEOUT), so a database that does not answer
makes the check fail in seconds instead of holding the probe until the network gives up; while such a question
is still pending, the next probe waits for it instead of asking again, so probes never pile up threads.

HEALTH_REQUIRE_JOBS (default true in production, false elsewhere) says whether stale jobs make the answer 503. With
false they are still reported (``"required": false``): a development machine, or a deployment that watches the
jobs through the metrics instead, has no runner to wait for.
"""

from __future__ import annotations

import ast
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import Flask
from sqlalchemy import Engine, inspect, text

from portal.config import by_environment
from portal.extensions import db, limiter
from portal.jobs.status import job_states

DATABASE_TIMEOUT = 2.0  # seconds


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    reason: str
    required: bool = True  # whether failing makes the whole answer 503

    def as_json(self) -> dict:
        status = "ok" if self.ok else "failing"
        return {"name": self.name, "status": status, "reason": self.reason, "required": self.required}


def readiness(app: Flask, now: datetime | None = None) -> list[Check]:
    """Every check, in order; the later ones are not tried when the database does not answer."""
    database, revisions = _database(db.engine)
    required = bool(by_environment(app.config, "HEALTH_REQUIRE_JOBS"))
    if database.ok:
        migrations, jobs = _migrations(revisions, app.extensions["migrate"].directory), _jobs(now, required)
    else:
        not_tried = "not checked: the database does not answer"
        migrations, jobs = Check("migrations", False, not_tried), Check("jobs", False, not_tried, required)
    return [database, migrations, _rate_limit_storage(app), jobs]


def is_ready(checks: list[Check]) -> bool:
    return all(check.ok or not check.required for check in checks)


# --------------------------------------------------------------------------- the database and its migrations

_pending: dict[Engine, Future] = {}  # per database: the question still being asked, or the last answer
_pending_lock = threading.Lock()


VERSION_TABLE = "alembic_version"  # where Alembic keeps the revisions a database is at


def _read_revisions(engine: Engine) -> frozenset[str]:
    """SELECT 1, then the revisions the database is at (empty before the first migration), read as Alembic
    would, without loading Alembic into a web worker."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        if not inspect(connection).has_table(VERSION_TABLE):
            return frozenset()
        return frozenset(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())  # noqa: S608


def _ask(engine: Engine) -> Future:
    """_read_revisions in a thread of its own; a daemon thread, so a question that hangs never delays an exit."""
    answer: Future = Future()

    def run() -> None:
        try:
            answer.set_result(_read_revisions(engine))
        except BaseException as error:  # handed to the probe that waits
            answer.set_exception(error)

    threading.Thread(target=run, name="healthz-database", daemon=True).start()
    return answer


def _database(engine: Engine) -> tuple[Check, frozenset[str]]:
    with _pending_lock:
        asked = _pending.get(engine)
        if asked is None or asked.done():
            asked = _pending[engine] = _ask(engine)
    try:
        revisions = asked.result(timeout=DATABASE_TIMEOUT)
    except FutureTimeout:
        return Check("database", False, f"no answer within {DATABASE_TIMEOUT:g} s"), frozenset()
    except Exception as error:  # unreachable, refused, wrong password...: the class only
        return Check("database", False, f"unreachable ({type(error).__name__})"), frozenset()
    return Check("database", True, "answers"), revisions


_scripts: dict[str, tuple[frozenset[str], frozenset[str]]] = {}


def _script(directory: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the heads, every revision) of the migration scripts in ``directory``: read once per process, as they change
    only with the code. Each script's ``revision`` and ``down_revision`` are read as text, not imported (importing
    them would load Alembic, ~8 MB, into the web worker that answers the probe); a head is a revision no other
    script names as its ``down_revision``, as Alembic counts them."""
    if directory not in _scripts:
        revisions, parents = set(), set()
        for script in sorted((Path(directory) / "versions").glob("*.py")):
            names = _assignments(script.read_text(encoding="utf-8"))
            if "revision" in names:
                revisions.add(names["revision"])
                down = names.get("down_revision")
                parents.update((down,) if isinstance(down, str) else down or ())
        _scripts[directory] = (frozenset(revisions - parents), frozenset(revisions))
    return _scripts[directory]


def _assignments(source: str) -> dict[str, object]:
    """The literal values given to names at the top level of a script (``revision = "ab12"``, annotated or not)."""
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            try:
                found[target.id] = ast.literal_eval(value)
            except (ValueError, TypeError):  # not a literal: no revision name
                continue
    return found


def _migrations(current: frozenset[str], directory: str) -> Check:
    heads, known = _script(directory)
    if current == heads:
        return Check("migrations", True, f"at head {', '.join(sorted(heads))}")
    if not current:
        return Check("migrations", False, "the database has no migrations applied (flask db upgrade)")
    if not current <= known:
        return Check("migrations", False, f"the database is at {', '.join(sorted(current))}, unknown to this code")
    return Check(
        "migrations",
        False,
        f"behind: the database is at {', '.join(sorted(current))}, the code at {', '.join(sorted(heads))}",
    )


# --------------------------------------------------------------------------- rate limits and jobs


def _rate_limit_storage(app: Flask) -> Check:
    if not app.config["RATELIMIT_ENABLED"]:
        return Check("rate_limit_storage", True, "rate limits are off")
    try:
        answers = limiter.storage.check()
    except Exception as error:
        return Check("rate_limit_storage", False, f"unreachable ({type(error).__name__})")
    return Check("rate_limit_storage", bool(answers), "answers" if answers else "unreachable")


def _jobs(now: datetime | None, required: bool) -> Check:
    try:
        states = job_states(now)
    except Exception as error:
        db.session.rollback()
        return Check("jobs", False, f"could not be read ({type(error).__name__})", required)
    late = [state.name for state in states if not state.fresh and state.last_success_at is not None]
    never = [state.name for state in states if state.last_success_at is None]
    if not late and not never:
        return Check("jobs", True, f"all {len(states)} fresh", required)
    parts = ([f"late: {', '.join(late)}"] if late else []) + ([f"never succeeded: {', '.join(never)}"] if never else [])
    return Check("jobs", False, "; ".join(parts), required)
