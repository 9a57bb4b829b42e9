"""The shared cache: values kept across processes, made stale by the commit that changes their tables."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from portal import cache as shared
from portal.cache import CacheEntry, DatabaseCache, cached, generations
from portal.extensions import db
from portal.teams.models import Team
from portal.timeutil import utcnow


def test_a_value_is_built_once_and_read_back_while_its_tables_are_unchanged(ctx):
    built = []

    def build():
        built.append(1)
        return {"teams": 11}

    assert cached("probe", ("team",), build) == {"teams": 11}
    assert cached("probe", ("team",), build) == {"teams": 11}
    assert len(built) == 1


def test_a_committed_change_to_a_table_makes_the_values_built_from_it_stale(ctx, groningen):
    before = generations(("team",))
    team = db.session.scalars(select(Team)).first()
    team.phone = "050 000 00 00"
    db.session.commit()
    assert generations(("team",)) != before


def test_a_change_to_another_table_leaves_the_value_alone(ctx, groningen):
    before = generations(("help_offer",))
    team = db.session.scalars(select(Team)).first()
    team.phone = "050 000 00 01"
    db.session.commit()
    assert generations(("help_offer",)) == before


def test_a_bulk_update_through_the_session_counts_as_a_change(ctx, groningen):
    before = generations(("team",))
    db.session.execute(update(Team).values(phone="050 000 00 02"))
    db.session.commit()
    assert generations(("team",)) != before


def test_a_change_rolled_back_is_not_yet_a_change_and_costs_at_most_one_rebuild(ctx, groningen):
    before = generations(("team",))
    team = db.session.scalars(select(Team)).first()
    team.phone = "050 000 00 03"
    db.session.flush()
    db.session.rollback()
    assert generations(("team",)) == before


def test_an_expired_value_is_not_read_and_is_purged_by_the_daily_job(ctx):
    storage = DatabaseCache(key_prefix="t:")
    storage.set("old", "stale", timeout=1)
    db.session.execute(
        update(CacheEntry).where(CacheEntry.key == "t:old").values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    assert storage.get("old") is None
    assert shared.purge_expired() == 1
    db.session.commit()
    assert db.session.get(CacheEntry, "t:old") is None


def test_the_database_storage_keeps_many_values_and_forgets_them(ctx):
    storage = DatabaseCache(key_prefix="t:")
    storage.set_many({"a": 1, "b": [2]})
    storage.set("a", 3)  # a second write of a key replaces it
    assert storage.get_many("a", "b", "c") == [3, [2], None]
    storage.delete("a")
    assert storage.get("a") is None and storage.has("b")


def test_a_cache_that_is_switched_off_builds_every_time(app, ctx):
    built = []
    app.config["CACHE_ENABLED"] = False
    try:
        cached("off", ("team",), lambda: built.append(1) or 1)
        cached("off", ("team",), lambda: built.append(1) or 1)
    finally:
        app.config["CACHE_ENABLED"] = True
    assert len(built) == 2


@pytest.mark.skipif(not os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"), reason="no Redis")
def test_with_redis_every_process_reads_the_same_values(tmp_path):
    """The production storage: two app instances (two processes' worth of state) share values and generations."""
    redis = pytest.importorskip("redis")
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running")
    from portal.app import create_app

    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "r.sqlite"),
        "CACHE_REDIS_URL": url,
        "CACHE_KEY_PREFIX": f"test-{os.getpid()}:",
    }
    one, two = create_app(settings), create_app(settings)
    with one.app_context():
        shared.cache.clear()
        shared.bump(("team",))
        token = generations(("team",))
        shared.cache.set("shared", "value")
    with two.app_context():
        assert generations(("team",)) == token
        assert shared.cache.get("shared") == "value"
        shared.cache.clear()


def test_the_daily_job_deletes_the_expired_entries(ctx):
    from portal.jobs.schedule import job_named

    storage = DatabaseCache(key_prefix="t:")
    storage.set("old", "stale", timeout=1)
    db.session.execute(
        update(CacheEntry).where(CacheEntry.key == "t:old").values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    assert job_named("cache-purge").run() == "deleted 1 expired cache entry"


def test_one_persons_notifications_make_nothing_public_stale(ctx):
    before = generations((shared.ANY_TABLE, "notification:8"))
    shared.bump(["notification:7"])
    assert generations((shared.ANY_TABLE, "notification:8")) == before
    shared.bump(["team"])
    assert generations((shared.ANY_TABLE,)) != before.split(".")[0]


def test_a_value_kept_for_older_generations_is_rebuilt_and_replaced(ctx):
    built = []
    cached("probe-replaced", ("team",), lambda: built.append(1) or "first")
    shared.bump(["team"])
    assert cached("probe-replaced", ("team",), lambda: built.append(2) or "second") == "second"
    assert cached("probe-replaced", ("team",), lambda: built.append(3) or "third") == "second"
    assert built == [1, 2]


def test_a_log_in_makes_nothing_stale_but_a_new_name_does(ctx):
    from portal.accounts.models import User
    from tests.factories.accounts import make_user

    user = make_user(name="Fatima de Vries")
    db.session.commit()
    before = generations(("user_account", shared.ANY_TABLE))
    db.session.get(User, user.id).last_login_at = utcnow()
    db.session.commit()
    assert generations(("user_account", shared.ANY_TABLE)) == before
    db.session.get(User, user.id).name = "Fatima El Amrani"
    db.session.commit()
    assert generations(("user_account", shared.ANY_TABLE)) != before
