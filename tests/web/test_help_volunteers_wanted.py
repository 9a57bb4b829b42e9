"""Volunteer tasks of initiatives are needs too: neighbourly help points helpers to them."""

from __future__ import annotations

from portal.extensions import db
from portal.initiatives import lifecycle
from tests.factories.help import make_help_place
from tests.factories.initiatives import make_initiative


def test_tasks_with_places_left_show_beside_the_help_requests_and_in_the_console(app, auth):
    with app.app_context():
        place = make_help_place()
        make_initiative(place.requester, place.area, lifecycle.PLANNED, roles=[("Soep koken", 2)], title="Buurtsoep")
        full = make_initiative(place.requester, place.area, lifecycle.PLANNED, roles=[("Vol", 1)], title="Vol feest")
        full.roles[0].taken = 1
        make_initiative(place.requester, place.area, lifecycle.SUBMITTED, roles=[("Nog niet", 3)], title="Later")
        db.session.commit()
        worker_id, code = place.worker.id, place.area.code

    overview = app.test_client().get("/help/").get_data(as_text=True)
    assert "Soep koken" in overview and "Buurtsoep" in overview
    assert "Vol feest" not in overview and "Nog niet" not in overview  # full, or not going ahead yet
    elsewhere = app.test_client().get("/help/?area=BU99999999").get_data(as_text=True)
    assert "Soep koken" not in elsewhere
    here = app.test_client().get(f"/help/?area={code}").get_data(as_text=True)
    assert "Soep koken" in here

    console = auth.client(worker_id).get("/help/console").get_data(as_text=True)
    assert "Soep koken" in console and "Vol feest" not in console
