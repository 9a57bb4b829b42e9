"""Nothing personal is kept by a cache, and absolute links never come from the request's Host (issue 11).

Walks the URL map as each role, with the sample objects of the access-rule test: every response to a
logged-in person, and every private page for a visitor, says ``Cache-Control: no-store``; public pages for
visitors may still be cached. Feeds and mails use BASE_URL even when a visitor sends ``Host: evil.example``.
"""

from __future__ import annotations

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal import access
from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives.models import Initiative
from portal.outbox.models import OutboxMessage
from portal.templating import HSTS
from tests.web.test_access_rules import ROLES, _routes, people  # noqa: F401 - people is a fixture

# What a view may mark `public` even for a logged-in person: the same bytes for everybody.
PUBLIC_RESOURCES = {
    "initiatives.agenda_feed",
    "initiatives.area_agenda_feed",
    "initiatives.photo",
    "initiatives.photo_thumbnail",
    "theme_stylesheet",  # the municipality's colour tokens (portal.themes.web)
}
EVIL = "http://evil.example"


def _no_store(response) -> bool:
    return response.cache_control.no_store


def _private_for_visitors(app, rule) -> bool:
    """Pages a visitor must not find in any cache: not open to anyone, or a secret in the URL."""
    view = app.view_functions[rule.endpoint]
    return view.access != access.ANYONE or any(name.endswith("token") for name in rule.arguments)


def test_every_private_route_says_no_store_for_every_role(app, auth, people):  # noqa: F811
    ids, samples = people
    failures, public_for_people = [], set()
    for rule in _routes(app):
        if "GET" not in rule.methods:
            continue
        url = rule.build({arg: samples[arg] for arg in rule.arguments}, append_unknown=False)[1]
        for role in ROLES:
            response = auth.client(None if role == "visitor" else ids[role]).get(url)
            header = response.headers.get("Cache-Control", "")
            if role == "visitor":
                if _private_for_visitors(app, rule) and not _no_store(response):
                    failures.append(f"GET {url} as a visitor ({response.status_code}): Cache-Control {header!r}")
            elif response.cache_control.public:
                public_for_people.add(rule.endpoint)
            elif not _no_store(response):
                failures.append(f"GET {url} as {role} ({response.status_code}): Cache-Control {header!r}")
    assert failures == [], "\n".join(failures)
    assert public_for_people <= PUBLIC_RESOURCES, "only resources that are the same for everybody may be public"


def test_public_pages_stay_cacheable_for_visitors(client, groningen):
    for url in ("/", "/teams/", "/initiatives/", "/initiatives/agenda", "/privacy"):
        response = client.get(url)
        assert response.status_code == 200 and not _no_store(response), url
    feed = client.get("/initiatives/agenda.ics")
    assert feed.headers["Cache-Control"] == "public, max-age=900"


def test_static_files_stay_cacheable_for_people(app, auth):
    account = auth.as_role()
    response = account.client.get("/static/css/portal.css")
    response.close()
    assert response.status_code == 200 and not _no_store(response)


def test_the_answer_to_a_form_is_never_stored(client):
    """A refused log-in shows the typed address again."""
    response = client.post("/account/login", data={"email": "fenna@example.org", "password": "wrong"})
    assert response.status_code == 422 and _no_store(response)


def test_a_page_showing_a_flash_message_is_not_stored(client):
    """After 'forgot password' the page repeats the typed address in a message."""
    posted = client.post("/account/forgot-password", data={"email": "fenna@example.org"})
    assert posted.status_code in (302, 303)
    shown = client.get("/account/forgot-password")
    assert "fenna@example.org" in shown.get_data(as_text=True) and _no_store(shown)
    assert not _no_store(client.get("/account/forgot-password"))  # the message was shown once


def test_the_follow_page_of_a_signal_is_not_stored(client, people):  # noqa: F811
    _ids, samples = people
    response = client.get(f"/signals/follow/{samples['follow_token']}")
    assert response.status_code == 200 and _no_store(response)


def test_private_responses_keep_no_freshness(app, auth, people):  # noqa: F811
    """A draft's photo is `private, max-age=…` for its initiator: no cache keeps it now."""
    ids, samples = people
    with app.app_context():
        db.session.get(Initiative, samples["initiative_id"]).status = lifecycle.DRAFT
        db.session.commit()
    response = auth.client(ids["resident"]).get(f"/initiatives/{samples['initiative_id']}/photos/{samples['photo_id']}")
    assert response.status_code == 200
    assert _no_store(response) and response.cache_control.max_age is None and "Expires" not in response.headers


def test_hsts_is_sent_when_cookies_are_secure(app, client, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/privacy").headers
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    assert client.get("/privacy").headers["Strict-Transport-Security"] == HSTS == "max-age=31536000; includeSubDomains"


# --------------------------------------------------------------------------- absolute links come from BASE_URL


@pytest.fixture
def public_address(app, monkeypatch) -> str:
    monkeypatch.setitem(app.config, "BASE_URL", "https://buurtportaal.example.nl")
    return "https://buurtportaal.example.nl"


def test_feeds_link_to_base_url_whatever_the_host_header(app, client, people, public_address):  # noqa: F811
    """The feed is cached publicly: a forged Host must not end up in everybody's calendar."""
    _ids, samples = people
    for url in ("/initiatives/agenda.ics", f"/initiatives/agenda/{samples['code']}.ics"):
        response = client.get(url, base_url=EVIL)
        assert response.status_code == 200 and b"evil.example" not in response.data
        events = Calendar.from_ical(response.data).walk("VEVENT")
        assert events, "the project activity of the sample data is on the agenda"
        assert {str(event["URL"]) for event in events} == {f"{public_address}/projects/{samples['project_id']}"}


def test_the_agenda_page_offers_the_feed_on_base_url(client, groningen, public_address):
    html = client.get("/initiatives/agenda", base_url=EVIL).get_data(as_text=True)
    assert f'href="{public_address}/initiatives/agenda.ics"' in html and "evil.example" not in html


def test_mails_link_to_base_url_whatever_the_host_header(app, auth, client, public_address):
    account = auth.as_role()
    auth.logout(client=account.client)
    response = client.post("/account/forgot-password", data={"email": account.email}, base_url=EVIL)
    assert response.status_code in (302, 303)
    with app.app_context():
        bodies = db.session.scalars(select(OutboxMessage.body).where(OutboxMessage.recipient == account.email)).all()
    assert bodies and all("evil.example" not in body for body in bodies)
    assert any(f"{public_address}/account/reset/" in body for body in bodies)
