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
from portal.signals import services
from portal.signals.models import RESIDENT, ClusterEvent, Signal, SignalCluster
from portal.teams.models import Area
from tests.accounts_support import OUTSIDE_POSTCODE, SPLIT_POSTCODE, TEAM_POSTCODE
from tests.factories import make_user
from tests.initiative_factories import as_user
from tests.signal_factories import DAMP, LONELY, make_signal_place, report

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
    assert "Do not write names or addresses of other people" in page
    assert "Only the workers of the WIJ-team see these details" in page and "Leaving none is fine" in page
    for name in ("contact_name", "contact_email", "contact_phone", "postcode", "area_id", "place", "theme"):
        assert f'name="{name}"' in page
    assert '<option selected value="">I don\'t know</option>' in page
    assert "Loneliness" in page and "Housing and damp" in page
    assert 'name="source"' not in page  # only workers record for partners
    assert 'hx-get="/signals/report/similar"' in page and "Check for similar signals" in page


def test_a_residents_own_neighbourhood_is_chosen_and_no_contact_fields_are_asked(app, place):
    page = html_of(as_user(app, place["residents"][0]).get("/signals/report"))
    assert f'<option selected value="{place["area"]}">Zonnebuurt</option>' in page
    assert 'name="contact_email"' not in page and 'name="source"' not in page


# --------------------------------------------------------------------------- reporting


def test_a_logged_in_resident_reports_and_is_sent_to_the_follow_page(app, place):
    client = as_user(app, place["residents"][0])
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
    assert 'class="flash flash-success"' in follow
    assert (
        f'<a href="http://localhost/signals/follow/{signal.follow_token}">' not in follow
    )  # bookmarking: anonymous only


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
    assert f'<a href="http://localhost/signals/follow/{signal.follow_token}">' in page
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
        assert "Hello Fenna," in mail.body and f"/signals/follow/{signal.follow_token}" in mail.body
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


def test_similar_signals_are_suggested_while_typing_without_names(app, place):
    seed(app, place)
    response = english_visitor(app).get(
        "/signals/report/similar",
        query_string={"text": NEW_TEXT, "area_id": place["area"], "theme": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    fragment = html_of(response)
    assert "<html" not in fragment and "Is this it?" in fragment
    assert LONELY[0] in fragment or LONELY[1] in fragment
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


def test_a_group_with_a_resident_shows_only_the_residents_words(app, place):
    cluster_id = partner_note(app, place)
    with app.app_context():
        resident = db.session.get(User, place["residents"][0])
        signal = report(resident, db.session.get(Area, place["area"]), LONELY[0])
        assert signal.cluster_id == cluster_id  # the same matter: placed with the partner's note
        db.session.commit()
    fragment = similar(app, place)
    assert "Is this it?" in fragment and LONELY[0] in fragment and f'id="join-{cluster_id}"' in fragment
    assert "De Boer" not in fragment and "nummer 12" not in fragment and "Lefier" not in fragment
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


def test_a_huge_page_of_my_signals_is_an_empty_page(app, place):
    response = as_user(app, place["english"]).get(f"/signals/mine?page={HUGE}")
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


def test_a_worker_records_a_signal_for_a_partner(app, place):
    client = as_user(app, place["worker"])
    page = html_of(client.get("/signals/report"))
    assert 'name="source"' in page and 'name="source_name"' in page
    response = client.post(
        "/signals/report", data=form(place["area"], source="gp", source_name="Huisartsenpraktijk Zon")
    )
    assert response.status_code == 303
    [signal] = stored(app)
    assert (signal.source, signal.source_name) == ("gp", "Huisartsenpraktijk Zon")
    assert signal.reporter_id is None and signal.recorded_by_id == place["worker"]


def test_a_worker_names_the_partner(app, place):
    client = as_user(app, place["worker"])
    response = client.post("/signals/report", data=form(place["area"], source="school"))
    assert response.status_code == 422 and 'id="source_name-error"' in html_of(response)
    assert stored(app) == []


def test_residents_cannot_record_for_partners(app, place):
    for client in (as_user(app, place["english"]), english_visitor(app)):
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
        services.take_up(worker, db.session.get(SignalCluster, cluster_id), project)
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
        services.dismiss(worker, db.session.get(SignalCluster, cluster_id), "Dit is een zaak voor de verhuurder.")
        db.session.commit()
    page = html_of(english_visitor(app).get(f"/signals/follow/{token}"))
    assert "Closed by the team" in page and "Dit is een zaak voor de verhuurder." in page


@pytest.mark.parametrize("token", ["not-a-token", "x" * 200])
def test_an_unknown_follow_link_is_not_found(app, place, token):
    assert app.test_client().get(f"/signals/follow/{token}").status_code == 404


# --------------------------------------------------------------------------- my signals


def test_my_signals_lists_only_mine_newest_first_in_pages(app, place):
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
    client = as_user(app, mine_id)
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
