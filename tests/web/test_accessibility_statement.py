"""The accessibility statement (/toegankelijkheid): the Dutch model's parts, filled from the statement file, and the
form that reports a problem to every coordinator."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal import create_app
from portal.audit import AuditEntry
from portal.config import ConfigError
from portal.extensions import db
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.pages import statement
from tests.factories.accounts import create_user

STATEMENT = """
organisation = "Gemeente Voorbeeld"
scope = ["https://buurt.voorbeeld.nl"]
status = "B"
statement_date = 2027-02-01
register_url = "https://www.toegankelijkheidsverklaring.nl/register/1"
ombudsman = "Nationale ombudsman"

[[research]]
date = 2027-01-15
kind = "audit"
by = "Toegankelijk BV"
method = { nl = "Onderzoek volgens WCAG-EM", en = "An audit following WCAG-EM" }
report_url = "https://buurt.voorbeeld.nl/rapport.pdf"

[approval]
role = "directeur Publiekszaken"
date = 2027-02-03

[contact]
email = "toegankelijkheid@voorbeeld.nl"
phone = "14 000"
answer_days = 5

[[deviations]]
criterion = { nl = "1.4.3 Contrast (minimum)", en = "1.4.3 Contrast (Minimum)" }
what = { nl = "De grijze datums zijn te licht.", en = "The grey dates are too light." }
consequence = "Slechtzienden lezen ze moeilijk."
fix_by = 2027-04-30
"""


@pytest.fixture
def own_statement(app, tmp_path):
    path = tmp_path / "verklaring.toml"
    path.write_text(STATEMENT, encoding="utf-8")
    app.config["ACCESSIBILITY_STATEMENT"] = str(path)
    yield path
    statement.load.cache_clear()


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _form_key(html: str) -> str:
    return re.search(r'name="form_key"[^>]*value="([^"]+)"', html).group(1)


@pytest.mark.parametrize(("language", "title"), [("nl", '<html lang="nl">'), ("en", "Accessibility statement")])
def test_the_default_statement_claims_only_what_is_true(client, language, title):
    client.set_cookie("lang", language)
    html = html_of(client.get("/toegankelijkheid"))
    assert title in html and "Gemeente Groningen" in html
    assert "Status C" in html  # own checks only: no A or B without an independent audit
    assert "5 " in html and "2026" in html  # the date of the statement
    assert "Nobody at Gemeente Groningen has approved" in html or language == "nl"
    assert "3.1.2" in html and "2027" in html  # known problems, each with a date
    assert "1.4.10" not in html  # every page the crawl reaches fits a phone (tests/browser/checks.py)
    assert 'name="problem"' in html and 'name="contact"' in html and 'name="page"' in html
    assert 'name="form_key"' in html  # its CSRF token: test_the_report_form_needs_its_csrf_token


def test_the_statement_comes_from_the_municipalitys_file(client, own_statement):
    client.set_cookie("lang", "en")
    html = html_of(client.get("/toegankelijkheid"))
    for words in (
        "Gemeente Voorbeeld",
        'href="https://buurt.voorbeeld.nl"',
        "Status B: partially compliant",
        "1 February 2027",  # the statement's date, British style
        "The directeur Publiekszaken of Gemeente Voorbeeld approved this statement",
        "3 February 2027",
        "An audit following WCAG-EM",
        "https://buurt.voorbeeld.nl/rapport.pdf",
        "1.4.3 Contrast (Minimum)",
        "The grey dates are too light.",
        "To be fixed by 30 April 2027.",
        "within 5 working days",
        "toegankelijkheid@voorbeeld.nl",
        "Nationale ombudsman",
        "register/1",
    ):
        assert words in html, words
    client.set_cookie("lang", "nl")
    assert "De grijze datums zijn te licht." in html_of(client.get("/toegankelijkheid"))


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ('status = "B"', 'status = "E"'),
        ('kind = "audit"', 'kind = "self"'),  # status B without an independent audit
        ("answer_days = 5", "answer_days = 0"),
        ("date = 2027-02-03", 'date = ""'),  # approved by someone, but when?
        ("fix_by = 2027-04-30", 'fix_by = "soon"'),
    ],
)
def test_a_statement_file_that_claims_too_much_or_too_little_stops_the_start(tmp_path, change, problem):
    path = tmp_path / "verklaring.toml"
    path.write_text(STATEMENT.replace(change, problem), encoding="utf-8")
    assert statement.problems(str(path))
    with pytest.raises(ConfigError):
        create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "ACCESSIBILITY_STATEMENT": str(path)}
        )
    assert statement.problems(str(tmp_path / "missing.toml"))
    assert statement.problems("") == []  # the portal's own default is fine


def test_the_footer_links_to_the_statement(client, groningen):
    html = html_of(client.get("/"))
    footer = html[html.index("<footer") :]
    assert 'href="/toegankelijkheid"' in footer


def test_a_report_reaches_every_active_coordinator_and_the_contact_address(app, client, own_statement):
    first, _ = create_user(app, "coordinator")
    second, _ = create_user(app, "coordinator", locale="en")
    create_user(app, "coordinator", active=False)
    create_user(app, "worker")
    form = html_of(client.get("/toegankelijkheid"))
    response = client.post(
        "/toegankelijkheid",
        data={
            "form_key": _form_key(form),
            "page": "http://localhost/signals/follow/abcdefghijklmnopqrstuvwx?x=1",
            "problem": "De knop om te versturen werkt niet met het toetsenbord.",
            "contact": "anouk@example.org",
        },
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/toegankelijkheid#report")
    with app.app_context():
        told = db.session.scalars(select(Notification).where(Notification.kind == "accessibility_problem")).all()
        assert sorted(n.user_id for n in told) == sorted([first, second])
        params = told[0].params
        assert params["page"] == "/signals/follow/…"  # a private link's secret is never passed on
        assert params["contact"] == "anouk@example.org" and "toetsenbord" in params["problem"]
        mails = db.session.scalars(select(OutboxMessage)).all()
        assert "toegankelijkheid@voorbeeld.nl" in {mail.recipient for mail in mails}
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "accessibility_problem_reported")
        ).one()
        logged = f"{entry.subject} {entry.detail}"
        assert entry.actor_id is None and "anouk" not in logged and "toetsenbord" not in logged
        assert "abcdefghijklmnop" not in logged and "2 coordinator(s) told" in logged
    page = html_of(client.get("/toegankelijkheid"))
    assert "within 5 working days" in page or "5 werkdag" in page


def test_the_coordinator_reads_the_report_in_their_notifications(app, auth, client, own_statement):
    coordinator = auth.as_role("coordinator", locale="en")
    visitor = app.test_client()
    form = html_of(visitor.get("/toegankelijkheid"))
    visitor.post(
        "/toegankelijkheid",
        data={"form_key": _form_key(form), "page": "/initiatives/agenda", "problem": "Te kleine letters."},
    )
    html = html_of(client.get("/notifications/"))
    assert "Someone reported an accessibility problem on /initiatives/agenda" in html
    assert "Te kleine letters." in html and "They left no contact details." in html
    assert coordinator.id


def test_the_same_report_sent_twice_is_told_once(app, client, groningen):
    create_user(app, "coordinator")
    form = html_of(client.get("/toegankelijkheid"))
    data = {"form_key": _form_key(form), "problem": "De kaart is niet te bedienen."}
    client.post("/toegankelijkheid", data=data)
    again = client.post("/toegankelijkheid", data=data)
    assert again.status_code == 303
    with app.app_context():
        assert db.session.query(Notification).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"problem": ""}, "problem"),
        ({"problem": "x" * 2001}, "problem"),
        ({"problem": "Iets", "contact": "niet bereikbaar"}, "contact"),
        ({"problem": "Iets", "page": "/" + "a" * 400}, "page"),
        ({"problem": "Iets\x00"}, "problem"),
    ],
)
def test_a_report_with_a_mistake_is_refused_at_its_field(app, client, groningen, data, field):
    form = html_of(client.get("/toegankelijkheid"))
    response = client.post("/toegankelijkheid", data={"form_key": _form_key(form), **data})
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Notification).count() == 0


def test_the_report_form_needs_its_csrf_token(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "TESTING": True, "WTF_CSRF_ENABLED": True}
    )
    response = app.test_client().post("/toegankelijkheid", data={"problem": "Iets"})
    assert response.status_code in (400, 422)
