"""Coordinator administration through the test client: accounts, teams, neighbourhoods, audit log."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from portal.accounts.models import ROLE_COORDINATOR, ROLE_RESIDENT, ROLE_WORKER, User
from portal.audit import AuditEntry, record
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.teams.models import Area, Team
from tests.accounts_support import HOSTILE, count, fetch, page_text
from tests.factories import create_user

NEW_PASSWORD = "Eigen-Wachtwoord-Voor-Femke-1"


@pytest.fixture
def coordinator(auth, groningen):
    return auth.as_role(ROLE_COORDINATOR, name="Carla Coördinator", form=True).id


def _audit(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(e.action, e.subject) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_overview_counts(app, client, coordinator):
    create_user(app)
    create_user(app, ROLE_WORKER, teams=("selwerd",), active=False)
    html = page_text(client.get("/admin/"))
    assert re.search(r"<dt>Gedeactiveerd</dt><dd>1</dd>", html)
    assert re.search(r"<dt>Teams</dt><dd>11</dd>", html)


def test_users_list_search_and_role_filter(app, client, coordinator):
    create_user(app, name="Anouk de Vries", email="anouk@example.org")
    create_user(app, ROLE_WORKER, name="Bram Zijlstra", email="bram@wij.nl", teams=("selwerd",))
    html = page_text(client.get("/admin/users?q=anouk"))
    assert "Anouk de Vries" in html and "Bram Zijlstra" not in html
    html = page_text(client.get("/admin/users?q=WIJ.NL"))
    assert "Bram Zijlstra" in html and "Anouk" not in html
    html = page_text(client.get("/admin/users?role=worker"))
    assert "Bram Zijlstra" in html and "Anouk" not in html
    html = page_text(client.get("/admin/users?q=%25"))  # a literal %, not a wildcard
    assert "Anouk" not in html and "Bram" not in html


@pytest.mark.parametrize("value", ["x" * 500, *HOSTILE, "%_\\"])
def test_users_search_with_odd_input_never_fails(client, coordinator, value):
    response = client.get("/admin/users", query_string={"q": value, "role": value, "page": value})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in page_text(response)


def test_users_list_is_paginated(app, client, coordinator):
    with app.app_context():
        from tests.factories import make_user

        for number in range(55):
            make_user(name=f"Bewoner {number:02d}")
        db.session.commit()
    first = page_text(client.get("/admin/users"))
    assert 'rel="next"' in first and "Pagina 1 van 2" in first
    second = page_text(client.get("/admin/users?page=2"))
    assert 'rel="prev"' in second
    assert client.get("/admin/users?page=99").status_code == 200


def test_create_worker_sends_a_welcome_link_instead_of_a_password(app, client, coordinator):
    data = {"name": "Femke Hoekstra", "email": "femke@wij.nl", "role": "worker", "teams": ["selwerd", "beijum"]}
    response = client.post("/admin/users/new", data={**data, "language": "en"})
    assert response.status_code == 302
    worker = fetch(app, User, email="femke@wij.nl")
    assert worker.role == ROLE_WORKER and worker.locale == "en"
    with app.app_context():
        slugs = sorted(team.slug for team in db.session.get(User, worker.id).teams)
        mail = db.session.scalars(select(OutboxMessage)).one()
    assert slugs == ["beijum", "selwerd"]
    assert mail.recipient == "femke@wij.nl" and "Carla Coördinator has made an account" in mail.body
    link = re.search(r"http://[^/\s]+(/account/welcome/\S+)", mail.body).group(1)
    assert ("user.create", f"user:{worker.id}") in _audit(app)

    visitor = app.test_client()
    assert "Kies je wachtwoord" in page_text(visitor.get(link))
    assert visitor.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert visitor.get("/teams/inbox").status_code in (200, 302)
    assert "al gebruikt" in page_text(app.test_client().get(link))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "x" * 101),
        ("email", ""),
        ("email", "not-an-email"),
        ("email", "x" * 250 + "@example.org"),
        ("role", "resident"),
        ("role", "superuser"),
        ("teams", "atlantis"),
        *[("email", value) for value in HOSTILE],
        *[("teams", value) for value in HOSTILE],
        *[("role", value) for value in HOSTILE],
    ],
)
def test_create_worker_refuses_bad_input(app, client, coordinator, field, value):
    data = {"name": "Femke Hoekstra", "email": "femke@wij.nl", "role": "worker", "teams": "selwerd", "language": "nl"}
    data[field] = value
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 422
    body = page_text(response)
    assert re.search(rf'id="{field}-error"[^>]*>\s*<span>\S', body)
    assert "<script>alert(1)</script>" not in body
    if field in ("name", "email") and value:
        assert f'value="{escape(value)}"' in body
    assert count(app, User) == 1 and count(app, OutboxMessage) == 0


def test_create_worker_with_a_taken_address(app, client, coordinator):
    create_user(app, email="femke@wij.nl")
    data = {"name": "Femke", "email": "Femke@wij.nl", "role": "worker", "language": "nl"}
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 422 and 'id="email-error"' in page_text(response)


def test_edit_user_role_teams_and_active(app, client, coordinator):
    user_id, email = create_user(app, name="Anouk")
    page = page_text(client.get(f"/admin/users/{user_id}"))
    assert "Anouk" in page and 'name="role"' in page
    data = {"role": "worker", "teams": ["selwerd"], "active": "y"}
    assert client.post(f"/admin/users/{user_id}", data=data).status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.role == ROLE_WORKER and [t.slug for t in user.teams] == ["selwerd"]
    assert client.post(f"/admin/users/{user_id}", data={"role": "worker", "teams": ["selwerd"]}).status_code == 302
    assert fetch(app, User, id=user_id).active is False
    assert client.post(f"/admin/users/{user_id}", data={"role": "resident", "active": "y"}).status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.role == ROLE_RESIDENT and user.teams == [] and user.active
    actions = [action for action, subject in _audit(app) if subject == f"user:{user_id}"]
    assert actions == ["user.role", "user.teams", "user.deactivate", "user.role", "user.teams", "user.activate"]


def test_a_coordinator_cannot_demote_or_deactivate_themselves(app, client, coordinator):
    refusals = {
        "role": "Je kunt je eigen rol als coördinator niet weghalen.",
        "active": "Je kunt je eigen account niet deactiveren.",
    }
    for data, refusal in (
        ({"role": "worker", "active": "y"}, refusals["role"]),
        ({"role": "coordinator"}, refusals["active"]),
    ):
        response = client.post(f"/admin/users/{coordinator}", data=data)
        assert response.status_code == 422
        assert refusal in page_text(response)
    user = fetch(app, User, id=coordinator)
    assert user.role == ROLE_COORDINATOR and user.active
    assert _audit(app) == []


@pytest.mark.parametrize("value", ["nope", "", *HOSTILE])
def test_edit_user_refuses_bad_roles_and_teams(app, client, coordinator, value):
    user_id, _ = create_user(app, ROLE_WORKER, teams=("selwerd",))
    for data, field in (
        ({"role": value, "active": "y"}, "role"),
        ({"role": "worker", "teams": value or "x", "active": "y"}, "teams"),
    ):
        response = client.post(f"/admin/users/{user_id}", data=data)
        assert response.status_code == 422, data
        assert re.search(rf'id="{field}-error"', page_text(response))
    assert fetch(app, User, id=user_id).role == ROLE_WORKER


def test_unknown_user_or_team_is_404(client, coordinator):
    assert client.get("/admin/users/999999").status_code == 404
    assert client.get("/admin/teams/atlantis").status_code == 404


def test_send_password_link(app, client, coordinator):
    user_id, email = create_user(app, ROLE_WORKER, teams=("selwerd",))
    assert client.post(f"/admin/users/{user_id}/password-link").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage)).one().recipient == email
    assert ("user.password_link", f"user:{user_id}") in _audit(app)


def test_edit_team_fills_in_unknown_details(app, client, coordinator):
    page = page_text(client.get("/admin/teams/selwerd"))
    assert 'name="walk_in_hours"' in page and 'name="latitude"' in page
    data = {
        "street": "Eikenlaan 286",
        "postcode": "9741el",
        "address_note": "In het wijkcentrum",
        "phone": "050 367 63 00",
        "email": "selwerd@wij.groningen.nl",
        "walk_in_hours": "Maandag tot vrijdag 9.00-12.00",
        "description_nl": "Het WIJ-team van Selwerd, Paddepoel en Tuinwijk.",
        "description_en": "",
        "latitude": "53.2325",
        "longitude": "6,5530",
    }
    assert client.post("/admin/teams/selwerd", data=data).status_code == 302
    with app.app_context():
        team = db.session.scalars(select(Team).where(Team.slug == "selwerd")).one()
        assert (team.street, team.postcode, team.phone) == ("Eikenlaan 286", "9741 EL", "050 367 63 00")
        assert (team.latitude, team.longitude, team.description_en) == (53.2325, 6.553, None)
    entries = [entry for entry in _audit(app) if entry[0] == "team.update"]
    assert entries == [("team.update", "team:selwerd")]
    assert client.post("/admin/teams/selwerd", data=data).status_code == 302
    assert len([entry for entry in _audit(app) if entry[0] == "team.update"]) == 1  # nothing changed, nothing logged


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("street", "x" * 201),
        ("postcode", "12345"),
        ("postcode", "<script>alert(1)</script>"),
        ("phone", "call me maybe"),
        ("phone", "0" * 31),
        ("email", "not-an-email"),
        ("walk_in_hours", "x" * 2001),
        ("description_nl", "x" * 5001),
        ("latitude", "north"),
        ("latitude", "52.37"),
        ("latitude", "'; DROP TABLE team; --"),
        ("longitude", "1e999"),
    ],
)
def test_edit_team_refuses_bad_input(app, client, coordinator, field, value):
    data = {"street": "Eikenlaan 286", "latitude": "53.2325", "longitude": "6.5530", field: value}
    response = client.post("/admin/teams/selwerd", data=data)
    assert response.status_code == 422
    body = page_text(response)
    assert re.search(rf'id="{field}-error"[^>]*>\s*<span>\S', body)
    assert "<script>alert(1)</script>" not in body
    if len(value) < 100:
        assert str(escape(value)) in body
    assert fetch(app, Team, slug="selwerd").street is None
    assert _audit(app) == []


def test_edit_team_needs_both_coordinates(app, client, coordinator):
    response = client.post("/admin/teams/selwerd", data={"latitude": "53.2"})
    assert response.status_code == 422 and 'id="longitude-error"' in page_text(response)


@pytest.mark.parametrize("value", HOSTILE)
def test_team_text_with_markup_is_stored_as_text_and_shown_escaped(app, client, coordinator, value):
    assert client.post("/admin/teams/selwerd", data={"address_note": value}).status_code == 302
    assert fetch(app, Team, slug="selwerd").address_note == value
    body = page_text(client.get("/admin/teams/selwerd"))
    assert "<script>alert(1)</script>" not in body and str(escape(value)) in body


def test_assign_a_neighbourhood_to_another_team(app, client, coordinator):
    with app.app_context():
        area = db.session.scalars(select(Area).where(Area.code == "BU00141000")).one()
        area_id, before = area.id, area.team.slug
    assert before == "selwerd"
    page = page_text(client.get("/admin/teams/vinkhuizen"))
    assert f'value="{area_id}"' in page and "<optgroup" in page
    response = client.post("/admin/teams/vinkhuizen/neighbourhoods", data={"neighbourhood": str(area_id)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Area, area_id).team.slug == "vinkhuizen"
    assert ("area.assign", "area:BU00141000") in _audit(app)
    again = client.post("/admin/teams/vinkhuizen/neighbourhoods", data={"neighbourhood": str(area_id)})
    assert again.status_code == 422 and "werkt al in" in page_text(again)


@pytest.mark.parametrize("value", ["", "999999", "abc", *HOSTILE])
def test_assign_refuses_what_is_not_a_neighbourhood(app, client, coordinator, value):
    response = client.post("/admin/teams/vinkhuizen/neighbourhoods", data={"neighbourhood": value})
    assert response.status_code == 422
    assert 'id="neighbourhood-error"' in page_text(response)
    assert _audit(app) == []


def test_assign_refuses_a_district(app, client, coordinator):
    with app.app_context():
        district = db.session.scalars(select(Area).where(Area.kind == "district")).first()
    response = client.post("/admin/teams/vinkhuizen/neighbourhoods", data={"neighbourhood": str(district.id)})
    assert response.status_code == 422


def test_audit_log_newest_first_with_names(app, client, coordinator):
    user_id, _ = create_user(app, name="Anouk de Vries")
    with app.app_context():
        actor = db.session.get(User, coordinator)
        record(actor, "user.role", f"user:{user_id}", "resident -> worker")
        record(None, "team.update", "team:selwerd", "phone")
        db.session.commit()
    html = page_text(client.get("/admin/audit"))
    assert html.index("Teamgegevens gewijzigd") < html.index("Rol gewijzigd")
    assert "Anouk de Vries" in html and "WIJ Selwerd" in html and "Carla Coördinator" in html


def test_audit_log_is_paginated(app, client, coordinator):
    with app.app_context():
        for number in range(120):
            record(None, "team.update", "team:selwerd", f"change {number}")
        db.session.commit()
    first = page_text(client.get("/admin/audit"))
    assert "change 119" in first and "change 69" not in first and 'rel="next"' in first
    third = page_text(client.get("/admin/audit?page=3"))
    assert "change 0" in third and "change 119" not in third


def test_a_resident_cannot_be_put_in_a_team(app, client, coordinator):
    user_id, _ = create_user(app)
    response = client.post(f"/admin/users/{user_id}", data={"role": "resident", "teams": ["selwerd"], "active": "y"})
    assert response.status_code == 422 and "Alleen medewerkers en coördinatoren" in page_text(response)
    assert _audit(app) == []
