"""Shared caches: what is costly to build and rarely changes, kept where every worker process sees it.

Flask-Caching is the interface (``cache.get``/``cache.set``); its storage is Redis when
``CACHE_REDIS_URL`` is set (production, several processes or machines), else the database's
``cache_entry`` table (one machine, SQLite or PostgreSQL). Never one process's memory: a cache that
only one gunicorn worker sees would serve another worker's stale copy.

Invalidation by generations: every commit that changed rows of a table gives that table a new
generation token (``after_commit``, below). A cached value names the tables it was built from
(``depends_on``); its key holds their tokens, so the first change to any of them makes the next read
miss and rebuild. Nothing has to remember which keys to delete, and a change made by another
process is seen at once. A rolled-back change is still bumped at the next commit (a spare rebuild,
never a stale value). Bulk ``update()``/``delete()``/``insert()`` statements through the ORM
session count too; raw SQL text does not (the timeout is the safety net there).
"""

from __future__ import annotations

import logging
import pickle  # noqa: S403 - only this application writes the cache table
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app, has_app_context
from flask_caching import Cache
from flask_caching.backends.base import BaseCache
from sqlalchemy import LargeBinary, String, delete, event, inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.extensions import db
from portal.timeutil import utcnow

log = logging.getLogger(__name__)

cache = Cache()

GENERATION_PREFIX = "gen:"
# Tables whose changes never make a cached value stale (bookkeeping written on every request or job).
UNTRACKED_TABLES = frozenset({"cache_entry", "job_run", "audit_entry", "alembic_version"})
# ANY_TABLE's generation changes with every tracked table's but these, which no public page shows: a value built
# from "everything" (a composite page) depends on ANY_TABLE.
ANY_TABLE = "*"
NEVER_PUBLIC = frozenset(
    {"notification", "notification_preference", "outbox_message", "export_token", "indicator_snapshot"}
)


class CacheEntry(db.Model):
    """One cached value (the database storage of the cache; Redis holds them in production)."""

    key: Mapped[str] = mapped_column(String(250), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime | None] = mapped_column(index=True)


class DatabaseCache(BaseCache):
    """A cachelib backend on the ``cache_entry`` table, on its own connection and transaction.

    A cache is an optimisation: any database error is logged and read as a miss (or a lost write),
    never raised into the page.
    """

    def __init__(self, default_timeout: int = 300, key_prefix: str = ""):
        super().__init__(default_timeout)
        self.key_prefix = key_prefix

    @classmethod
    def factory(cls, app: Flask, config: dict, args: list, kwargs: dict) -> DatabaseCache:
        return cls(config.get("CACHE_DEFAULT_TIMEOUT", 300), config.get("CACHE_KEY_PREFIX") or "")

    def _expiry(self, timeout: int | None) -> datetime | None:
        seconds = self._normalize_timeout(timeout)
        return utcnow() + timedelta(seconds=seconds) if seconds else None

    def get(self, key: str) -> Any:
        return self.get_dict(key).get(key)

    def get_many(self, *keys: str) -> list[Any]:
        found = self.get_dict(*keys)
        return [found.get(key) for key in keys]

    def get_dict(self, *keys: str) -> dict[str, Any]:
        if not keys:
            return {}
        full = {self.key_prefix + key: key for key in keys}
        try:
            with db.engine.connect() as connection:
                rows = connection.execute(
                    select(CacheEntry.key, CacheEntry.value, CacheEntry.expires_at).where(CacheEntry.key.in_(full))
                ).all()
        except SQLAlchemyError:
            log.warning("cache read failed", exc_info=True)
            return {}
        now = utcnow()
        return {
            full[row.key]: pickle.loads(row.value)  # noqa: S301 - written by this application only
            for row in rows
            if row.expires_at is None or row.expires_at > now
        }

    def set(self, key: str, value: Any, timeout: int | None = None) -> bool:
        return self.set_many({key: value}, timeout) == [key]

    def add(self, key: str, value: Any, timeout: int | None = None) -> bool:
        if self.has(key):
            return False
        return self.set(key, value, timeout)

    def set_many(self, mapping: dict[str, Any], timeout: int | None = None) -> list[Any]:
        if not mapping:
            return []
        expires_at = self._expiry(timeout)
        rows = [
            {"key": self.key_prefix + key, "value": pickle.dumps(value), "expires_at": expires_at}
            for key, value in mapping.items()
        ]
        try:
            with db.engine.begin() as connection:
                insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
                statement = insert(CacheEntry).values(rows)
                connection.execute(
                    statement.on_conflict_do_update(
                        index_elements=[CacheEntry.key],
                        set_={"value": statement.excluded.value, "expires_at": statement.excluded.expires_at},
                    )
                )
        except SQLAlchemyError:
            log.warning("cache write failed", exc_info=True)
            return []
        return list(mapping)

    def has(self, key: str) -> bool:
        return key in self.get_dict(key)

    def delete(self, key: str) -> bool:
        return self.delete_many(key) == [key]

    def delete_many(self, *keys: str) -> list[Any]:
        try:
            with db.engine.begin() as connection:
                connection.execute(delete(CacheEntry).where(CacheEntry.key.in_([self.key_prefix + k for k in keys])))
        except SQLAlchemyError:
            log.warning("cache delete failed", exc_info=True)
            return []
        return list(keys)

    def clear(self) -> bool:
        try:
            with db.engine.begin() as connection:
                connection.execute(delete(CacheEntry).where(CacheEntry.key.startswith(self.key_prefix)))
        except SQLAlchemyError:
            log.warning("cache clear failed", exc_info=True)
            return False
        return True


