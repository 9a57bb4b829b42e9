"""Dates and times read as people in each language write them: British English and Dutch, Groningen's time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from flask import render_template_string
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.i18n import babel_locale, current_language
from portal.outbox.models import OutboxMessage
from tests.factories.find import make_district, make_initiative

# 17:41 UTC on 4 December 2026 is 18:41 in Groningen (winter time).
MOMENT = datetime(2026, 12, 4, 17, 41)


def _render(app, language: str, source: str, **context) -> str:
    with app.test_request_context("/", headers={"Cookie": f"lang={language}"}):
        return render_template_string(source, **context)


@pytest.mark.parametrize(
    ("language", "style", "expected"),
    [
        ("en", "medium", "4 December 2026, 18:41"),
        ("nl", "medium", "4 december 2026, 18:41"),
        ("en", "short", "4 Dec 2026, 18:41"),
        ("nl", "short", "4 dec 2026, 18:41"),
    ],
)
def test_the_datetime_filter_in_both_languages(app, language, style, expected):
    assert _render(app, language, "{{ moment|datetime(style) }}", moment=MOMENT, style=style) == expected


def test_english_is_never_american(app):
    text = _render(app, "en", "{{ moment|datetime }} {{ moment|datetime('short') }}", moment=MOMENT)
    assert "PM" not in text and "12/4" not in text and "Dec 4" not in text and ":00" not in text


def test_the_language_stays_en_while_babel_formats_british(app):
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        assert current_language() == "en"
    assert babel_locale("en") == "en_GB" and babel_locale("nl") == "nl"
    with app.test_request_context("/"), force_locale(babel_locale("en")):
        assert current_language() == "en"


def test_the_agenda_page_in_english_uses_the_24_hour_clock_and_day_month_order(app, client):
    day = date.today() + timedelta(days=2)  # within the agenda's first week
    local = datetime.combine(day, time(14, 30), tzinfo=ZoneInfo("Europe/Amsterdam"))
    with app.app_context():
        district = make_district("Selwerd")
        starts = local.astimezone(UTC).replace(tzinfo=None)
        make_initiative(district, status="planned", title="Burendag", planned_start=starts)
        db.session.commit()
    client.set_cookie("lang", "en")
    html = client.get("/initiatives/agenda").get_data(as_text=True)
    assert "Burendag" in html and "14:30" in html and f"{day.day} {day:%B} {day.year}" in html
    assert "2:30 PM" not in html and f"{day:%B} {day.day}" not in html
    client.set_cookie("lang", "nl")
    html = client.get("/initiatives/agenda").get_data(as_text=True)
    assert "14:30" in html and format_date(day, "d MMMM y", locale="nl") in html


def test_an_english_mail_is_british_too(app, auth):
    """A notification mailed at once to an English-speaking account words its date the British way."""
    from portal.notifications.services import notify

    user_id = auth.as_role(role="coordinator", locale="en").id
    with app.app_context():
        user = db.session.get(User, user_id)
        params = {"reference": "K-000001", "team": "WIJ Selwerd", "due": "2027-01-15T10:00:00"}
        notify(user, "complaint_filed", params, "/complaints/1")
        db.session.commit()
        body = db.session.scalars(select(OutboxMessage.body)).one()
    assert "15 January 2027" in body and "January 15" not in body
