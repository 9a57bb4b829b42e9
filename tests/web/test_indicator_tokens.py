"""Export tokens in the test client: the coordinator's page (make one, its key shown once, revoke), a BI tool that
fetches the CSV files with ``Authorization: Bearer``, what a wrong or revoked token gets, where a token does not
work, and the rate limit on failures."""

from __future__ import annotations

import hashlib
import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from portal import create_app
from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER, User
from portal.audit import AuditEntry
from portal.extensions import db
from portal.indicators.models import ExportToken
from tests.factories import create_user

KEY = re.compile(r'id="new-token" type="text" value="([A-Za-z0-9_-]{43})"')


def _make(client, name="Power BI wijkmonitor") -> tuple[str, str]:
    """Make a token on the page; its key and the page that showed it."""
    response = client.post("/indicators/tokens", data={"name": name})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return KEY.search(page).group(1), page


def _bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def coordinator(auth, groningen):
    return auth.as_role(ROLE_COORDINATOR, locale="en")


def test_the_page_makes_a_token_and_shows_its_key_once(app, coordinator):
    client = coordinator.client
    page = client.get("/indicators/tokens").get_data(as_text=True)
    assert "You have no export tokens yet." in page and 'name="name"' in page
    key, page = _make(client)
    assert f"Authorization: Bearer {key}" in page
    assert "http://127.0.0.1:5000/indicators/indicators.csv" in page  # on the public address (BASE_URL)
    assert "http://127.0.0.1:5000/indicators/items.csv" in page
    assert "/indicators/teams/&lt;team&gt;/items.csv" in page
    assert f'curl --fail -H "Authorization: Bearer {key}"' in page.replace("&#34;", '"')
    with app.app_context():
        token = db.session.scalars(select(ExportToken)).one()
        assert token.digest == hashlib.sha256(key.encode()).hexdigest() and token.user_id == coordinator.id
        assert db.session.scalars(select(AuditEntry.action)).all() == ["indicators.token_make"]
    again = client.get("/indicators/tokens")
    assert key not in again.get_data(as_text=True) and "Power BI wijkmonitor" in again.get_data(as_text=True)
    assert "no-store" in again.headers["Cache-Control"]


def test_the_same_form_sent_twice_makes_one_token(app, coordinator):
    page = coordinator.client.get("/indicators/tokens").get_data(as_text=True)
    form_key = re.search(r'name="form_key"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="form_key"', page
    )
    data = {"name": "Excel", "form_key": form_key.group(1)}
    assert coordinator.client.post("/indicators/tokens", data=data).status_code == 200
    again = coordinator.client.post("/indicators/tokens", data=data)
    assert again.status_code in (302, 303) and again.headers["Location"].endswith("/indicators/tokens")
    with app.app_context():
        assert len(db.session.scalars(select(ExportToken)).all()) == 1


def test_a_name_is_needed(coordinator):
    response = coordinator.client.post("/indicators/tokens", data={"name": "  "})
    assert response.status_code == 422 and "Give the token a name" in response.get_data(as_text=True)


def test_a_bi_tool_fetches_every_csv_with_the_token_and_gets_no_cookie(app, coordinator):
    key, _page = _make(coordinator.client)
    tool = app.test_client()  # no session: only the header
    for url in (
        "/indicators/indicators.csv?grain=month",
        "/indicators/items.csv?grain=month",
        "/indicators/teams/selwerd/indicators.csv",
        "/indicators/teams/selwerd/items.csv",
    ):
        response = tool.get(url, headers=_bearer(key))
        assert response.status_code == 200 and response.mimetype == "text/csv", url
        assert "Set-Cookie" not in response.headers, url
        assert "no-store" in response.headers["Cache-Control"]
    assert tool.get_cookie("session") is None
    with app.app_context():
        assert db.session.scalars(select(ExportToken.last_used_at)).one() is not None


def test_a_token_acts_as_its_owner_also_as_a_member_of_a_team(app, auth, groningen):
    member = auth.as_role(ROLE_COORDINATOR, team="selwerd", locale="en")
    key, _page = _make(member.client)
    response = app.test_client().get("/indicators/teams/selwerd/items.csv", headers=_bearer(key))
    assert response.status_code == 200  # as the team's own worker: no small-number rule for its neighbourhoods
    response = app.test_client().get("/indicators/teams/selwerd/items.csv?area=BU00141000", headers=_bearer(key))
    assert response.status_code == 200


