"""Public pages for visitors are built once and shared, and never outlive the change that makes them stale."""

from __future__ import annotations

import re

from flask import flash, render_template_string

from portal import create_app
from portal.extensions import db
from portal.page_cache import public_page
from tests.factories.find import make_district, make_initiative


def _home(client, **headers):
    return client.get("/", headers=headers)


def test_a_visitors_second_look_at_the_home_page_is_served_without_building_it(client, groningen, statements):
    first = statements(lambda: _home(client))
    second = statements(lambda: _home(client))
    assert second < first and second <= 3  # the generations and the page itself


def test_a_published_initiative_shows_at_once_though_the_page_was_kept(app, client, groningen):
    assert "Moestuin aan de Diepenring" not in _home(client).get_data(as_text=True)
    with app.app_context():
        make_initiative(make_district().children[0], title="Moestuin aan de Diepenring", status="submitted")
        db.session.commit()
    assert "Moestuin aan de Diepenring" in _home(client).get_data(as_text=True)


def test_each_language_has_its_own_page(client, groningen):
    dutch = _home(client).get_data(as_text=True)
    client.set_cookie("lang", "en")
    english = _home(client).get_data(as_text=True)
    assert 'lang="nl"' in dutch and 'lang="en"' in english


def test_a_logged_in_resident_never_gets_a_visitors_page(app, auth, client, groningen):
    _home(client)  # kept for visitors
    auth.as_role(name="Fatima de Vries")
    response = _home(client)
    assert "no-store" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


def test_a_visitor_may_reuse_the_page_briefly_and_asks_again_with_its_etag(client, groningen):
    response = _home(client)
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert {"Cookie", "Accept-Language"} <= set(response.vary)
    again = client.get("/", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""


def test_a_page_with_a_visitors_own_token_or_message_is_never_shared(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "TESTING": True, "WTF_CSRF_ENABLED": True}
    )
    built = []

    @app.get("/probe/form")
    @public_page("team")
    def with_form():
        built.append("form")
        return render_template_string("<form method=post><input name=csrf_token value='{{ csrf_token() }}'></form>")

    @app.get("/probe/plain")
    @public_page("team")
    def plain():
        built.append("plain")
        return "the same for everybody"

    @app.get("/probe/flash")
    def flashing():
        flash("Je bericht is verstuurd.")
        return "ok"

    with app.app_context():
        db.create_all()
    client = app.test_client()
    client.get("/probe/form"), client.get("/probe/form")  # each visitor's own token: built each time
    client.get("/probe/plain"), client.get("/probe/plain")
    client.get("/probe/flash")
    client.get("/probe/plain")  # a message is waiting for this visitor: built for them
    assert built == ["form", "form", "plain", "plain"]


def test_people_without_a_login_but_with_a_session_message_get_their_own_page(client, groningen):
    _home(client)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Je bent uitgelogd.")]
    assert "Je bent uitgelogd." in _home(client).get_data(as_text=True)


def test_a_team_page_is_shared_but_each_visitor_gets_a_question_form_of_their_own(app, groningen, statements):
    first, second = app.test_client(), app.test_client()
    built = statements(lambda: first.get("/teams/selwerd"))
    kept = statements(lambda: second.get("/teams/selwerd"))
    assert kept < built and kept <= 3  # the team, the generations, the shared page
    tokens = []
    for client in (first, second):
        html = client.get("/teams/selwerd").get_data(as_text=True)
        assert html.count('action="/teams/selwerd/ask"') == 1 and "of-this-visitor" not in html
        tokens.append(re.search(r'name="form_key"[^>]*value="([^"]+)"', html).group(1))
    assert tokens[0] != tokens[1]


def test_the_token_put_into_a_shared_team_page_is_the_visitors_own_and_their_question_is_sent(app, groningen):
    other, visitor = app.test_client(), app.test_client()
    other.get("/teams/selwerd")  # the page is kept, with another visitor having seen it first
    html = visitor.get("/teams/selwerd").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    key = re.search(r'name="form_key"[^>]*value="([^"]+)"', html).group(1)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        data = {"name": "Fatima", "contact": "fatima@example.org", "message": "Wanneer is het inloopspreekuur?"}
        refused = other.post("/teams/selwerd/ask", data={**data, "csrf_token": token, "form_key": key})
        sent = visitor.post("/teams/selwerd/ask", data={**data, "csrf_token": token, "form_key": key})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert refused.status_code == 400  # one visitor's token is no good in another's session
    assert sent.status_code == 302


def test_a_boosted_request_after_a_fragment_of_the_same_address_gets_the_whole_page(client, groningen):
    fragment = {"HX-Request": "true", "HX-Target": "finder"}
    assert not client.get("/teams/find?postcode=9741", headers=fragment).get_data(as_text=True).startswith("<!doc")
    boosted = client.get("/teams/find?postcode=9741", headers={**fragment, "HX-Boosted": "true"})
    assert boosted.get_data(as_text=True).startswith("<!doctype html>")
