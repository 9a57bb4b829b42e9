"""/healthz/live and /healthz/ready, as a load balancer, a platform's probe and an operator would use them.

Ready is 200 only when the database answers, its migrations are at the code's head, the rate-limit storage answers
and (when HEALTH_REQUIRE_JOBS) every scheduled job succeeded recently; otherwise 503, naming what fails and why,
without secrets. Neither sets a cookie or may be cached.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import timedelta

from alembic.script import ScriptDirectory

from portal import create_app
from portal.extensions import db
from portal.jobs.models import JobRun
from portal.jobs.schedule import JOBS
from portal.timeutil import utcnow
from tests.factories import TEST_PASSWORD


def _checks(response) -> dict:
    return {check["name"]: check for check in response.get_json()["checks"]}


def _own_app(tmp_path, **config):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'own.sqlite'}", **config})


@contextmanager
def _configured(app, **values):
    before = {key: app.config[key] for key in values}
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(before)


def _runs(app, ages: dict[str, timedelta | None]) -> None:
    """A JobRun row per job: its last success ``age`` ago (None: it ran but never succeeded)."""
    now = utcnow()
    with app.app_context():
        for name, age in ages.items():
            db.session.add(
                JobRun(
                    name=name,
                    last_started_at=now,
                    last_success_at=None if age is None else now - age,
                    last_failure_at=now if age is None else None,
                    last_error="SMTPServerDisconnected" if age is None else None,
                    runs=1,
                )
            )
        db.session.commit()


def test_live_answers_without_asking_the_database(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:////nonexistent-folder/x.sqlite"})
    response = app.test_client().get("/healthz/live")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_ready_when_everything_answers(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    checks = _checks(response)
    assert list(checks) == ["database", "migrations", "rate_limit_storage", "jobs"]
    assert all(checks[name]["status"] == "ok" for name in ("database", "migrations", "rate_limit_storage"))
    assert checks["migrations"]["reason"].startswith("at head ")
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_no_cookie_for_a_logged_in_browser_either(app, auth, client):
    auth.as_role("resident")
    for url in ("/healthz/live", "/healthz/ready", "/metrics"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url


def test_no_cookie_for_a_browser_with_only_the_remember_cookie(app, auth):
    """Elsewhere Flask-Login logs such a browser in again from the cookie, which writes a new session cookie."""
    account = auth.as_role("resident")
    browser = app.test_client()
    browser.post("/account/login", data={"email": account.email, "password": TEST_PASSWORD, "remember": "y"})
    remembered = app.test_client()
    remembered.set_cookie("remember_token", browser.get_cookie("remember_token").value)
    for url in ("/healthz/live", "/healthz/ready", "/metrics"):
        response = remembered.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url


def test_unreachable_database_is_503_without_secrets(tmp_path):
    """A PostgreSQL server that refuses: the reason names the exception's class, never the address or password."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://portal:hunter2-secret@127.0.0.1:1/buurtportaal",
        }
    )
    response = app.test_client().get("/healthz/ready")
    assert response.status_code == 503
    assert response.get_json()["status"] == "failing"
    checks = _checks(response)
    assert checks["database"]["status"] == "failing"
    assert checks["database"]["reason"].startswith("unreachable (")
    assert checks["migrations"]["status"] == "failing" and "not checked" in checks["migrations"]["reason"]
    assert checks["rate_limit_storage"]["status"] == "ok"  # the other checks still say what they know
    text = response.get_data(as_text=True)
    assert "hunter2" not in text and "127.0.0.1" not in text and "portal" not in text


def _previous_revision(app) -> str:
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    (head,) = script.get_heads()
    return script.get_revision(head).down_revision


def _database_at(path, revision: str | None) -> None:
    connection = sqlite3.connect(path)
    if revision:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    connection.commit()
    connection.close()


def test_migrations_behind_is_503(tmp_path):
    app = _own_app(tmp_path)
    previous = _previous_revision(app)
    _database_at(tmp_path / "own.sqlite", previous)
    response = app.test_client().get("/healthz/ready")
    assert response.status_code == 503
    migrations = _checks(response)["migrations"]
    assert migrations["status"] == "failing"
    assert migrations["reason"].startswith(f"behind: the database is at {previous}, the code at ")


