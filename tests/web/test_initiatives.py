"""Proposing and editing an initiative, its page and lifecycle steps, the workers' queue."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.accounts.models import ROLE_COORDINATOR
from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives.models import Initiative, StatusChange
from tests.factories import make_user
from tests.factories.find import make_district
from tests.factories.find import make_initiative as make_plain_initiative
from tests.factories.initiatives import committed_initiative, place_ids


@pytest.fixture
def place(app):
    return place_ids(app)


def form_data(where, **overrides) -> dict:
    data = {
        "title": "Straatfeest in de Zonnelaan",
        "description": "Een straatfeest voor jong en oud, met muziek en soep.",
        "category": "meeting",
        "area_id": str(where["area"]),
        "place": "Zonnelaan",
        "proposed_from": "2026-06-13",
        "proposed_until": "",
        "proposed_time": "middag",
        "roles-0-title": "Tafels neerzetten, zaterdag 10:00",
        "roles-0-needed": "3",
        "roles-1-title": "",
        "roles-1-needed": "",
        "roles-2-title": "",
        "roles-2-needed": "",
        "budget": "150,50",
        "budget_breakdown": "Springkussen € 100, soep € 50,50",
        "materials": "Tafels en stoelen",
        "permit": "maybe",
        "save": "Save",
    }
    data.update(overrides)
    return data


def count_initiatives(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Initiative.id)))


def test_the_form_offers_the_residents_own_neighbourhood_and_three_role_rows(auth, place):
    html = auth.client(place["resident"]).get("/initiatives/new").get_data(as_text=True)
    assert re.search(rf'<option selected value="{place["area"]}"|<option value="{place["area"]}" selected', html)
    assert 'name="roles-2-title"' in html and 'name="roles-3-title"' not in html
    assert 'name="add_role"' in html


def test_add_a_role_shows_one_more_row_keeps_the_input_and_stores_nothing(app, auth, place):
    data = form_data(place, add_role="Add a role")
    del data["save"]
    response = auth.client(place["resident"]).post("/initiatives/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="roles-3-title"' in html and "Tafels neerzetten, zaterdag 10:00" in html
    assert "Straatfeest in de Zonnelaan" in html
    assert count_initiatives(app) == 0


def test_a_proposal_is_saved_as_a_draft_only_its_initiator_sees(app, auth, place):
    response = auth.client(place["resident"]).post("/initiatives/new", data=form_data(place))
    assert response.status_code == 302
    with app.app_context():
        initiative = db.session.scalars(select(Initiative)).one()
        assert (initiative.status, initiative.budget_cents, initiative.permit) == ("draft", 15050, "maybe")
        assert [(role.title, role.needed) for role in initiative.roles] == [("Tafels neerzetten, zaterdag 10:00", 3)]
        url = f"/initiatives/{initiative.id}"
    assert response.headers["Location"] == url
    page = auth.client(place["resident"]).get(url)
    assert page.status_code == 200 and "Straatfeest in de Zonnelaan" in page.get_data(as_text=True)
    assert app.test_client().get(url).status_code == 404
    assert auth.client(place["worker"]).get(url).status_code == 404


BAD_INPUT = [
    ("title", "", "title"),
    ("title", "x" * 121, "title"),
    ("description", "", "description"),
    ("description", "y" * 5001, "description"),
    ("category", "fireworks", "category"),
    ("area_id", "not-a-number", "area_id"),
    ("area_id", "999999", "area_id"),
    ("proposed_from", "31-31-2026", "proposed_from"),
    ("proposed_until", "2026-06-01", "proposed_until"),  # before the first day
    ("proposed_from", "0001-01-01", "proposed_from"),
    ("budget", "-5", "budget"),
    ("budget", "veel", "budget"),
    ("budget", "NaN", "budget"),
    ("budget", "Infinity", "budget"),
    ("budget", "1e9", "budget"),
    ("roles-0-needed", "0", "roles-0-needed"),
    ("roles-0-needed", "-3", "roles-0-needed"),
    ("roles-0-needed", "drie", "roles-0-needed"),
    ("roles-0-needed", "99999999999999999999999", "roles-0-needed"),
    ("roles-1-needed", "2", "roles-1-title"),  # people without a task
    ("permit", "perhaps", "permit"),
    ("place", "p" * 201, "place"),
]


@pytest.mark.parametrize(("name", "value", "field"), BAD_INPUT, ids=[f"{n}={v[:12]}" for n, v, _ in BAD_INPUT])
def test_bad_input_is_shown_next_to_its_field_with_the_input_kept(app, auth, place, name, value, field):
    data = form_data(place, **{name: value})
    response = auth.client(place["resident"]).post("/initiatives/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html, f"no error next to {field}"
    assert "error-summary" in html
    assert 'aria-invalid="true"' in html or field == "permit"  # a radio group has its fieldset described
    assert "Tafels neerzetten, zaterdag 10:00" in html  # the rest of the input is kept
    assert count_initiatives(app) == 0


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        "Robert'); DROP TABLE initiative;--",
        '"><img src=x onerror=alert(1)>',
        "Nul\x00byte en \x1b[31mkleur",
    ],
)
def test_hostile_text_is_stored_as_text_and_shown_escaped(app, auth, place, hostile):
    data = form_data(place, title=f"Feest {hostile}"[:120], description=f"Omschrijving {hostile} voor de buurt")
    response = auth.client(place["resident"]).post("/initiatives/new", data=data)
    assert response.status_code == 302
    html = auth.client(place["resident"]).get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html and "\x00" not in html
    with app.app_context():
        stored = db.session.scalars(select(Initiative.title)).one()
        assert "\x00" not in stored and "\x1b" not in stored


def test_the_initiator_edits_and_the_roles_follow(app, auth, place):
    client = auth.client(place["resident"])
    location = client.post("/initiatives/new", data=form_data(place)).headers["Location"]
    edit = client.get(f"{location}/edit").get_data(as_text=True)
    assert "Tafels neerzetten, zaterdag 10:00" in edit and "150.50" in edit
    role_id = re.search(r'name="roles-0-role_id" type="hidden" value="(\d+)"', edit) or re.search(
        r'name="roles-0-role_id"[^>]*value="(\d+)"', edit
    )
    data = form_data(
        place,
        title="Straatfeest Zonnelaan 2026",
        budget="",
        budget_breakdown="",
        **{
            "roles-0-role_id": role_id.group(1),
            "roles-0-needed": "4",
            "roles-1-title": "Opruimen",
            "roles-1-needed": "2",
        },
    )
    assert client.post(f"{location}/edit", data=data).status_code == 302
    with app.app_context():
        initiative = db.session.scalars(select(Initiative)).one()
        assert initiative.title == "Straatfeest Zonnelaan 2026" and initiative.budget_cents is None
        assert [(r.title, r.needed) for r in initiative.roles] == [
            ("Tafels neerzetten, zaterdag 10:00", 4),
            ("Opruimen", 2),
        ]


def test_someone_else_cannot_edit(app, auth, place):
    initiative_id = committed_initiative(app, place)
    with app.app_context():
        neighbour = make_user().id
        db.session.commit()
    assert auth.client(neighbour).get(f"/initiatives/{initiative_id}/edit").status_code == 403


def test_submitting_shows_similar_initiatives_first(app, auth, place):
    committed_initiative(app, place, title="Zomers straatfeest", description="Springkussen en muziek in de Zonnelaan")
    draft = committed_initiative(
        app, place, status=lifecycle.DRAFT, title="Straatfeest", description="Muziek en springkussen voor de straat"
    )
    client = auth.client(place["resident"])
    page = client.get(f"/initiatives/{draft}/status?to=submitted").get_data(as_text=True)
    assert "Maybe join one of these?" in page or "Misschien" in page
    assert "Zomers straatfeest" in page
    assert client.post(f"/initiatives/{draft}/status", data={"to": "submitted"}).status_code == 302
    with app.app_context():
        initiative = db.session.get(Initiative, draft)
        assert initiative.status == "submitted" and initiative.submitted_at is not None


def test_a_worker_picks_up_plans_and_closes_while_the_timeline_grows(app, auth, place):
    initiative_id = committed_initiative(app, place)
    worker = auth.client(place["worker"])
    url = f"/initiatives/{initiative_id}/status"
    assert worker.post(url, data={"to": "in_conversation"}).status_code == 302
    refused = worker.post(url, data={"to": "planned", "planned_start": ""})
    assert refused.status_code == 422 and 'id="planned_start-error"' in refused.get_data(as_text=True)
    backwards = worker.post(
        url, data={"to": "planned", "planned_start": "2026-06-13T14:00", "planned_end": "2026-06-13T12:00"}
    )
    assert backwards.status_code == 422 and 'id="planned_end-error"' in backwards.get_data(as_text=True)
    ancient = worker.post(url, data={"to": "planned", "planned_start": "0001-01-01T00:00"})
    assert ancient.status_code == 422 and 'id="planned_start-error"' in ancient.get_data(as_text=True)
    assert worker.post(url, data={"to": "planned", "planned_start": "2026-06-13T14:00"}).status_code == 302
    with app.app_context():
        initiative = db.session.get(Initiative, initiative_id)
        assert initiative.planned_start.isoformat() == "2026-06-13T12:00:00"  # 14:00 in Groningen, stored as UTC
    no_report = worker.post(url, data={"to": "done", "report": "  "})
    assert no_report.status_code == 422 and 'id="report-error"' in no_report.get_data(as_text=True)
    assert worker.post(url, data={"to": "done", "report": "Veertig buren kwamen."}).status_code == 302
    page = app.test_client().get(f"/initiatives/{initiative_id}").get_data(as_text=True)
    assert "Veertig buren kwamen." in page
    assert page.count('class="timeline-list"') == 1 and page.count("<time") >= 4


def test_an_unknown_or_forbidden_step_is_refused_with_a_message(app, auth, place):
    initiative_id = committed_initiative(app, place)
    resident = auth.client(place["resident"])
    for data in ({"to": "done", "report": "x"}, {"to": "in_conversation"}, {"to": "'; DROP TABLE x;--"}, {}):
        response = resident.post(f"/initiatives/{initiative_id}/status", data=data)
        assert response.status_code == 422
        assert "error-summary" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Initiative, initiative_id).status == "submitted"
        assert db.session.scalar(select(func.count(StatusChange.id))) == 1


def test_a_decline_reason_is_required_and_shown_to_the_initiator_only(app, auth, place):
    initiative_id = committed_initiative(app, place)
    worker = auth.client(place["worker"])
    url = f"/initiatives/{initiative_id}/status"
    empty = worker.post(url, data={"to": "declined", "reason": ""})
    assert empty.status_code == 422 and 'id="reason-error"' in empty.get_data(as_text=True)
    assert (
        worker.post(url, data={"to": "declined", "reason": "Dit past beter bij de buurtvereniging."}).status_code == 302
    )
    initiator_view = auth.client(place["resident"]).get(f"/initiatives/{initiative_id}").get_data(as_text=True)
    assert "Dit past beter bij de buurtvereniging." in initiator_view
    public_view = app.test_client().get(f"/initiatives/{initiative_id}").get_data(as_text=True)
    assert "Dit past beter bij de buurtvereniging." not in public_view


def test_the_queue_lists_the_teams_submitted_initiatives_with_their_waiting_time(app, auth, place):
    committed_initiative(app, place, title="Moestuin bij de flat")
    committed_initiative(app, place, status=lifecycle.DRAFT, title="Geheim concept")
    page = auth.client(place["worker"]).get("/initiatives/queue")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Moestuin bij de flat" in html and "Geheim concept" not in html
    assert re.search(r"2 (dagen|days)", html)
    with app.app_context():
        coordinator = make_user(ROLE_COORDINATOR).id
        db.session.commit()
    assert "Moestuin bij de flat" in auth.client(coordinator).get("/initiatives/queue").get_data(as_text=True)
    assert auth.client(place["resident"]).get("/initiatives/queue").status_code == 403


def test_picking_up_from_the_queue(app, auth, place):
    initiative_id = committed_initiative(app, place)
    worker = auth.client(place["worker"])
    worker.post(f"/initiatives/{initiative_id}/status", data={"to": "in_conversation"})
    assert "Moestuin" not in worker.get("/initiatives/queue").get_data(as_text=True)
    with app.app_context():
        initiative = db.session.get(Initiative, initiative_id)
        assert initiative.worker_id == place["worker"] and initiative.first_response_at is not None


def test_rescheduling_a_planned_initiative(app, auth, place):
    initiative_id = committed_initiative(app, place, status=lifecycle.PLANNED)
    worker = auth.client(place["worker"])
    url = f"/initiatives/{initiative_id}/schedule"
    assert worker.get(url).status_code == 200
    bad = worker.post(url, data={"planned_start": "morgen", "place": "Buurthuis"})
    assert bad.status_code == 422 and "Buurthuis" in bad.get_data(as_text=True)
    assert worker.post(url, data={"planned_start": "2026-07-04T15:30", "place": "Buurthuis"}).status_code == 302
    with app.app_context():
        assert db.session.get(Initiative, initiative_id).place == "Buurthuis"
    submitted = committed_initiative(app, place)
    assert worker.get(f"/initiatives/{submitted}/schedule").status_code == 302


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_page_is_valid_enough_in_both_languages(app, auth, place, language):
    initiative_id = committed_initiative(app, place, roles=[("Soep koken", 2)])
    client = auth.client(place["worker"])
    with app.app_context():
        from portal.accounts.models import User

        db.session.get(User, place["worker"]).locale = language
        db.session.commit()
    html = client.get(f"/initiatives/{initiative_id}").get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    assert "style=" not in html and "<script>" not in html  # strict CSP: no inline style or script
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"


@pytest.mark.parametrize(
    "path",
    [
        f"/initiatives/?page={10**30}",
        f"/initiatives/{10**30}",
        f"/initiatives/{{id}}/photos/{10**30}",
        f"/initiatives/{{id}}/messages/{10**30}/report",
    ],
)
def test_crafted_numbers_in_the_address_give_no_500(app, auth, place, path):
    """A page beyond any list shows the (empty) last page; an id no row can have is not found."""
    initiative_id = committed_initiative(app, place)
    response = auth.client(place["resident"]).get(path.format(id=initiative_id))
    assert response.status_code == (200 if "page=" in path else 404)


def test_a_visitors_initiative_page_sets_no_cookie_so_it_can_be_shared(app, client):
    with app.app_context():
        initiative = make_plain_initiative(make_district("Selwerd"), status="planned")
        db.session.commit()
        initiative_id = initiative.id
    response = client.get(f"/initiatives/{initiative_id}")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
