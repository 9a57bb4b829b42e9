"""Sessions that really end, written as the attacks of issue 11 (OWASP ASVS V3).

A cookie copied from a browser (the session cookie, or the 365-day remember cookie) must stop working
when its account logs out, changes or resets its password, is deactivated or deleted; a deleted
account's cookie never belongs to the next account; the CSRF token changes at log-in; log-in is
throttled per account whatever the client address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import create_app
from portal.accounts.models import ROLE_COORDINATOR, ROLE_RESIDENT, User
from portal.extensions import db, limiter
from tests.accounts_support import fetch, mailed_link, page_text, register_and_confirm, registration
from tests.factories import TEST_PASSWORD, create_user

NEW_PASSWORD = "Nieuwe-Fiets-Paddepoel-42"
SESSION_COOKIE, REMEMBER_COOKIE = "session", "remember_token"


def _logged_in_as(client: FlaskClient) -> str | None:
    """The e-mail address of the account this browser is logged in as, or None."""
    response = client.get("/account/")
    if response.status_code != 200:
        return None
    return re.search(r"\(([^()\s]+@[^()\s]+)\)", page_text(response)).group(1)


def _log_in(client: FlaskClient, email: str, password: str = TEST_PASSWORD) -> None:
    response = client.post("/account/login", data={"email": email, "password": password, "remember": "y"})
    assert response.status_code == 302, page_text(response)


@dataclass(frozen=True)
class StolenCookies:
    """The session and remember cookies of a logged-in browser, as an attacker would copy them."""

    session: str
    remember: str

    @classmethod
    def of(cls, client: FlaskClient) -> StolenCookies:
        return cls(client.get_cookie(SESSION_COOKIE).value, client.get_cookie(REMEMBER_COOKIE).value)

    def replayed(self, app) -> list[str | None]:
        """Whom a fresh browser with only the session cookie, and one with only the remember cookie, is logged in as."""
        with_session, with_remember = app.test_client(), app.test_client()
        with_session.set_cookie(SESSION_COOKIE, self.session)
        with_remember.set_cookie(REMEMBER_COOKIE, self.remember)
        return [_logged_in_as(with_session), _logged_in_as(with_remember)]


@pytest.fixture
def anouk(app, client, groningen) -> tuple[int, str, StolenCookies]:
    """Anouk, logged in with "keep me logged in" in ``client``; her cookies work anywhere until something ends them."""
    user_id, email = create_user(app, email="anouk@example.org")
    _log_in(client, email)
    stolen = StolenCookies.of(client)
    assert stolen.replayed(app) == [email, email]
    return user_id, email, stolen


def test_logging_out_ends_every_session_and_remember_cookie(app, client, anouk):
    _user_id, email, stolen = anouk
    other_device = app.test_client()
    _log_in(other_device, email)
    assert client.post("/account/logout").status_code == 302
    assert _logged_in_as(client) is None
    assert stolen.replayed(app) == [None, None]
    assert _logged_in_as(other_device) is None


def test_log_out_everywhere_from_the_profile_page(app, client, anouk):
    _user_id, email, stolen = anouk
    other_device = app.test_client()
    _log_in(other_device, email)
    assert 'action="/account/logout-everywhere"' in page_text(client.get("/account/"))
    response = client.post("/account/logout-everywhere")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert [_logged_in_as(client), _logged_in_as(other_device)] == [None, None]
    assert stolen.replayed(app) == [None, None]
    _log_in(client, email)  # the account itself is fine
    assert _logged_in_as(client) == email


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, client, anouk):
    _user_id, email, stolen = anouk
    data = {"current_password": TEST_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post("/account/password", data=data).status_code == 302
    assert _logged_in_as(client) == email
    assert StolenCookies.of(client).replayed(app) == [email, email]  # this browser's new cookies work
    assert stolen.replayed(app) == [None, None]


def test_a_password_reset_ends_every_session(app, anouk):
    _user_id, email, stolen = anouk
    elsewhere = app.test_client()
    elsewhere.post("/account/forgot-password", data={"email": email})
    link = mailed_link(app, email, "reset")
    assert elsewhere.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert _logged_in_as(elsewhere) == email
    assert stolen.replayed(app) == [None, None]


def test_deactivation_by_a_coordinator_ends_every_session_also_after_reactivation(app, auth, client, anouk):
    user_id, email, stolen = anouk
    boss = auth.as_role(ROLE_COORDINATOR, client=app.test_client())
    assert boss.client.post(f"/admin/users/{user_id}", data={"role": ROLE_RESIDENT}).status_code == 302
    assert fetch(app, User, id=user_id).active is False
    assert _logged_in_as(client) is None
    assert stolen.replayed(app) == [None, None]
    assert boss.client.post(f"/admin/users/{user_id}", data={"role": ROLE_RESIDENT, "active": "y"}).status_code == 302
    assert stolen.replayed(app) == [None, None]  # coming back does not revive the old cookies


def test_deactivation_on_the_command_line_ends_every_session(app, runner, anouk):
    _user_id, email, stolen = anouk
    assert runner.invoke(args=["users", "deactivate", email]).exit_code == 0
    assert runner.invoke(args=["users", "activate", email]).exit_code == 0
    assert stolen.replayed(app) == [None, None]


def test_log_out_everywhere_on_the_command_line(app, runner, anouk):
    _user_id, email, stolen = anouk
    result = runner.invoke(args=["users", "log-out", email])
    assert result.exit_code == 0 and "logged out everywhere" in result.output
    assert stolen.replayed(app) == [None, None]


def _delete_own_account(client: FlaskClient, password: str) -> None:
    response = client.post("/account/delete", data={"password": password})
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("successor", ["resident", "coordinator"])
def test_a_deleted_accounts_cookies_never_log_in_as_the_next_account(app, client, groningen, successor):
    password = registration()["password"]
    first = register_and_confirm(client, app, email="a@example.org")
    _log_in(client, first, password)
    first_id = fetch(app, User, email=first).id
    stolen = StolenCookies.of(client)
    _delete_own_account(client, password)
    if successor == "resident":
        second_client = app.test_client()
        second = register_and_confirm(second_client, app, email="b@example.org", name="Bea Bakker")
        _log_in(second_client, second, password)
    else:  # made on /admin, or any other way: an account worth taking over
        second = create_user(app, ROLE_COORDINATOR, email="b@example.org")[1]
    assert fetch(app, User, email=second).id > first_id  # ids are never handed out twice
    assert stolen.replayed(app) == [None, None]


def test_even_an_account_given_the_old_id_is_not_reached_by_its_cookies(app, client, groningen):
    """Ids are never reused; were one ever reused (a restored backup, a hand-made row), the token still differs."""
    user_id, email = create_user(app, email="a@example.org")
    _log_in(client, email)
    stolen = StolenCookies.of(client)
    _delete_own_account(client, TEST_PASSWORD)
    create_user(app, ROLE_COORDINATOR, id=user_id, email="b@example.org")
    assert stolen.replayed(app) == [None, None]


def test_ids_are_never_reused_after_a_delete(app, groningen):
    first_id, _ = create_user(app)
    with app.app_context():
        db.session.delete(db.session.get(User, first_id))
        db.session.commit()
    second_id, _ = create_user(app)
    assert second_id > first_id


def test_a_session_id_in_the_old_format_or_forged_is_refused(app, auth, groningen):
    user_id, _email = create_user(app)
    forged_token = "A" * 43
    for session_id in (str(user_id), f"{user_id}:", f"{user_id}:{forged_token}", f"x:{forged_token}", ":"):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = session_id
        assert _logged_in_as(client) is None, session_id


# The CSRF token and the log-in throttle: an app of their own (CSRF on, or rate limits on) on the test database.


def _sibling_app(app, **config):
    """Another app on the same test database, with different protections switched on."""
    settings = {
        "TESTING": True,
        "SECRET_KEY": app.config["SECRET_KEY"],
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_SERVER": "",
        "SERVER_NAME": None,
    }
    settings.update(config)
    return create_app(settings)


@pytest.fixture
def sibling(app):
    """``sibling(**config)``: a sibling app; its engine is closed and the shared limiter put back afterwards."""
    made = []
    enabled = limiter.enabled

    def make(**config):
        made.append(_sibling_app(app, **config))
        return made[-1]

    yield make
    limiter.enabled = enabled
    for other in made:
        with other.app_context():
            db.engine.dispose()


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _raw_csrf_token(client: FlaskClient) -> str | None:
    with client.session_transaction() as session:
        return session.get("csrf_token")


def test_the_csrf_token_changes_at_log_in(sibling, app, groningen):
    protected = sibling(WTF_CSRF_ENABLED=True)
    _user_id, email = create_user(app)
    client = protected.test_client()
    before = _csrf_token(page_text(client.get("/account/login")))
    raw_before = _raw_csrf_token(client)
    response = client.post("/account/login", data={"email": email, "password": TEST_PASSWORD, "csrf_token": before})
    assert response.status_code == 302
    assert _raw_csrf_token(client) is None  # dropped with the log-in; a new one is made when next needed
    after = _csrf_token(page_text(client.get("/account/")))
    assert _raw_csrf_token(client) not in (None, raw_before) and after != before
    assert client.post("/account/logout", data={"csrf_token": before}).status_code == 400  # planted before: no use
    assert _logged_in_as(client) == email
    assert client.post("/account/logout", data={"csrf_token": after}).status_code == 302


@pytest.fixture
def throttled(sibling):
    return sibling(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")


def _post_from(client: FlaskClient, address: str, url: str, data: dict) -> int:
    return client.post(url, data=data, environ_base={"REMOTE_ADDR": address}).status_code


def test_log_in_is_throttled_per_account_across_client_addresses(throttled, app, groningen):
    _id, email = create_user(app, email="anouk@example.org")
    _id, other = create_user(app, email="bram@example.org")
    client = throttled.test_client()

    def attempt(address: str, login: str, password: str) -> int:
        return _post_from(client, address, "/account/login", {"email": login, "password": password})

    wrong = [attempt(f"198.51.100.{n}", email, "Not-the-password-1") for n in range(5)]
    assert wrong == [422] * 5  # each address tried once: far below the per-address limit
    assert attempt("203.0.113.7", email, TEST_PASSWORD) == 429  # even the right password, from a new address
    assert attempt("203.0.113.8", " ANOUK@example.org ", TEST_PASSWORD) == 429  # the address as accounts store it
    assert attempt("203.0.113.7", other, TEST_PASSWORD) == 302  # another account is not locked out


def test_successful_log_ins_do_not_use_up_the_accounts_allowance(throttled, app, groningen):
    _id, email = create_user(app, email="anouk@example.org")
    client = throttled.test_client()
    for n in range(7):
        assert (
            _post_from(client, f"198.51.100.{n}", "/account/login", {"email": email, "password": TEST_PASSWORD}) == 302
        )
        client.post("/account/logout", environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})


def test_the_confirmation_link_is_sent_again_a_few_times_per_address_only(throttled, app, groningen):
    create_user(app, email="new@example.org", email_confirmed_at=None)
    client = throttled.test_client()
    statuses = [
        _post_from(client, f"198.51.100.{n}", "/account/confirm", {"email": "new@example.org"}) for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert _post_from(client, "198.51.100.9", "/account/confirm", {"email": "other@example.org"}) == 302


def test_registering_one_address_over_and_over_is_throttled(throttled, app, groningen):
    client = throttled.test_client()
    statuses = [
        _post_from(client, f"198.51.100.{n}", "/account/register", registration(email="fenna@example.org"))
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    with app.app_context():
        assert db.session.scalars(select(User.email)).all() == ["fenna@example.org"]
