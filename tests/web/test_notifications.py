"""The notification pages: the list, marking read (page and htmx fragment), the preferences."""

from __future__ import annotations

from html import unescape

import pytest
from flask import render_template_string
from flask_login import login_user
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.notifications import queries, services
from portal.notifications.models import NEVER, Notification, NotificationPreference
from tests.factories import make_user


@pytest.fixture
def inbox(app):
    """A resident with two unread notifications (no mail wanted) and a stranger with one."""
    with app.app_context():
        resident, stranger = make_user(locale="en"), make_user()
        for user in (resident, stranger):
            services.set_preferences(user, {"initiative_status": NEVER, "initiative_comment": NEVER})
        first = services.notify(
            resident, "initiative_status", {"title": "Moestuin", "status": "planned"}, "/initiatives/1"
        )
        services.notify(resident, "initiative_comment", {"title": "Moestuin", "author": "Kees"}, "/initiatives/1")
        foreign = services.notify(stranger, "initiative_status", {"title": "Ander plan", "status": "done"}, None)
        db.session.commit()
        return {"resident": resident.id, "stranger": stranger.id, "first": first.id, "foreign": foreign.id}


def _unread(app, user_id) -> int:
    with app.app_context():
        return queries.unread_count(db.session.get(User, user_id))


def test_the_list_words_each_notification_in_the_readers_language(client, inbox, auth):
    auth.as_user(inbox["resident"])
    html = unescape(client.get("/notifications/").get_data(as_text=True))
    assert 'Your initiative "Moestuin" is now: Planned.' in html
    assert "Kees reacted to your initiative" in html
    assert "Ander plan" not in html
    assert f'href="/notifications/{inbox["first"]}/open"' in html  # opening it marks it read, then goes on
    assert "You have 2 unread notifications." in html


def test_mark_read_as_a_page(app, auth, client, inbox):
    auth.as_user(inbox["resident"])
    response = client.post(f"/notifications/{inbox['first']}/read")
    assert response.status_code == 303 and response.headers["Location"].startswith("/notifications/")
    assert _unread(app, inbox["resident"]) == 1


def test_mark_read_as_a_fragment(app, auth, client, inbox):
    auth.as_user(inbox["resident"])
    response = client.post(f"/notifications/{inbox['first']}/read", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "You have 1 unread notification." in html
    assert _unread(app, inbox["resident"]) == 1


def test_the_list_as_a_fragment(client, inbox, auth):
    auth.as_user(inbox["resident"])
    html = client.get("/notifications/", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in html and "Moestuin" in html


def test_someone_elses_notification_is_left_alone(app, auth, client, inbox):
    auth.as_user(inbox["resident"])
    assert client.post(f"/notifications/{inbox['foreign']}/read").status_code == 303
    with app.app_context():
        assert db.session.get(Notification, inbox["foreign"]).read_at is None


def test_mark_all_read_as_page_and_fragment(app, auth, client, inbox):
    auth.as_user(inbox["resident"])
    assert client.post("/notifications/read").status_code == 303
    assert _unread(app, inbox["resident"]) == 0
    assert _unread(app, inbox["stranger"]) == 1
    fragment = client.post("/notifications/read", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "You have 0 unread notifications." in fragment


def test_preferences_show_the_current_choice_and_save_a_new_one(app, auth, client, inbox):
    auth.as_user(inbox["resident"])
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert 'id="initiative_status-3" name="initiative_status" type="radio" value="never"' in page.replace(
        "checked ", ""
    )
    assert 'checked class="utrecht-radio-button utrecht-radio-button--html-input" id="initiative_changed-0"' in page

    response = client.post(
        "/notifications/preferences",
        data={
            "initiative_status": "weekly",
            "initiative_comment": "immediately",
            "initiative_changed": "never",
            "initiative_cancelled": "immediately",
        },
    )
    assert response.status_code == 303
    with app.app_context():
        chosen = {
            p.kind: p.frequency
            for p in db.session.scalars(
                select(NotificationPreference).where(NotificationPreference.user_id == inbox["resident"])
            )
        }
    assert chosen["initiative_status"] == "weekly" and chosen["initiative_changed"] == "never"


def test_an_unknown_choice_is_refused_with_422(client, inbox, auth):
    auth.as_user(inbox["resident"])
    response = client.post("/notifications/preferences", data={"initiative_status": "hourly"})
    assert response.status_code == 422
    assert 'id="error-summary"' in response.get_data(as_text=True)


def test_the_unread_count_for_the_navigation(app, inbox):
    with app.test_request_context():
        assert render_template_string("{{ unread_badge() }}") == ""  # not logged in
        login_user(db.session.get(User, inbox["resident"]))
        badge = render_template_string("{{ unread_badge() }}")
        assert 'aria-hidden="true">2</span>' in badge and "(2 ongelezen)" in badge  # Dutch by default


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_digest_command(app, runner):
    with app.app_context():
        user = make_user()
        services.set_preferences(user, {"initiative_cancelled": "weekly"})
        services.notify(user, "initiative_cancelled", {"title": "Barbecue"}, "/initiatives/9")
        db.session.commit()
    result = runner.invoke(args=["notifications", "send-digests"])
    assert result.exit_code == 0 and "Queued 1 digest" in result.output
    assert "Queued 0 digest" in runner.invoke(args=["notifications", "send-digests"]).output


def test_demo_notifications(app):
    from portal.demo.notifications import DEMO_RESIDENT, load_notifications_demo

    with app.app_context():
        assert load_notifications_demo() == 0  # no demo resident yet
        make_user(email=DEMO_RESIDENT)
        assert load_notifications_demo() == 4
        assert queries.unread_count(User.by_email(DEMO_RESIDENT)) == 2
        db.session.rollback()


def test_a_page_of_many_notifications_costs_as_many_queries_as_a_page_of_two(app, auth, client, inbox, statements):
    auth.as_user(inbox["resident"])
    client.get("/notifications/")
    few = statements(lambda: client.get("/notifications/"))
    with app.app_context():
        resident = db.session.get(User, inbox["resident"])
        for number in range(60):
            services.notify(resident, "initiative_status", {"title": f"Plan {number}", "status": "planned"}, None)
        db.session.commit()
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.count('<li class="notification') == 20 and 'rel="next"' in page
    assert statements(lambda: client.get("/notifications/")) == few