def purge_expired(now: datetime | None = None) -> int:
    """Delete the database cache's expired entries (a daily job); the number deleted."""
    result = db.session.execute(delete(CacheEntry).where(CacheEntry.expires_at <= (now or utcnow())))
    return result.rowcount or 0


def init_app(app: Flask) -> None:
    config = {
        "CACHE_KEY_PREFIX": app.config.get("CACHE_KEY_PREFIX", "portal:"),
        "CACHE_DEFAULT_TIMEOUT": app.config.get("CACHE_DEFAULT_TIMEOUT", 3600),
    }
    if app.config.get("CACHE_REDIS_URL"):
        config |= {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": app.config["CACHE_REDIS_URL"]}
        config["CACHE_OPTIONS"] = {"socket_timeout": 1, "socket_connect_timeout": 1}
    else:
        config["CACHE_TYPE"] = "portal.cache.DatabaseCache"
    cache.init_app(app, config=config)


def quicker_than_a_query() -> bool:
    """Whether reading the shared cache costs less than a query: Redis (about 0.03 ms a read), not the
    database's table. What is cheap to query anyway (one row by key, a count from an index) is cached only then."""
    return bool(current_app.config.get("CACHE_REDIS_URL")) and current_app.config.get("CACHE_ENABLED", True)


# --- generations -----------------------------------------------------------------------------------


def generations(tables: Iterable[str]) -> str:
    """The current generation tokens of ``tables``, as one string for a cache key."""
    names = sorted(set(tables))
    try:
        tokens = cache.get_many(*(GENERATION_PREFIX + name for name in names))
    except Exception:  # noqa: BLE001 - a cache storage that is down reads as a miss
        log.warning("cache generations unreadable", exc_info=True)
        return secrets.token_hex(8)
    return ".".join(token or "0" for token in tokens)


def lookup(name: str, tables: Iterable[str]) -> tuple[str | None, Any]:
    """In one read: the current generations of ``tables``, and the value kept under ``name`` when it was built
    for those generations (else None). The generations are None when the storage cannot be read."""
    return lookup_many([(name, tables)])[0]


def lookup_many(entries: list[tuple[str, Iterable[str]]]) -> list[tuple[str | None, Any]]:
    """lookup() of several (name, tables) at once: still one read."""
    wanted = [sorted(set(tables)) for _name, tables in entries]
    generation_names = sorted({table for tables in wanted for table in tables})
    try:
        found = cache.get_many(*(GENERATION_PREFIX + table for table in generation_names), *(n for n, _t in entries))
    except Exception:  # noqa: BLE001 - a cache storage that is down reads as a miss
        log.warning("cache unreadable", exc_info=True)
        return [(None, None)] * len(entries)
    token_of = dict(zip(generation_names, found[: len(generation_names)], strict=True))
    results = []
    for tables, kept in zip(wanted, found[len(generation_names) :], strict=True):
        current = ".".join(token_of[table] or "0" for table in tables)
        fresh = isinstance(kept, tuple) and len(kept) == 2 and kept[0] == current
        results.append((current, kept[1] if fresh else None))
    return results


def keep(name: str, built_for: str | None, value: Any, timeout: int | None = None) -> None:
    """Keep ``value`` under ``name`` as built for the generations ``built_for`` (from lookup, read before it was
    built: a change meanwhile makes it stale at once). Nothing is kept when the generations were unreadable."""
    if built_for is None:
        return
    try:
        cache.set(name, (built_for, value), timeout=timeout)
    except Exception:  # noqa: BLE001
        log.warning("cache not written", exc_info=True)


def _never_public(name: str) -> bool:
    return name.partition(":")[0] in NEVER_PUBLIC  # a table, or a tag narrower than it ("notification:42")


def bump(tables: Iterable[str]) -> None:
    """Give ``tables`` new generation tokens: every cached value built from them is stale from now."""
    names = set(tables) - UNTRACKED_TABLES
    if not names:
        return
    if any(not _never_public(name) for name in names):
        names.add(ANY_TABLE)
    token = secrets.token_hex(6)
    try:
        # Generations never expire by time (a lost token would make a stale value current again).
        cache.set_many({GENERATION_PREFIX + name: token for name in names}, timeout=0)
    except Exception:  # noqa: BLE001
        log.warning("cache generations not bumped", exc_info=True)


def cached(name: str, depends_on: Iterable[str], build: Callable[[], Any], timeout: int | None = None) -> Any:
    """The value cached under ``name`` for the current generations of ``depends_on``, built if missing.

    ``name`` must say everything the value depends on besides those tables (a team, a language, a day). The
    value is kept with the generations it was built for: reading both is one round trip to the storage.
    """
    if not current_app.config.get("CACHE_ENABLED", True):
        return build()
    current, value = lookup(name, depends_on)
    if value is None:
        value = build()
        keep(name, current, value, timeout)
    return value


# --- which tables a commit changed ---------------------------------------------------------------------

_CHANGED = "portal.cache.changed_tables"


def _note(session: Session, tables: Iterable[str]) -> None:
    session.info.setdefault(_CHANGED, set()).update(tables)


def changed(*tags: str, session: Session | None = None) -> None:
    """Say that the current transaction (of ``session``, else the app's) changes what ``tags`` stand for (a
    narrower generation than a whole table, e.g. one person's notifications: ``"notification:42"``): their
    tokens are bumped when it commits."""
    _note(session or db.session(), tags)


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _context) -> None:
    changed = [*session.new, *session.deleted, *(o for o in session.dirty if _changes_what_is_shown(session, o))]
    _note(session, {table.name for o in changed for table in getattr(o.__mapper__, "tables", ())})


def _changes_what_is_shown(session: Session, row) -> bool:
    """Whether a changed row changed more than its model's ``cache_untracked_columns`` (bookkeeping no cached
    value shows, such as the time of a log-in: every log-in would otherwise make every page stale)."""
    if not session.is_modified(row):
        return False
    untracked = getattr(type(row), "cache_untracked_columns", ())
    return not untracked or any(
        attribute.key not in untracked for attribute in inspect(row).attrs if attribute.history.has_changes()
    )


@event.listens_for(Session, "do_orm_execute")
def _note_bulk(state) -> None:
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        if table is not None and getattr(table, "name", None):
            _note(state.session, {table.name})


@event.listens_for(Session, "after_commit")
def _bump_committed(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the changes are not committed yet
        return
    tables = session.info.pop(_CHANGED, None)
    if tables and has_app_context():
        bump(tables)
