"""Pages of logged-in people kept as shells (portal.page_cache.member_page): shared by everyone who would see the
same page, each person's own token and unread count put in, and stale after the change that concerns them."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string

from portal import create_app
from portal.accounts.models import ROLE_WORKER, User
from portal.extensions import db
from portal.notifications import services as notifications
from portal.page_cache import CSRF_MARKER, member_page
from tests.factories.help import make_help_place, make_request


@pytest.fixture
def place(app):
    with app.app_context():
        place = make_help_place()
        neighbour = make_request(place.requester, description="Wie kan mijn hond uitlaten op dinsdag?")
        db.session.commit()
        return {"requester": place.requester.id, "helper": place.helper.id, "worker": place.worker.id,
                "request": neighbour.id}  # fmt: skip


def _token(html: str) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)


def test_neighbours_share_the_help_page_each_with_their_own_token_and_count(app, auth, place, statements):
    with app.app_context():
        helper = db.session.get(User, place["helper"])
        notifications.notify(helper, "initiative_cancelled", {"title": "Straatfeest"}, "/initiatives/9")
        db.session.commit()
    requester, helper = auth.client(place["requester"]), auth.client(place["helper"])
    built = statements(lambda: requester.get("/help/"))
    kept = statements(lambda: helper.get("/help/"))
    assert kept < built
    pages = [client.get("/help/").get_data(as_text=True) for client in (requester, helper)]
    assert all("Wie kan mijn hond uitlaten" in page for page in pages)
    assert all(CSRF_MARKER not in page and "of-this-person" not in page for page in pages)
    assert _token(pages[0]) != _token(pages[1])
    assert "count-badge" not in pages[0] and 'aria-hidden="true">1</span>' in pages[1]


def test_a_new_request_nearby_shows_at_once_though_the_page_was_kept(app, auth, place):
    helper = auth.client(place["helper"])
    assert "Wie helpt met mijn gordijnen" not in helper.get("/help/").get_data(as_text=True)
    with app.app_context():
        make_request(db.session.get(User, place["requester"]), kind="odd_jobs",
                     description="Wie helpt met mijn gordijnen ophangen?")  # fmt: skip
        db.session.commit()
    assert "Wie helpt met mijn gordijnen" in helper.get("/help/").get_data(as_text=True)


def test_a_worker_gets_the_workers_navigation_not_a_residents_kept_page(app, auth, place):
    auth.client(place["helper"]).get("/help/")
    worker_page = auth.client(place["worker"]).get("/help/").get_data(as_text=True)
    assert "/help/console" in worker_page  # "Match help" in the worker's navigation


def test_my_notifications_are_kept_until_mine_change_not_when_anothers_do(app, auth, place, statements):
    with app.app_context():
        notifications.notify(db.session.get(User, place["helper"]), "initiative_cancelled", {"title": "Buurtbarbecue"},
                             "/initiatives/9")  # fmt: skip
        db.session.commit()
    helper = auth.client(place["helper"])
    built = statements(lambda: helper.get("/notifications/"))
    with app.app_context():  # someone else's notification does not make mine stale
        notifications.notify(db.session.get(User, place["requester"]), "initiative_cancelled", {"title": "Rommelmarkt"},
                             "/initiatives/8")  # fmt: skip
        db.session.commit()
    kept = statements(lambda: helper.get("/notifications/"))
    assert kept < built
    with app.app_context():
        notifications.notify(db.session.get(User, place["helper"]), "initiative_cancelled", {"title": "Zomerfeest"},
                             "/initiatives/7")  # fmt: skip
        db.session.commit()
    page = helper.get("/notifications/").get_data(as_text=True)
    assert "Zomerfeest" in page and "Buurtbarbecue" in page and "Rommelmarkt" not in page
    assert 'aria-hidden="true">2</span>' in page


def test_marking_all_read_shows_at_once(app, auth, place):
    with app.app_context():
        notifications.notify(db.session.get(User, place["helper"]), "initiative_cancelled", {"title": "Buurtbarbecue"},
                             "/initiatives/9")  # fmt: skip
        db.session.commit()
    helper = auth.client(place["helper"])
    assert "count-badge" in helper.get("/notifications/").get_data(as_text=True)
    assert helper.post("/notifications/read").status_code in (302, 303)
    page = helper.get("/notifications/").get_data(as_text=True)
    assert "count-badge" not in page and "notification-unread" not in page


def test_a_shell_with_a_persons_own_form_key_or_token_is_never_kept(tmp_path):
    from flask_login import login_user

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "TESTING": True})
    built = []

    def page(name, body):
        built.append(name)
        return render_template_string(body)

    @app.get("/probe/<name>")
    def probe(name):
        login_user(db.session.get(User, 1))
        bodies = {
            "key": '<form method=post><input name="form_key" value="k"></form>',
            "plain": "<form method=post><input name=csrf_token value='{{ csrf_token() }}'></form>",
        }
        return member_page(lambda: page(name, bodies[name]), "help_request", scope="everyone")

    with app.app_context():
        db.create_all()
        from tests.factories.accounts import make_user

        make_user(ROLE_WORKER)
        db.session.commit()
    client = app.test_client()
    first, second = (client.get("/probe/plain").get_data(as_text=True) for _ in range(2))
    client.get("/probe/key"), client.get("/probe/key")
    assert built == ["plain", "key", "key"]
    assert CSRF_MARKER not in second and first != "" and "csrf_token value=" in second


def test_coordinators_with_other_homes_each_see_their_own_home_named(app, auth, place):
    from portal.accounts.models import ROLE_COORDINATOR
    from tests.factories.initiatives import make_area

    with app.app_context():
        first = db.session.get(User, place["worker"])  # any area will do for the first coordinator
        team = first.teams[0]
        homes = [make_area(team, "Eerste Buurt"), make_area(team, "Tweede Buurt")]
        db.session.flush()
        from tests.factories.accounts import make_user

        ids = [make_user(ROLE_COORDINATOR, area_id=home.id, name=f"Coördinator {n}").id for n, home in enumerate(homes)]
        db.session.commit()
    pages = [auth.client(user_id).get("/help/").get_data(as_text=True) for user_id in ids]
    assert "Eerste Buurt" in pages[0] and "Tweede Buurt" not in pages[0]
    assert "Tweede Buurt" in pages[1] and "Eerste Buurt" not in pages[1]
