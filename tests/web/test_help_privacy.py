"""Requests stay private: who sees a help request, by role and area; requests held for the team when their words
touch a private matter; residents change and withdraw their own requests and offers; plain words for how busy a
helper is.

The place: Zonnebuurt (team "WIJ Hulpteam") with the requester Riet, her neighbour Sjaak and the team's worker;
Verweg, some 12 km away, served by another team ("WIJ Elders") with its own resident and worker. Pages are read
in English (each account's language), so the checks do not wait for the Dutch catalogue.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.accounts.models import ROLE_WORKER, User
from portal.audit import AuditEntry
from portal.extensions import db
from portal.help import services_matches
from portal.help.models import CANCELLED, CLOSED, OPEN, HelpMatch, HelpOffer, HelpRequest
from portal.help.notification_kinds_privacy import HELP_TEAM_HELD
from portal.notifications.models import Notification
from tests.factories import make_user
from tests.factories.accounts import make_team
from tests.factories.help import make_help_place, make_offer, make_request
from tests.factories.initiatives import make_area

DEBT_TEXT = "Ik heb schulden en de deurwaarder stuurt brieven; wie helpt mij met de post?"
PLAIN_TEXT = "Wie kan op dinsdag boodschappen voor mij doen?"
TEAM_PHONE, TEAM_EMAIL = "050 367 1234", "hulpteam@wij.example.org"


@pytest.fixture
def town(app):
    with app.app_context():
        here = make_help_place()
        here.team.phone, here.team.email, here.team.street, here.team.postcode = (
            TEAM_PHONE,
            TEAM_EMAIL,
            "Hulpstraat 1",
            "9700 AA",
        )
        far_team = make_team("WIJ Verweg")
        far = make_area(far_team, "Verweg")
        far.latitude, far.longitude = 53.3400, 6.6500  # about 12 km from Zonnebuurt
        people = {
            "requester": here.requester,
            "helper": here.helper,
            "neighbour": make_user(area_id=here.area.id, name="Sjaak Buur"),
            "far_resident": make_user(area_id=far.id, name="Frits Verweg"),
            "worker": here.worker,
            "far_worker": make_user(ROLE_WORKER, teams=[far_team], name="Vera Ver"),
            "other_worker": here.other_worker,
            "homeless": make_user(name="Noor Zonderhuis"),
        }
        for person in people.values():
            person.locale = "en"
        db.session.commit()
        ids = {name: person.id for name, person in people.items()}
        ids["team"], ids["area"] = here.team.slug, here.area.id
        db.session.remove()
    return ids


def a_request(app, town, who="requester", **fields) -> int:
    with app.app_context():
        made = make_request(db.session.get(User, town[who]), **fields)
        db.session.commit()
        return made.id


def an_offer(app, town, who="helper", **fields) -> int:
    with app.app_context():
        made = make_offer(db.session.get(User, town[who]), **fields)
        db.session.commit()
        return made.id


def html(response) -> str:
    return response.get_data(as_text=True)


def get(app, model, key):
    with app.app_context():
        row = db.session.get(model, key)
        db.session.expunge(row)
        return row


# --------------------------------------------------------------------------- who sees a request

LIST_AND_DETAIL = [
    # (who, sees it in the list, detail status)
    ("visitor", False, 302),  # sent to log in
    ("requester", True, 200),  # their own, listed like any request near them
    ("neighbour", True, 200),
    ("far_resident", False, 404),
    ("worker", True, 200),
    ("far_worker", False, 404),
    ("homeless", False, 404),  # no home postcode: no neighbourhood to be near
]


@pytest.mark.parametrize(("who", "listed", "detail"), LIST_AND_DETAIL, ids=[row[0] for row in LIST_AND_DETAIL])
def test_a_request_is_seen_by_its_requester_the_team_and_neighbours_near_it_only(app, auth, town, who, listed, detail):
    request_id = a_request(app, town, description=PLAIN_TEXT)
    client = app.test_client() if who == "visitor" else auth.client(town[who])
    listing = html(client.get("/help/"))
    assert (f"/help/requests/{request_id}" in listing) is listed
    response = client.get(f"/help/requests/{request_id}")
    assert response.status_code == detail
    if detail == 302:
        assert "/account/login" in response.headers["Location"]
    fragment = html(client.get("/help/?show=requests&page=1", headers={"HX-Request": "true"}))
    assert (f"/help/requests/{request_id}" in fragment) is listed


def test_visitors_are_invited_to_log_in_and_still_read_what_help_is_and_the_offers(app, town):
    request_id = a_request(app, town, description=PLAIN_TEXT)
    offer_id = an_offer(app, town)
    visitor = app.test_client()
    visitor.set_cookie("lang", "en")
    page = html(visitor.get("/help/"))
    assert "How it works" in page and "log in to see the requests in and near your own neighbourhood" in page
    assert "/account/login" in page and "/account/register" in page
    assert f"/help/requests/{request_id}" not in page and "Riet" not in page and "boodschappen" not in page
    offers = html(visitor.get("/help/?show=offers"))
    assert f"/help/offers/{offer_id}" in offers and "Hamid" in offers
    assert "Riet" not in html(visitor.get("/"))  # nor on the home page


def test_a_neighbour_sees_a_first_name_the_neighbourhood_the_kind_and_a_short_text_only(app, auth, town):
    long_text = (
        "Wie kan mij helpen met boodschappen? Bel 06 11112222. "
        + "Ik woon op de derde verdieping. " * 30
        + "Tot slot: de kat heet Minoes."
    )
    request_id = a_request(app, town, description=long_text)
    neighbour = auth.client(town["neighbour"])
    for page in (html(neighbour.get("/help/")), html(neighbour.get(f"/help/requests/{request_id}"))):
        assert "Riet" in page and "Zonnebuurt" in page and "Groceries" in page
        assert "Vos" not in page and "06 11112222" not in page and "@example.org" not in page
        assert "Minoes" not in page and "…" in page  # a short text, not the whole of it
    assert "Minoes" in html(auth.client(town["requester"]).get(f"/help/requests/{request_id}"))


def test_a_resident_without_a_home_is_asked_for_a_postcode(app, auth, town):
    a_request(app, town, description=PLAIN_TEXT)
    page = html(auth.client(town["homeless"]).get("/help/"))
    assert "0 open requests" in page and "Add your home postcode" in page


def test_requests_of_a_neighbouring_team_within_the_distance_are_seen_too(app, auth, town):
    with app.app_context():
        border = make_area(make_team("WIJ Buren"), "Grensbuurt")
        border.latitude, border.longitude = 53.2480, 6.5500  # under 1 km from Zonnebuurt
        across = make_user(area_id=border.id, name="Bram Grens")
        db.session.commit()
        across_id = across.id
    request_id = a_request(app, {"requester": across_id}, description=PLAIN_TEXT)
    assert f"/help/requests/{request_id}" in html(auth.client(town["neighbour"]).get("/help/"))
    assert f"/help/requests/{request_id}" not in html(auth.client(town["far_resident"]).get("/help/"))


# --------------------------------------------------------------------------- held for the team


def test_a_sensitive_request_is_held_and_the_requester_is_told_plainly_with_numbers_and_the_team(app, auth, town):
    client = auth.client(town["requester"])
    data = {
        "kind": "forms",
        "description": DEBT_TEXT,
        "area_id": str(town["area"]),
        "when": "slots",
        "slots": ["thu-morning"],
        "urgency": "normal",
        "frequency": "once",
    }
    response = client.post("/help/requests/new", data=data)
    page = html(response)
    assert response.status_code == 200 and "Your team looks at your request first" in page
    for number in ("112", "0800-2000", "0800-0113", TEAM_PHONE, TEAM_EMAIL, "Hulpstraat 1", "WIJ Hulpteam"):
        assert number in page
    with app.app_context():
        stored = db.session.scalars(select(HelpRequest)).one()
        assert stored.held_at is not None and stored.sensitive_topics == ["debt"] and stored.status == OPEN
        told = db.session.scalars(select(Notification).where(Notification.kind == HELP_TEAM_HELD)).all()
        assert {note.user_id for note in told} == {town["worker"]}
        assert "schulden" not in str(told[0].params) and "debt" not in str(told[0].params)
        request_id = stored.id
    assert f"/help/requests/{request_id}" not in html(auth.client(town["neighbour"]).get("/help/"))
    assert auth.client(town["neighbour"]).get(f"/help/requests/{request_id}").status_code == 404
    own = html(client.get(f"/help/requests/{request_id}"))
    assert "Your team looks at your request first" in own and "0800-2000" in own


def test_the_team_releases_a_held_request_and_neighbours_then_see_it(app, auth, town):
    request_id = a_request(app, town, description=DEBT_TEXT)
    worker = auth.client(town["worker"])
    held = html(worker.get(f"/help/teams/{town['team']}/held"))
    assert DEBT_TEXT in held and "money and debts" in held and "Riet Vos" in held
    response = worker.post(f"/help/held/{request_id}/release")
    assert response.status_code == 303
    with app.app_context():
        stored = db.session.get(HelpRequest, request_id)
        assert stored.held_at is None and stored.reviewed_by_id == town["worker"] and stored.reviewed_at
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "help.release_request"))
    assert f"/help/requests/{request_id}" in html(auth.client(town["neighbour"]).get("/help/"))
    again = worker.post(f"/help/held/{request_id}/release", follow_redirects=True)  # a second click
    assert again.status_code == 200 and "not held" in html(again)


def test_the_team_keeps_a_held_request_with_a_reason(app, auth, town):
    request_id = a_request(app, town, description=DEBT_TEXT)
    worker = auth.client(town["worker"])
    refused = worker.post(f"/help/held/{request_id}/keep", data={"reason": "  "})
    assert refused.status_code == 422 and "Give a reason" in html(refused)
    assert worker.post(f"/help/held/{request_id}/keep", data={"reason": "Wij bellen zelf"}).status_code == 303
    with app.app_context():
        stored = db.session.get(HelpRequest, request_id)
        assert stored.held_at is not None and stored.reviewed_at is not None
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "help.keep_request"))
        assert entry.detail == "Wij bellen zelf"
    assert f"/help/requests/{request_id}" not in html(auth.client(town["neighbour"]).get("/help/"))
    assert "Kept with the team" in html(worker.get(f"/help/teams/{town['team']}/held"))


def test_only_the_teams_workers_see_and_handle_held_requests(app, auth, town):
    request_id = a_request(app, town, description=DEBT_TEXT)
    held_list = f"/help/teams/{town['team']}/held"
    assert app.test_client().get(held_list).status_code == 302
    for who in ("requester", "neighbour", "far_worker", "other_worker"):
        client = auth.client(town[who])
        assert client.get(held_list).status_code == 403, who
        assert client.post(f"/help/held/{request_id}/release").status_code == 403, who
        assert client.post(f"/help/held/{request_id}/keep", data={"reason": "x"}).status_code == 403, who
    assert auth.client(town["worker"]).get("/help/teams/no-such-team/held").status_code == 403
    with app.app_context():
        assert db.session.get(HelpRequest, request_id).held_at is not None


def test_held_actions_need_the_csrf_token(app, auth, town):
    request_id = a_request(app, town, description=DEBT_TEXT)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = auth.client(town["worker"]).post(f"/help/held/{request_id}/release")
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        assert db.session.get(HelpRequest, request_id).held_at is not None


def test_a_crisis_request_stays_with_the_team_and_cannot_be_released(app, auth, town):
    request_id = a_request(app, town, description="Ik denk aan zelfmoord en ik kan niet meer")
    with app.app_context():
        stored = db.session.get(HelpRequest, request_id)
        assert stored.crisis and stored.sensitive_topics == ["suicide"]
    released = auth.client(town["worker"]).post(f"/help/held/{request_id}/release", follow_redirects=True)
    assert "stays with the team" in html(released)


# --------------------------------------------------------------------------- editing and withdrawing a request


def request_form(town, **overrides) -> dict:
    data = {
        "kind": "groceries",
        "description": PLAIN_TEXT,
        "area_id": str(town["area"]),
        "when": "slots",
        "slots": ["tue-afternoon"],
        "urgency": "normal",
        "frequency": "once",
    }
    data.update(overrides)
    return data


def test_a_resident_edits_their_open_request_in_the_same_form_filled_in(app, auth, town):
    request_id = a_request(app, town, description=PLAIN_TEXT, languages=["nl", "en"])
    client = auth.client(town["requester"])
    form = html(client.get(f"/help/requests/{request_id}/edit"))
    assert PLAIN_TEXT in form and 'value="tue-afternoon" checked' in form and "Save my changes" in form
    changed = client.post(
        f"/help/requests/{request_id}/edit", data=request_form(town, description="Wie doet woensdag boodschappen?")
    )
    assert changed.status_code == 302
    with app.app_context():
        stored = db.session.get(HelpRequest, request_id)
        assert stored.description == "Wie doet woensdag boodschappen?" and stored.edited_at is not None
        assert stored.held_at is None


def test_editing_runs_the_sensitive_check_again(app, auth, town):
    request_id = a_request(app, town, description=PLAIN_TEXT)
    client = auth.client(town["requester"])
    response = client.post(f"/help/requests/{request_id}/edit", data=request_form(town, description=DEBT_TEXT))
    assert response.status_code == 200 and "0800-2000" in html(response)
    with app.app_context():
        assert db.session.get(HelpRequest, request_id).held_at is not None
    assert f"/help/requests/{request_id}" not in html(auth.client(town["neighbour"]).get("/help/"))


def test_junk_in_the_edit_form_is_refused_with_what_was_typed_kept(app, auth, town):
    request_id = a_request(app, town, description=PLAIN_TEXT)
    client = auth.client(town["requester"])
    typed = "Wie helpt mij zaterdag met de tuin?"
    response = client.post(f"/help/requests/{request_id}/edit", data=request_form(town, description=typed, kind="<x>"))
    assert response.status_code == 422 and typed in html(response) and "<x>" not in html(response)
    assert (
        client.post(f"/help/requests/{request_id}/edit", data=request_form(town, description="x" * 3000)).status_code
        == 422
    )
    assert client.post(f"/help/requests/{request_id}/edit", data=request_form(town, area_id="99999")).status_code == 422
    assert client.get("/help/requests/99999999999999/edit").status_code == 404
    with app.app_context():
        assert db.session.get(HelpRequest, request_id).description == PLAIN_TEXT


def test_only_the_requester_edits_and_only_while_no_neighbour_is_proposed(app, auth, town):
    request_id = a_request(app, town, description=PLAIN_TEXT)
    assert auth.client(town["neighbour"]).get(f"/help/requests/{request_id}/edit").status_code == 403
    assert auth.client(town["far_worker"]).get(f"/help/requests/{request_id}/edit").status_code == 403
    team_view = auth.client(town["worker"]).get(f"/help/requests/{request_id}/edit")
    assert team_view.status_code == 303
    with app.app_context():
        services_matches.propose(
            db.session.get(User, town["worker"]),
            db.session.get(HelpRequest, request_id),
            db.session.get(HelpOffer, an_offer_in(town)),
        )
        db.session.commit()
    client = auth.client(town["requester"])
    page = html(client.get(f"/help/requests/{request_id}/edit"))
    assert "cannot be changed now" in page and "<textarea" not in page
    refused = client.post(f"/help/requests/{request_id}/edit", data=request_form(town, description="Iets anders nu."))
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.get(HelpRequest, request_id).description == PLAIN_TEXT


def an_offer_in(town) -> int:
    offer = make_offer(db.session.get(User, town["helper"]))
    db.session.flush()
    return offer.id


def test_withdrawing_a_request_says_withdraw_and_ends_a_proposal_honestly(app, auth, town):
    request_id = a_request(app, town, description=PLAIN_TEXT)
    client = auth.client(town["requester"])
    assert "withdraw my request" in html(client.get(f"/help/requests/{request_id}"))
    done = client.post(f"/help/requests/{request_id}/close", follow_redirects=True)
    assert "Your request is withdrawn" in html(done)
    again = client.post(f"/help/requests/{request_id}/close", follow_redirects=True)
    assert again.status_code == 200 and "already closed" in html(again)
    with app.app_context():
        assert db.session.get(HelpRequest, request_id).status == CLOSED


# --------------------------------------------------------------------------- withdrawing an offer


def test_withdrawing_an_offer_ends_it_and_tells_a_proposed_neighbour(app, auth, town):
    offer_id = an_offer(app, town)
    request_id = a_request(app, town, description=PLAIN_TEXT)
    with app.app_context():
        services_matches.propose(
            db.session.get(User, town["worker"]),
            db.session.get(HelpRequest, request_id),
            db.session.get(HelpOffer, offer_id),
        )
        db.session.commit()
    helper = auth.client(town["helper"])
    assert "Withdraw my offer" in html(helper.get(f"/help/offers/{offer_id}"))
    done = helper.post(f"/help/offers/{offer_id}/withdraw", follow_redirects=True)
    assert "Your offer is withdrawn" in html(done)
    with app.app_context():
        match = db.session.scalars(select(HelpMatch)).one()
        assert match.status == CANCELLED
        assert db.session.get(HelpRequest, request_id).status == OPEN
        assert db.session.get(HelpOffer, offer_id).withdrawn_at is not None
        told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "help_match_declined"))
        assert town["requester"] in set(told)
    assert f"/help/offers/{offer_id}" not in html(app.test_client().get("/help/?show=offers"))
    assert f'/help/offers/{offer_id}"' not in html(helper.get("/help/mine"))
    again = helper.post(f"/help/offers/{offer_id}/withdraw", follow_redirects=True)
    assert "already withdrawn" in html(again)
    assert "withdrew this offer" in html(helper.post(f"/help/offers/{offer_id}/resume", follow_redirects=True))
    assert helper.get(f"/help/offers/{offer_id}/edit").status_code == 303


def test_an_offer_cannot_be_withdrawn_while_its_helper_is_helping(app, auth, town):
    offer_id = an_offer(app, town)
    request_id = a_request(app, town, description=PLAIN_TEXT)
    with app.app_context():
        match = services_matches.propose(
            db.session.get(User, town["worker"]),
            db.session.get(HelpRequest, request_id),
            db.session.get(HelpOffer, offer_id),
        )
        match.status = "accepted"
        db.session.commit()
    refused = auth.client(town["helper"]).post(f"/help/offers/{offer_id}/withdraw", follow_redirects=True)
    assert "End that help on its page first" in html(refused)
    with app.app_context():
        assert db.session.get(HelpOffer, offer_id).withdrawn_at is None


def test_only_the_helper_withdraws_their_offer(app, auth, town):
    offer_id = an_offer(app, town)
    assert auth.client(town["neighbour"]).post(f"/help/offers/{offer_id}/withdraw").status_code == 403
    assert auth.client(town["far_worker"]).post(f"/help/offers/{offer_id}/withdraw").status_code == 403
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).select_from(HelpOffer).where(HelpOffer.withdrawn_at.is_not(None)))
            == 0
        )


# --------------------------------------------------------------------------- plain words


def test_the_helpers_page_says_in_plain_words_how_many_they_help(app, auth, town):
    offer_id = an_offer(app, town, capacity=1)
    page = html(auth.client(town["helper"]).get(f"/help/offers/{offer_id}"))
    assert "You are not helping anyone now; you can help 1 neighbour at a time." in page
    assert "0 of 1" not in page and "your request" not in page.lower()


def test_edited_requests_show_when_they_were_changed_to_the_requester(app, auth, town):
    request_id = a_request(app, town, description=PLAIN_TEXT)
    client = auth.client(town["requester"])
    client.post(
        f"/help/requests/{request_id}/edit", data=request_form(town, description="Wie doet vrijdag boodschappen?")
    )
    assert "Changed on" in html(client.get(f"/help/requests/{request_id}"))
