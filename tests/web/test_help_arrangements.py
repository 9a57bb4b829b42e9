"""The pages of help that lasts: a weekly arrangement's match page (help given this time, planned day, pause,
end, check-in) for its two sides only, and the team's list of check-ins for the team's workers only.

Everyone reads English here (the Dutch is added to the catalogues separately)."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
from portal.help import services_arrangements, services_matches
from portal.help.models import ACCEPTED, DONE, HelpCheckIn, HelpMatch, HelpOccurrence
from portal.help.services_arrangements import local_today
from tests.factories import make_user
from tests.factories.help import make_help_place, make_offer, make_request


@pytest.fixture
def place(app):
    """A weekly arrangement between Riet (asked) and Hamid (helps), accepted; everyone reads English."""
    with app.app_context():
        where = make_help_place()
        stranger = make_user(area_id=where.area.id, name="Sjaak Vreemd")
        for person in (where.requester, where.helper, where.worker, where.other_worker, stranger):
            person.locale = "en"
        match = services_matches.propose(
            where.worker, make_request(where.requester, frequency="weekly"), make_offer(where.helper)
        )
        services_matches.answer(where.requester, match, True, where.requester.phone)
        services_matches.answer(where.helper, match, True, where.helper.email)
        db.session.commit()
        ids = {
            "match": match.id,
            "requester": where.requester.id,
            "helper": where.helper.id,
            "worker": where.worker.id,
            "other_worker": where.other_worker.id,
            "stranger": stranger.id,
        }
        db.session.remove()
    return ids


def text_of(response) -> str:
    return " ".join(unescape(response.get_data(as_text=True)).split())


def the_match(app, match_id):
    with app.app_context():
        match = db.session.get(HelpMatch, match_id)
        values = {
            "status": match.status,
            "paused": match.paused_at is not None,
            "load": match.offer.load,
            "next_on": match.next_on,
            "occurrences": [o.on_date for o in match.occurrences],
        }
        db.session.remove()
    return values


def test_the_arrangement_page_offers_help_given_pause_and_end_to_both_sides(app, auth, place):
    url = f"/help/matches/{place['match']}"
    requester_page = text_of(auth.client(place["requester"]).get(url))
    assert "Help given this time" in requester_page and "End the arrangement" in requester_page
    assert "Your request is for help more than once" in requester_page
    assert "The help happened" not in requester_page  # that ends a once-request, not an arrangement
    helper_page = text_of(auth.client(place["helper"]).get(url))
    assert "Your offer helps this neighbour more than once" in helper_page
    assert "frees a place in your offer" in helper_page
    worker_page = text_of(auth.client(place["worker"]).get(url))
    assert "Help given" in worker_page and "Help given this time" not in worker_page


def test_recording_help_given_twice_on_one_day_is_refused_with_a_message(app, auth, place):
    requester, helper = auth.client(place["requester"]), auth.client(place["helper"])
    url = f"/help/matches/{place['match']}"
    assert requester.post(f"{url}/occurrences", data={}).status_code == 303  # default: today
    again = helper.post(f"{url}/occurrences", data={"on_date": local_today().isoformat()})
    assert again.status_code == 422 and "is already recorded" in text_of(again)
    assert the_match(app, place["match"])["occurrences"] == [local_today()]
    assert the_match(app, place["match"])["status"] == ACCEPTED


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("morgen", "Enter a date"),
        ("2999-01-01", "Choose a date between"),
        ("1900-01-01", "Choose a date between"),
    ],
)
def test_a_junk_date_is_refused_with_a_message(app, auth, place, value, message):
    response = auth.client(place["requester"]).post(
        f"/help/matches/{place['match']}/occurrences", data={"on_date": value}
    )
    assert response.status_code == 422 and message in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(HelpOccurrence.id))) == 0


def test_a_future_day_is_refused_and_the_typed_day_kept(app, auth, place):
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    response = auth.client(place["helper"]).post(
        f"/help/matches/{place['match']}/occurrences", data={"on_date": tomorrow}
    )
    assert response.status_code == 422 and "in advance" in text_of(response)
    assert f'value="{tomorrow}"' in response.get_data(as_text=True)


def test_pause_resume_plan_and_end(app, auth, place):
    requester, helper = auth.client(place["requester"]), auth.client(place["helper"])
    url = f"/help/matches/{place['match']}"
    assert helper.post(f"{url}/pause").status_code == 303
    assert "Paused since" in text_of(requester.get(url))
    twice = requester.post(f"{url}/pause")
    assert twice.status_code == 422 and "already paused" in text_of(twice)
    assert requester.post(f"{url}/resume").status_code == 303
    day = local_today() + timedelta(days=3)
    assert requester.post(f"{url}/next", data={"next_on": day.isoformat()}).status_code == 303
    assert the_match(app, place["match"])["next_on"] == day
    assert helper.post(f"{url}/end").status_code == 303
    after = the_match(app, place["match"])
    assert after["status"] == DONE and after["load"] == 0
    again = requester.post(f"{url}/end")
    assert again.status_code == 422 and "not running" in text_of(again)


def test_after_the_end_each_side_answers_the_check_in_for_the_team_only(app, auth, place):
    requester, helper = auth.client(place["requester"]), auth.client(place["helper"])
    url = f"/help/matches/{place['match']}"
    assert requester.post(f"{url}/end").status_code == 303
    page = text_of(helper.get(url))
    assert "How did it go?" in page and "Only the workers of the team read your answer" in page
    bad = helper.post(f"{url}/check-in", data={"checkin-stage": "ended", "checkin-note": "x" * 1001})
    assert bad.status_code == 422 and "Choose yes or no" in text_of(bad) and "x" * 1001 in text_of(bad)
    answer = {
        "checkin-stage": "ended",
        "checkin-happened": "yes",
        "checkin-rating": "bad",
        "checkin-note": "Riet was er twee keer niet.",
        "checkin-flagged": "y",
    }
    assert helper.post(f"{url}/check-in", data=answer).status_code == 303
    twice = helper.post(f"{url}/check-in", data=answer)
    assert twice.status_code == 422 and "already told us" in text_of(twice)
    assert "Riet was er twee keer niet." not in text_of(requester.get(url))
    junk = helper.post(f"{url}/check-in", data={**answer, "checkin-stage": "someday"})
    assert junk.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(HelpCheckIn.id))) == 1

    worker = auth.client(place["worker"])
    listing = text_of(worker.get("/help/console/check-ins"))
    assert "Something went wrong" in listing and "Riet was er twee keer niet." in listing
    assert "Hamid (helps)" in listing
    assert "Riet was er twee keer niet." not in text_of(
        auth.client(place["other_worker"]).get("/help/console/check-ins")
    )
    assert auth.client(place["requester"]).get("/help/console/check-ins").status_code == 403

    with app.app_context():
        checkin_id = db.session.scalar(select(HelpCheckIn.id))
    handle = f"/help/console/matches/{place['match']}/check-ins/handled"
    assert auth.client(place["other_worker"]).post(handle, data={"checkin_id": checkin_id}).status_code == 403
    assert worker.post(handle, data={"checkin_id": "junk"}).status_code == 400
    assert worker.post(handle, data={"checkin_id": 999999}).status_code == 404
    assert worker.post(handle, data={"checkin_id": checkin_id}).status_code == 303
    with app.app_context():
        assert db.session.get(HelpCheckIn, checkin_id).handled_by_id == place["worker"]
    assert "Nothing to handle." in text_of(worker.get("/help/console/check-ins"))


def test_only_the_two_sides_act_on_an_arrangement(app, auth, place):
    url = f"/help/matches/{place['match']}"
    stranger, other_worker, worker = (
        auth.client(place["stranger"]),
        auth.client(place["other_worker"]),
        auth.client(place["worker"]),
    )
    for step in ("occurrences", "pause", "resume", "end", "next", "check-in"):
        assert stranger.post(f"{url}/{step}", data={}).status_code == 404, step
        assert other_worker.post(f"{url}/{step}", data={}).status_code == 403, step
    refused = worker.post(f"{url}/pause")
    assert refused.status_code == 422 and "not yours" in text_of(refused)
    visitor = app.test_client()
    assert "/account/login" in visitor.post(f"{url}/end").headers["Location"]
    assert the_match(app, place["match"])["status"] == ACCEPTED and not the_match(app, place["match"])["paused"]


def test_a_post_without_its_csrf_token_is_refused(app, auth, place):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = auth.client(place["requester"]).post(f"/help/matches/{place['match']}/occurrences", data={})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code in (400, 422)
    assert the_match(app, place["match"])["occurrences"] == []


def test_my_data_holds_my_occurrences_and_check_ins(app, auth, place):
    with app.app_context():
        match = db.session.get(HelpMatch, place["match"])
        requester = db.session.get(User, place["requester"])
        services_arrangements.record_occurrence(requester, match)
        services_arrangements.end(requester, match)
        services_arrangements.answer_checkin(
            requester, match, "ended", services_arrangements.CheckInInput(happened=True, rating="good", note="Top")
        )
        from portal import events

        exported = {}
        for _receiver, answer in events.personal_data_requested.send(requester):
            exported.update(answer or {})
        db.session.commit()
        db.session.remove()
    [mine] = exported["help_matches"]
    assert mine["help_given_on"] == [{"day": local_today().isoformat(), "recorded_by_me": True}]
    assert mine["ended_by_me"] is True
    assert exported["help_check_ins"][0]["note_for_the_team"] == "Top"


def test_deleting_an_account_removes_its_arrangement(app, auth, place):
    with app.app_context():
        match = db.session.get(HelpMatch, place["match"])
        services_arrangements.record_occurrence(match.request.user, match)
        db.session.commit()
        from portal.accounts import services as accounts

        accounts.erase_account(db.session.get(User, place["helper"]))
        db.session.commit()
        assert db.session.get(HelpMatch, place["match"]) is None
        assert db.session.scalar(select(func.count(HelpOccurrence.id))) == 0
        db.session.remove()
