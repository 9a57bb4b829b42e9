"""The workers' matching console: access per role, ranked suggestions in words, propose, refuse,
the best set, flags and blocks, cancel."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.accounts.models import ROLE_COORDINATOR, User
from portal.extensions import db
from portal.help.models import CANCELLED, OPEN, PROPOSED, HelpBlock, HelpMatch, HelpOffer, HelpRequest
from portal.notifications.models import Notification
from portal.teams.models import DISTRICT
from tests.factories import make_user
from tests.factories.help import make_help_place, make_offer, make_request
from tests.factories.initiatives import make_area

CRISIS_TEXT = "Ik word thuis geslagen en durf niet meer naar huis."


@pytest.fixture
def place(app):
    """A team area with a request (Arabic, Tuesday afternoon) and two offers for it; ids only."""
    with app.app_context():
        where = make_help_place()
        district = make_area(where.team, "Zonnewijk", kind=DISTRICT)
        where.area.parent = district
        coordinator = make_user(ROLE_COORDINATOR, name="Cora Coördinator")
        amal = make_user(area_id=where.area.id, name="Amal Haddad")
        for person in (where.worker, where.other_worker, coordinator):
            person.locale = "en"  # the words are checked in English, whatever Dutch the catalogue has
        near = make_offer(where.helper, capacity=2, languages=["ar", "nl"])
        other = make_offer(amal, languages=["tr"])
        request = make_request(where.requester, languages=["ar"])
        db.session.commit()
        ids = {
            "worker": where.worker.id,
            "other_worker": where.other_worker.id,
            "coordinator": coordinator.id,
            "requester": where.requester.id,
            "helper": where.helper.id,
            "amal": amal.id,
            "near": near.id,
            "other": other.id,
            "request": request.id,
            "area": where.area.id,
            "code": where.area.code,
            "district": district.code,
        }
        db.session.remove()
    return ids


def another_request(app, place, kind="groceries", **fields) -> int:
    with app.app_context():
        person = make_user(area_id=place["area"], name=fields.pop("name", "Kees Twee"), phone=fields.pop("phone", None))
        request = make_request(person, kind=kind, **fields)
        db.session.commit()
        return request.id


def propose(client, place, request_id=None, offer_id=None, **data):
    request_id = request_id or place["request"]
    data = {"offer_id": str(offer_id or place["near"]), **data}
    return client.post(f"/help/console/requests/{request_id}/propose", data=data)


def match_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(HelpMatch.id)))


def load_of(app, offer_id) -> int:
    with app.app_context():
        return db.session.get(HelpOffer, offer_id).load


# --------------------------------------------------------------------------- access


def test_access_per_role(app, auth, place):
    pages = [
        f"/help/console/requests/{place['request']}",
        f"/help/console/areas/{place['code']}/best",
        f"/help/console/areas/{place['district']}/best",
    ]
    for url in ["/help/console", *pages]:
        visitor = app.test_client().get(url)
        assert visitor.status_code == 302 and "/account/login" in visitor.headers["Location"], url
        assert auth.client(place["requester"]).get(url).status_code == 403, url
        assert auth.client(place["worker"]).get(url).status_code == 200, url
        assert auth.client(place["coordinator"]).get(url).status_code == 200, url
    for url in pages:
        assert auth.client(place["other_worker"]).get(url).status_code == 403, url
    elsewhere = auth.client(place["other_worker"]).get("/help/console")
    assert elsewhere.status_code == 200 and "Riet Vos" not in elsewhere.get_data(as_text=True)


def test_other_teams_and_residents_cannot_post(app, auth, place):
    posts = [
        (f"/help/console/requests/{place['request']}/propose", {"offer_id": str(place["near"])}),
        (f"/help/console/offers/{place['near']}/flag", {"reason": "Klachten"}),
        (f"/help/console/people/{place['helper']}/block", {"reason": "Klachten"}),
        (f"/help/console/people/{place['helper']}/unblock", {}),
    ]
    for url, data in posts:
        assert auth.client(place["other_worker"]).post(url, data=data).status_code == 403, url
        assert auth.client(place["requester"]).post(url, data=data).status_code == 403, url
        assert app.test_client().post(url, data=data).status_code == 302, url
    assert match_count(app) == 0
    with app.app_context():
        assert db.session.get(HelpOffer, place["near"]).flagged_reason is None
        assert db.session.get(HelpBlock, place["helper"]) is None


def test_unknown_objects_are_404(auth, place):
    worker = auth.client(place["coordinator"])
    assert worker.get("/help/console/requests/99999").status_code == 404
    assert worker.get("/help/console/areas/BU99999999/best").status_code == 404
    assert worker.post("/help/console/matches/99999/cancel").status_code == 404
    assert worker.get("/help/console/requests/99999999999999999999999").status_code == 404
    assert worker.post("/help/console/people/99999999999999999999999/block", data={"reason": "x"}).status_code == 404


# --------------------------------------------------------------------------- the overview and a request


def test_the_console_lists_open_requests_with_kind_area_waiting_and_urgency(auth, place):
    html = auth.client(place["worker"]).get("/help/console").get_data(as_text=True)
    assert f'href="/help/console/requests/{place["request"]}"' in html
    assert "Zonnebuurt" in html and "Groceries" in html and "Within a week or two" in html
    assert f'href="/help/console/areas/{place["district"]}/best"' in html
    assert f'href="/help/console/areas/{place["code"]}/best"' in html


def test_crisis_requests_come_first_with_name_and_contact_and_are_not_matched(app, auth, place):
    crisis_id = another_request(app, place, description=CRISIS_TEXT, name="Cato Crisis", phone="06 99990000")
    html = auth.client(place["worker"]).get("/help/console").get_data(as_text=True)
    crisis_section = html.index("crisis-heading")
    assert crisis_section < html.index(f"/help/console/requests/{crisis_id}") < html.index("waiting-heading")
    assert "Cato Crisis" in html and 'href="tel:0699990000"' in html
    page = auth.client(place["worker"]).get(f"/help/console/requests/{crisis_id}").get_data(as_text=True)
    assert "112" in page and "06 99990000" in page
    assert "/propose" not in page


def test_suggestions_are_listed_best_first_with_the_score_in_words(auth, place):
    html = auth.client(place["worker"]).get(f"/help/console/requests/{place['request']}").get_data(as_text=True)
    assert "Riet Vos" in html  # workers see the requester's name
    assert html.index("<h3>Hamid") < html.index("<h3>Amal")
    reasons = "same kind; both about shopping; same neighbourhood; both on Tuesday afternoon; speaks Arabic; helps nobody yet; can help 2 neighbours at a time"
    assert reasons in html  # the same neighbourhood, not "0.0 km"
    assert "no shared language; helps nobody yet; can help 1 neighbour at a time" in html and "0.0 km" not in html
    assert "Bakr" not in html and "06 33334444" not in html  # first names only, no contact
    assert len(re.findall(r'name="offer_id" value="\d+"', html)) == 2


def test_a_dutch_worker_reads_the_console_and_the_reasons_in_dutch(app, auth, place):
    with app.app_context():
        db.session.get(User, place["worker"]).locale = "nl"  # the default language, as the catalogue has it
        db.session.commit()
    worker = auth.client(place["worker"])
    overview = worker.get("/help/console").get_data(as_text=True)
    assert '<html lang="nl">' in overview and f'href="/help/console/requests/{place["request"]}"' in overview
    assert "Boodschappen" in overview and "Binnen een à twee weken" in overview  # Groceries, Within a week or two
    html = worker.get(f"/help/console/requests/{place['request']}").get_data(as_text=True)
    assert html.index("<h3>Hamid") < html.index("<h3>Amal")
    assert (
        "zelfde soort hulp; " in html
        and "zelfde buurt; allebei op dinsdagmiddag; spreekt Arabisch; helpt nog niemand; kan 2 buren tegelijk helpen"
        in html
    )
    assert "0,0 km" not in html
    assert "geen gemeenschappelijke taal; helpt nog niemand; kan 1 buur tegelijk helpen" in html
    best = worker.get(f"/help/console/areas/{place['code']}/best").get_data(as_text=True)
    assert "Voorgestelde paren (1)" in best and "zelfde soort hulp; " in best and "zelfde buurt" in best


# --------------------------------------------------------------------------- propose


def test_proposing_creates_the_match_and_notifies_both(app, auth, place):
    response = propose(auth.client(place["worker"]), place, note="Hamid woont twee straten verder.")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/help/console/requests/{place['request']}"
    with app.app_context():
        match = db.session.scalars(select(HelpMatch)).one()
        assert (match.status, match.offer_id, match.note) == (
            PROPOSED,
            place["near"],
            "Hamid woont twee straten verder.",
        )
        assert match.proposed_by_id == place["worker"] and match.reasons
        told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "help_match_proposed")))
        assert told == {place["requester"], place["helper"]}
    page = auth.client(place["worker"]).get(f"/help/console/requests/{place['request']}").get_data(as_text=True)
    assert "Proposed" in page and "has not answered yet" in page and "Cancel the match" in page
    assert "/propose" not in page  # one live match at a time
    overview = auth.client(place["coordinator"]).get("/help/console").get_data(as_text=True)
    assert "matches-heading" in overview and "Hamid" in overview


def test_proposing_for_a_full_offer_shows_the_refusal_and_changes_nothing(app, auth, place):
    first = another_request(app, place)
    assert propose(auth.client(place["worker"]), place, request_id=first, offer_id=place["other"]).status_code == 302
    response = propose(auth.client(place["worker"]), place, offer_id=place["other"], note="Mijn notitie")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This offer is full" in html and "error-summary" in html
    assert match_count(app) == 1 and load_of(app, place["other"]) == 1
    with app.app_context():
        assert db.session.get(HelpRequest, place["request"]).status == OPEN


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"offer_id": ""}, "Choose an offer from the list."),
        ({"offer_id": "veel"}, "error-summary"),
        ({"offer_id": "99999"}, "This offer no longer exists"),
        ({"offer_id": "99999999999999999999999"}, "Choose an offer from the list."),
        ({"offer_id": "-1"}, "Choose an offer from the list."),
        ({"note": "n" * 1001}, "1000"),
    ],
)
def test_bad_input_to_propose_is_a_422_with_a_message(app, auth, place, data, message):
    data = {"offer_id": str(place["near"]), **data}
    response = auth.client(place["worker"]).post(f"/help/console/requests/{place['request']}/propose", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert match_count(app) == 0
    if "note" in data:
        assert "n" * 1001 in html  # the input is kept


def test_a_post_without_csrf_token_is_refused(app, auth, place, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert propose(auth.client(place["worker"]), place).status_code == 400
    assert match_count(app) == 0


def test_the_forms_carry_a_csrf_token(app, auth, place, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    html = auth.client(place["worker"]).get(f"/help/console/requests/{place['request']}").get_data(as_text=True)
    forms = html.count('<form method="post"')
    assert forms > 1 and html.count('name="csrf_token"') >= forms


# --------------------------------------------------------------------------- best set


def test_the_best_set_lists_pairs_never_a_crisis_request_and_proposes_back_here(app, auth, place):
    crisis_id = another_request(app, place, description=CRISIS_TEXT, name="Cato Crisis")
    worker = auth.client(place["worker"])
    for code in (place["code"], place["district"]):  # a district includes its neighbourhoods
        html = worker.get(f"/help/console/areas/{code}/best").get_data(as_text=True)
        table = html[html.index("pairs-heading") :]
        assert f"/help/console/requests/{place['request']}/propose" in table
        assert f"/help/console/requests/{crisis_id}/propose" not in html
        assert "same kind; both about shopping; same neighbourhood" in table
        assert "Cato Crisis" in html[: html.index("pairs-heading")]
    url = f"/help/console/areas/{place['district']}/best"
    response = propose(worker, place, next=url)
    assert response.status_code == 302 and response.headers["Location"] == url
    assert f"/help/console/requests/{place['request']}/propose" not in worker.get(url).get_data(as_text=True)


def test_the_best_set_shares_scarce_places_over_all_requests(app, auth, place):
    second = another_request(app, place, kind="groceries", name="Kees Twee")
    html = auth.client(place["worker"]).get(f"/help/console/areas/{place['code']}/best").get_data(as_text=True)
    assert "Proposed pairs (2)" in html
    assert f"/requests/{place['request']}/propose" in html and f"/requests/{second}/propose" in html


# --------------------------------------------------------------------------- safety


def test_a_flagged_offer_leaves_the_suggestions_until_the_flag_is_lifted(auth, place):
    worker = auth.client(place["worker"])
    url = f"/help/console/requests/{place['request']}"
    response = worker.post(
        f"/help/console/offers/{place['near']}/flag", data={"reason": "Klachten van buren", "next": url}
    )
    assert response.status_code == 302 and response.headers["Location"] == url
    assert "<h3>Hamid" not in worker.get(url).get_data(as_text=True)
    overview = worker.get("/help/console").get_data(as_text=True)
    assert "Offer flagged" in overview and "Klachten van buren" in overview
    assert worker.post(f"/help/console/offers/{place['near']}/flag", data={"lift": "1"}).status_code == 302
    assert "<h3>Hamid" in worker.get(url).get_data(as_text=True)


def test_a_blocked_person_leaves_the_suggestions_and_the_best_set(auth, place):
    worker = auth.client(place["worker"])
    url = f"/help/console/requests/{place['request']}"
    assert (
        worker.post(f"/help/console/people/{place['helper']}/block", data={"reason": "Ongepast gedrag"}).status_code
        == 302
    )
    assert "<h3>Hamid" not in worker.get(url).get_data(as_text=True)
    overview = worker.get("/help/console").get_data(as_text=True)
    assert "Blocked from matching" in overview and "Ongepast gedrag" in overview
    assert worker.post(f"/help/console/people/{place['helper']}/unblock").status_code == 302
    assert "<h3>Hamid" in worker.get(url).get_data(as_text=True)
    assert (
        worker.post(f"/help/console/people/{place['requester']}/block", data={"reason": "Misbruik"}).status_code == 302
    )
    page = worker.get(url).get_data(as_text=True)
    assert "Misbruik" in page and "/propose" not in page
    best = worker.get(f"/help/console/areas/{place['code']}/best").get_data(as_text=True)
    assert f"/requests/{place['request']}/propose" not in best


@pytest.mark.parametrize("action", ["offers/{near}/flag", "people/{helper}/block"])
@pytest.mark.parametrize("reason", ["", "   ", "r" * 301])
def test_a_flag_or_block_needs_a_reason(app, auth, place, action, reason):
    response = auth.client(place["worker"]).post(
        "/help/console/" + action.format(**place), data={"reason": reason, "next": "/help/console"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="reason-error"' in html and "error-summary" in html
    if reason.strip():
        assert reason in html  # kept
    with app.app_context():
        assert db.session.get(HelpOffer, place["near"]).flagged_reason is None
        assert db.session.get(HelpBlock, place["helper"]) is None


def test_a_hostile_next_is_not_followed(auth, place):
    response = auth.client(place["worker"]).post(
        f"/help/console/offers/{place['near']}/flag", data={"lift": "1", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/help/console"


# --------------------------------------------------------------------------- cancel


def test_cancelling_frees_the_place_and_opens_the_request_again(app, auth, place):
    worker = auth.client(place["worker"])
    propose(worker, place)
    assert load_of(app, place["near"]) == 1
    with app.app_context():
        match_id = db.session.scalars(select(HelpMatch.id)).one()
    response = worker.post(f"/help/console/matches/{match_id}/cancel")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(HelpMatch, match_id).status == CANCELLED
        assert db.session.get(HelpRequest, place["request"]).status == OPEN
    assert load_of(app, place["near"]) == 0
    again = worker.post(f"/help/console/matches/{match_id}/cancel")
    assert again.status_code == 422 and "already been closed" in again.get_data(as_text=True)
    assert auth.client(place["other_worker"]).post(f"/help/console/matches/{match_id}/cancel").status_code == 403


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_pages_are_valid_enough_in_both_languages(app, auth, place, language):
    crisis_id = another_request(app, place, description=CRISIS_TEXT)
    with app.app_context():
        db.session.get(User, place["coordinator"]).locale = language
        db.session.commit()
    client = auth.client(place["coordinator"])
    propose(client, place, request_id=another_request(app, place), offer_id=place["other"])
    for url in [
        "/help/console",
        f"/help/console/requests/{place['request']}",
        f"/help/console/requests/{crisis_id}",
        f"/help/console/areas/{place['district']}/best",
    ]:
        html = client.get(url).get_data(as_text=True)
        assert f'<html lang="{language}">' in html, url
        assert "style=" not in html and "<script>" not in html, url
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), f"duplicate ids on {url}"
        for field_id in re.findall(r'<(?:input|textarea|select)[^>]*\sid="([^"]+)"', html):
            assert f'for="{field_id}"' in html, f"{url}: field {field_id} has no label"


# --------------------------------------------------------------------------- closing as the team


def test_the_team_closes_a_crisis_request_after_calling_with_a_reason_logged(app, auth, place):
    crisis = another_request(app, place, description="Ik kan niet meer, ik wil een eind aan mijn leven maken.")
    worker = auth.client(place["worker"])
    page = worker.get(f"/help/console/requests/{crisis}").get_data(as_text=True)
    assert "close-reason" in page
    refused = worker.post(f"/help/console/requests/{crisis}/close", data={"reason": ""})
    assert refused.status_code == 422
    done = worker.post(f"/help/console/requests/{crisis}/close", data={"reason": "Gebeld, huisarts ingeschakeld."})
    assert done.status_code == 302
    with app.app_context():
        from portal.audit import AuditEntry

        assert db.session.get(HelpRequest, crisis).status == "closed"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "help.close_request"))
        assert entry.detail == "Gebeld, huisarts ingeschakeld." and entry.actor_id == place["worker"]
    other = auth.client(place["other_worker"]).post(f"/help/console/requests/{crisis}/close", data={"reason": "x"})
    assert other.status_code == 403


def test_the_console_leads_to_the_check_ins_and_the_requests_held_for_each_team(app, auth, place):
    with app.app_context():
        slug = db.session.get(HelpRequest, place["request"]).area.team.slug
    html = auth.client(place["worker"]).get("/help/console").get_data(as_text=True)
    assert 'href="/help/console/check-ins"' in html
    assert f'href="/help/teams/{slug}/held"' in html
