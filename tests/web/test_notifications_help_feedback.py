"""A worker told that feedback was given opens the notification and reads the feedback on the request's page;
the mail only said there was a note."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from portal.extensions import db
from portal.help import services_matches
from portal.help.notification_kinds import HELP_TEAM_FEEDBACK
from portal.notifications.models import Notification
from tests.factories.help import make_help_place, make_offer, make_request

NOTE = "Hamid kwam precies op tijd en bleef nog even koffie drinken."


def test_the_worker_opens_the_feedback_notification_and_reads_the_note(app, auth, client):
    with app.app_context():
        place = make_help_place()
        place.worker.locale = "en"
        match = services_matches.propose(place.worker, make_request(place.requester), make_offer(place.helper))
        services_matches.answer(place.requester, match, True, place.requester.phone)
        services_matches.answer(place.helper, match, True, place.helper.email)
        services_matches.finish(place.requester, match)
        services_matches.give_feedback(place.requester, match, True, NOTE)
        notification = db.session.scalar(
            select(Notification).where(Notification.user_id == place.worker.id, Notification.kind == HELP_TEAM_FEEDBACK)
        )
        db.session.commit()
        ids = {"worker": place.worker.id, "other": place.other_worker.id, "notification": notification.id}
        db.session.remove()

    auth.as_user(ids["worker"])
    listing = unescape(client.get("/notifications/").get_data(as_text=True))
    assert "There is a note for the team: read it in the portal." in listing and NOTE not in listing
    opened = client.get(f"/notifications/{ids['notification']}/open")
    assert opened.status_code == 303 and opened.headers["Location"].startswith("/help/console/requests/")
    page = unescape(client.get(opened.headers["Location"]).get_data(as_text=True))
    assert "Riet (asked): it worked; Hamid (helped): has not said yet" in " ".join(page.split())
    assert NOTE in page

    auth.as_user(ids["other"])  # a worker of another team reads neither the notification nor the page
    assert client.get(f"/notifications/{ids['notification']}/open").status_code == 404
    assert client.get(opened.headers["Location"]).status_code == 403
