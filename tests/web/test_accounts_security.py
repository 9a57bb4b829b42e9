"""Rate limits, CSRF and access rules of the accounts and admin pages, per role."""

from __future__ import annotations

import pytest

from portal import create_app
from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.extensions import limiter
from tests.factories import create_user

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


def _own_app(tmp_path, **config):
    settings = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'own.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }
    settings.update(config)
    return create_app(settings)


@pytest.fixture
def restore_limiter():
    """The Limiter object is shared by every app in this process: put its switch back afterwards."""
    enabled = limiter.enabled
    yield
    limiter.enabled = enabled


def test_login_is_rate_limited(tmp_path, restore_limiter):
    app = _own_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    client = app.test_client()
    data = {"email": "", "password": ""}  # invalid forms never touch the (empty) database
    statuses = [client.post("/account/login", data=data).status_code for _ in range(11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    page = client.post("/account/login", data=data)
    assert page.status_code == 429
    assert "site-header" in page.get_data(as_text=True)  # the friendly error page, not a bare 429
    assert client.get("/account/login").status_code == 200  # reading the form is never limited


def test_rate_limit_of_one_app_does_not_leak_into_another(app, client, groningen, tmp_path, restore_limiter):
    _own_app(tmp_path, RATELIMIT_ENABLED=True)  # switches the shared limiter on
    statuses = {client.post("/account/login", data={"email": "", "password": ""}).status_code for _ in range(12)}
    assert statuses == {422}


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/account/login", {"email": "a@example.org", "password": "Whatever-123456"}),
        ("/account/register", {"name": "A", "email": "a@example.org"}),
        ("/account/forgot-password", {"email": "a@example.org"}),
        ("/account/logout", {}),
        ("/account/logout-everywhere", {}),
        ("/account/confirm", {"email": "a@example.org"}),
        ("/account/confirm/not-a-valid-token", {}),
    ],
)
def test_posts_without_csrf_token_are_refused(tmp_path, url, data):
    app = _own_app(tmp_path, WTF_CSRF_ENABLED=True)
    response = app.test_client().post(url, data=data)
    assert response.status_code == 400


def test_forms_carry_a_csrf_token_when_protection_is_on(tmp_path):
    app = _own_app(tmp_path, WTF_CSRF_ENABLED=True)
    html = app.test_client().get("/account/login").get_data(as_text=True)
    assert 'name="csrf_token"' in html


ACCOUNT_PAGES = ["/account/", "/account/password", "/account/delete", "/account/my-data.json"]
VISITOR_PAGES = ["/account/login", "/account/register"]
OPEN_PAGES = [
    "/account/forgot-password",
    "/account/reset/not-a-valid-token",
    "/account/welcome/not-a-valid-token",
    "/account/confirm/not-a-valid-token",
    "/account/confirm",
    "/account/register/check-your-mail",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/users",
    "/admin/users/new",
    "/admin/teams",
    "/admin/teams/selwerd",
    "/admin/audit",
]


@pytest.fixture
def accounts(app, groningen):
    return {
        "resident": create_user(app)[1],
        "worker": create_user(app, ROLE_WORKER, teams=("selwerd",))[1],
        "coordinator": create_user(app, ROLE_COORDINATOR)[1],
    }


def _outcome(response) -> str:
    if response.status_code == 302:
        return "login" if "/account/login" in response.headers["Location"] else "away"
    return str(response.status_code)


@pytest.mark.parametrize("role", ["visitor", "resident", "worker", "coordinator"])
def test_each_page_for_each_role(auth, client, accounts, role):
    if role != "visitor":
        assert auth.login(accounts[role]).status_code == 302
    expected = {}
    for url in ACCOUNT_PAGES:
        expected[url] = "login" if role == "visitor" else "200"
    for url in VISITOR_PAGES:
        expected[url] = "200" if role == "visitor" else "away"
    for url in OPEN_PAGES:
        expected[url] = "200"
    for url in ADMIN_PAGES:
        expected[url] = {"visitor": "login", "coordinator": "200"}.get(role, "403")
    got = {url: _outcome(client.get(url)) for url in expected}
    assert got == expected


@pytest.mark.parametrize("role", ["visitor", "resident", "worker"])
def test_admin_posts_are_refused_below_coordinator(auth, client, accounts, role):
    if role != "visitor":
        assert auth.login(accounts[role]).status_code == 302
    posts = [
        ("/admin/users/new", {"name": "X", "email": "x@example.org", "role": "coordinator", "language": "nl"}),
        ("/admin/teams/selwerd", {"phone": "050 123"}),
        ("/admin/teams/selwerd/neighbourhoods", {"neighbourhood": "1"}),
    ]
    for url, data in posts:
        assert _outcome(client.post(url, data=data)) == ("login" if role == "visitor" else "403")
