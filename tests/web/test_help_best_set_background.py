"""The best set worked out in the background (HELP_BEST_SET_IN_BACKGROUND, production's default): a page never works
it out itself; it shows the latest set the job ``help-best-sets`` stored, says so plainly when there is none yet,
and when something changed since it says when the set was worked out and offers only the pairs still possible."""

# ruff: noqa: F811 - the console tests' `place` fixture, imported, is every test's argument

from __future__ import annotations

import threading
from datetime import UTC, timedelta

import pytest
from sqlalchemy import select

from portal import cache
from portal.config import by_environment
from portal.extensions import db
from portal.help import services_suggestions
from portal.help.models import HelpMatch, HelpOffer, HelpRequest
from portal.jobs import runner as jobs_runner
from portal.jobs.schedule import AMSTERDAM, Every, job_named
from portal.teams.models import Area
from portal.timeutil import utcnow
from tests.factories.initiatives import make_area
from tests.web.test_help_console import CRISIS_TEXT, another_request, place, propose  # noqa: F401 - the fixture
from tests.web.test_help_console_city import pairs_of, proposes

pytestmark = pytest.mark.usefixtures("place")

BEING_WORKED_OUT = "The best set for this area is being worked out; this page shows it within a minute."
WORKED_OUT_ON = "This set was worked out on"


@pytest.fixture
def background(app, monkeypatch):
    """The production setting; a page that would work out a set itself fails the test."""
    monkeypatch.setitem(app.config, "HELP_BEST_SET_IN_BACKGROUND", True)

    def never_in_a_request(*_args):
        raise AssertionError("a best set was worked out in a web request")

    real = services_suggestions._work_out_best_set
    monkeypatch.setattr(services_suggestions, "_work_out_best_set", never_in_a_request)
    return real


def run_the_job(app, monkeypatch, real) -> jobs_runner.Outcome:
    """``flask jobs once help-best-sets``, as the runner would, with the real work-out allowed for the job."""
    with monkeypatch.context() as job:
        job.setattr(services_suggestions, "_work_out_best_set", real)
        return jobs_runner.run_job(app, job_named("help-best-sets"), force=True)


