"""A resident finds back what they started (drafts too), help with, and support."""

from __future__ import annotations

from portal.accounts.models import User
from portal.extensions import db
from portal.initiatives import joining, lifecycle
from portal.initiatives.models import Initiative
from tests.factories import make_user
from tests.factories.initiatives import committed_initiative, place_ids


def test_my_initiatives_shows_my_draft_my_task_and_what_i_support(app, auth):
    where = place_ids(app)
    draft_id = committed_initiative(app, where, lifecycle.DRAFT, title="Moestuin achter de flat")
    party_id = committed_initiative(
        app, where, lifecycle.PLANNED, title="Burendag Zonnelaan", roles=[("Tafels neerzetten", 3)]
    )
    with app.app_context():
        neighbour = make_user(area_id=where["area"], name="Kees Bakker")
        party = db.session.get(Initiative, party_id)
        joining.sign_up(neighbour, party.roles[0])
        joining.support(neighbour, party)
        db.session.commit()
        neighbour_id = neighbour.id

    mine = auth.client(where["resident"]).get("/initiatives/mine").get_data(as_text=True)
    assert "Moestuin achter de flat" in mine and "Burendag Zonnelaan" in mine
    assert f"/initiatives/{draft_id}" in mine

    theirs = auth.client(neighbour_id).get("/initiatives/mine").get_data(as_text=True)
    assert "Tafels neerzetten" in theirs and "Burendag Zonnelaan" in theirs
    assert "Moestuin achter de flat" not in theirs  # someone else's draft


def test_my_initiatives_asks_a_visitor_to_log_in(client):
    response = client.get("/initiatives/mine")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_the_navigation_shows_the_unread_count_to_screen_readers_too(app, auth):
    where = place_ids(app)
    with app.app_context():
        from portal.notifications.models import Notification

        db.session.add(Notification(user_id=where["resident"], kind="initiative_comment", params={"title": "x"}))
        db.session.get(User, where["resident"]).locale = "en"
        db.session.commit()
    html = auth.client(where["resident"]).get("/").get_data(as_text=True)
    assert 'count-badge" aria-hidden="true">1</span>' in html
    assert '<span class="sr-only">(1 unread)</span>' in html
