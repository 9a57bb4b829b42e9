"""Confirmed addresses without account enumeration (issue 11, point 7; OWASP ASVS V2.1, V2.5).

A new account confirms its address through a mailed link before it can log in; registering answers
the same whether or not the address has an account, and the owner of a known address hears about
the attempt by mail.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.accounts import passwords
from portal.accounts.models import User
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.accounts_support import count, fetch, freeze_token_clock, mailed_link, page_text, registration
from tests.factories import create_user

NEW, KNOWN, WAITING = "new@example.org", "known@example.org", "waiting@example.org"


def _mails(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(m.recipient, m.subject) for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def _comparable(response) -> tuple:
    """Everything a visitor can see of an answer, minus cookie values, their expiry times and CSRF tokens."""
    cookies = sorted(
        re.sub(r"Expires=[^;]*", "Expires=…", re.sub(r"=[^;]*", "=…", cookie, count=1))
        for cookie in response.headers.getlist("Set-Cookie")
    )
    body = re.sub(r'name="csrf_token"( type="hidden")? value="[^"]*"', "", page_text(response))
    body = re.sub(r'"X-CSRFToken": "[^"]*"', "", body)
    return response.status_code, response.headers.get("Location"), cookies, body


def test_registering_answers_the_same_for_a_new_a_known_and_an_unconfirmed_address(app, groningen, monkeypatch):
    create_user(app, email=KNOWN, name="Karin Bekend", locale="en")
    create_user(app, email=WAITING, email_confirmed_at=None, locale="en")
    hashed = []
    real_hash = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda password: hashed.append(1) or real_hash(password))
    answers = {}
    for email in (NEW, KNOWN.upper(), WAITING):
        client = app.test_client()
        client.set_cookie("lang", "en")
        response = client.post("/account/register", data=registration(email=email, language="en"))
        answers[email] = (_comparable(response), _comparable(client.get(response.headers["Location"])))
    assert answers[NEW] == answers[KNOWN.upper()] == answers[WAITING]
    redirect, shown = answers[NEW]
    assert redirect[:2] == (302, "/account/register/check-your-mail")
    assert shown[0] == 200 and "Check your mail" in shown[3]
    assert hashed == [1, 1, 1]  # the same work for each, so the time taken tells nothing either
    assert count(app, User) == 3
    assert _mails(app) == [
        (NEW, "Confirm your e-mail address"),
        (KNOWN, "Someone tried to register with your e-mail address"),
        (WAITING, "Confirm your e-mail address"),
    ]
    known = fetch(app, User, email=KNOWN)
    assert passwords.verify_password(known.password_hash, "Correct-Horse-Battery-9")  # the account is untouched


def test_the_mail_to_a_known_address_points_to_log_in_and_a_reset(app, client, groningen):
    create_user(app, email=KNOWN, name="Karin Bekend", locale="nl")
    client.post("/account/register", data=registration(email=KNOWN, name="Mallory"))
    with app.app_context():
        mail = db.session.scalars(select(OutboxMessage)).one()
    assert "Karin" in mail.body and "Mallory" not in mail.body
    assert re.search(r"http://\S+/account/login\b", mail.body)
    assert re.search(r"http://\S+/account/forgot-password\b", mail.body)


def test_the_confirmation_link_works_once(app, auth, client, groningen):
    client.set_cookie("lang", "en")
    client.post("/account/register", data=registration(email=NEW, language="en"))
    link = mailed_link(app, NEW)
    page = client.get(link)
    assert page.status_code == 200 and 'action="' + link + '"' in page_text(page)
    assert fetch(app, User, email=NEW).email_confirmed_at is None  # opening the link (a mail scanner) confirms nothing
    assert client.post(link).status_code == 302
    assert fetch(app, User, email=NEW).email_confirmed_at is not None
    again = client.get(link)
    assert "already been used: the e-mail address is confirmed" in page_text(again)
    assert client.post(link).status_code == 200  # the link problem page, nothing changes
    assert auth.login(NEW, registration()["password"]).status_code == 302


def test_the_confirmation_link_expires(app, auth, client, groningen, monkeypatch):
    clock = freeze_token_clock(monkeypatch)
    client.set_cookie("lang", "en")
    client.post("/account/register", data=registration(email=NEW, language="en"))
    link = mailed_link(app, NEW)
    clock.advance(2 * 24 * 3600 + 5)
    expired = client.post(link)
    assert "The link has expired" in page_text(expired)
    assert 'href="/account/confirm"' in page_text(expired)  # ask for a new link
    assert fetch(app, User, email=NEW).email_confirmed_at is None
    assert auth.login(NEW, registration()["password"]).status_code == 422
    client.post("/account/confirm", data={"email": NEW})
    fresh = mailed_link(app, NEW)
    assert fresh != link and client.post(fresh).status_code == 302


@pytest.mark.parametrize("mangle", [lambda link: link[:-3], lambda link: link.replace("/confirm/", "/reset/")])
def test_a_tampered_confirmation_link_is_refused(app, client, groningen, mangle):
    client.set_cookie("lang", "en")
    client.post("/account/register", data=registration(email=NEW, language="en"))
    response = client.post(mangle(mailed_link(app, NEW)))
    assert "not complete or not valid" in page_text(response)
    assert fetch(app, User, email=NEW).email_confirmed_at is None


def test_a_reset_link_confirms_the_address_too(app, auth, client, groningen):
    create_user(app, email=WAITING, email_confirmed_at=None)
    client.post("/account/forgot-password", data={"email": WAITING})
    new_password = "Nieuwe-Fiets-Paddepoel-42"
    assert client.post(mailed_link(app, WAITING, "reset"), data={"password": new_password, "confirm": new_password})
    assert fetch(app, User, email=WAITING).email_confirmed_at is not None


def test_asking_for_the_link_again_answers_the_same_for_any_address(app, client, groningen):
    create_user(app, email=KNOWN)
    create_user(app, email=WAITING, email_confirmed_at=None)
    client.set_cookie("lang", "en")
    answers = {}
    for email in (NEW, KNOWN, WAITING):
        response = client.post("/account/confirm", data={"email": email}, follow_redirects=True)
        answers[email] = (response.status_code, page_text(response).replace(email, "ADDRESS"))
    answers = {email: (status, re.sub(r'value="[^"]*"', "", html)) for email, (status, html) in answers.items()}
    assert answers[NEW] == answers[KNOWN] == answers[WAITING]
    assert [recipient for recipient, _subject in _mails(app)] == [WAITING]


def test_a_staff_account_made_by_a_coordinator_is_confirmed_through_its_welcome_link(app, auth, groningen):
    boss = auth.as_role("coordinator", client=app.test_client())
    data = {"name": "Femke Hoekstra", "email": "femke@wij.nl", "role": "worker", "language": "nl"}
    assert boss.client.post("/admin/users/new", data=data).status_code == 302
    assert fetch(app, User, email="femke@wij.nl").email_confirmed_at is None
    worker = app.test_client()
    password = "Eigen-Wachtwoord-Voor-Femke-1"
    link = mailed_link(app, "femke@wij.nl", "welcome")
    assert worker.post(link, data={"password": password, "confirm": password}).status_code == 302
    assert fetch(app, User, email="femke@wij.nl").email_confirmed_at is not None
    worker.post("/account/logout")
    assert auth.login("femke@wij.nl", password, client=worker).status_code == 302