def page(auth, place, code=None, **args) -> str:
    response = auth.client(place["worker"]).get(f"/help/console/areas/{code or place['code']}/best", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def a_second_neighbourhood(app, place) -> int:
    """Another neighbourhood of the same team in the district: the district's area set is then its own."""
    with app.app_context():
        here = db.session.get(Area, place["area"])
        other = make_area(here.team, "Maanbuurt", parent=here.parent)
        db.session.commit()
        return other.id


def latest(app, place) -> services_suggestions.BestSet:
    with app.app_context():
        stored = cache.cache.get(services_suggestions.LATEST + services_suggestions._name([place["area"]]))
    return stored.best


# --------------------------------------------------------------------------- the setting


def test_production_works_best_sets_out_in_the_background_and_development_in_the_request():
    assert by_environment({"ENV": "production", "HELP_BEST_SET_IN_BACKGROUND": None}, "HELP_BEST_SET_IN_BACKGROUND")
    for env in ("development", "testing"):
        assert not by_environment({"ENV": env, "HELP_BEST_SET_IN_BACKGROUND": None}, "HELP_BEST_SET_IN_BACKGROUND")
    assert job_named("help-best-sets").schedule == Every(timedelta(minutes=1))


# --------------------------------------------------------------------------- never worked out, then worked out


def test_an_area_never_worked_out_says_so_and_the_job_works_it_out(app, auth, place, background, monkeypatch):
    crisis_id = another_request(app, place, description=CRISIS_TEXT, name="Cato Crisis")
    first = page(auth, place)
    assert BEING_WORKED_OUT in first and "Reload this page" in first
    assert "/propose" not in first and "No pair found" not in first  # no empty table that looks finished
    assert "Cato Crisis" in first[: first.index("pairs-heading")]  # a crisis is never left waiting for the job

    outcome = run_the_job(app, monkeypatch, background)
    assert outcome.outcome == jobs_runner.SUCCEEDED and outcome.summary.startswith("worked out 1 ")
    after = page(auth, place)
    assert BEING_WORKED_OUT not in after and WORKED_OUT_ON not in after
    assert "Proposed pairs (1)" in after and proposes(after, place["request"]) and not proposes(after, crisis_id)

    again = run_the_job(app, monkeypatch, background)  # nothing changed: not worked out again
    assert again.summary == "worked out 0 best set(s), 1 still current"


def test_each_area_set_asked_for_is_worked_out_and_one_not_asked_for_lately_is_dropped(
    app, auth, place, background, monkeypatch
):
    a_second_neighbourhood(app, place)
    page(auth, place)
    page(auth, place, place["district"])
    assert run_the_job(app, monkeypatch, background).summary.startswith("worked out 2 ")
    assert proposes(page(auth, place, place["district"]), place["request"])
    with app.app_context():
        later = utcnow() + services_suggestions.WANTED_FOR + timedelta(minutes=1)
        assert services_suggestions.refresh_wanted_best_sets(later) == (0, 0)


def test_with_the_setting_off_the_page_works_the_set_out_and_the_job_has_nothing_to_do(app, auth, place, monkeypatch):
    monkeypatch.setitem(app.config, "HELP_BEST_SET_IN_BACKGROUND", False)
    html = page(auth, place)
    assert proposes(html, place["request"]) and BEING_WORKED_OUT not in html
    assert jobs_runner.run_job(app, job_named("help-best-sets"), force=True).summary.startswith("worked out 0 ")


# --------------------------------------------------------------------------- stale: when, and only possible pairs


def test_a_stale_set_says_when_and_leaves_out_a_request_matched_since(app, auth, place, background, monkeypatch):
    second = another_request(app, place, name="Kees Twee")
    page(auth, place)
    run_the_job(app, monkeypatch, background)
    before = page(auth, place)
    assert proposes(before, place["request"]) and proposes(before, second) and WORKED_OUT_ON not in before

    worker = auth.client(place["worker"])
    assert propose(worker, place).status_code == 302  # the first pair confirmed: the set is stale now
    stale = page(auth, place)
    worked_out_at = latest(app, place).worked_out_at
    assert WORKED_OUT_ON in stale
    assert worked_out_at.replace(tzinfo=UTC).astimezone(AMSTERDAM).strftime("%H:%M") in stale
    assert not proposes(stale, place["request"]) and proposes(stale, second)
    assert "Proposed pairs (1)" in stale

    # The page shown before still offered the first pair: confirming it again is refused in words, not a 500.
    again = propose(worker, place)
    assert again.status_code == 422
    assert "This request already has a match proposed or accepted." in again.get_data(as_text=True)

    run_the_job(app, monkeypatch, background)
    fresh = page(auth, place)
    assert WORKED_OUT_ON not in fresh and proposes(fresh, second)


def test_a_stale_set_leaves_out_an_offer_full_or_withdrawn_since_and_a_request_closed(
    app, auth, place, background, monkeypatch
):
    second = another_request(app, place, name="Kees Twee")
    page(auth, place)
    run_the_job(app, monkeypatch, background)
    assert [pair[1] for pair in latest(app, place).pairs] == [place["near"], place["near"]]  # its 2 places

    with app.app_context():  # one of its places taken elsewhere since: only the better pair is still possible
        db.session.get(HelpOffer, place["near"]).load = 1
        db.session.commit()
    best_request = latest(app, place).pairs[0][0]
    stale = page(auth, place)
    assert WORKED_OUT_ON in stale and "Proposed pairs (1)" in stale and proposes(stale, best_request)
    other_request = ({place["request"], second} - {best_request}).pop()
    assert not proposes(stale, other_request)
    assert f'href="/help/console/requests/{other_request}"' in stale[stale.index("unpaired-heading") :]

    with app.app_context():  # now full: confirming the pair shown before is refused in words
        db.session.get(HelpOffer, place["near"]).load = 2
        db.session.commit()
    assert "Proposed pairs (0)" in page(auth, place)
    refused = propose(auth.client(place["worker"]), place, request_id=best_request)
    assert refused.status_code == 422 and "This offer is full" in refused.get_data(as_text=True)

    with app.app_context():  # a place free again, but the helper withdrew the offer
        offer = db.session.get(HelpOffer, place["near"])
        offer.load, offer.paused, offer.listed, offer.withdrawn_at = 0, True, False, utcnow()
        db.session.commit()
    assert "Hamid" not in pairs_of(page(auth, place))

    with app.app_context():
        offer = db.session.get(HelpOffer, place["near"])
        offer.paused, offer.listed, offer.withdrawn_at = False, True, None
        db.session.get(HelpRequest, best_request).status = "closed"
        db.session.commit()
    html = page(auth, place)
    assert not proposes(html, best_request) and proposes(html, other_request)


def test_a_new_request_since_is_listed_as_still_waiting_until_the_next_run(app, auth, place, background, monkeypatch):
    page(auth, place)
    run_the_job(app, monkeypatch, background)
    newer = another_request(app, place, name="Nina Nieuw")
    stale = page(auth, place)
    assert WORKED_OUT_ON in stale and not proposes(stale, newer)
    assert "Nina Nieuw" in stale[stale.index("unpaired-heading") :]
    run_the_job(app, monkeypatch, background)
    assert proposes(page(auth, place), newer)


# --------------------------------------------------------------------------- the job beside itself


def test_the_job_run_twice_at_once_runs_once_and_stores_one_good_set(app, auth, place, background, monkeypatch):
    page(auth, place)
    job = job_named("help-best-sets")
    jobs_runner.run_job(app, job, force=True)  # its row exists (and the set is stored), as after any first run
    with app.app_context():
        cache.bump(["help_request"])  # something changed: the set must be worked out again
    start, outcomes = threading.Barrier(2), []
    monkeypatch.setattr(services_suggestions, "_work_out_best_set", background)

    def one_runner() -> None:
        start.wait()
        outcomes.append(jobs_runner.run_job(app, job, force=True).outcome)

    threads = [threading.Thread(target=one_runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert jobs_runner.FAILED not in outcomes and jobs_runner.SUCCEEDED in outcomes
    assert [pair[:2] for pair in latest(app, place).pairs] == [(place["request"], place["near"])]


def test_the_work_itself_done_twice_at_once_stores_one_good_set(app, auth, place, background, monkeypatch):
    """Without the runner's lock (two ``refresh_wanted_best_sets`` at once), each stores an equally good set."""
    page(auth, place)
    monkeypatch.setattr(services_suggestions, "_work_out_best_set", background)
    start, results, errors = threading.Barrier(2), [], []

    def refresh() -> None:
        with app.app_context():
            start.wait()
            try:
                results.append(services_suggestions.refresh_wanted_best_sets())
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and (1, 0) in results and set(results) <= {(1, 0), (0, 1)}  # the later may find it current
    assert [pair[:2] for pair in latest(app, place).pairs] == [(place["request"], place["near"])]
    html = page(auth, place)
    assert proposes(html, place["request"]) and WORKED_OUT_ON not in html


def test_an_area_set_that_fails_does_not_keep_the_others_from_being_worked_out(
    app, auth, place, background, monkeypatch
):
    a_second_neighbourhood(app, place)
    page(auth, place)
    page(auth, place, place["district"])

    def fails_for_the_district(area_ids, now):
        if len(area_ids) == 1:
            return background(area_ids, now)
        raise RuntimeError("broken")

    with monkeypatch.context() as job:
        job.setattr(services_suggestions, "_work_out_best_set", fails_for_the_district)
        outcome = jobs_runner.run_job(app, job_named("help-best-sets"), force=True)
    assert outcome.outcome == jobs_runner.FAILED and outcome.summary == "BestSetsFailed"
    assert proposes(page(auth, place), place["request"])
    assert BEING_WORKED_OUT in page(auth, place, place["district"])
    with app.app_context():
        assert db.session.scalars(select(HelpMatch)).all() == []  # nothing was written but the cache
