"""The dashboards read a past period from the stored daily counts: deleting personal data later does not change
what a coordinator sees, and the page says where its figures come from."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete

from portal.accounts.models import ROLE_COORDINATOR
from portal.extensions import db
from portal.help.models import HelpRequest
from portal.indicators import snapshots
from tests import indicators_support
from tests.indicators_support import NOW


@pytest.fixture
def world(app):
    with app.app_context():
        indicators_support.build()
        db.session.commit()
        db.session.remove()


def _help_found(page: str) -> str:
    return page.split('id="help_found_neighbour"')[1].split("</section>")[0]


def test_a_stored_month_shows_the_same_figures_after_its_requests_are_deleted(app, auth, world):
    auth.as_role(ROLE_COORDINATOR, locale="en")
    url = "/indicators/?grain=month&period=2026-11-10"
    live = auth._client.get(url).get_data(as_text=True)
    assert "counted from the data as it is now" in live
    assert "2 of 4" in _help_found(live)  # R1, R3 of R1, R2, R3, R5 (tests/indicators_support.py)

    with app.app_context():
        day = date(2026, 9, 1)
        while day <= date(2026, 12, 4):
            snapshots.take(day, now=NOW)
            day += timedelta(days=1)
        db.session.execute(delete(HelpRequest))
        db.session.commit()
        db.session.remove()

    stored = auth._client.get(url).get_data(as_text=True)
    assert "stored every night" in stored
    assert "2 of 4" in _help_found(stored)
    csv_text = auth._client.get("/indicators/indicators.csv?grain=month&period=2026-11-10").get_data(as_text=True)
    rows = [line.split(";") for line in csv_text.splitlines() if line.startswith("help_found_neighbour;")]
    city_now = [row for row in rows if row[2] == "city" and row[6] == "2026-11-01"]
    assert city_now and city_now[0][8:10] == ["2", "4"]


def test_a_month_stored_in_part_says_up_to_which_day(app, auth, world):
    with app.app_context():
        day = date(2026, 11, 1)
        while day <= date(2026, 11, 15):
            snapshots.take(day, now=NOW)
            day += timedelta(days=1)
        db.session.remove()
    auth.as_role(ROLE_COORDINATOR, locale="en")
    page = auth._client.get("/indicators/?grain=month&period=2026-11-10").get_data(as_text=True)
    assert "stored every night up to 15 November 2026, and from the data as it is now after that" in page
    assert "2 of 4" in _help_found(page)
