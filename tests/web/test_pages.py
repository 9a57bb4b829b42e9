"""Home page, language switch, error pages and security headers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal import create_app
from portal.accounts.models import User
from portal.extensions import db


def test_home_is_dutch_by_default_with_the_team_finder_first(client, groningen):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert 'name="postcode"' in html
    assert 'href="#main"' in html  # skip link


def test_visitor_language_choice_is_remembered_in_a_cookie(client, groningen):
    response = client.post("/language", data={"language": "en", "next": "/teams/"})
    assert response.status_code == 302 and response.headers["Location"] == "/teams/"
    assert "lang=en" in response.headers["Set-Cookie"]
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_resident_language_choice_is_stored_on_the_account(app, auth, client, groningen):
    user_id = auth.as_role(locale="nl").id
    client.post("/language", data={"language": "en", "next": "/"})
    with app.app_context():
        assert db.session.get(User, user_id).locale == "en"
    other_browser = auth.client(user_id)
    assert '<html lang="en">' in other_browser.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_language_switch_never_redirects_to_another_site(client, target):
    response = client.post("/language", data={"language": "en", "next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    response = client.post("/language", data={"language": "xx", "next": "/"})
    assert response.status_code == 302 and "Set-Cookie" not in response.headers


@pytest.mark.parametrize(("language", "text"), [("nl", "Pagina niet gevonden"), ("en", "Page not found")])
def test_friendly_404_in_both_languages(client, language, text):
    client.set_cookie("lang", language)
    page = client.get("/does-not-exist")
    assert page.status_code == 404
    assert text in page.get_data(as_text=True)


def test_friendly_500_page_without_details(tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}",
            "TESTING": True,
            "PROPAGATE_EXCEPTIONS": False,
        }
    )

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    boom.access = "anyone"
    page = app.test_client().get("/boom")
    assert page.status_code == 500
    html = page.get_data(as_text=True)
    assert "Er ging iets mis" in html and "secret internals" not in html


def test_a_residents_language_switch_needs_its_csrf_token(app, auth, client):
    """It changes their account; a visitor's switch only sets a cookie and carries no token (page_cache.py)."""
    user_id = auth.as_role().id
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/language", data={"language": "en", "next": "/"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(User, user_id).locale != "en"


def test_a_visitors_language_switch_works_without_a_token(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "TESTING": True, "WTF_CSRF_ENABLED": True}
    )
    response = app.test_client().post("/language", data={"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "lang=en" in response.headers["Set-Cookie"]


def test_security_headers_on_every_page(client, groningen):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "HX-Request" in response.headers["Vary"]


def test_privacy_statement_in_both_languages(client):
    assert "Privacy" in client.get("/privacy").get_data(as_text=True)
    client.set_cookie("lang", "en")
    assert "Who sees your contact details" in client.get("/privacy").get_data(as_text=True)


def test_deactivated_account_is_treated_as_logged_out(app, auth, client):
    user_id = auth.as_role(active=False).id
    with app.app_context():
        assert db.session.scalar(select(User.active).where(User.id == user_id)) is False
    assert client.get("/account/").status_code == 302
