"""Shared fixtures: one migrated database per test run, emptied after every test that wrote to it.

The database is SQLite, or the PostgreSQL database named by ``DATABASE_URL`` (the CI script
creates and drops one). The schema always comes from the Alembic migrations, never from
``create_all``.

What keeps the suite fast, for the tests only (the application's own settings are untouched):

* pytest's temporary folders, and with them the SQLite test database, live on a tmpfs
  (``/dev/shm``) when there is one and no ``--basetemp`` is given; they are removed at the end.
  The test app's SQLite connections skip fsync (``PRAGMA synchronous=OFF``) and its PostgreSQL
  connections commit with ``synchronous_commit = off``: a commit costs microseconds, not a flush.
* After a test the tables are emptied with ``DELETE``, and on PostgreSQL the id sequences start
  again at 1, as ``TRUNCATE ... RESTART IDENTITY`` did; on an almost empty database that is far
  cheaper than ``TRUNCATE``, which rewrites every table and index. A VACUUM now and then clears
  the dead rows DELETE leaves. Tests that did not write (every statement a read, as seen by this
  process) skip the emptying: a test whose rows are written by another process (a server, a
  child) sets ``app.extensions["tests.writes"].dirty = True`` itself.
* ``groningen`` loads the reference data with the real loader once, then puts the same rows
  back with one INSERT per table.
* ``make test`` runs the suite in one process per CPU (pytest-xdist): each process has its own SQLite
  file in its own temporary folder, or its own PostgreSQL database ``<name>_gw0``, ``<name>_gw1``, …
  made beside the one ``DATABASE_URL`` names and dropped at the end.
* Passwords are hashed with scrypt at N=1024 instead of 32768: ``portal.accounts.passwords``
  gets a lower METHOD and CURRENT_PREFIX while a test runs, so hashing, checking and the
  "needs a rehash" rule stay consistent. Tests marked ``real_password_hashing`` (and the
  browser tests) keep the production cost.

Logging in: the ``auth`` fixture (as in Flask's flaskr tutorial), see :class:`AuthActions`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.pool import NullPool

from portal import create_app
from portal.accounts.models import ROLE_RESIDENT
from portal.extensions import db
from tests import factories

TEST_PASSWORD = factories.TEST_PASSWORD
TMPFS = "/dev/shm"  # noqa: S108 - only ever used through mkdtemp, a private folder

# The cheap scrypt for tests: same algorithm and format, 1/32 of the work factor.
TEST_PASSWORD_METHOD = "scrypt:1024:8:1"


@pytest.hookimpl(tryfirst=True)  # before pytest's own tmp_path set-up reads --basetemp
def pytest_configure(config):
    config.addinivalue_line(
        "markers", "real_password_hashing: hash passwords with the production scrypt cost, not the cheap test one"
    )
    if not config.option.basetemp and os.path.isdir(TMPFS) and os.access(TMPFS, os.W_OK):
        # tmp_path (and the SQLite test database in it) on a tmpfs: no disk flushes, gone afterwards.
        config.option.basetemp = config.stash[_OWN_BASETEMP] = tempfile.mkdtemp(prefix="buurtportaal-", dir=TMPFS)


def pytest_unconfigure(config):
    own = config.stash.get(_OWN_BASETEMP, None)
    if own:
        shutil.rmtree(own, ignore_errors=True)


_OWN_BASETEMP = pytest.StashKey[str]()


def _compile_catalogues() -> None:
    """Compile translations/*.po when the .mo is missing or older, as `make install` does."""
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in Path(__file__).resolve().parent.parent.glob("translations/*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalogue = read_po(source, locale=po.parent.parent.name)
            with mo.open("wb") as target:
                write_mo(target, catalogue)


# --------------------------------------------------------------------------- the database


def _database_url(tmp_path_factory) -> str:
    """SQLite in this process's temporary folder, or the PostgreSQL database of DATABASE_URL; under pytest-xdist
    each worker process gets a database of its own on that server (``<name>_gw0``, ...), made here and dropped
    when the worker ends."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    own = make_url(url).set(database=f"{make_url(url).database}_{worker}")
    _maintain(url, f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)', f'CREATE DATABASE "{own.database}"')
    return own.render_as_string(hide_password=False)


def _maintain(url: str, *statements: str) -> None:
    """Run CREATE/DROP DATABASE statements on the PostgreSQL server of ``url`` (from its maintenance database)."""
    engine = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _skip_the_flush(dbapi_connection, _record) -> None:
    """Per connection of the test app: commits need not reach the disk (a crash loses only test data)."""
    cursor = dbapi_connection.cursor()
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor.execute("PRAGMA synchronous=OFF")
    else:
        cursor.execute("SET synchronous_commit TO off")
    cursor.close()


def _emptier(connection) -> list[str]:
    """The SQL that empties every table of our metadata, child tables first (one round trip on PostgreSQL)."""
    tables = list(reversed(db.metadata.sorted_tables))
    statements = [f'DELETE FROM "{table.name}"' for table in tables]  # noqa: S608 - names come from our metadata
    if connection.dialect.name != "postgresql":
        return statements
    # As TRUNCATE ... RESTART IDENTITY did: every id sequence starts again at 1.
    statements.append("SELECT " + ", ".join(_serial_sequences("setval({}, 1, false)", tables)))
    if connection.execute(text("SELECT current_setting('is_superuser') = 'on'")).scalar():
        # Every table is emptied, so the foreign-key triggers (a check per deleted row) may rest:
        # with them, emptying after a test with the Groningen data took ~100 ms instead of ~5.
        statements.insert(0, "SET LOCAL session_replication_role = replica")
    return ["; ".join(statements)]


def _serial_sequences(template: str, tables) -> list[str]:
    """``template`` filled in with the id sequence of each table that has one (PostgreSQL)."""
    return [
        template.format(f"pg_get_serial_sequence('\"{table.name}\"', '{column.name}')", column=column, table=table)
        for table in tables
        if (column := table.autoincrement_column) is not None
    ]


class _WriteWatch:
    """Whether anything may have been written to the test database since it was last emptied.

    Every statement of any engine of this process on the test database counts, unless it is
    plainly a read; a test that only reads (or has no database at all, as the unit tests) then
    leaves nothing to empty.
    """

    READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SHOW")

    def __init__(self, url):
        self.url = url
        self.dirty = True  # the migrations wrote
        self.emptied = 0

    def note(self, connection, _cursor, statement, *_args) -> None:
        if not self.dirty and connection.engine.url == self.url:
            self.dirty = not statement.lstrip()[:9].upper().startswith(self.READS)


VACUUM_EVERY = 20  # emptyings; DELETE leaves dead rows behind, which TRUNCATE did not


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    _compile_catalogues()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "MAIL_SERVER": "",
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        event.listen(db.engine, "connect", _skip_the_flush)
        upgrade()
        with db.engine.connect() as connection:
            app.extensions["tests.emptier"] = _emptier(connection)
        url = db.engine.url
    writes = _WriteWatch(url)
    event.listen(Engine, "before_cursor_execute", writes.note)
    app.extensions["tests.writes"] = writes
    yield app
    event.remove(Engine, "before_cursor_execute", writes.note)
    with app.app_context():
        db.engine.dispose()
    if os.environ.get("DATABASE_URL") and os.environ.get("PYTEST_XDIST_WORKER"):
        _maintain(os.environ["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def _empty_database(app):
    """Empties every table after each test that wrote (tests/browser overrides this fixture by name)."""
    yield
    writes = app.extensions["tests.writes"]
    if not writes.dirty:
        return
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for statement in app.extensions["tests.emptier"]:
                connection.exec_driver_sql(statement)
        writes.emptied += 1
        if db.engine.dialect.name == "postgresql" and writes.emptied % VACUUM_EVERY == 0:
            _vacuum()
    writes.dirty = False


def _vacuum() -> None:
    """Clear PostgreSQL's dead rows (autovacuum may be off, or too slow for a test run): ~10 ms."""
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f"VACUUM {tables}")


# --------------------------------------------------------------------------- password hashing


@pytest.fixture(autouse=True)
def _cheap_password_hashing(request):
    """scrypt at N=1024 while a test runs, unless it is marked ``real_password_hashing``.

    Browser tests keep the real cost too: they log in demo accounts hashed by the demo loader.
    """
    node = request.node
    if node.get_closest_marker("real_password_hashing") or node.get_closest_marker("browser"):
        _forget_dummy_hash(unless_prefix=_REAL_PREFIX)
        yield
        return
    from portal.accounts import passwords

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "METHOD", TEST_PASSWORD_METHOD)
        patch.setattr(passwords, "CURRENT_PREFIX", TEST_PASSWORD_METHOD + "$")
        _forget_dummy_hash(unless_prefix=TEST_PASSWORD_METHOD + "$")
        yield


def _forget_dummy_hash(unless_prefix: str) -> None:
    """passwords._dummy_hash is cached: drop it when it was made at the other cost."""
    from portal.accounts import passwords

    cached = getattr(passwords, "_dummy_hash", None)
    if cached is not None and cached.cache_info().currsize and not cached().startswith(unless_prefix):
        cached.cache_clear()


def _real_prefix() -> str:
    from portal.accounts import passwords

    return passwords.CURRENT_PREFIX


_REAL_PREFIX = _real_prefix()  # read at import, before any test lowers it


# --------------------------------------------------------------------------- logging in


@dataclass(frozen=True)
class Account:
    """An account made by ``auth.as_role``: its id and e-mail address, and the client logged in as it."""

    id: int
    email: str
    client: FlaskClient


class AuthActions:
    """Logging in and out in web tests, as in Flask's flaskr tutorial; the ``auth`` fixture.

    Without ``client=``, each action works on the test's own ``client`` fixture.

    * ``auth.login(email)``: log in through the real log-in form (password TEST_PASSWORD unless
      given); returns the response.
    * ``auth.logout()``: log out through the real form; returns the response.
    * ``auth.as_user(user)``: put ``user`` (a User or an id) into the client's session as
      Flask-Login keeps it after a log-in (``User.get_id()``), without the form; returns the client.
    * ``auth.client(user)``: a new test client (a second browser), logged in as ``user`` that way,
      or a visitor when ``user`` is None.
    * ``auth.as_role(role, team="selwerd", **fields)``: commit a new account of ``role`` (fields as
      for make_user; ``team``/``teams`` are team slugs) and log the client in as it; returns an Account.
    """

    def __init__(self, app, client: FlaskClient):
        self._app = app
        self._client = client

    def login(self, email, password: str = TEST_PASSWORD, *, client: FlaskClient | None = None):
        email = getattr(email, "email", email)
        return (client or self._client).post("/account/login", data={"email": email, "password": password})

    def logout(self, *, client: FlaskClient | None = None):
        return (client or self._client).post("/account/logout")

    def as_user(self, user, *, client: FlaskClient | None = None) -> FlaskClient:
        client = client or self._client
        session_id = self._session_id(user)
        with client.session_transaction() as session:
            session["_user_id"] = session_id
            session["_fresh"] = True
        return client

    def _session_id(self, user) -> str:
        """What Flask-Login keeps in the session for ``user``: ``User.get_id()``, read from the database."""
        from portal.accounts.models import User

        user_id = int(user if isinstance(user, int | str) else user.id)
        with self._app.app_context():
            account = db.session.get(User, user_id)
            session_id = account.get_id() if account is not None else str(user_id)  # gone: a stale session
            db.session.remove()
        return session_id

    def client(self, user=None) -> FlaskClient:
        client = self._app.test_client()
        return client if user is None else self.as_user(user, client=client)

    def as_role(
        self,
        role: str = ROLE_RESIDENT,
        *,
        team: str | None = None,
        teams: tuple[str, ...] = (),
        form: bool = False,
        client: FlaskClient | None = None,
        **fields,
    ) -> Account:
        """``form=True`` logs in through the log-in form instead of the session."""
        client = client or self._client
        user_id, email = factories.create_user(self._app, role, teams=(team,) if team else tuple(teams), **fields)
        if form:
            response = self.login(email, client=client)
            assert response.status_code == 302, f"log-in as {email} failed: {response.status_code}"
        else:
            self.as_user(user_id, client=client)
        return Account(user_id, email, client)


@pytest.fixture
def auth(app, client) -> AuthActions:
    return AuthActions(app, client)


# --------------------------------------------------------------------------- clients


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def statements(app):
    """``statements(request)``: how many SQL statements ``request()`` (a test-client call answering 200) ran; for
    tests that a page costs the same number of queries for one row or many (no query per row)."""

    def count(request) -> int:
        with app.app_context():
            engine = db.engine
        seen = []

        def note(*_args):
            seen.append(1)

        event.listen(engine, "before_cursor_execute", note)
        try:
            assert request().status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", note)
        return len(seen)

    return count


@pytest.fixture
def ctx(app):
    """An application context for service and query tests (never around test-client calls)."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def groningen(app):
    """The Groningen reference data: eleven teams, districts, neighbourhoods and postcodes.

    The first time, ``portal.teams.loader`` loads it into the empty database and the rows it
    wrote are kept; later tests get those same rows back with one INSERT per table, which is
    many times cheaper than parsing the files and flushing object by object again.
    """
    with app.app_context():
        snapshot = app.extensions.get("tests.groningen")
        empty = _database_is_empty()
        if snapshot is not None and empty:
            _restore(snapshot)
        else:
            from portal.teams.loader import load_reference_data

            load_reference_data()
            db.session.commit()
            if snapshot is None and empty:
                app.extensions["tests.groningen"] = _snapshot()
        db.session.remove()


def _database_is_empty() -> bool:
    tables = db.metadata.sorted_tables
    query = "SELECT " + " OR ".join(f'EXISTS (SELECT 1 FROM "{table.name}")' for table in tables)  # noqa: S608
    return not db.session.execute(text(query)).scalar()


def _snapshot() -> list[tuple]:
    """Every row of every non-empty table, parents first, in primary-key order."""
    snapshot = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            rows = connection.execute(table.select().order_by(*table.primary_key.columns)).mappings().all()
            if rows:
                snapshot.append((table, [dict(row) for row in rows]))
    return snapshot


def _restore(snapshot: list[tuple]) -> None:
    with db.engine.begin() as connection:
        for table, rows in snapshot:
            connection.execute(table.insert(), rows)
        if connection.dialect.name == "postgresql":
            # The ids were given explicitly: move each id sequence past them, as the loader's inserts did.
            template = 'setval({}, (SELECT max("{column.name}") FROM "{table.name}"))'
            moves = _serial_sequences(template, [table for table, _rows in snapshot])
            if moves:
                connection.exec_driver_sql("SELECT " + ", ".join(moves))
