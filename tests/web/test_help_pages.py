"""The residents' help pages: overview, offers, requests, responding, my help, and a match.

Requests are seen by logged-in neighbours near them only (kind, area, when, a first name; the stricter
rules by role and area are in test_help_privacy.py), offers by anyone; resident pages send visitors to log
in; a match is seen by its two sides and the team's workers only; bad input on every form is
refused with 422, the input kept and nothing stored; a crisis shows the emergency numbers.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
from portal.help import services_matches
from portal.help.models import ACCEPTED, CLOSED, DONE, EXPIRED, OPEN, HelpMatch, HelpOffer, HelpRequest
from tests.factories import make_user
from tests.factories.help import make_help_place, make_offer, make_request

TEAM_PHONE = "050 367 1234"
CRISIS_TEXT = "Mijn man slaat me en ik durf niet meer naar huis."


@pytest.fixture
def place(app):
    """make_help_place(), committed; the ids and the private details to look for.

    Everyone keeps the default language, Dutch, so the pages are checked as a Dutch resident sees
    them (the msgstr of translations/nl); a test that checks English chooses it explicitly.
    """
    with app.app_context():
        where = make_help_place()
        where.team.phone, where.team.walk_in_hours = TEAM_PHONE, "Maandag tot vrijdag 9:00-12:00"
        stranger = make_user(area_id=where.area.id, name="Sjaak Vreemd")
        homeless = make_user(name="Noor Zonderhuis")
        db.session.commit()
        ids = {
            "area": where.area.id,
            "area_code": where.area.code,
            "team": where.team.slug,
            "worker": where.worker.id,
            "other_worker": where.other_worker.id,
            "requester": where.requester.id,
            "helper": where.helper.id,
            "stranger": stranger.id,
            "homeless": homeless.id,
            "requester_email": where.requester.email,
            "helper_email": where.helper.email,
        }
        db.session.remove()
    return ids


def committed(app, build):
    """Run ``build(users)`` in an application context, commit, and return the id of what it made."""
    with app.app_context():
        made = build(lambda user_id: db.session.get(User, user_id))
        db.session.commit()
        made_id = made.id
        db.session.remove()
    return made_id


def an_offer(app, place, **fields) -> int:
    return committed(app, lambda user: make_offer(user(place["helper"]), **fields))


def a_request(app, place, **fields) -> int:
    return committed(app, lambda user: make_request(user(place["requester"]), **fields))


def proposed(app, place, request_id: int, offer_id: int) -> int:
    """A worker of the team proposes the offer for the request (as the console would)."""
    return committed(
        app,
        lambda user: services_matches.propose(
            user(place["worker"]),
            db.session.get(HelpRequest, request_id),
            db.session.get(HelpOffer, offer_id),
            "Hamid woont twee straten verder.",
        ),
    )


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def html_of(response) -> str:
    return response.get_data(as_text=True)


PRIVATE = ("Vos", "Bakr", "06 11112222", "06 33334444", "@example.org")


def assert_private(html: str) -> None:
    for detail in PRIVATE:
        assert detail not in html, f"{detail!r} shown on a public page"


# --------------------------------------------------------------------------- the public overview


def test_the_overview_lists_open_requests_and_offers_with_first_names_only(app, auth, place):
    offer_id = an_offer(app, place, kinds=("groceries", "lift"), radius_km=2.0)
    request_id = a_request(app, place, urgency="high")
    visitor = app.test_client()
    neighbour = auth.client(place["stranger"])  # requests are for logged-in neighbours only
    requests = html_of(neighbour.get("/help/"))
    assert f'<a href="/help/requests/{request_id}">Boodschappen</a>' in requests  # Groceries
    assert "Riet" in requests and "Zonnebuurt" in requests
    assert "dinsdagmiddag" in requests and "Dringend: binnen een paar dagen" in requests  # Urgent: within days
    assert "Hulp aanbieden" in requests and "Vraag om hulp" in requests  # Offer help, Ask for help
    assert_private(requests)
    offers = html_of(visitor.get("/help/?show=offers"))
    assert f'<a href="/help/offers/{offer_id}">Boodschappen, Vervoer</a>' in offers  # Groceries, A lift
    assert "Hamid" in offers and "Tot 2 km van huis" in offers
    assert "dinsdagmiddag" in offers
    assert_private(offers)
    english = app.test_client()
    english.set_cookie("lang", "en")  # the English wording, chosen explicitly
    in_english = html_of(english.get("/help/?show=offers"))
    assert '<html lang="en">' in in_english and "Hamid" in in_english
    assert "Tuesday afternoon" in in_english and "Up to 2 km from home" in in_english
    assert "Offer help" in in_english and "Ask for help" in in_english
    assert_private(in_english)


def test_the_filters_work_as_a_get_form_and_as_an_htmx_fragment(app, auth, place):
    a_request(app, place)
    a_request(app, place, kind="lift", description="Wie brengt mij naar de markt?")
    client = auth.client(place["stranger"])
    only_lifts = html_of(client.get("/help/?kind=lift"))
    assert "Wie brengt mij naar de markt?" in only_lifts and "boodschappen voor mij" not in only_lifts
    assert "1 open hulpvraag" in only_lifts
    here = html_of(client.get(f"/help/?area={place['area_code']}"))
    assert "2 open hulpvragen" in here
    assert "0 open hulpvragen" in html_of(client.get("/help/?area=GM9999"))
    fragment = client.get("/help/?kind=lift", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in html_of(fragment) and "markt" in html_of(fragment)
    junk = client.get("/help/?kind=<script>&area=%22%3E&page=-4&show=everything")
    assert junk.status_code == 200 and "<script>" not in html_of(junk)


def test_the_overview_pages_through_many_requests(app, auth, place):
    with app.app_context():
        requester = db.session.get(User, place["requester"])
        for number in range(14):
            make_request(requester, description=f"Boodschappen nummer {number:02d} graag")
        db.session.commit()
    client = auth.client(place["stranger"])
    first = html_of(client.get("/help/"))
    assert "14 open hulpvragen" in first and "nummer 13" in first and "nummer 01" not in first
    assert 'rel="next"' in first
    second = html_of(client.get("/help/?page=2"))
    assert "nummer 01" in second and "nummer 13" not in second


def test_crisis_closed_expired_and_matched_requests_and_paused_or_flagged_offers_are_not_listed(app, auth, place):
    crisis = a_request(app, place, description=CRISIS_TEXT)
    closed = a_request(app, place, description="Deze vraag is al gesloten, dank.")
    expired = a_request(app, place, description="Deze vraag is al verlopen, jammer.")
    paused = an_offer(app, place, description="Gepauzeerd aanbod van Hamid hier.")
    flagged = an_offer(app, place, kinds=("garden",), description="Gemarkeerd aanbod voor de tuin.")
    with app.app_context():
        db.session.get(HelpRequest, closed).status = CLOSED
        db.session.get(HelpRequest, expired).status = EXPIRED
        db.session.get(HelpOffer, paused).paused = True
        db.session.get(HelpOffer, flagged).flagged_reason = "Klachten"
        db.session.commit()
    client = auth.client(place["stranger"])
    requests, offers = html_of(client.get("/help/")), html_of(app.test_client().get("/help/?show=offers"))
    assert "0 open hulpvragen" in requests and "slaat" not in requests
    assert "0 hulpaanbiedingen" in offers and "Gepauzeerd" not in offers and "Gemarkeerd" not in offers
    assert app.test_client().get(f"/help/offers/{paused}").status_code == 404
    for url in (f"/help/requests/{crisis}", f"/help/requests/{closed}", f"/help/offers/{paused}"):
        assert client.get(url).status_code == 404
        assert auth.client(place["other_worker"]).get(url).status_code == 404
    owner_view = auth.client(place["requester"]).get(f"/help/requests/{crisis}")
    assert owner_view.status_code == 200 and "112" in html_of(owner_view)
    assert auth.client(place["worker"]).get(f"/help/requests/{crisis}").status_code == 200
    assert auth.client(place["helper"]).get(f"/help/offers/{paused}").status_code == 200
    assert auth.client(place["worker"]).get(f"/help/offers/{flagged}").status_code == 200


def test_a_request_with_a_match_under_way_is_not_listed(app, auth, place):
    request_id = a_request(app, place)
    proposed(app, place, request_id, an_offer(app, place))
    assert "0 open hulpvragen" in html_of(auth.client(place["stranger"]).get("/help/"))
    page = html_of(auth.client(place["stranger"]).get(f"/help/requests/{request_id}"))
    assert "Voor deze hulpvraag is al een buurtbewoner voorgesteld." in page and "/respond" not in page


# --------------------------------------------------------------------------- detail pages


def test_the_detail_pages_show_no_private_details_and_requests_only_to_neighbours(app, auth, place):
    request_id = a_request(app, place, description="Boodschappen graag, bel 06 11112222 of riet@example.org")
    offer_id = an_offer(app, place)
    visitor = app.test_client()
    sent_away = visitor.get(f"/help/requests/{request_id}")
    assert sent_away.status_code == 302 and "/account/login" in sent_away.headers["Location"]
    request_page = html_of(auth.client(place["stranger"]).get(f"/help/requests/{request_id}"))
    assert "Riet" in request_page and "Ik kan helpen" in request_page
    assert "(contactgegevens verborgen)" in request_page
    assert_private(request_page)
    offer_page = html_of(visitor.get(f"/help/offers/{offer_id}"))
    assert "Hamid" in offer_page and "Log in om deze hulp te vragen" in offer_page
    assert_private(offer_page)
    assert auth.client(place["stranger"]).get("/help/requests/999999").status_code == 404
    assert visitor.get("/help/offers/999999").status_code == 404


def test_the_buttons_depend_on_who_looks(app, auth, place):
    request_id = a_request(app, place)
    offer_id = an_offer(app, place)
    stranger_request = html_of(auth.client(place["stranger"]).get(f"/help/requests/{request_id}"))
    assert f"/help/requests/{request_id}/respond" in stranger_request
    owner_request = html_of(auth.client(place["requester"]).get(f"/help/requests/{request_id}"))
    assert f"/help/requests/{request_id}/respond" not in owner_request
    assert f"/help/requests/{request_id}/close" in owner_request
    stranger_offer = html_of(auth.client(place["stranger"]).get(f"/help/offers/{offer_id}"))
    assert f"/help/offers/{offer_id}/ask" in stranger_offer and "/edit" not in stranger_offer
    owner_offer = html_of(auth.client(place["helper"]).get(f"/help/offers/{offer_id}"))
    assert f"/help/offers/{offer_id}/edit" in owner_offer and f"/help/offers/{offer_id}/pause" in owner_offer
    assert f"/help/offers/{offer_id}/ask" not in owner_offer


# --------------------------------------------------------------------------- who may use which page


def test_resident_pages_send_visitors_to_log_in(app, place):
    request_id, offer_id = a_request(app, place), an_offer(app, place)
    match_id = proposed(app, place, request_id, offer_id)
    visitor = app.test_client()
    gets = [
        f"/help/requests/{request_id}",
        f"/help/requests/{request_id}/edit",
        "/help/offers/new",
        "/help/requests/new",
        "/help/mine",
        f"/help/offers/{offer_id}/edit",
        f"/help/requests/{request_id}/respond",
        f"/help/offers/{offer_id}/ask",
        f"/help/matches/{match_id}",
    ]
    posts = [
        f"/help/offers/{offer_id}/pause",
        f"/help/offers/{offer_id}/resume",
        f"/help/requests/{request_id}/close",
        f"/help/offers/{offer_id}/withdraw",
        f"/help/matches/{match_id}/answer",
        f"/help/matches/{match_id}/finish",
        f"/help/matches/{match_id}/feedback",
    ]
    for url in gets:
        response = visitor.get(url)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], url
    for url in posts:
        response = visitor.post(url, data={})
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], url


def test_a_match_is_seen_by_its_two_sides_and_the_teams_workers_only(app, auth, place):
    match_id = proposed(app, place, a_request(app, place), an_offer(app, place))
    url = f"/help/matches/{match_id}"
    for who in ("requester", "helper", "worker"):
        assert auth.client(place[who]).get(url).status_code == 200, who
    assert auth.client(place["stranger"]).get(url).status_code == 404
    assert auth.client(place["other_worker"]).get(url).status_code == 403  # the owner-or-team rule
    stranger = auth.client(place["stranger"])
    assert stranger.post(f"{url}/answer", data={"answer": "yes", "contact": "email"}).status_code == 404
    assert stranger.post(f"{url}/finish").status_code == 404
    assert stranger.post(f"{url}/feedback", data={"worked": "yes"}).status_code == 404
    assert auth.client(place["stranger"]).get("/help/matches/999999").status_code == 404


def test_only_the_owner_changes_pauses_or_closes(app, auth, place):
    request_id, offer_id = a_request(app, place), an_offer(app, place)
    stranger = auth.client(place["stranger"])
    assert stranger.get(f"/help/offers/{offer_id}/edit").status_code == 403
    assert stranger.post(f"/help/offers/{offer_id}/pause").status_code == 403
    assert stranger.post(f"/help/requests/{request_id}/close").status_code == 403
    worker = auth.client(place["worker"])
    assert worker.get(f"/help/offers/{offer_id}/edit").status_code == 302  # workers see, but do not change
    assert worker.post(f"/help/offers/{offer_id}/pause").status_code == 303
    assert worker.post(f"/help/requests/{request_id}/close").status_code == 303
    with app.app_context():
        assert db.session.get(HelpOffer, offer_id).paused is False
        assert db.session.get(HelpRequest, request_id).status == OPEN


# --------------------------------------------------------------------------- offers


def offer_data(**overrides) -> dict:
    data = {
        "kinds": ["groceries", "company"],
        "description": "Ik loop graag een rondje met iemand uit de buurt.",
        "where": "distance",
        "radius_km": "1,5",
        "slots": ["tue-afternoon", "sat-morning"],
        "regular": "regular",
        "languages": ["nl", "ar"],
        "capacity": "2",
    }
    data.update(overrides)
    return data


def test_a_resident_offers_help_changes_pauses_and_resumes_it(app, auth, place):
    helper = auth.client(place["helper"])
    form = html_of(helper.get("/help/offers/new"))
    assert '<fieldset id="kinds"' in form and "<legend>" in form and 'for="slots-mon-morning"' in form
    assert 'for="slots-tue-afternoon">dinsdagmiddag</label>' in form
    response = helper.post("/help/offers/new", data=offer_data())
    assert response.status_code == 302
    with app.app_context():
        offer = db.session.scalars(select(HelpOffer)).one()
        assert offer.kinds == ["company", "groceries"] and offer.radius_km == 1.5 and offer.capacity == 2
        assert offer.slots == ["tue-afternoon", "sat-morning"] and offer.regular and offer.languages == ["nl", "ar"]
        offer_id = offer.id
    assert response.headers["Location"] == f"/help/offers/{offer_id}"
    edit = html_of(helper.get(f"/help/offers/{offer_id}/edit"))
    assert "Ik loop graag een rondje" in edit and 'value="tue-afternoon" checked' in edit
    changed = helper.post(f"/help/offers/{offer_id}/edit", data=offer_data(where="own", radius_km="", slots=[]))
    assert changed.status_code == 302
    assert (
        helper.post(f"/help/offers/{offer_id}/pause", data={"next": "/help/mine"}).headers["Location"] == "/help/mine"
    )
    with app.app_context():
        offer = db.session.get(HelpOffer, offer_id)
        assert offer.radius_km is None and offer.slots == [] and offer.paused
    assert "0 hulpaanbiedingen" in html_of(app.test_client().get("/help/?show=offers"))  # offers stay public
    helper.post(f"/help/offers/{offer_id}/resume", data={"next": "https://evil.example/"})
    with app.app_context():
        assert db.session.get(HelpOffer, offer_id).paused is False


def test_a_resident_without_a_home_is_sent_to_their_profile(app, auth, place):
    homeless = auth.client(place["homeless"])
    for url in ("/help/offers/new",):
        page = homeless.get(url)
        assert page.status_code == 200 and "/account/" in html_of(page) and "postcode" in html_of(page)
    refused = homeless.post("/help/offers/new", data=offer_data())
    assert refused.status_code == 422 and "/account/" in html_of(refused)
    offer_id = an_offer(app, place)
    request_id = a_request(app, place)
    assert "/account/" in html_of(homeless.get(f"/help/offers/{offer_id}/ask"))
    assert "/account/" in html_of(homeless.get(f"/help/requests/{request_id}/respond"))
    assert count(app, HelpOffer) == 1 and count(app, HelpRequest) == 1


BAD_OFFERS = [
    ("kinds", [], "kinds"),
    ("kinds", ["juggling"], "kinds"),
    ("description", "", "description"),
    ("description", "kort", "description"),
    ("description", "x" * 2001, "description"),
    ("where", "moon", "where"),
    ("radius_km", "", "radius_km"),
    ("radius_km", "ver", "radius_km"),
    ("radius_km", "80", "radius_km"),
    ("radius_km", "NaN", "radius_km"),
    ("radius_km", "Infinity", "radius_km"),
    ("slots", ["mon-night"], "slots"),
    ("slots", ["<script>alert(1)</script>"], "slots"),
    ("regular", "always", "regular"),
    ("languages", ["klingon"], "languages"),
    ("capacity", "0", "capacity"),
    ("capacity", "11", "capacity"),
    ("capacity", "", "capacity"),
    ("capacity", "twee", "capacity"),
    ("capacity", "99999999999999999999999", "capacity"),
]


@pytest.mark.parametrize(("name", "value", "field"), BAD_OFFERS, ids=[f"{n}={str(v)[:12]}" for n, v, _ in BAD_OFFERS])
def test_bad_offer_input_is_refused_with_the_input_kept(app, auth, place, name, value, field):
    response = auth.client(place["helper"]).post("/help/offers/new", data=offer_data(**{name: value}))
    html = html_of(response)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and "error-summary" in html
    if name != "description":
        assert "Ik loop graag een rondje met iemand uit de buurt." in html  # the rest is kept
    assert count(app, HelpOffer) == 0


def test_bad_input_when_changing_an_offer_changes_nothing(app, auth, place):
    offer_id = an_offer(app, place)
    response = auth.client(place["helper"]).post(f"/help/offers/{offer_id}/edit", data=offer_data(capacity="0"))
    assert response.status_code == 422 and 'id="capacity-error"' in html_of(response)
    with app.app_context():
        assert db.session.get(HelpOffer, offer_id).capacity == 1


def test_capacity_below_the_current_load_is_refused_by_the_service(app, auth, place):
    offer_id = an_offer(app, place, capacity=2)
    proposed(app, place, a_request(app, place), offer_id)
    proposed(
        app,
        place,
        committed(app, lambda user: make_request(user(place["stranger"]))),
        offer_id,
    )
    response = auth.client(place["helper"]).post(f"/help/offers/{offer_id}/edit", data=offer_data(capacity="1"))
    assert response.status_code == 422 and 'id="capacity-error"' in html_of(response)
    assert "Je helpt nu 2 mensen" in html_of(response)
    with app.app_context():
        assert db.session.get(HelpOffer, offer_id).capacity == 2


# --------------------------------------------------------------------------- requests


def request_data(place, **overrides) -> dict:
    data = {
        "kind": "lift",
        "description": "Wie kan mij donderdag naar de markt brengen?",
        "area_id": str(place["area"]),
        "when": "slots",
        "slots": ["thu-morning"],
        "on_date": "",
        "from_date": "",
        "until_date": "",
        "urgency": "normal",
        "languages": ["nl"],
    }
    data.update(overrides)
    return data


def test_a_resident_asks_for_help_on_a_date_or_in_a_period(app, auth, place):
    client = auth.client(place["requester"])
    form = html_of(client.get("/help/requests/new"))
    assert f'<option selected value="{place["area"]}">' in form or f'value="{place["area"]}" selected' in form
    assert "112" in form
    soon = date.today() + timedelta(days=10)
    on_date = client.post("/help/requests/new", data=request_data(place, when="date", on_date=soon.isoformat()))
    assert on_date.status_code == 302
    assert "Je hulpvraag is opgeslagen" in html_of(client.get(on_date.headers["Location"]))
    period = request_data(
        place, when="period", from_date=soon.isoformat(), until_date=(soon + timedelta(days=3)).isoformat()
    )
    assert client.post("/help/requests/new", data=period).status_code == 302
    with app.app_context():
        first, second = db.session.scalars(select(HelpRequest).order_by(HelpRequest.id)).all()
        assert (first.when, first.on_date, first.until_date, first.slots) == ("date", soon, None, [])
        assert (second.when, second.on_date, second.until_date) == ("period", soon, soon + timedelta(days=3))
        assert not first.crisis and first.kind == "lift"


def test_a_crisis_request_shows_the_emergency_numbers_and_the_team(app, auth, place):
    client = auth.client(place["requester"])
    response = client.post("/help/requests/new", data=request_data(place, description=CRISIS_TEXT))
    html = html_of(response)
    assert response.status_code == 200  # a page of its own, not a redirect to waiting
    assert "112" in html and "0800-2000" in html and "0800-0113" in html
    assert TEAM_PHONE in html and "Maandag tot vrijdag" in html and "WIJ Hulpteam" in html
    with app.app_context():
        stored = db.session.scalars(select(HelpRequest)).one()
        assert stored.crisis and stored.status == OPEN
    assert "0 open hulpvragen" in html_of(auth.client(place["stranger"]).get("/help/"))


BAD_REQUESTS = [
    ("kind", "", "kind"),
    ("kind", "juggling", "kind"),
    ("description", "", "description"),
    ("description", "x" * 2001, "description"),
    ("area_id", "", "area_id"),
    ("area_id", "999999", "area_id"),
    ("area_id", "drop table", "area_id"),
    ("when", "someday", "when"),
    ("slots", ["mon-night"], "slots"),
    ("urgency", "yesterday", "urgency"),
    ("languages", ["xx"], "languages"),
]
BAD_DATES = [
    ({"when": "date", "on_date": ""}, "on_date"),
    ({"when": "date", "on_date": "31-31-2026"}, "on_date"),
    ({"when": "date", "on_date": "0001-01-01"}, "on_date"),
    ({"when": "date", "on_date": "2001-01-01"}, "on_date"),  # in the past: the service refuses
    ({"when": "period", "from_date": "", "until_date": ""}, "from_date"),
    ({"when": "period", "from_date": "2099-06-10", "until_date": "2099-06-01"}, "until_date"),
    ({"when": "period", "from_date": "2001-01-01", "until_date": "2099-06-01"}, "from_date"),
]


@pytest.mark.parametrize(
    ("name", "value", "field"), BAD_REQUESTS, ids=[f"{n}={str(v)[:12]}" for n, v, _ in BAD_REQUESTS]
)
def test_bad_request_input_is_refused_with_the_input_kept(app, auth, place, name, value, field):
    response = auth.client(place["requester"]).post("/help/requests/new", data=request_data(place, **{name: value}))
    html = html_of(response)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and "error-summary" in html
    if name != "description":
        assert "Wie kan mij donderdag naar de markt brengen?" in html
    assert count(app, HelpRequest) == 0


@pytest.mark.parametrize(("changes", "field"), BAD_DATES, ids=[str(c) for c, _ in BAD_DATES])
def test_bad_dates_are_refused_next_to_their_field(app, auth, place, changes, field):
    response = auth.client(place["requester"]).post("/help/requests/new", data=request_data(place, **changes))
    html = html_of(response)
    assert response.status_code == 422 and f'id="{field}-error"' in html
    assert "Wie kan mij donderdag naar de markt brengen?" in html
    assert count(app, HelpRequest) == 0


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert('x')</script>", '"><img src=x onerror=alert(1)>', "Robert'); DROP TABLE help_request;--"],
)
def test_hostile_text_is_stored_as_text_and_shown_escaped(app, auth, place, hostile):
    client = auth.client(place["requester"])
    response = client.post("/help/requests/new", data=request_data(place, description=f"Hulp graag {hostile} dank"))
    assert response.status_code == 302
    for page in (client.get(response.headers["Location"]), auth.client(place["stranger"]).get("/help/")):
        html = html_of(page)
        assert "<script>alert" not in html and "<img src=x" not in html
    with app.app_context():
        assert hostile in db.session.scalars(select(HelpRequest.description)).one()


def test_the_owner_closes_a_request(app, auth, place):
    request_id = a_request(app, place)
    client = auth.client(place["requester"])
    assert client.post(f"/help/requests/{request_id}/close", data={"next": "/help/mine"}).status_code == 303
    with app.app_context():
        assert db.session.get(HelpRequest, request_id).status == CLOSED
    again = client.post(f"/help/requests/{request_id}/close")
    assert again.status_code == 303
    assert "Deze hulpvraag is al gesloten" in html_of(client.get(again.headers["Location"]))


# --------------------------------------------------------------------------- responding


def test_i_can_help_becomes_a_match_the_requester_answers(app, auth, place):
    request_id = a_request(app, place)
    helper = auth.client(place["helper"])
    form = html_of(helper.get(f"/help/requests/{request_id}/respond"))
    assert place["helper_email"] in form and "06 33334444" in form  # their own details, to choose from
    response = helper.post(
        f"/help/requests/{request_id}/respond",
        data={"message": "Ik kan dinsdag met je mee naar de Jumbo.", "contact": "phone"},
    )
    assert response.status_code == 302
    with app.app_context():
        match = db.session.scalars(select(HelpMatch)).one()
        assert (match.helper_answer, match.helper_contact, match.requester_answer) == ("yes", "06 33334444", None)
        match_id = match.id
    assert response.headers["Location"] == f"/help/matches/{match_id}"
    requester_view = html_of(auth.client(place["requester"]).get(f"/help/matches/{match_id}"))
    assert "06 33334444" not in requester_view and "Ik kan dinsdag met je mee" in requester_view
    own = auth.client(place["requester"]).get(f"/help/requests/{request_id}/respond")
    assert own.status_code == 302


BAD_RESPONSES = [
    ({"message": ""}, "message"),
    ({"message": "x" * 1001}, "message"),
    ({"contact": "fax"}, "contact"),
    ({"contact": "other", "other_contact": ""}, "other_contact"),
    ({"contact": "other", "other_contact": "y" * 201}, "other_contact"),
]


@pytest.mark.parametrize(("changes", "field"), BAD_RESPONSES, ids=[str(c)[:30] for c, _ in BAD_RESPONSES])
def test_bad_input_when_responding_is_refused_and_nothing_is_stored(app, auth, place, changes, field):
    request_id = a_request(app, place)
    data = {"message": "Ik kan dinsdag met je mee naar de Jumbo.", "contact": "email", **changes}
    response = auth.client(place["helper"]).post(f"/help/requests/{request_id}/respond", data=data)
    html = html_of(response)
    assert response.status_code == 422 and f'id="{field}-error"' in html
    if "message" not in changes:
        assert "Ik kan dinsdag met je mee naar de Jumbo." in html
    assert count(app, HelpMatch) == 0 and count(app, HelpOffer) == 0


def test_a_refused_response_stores_no_half_made_offer(app, auth, place):
    request_id = a_request(app, place)
    proposed(app, place, request_id, an_offer(app, place))  # a match is already under way
    stranger = auth.client(place["stranger"])
    response = stranger.post(
        f"/help/requests/{request_id}/respond",
        data={"message": "Ik help ook graag mee hoor.", "contact": "email"},
    )
    assert response.status_code == 422
    assert "Voor deze hulpvraag is al een koppeling voorgesteld of geaccepteerd" in html_of(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(HelpOffer.id)).where(HelpOffer.user_id == place["stranger"])) == 0


def test_asking_for_help_from_an_offer(app, auth, place):
    offer_id = an_offer(app, place, kinds=("groceries", "lift"))
    client = auth.client(place["requester"])
    page = html_of(client.get(f"/help/offers/{offer_id}/ask"))
    assert "Vervoer" in page and "Klusjes" not in page  # A lift, not Odd jobs
    bad = client.post(f"/help/offers/{offer_id}/ask", data={"kind": "garden", "message": "Help met de tuin graag."})
    assert bad.status_code == 422 and 'id="kind-error"' in html_of(bad) and "Help met de tuin graag." in html_of(bad)
    empty = client.post(f"/help/offers/{offer_id}/ask", data={"kind": "lift", "message": "", "contact": "email"})
    assert empty.status_code == 422 and 'id="message-error"' in html_of(empty)
    assert count(app, HelpRequest) == 0 and count(app, HelpMatch) == 0
    done = client.post(
        f"/help/offers/{offer_id}/ask",
        data={"kind": "lift", "message": "Kun je me donderdag naar het ziekenhuis brengen?", "contact": "email"},
    )
    assert done.status_code == 302
    with app.app_context():
        match = db.session.scalars(select(HelpMatch)).one()
        assert match.request.kind == "lift" and match.requester_answer == "yes" and match.helper_answer is None
    assert auth.client(place["helper"]).get(f"/help/offers/{offer_id}/ask").status_code == 302  # own offer


def test_asking_an_offer_in_words_of_crisis_shows_the_emergency_page(app, auth, place):
    offer_id = an_offer(app, place)
    response = auth.client(place["requester"]).post(
        f"/help/offers/{offer_id}/ask", data={"kind": "groceries", "message": CRISIS_TEXT, "contact": "email"}
    )
    html = html_of(response)
    assert response.status_code == 200 and "112" in html and TEAM_PHONE in html
    assert count(app, HelpMatch) == 0
    with app.app_context():
        assert db.session.scalars(select(HelpRequest)).one().crisis


def test_asking_an_offer_about_a_private_matter_holds_it_for_the_team_before_the_neighbour_reads_it(app, auth, place):
    offer_id = an_offer(app, place)
    message = "Kun je me helpen met de brief van de deurwaarder over mijn schulden?"
    response = auth.client(place["requester"]).post(
        f"/help/offers/{offer_id}/ask", data={"kind": "groceries", "message": message, "contact": "email"}
    )
    html = html_of(response)
    assert response.status_code == 200 and "0800-2000" in html and TEAM_PHONE in html
    assert count(app, HelpMatch) == 0  # the neighbour is not asked until a worker has looked
    with app.app_context():
        held = db.session.scalars(select(HelpRequest)).one()
        assert held.held_at is not None and "debt" in held.sensitive_topics


# --------------------------------------------------------------------------- the whole flow


def test_the_full_flow_through_the_web_shares_contact_only_after_two_yeses(app, auth, place):
    helper, requester = auth.client(place["helper"]), auth.client(place["requester"])
    assert helper.post("/help/offers/new", data=offer_data(kinds=["lift"], slots=["thu-morning"])).status_code == 302
    assert requester.post("/help/requests/new", data=request_data(place)).status_code == 302
    with app.app_context():
        offer_id = db.session.scalars(select(HelpOffer.id)).one()
        request_id = db.session.scalars(select(HelpRequest.id)).one()
    match_id = proposed(app, place, request_id, offer_id)
    url = f"/help/matches/{match_id}"

    for client in (requester, helper):
        mine = html_of(client.get("/help/mine"))
        assert url in mine and "Laat weten of je deze koppeling accepteert." in mine
        page = html_of(client.get(url))
        assert "Hamid woont twee straten verder." in page and 'value="yes"' in page

    assert requester.post(f"{url}/answer", data={"answer": "yes", "contact": "phone"}).status_code == 303
    after_one = html_of(requester.get(url))
    assert place["helper_email"] not in after_one and "06 33334444" not in after_one
    helper_before = html_of(helper.get(url))
    assert "06 11112222" not in helper_before  # the helper's choice list holds only their own details
    assert "Jullie hebben allebei ja gezegd" not in helper_before

    twice = requester.post(f"{url}/answer", data={"answer": "no"})
    assert twice.status_code == 422 and "Je hebt al geantwoord" in html_of(twice)

    assert helper.post(f"{url}/answer", data={"answer": "yes", "contact": "email"}).status_code == 303
    requester_sees = html_of(requester.get(url))
    assert place["helper_email"] in requester_sees and "Hamid" in requester_sees and "Bakr" not in requester_sees
    helper_sees = html_of(helper.get(url))
    assert "06 11112222" in helper_sees and "Riet" in helper_sees and "Vos" not in helper_sees
    worker_sees = html_of(auth.client(place["worker"]).get(url))
    assert place["helper_email"] not in worker_sees and "06 11112222" not in worker_sees
    with app.app_context():
        assert db.session.get(HelpMatch, match_id).status == ACCEPTED

    early = requester.post(f"{url}/feedback", data={"worked": "yes"})
    assert early.status_code == 422 and "Als de hulp is gegeven, kun je laten weten" in html_of(early)
    assert requester.post(f"{url}/finish").status_code == 303
    again = helper.post(f"{url}/finish")
    assert again.status_code == 422 and "Alleen een geaccepteerde koppeling" in html_of(again)
    assert "Laat ons weten of het gelukt is." in html_of(helper.get("/help/mine"))

    bad = helper.post(f"{url}/feedback", data={"worked": "maybe", "note": "z" * 1001})
    assert bad.status_code == 422 and 'id="note-error"' in html_of(bad) and "z" * 1001 in html_of(bad)
    assert helper.post(f"{url}/feedback", data={"worked": "yes", "note": "Fijn geholpen!"}).status_code == 303
    assert requester.post(f"{url}/feedback", data={"worked": "no"}).status_code == 303
    with app.app_context():
        match = db.session.get(HelpMatch, match_id)
        assert match.status == DONE and (match.requester_feedback, match.helper_feedback) == ("not", "worked")
        assert "Fijn geholpen!" in match.feedback_note


def test_a_no_ends_the_match_without_sharing_anything(app, auth, place):
    match_id = proposed(app, place, a_request(app, place), an_offer(app, place))
    helper = auth.client(place["helper"])
    assert helper.post(f"/help/matches/{match_id}/answer", data={"answer": "no", "contact": "junk"}).status_code == 303
    page = html_of(auth.client(place["requester"]).get(f"/help/matches/{match_id}"))
    assert "06 33334444" not in page and place["helper_email"] not in page
    with app.app_context():
        assert db.session.get(HelpMatch, match_id).status == "declined"


BAD_ANSWERS = [
    ({}, "answer"),
    ({"answer": "maybe"}, "answer"),
    ({"answer": "yes", "contact": "other", "other_contact": ""}, "other_contact"),
    ({"answer": "yes", "contact": "other", "other_contact": "<script>" * 30}, "other_contact"),
    ({"answer": "yes", "contact": "carrier-pigeon"}, "contact"),
]


@pytest.mark.parametrize(("data", "field"), BAD_ANSWERS, ids=[str(d)[:30] for d, _ in BAD_ANSWERS])
def test_bad_answers_are_refused_and_nothing_changes(app, auth, place, data, field):
    match_id = proposed(app, place, a_request(app, place), an_offer(app, place))
    response = auth.client(place["requester"]).post(f"/help/matches/{match_id}/answer", data=data)
    html = html_of(response)
    assert response.status_code == 422 and f'id="{field}-error"' in html and "error-summary" in html
    assert "<script><script>" not in html
    with app.app_context():
        match = db.session.get(HelpMatch, match_id)
        assert (match.status, match.requester_answer, match.requester_contact) == ("proposed", None, None)


def test_something_else_is_shared_as_written(app, auth, place):
    match_id = proposed(app, place, a_request(app, place), an_offer(app, place))
    url = f"/help/matches/{match_id}/answer"
    other = {"answer": "yes", "contact": "other", "other_contact": "Bel aan op nummer 12"}
    assert auth.client(place["requester"]).post(url, data=other).status_code == 303
    assert auth.client(place["helper"]).post(url, data={"answer": "yes", "contact": "email"}).status_code == 303
    assert "Bel aan op nummer 12" in html_of(auth.client(place["helper"]).get(f"/help/matches/{match_id}"))


def test_my_help_lists_offers_requests_and_matches(app, auth, place):
    offer_id = an_offer(app, place)
    request_id = a_request(app, place)
    helper_page = html_of(auth.client(place["helper"]).get("/help/mine"))
    assert f"/help/offers/{offer_id}/pause" in helper_page and f"/help/offers/{offer_id}/edit" in helper_page
    requester_page = html_of(auth.client(place["requester"]).get("/help/mine"))
    assert f"/help/requests/{request_id}/close" in requester_page and "Open" in requester_page


def test_responding_to_a_request_that_is_no_longer_open_says_so_without_details(app, auth, place):
    closed = a_request(app, place, description="Deze vraag is inmiddels gesloten.")
    crisis = a_request(app, place, description=CRISIS_TEXT)
    with app.app_context():
        db.session.get(HelpRequest, closed).status = CLOSED
        db.session.commit()
    stranger = auth.client(place["stranger"])
    for request_id, text in ((closed, "inmiddels gesloten"), (crisis, "slaat")):
        page = stranger.get(f"/help/requests/{request_id}/respond")
        assert page.status_code == 200 and "staat niet meer open" in html_of(page) and text not in html_of(page)
        refused = stranger.post(
            f"/help/requests/{request_id}/respond", data={"message": "Ik help graag hoor.", "contact": "email"}
        )
        assert refused.status_code == 422
    assert count(app, HelpMatch) == 0 and count(app, HelpOffer) == 0


def test_every_form_carries_a_csrf_token_and_a_post_without_it_is_refused(app, auth, place, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    request_id, offer_id = a_request(app, place), an_offer(app, place)
    match_id = proposed(app, place, request_id, offer_id)
    helper = auth.client(place["helper"])
    for url in ("/help/offers/new", f"/help/requests/{request_id}/respond", f"/help/matches/{match_id}", "/help/mine"):
        assert 'name="csrf_token"' in html_of(helper.get(url)), url
    assert helper.post("/help/offers/new", data=offer_data()).status_code == 400
    assert helper.post(f"/help/offers/{offer_id}/pause").status_code == 400
    assert (
        helper.post(f"/help/matches/{match_id}/answer", data={"answer": "yes", "contact": "email"}).status_code == 400
    )
    with app.app_context():
        assert count(app, HelpOffer) == 1 and db.session.get(HelpOffer, offer_id).paused is False
        assert db.session.get(HelpMatch, match_id).helper_answer is None


def test_a_hostile_message_with_a_response_is_shown_escaped_to_the_other_side(app, auth, place):
    request_id = a_request(app, place)
    hostile = "Ik help <script>alert('x')</script> graag <img src=x onerror=alert(1)>"
    response = auth.client(place["helper"]).post(
        f"/help/requests/{request_id}/respond",
        data={"message": hostile, "contact": "other", "other_contact": "<b>bel aan</b>"},
    )
    assert response.status_code == 302
    page = html_of(auth.client(place["requester"]).get(response.headers["Location"]))
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page


def test_ids_too_large_for_the_database_are_simply_not_found(app):
    client = app.test_client()
    for path in ("/help/requests/99999999999999999999", "/help/offers/99999999999999999999",
                 "/help/matches/99999999999999999999"):  # fmt: skip
        assert client.get(path).status_code in (302, 404)