def test_a_database_never_migrated_is_503(tmp_path):
    app = _own_app(tmp_path)
    _database_at(tmp_path / "own.sqlite", None)
    response = app.test_client().get("/healthz/ready")
    assert response.status_code == 503
    assert "no migrations applied" in _checks(response)["migrations"]["reason"]


def test_a_database_migrated_by_newer_code_is_503(tmp_path):
    app = _own_app(tmp_path)
    _database_at(tmp_path / "own.sqlite", "ffffffffffff")
    response = app.test_client().get("/healthz/ready")
    assert response.status_code == 503
    assert "unknown to this code" in _checks(response)["migrations"]["reason"]


def test_stale_jobs_are_503_when_required(app, client):
    fresh = {job.name: timedelta(0) for job in JOBS}
    _runs(app, {**fresh, "outbox": timedelta(hours=1), "privacy-purge": None})
    with _configured(app, HEALTH_REQUIRE_JOBS=True):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    jobs = _checks(response)["jobs"]
    assert jobs == {
        "name": "jobs",
        "status": "failing",
        "reason": "late: outbox; never succeeded: privacy-purge",
        "required": True,
    }
    assert "SMTPServerDisconnected" not in response.get_data(as_text=True)


def test_fresh_jobs_are_ready(app, client):
    _runs(app, {job.name: timedelta(seconds=30) for job in JOBS})
    with _configured(app, HEALTH_REQUIRE_JOBS=True):
        response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert _checks(response)["jobs"] == {
        "name": "jobs",
        "status": "ok",
        "reason": f"all {len(JOBS)} fresh",
        "required": True,
    }


def test_without_a_jobs_runner_only_production_waits_for_it(app, client):
    """No job ever ran: production (HEALTH_REQUIRE_JOBS defaults to true there) is not ready; development is,
    and still shows the jobs as failing, marked not required."""
    with _configured(app, HEALTH_REQUIRE_JOBS=None, ENV="production"):
        assert client.get("/healthz/ready").status_code == 503
    with _configured(app, HEALTH_REQUIRE_JOBS=None, ENV="development"):
        response = client.get("/healthz/ready")
    assert response.status_code == 200
    jobs = _checks(response)["jobs"]
    assert jobs["status"] == "failing" and jobs["required"] is False
    assert jobs["reason"].startswith("never succeeded: outbox, ")


def test_unreachable_rate_limit_storage_is_503(tmp_path):
    """A Redis that refuses. (The limiter is one object for every app of this process: the test leaves it on
    memory storage again, as the other tests that build their own app do.)"""
    try:
        app = _own_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
        response = app.test_client().get("/healthz/ready")
        assert response.status_code == 503
        storage = _checks(response)["rate_limit_storage"]
        assert storage["status"] == "failing" and storage["reason"].startswith("unreachable")
        assert _checks(response)["database"]["status"] == "ok"
    finally:
        _own_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")


def test_health_routes_are_never_rate_limited(tmp_path):
    """An application-wide limit of 2 a minute (set in a fresh interpreter: the limiter's application limits stay
    for the whole process) stops the home page, never the probes."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        f"""
        from portal import create_app
        app = create_app({{"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///{tmp_path / "limits.sqlite"}",
                          "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                          "RATELIMIT_APPLICATION": "2 per minute"}})
        from flask_migrate import upgrade
        with app.app_context():
            upgrade()
        client = app.test_client()
        probes = [client.get(url).status_code for url in ("/healthz/live", "/healthz/ready", "/metrics") * 4]
        pages = [client.get("/privacy").status_code for _ in range(4)]
        print(sorted(set(probes)), pages)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "[200] [200, 200, 429, 429]"


def test_a_database_that_does_not_answer_fails_in_time_and_is_asked_once(app, client, monkeypatch):
    """A hanging database: the probe gives up after the time limit; the next probe waits for the same question
    instead of starting another thread."""
    import threading

    from portal.ops import health

    release, asked = threading.Event(), []

    def hanging(engine):
        asked.append(engine)
        release.wait(10)
        return frozenset()

    monkeypatch.setattr(health, "_read_revisions", hanging)
    monkeypatch.setattr(health, "DATABASE_TIMEOUT", 0.2)
    try:
        responses = [client.get("/healthz/ready"), client.get("/healthz/ready")]
    finally:
        release.set()
    for response in responses:
        assert response.status_code == 503
        assert _checks(response)["database"]["reason"] == "no answer within 0.2 s"
    assert len(asked) == 1
