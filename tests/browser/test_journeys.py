"""What a resident does, in Dutch, with JavaScript on and off (the site works without it).

Written against visible labels and roles so that markup can change freely. Journeys for
features not built yet (initiatives, help requests, signals) are not here: they come with
those features.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.support import FINDER_POSTCODE, REGISTER_POSTCODE, mailed_link, team_for_postcode

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
PASSWORD = "Tulpen-gracht-7384-fietsbel"  # noqa: S105 - a test account's password

LOG_OUT = re.compile(r"^Uitloggen$")
LOG_IN = re.compile(r"^Inloggen$")


def postcode_field(page):
    return page.get_by_role("main").get_by_label(re.compile(r"postcode", re.I))


@JS
def test_find_my_team_from_a_postcode(js, new_context, live_server):
    team = team_for_postcode(live_server, FINDER_POSTCODE)
    page = new_context(java_script_enabled=js).new_page()
    page.goto("/")
    postcode_field(page).fill(FINDER_POSTCODE)
    postcode_field(page).press("Enter")
    expect(page.get_by_role("heading", name=re.compile(re.escape(team)))).to_be_visible()


@JS
def test_register_confirm_log_out_and_log_in_again(js, new_context, live_server):
    email = f"journey-{uuid.uuid4().hex[:10]}@example.nl"
    page = new_context(java_script_enabled=js).new_page()
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name=re.compile(r"^Registreren$")).click()

    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"^Naam", re.I)).fill("Fenna Journey")
    main.get_by_label(re.compile(r"^E-?mail", re.I)).fill(email)
    main.get_by_label(re.compile(r"wachtwoord", re.I)).first.fill(PASSWORD)
    main.get_by_label(re.compile(r"herhaal|nogmaals|opnieuw|bevestig", re.I)).fill(PASSWORD)
    main.get_by_label(re.compile(r"postcode", re.I)).fill(REGISTER_POSTCODE)
    main.get_by_label("Nederlands", exact=True).check()
    main.get_by_role("checkbox", name=re.compile(r"privacy", re.I)).check()
    main.get_by_role("button", name=re.compile(r"account|registr", re.I)).click()

    # Not logged in yet: first the address is confirmed through the link in the mail.
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation").get_by_role("link", name=LOG_IN)).to_be_visible()
    page.goto(mailed_link(live_server, email))
    main.get_by_role("button", name=re.compile(r"bevestig|confirm", re.I)).click()
    expect(page.get_by_role("status").first).to_be_visible()  # "… je e-mailadres is bevestigd …"

    log_in_with_form(page, email)
    expect(page.get_by_role("button", name=LOG_OUT)).to_be_visible()

    page.get_by_role("button", name=LOG_OUT).click()
    expect(page.get_by_role("link", name=LOG_IN)).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name=LOG_IN).click()
    log_in_with_form(page, email)
    expect(page.get_by_role("button", name=LOG_OUT)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def log_in_with_form(page, email: str) -> None:
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"^E-?mail", re.I)).fill(email)
    main.get_by_label(re.compile(r"^Wachtwoord$", re.I)).fill(PASSWORD)
    main.get_by_role("button", name=LOG_IN).click()


@JS
def test_change_language(js, new_context):
    page = new_context(java_script_enabled=js).new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation").get_by_role("link", name="Log in")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="Log in").click()  # the choice stays
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1, name="Inloggen")).to_be_visible()  # back on the same page
