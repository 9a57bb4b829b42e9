"""The residents' signal pages: report (with "is this it?"), follow a signal, and my signals.

Wording is checked on English pages (cookie or account language "en"); the Dutch pages are
checked by what they hold (texts, names, status codes), so these tests do not depend on the
translations.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.projects.models import Project
from portal.signals import services, services_board
from portal.signals.models import RESIDENT, ClusterEvent, Signal, SignalCluster
from portal.teams.models import Area
from tests.accounts_support import OUTSIDE_POSTCODE, SPLIT_POSTCODE, TEAM_POSTCODE
from tests.factories import make_user
from tests.factories.signals import DAMP, LONELY, make_signal_place, report

NEW_TEXT = "Mijn oude buurman is erg eenzaam, er komt bijna nooit iemand bij hem langs."


@pytest.fixture
def place(app):
    """make_signal_place(), committed; the ids of its team area, worker and residents."""
    with app.app_context():
        where = make_signal_place()
        english = make_user(area_id=where.area.id, name="Emma English", locale="en")
        db.session.commit()
        ids = {
            "team": where.team.id,
            "area": where.area.id,
            "worker": where.worker.id,
            "residents": [resident.id for resident in where.residents],
            "english": english.id,
        }
        db.session.remove()
    return ids


def english_visitor(app):
    client = app.test_client()
    client.set_cookie("lang", "en")
    return client


def html_of(response) -> str:
    return response.get_data(as_text=True)


def form(area_id: int | None = None, **fields) -> dict:
    data = {"text": NEW_TEXT, "theme": "", "postcode": "", "area_id": area_id or "", "place": ""}
    data.update(fields)
    return data


def stored(app) -> list[Signal]:
    with app.app_context():
        signals = db.session.scalars(select(Signal).order_by(Signal.id)).all()
        for signal in signals:
            db.session.expunge(signal)
        return signals


def seed(app, place, texts=LONELY[:2], reporters=None, **fields) -> list[int]:
    """Stored signals in the place's area (committed); their ids."""
    with app.app_context():
        area = db.session.get(Area, place["area"])
        people = reporters or [db.session.get(User, user_id) for user_id in place["residents"]]
        made = [
            report(people[i % len(people)] if people else None, area, text, **fields) for i, text in enumerate(texts)
        ]
        db.session.commit()
        ids = [signal.id for signal in made]
        db.session.remove()
    return ids


def signal_with(app, signal_id: int) -> tuple[str, int]:
    with app.app_context():
        signal = db.session.get(Signal, signal_id)
        return signal.follow_token, signal.cluster_id


# --------------------------------------------------------------------------- the form


def test_the_form_for_a_visitor_asks_optional_contact_details_and_warns_about_names(app, place):
    page = html_of(english_visitor(app).get("/signals/report"))
    assert '<html lang="en">' in page
    assert "Report what you notice" in page
    assert "Leave out names, addresses and phone numbers: we remove them from what you write." in page
    assert "never your words" in page
    assert "Only the workers of the WIJ-team see these details" in page and "Leaving none is fine" in page
    for name in ("contact_name", "contact_email", "contact_phone", "postcode", "area_id", "place", "theme"):
        assert f'name="{name}"' in page
    assert '<option selected value="">I don\'t know</option>' in page
    assert "Loneliness" in page and "Housing and damp" in page
    assert 'name="source"' not in page  # only workers record for partners
    assert 'data-hx-get="/signals/report/similar"' in page and "Check for similar signals" in page


def test_a_residents_own_neighbourhood_is_chosen_and_no_contact_fields_are_asked(auth, place):
    page = html_of(auth.client(place["residents"][0]).get("/signals/report"))
    assert f'<option selected value="{place["area"]}">Zonnebuurt</option>' in page
    assert 'name="contact_email"' not in page and 'name="source"' not in page


# --------------------------------------------------------------------------- reporting


