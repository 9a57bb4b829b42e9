"""With Redis as the shared cache, a logged-in person's request reads who they are and their unread count from it
(portal.accounts.auth, portal.notifications.views): never a stale account, never a password hash in the cache."""

from __future__ import annotations

from uuid import uuid4

import pytest

from portal import cache
from portal.accounts.auth import _shape
from portal.accounts.models import User
from portal.extensions import db
from portal.notifications import services as notifications


@pytest.fixture
def redis_cache(app):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    saved = {name: app.config.get(name) for name in ("CACHE_REDIS_URL", "CACHE_KEY_PREFIX")}
    app.config.update(CACHE_REDIS_URL="redis://127.0.0.1:6379/13", CACHE_KEY_PREFIX=f"test-{uuid4().hex}:")
    with app.app_context():
        cache.init_app(app)
    yield
    with app.app_context():
        cache.cache.clear()  # this test's prefix only
    for name, value in saved.items():
        if value is None:
            app.config.pop(name, None)
        else:
            app.config[name] = value
    with app.app_context():
        cache.init_app(app)


@pytest.fixture
def resident(app, auth, groningen):
    account = auth.as_role(name="Fatima de Vries")
    return account


def test_a_kept_page_needs_no_query_at_all(redis_cache, client, resident, statements):
    client.get("/help/"), client.get("/help/")
    assert statements(lambda: client.get("/help/")) == 0
    assert statements(lambda: client.get("/notifications/")) <= 6  # built once
    assert statements(lambda: client.get("/notifications/")) == 0


def _change(app, user_id, change):
    with app.app_context():
        change(db.session.get(User, user_id))
        db.session.commit()


def test_a_deactivated_account_is_logged_out_at_its_next_request(app, redis_cache, client, resident):
    assert client.get("/help/mine").status_code == 200
    _change(app, resident.id, lambda user: setattr(user, "active", False))
    assert client.get("/help/mine").status_code == 302


def test_ending_the_sessions_logs_out_at_once(app, redis_cache, client, resident):
    assert client.get("/help/mine").status_code == 200
    _change(app, resident.id, User.end_sessions)
    assert client.get("/help/mine").status_code == 302


def test_a_new_name_shows_at_once(app, redis_cache, client, resident):
    client.get("/account/")
    _change(app, resident.id, lambda user: setattr(user, "name", "Fatima El Amrani"))
    assert "Fatima El Amrani" in client.get("/account/").get_data(as_text=True)


def test_the_cache_holds_no_password_hash_and_logging_in_still_works(app, redis_cache, auth, resident):
    visitor = app.test_client()
    auth.client(resident.id).get("/help/")  # the account kept
    with app.app_context():
        _built_for, kept = cache.lookup(f"account:{resident.id}:{_shape(User)}", ("user_account",))
    assert kept is not None and "password_hash" not in kept and kept["email"] == resident.email
    assert auth.login(resident.email, client=visitor).status_code == 302


def test_the_unread_count_follows_a_new_notification(app, redis_cache, client, resident):
    assert "count-badge" not in client.get("/help/").get_data(as_text=True)
    with app.app_context():
        notifications.notify(db.session.get(User, resident.id), "initiative_cancelled", {"title": "Buurtfeest"}, None)
        db.session.commit()
    assert 'aria-hidden="true">1</span>' in client.get("/help/").get_data(as_text=True)


def test_a_log_in_elsewhere_keeps_the_account_and_the_last_log_in_is_read_fresh(app, redis_cache, auth, resident):
    from portal.accounts.auth import load_user
    from portal.timeutil import utcnow

    auth.client(resident.id).get("/help/")  # kept
    with app.app_context():
        _built_for, before = cache.lookup(f"account:{resident.id}:{_shape(User)}", ("user_account",))
    _change(app, resident.id, lambda user: setattr(user, "last_login_at", utcnow()))
    with app.test_request_context():
        _built_for, after = cache.lookup(f"account:{resident.id}:{_shape(User)}", ("user_account",))
        account = load_user(db.session.get(User, resident.id).get_id())
        db.session.expunge_all()
        kept = load_user(after and f"{resident.id}:{after['session_token']}")
        assert kept.last_login_at is not None  # not kept: read from the database when used
    assert before is not None and after == before
    assert account is not None
