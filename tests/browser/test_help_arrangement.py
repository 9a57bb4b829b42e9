"""Issue 15, help that lasts, with JavaScript on and off: a weekly arrangement is one match → help given three
times → paused → ended → each side answers the check-in → the team's worker reads it and handles the flag.

Grietje (a demo resident in Beijum-Oost, WIJ Beijum) has a weekly groceries arrangement with Esther, accepted
twelve days ago with nothing recorded yet (portal/demo/help.py). Everyone reads English here: the Dutch of these
pages is merged into the catalogues separately. Selectors are visible labels and roles only.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.help.services_arrangements import local_today
from tests.browser.support import demo_email, demo_user, log_in_as, nav_link, set_language

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])

REQUESTER = "grietje"
HELPER = "esther"
KIND = "Groceries"
NOTE = "Esther was twice too late and once she did not come at all."


def open_the_arrangement(page, live_server):
    """From the home page: "My help" → the groceries match in "My matches"."""
    set_language(page, live_server, "en")
    nav_link(page, r"^My help$").click()
    expect(page.get_by_role("heading", level=1, name="My help")).to_be_visible()
    matches = page.get_by_role("region", name="My matches")
    matches.get_by_role("link", name=re.compile(rf"^Open this match\W+{KIND}$")).click()
    expect(page.get_by_role("heading", level=1, name=f"Match: {KIND}")).to_be_visible()


def given_days(page):
    """The days in the list "Help was given N times:"."""
    given = page.get_by_role("region", name="Help given", exact=True)
    return given.get_by_role("list", name=re.compile(r"^Help was given \d+ times?:$")).get_by_role("listitem")


def status_message(page, text):
    return page.get_by_role("status").filter(has_text=re.compile(re.escape(text)))


@JS
def test_a_weekly_arrangement_help_given_three_times_paused_ended_and_checked_in(js, new_context, live_server):
    _name, team = demo_user(live_server, REQUESTER)
    helper_name, _ = demo_user(live_server, HELPER)
    today = local_today()

    # 1. Grietje records three times Esther helped: a week ago, three days ago and today (the default).
    requester = new_context(java_script_enabled=js)
    log_in_as(requester, demo_email(REQUESTER))
    page = requester.new_page()
    open_the_arrangement(page, live_server)
    given = page.get_by_role("region", name="Help given", exact=True)
    expect(given).to_contain_text("Your request is for help more than once")
    expect(given).to_contain_text("No help recorded yet.")
    expect(page.get_by_role("button", name="The help happened")).to_have_count(0)  # that is for help given once
    for days_ago in (7, 3):
        given.get_by_label(re.compile(r"^On which day\?")).fill((today - timedelta(days=days_ago)).isoformat())
        given.get_by_role("button", name="Help given this time").click()
        expect(status_message(page, "is recorded")).to_be_visible()
    expect(given.get_by_label(re.compile(r"^On which day\?"))).to_have_value(today.isoformat())
    given.get_by_role("button", name="Help given this time").click()
    expect(status_message(page, "is recorded")).to_be_visible()
    expect(given).to_contain_text("Help was given 3 times:")
    expect(given_days(page)).to_have_count(3)

    # The same day twice is refused with a message; nothing more is recorded.
    given.get_by_role("button", name="Help given this time").click()
    expect(page.get_by_role("main")).to_contain_text("is already recorded")
    expect(given_days(page)).to_have_count(3)

    # 2. She pauses it: the arrangement stays, paused.
    page.get_by_role("button", name="Pause the help").click()
    expect(status_message(page, "The help is paused")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Paused since")
    expect(page.get_by_role("button", name="Take the help up again")).to_be_visible()

    # 3. Esther sees the three times and the pause, and ends the arrangement; she is asked how it went.
    helper = new_context(java_script_enabled=js)
    log_in_as(helper, demo_email(HELPER))
    esther = helper.new_page()
    open_the_arrangement(esther, live_server)
    main = esther.get_by_role("main")
    expect(main).to_contain_text("Your offer helps this neighbour more than once")
    expect(main).to_contain_text("Paused since")
    expect(given_days(esther)).to_have_count(3)
    main.get_by_role("button", name="End the arrangement").click()
    expect(status_message(esther, "The help has ended")).to_be_visible()
    expect(main.get_by_role("button", name="Help given this time")).to_have_count(0)
    checkin = main.get_by_role("region", name="How did it go?")
    expect(checkin).to_contain_text("Only the workers of the team read your answer")
    checkin.get_by_role("group", name="Did the help happen?").get_by_role("radio", name="Yes", exact=True).check()
    checkin.get_by_role("group", name="How did it go?").get_by_role("radio", name="Good", exact=True).check()
    checkin.get_by_role("button", name="Send to the team").click()
    expect(status_message(esther, "Thank you for telling us")).to_be_visible()
    expect(main.get_by_role("region", name="How did it go?")).to_have_count(0)

    # 4. Grietje answers too, says something went wrong, with a note for the team.
    page.reload()
    checkin = page.get_by_role("main").get_by_role("region", name="How did it go?")
    checkin.get_by_role("group", name="Did the help happen?").get_by_role("radio", name="Yes", exact=True).check()
    checkin.get_by_role("group", name="How did it go?").get_by_role("radio", name="Not good", exact=True).check()
    checkin.get_by_label(re.compile(r"^Anything you want to tell the team")).fill(NOTE)
    checkin.get_by_label(re.compile(r"^Something went wrong")).check()
    checkin.get_by_role("button", name="Send to the team").click()
    expect(status_message(page, "Thank you for telling us")).to_be_visible()

    esther.reload()  # the other resident never reads it
    expect(esther.locator("body")).not_to_contain_text(NOTE)

    # 5. The worker of Grietje's team reads the answers and marks the flag handled.
    worker = new_context(java_script_enabled=js)
    log_in_as(worker, demo_email(f"opbouwwerker.{team}"))
    page = worker.new_page()
    set_language(page, live_server, "en")
    page.goto("/help/console/check-ins")
    expect(page.get_by_role("heading", level=1, name="How help goes: check-ins")).to_be_visible()
    flagged = page.get_by_role("region", name=re.compile(r"^Something went wrong"))
    answer = flagged.get_by_role("listitem").filter(has_text=NOTE)
    expect(answer).to_contain_text("Grietje (asked for help)")
    expect(answer).to_contain_text("it does not go well")
    recent = page.get_by_role("region", name="Recent answers")
    expect(recent).to_contain_text(f"{helper_name.split()[0]} (helps): it goes well")
    answer.get_by_role("button", name=re.compile(r"^Mark as handled")).click()
    expect(status_message(page, "Marked as handled")).to_be_visible()
    expect(page.get_by_role("region", name=re.compile(r"^Something went wrong"))).to_contain_text("Nothing to handle.")
    expect(page.get_by_role("region", name="Recent answers")).to_contain_text(NOTE)