def test_a_logged_in_resident_reports_and_is_sent_to_the_follow_page(app, auth, place):
    client = auth.client(place["residents"][0])
    response = client.post(
        "/signals/report",
        data=form(place["area"], theme="loneliness", place="bij de speeltuin", contact_email="x@example.org"),
    )
    assert response.status_code == 303
    [signal] = stored(app)
    assert response.headers["Location"] == f"/signals/follow/{signal.follow_token}"
    assert signal.reporter_id == place["residents"][0] and signal.theme == "loneliness"
    assert signal.place == "bij de speeltuin" and signal.area_id == place["area"]
    assert signal.contact_email is None  # an account is reached through the account
    assert signal.cluster_id is not None and signal.locale == "nl"
    follow = html_of(client.get(response.headers["Location"]))
    assert NEW_TEXT in follow and "Zonnebuurt" in follow and "bij de speeltuin" in follow
    assert 'flash flash-success"' in follow
    assert f'<a href="{app.config["BASE_URL"]}/signals/follow/' not in follow  # bookmarking: anonymous only


def test_an_anonymous_report_without_contact_details_is_fine(app, place):
    client = english_visitor(app)
    response = client.post("/signals/report", data=form(place["area"]))
    assert response.status_code == 303
    [signal] = stored(app)
    assert signal.reporter_id is None and signal.source == RESIDENT
    assert (signal.contact_name, signal.contact_email, signal.contact_phone) == (None, None, None)
    assert signal.locale == "en"
    page = html_of(client.get(response.headers["Location"]))
    assert "Thank you for your signal!" in page
    assert "Bookmark this page." in page
    # The link to keep is on the public address (BASE_URL), whatever Host the request came with.
    assert f'<a href="{app.config["BASE_URL"]}/signals/follow/{signal.follow_token}">' in page
    assert "We have also sent this link" not in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_an_anonymous_reporter_who_leaves_an_email_gets_the_link_in_their_language(app, place):
    client = english_visitor(app)
    data = form(place["area"], contact_name="Fenna", contact_email="Fenna@Example.org", contact_phone="06 12345678")
    response = client.post("/signals/report", data=data)
    assert response.status_code == 303
    [signal] = stored(app)
    assert (signal.contact_name, signal.contact_email, signal.contact_phone) == (
        "Fenna",
        "Fenna@example.org",
        "06 12345678",
    )
    with app.app_context():
        [mail] = db.session.scalars(select(OutboxMessage)).all()
        assert mail.recipient == "Fenna@example.org"
        assert mail.subject == "Your signal on Buurtportaal"
        assert mail.body.startswith("Hello,\n") and f"/signals/follow/{signal.follow_token}" in mail.body
        assert "Fenna" not in mail.body  # fixed text: never a name a visitor typed
    page = html_of(client.get(response.headers["Location"]))
    assert "We have also sent this link to the e-mail address you gave." in page
    assert "Fenna@example.org" not in page and "06 12345678" not in page


def test_a_postcode_gives_the_neighbourhood_and_its_team(app, groningen):
    response = app.test_client().post("/signals/report", data=form(postcode=TEAM_POSTCODE.lower()))
    assert response.status_code == 303
    [signal] = stored(app)
    with app.app_context():
        assert db.session.get(Signal, signal.id).team.slug == "selwerd"


def test_a_postcode_shared_by_neighbourhoods_needs_a_choice(app, groningen):
    client = english_visitor(app)
    response = client.post("/signals/report", data=form(postcode=SPLIT_POSTCODE))
    assert response.status_code == 422
    assert "covers more than one neighbourhood" in html_of(response)
    assert stored(app) == []
    with app.app_context():
        from portal.teams.finder import place_postcode

        choice = place_postcode(SPLIT_POSTCODE).neighbourhoods[-1]
        chosen_id, team_id = choice.id, choice.team_id
    response = client.post("/signals/report", data=form(chosen_id, postcode=SPLIT_POSTCODE))
    assert response.status_code == 303
    [signal] = stored(app)
    assert (signal.area_id, signal.team_id) == (chosen_id, team_id)


