"""Connection loss: after PostgreSQL ends the app's connections, the next request succeeds (issue 12, point 8).

``pg_terminate_backend`` does to the app's pooled connections what a database restart or failover does. The
engine pings a connection before use (``pool_pre_ping`` in portal/app.py), so a dead one is replaced instead
of failing the request. A control shows the fault is real: an engine without the ping fails on it.
PostgreSQL only (SQLite has no server to lose).
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from portal.extensions import db
from tests.factories import create_user
from tests.faults.conftest import assert_no_server_errors

APP_NAME = "buurtportaal-connection-loss"


@pytest.fixture
def postgres_url(app) -> str:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: set DATABASE_URL")
    return url


def _named(url: str, name: str) -> str:
    """The same database, with connections that PostgreSQL lists under ``application_name``."""
    return make_url(url).update_query_dict({"application_name": name}).render_as_string(hide_password=False)


def _terminate(url: str, name: str) -> int:
    """End every connection named ``name`` from the server side; how many there were."""
    killer = create_engine(url)
    try:
        with killer.connect() as connection:
            query = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = :name"
            return connection.execute(text(query), {"name": name}).scalar_one()
    finally:
        killer.dispose()


def test_the_engine_pings_before_use(app):
    with app.app_context():
        assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
        assert db.engine.pool._pre_ping


def test_without_the_ping_a_killed_connection_fails_the_next_use(postgres_url):
    """The control: the fault injected below really breaks a pooled connection."""
    name = f"{APP_NAME}-control"
    engine = create_engine(_named(postgres_url, name), pool_pre_ping=False)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        assert _terminate(postgres_url, name) == 1
        with pytest.raises(OperationalError), engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        engine.dispose()


def test_the_next_request_succeeds_after_the_database_ended_every_connection(
    app, groningen, postgres_url, start_server
):
    server = start_server(workers=1, threads=4, env={"DATABASE_URL": _named(postgres_url, APP_NAME)})
    _user_id, email = create_user(app)
    resident = server.browser().log_in(email)
    visitor = server.browser()
    warm = [resident.get("/account/"), visitor.get("/teams/"), resident.get("/notifications/")]
    assert [answer.status for answer in warm] == [200, 200, 200]

    for _round in range(3):
        assert _terminate(postgres_url, APP_NAME) >= 1, "the server kept no connection to end"
        answers = [resident.get("/account/"), visitor.get("/teams/"), resident.get("/notifications/")]
        assert_no_server_errors(answers, server)
        assert [answer.status for answer in answers] == [200, 200, 200]
    assert "OperationalError" not in server.log()


def test_the_test_app_itself_recovers(app, client, groningen, postgres_url):
    """The same for the in-process app: its pool's connections are ended between two requests."""
    assert client.get("/teams/").status_code == 200
    killer = create_engine(postgres_url)
    try:
        with killer.connect() as connection:
            others = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            others += "WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = ''"
            assert connection.execute(text(others)).scalar_one() >= 1
    finally:
        killer.dispose()
    assert client.get("/teams/").status_code == 200