def test_a_token_opens_nothing_but_the_csv_files(app, coordinator):
    key, _page = _make(coordinator.client)
    tool = app.test_client()
    for url in ("/indicators/", "/indicators/tokens", "/admin/", "/indicators/teams/selwerd"):
        response = tool.get(url, headers=_bearer(key))
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], url


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "Basic dXNlcjpwYXNz", "", "Bearer " + "x" * 5000])
def test_a_wrong_token_is_a_plain_401_never_a_log_in(app, coordinator, header):
    response = app.test_client().get("/indicators/indicators.csv", headers={"Authorization": header})
    assert response.status_code == 401 and response.mimetype == "text/plain"
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    assert "Authorization: Bearer" in response.get_data(as_text=True)
    assert "Location" not in response.headers and "Set-Cookie" not in response.headers


def test_a_revoked_token_stops_working(app, coordinator):
    key, _page = _make(coordinator.client)
    with app.app_context():
        token_id = db.session.scalars(select(ExportToken.id)).one()
    response = coordinator.client.post(f"/indicators/tokens/{token_id}/revoke")
    assert response.status_code == 303 and response.headers["Location"].endswith("/indicators/tokens")
    page = coordinator.client.get("/indicators/tokens").get_data(as_text=True)
    assert "Revoked on" in page and "is revoked" in page
    assert app.test_client().get("/indicators/items.csv", headers=_bearer(key)).status_code == 401
    again = coordinator.client.post(f"/indicators/tokens/{token_id}/revoke", follow_redirects=True)
    assert "already revoked" in again.get_data(as_text=True)
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["indicators.token_make", "indicators.token_revoke"]


def test_another_coordinators_token_is_not_there_for_you(app, auth, coordinator):
    _key, _page = _make(coordinator.client, "Wijkmonitor Oost")
    with app.app_context():
        token_id = db.session.scalars(select(ExportToken.id)).one()
    other = auth.client(create_user(app, ROLE_COORDINATOR)[0])
    assert other.post(f"/indicators/tokens/{token_id}/revoke").status_code == 404
    assert "Wijkmonitor Oost" not in other.get("/indicators/tokens").get_data(as_text=True)


def test_a_token_stops_when_its_owner_is_no_longer_a_coordinator(app, coordinator):
    key, _page = _make(coordinator.client)
    with app.app_context():
        db.session.get(User, coordinator.id).role = ROLE_WORKER
        db.session.commit()
    assert app.test_client().get("/indicators/indicators.csv", headers=_bearer(key)).status_code == 401


def test_the_coordinators_dashboard_links_the_tokens_and_workers_cannot_have_them(auth, coordinator):
    assert 'href="/indicators/tokens"' in coordinator.client.get("/indicators/").get_data(as_text=True)
    worker = auth.client(auth.as_role(ROLE_WORKER, team="selwerd").id)
    assert worker.get("/indicators/tokens").status_code == 403
    assert worker.post("/indicators/tokens", data={"name": "BI"}).status_code == 403


# --------------------------------------------------------------------------- the rate limit on failures


def test_failed_tokens_are_rate_limited_per_address_and_nothing_else_is(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'limits.sqlite'}",
            "MAIL_SERVER": "",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        upgrade()
    user_id, _email = create_user(app, ROLE_COORDINATOR)
    tool = app.test_client()
    codes = [tool.get("/indicators/indicators.csv", headers=_bearer("wrong")).status_code for _ in range(11)]
    assert codes == [401] * 10 + [429]
    with app.app_context():
        account = db.session.get(User, user_id)
        session_id = account.get_id()
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    assert browser.get("/indicators/indicators.csv").status_code == 200  # a logged-in coordinator, no header
    with app.app_context():
        db.engine.dispose()


def test_download_my_data_lists_the_tokens_without_their_keys(coordinator):
    client = coordinator.client
    key, _page = _make(client)
    data = client.get("/account/my-data.json").get_json()
    assert [token["name"] for token in data["indicator_export_tokens"]] == ["Power BI wijkmonitor"]
    assert key not in client.get("/account/my-data.json").get_data(as_text=True)


def test_the_audit_log_names_the_token_actions(auth, coordinator):
    client = coordinator.client
    _make(client)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Export token made" in page and "indicators.token_make" not in page