BAD_INPUT = [
    ({"text": "kort"}, "text", "at least 10 characters"),
    ({"postcode": "abcd"}, "postcode", "Enter a Dutch postcode"),
    ({"postcode": OUTSIDE_POSTCODE}, "postcode", "is not in the municipality of Groningen"),
    ({"contact_email": "fenna@"}, "contact_email", "Give a valid e-mail address"),
    ({"contact_phone": "bel me"}, "contact_phone", "Give a phone number with digits only"),
    ({"theme": "aliens"}, "theme", "Choose a theme from the list"),
    ({"area_id": ""}, "area_id", "Choose the neighbourhood it is about"),
    ({"area_id": "999999"}, "area_id", "Choose the neighbourhood it is about"),
    ({"place": "x" * 201}, "place", "Use at most 200 characters."),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_next_to_its_field_and_what_was_typed_is_kept(app, groningen, change, field, message):
    with app.app_context():
        area_id = db.session.scalars(select(Area.id).where(Area.code == "BU00141000")).one()
    data = form(area_id, place="bij de bushalte", contact_name="Fenna Dijkstra")
    data.update(change)
    response = english_visitor(app).post("/signals/report", data=data)
    assert response.status_code == 422
    page = html_of(response)
    assert f'id="{field}-error"' in page and message in page
    assert f'aria-describedby="{field}-hint {field}-error"' in page or f'aria-describedby="{field}-error"' in page
    if field != "text":
        assert NEW_TEXT in page
    if field != "place":
        assert 'value="bij de bushalte"' in page
    assert 'value="Fenna Dijkstra"' in page
    assert stored(app) == []


# --------------------------------------------------------------------------- "is this it?"


def test_similar_signals_are_suggested_while_typing_as_a_summary_without_anyones_words(app, place):
    seed(app, place)
    response = english_visitor(app).get(
        "/signals/report/similar",
        query_string={"text": NEW_TEXT, "area_id": place["area"], "theme": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    fragment = html_of(response)
    assert "<html" not in fragment and "Is this it?" in fragment
    assert "<strong>Loneliness</strong>" in fragment  # what it is about, in the lexicon's words
    assert "Words in common with yours: eenzaam" in fragment  # the reporter's own word
    assert LONELY[0] not in fragment and LONELY[1] not in fragment
    assert "buurvrouw" not in fragment and "ouderen" not in fragment  # nothing a neighbour wrote
    assert "2 neighbours noticed this." in fragment
    assert 'name="join_cluster_id"' in fragment and "No, mine is something else" in fragment
    for name in ("Riet", "Vos", "Hamid", "Bakr"):
        assert name not in fragment


def test_nothing_is_suggested_for_another_matter_or_a_short_text(app, place):
    seed(app, place)
    client = english_visitor(app)
    headers = {"HX-Request": "true"}
    other = html_of(
        client.get("/signals/report/similar", query_string={"text": DAMP, "area_id": place["area"]}, headers=headers)
    )
    assert "Is this it?" not in other and "No similar signals found" in other
    short = html_of(
        client.get("/signals/report/similar", query_string={"text": "eenz", "area_id": place["area"]}, headers=headers)
    )
    assert "Is this it?" not in short


def test_without_javascript_the_check_button_shows_suggestions_and_keeps_the_form(app, place):
    seed(app, place)
    data = form(place["area"], place="Zonnelaan", contact_name="Fenna Dijkstra", check="1")
    response = english_visitor(app).post("/signals/report", data=data)
    assert response.status_code == 200
    page = html_of(response)
    assert "Is this it?" in page and "Yes, this is it: add mine to it" in page
    assert NEW_TEXT in page and 'value="Zonnelaan"' in page and 'value="Fenna Dijkstra"' in page
    assert len(stored(app)) == 2  # the two seeded signals only


PARTNER_NOTE = "Huurder op nummer 12 (mevrouw De Boer) is eenzaam, er komt nooit iemand langs."


def partner_note(app, place, text: str = PARTNER_NOTE, **fields) -> int:
    """A note a worker recorded for a housing corporation (committed); its cluster's id."""
    with app.app_context():
        data = services.SignalInput(
            text=text, area=db.session.get(Area, place["area"]), source="housing_corporation", source_name="Lefier"
        )
        signal = services.report(None, data, recorded_by=db.session.get(User, place["worker"]), **fields)
        db.session.commit()
        return signal.cluster_id


def similar(app, place, text: str = NEW_TEXT, **args) -> str:
    response = english_visitor(app).get(
        "/signals/report/similar",
        query_string={"text": text, "area_id": place["area"], **args},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    return html_of(response)


def test_a_group_of_partners_notes_only_is_never_suggested_not_even_its_words(app, place):
    cluster_id = partner_note(app, place)
    fragment = similar(app, place)
    assert "Is this it?" not in fragment and "No similar signals found" in fragment
    assert "De Boer" not in fragment and "nummer 12" not in fragment and "Lefier" not in fragment
    assert "About:" not in fragment and "eenzaam" not in fragment and "loneliness" not in fragment
    assert f'id="join-{cluster_id}"' not in fragment
    # Saying yes to it by id changes nothing either.
    assert f'id="join-{cluster_id}"' not in similar(app, place, join_cluster_id=cluster_id)


def test_a_group_with_a_resident_shows_nothing_of_the_partners_note(app, place):
    cluster_id = partner_note(app, place)
    with app.app_context():
        resident = db.session.get(User, place["residents"][0])
        signal = report(resident, db.session.get(Area, place["area"]), LONELY[0])
        assert signal.cluster_id == cluster_id  # the same matter: placed with the partner's note
        db.session.commit()
    fragment = similar(app, place, text="Huurder is eenzaam, er komt nooit iemand langs bij haar.")
    assert "Is this it?" in fragment and f'id="join-{cluster_id}"' in fragment
    assert LONELY[0] not in fragment
    assert "De Boer" not in fragment and "nummer 12" not in fragment and "Lefier" not in fragment
    # Only the resident's words count as shared ("huurder" is the partner's alone); words as common as "komt",
    # "nooit" or "langs" say nothing about the matter and are left out.
    assert "Words in common with yours: eenzaam</p>" in fragment
    assert "1 neighbour noticed this." in fragment


def test_a_chosen_group_that_is_no_candidate_is_ignored(app, place):
    [damp_id] = seed(app, place, texts=[DAMP])
    _token, damp_cluster = signal_with(app, damp_id)
    fragment = similar(app, place, join_cluster_id=damp_cluster)
    assert f'id="join-{damp_cluster}"' not in fragment and DAMP not in fragment  # no walking through groups by id
    page = html_of(
        app.test_client().post("/signals/report", data=form(place["area"], check="1", join_cluster_id=damp_cluster))
    )
    assert f'id="join-{damp_cluster}"' not in page and DAMP not in page
    response = app.test_client().post("/signals/report", data=form(place["area"], join_cluster_id=damp_cluster))
    assert response.status_code == 303
    newest = stored(app)[-1]
    assert newest.cluster_id != damp_cluster
    with app.app_context():
        event = db.session.scalars(select(ClusterEvent).where(ClusterEvent.signal_id == newest.id)).one()
        assert event.action != services.JOINED


def test_a_reporter_cannot_join_a_group_of_partners_notes_by_its_id(app, place):
    cluster_id = partner_note(app, place)
    response = app.test_client().post("/signals/report", data=form(place["area"], join_cluster_id=cluster_id))
    assert response.status_code == 303
    newest = stored(app)[-1]
    with app.app_context():
        event = db.session.scalars(select(ClusterEvent).where(ClusterEvent.signal_id == newest.id)).one()
        assert event.action != services.JOINED


HUGE = "99999999999999999999"


@pytest.mark.parametrize("field", ["area_id", "join_cluster_id"])
def test_huge_ids_are_taken_as_absent(app, place, field):
    client = english_visitor(app)
    assert client.get("/signals/report", query_string={field: HUGE}).status_code == 200
    response = client.get(
        "/signals/report/similar", query_string={"text": NEW_TEXT, "area_id": place["area"], field: HUGE}
    )
    assert response.status_code == 200
    fields = {"area_id": place["area"], field: HUGE}
    checked = client.post("/signals/report", data=form(check="1", **fields))
    assert checked.status_code in (200, 422)
    if field == "area_id":
        assert 'id="area_id-error"' in html_of(checked)  # as if no neighbourhood was chosen
    response = client.post("/signals/report", data=form(**fields))
    assert response.status_code == (422 if field == "area_id" else 303)


def test_a_huge_page_of_my_signals_is_an_empty_page(auth, place):
    response = auth.client(place["english"]).get(f"/signals/mine?page={HUGE}")
    assert response.status_code == 200


def test_the_reporter_adds_theirs_to_a_suggested_group(app, place):
    [first, _second] = seed(app, place)
    _token, cluster_id = signal_with(app, first)
    response = app.test_client().post("/signals/report", data=form(place["area"], join_cluster_id=cluster_id))
    assert response.status_code == 303
    newest = stored(app)[-1]
    assert newest.cluster_id == cluster_id
    with app.app_context():
        event = db.session.scalars(select(ClusterEvent).where(ClusterEvent.signal_id == newest.id)).one()
        assert event.action == services.JOINED


def test_the_chosen_suggestion_stays_chosen_when_the_form_comes_back(app, place):
    [first, _second] = seed(app, place)
    _token, cluster_id = signal_with(app, first)
    response = app.test_client().post(
        "/signals/report", data=form(place["area"], contact_email="nope", join_cluster_id=cluster_id)
    )
    assert response.status_code == 422
    assert f'value="{cluster_id}"\n                   aria-describedby="suggestion-{cluster_id}" checked>' in html_of(
        response
    )


# --------------------------------------------------------------------------- workers and partners


def test_a_worker_records_a_signal_for_a_partner(app, auth, place):
    client = auth.client(place["worker"])
    page = html_of(client.get("/signals/report"))
    assert 'name="source"' in page and 'name="source_name"' in page
    response = client.post(
        "/signals/report", data=form(place["area"], source="gp", source_name="Huisartsenpraktijk Zon")
    )
    assert response.status_code == 303
    [signal] = stored(app)
    assert (signal.source, signal.source_name) == ("gp", "Huisartsenpraktijk Zon")
    assert signal.reporter_id is None and signal.recorded_by_id == place["worker"]


def test_a_worker_names_the_partner(app, auth, place):
    client = auth.client(place["worker"])
    response = client.post("/signals/report", data=form(place["area"], source="school"))
    assert response.status_code == 422 and 'id="source_name-error"' in html_of(response)
    assert stored(app) == []


def test_residents_cannot_record_for_partners(app, auth, place):
    for client in (auth.client(place["english"]), english_visitor(app)):
        response = client.post("/signals/report", data=form(place["area"], source="police", source_name="Politie"))
        assert response.status_code == 422
        assert "Only workers record signals for partners." in html_of(response)
    assert stored(app) == []


# --------------------------------------------------------------------------- following a signal


def test_the_follow_page_of_an_open_recurring_signal_counts_the_neighbours(app, place):
    ids = seed(app, place, texts=LONELY)
    token, _cluster = signal_with(app, ids[0])
    response = english_visitor(app).get(f"/signals/follow/{token}")
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    page = html_of(response)
    assert "Still open" in page and "2 neighbours noticed the same." in page and LONELY[0] in page
    assert "<dd>I don't know</dd>" in page or "<dd>I don&#39;t know</dd>" in page  # no theme chosen


def test_the_follow_page_links_the_project_that_took_it_up(app, place):
    [signal_id] = seed(app, place, texts=LONELY[:1])
    token, cluster_id = signal_with(app, signal_id)
    with app.app_context():
        worker = db.session.get(User, place["worker"])
        project = Project(
            title="Koffieochtend in de Zonnebuurt", goal="Buren leren elkaar kennen", team_id=place["team"]
        )
        db.session.add(project)
        db.session.flush()
        services_board.take_up(worker, db.session.get(SignalCluster, cluster_id), project)
        db.session.commit()
        project_id = project.id
    page = html_of(english_visitor(app).get(f"/signals/follow/{token}"))
    assert "Taken up in a project" in page and "Koffieochtend in de Zonnebuurt" in page
    if "projects.show_project" in app.view_functions:
        with app.test_request_context():
            from flask import url_for

            assert f'href="{url_for("projects.show_project", project_id=project_id)}"' in page


def test_the_follow_page_of_a_dismissed_signal_gives_the_reason(app, place):
    [signal_id] = seed(app, place, texts=[DAMP])
    token, cluster_id = signal_with(app, signal_id)
    with app.app_context():
        worker = db.session.get(User, place["worker"])
        services_board.dismiss(worker, db.session.get(SignalCluster, cluster_id), "Dit is een zaak voor de verhuurder.")
        db.session.commit()
    page = html_of(english_visitor(app).get(f"/signals/follow/{token}"))
    assert "Closed by the team" in page and "Dit is een zaak voor de verhuurder." in page


@pytest.mark.parametrize("token", ["not-a-token", "x" * 200])
def test_an_unknown_follow_link_is_not_found(app, place, token):
    assert app.test_client().get(f"/signals/follow/{token}").status_code == 404


# --------------------------------------------------------------------------- my signals


def test_my_signals_lists_only_mine_newest_first_in_pages(app, auth, place):
    mine_id = place["english"]
    with app.app_context():
        me = db.session.get(User, mine_id)
        area = db.session.get(Area, place["area"])
        texts = [f"Melding nummer {number:02d} over de losliggende stoeptegels." for number in range(12)]
        from datetime import timedelta

        from portal.timeutil import utcnow

        start = utcnow() - timedelta(days=20)
        for number, text in enumerate(texts):
            report(me, area, text, when=start + timedelta(days=number))
        report(db.session.get(User, place["residents"][0]), area, "Iemand anders meldt de kapotte lantaarnpaal.")
        db.session.commit()
    client = auth.client(mine_id)
    first = html_of(client.get("/signals/mine"))
    assert "My signals" in first and "Still open" in first
    assert first.index("nummer 11") < first.index("nummer 10")
    assert "nummer 01" not in first and "lantaarnpaal" not in first
    assert 'href="/signals/mine?page=2"' in first
    second = html_of(client.get("/signals/mine?page=2"))
    assert "nummer 01" in second and "nummer 00" in second and "nummer 11" not in second


def test_my_signals_asks_visitors_to_log_in(app, place):
    response = app.test_client().get("/signals/mine")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_the_dutch_page_is_in_dutch(app, place):
    page = html_of(app.test_client().get("/signals/report"))
    assert '<html lang="nl">' in page


def test_checking_for_similar_signals_says_what_is_missing(app, place):
    response = english_visitor(app).post("/signals/report", data=form(None, text="eenzaam", check="1"))
    assert response.status_code == 422
    page = html_of(response)
    assert 'id="text-error"' in page and 'id="area_id-error"' in page
    assert "No similar signals found" not in page


def test_without_htmx_the_similar_link_shows_the_whole_form(app, place):
    seed(app, place)
    response = english_visitor(app).get(
        "/signals/report/similar", query_string={"text": NEW_TEXT, "area_id": place["area"]}
    )
    assert response.status_code == 200
    page = html_of(response)
    assert "<html" in page and "Is this it?" in page and NEW_TEXT in page


# --------------------------------------------------------------------------- nothing personal in public (attack)

# A signal that holds every Dutch format of personal details (each with its own digits, so that no example on
# a page can be mistaken for a leak), about a matter neighbours share: loneliness.
ATTACK = (
    "Mijn buurvrouw is heel eenzaam, er komt nooit iemand langs. Ik ben Fenna Wiebenga.\n"
    "Bel 06-31415926, 0627182818 of 06 16 18 03 39, of +31 6 14142135, +31617320508, 0031 6 22360679.\n"
    "Thuis: 050-5772156 of 050 664 9015. Mail fenna.wiebenga@buurtpost.nl.\n"
    "Wij wonen op de Eikenlaan 14, mijn zus op Eikenlaan 14a en mijn moeder op de Van Heemskerckstraat 3-2, "
    "postcode 9742 XZ (9742XZ). Mijn naam is Fenna.\nGroet,\nFenna Wiebenga\nmvg Fenna"
)
PERSONAL = (
    "31415926",
    "27182818",
    "16 18 03 39",
    "14142135",
    "17320508",
    "22360679",
    "5772156",
    "664 9015",
    "buurtpost.nl",
    "eikenlaan 14",
    "heemskerckstraat 3",
    "9742 xz",
    "9742xz",
    "fenna",
    "wiebenga",
)
CONTACT = {
    "contact_name": "Fenna Wiebenga",
    "contact_email": "fenna.wiebenga@buurtpost.nl",
    "contact_phone": "06 31415926",
}
ASKING = "Mijn oude buurman is erg eenzaam, er komt bijna nooit iemand bij hem langs."  # what the prober types


def leaks(body: str) -> list[str]:
    lowered = body.casefold()
    return [needle for needle in PERSONAL if needle in lowered]


def report_attack(app, auth, place, way: str) -> int:
    """The attack signal, joined to the neighbours' loneliness group: through the form (anonymous or as a
    resident) or stored directly, as signals stored before scrubbing existed were. Its id."""
    [first, _second] = seed(app, place)
    _token, cluster_id = signal_with(app, first)
    if way == "planted":
        with app.app_context():
            area = db.session.get(Area, place["area"])
            signal = report(None, area, ATTACK, join_cluster_id=cluster_id, **CONTACT)
            db.session.commit()
            return signal.id
    client = app.test_client() if way == "anonymous" else auth.client(place["residents"][2])
    data = form(place["area"], text=ATTACK, join_cluster_id=cluster_id, **(CONTACT if way == "anonymous" else {}))
    response = client.post("/signals/report", data=data)
    assert response.status_code == 303
    newest = stored(app)[-1]
    assert newest.cluster_id == cluster_id
    return newest.id


def gettable_urls(app, samples: dict) -> list[str]:
    """Every GET route whose URL arguments the samples fill in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in rule.methods or not set(rule.arguments) <= set(samples):
            continue
        urls.append(rule.build({arg: samples[arg] for arg in rule.arguments}, append_unknown=False)[1])
    return urls


def samples_for(app, place, signal_id: int) -> dict:
    """URL arguments that lead to the attack signal's group, its project and a neighbour's own follow page."""
    with app.app_context():
        signal = db.session.get(Signal, signal_id)
        project = Project(title="Samen tegen eenzaamheid", goal="Koffie in het buurthuis", team_id=place["team"])
        db.session.add(project)
        db.session.flush()
        services_board.take_up(db.session.get(User, place["worker"]), signal.cluster, project)
        neighbour = db.session.scalars(
            select(Signal).where(Signal.cluster_id == signal.cluster_id, Signal.id != signal.id)
        ).first()
        db.session.commit()
        return {
            "slug": signal.team.slug,
            "cluster_id": signal.cluster_id,
            "signal_id": signal.id,
            "project_id": project.id,
            "area_id": place["area"],
            "code": signal.area.code,
            "user_id": place["residents"][0],
            "follow_token": neighbour.follow_token,
        }


@pytest.mark.parametrize("way", ["anonymous", "resident", "planted"])
def test_no_visitor_or_other_resident_sees_anything_personal_of_a_signal(app, auth, place, way):
    signal_id = report_attack(app, auth, place, way)
    _token, cluster_id = signal_with(app, signal_id)
    for client in (english_visitor(app), auth.client(place["english"])):
        query = {"text": ASKING, "area_id": place["area"]}
        fragment = client.get("/signals/report/similar", query_string=query, headers={"HX-Request": "true"})
        page = client.get("/signals/report/similar", query_string=query)
        checked = client.post("/signals/report", data=form(place["area"], text=ASKING, check="1"))
        for response in (fragment, page, checked):
            body = html_of(response)
            assert response.status_code == 200 and f'id="join-{cluster_id}"' in body  # the group is suggested
            assert "Is this it?" in body and leaks(body) == []
    samples = samples_for(app, place, signal_id)
    urls = gettable_urls(app, samples)
    assert len(urls) > 40 and f"/signals/follow/{samples['follow_token']}" in urls
    for client in (english_visitor(app), auth.client(place["english"]), auth.client(place["residents"][0])):
        for url in urls:
            assert leaks(html_of(client.get(url))) == [], url


@pytest.mark.parametrize("way", ["anonymous", "resident"])
def test_what_a_resident_writes_is_scrubbed_before_it_is_stored(app, auth, place, way):
    signal_id = report_attack(app, auth, place, way)
    with app.app_context():
        signal = db.session.get(Signal, signal_id)
        assert leaks(signal.text) == [] and "eenzaam" in signal.text and "Eikenlaan […]" in signal.text
        assert not any(feature for feature in signal.features if "fenna" in feature or "wiebenga" in feature)
        # The contact details an anonymous reporter left are kept, for the team only.
        expected = (CONTACT["contact_email"], "Fenna Wiebenga") if way == "anonymous" else (None, None)
        assert (signal.contact_email, signal.contact_name) == expected


def test_the_reporter_is_told_that_personal_details_were_left_out(app, place):
    client = english_visitor(app)
    response = client.post("/signals/report", data=form(place["area"], text=ATTACK), follow_redirects=True)
    assert "We left personal details" in html_of(response)
    response = client.post("/signals/report", data=form(place["area"]), follow_redirects=True)
    assert "We left personal details" not in html_of(response)


def test_a_partners_note_stays_as_the_worker_wrote_it_and_only_the_team_reads_it(app, auth, place):
    client = auth.client(place["worker"])
    response = client.post(
        "/signals/report",
        data=form(place["area"], text=PARTNER_NOTE, source="housing_corporation", source_name="Lefier"),
    )
    assert response.status_code == 303
    note = stored(app)[-1]
    assert note.text == PARTNER_NOTE
    page = html_of(client.get(f"/signals/clusters/{note.cluster_id}"))
    assert "mevrouw De Boer" in page and "Alleen zichtbaar voor het team" in page


def test_the_team_sees_the_contact_details_of_the_attack_labelled_as_theirs_only(app, auth, place):
    signal_id = report_attack(app, auth, place, "anonymous")
    _token, cluster_id = signal_with(app, signal_id)
    page = html_of(auth.client(place["worker"]).get(f"/signals/clusters/{cluster_id}"))
    at = page.index("fenna.wiebenga@buurtpost.nl")
    assert "Alleen zichtbaar voor het team" in page[at - 600 : at + 600]


HOSTILE_NAME = "Fenna\r\nhttps://evil.example/login Klik hier om uw account te herstellen"


@pytest.mark.parametrize("name", [HOSTILE_NAME, "Fenna https://evil.example/login Klik hier", "<b>Fenna</b>"])
def test_the_follow_link_mail_repeats_nothing_the_visitor_typed(app, place, name):
    data = form(place["area"], text=ATTACK, contact_name=name, contact_email="someone.else@example.org")
    english_visitor(app).post("/signals/report", data=data)
    with app.app_context():
        mails = db.session.scalars(select(OutboxMessage)).all()
    for mail in mails:
        for typed in ("Fenna", "evil.example", "Klik hier", "eenzaam", "Eikenlaan", "Wiebenga"):
            assert typed not in mail.body and typed not in mail.subject
    assert len(mails) == 1  # sent, with fixed text


# --------------------------------------------------------------------------- rate limits


def _limited_app(tmp_path):
    """An app of its own with rate limits on (memory storage), CSRF off and the Groningen reference data."""
    from flask_migrate import upgrade

    from portal import create_app
    from portal.teams.loader import load_reference_data

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'limited.sqlite'}",
            "MAIL_SERVER": "",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        upgrade()
        load_reference_data()
        db.session.commit()
    return app


@pytest.fixture
def limited(tmp_path):
    app = _limited_app(tmp_path)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_the_check_button_counts_against_the_rate_limit(limited):
    client = limited.test_client()
    data = form(postcode=TEAM_POSTCODE, check="1")
    codes = [client.post("/signals/report", data=data).status_code for _ in range(21)]
    assert codes == [200] * 20 + [429]
    assert client.post("/signals/report", data=form(postcode=TEAM_POSTCODE)).status_code == 429  # one budget


def test_the_suggestions_while_typing_are_rate_limited(limited):
    client = limited.test_client()
    query = {"text": NEW_TEXT, "postcode": TEAM_POSTCODE}
    codes = [client.get("/signals/report/similar", query_string=query).status_code for _ in range(61)]
    assert codes == [200] * 60 + [429]


def test_reports_that_mail_a_typed_address_are_limited_per_ip(limited):
    client = limited.test_client()
    mailing = [
        client.post(
            "/signals/report",
            data=form(postcode=TEAM_POSTCODE, text=f"{NEW_TEXT} ({number})", contact_email=f"buur{number}@example.org"),
        ).status_code
        for number in range(6)
    ]
    assert mailing == [303] * 5 + [429]
    # Without an address to mail, reporting goes on (within the general limit).
    assert client.post("/signals/report", data=form(postcode=TEAM_POSTCODE)).status_code == 303
    with limited.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 5
