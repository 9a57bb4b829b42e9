"""The help request form asks how often, which part of a date's day, and the language spoken best."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
from portal.help.models import HelpRequest
from tests.factories.help import make_help_place, make_offer


@pytest.fixture
def place(app):
    with app.app_context():
        where = make_help_place()
        make_offer(where.helper, languages=["nl"])
        db.session.commit()
        ids = {"area": where.area.id, "requester": where.requester.id, "worker": where.worker.id}
        db.session.remove()
    return ids


def html_of(response) -> str:
    return response.get_data(as_text=True)


def in_language(app, user_id: int, locale: str) -> None:
    with app.app_context():
        db.session.get(User, user_id).locale = locale
        db.session.commit()


def request_data(place, **overrides) -> dict:
    data = {
        "kind": "groceries",
        "description": "Wie doet er op dinsdag boodschappen voor mij?",
        "area_id": str(place["area"]),
        "when": "slots",
        "slots": ["tue-morning"],
        "on_date": "",
        "from_date": "",
        "until_date": "",
        "frequency": "weekly",
        "urgency": "normal",
        "language": "",
        "languages": ["nl"],
    }
    data.update(overrides)
    return data


def stored(app) -> HelpRequest:
    with app.app_context():
        request = db.session.scalars(select(HelpRequest)).one()
        db.session.expunge(request)
        return request


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(HelpRequest.id)))


def test_the_form_asks_how_often_in_english(app, auth, place):
    in_language(app, place["requester"], "en")
    html = html_of(auth.client(place["requester"]).get("/help/requests/new"))
    assert "How often do you need this help?" in html
    once = [tag for tag in re.findall(r"<input[^>]*>", html) if 'name="frequency"' in tag and 'value="once"' in tag]
    assert len(once) == 1 and " checked" in once[0]  # once is chosen until the resident says otherwise
    for label in ("Once", "Every week", "A few times", "Part of the day", "The language you speak best"):
        assert label in html, label
    assert "Other languages you speak" in html


def test_the_form_asks_how_often_in_dutch(app, auth, place):
    html = html_of(auth.client(place["requester"]).get("/help/requests/new"))  # Dutch, the default
    assert '<html lang="nl">' in html
    for label in ("Hoe vaak heb je deze hulp nodig?", "Eén keer", "Elke week", "Een paar keer", "Deel van de dag"):
        assert label in html, label
    assert "De taal die je het best spreekt" in html


def test_a_weekly_request_is_stored_as_weekly_and_shown_to_the_worker(app, auth, place):
    client = auth.client(place["requester"])
    response = client.post("/help/requests/new", data=request_data(place))
    assert response.status_code == 302
    request = stored(app)
    assert request.frequency == "weekly" and request.slots == ["tue-morning"]
    in_language(app, place["worker"], "en")
    page = html_of(auth.client(place["worker"]).get(f"/help/console/requests/{request.id}"))
    assert "How often" in page and "Every week" in page


def test_without_a_choice_a_request_is_needed_once(app, auth, place):
    data = request_data(place)
    del data["frequency"]
    assert auth.client(place["requester"]).post("/help/requests/new", data=data).status_code == 302
    assert stored(app).frequency == "once"


def test_a_date_keeps_the_parts_of_the_day_ticked(app, auth, place):
    thursday = date.today() + timedelta(days=(3 - date.today().weekday()) % 7 or 7)
    data = request_data(place, when="date", on_date=thursday.isoformat(), day_parts=["morning"], frequency="once")
    response = auth.client(place["requester"]).post("/help/requests/new", data=data)
    assert response.status_code == 302
    request = stored(app)
    assert (request.when, request.on_date, request.slots) == ("date", thursday, ["thu-morning"])
    in_language(app, place["requester"], "en")
    assert ", morning" in html_of(auth.client(place["requester"]).get(f"/help/requests/{request.id}"))


def test_parts_of_the_day_are_ignored_for_times_of_the_week(app, auth, place):
    data = request_data(place, day_parts=["evening"])
    assert auth.client(place["requester"]).post("/help/requests/new", data=data).status_code == 302
    assert stored(app).slots == ["tue-morning"]


def test_the_language_spoken_best_is_stored_first(app, auth, place):
    data = request_data(place, language="ar", languages=["nl", "ar", "en"])
    assert auth.client(place["requester"]).post("/help/requests/new", data=data).status_code == 302
    assert stored(app).languages == ["ar", "nl", "en"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"frequency": "daily"}, "frequency"),
        ({"frequency": "<script>"}, "frequency"),
        ({"when": "date", "on_date": "2099-06-10", "day_parts": ["night"]}, "day_parts"),
        ({"language": "xx"}, "language"),
    ],
)
def test_bad_choices_are_refused_with_the_input_kept(app, auth, place, changes, field):
    response = auth.client(place["requester"]).post("/help/requests/new", data=request_data(place, **changes))
    html = html_of(response)
    assert response.status_code == 422 and f'id="{field}-error"' in html
    assert "Wie doet er op dinsdag boodschappen voor mij?" in html
    assert count(app) == 0
