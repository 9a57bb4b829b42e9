"""Opening a notification marks it read and goes to what it is about (only ever on this site); the
preferences page groups the kinds per audience and explains the digests."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from portal.accounts.models import ROLE_WORKER
from portal.extensions import db
from portal.notifications import services
from portal.notifications.models import DAILY, NEVER, Notification, NotificationPreference
from tests.factories import make_user


@pytest.fixture
def people(app):
    """A resident (English) with notifications of several links, a worker, and a stranger with one."""
    with app.app_context():
        resident, stranger = make_user(locale="en"), make_user()
        worker = make_user(ROLE_WORKER, locale="en")
        for user in (resident, stranger):
            services.set_preferences(user, {"initiative_status": NEVER, "initiative_comment": NEVER})

        def note(link, user=resident):
            return services.notify(user, "initiative_status", {"title": "Moestuin", "status": "planned"}, link).id

        ids = {
            "resident": resident.id,
            "worker": worker.id,
            "stranger": stranger.id,
            "linked": note("/initiatives/1?tab=agenda#wanneer"),
            "plain": note(None),
            "elsewhere": note("https://evil.example/steal"),
            "protocol_relative": note("//evil.example/steal"),
            "backslash": note("/\\evil.example"),
            "absolute_here": note("http://127.0.0.1:5000/help/mine"),
            "foreign": note("/initiatives/2", user=stranger),
        }
        db.session.commit()
        return ids


def _read_at(app, notification_id):
    with app.app_context():
        return db.session.get(Notification, notification_id).read_at


def test_opening_marks_read_and_goes_to_the_page_it_is_about(app, auth, client, people):
    auth.as_user(people["resident"])
    response = client.get(f"/notifications/{people['linked']}/open")
    assert response.status_code == 303
    assert response.headers["Location"] == "/initiatives/1?tab=agenda#wanneer"
    assert _read_at(app, people["linked"]) is not None
    # Opening it again still goes there, and it stays read.
    assert client.get(f"/notifications/{people['linked']}/open").headers["Location"].startswith("/initiatives/1")
    html = unescape(client.get("/notifications/").get_data(as_text=True))
    assert "You have 5 unread notifications." in html


def test_a_notification_without_a_link_is_marked_read_and_the_list_shown(app, auth, client, people):
    auth.as_user(people["resident"])
    response = client.get(f"/notifications/{people['plain']}/open")
    assert response.status_code == 303 and response.headers["Location"].endswith("/notifications/")
    assert _read_at(app, people["plain"]) is not None


@pytest.mark.parametrize("which", ["elsewhere", "protocol_relative", "backslash"])
def test_a_link_off_the_site_is_never_followed(app, auth, client, people, which):
    auth.as_user(people["resident"])
    response = client.get(f"/notifications/{people[which]}/open")
    assert response.status_code == 303 and response.headers["Location"].endswith("/notifications/")
    assert "evil" not in response.headers["Location"]
    assert _read_at(app, people[which]) is not None


def test_an_absolute_link_on_the_public_address_becomes_its_path(auth, client, people):
    auth.as_user(people["resident"])
    assert client.get(f"/notifications/{people['absolute_here']}/open").headers["Location"] == "/help/mine"


@pytest.mark.parametrize("which", ["foreign", "unknown", "junk"])
def test_someone_elses_or_an_unknown_notification_is_not_found(app, auth, client, people, which):
    auth.as_user(people["resident"])
    target = {"foreign": people["foreign"], "unknown": 999999, "junk": "abc"}[which]
    assert client.get(f"/notifications/{target}/open").status_code == 404
    assert _read_at(app, people["foreign"]) is None


def test_a_visitor_is_asked_to_log_in(client, people):
    response = client.get(f"/notifications/{people['linked']}/open")
    assert response.status_code in (302, 303) and "/account/login" in response.headers["Location"]


def test_the_list_links_through_opening(auth, client, people):
    auth.as_user(people["resident"])
    html = client.get("/notifications/").get_data(as_text=True)
    assert f'href="/notifications/{people["linked"]}/open"' in html
    assert "evil.example" not in html


# --------------------------------------------------------------------------- preferences per audience


def test_a_resident_chooses_only_the_residents_kinds(auth, client, people):
    auth.as_user(people["resident"])
    html = unescape(client.get("/notifications/preferences").get_data(as_text=True))
    assert "For you as a resident" in html and "For your work in the team" not in html
    assert 'name="help_match_proposed"' in html
    assert 'name="help_team_waiting"' not in html and 'name="signal_team_recurring"' not in html
    assert "Once a day: one e-mail every morning" in html and "Once a week: one e-mail on Monday morning" in html


def test_a_worker_sees_both_groups_and_chooses_the_daily_digest(app, auth, client, people):
    auth.as_user(people["worker"])
    html = unescape(client.get("/notifications/preferences").get_data(as_text=True))
    resident_part, _, worker_part = html.partition("For your work in the team")
    assert "For you as a resident" in resident_part
    assert 'name="help_match_proposed"' in resident_part
    for kind in ("help_team_waiting", "help_team_accepted", "help_team_ended", "help_team_feedback"):
        assert f'name="{kind}"' in worker_part and f'name="{kind}"' not in resident_part
    assert 'name="signal_team_recurring"' in worker_part

    page = client.get("/notifications/preferences")
    assert page.status_code == 200
    response = client.post(
        "/notifications/preferences",
        data={"help_team_waiting": DAILY, "signal_team_recurring": NEVER},
    )
    assert response.status_code == 303
    with app.app_context():
        chosen = dict(
            db.session.execute(
                select(NotificationPreference.kind, NotificationPreference.frequency).where(
                    NotificationPreference.user_id == people["worker"]
                )
            ).all()
        )
    assert chosen["help_team_waiting"] == DAILY and chosen["signal_team_recurring"] == NEVER


def test_a_resident_posting_a_workers_kind_changes_nothing(app, auth, client, people):
    auth.as_user(people["resident"])
    client.post("/notifications/preferences", data={"help_team_waiting": DAILY})
    with app.app_context():
        assert (
            db.session.scalar(
                select(NotificationPreference).where(
                    NotificationPreference.user_id == people["resident"],
                    NotificationPreference.kind == "help_team_waiting",
                )
            )
            is None
        )
