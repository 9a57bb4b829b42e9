"""An offer is never matched beyond its capacity, not even when two workers confirm at the same
moment from two app processes on one database (PostgreSQL in CI's second run, SQLite here).
"""

from __future__ import annotations

import multiprocessing

import pytest

from portal.extensions import db
from portal.help.models import PROPOSED, HelpMatch, HelpOffer
from tests.factories import make_user
from tests.factories.help import make_help_place, make_offer, make_request


def _confirm(database_uri: str, worker_id: int, request_id: int, offer_id: int, barrier, results) -> None:
    """One app process: a worker proposes ``offer`` for ``request`` as soon as the other is ready too."""
    from portal import create_app
    from portal.accounts.models import User
    from portal.errors import DomainError
    from portal.help import services_matches
    from portal.help.models import HelpRequest

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri, "TESTING": True, "MAIL_SERVER": ""})
    with app.test_request_context():
        worker = db.session.get(User, worker_id)
        request = db.session.get(HelpRequest, request_id)
        offer = db.session.get(HelpOffer, offer_id)
        request.area.team.slug, offer.kinds  # noqa: B018 - loaded before the race starts
        barrier.wait(timeout=30)
        try:
            services_matches.propose(worker, request, offer)
            db.session.commit()
            results.put("ok")
        except DomainError:
            db.session.rollback()
            results.put("refused")
        except Exception as error:  # reported to the test, which fails with it
            db.session.rollback()
            results.put(f"error: {error!r}")
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize("attempt", range(2))
def test_two_workers_in_two_processes_confirm_the_last_place_exactly_one_succeeds(app, attempt):
    with app.app_context():
        place = make_help_place()
        offer = make_offer(place.helper, capacity=1)
        first = make_request(place.requester)
        second = make_request(make_user(area_id=place.area.id, name="Kees Twee"))
        second_worker = make_user("worker", teams=[place.team], name="Willem Twee")
        db.session.commit()
        ids = (place.worker.id, second_worker.id, first.id, second.id, offer.id)
        db.session.remove()
    worker_a, worker_b, request_a, request_b, offer_id = ids

    spawn = multiprocessing.get_context("spawn")  # fresh interpreters: two real app processes
    barrier, results = spawn.Barrier(2), spawn.Queue()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    processes = [
        spawn.Process(target=_confirm, args=(uri, worker_a, request_a, offer_id, barrier, results)),
        spawn.Process(target=_confirm, args=(uri, worker_b, request_b, offer_id, barrier, results)),
    ]
    for process in processes:
        process.start()
    outcomes = sorted(results.get(timeout=60) for _ in processes)
    for process in processes:
        process.join(timeout=30)

    assert outcomes == ["ok", "refused"], outcomes
    with app.app_context():
        offer = db.session.get(HelpOffer, offer_id)
        proposed = db.session.query(HelpMatch).filter_by(offer_id=offer_id, status=PROPOSED).count()
        assert offer.load == 1 == proposed
        db.session.remove()
