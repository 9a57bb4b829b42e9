"""Joining in and the conversation through the web: as a page and as an htmx fragment."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives.models import InitiativeMessage, RoleSignup, Support
from tests.factories import make_user
from tests.factories.initiatives import committed_initiative, place_ids

HTMX = {"HX-Request": "true"}


@pytest.fixture
def place(app):
    return place_ids(app)


@pytest.fixture
def neighbours(app):
    with app.app_context():
        ids = [make_user(name=f"Buur{n} Achternaam{n}").id for n in range(4)]
        db.session.commit()
    return ids


def _role_id(app, initiative_id: int) -> int:
    with app.app_context():
        from portal.initiatives.models import Initiative

        return db.session.get(Initiative, initiative_id).roles[0].id


def test_support_as_a_page_and_as_a_fragment(app, auth, place, neighbours):
    initiative_id = committed_initiative(app, place)
    client = auth.client(neighbours[0])
    response = client.post(f"/initiatives/{initiative_id}/support")
    assert response.status_code == 303 and response.headers["Location"].endswith("#join")
    again = client.post(f"/initiatives/{initiative_id}/support/withdraw", headers=HTMX)
    fragment = again.get_data(as_text=True)
    assert again.status_code == 200 and fragment.lstrip().startswith('<section id="join"')
    assert "<html" not in fragment and "I support this" in fragment or "Ik steun dit" in fragment
    client.post(f"/initiatives/{initiative_id}/support", headers=HTMX)
    client.post(f"/initiatives/{initiative_id}/support", headers=HTMX)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Support)) == 1


def test_a_visitor_is_asked_to_log_in(app, place):
    initiative_id = committed_initiative(app, place, roles=[("Soep koken", 2)])
    html = app.test_client().get(f"/initiatives/{initiative_id}").get_data(as_text=True)
    assert "/account/login?next=" in html and 'name="role_id"' not in html
    assert app.test_client().post(f"/initiatives/{initiative_id}/support").status_code == 302


def test_sign_up_until_full_then_a_clear_message(app, auth, place, neighbours):
    initiative_id = committed_initiative(app, place, roles=[("Tafels neerzetten", 2)])
    role_id = _role_id(app, initiative_id)
    url = f"/initiatives/{initiative_id}/signup"
    assert auth.client(neighbours[0]).post(url, data={"role_id": role_id}).status_code == 303
    twice = auth.client(neighbours[0]).post(url, data={"role_id": role_id})
    assert (
        twice.status_code == 422
        and "already signed up" in twice.get_data(as_text=True)
        or "al aangemeld" in twice.get_data(as_text=True)
    )
    fragment = auth.client(neighbours[1]).post(url, data={"role_id": role_id}, headers=HTMX)
    assert fragment.status_code == 200 and "<html" not in fragment.get_data(as_text=True)
    full = auth.client(neighbours[2]).post(url, data={"role_id": role_id})
    html = full.get_data(as_text=True)
    assert full.status_code == 422 and 'role="alert"' in html
    assert "full" in html.lower() or "vol" in html.lower()
    page = auth.client(neighbours[3]).get(f"/initiatives/{initiative_id}").get_data(as_text=True)
    assert "Full" in page or "Vol" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(RoleSignup.id))) == 2


@pytest.mark.parametrize("role_id", ["", "abc", "99999", "-1", "<script>"])
def test_a_bad_role_is_refused_without_a_500(app, auth, place, neighbours, role_id):
    initiative_id = committed_initiative(app, place, roles=[("Muziek", 1)])
    for action in ("signup", "leave"):
        response = auth.client(neighbours[0]).post(f"/initiatives/{initiative_id}/{action}", data={"role_id": role_id})
        assert response.status_code == 422


def test_leave_gives_the_place_back(app, auth, place, neighbours):
    initiative_id = committed_initiative(app, place, roles=[("Muziek", 1)])
    role_id = _role_id(app, initiative_id)
    client = auth.client(neighbours[0])
    client.post(f"/initiatives/{initiative_id}/signup", data={"role_id": role_id})
    client.post(f"/initiatives/{initiative_id}/leave", data={"role_id": role_id})
    assert (
        auth.client(neighbours[1]).post(f"/initiatives/{initiative_id}/signup", data={"role_id": role_id}).status_code
        == 303
    )


def test_names_for_the_initiator_and_the_worker_first_names_for_others(app, auth, place, neighbours):
    initiative_id = committed_initiative(app, place, roles=[("Muziek", 3)])
    role_id = _role_id(app, initiative_id)
    auth.client(neighbours[0]).post(f"/initiatives/{initiative_id}/signup", data={"role_id": role_id})
    for who in ("resident", "worker"):
        assert "Buur0 Achternaam0" in auth.client(place[who]).get(f"/initiatives/{initiative_id}").get_data(
            as_text=True
        )
    for client in (auth.client(neighbours[1]), app.test_client()):
        html = client.get(f"/initiatives/{initiative_id}").get_data(as_text=True)
        assert "Buur0" in html and "Achternaam0" not in html


def test_a_draft_takes_no_sign_ups(app, auth, place, neighbours):
    initiative_id = committed_initiative(app, place, status=lifecycle.DRAFT, roles=[("Muziek", 3)])
    role_id = _role_id(app, initiative_id)
    response = auth.client(neighbours[0]).post(f"/initiatives/{initiative_id}/signup", data={"role_id": role_id})
    assert response.status_code == 404


def test_comments_as_a_page_and_as_a_fragment(app, auth, place, neighbours):
    initiative_id = committed_initiative(app, place)
    url = f"/initiatives/{initiative_id}/messages"
    client = auth.client(neighbours[0])
    assert client.post(url, data={"body": "Leuk plan!", "kind": "comment"}).status_code == 303
    fragment = client.post(url, data={"body": "<script>alert(1)</script>", "kind": "comment"}, headers=HTMX)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and html.lstrip().startswith('<section id="conversation"')
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    empty = client.post(url, data={"body": "   ", "kind": "comment"})
    assert empty.status_code == 422 and 'id="body-error"' in empty.get_data(as_text=True)
    too_long = client.post(url, data={"body": "x" * 2001, "kind": "comment"})
    assert too_long.status_code == 422 and "x" * 2001 in too_long.get_data(as_text=True)
    sneaky = client.post(url, data={"body": "Officieel nieuws", "kind": "update"})
    assert sneaky.status_code == 422
    assert auth.client(place["resident"]).post(url, data={"body": "Datum staat!", "kind": "update"}).status_code == 303
    with app.app_context():
        kinds = db.session.scalars(select(InitiativeMessage.kind).order_by(InitiativeMessage.id)).all()
        assert kinds == ["comment", "comment", "update"]


def _message(app, initiative_id: int, author_id: int) -> int:
    with app.app_context():
        message = InitiativeMessage(initiative_id=initiative_id, author_id=author_id, body="Koop mijn spullen!")
        db.session.add(message)
        db.session.commit()
        return message.id


def test_three_reports_hide_a_comment_and_a_worker_restores_it(app, auth, place, neighbours):
    initiative_id = committed_initiative(app, place)
    message_id = _message(app, initiative_id, neighbours[0])
    report_url = f"/initiatives/{initiative_id}/messages/{message_id}/report"
    assert auth.client(neighbours[1]).get(report_url).status_code == 200
    for reporter in neighbours[1:4]:
        assert auth.client(reporter).post(report_url, data={"reason": "Reclame"}).status_code == 302
    again = auth.client(neighbours[1]).post(report_url, data={"reason": "Nog eens"})
    assert again.status_code == 422 and 'id="reason-error"' in again.get_data(as_text=True)
    public = app.test_client().get(f"/initiatives/{initiative_id}").get_data(as_text=True)
    assert "Koop mijn spullen!" not in public and ("Hidden by a moderator" in public or "moderator" in public)
    team_view = auth.client(place["worker"]).get(f"/initiatives/{initiative_id}").get_data(as_text=True)
    assert "Koop mijn spullen!" in team_view
    restore = auth.client(place["worker"]).post(
        f"/initiatives/{initiative_id}/messages/{message_id}/restore", headers=HTMX
    )
    assert restore.status_code == 200 and "Koop mijn spullen!" in restore.get_data(as_text=True)
    assert "Koop mijn spullen!" in app.test_client().get(f"/initiatives/{initiative_id}").get_data(as_text=True)


def test_the_initiator_cannot_hide_but_the_worker_can(app, auth, place, neighbours):
    initiative_id = committed_initiative(app, place)
    message_id = _message(app, initiative_id, neighbours[0])
    url = f"/initiatives/{initiative_id}/messages/{message_id}/hide"
    refused = auth.client(place["resident"]).post(url)
    assert refused.status_code == 422 and 'role="alert"' in refused.get_data(as_text=True)
    assert auth.client(place["worker"]).post(url).status_code == 303
    with app.app_context():
        assert db.session.get(InitiativeMessage, message_id).hidden


def test_a_message_of_another_initiative_is_not_found(app, auth, place, neighbours):
    first, second = committed_initiative(app, place), committed_initiative(app, place)
    message_id = _message(app, first, neighbours[0])
    assert auth.client(neighbours[1]).get(f"/initiatives/{second}/messages/{message_id}/report").status_code == 404


GARBAGE = ["", "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "9" * 40, "-1", "ü" * 3000, "NaN", "0001-01-01"]


def test_garbage_in_any_field_of_any_form_never_gives_a_500(app, auth, place, neighbours):
    initiative_id = committed_initiative(app, place, status=lifecycle.PLANNED, roles=[("Muziek", 1)])
    message_id = _message(app, initiative_id, neighbours[0])
    base = f"/initiatives/{initiative_id}"
    posts = {
        "/initiatives/new": ["title", "description", "category", "area_id", "budget", "roles-0-needed", "permit"],
        f"{base}/edit": ["title", "area_id", "proposed_from", "roles-0-role_id", "roles-7-needed", "budget"],
        f"{base}/status": ["to", "reason", "planned_start", "planned_end", "report"],
        f"{base}/schedule": ["planned_start", "planned_end", "place"],
        f"{base}/signup": ["role_id"],
        f"{base}/leave": ["role_id"],
        f"{base}/messages": ["body", "kind"],
        f"{base}/messages/{message_id}/report": ["reason"],
    }
    for who in (place["resident"], place["worker"], neighbours[1]):
        client = auth.client(who)
        for url, names in posts.items():
            for value in GARBAGE:
                response = client.post(url, data=dict.fromkeys(names, value))
                assert response.status_code < 500, f"{url} with {value[:20]!r}"
