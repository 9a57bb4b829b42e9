"""Registration, log-in and log-out, password links, the profile and the data rights, through the test client."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from portal.accounts.models import ROLE_WORKER, User
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.teams.models import TeamQuestion
from tests.accounts_support import (
    OUTSIDE_POSTCODE,
    SPLIT_POSTCODE,
    count,
    fetch,
    freeze_token_clock,
    mailed_link,
    page_text,
    registration,
)
from tests.factories import TEST_PASSWORD, create_user, team_by_slug

NEW_PASSWORD = "Nieuwe-Fiets-Paddepoel-42"


def _logged_in(client) -> bool:
    return client.get("/account/").status_code == 200


# Registration


def test_register_page_has_the_fields_with_autocomplete(client, groningen):
    html = page_text(client.get("/account/register"))
    for name, autocomplete in (
        ("name", "name"),
        ("email", "email"),
        ("password", "new-password"),
        ("confirm", "new-password"),
        ("postcode", "postal-code"),
    ):
        assert re.search(rf'<input[^>]*autocomplete="{autocomplete}"[^>]*name="{name}"', html), name
    assert 'href="/privacy"' in html
    assert 'name="neighbourhood"' not in html  # only asked for a split postcode


def test_register_mails_a_confirmation_link_and_logs_in_only_after_it(app, auth, client, groningen):
    response = client.post("/account/register", data=registration(language="en"))
    assert response.status_code == 302 and response.headers["Location"] == "/account/register/check-your-mail"
    assert "lang=en" in response.headers["Set-Cookie"]
    assert "Check your mail" in page_text(client.get(response.headers["Location"]))
    assert not _logged_in(client)
    user = fetch(app, User, email="fenna@example.org")
    assert user.locale == "en" and user.home_postcode == "9741 AB" and user.email_confirmed_at is None
    mail = fetch(app, OutboxMessage, recipient="fenna@example.org")
    assert mail.subject == "Confirm your e-mail address"
    assert "Fenna" not in mail.body  # a mail to an address nobody confirmed yet echoes nothing typed
    link = mailed_link(app, "fenna@example.org")
    assert "fenna@example.org" in page_text(client.get(link))
    confirmed = client.post(link)
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == "/account/login"
    assert fetch(app, User, email="fenna@example.org").email_confirmed_at is not None
    assert not _logged_in(client)  # confirming is no log-in: the password is still needed
    assert auth.login("fenna@example.org", "Paarse-Fiets-Zonnelaan-7").status_code == 302
    html = page_text(client.get("/account/"))
    assert "Fenna Dijkstra" in html and 'href="/teams/selwerd"' in html


def test_register_split_postcode_asks_for_the_neighbourhood_and_keeps_the_input(app, client, groningen):
    first = client.post("/account/register", data=registration(postcode=SPLIT_POSTCODE))
    assert first.status_code == 422
    html = page_text(first)
    assert 'name="neighbourhood"' in html
    assert "meer dan één buurt" in html
    assert 'value="Fenna Dijkstra"' in html and 'value="fenna@example.org"' in html
    assert "Paarse-Fiets" not in html  # passwords are never sent back
    assert count(app, User) == 0
    choice = re.findall(r'name="neighbourhood"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="neighbourhood"', html)
    area_id = next(a or b for a, b in choice)
    second = client.post("/account/register", data=registration(postcode=SPLIT_POSTCODE, neighbourhood=area_id))
    assert second.status_code == 302 and second.headers["Location"] == "/account/register/check-your-mail"
    assert fetch(app, User, email="fenna@example.org").area_id == int(area_id)


def test_register_outside_groningen_explains_on_the_postcode_field(app, client, groningen):
    response = client.post("/account/register", data=registration(postcode=OUTSIDE_POSTCODE))
    assert response.status_code == 422
    html = page_text(response)
    assert re.search(r'id="postcode-error"[^>]*>\s*<span>Buurtportaal is voor bewoners van de gemeente', html)
    assert 'aria-describedby="postcode-hint postcode-error"' in html
    assert count(app, User) == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password": "kort", "confirm": "kort"}, "password", "minstens 10 tekens"),
        ({"password": "wachtwoord123", "confirm": "wachtwoord123"}, "password", "komt te vaak voor"),
        ({"confirm": "Iets-Anders-Dan-Dat"}, "confirm", "niet hetzelfde"),
        ({"consent": None}, "consent", "Vink dit vakje aan"),
    ],
)
def test_register_password_and_consent_rules(app, client, groningen, changes, field, message):
    response = client.post("/account/register", data=registration(**changes))
    assert response.status_code == 422
    assert re.search(rf'id="{field}-error"[^>]*>\s*<span>[^<]*{message}', page_text(response))
    assert count(app, User) == 0


# Log-in and log-out


def test_login_and_logout(app, auth, client, groningen):
    create_user(app, email="anouk@example.org", locale="en")
    response = auth.login("anouk@example.org")
    assert response.status_code == 302 and response.headers["Location"] == "/my-neighbourhood"  # "Mijn buurt"
    assert "lang=en" in response.headers["Set-Cookie"]
    assert _logged_in(client)
    assert fetch(app, User, email="anouk@example.org").last_login_at is not None
    response = client.post("/account/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert not _logged_in(client)


def test_logout_needs_a_post(app, auth, client, groningen):
    create_user(app, email="anouk@example.org")
    auth.login("anouk@example.org")
    assert client.get("/account/logout").status_code == 405
    assert _logged_in(client)


def test_login_follows_a_local_next_only(app, client, groningen):
    create_user(app, email="anouk@example.org")
    good = client.post("/account/login?next=/privacy", data={"email": "anouk@example.org", "password": TEST_PASSWORD})
    assert good.headers["Location"] == "/privacy"
    client.post("/account/logout")
    data = {"email": "anouk@example.org", "password": TEST_PASSWORD, "next": "https://evil.example/"}
    bad = client.post("/account/login", data=data)
    assert bad.headers["Location"] == "/my-neighbourhood"


def test_workers_land_on_today(app, auth, client, groningen):
    create_user(app, ROLE_WORKER, teams=("selwerd",), email="bram@example.org")
    assert auth.login("bram@example.org").headers["Location"] == "/today"  # "Vandaag"


def test_failed_login_says_the_same_for_unknown_address_and_wrong_password(app, client, groningen):
    create_user(app, email="anouk@example.org")
    wrong = client.post("/account/login", data={"email": "anouk@example.org", "password": "Not-the-password-1"})
    unknown = client.post("/account/login", data={"email": "nobody@example.org", "password": "Not-the-password-1"})
    assert wrong.status_code == unknown.status_code == 422

    def message(response):
        return re.search(r'<div class="[^"]*error-summary".*?</ul>', page_text(response), re.S).group(0)

    assert message(wrong) == message(unknown)
    assert "e-mailadres of wachtwoord klopt niet" in message(wrong)
    assert 'value="anouk@example.org"' in page_text(wrong)
    assert not _logged_in(client)


def test_unconfirmed_account_cannot_log_in_and_may_ask_for_the_link_again(app, auth, client, groningen):
    create_user(app, email="new@example.org", email_confirmed_at=None)
    client.set_cookie("lang", "en")
    response = auth.login("new@example.org")
    assert response.status_code == 422
    html = page_text(response)
    assert "Confirm your e-mail address first" in html
    assert re.search(r'action="/account/confirm"[^>]*>.*?name="email" value="new@example.org"', html, re.S)
    assert not _logged_in(client)
    again = client.post("/account/confirm", data={"email": "new@example.org"}, follow_redirects=True)
    assert "we have sent a new link to confirm it" in page_text(again)
    assert auth.login("new@example.org").status_code == 422
    client.post(mailed_link(app, "new@example.org"))
    assert auth.login("new@example.org").status_code == 302


def test_a_wrong_password_says_nothing_about_confirmation(app, auth, client, groningen):
    create_user(app, email="new@example.org", email_confirmed_at=None)
    client.set_cookie("lang", "en")
    response = auth.login("new@example.org", "Not-the-password-1")
    assert response.status_code == 422 and "Confirm your e-mail address first" not in page_text(response)


def test_deactivated_account_cannot_log_in(app, auth, client, groningen):
    create_user(app, email="gone@example.org", active=False)
    response = auth.login("gone@example.org")
    assert response.status_code == 422 and "gedeactiveerd" in page_text(response)
    assert not _logged_in(client)


def test_remember_me_sets_a_remember_cookie(app, client, groningen):
    create_user(app, email="anouk@example.org")
    plain = client.post("/account/login", data={"email": "anouk@example.org", "password": TEST_PASSWORD})
    assert "remember_token" not in plain.headers.get("Set-Cookie", "")
    client.post("/account/logout")
    data = {"email": "anouk@example.org", "password": TEST_PASSWORD, "remember": "y"}
    remembered = client.post("/account/login", data=data)
    cookies = remembered.headers.getlist("Set-Cookie")
    assert any(cookie.startswith("remember_token=") and "HttpOnly" in cookie for cookie in cookies)


def test_logged_in_people_are_sent_away_from_login_and_register(app, auth, client, groningen):
    create_user(app, email="anouk@example.org")
    auth.login("anouk@example.org")
    assert client.get("/account/login").headers["Location"] == "/my-neighbourhood"
    assert client.get("/account/register").headers["Location"] == "/my-neighbourhood"
    auth.logout()
    auth.as_role("worker")
    assert client.get("/account/login").headers["Location"] == "/today"


# Forgotten password


def _mail_link(app, email: str) -> str:
    with app.app_context():
        mail = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id.desc())
        ).first()
        return re.search(r"http://[^/\s]+(/account/(?:reset|welcome)/\S+)", mail.body).group(1)


@pytest.mark.parametrize("email", ["anouk@example.org", "nobody@example.org"])
def test_forgot_password_always_answers_the_same(app, client, groningen, email):
    create_user(app, email="anouk@example.org")
    response = client.post("/account/forgot-password", data={"email": email}, follow_redirects=True)
    assert response.status_code == 200
    assert f"Als er een account is voor {email}, hebben we een link gestuurd" in page_text(response)
    assert count(app, OutboxMessage) == (1 if email == "anouk@example.org" else 0)


def test_reset_link_sets_a_new_password_once(app, auth, client, groningen):
    create_user(app, email="anouk@example.org")
    client.post("/account/forgot-password", data={"email": "anouk@example.org"})
    link = _mail_link(app, "anouk@example.org")
    page = client.get(link)
    assert page.status_code == 200 and 'autocomplete="new-password"' in page_text(page)
    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and _logged_in(client)
    auth.logout()
    assert auth.login("anouk@example.org", NEW_PASSWORD).status_code == 302
    auth.logout()
    again = client.get(link)
    assert again.status_code == 200 and "al gebruikt" in page_text(again)
    assert "Vraag een nieuwe link aan" in page_text(again)
    refused = client.post(link, data={"password": "Weer-Een-Ander-Wachtwoord", "confirm": "Weer-Een-Ander-Wachtwoord"})
    assert "al gebruikt" in page_text(refused)
    assert auth.login("anouk@example.org", NEW_PASSWORD).status_code == 302


def test_reset_link_expires(app, auth, client, groningen, monkeypatch):
    clock = freeze_token_clock(monkeypatch)
    create_user(app, email="anouk@example.org")
    client.post("/account/forgot-password", data={"email": "anouk@example.org"})
    link = _mail_link(app, "anouk@example.org")
    clock.advance(app.config["PASSWORD_RESET_MAX_AGE"] - 5)
    assert "new-password" in page_text(client.get(link))
    clock.advance(10)
    expired = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert "is verlopen" in page_text(expired)
    assert auth.login("anouk@example.org", NEW_PASSWORD).status_code == 422


def test_tampered_reset_link_is_refused(app, client, groningen):
    user_id, email = create_user(app, email="anouk@example.org")
    client.post("/account/forgot-password", data={"email": email})
    link = _mail_link(app, email)
    payload, stamp, signature = link.rsplit("/", 1)[1].split(".")
    forged = f"/account/reset/{payload}.{stamp}.{signature[::-1]}"
    assert "niet compleet of niet geldig" in page_text(client.get(forged))
    assert "niet compleet of niet geldig" in page_text(client.get("/account/reset/not-a-valid-token"))
    assert "niet compleet of niet geldig" in page_text(client.get(link.replace("/reset/", "/welcome/")))


def test_reset_link_keeps_the_password_rules(app, client, groningen):
    create_user(app, email="anouk@example.org")
    client.post("/account/forgot-password", data={"email": "anouk@example.org"})
    link = _mail_link(app, "anouk@example.org")
    response = client.post(link, data={"password": "anouk@example.org", "confirm": "anouk@example.org"})
    assert response.status_code == 422 and "naam of e-mailadres" in page_text(response)


# Profile


def test_profile_shows_the_team_and_changes_details_and_language(app, auth, client, groningen):
    user_id, email = create_user(app, email="anouk@example.org", home_postcode="9741 AB")
    with app.app_context():
        user = db.session.get(User, user_id)
        from portal.teams.finder import place_postcode

        user.area = place_postcode("9741").default_area
        db.session.commit()
    auth.login(email)
    html = page_text(client.get("/account/"))
    assert 'href="/teams/selwerd"' in html and 'value="9741 AB"' in html
    response = client.post("/account/", data={"name": "Anouk de Vries", "postcode": "9715 AK", "language": "en"})
    assert response.status_code == 302
    assert "lang=en" in response.headers["Set-Cookie"]
    user = fetch(app, User, id=user_id)
    assert (user.name, user.locale, user.home_postcode) == ("Anouk de Vries", "en", "9715 AK")
    assert '<html lang="en">' in page_text(client.get("/account/"))
    assert 'href="/teams/korrewegwijk"' in page_text(client.get("/account/"))


def test_profile_split_postcode_asks_for_the_neighbourhood(app, auth, client, groningen):
    user_id, email = create_user(app)
    auth.login(email)
    response = client.post("/account/", data={"name": "Anouk", "postcode": SPLIT_POSTCODE, "language": "nl"})
    assert response.status_code == 422 and 'name="neighbourhood"' in page_text(response)
    assert fetch(app, User, id=user_id).home_postcode is None


def test_change_password(app, auth, client, groningen):
    user_id, email = create_user(app)
    auth.login(email)
    wrong = client.post(
        "/account/password",
        data={"current_password": "not-it-at-all", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert wrong.status_code == 422 and 'id="current_password-error"' in page_text(wrong)
    data = {"current_password": TEST_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post("/account/password", data=data).status_code == 302
    auth.logout()
    assert auth.login(email, NEW_PASSWORD).status_code == 302


def test_download_my_data(app, auth, client, groningen):
    user_id, email = create_user(app, name="Anouk de Vries")
    with app.app_context():
        team = team_by_slug("selwerd")
        db.session.add(TeamQuestion(team=team, user_id=user_id, name="Anouk", contact=email, message="Straatfeest?"))
        db.session.add(TeamQuestion(team=team, name="Iemand", contact="x@example.org", message="Niet van Anouk"))
        db.session.commit()
    auth.login(email)
    response = client.get("/account/my-data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["name"] == "Anouk de Vries" and data["account"]["email"] == email
    assert [q["message"] for q in data["questions_sent_to_teams"]] == ["Straatfeest?"]


def test_delete_my_account(app, auth, client, groningen):
    user_id, email = create_user(app)
    with app.app_context():
        db.session.add(
            TeamQuestion(team=team_by_slug("selwerd"), user_id=user_id, name="A", contact=email, message="M")
        )
        db.session.commit()
    auth.login(email)
    page = client.get("/account/delete")
    assert page.status_code == 200 and "niet ongedaan maken" in page_text(page)
    wrong = client.post("/account/delete", data={"password": "not my password"})
    assert wrong.status_code == 422 and count(app, User) == 1
    done = client.post("/account/delete", data={"password": TEST_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert count(app, User) == 0
    question = fetch(app, TeamQuestion)
    assert (question.user_id, question.name, question.contact, question.message) == (None, "", "", "")
    assert not _logged_in(client)


def test_language_choice_in_the_header_is_stored_on_the_account(app, auth, client, groningen):
    user_id, email = create_user(app, locale="nl")
    auth.login(email)
    client.post("/language", data={"language": "en", "next": "/account/"})
    assert fetch(app, User, id=user_id).locale == "en"
