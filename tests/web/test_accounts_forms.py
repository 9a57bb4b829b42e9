"""Every accounts form with empty, too long, malformed and hostile input.

Each bad value gets a clear message next to its field (status 422), the rest of the input is kept
(passwords never come back), nothing is stored, and nothing ever answers 500.
"""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from portal.accounts.models import User
from tests.accounts_support import HOSTILE, count, fetch, page_text, register_and_confirm, registration
from tests.factories import TEST_PASSWORD, create_user

LONG = "x" * 300
PASSWORD_FIELDS = {"password", "confirm", "current_password"}


def assert_refused_on_field(response, field: str, value: str) -> str:
    assert response.status_code == 422, response.status_code
    body = page_text(response)
    assert re.search(rf'id="{field}-error"[^>]*>\s*<span>\S', body), f"no message next to {field}"
    assert re.search(rf'aria-describedby="[^"]*{field}-error"', body), f"{field} not described by its error"
    assert "<script>alert(1)</script>" not in body
    if field not in PASSWORD_FIELDS and value.strip() and field not in ("consent", "language", "neighbourhood"):
        kept = str(escape(value))
        assert f'value="{kept}"' in body or f">{kept}</" in body, f"{field} input not kept"
    return body


REGISTER_CASES = [
    ("name", ""),
    ("name", "   "),
    ("name", LONG),
    ("email", ""),
    ("email", LONG + "@example.org"),
    ("email", "not-an-email"),
    ("email", "a@b"),
    ("postcode", ""),
    ("postcode", LONG),
    ("postcode", "97411AB"),
    ("postcode", "0741 AB"),
    ("password", ""),
    ("password", "y" * 201),
    ("language", "fr"),
    ("language", ""),
    *[("email", value) for value in HOSTILE],
    *[("postcode", value) for value in HOSTILE],
    *[("language", value) for value in HOSTILE],
]


@pytest.mark.parametrize(("field", "value"), REGISTER_CASES)
def test_register_refuses_bad_input(app, client, groningen, field, value):
    data = registration(**{field: value})
    if field == "password":
        data["confirm"] = value
    response = client.post("/account/register", data=data)
    assert_refused_on_field(response, field, value)
    assert count(app, User) == 0


@pytest.mark.parametrize("value", HOSTILE)
def test_register_accepts_hostile_looking_names_and_shows_them_escaped(app, auth, client, groningen, value):
    register_and_confirm(client, app, name=value)
    assert fetch(app, User, email="fenna@example.org").name == value
    assert auth.login("fenna@example.org", registration()["password"]).status_code == 302
    body = page_text(client.get("/account/"))
    assert value not in body or "<" not in value
    assert str(escape(value)) in body


@pytest.mark.parametrize(("field", "value"), [("email", ""), ("email", LONG), ("password", ""), ("password", LONG)])
def test_login_refuses_bad_input(app, client, groningen, field, value):
    data = {"email": "anouk@example.org", "password": TEST_PASSWORD, field: value}
    assert_refused_on_field(client.post("/account/login", data=data), field, value)


@pytest.mark.parametrize("value", HOSTILE)
def test_login_with_hostile_input_is_just_a_failed_login(app, client, groningen, value):
    for data in ({"email": value, "password": TEST_PASSWORD}, {"email": "anouk@example.org", "password": value}):
        response = client.post("/account/login", data=data)
        assert response.status_code == 422
        assert "<script>alert(1)</script>" not in page_text(response)


@pytest.mark.parametrize("value", ["", LONG, "not-an-email", *HOSTILE])
def test_forgot_password_refuses_bad_input(app, client, groningen, value):
    assert_refused_on_field(client.post("/account/forgot-password", data={"email": value}), "email", value)


@pytest.fixture
def resident(app, auth, client, groningen):
    user_id, email = create_user(app, name="Anouk de Vries")
    auth.login(email)
    return user_id


PROFILE_CASES = [
    ("name", ""),
    ("name", LONG),
    ("postcode", ""),
    ("postcode", LONG),
    ("postcode", "1012 AB"),
    ("language", "fr"),
    *[("postcode", value) for value in HOSTILE],
    *[("language", value) for value in HOSTILE],
]


@pytest.mark.parametrize(("field", "value"), PROFILE_CASES)
def test_profile_refuses_bad_input(app, client, resident, field, value):
    data = {"name": "Nieuwe Naam", "postcode": "9741 AB", "language": "en", field: value}
    assert_refused_on_field(client.post("/account/", data=data), field, value)
    user = fetch(app, User, id=resident)
    assert (user.name, user.locale) == ("Anouk de Vries", "nl")


def test_profile_refuses_a_made_up_neighbourhood(app, client, resident):
    from tests.accounts_support import SPLIT_POSTCODE

    for value in ("999999", "abc", "<script>alert(1)</script>", "-1"):
        data = {"name": "Anouk", "postcode": SPLIT_POSTCODE, "language": "nl", "neighbourhood": value}
        response = client.post("/account/", data=data)
        assert_refused_on_field(response, "neighbourhood", value)
    assert fetch(app, User, id=resident).home_postcode is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("current_password", ""),
        ("current_password", LONG),
        ("current_password", HOSTILE[2]),
        ("password", ""),
        ("password", "short"),
        ("password", LONG),
        ("password", "1234567890"),
        ("confirm", "Something-Else-Entirely"),
    ],
)
def test_change_password_refuses_bad_input(app, auth, client, resident, field, value):
    data = {"current_password": TEST_PASSWORD, "password": "Nieuwe-Fiets-42-Paddepoel", "confirm": ""}
    data["confirm"] = data["password"]
    data[field] = value
    if field == "password":
        data["confirm"] = value
    body = assert_refused_on_field(client.post("/account/password", data=data), field, value)
    assert TEST_PASSWORD not in body
    auth.logout()
    assert auth.login(fetch(app, User, id=resident).email).status_code == 302


@pytest.mark.parametrize("value", ["", LONG, *HOSTILE])
def test_delete_account_refuses_bad_input(app, client, resident, value):
    assert_refused_on_field(client.post("/account/delete", data={"password": value}), "password", value)
    assert count(app, User) == 1
