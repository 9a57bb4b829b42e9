"""Issue 3, in Dutch, with JavaScript on and off: a help request → a worker matches it → both
accept → contact details appear.

Three people, each in a browser context of their own: Samira (a demo resident in Paddepoel-Noord,
served by WIJ Selwerd) asks for help with her groceries; the Selwerd worker opens her request in
the matching console and proposes the best-ranked neighbour, Noor (whose demo offer of groceries
reaches Paddepoel from the Schildersbuurt, portal/help/demo.py); Samira says yes and shares her
e-mail address, Noor says yes and writes a phone number. Only after the second yes does each see
the other's contact detail. Selectors are visible labels and roles only.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import demo_email, demo_user, log_in_as, nav_link

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])

REQUESTER = "samira"  # local parts of demo residents in portal.demo.people.RESIDENTS
HELPER = "noor"  # the only groceries offer within reach of Paddepoel-Noord in the demo data
KIND = "Boodschappen"
DESCRIPTION = (
    "Sinds mijn heupoperatie kan ik geen zware tassen dragen. Wie wil op woensdagmiddag of "
    "zaterdagochtend mijn boodschappen bij de supermarkt meenemen? Ik heb een lijstje klaar."
)  # ordinary words: nothing in portal/help/safety.py, so it is matched with a neighbour
NOTE = "Noor doet zelf op woensdag boodschappen en woont op een kwartier fietsen."
HELPER_PHONE = "06 12345199"  # fictitious; Noor has no phone number on her account, so "Iets anders"

# The week grid's boxes, "Woensdag middag" today (Dutch would write "woensdagmiddag", as the console does).
WEDNESDAY_AFTERNOON = re.compile(r"^woensdag ?middag$", re.I)
SATURDAY_MORNING = re.compile(r"^zaterdag ?ochtend$", re.I)

SAID_YES = "Je hebt ja gezegd. We laten het je weten als je buur heeft geantwoord."
BOTH_SAID_YES = "Jullie hebben allebei ja gezegd. Jullie kunnen nu contact met elkaar opnemen."


def open_my_match(page):
    """From anywhere: "Mijn hulp" → the groceries match in "Mijn koppelingen"."""
    nav_link(page, r"^Mijn hulp$").click()
    expect(page.get_by_role("heading", level=1, name="Mijn hulp")).to_be_visible()
    matches = page.get_by_role("region", name="Mijn koppelingen")
    matches.get_by_role("link", name=re.compile(rf"^Deze koppeling openen\W+{KIND}$")).click()
    expect(page.get_by_role("heading", level=1, name=f"Koppeling: {KIND}")).to_be_visible()


def contact_section(page):
    return page.get_by_role("main").get_by_role("region", name="Contact")


@JS
def test_ask_match_accept_and_see_contact_details(js, new_context, live_server):
    requester_name, team = demo_user(live_server, REQUESTER)
    helper_name, _ = demo_user(live_server, HELPER)
    requester_first, helper_first = requester_name.split()[0], helper_name.split()[0]
    requester_email, helper_email = demo_email(REQUESTER), demo_email(HELPER)
    assert team == "selwerd", f"{REQUESTER} should live in the Selwerd team's area, not {team}"

    # 1. Samira asks for help with her groceries.
    requester = new_context(java_script_enabled=js)
    log_in_as(requester, requester_email)
    asking = requester.new_page()
    asking.goto("/")
    nav_link(asking, r"^Burenhulp$").click()
    asking.get_by_role("main").get_by_role("link", name=re.compile(r"^Vraag om hulp$")).click()
    expect(asking.get_by_role("heading", level=1, name="Vraag om hulp")).to_be_visible()

    main = asking.get_by_role("main")
    main.get_by_label(re.compile(r"^Waarmee heb je hulp nodig")).select_option(label=KIND)
    main.get_by_label(re.compile(r"^Beschrijf je vraag")).fill(DESCRIPTION)
    when = main.get_by_role("group", name=re.compile(r"^Wanneer heb je hulp nodig"))
    when.get_by_role("radio", name=re.compile(r"^Op bepaalde dagen van de week$")).check()
    week = when.get_by_role("group", name=re.compile(r"^Dagen en dagdelen"))
    week.get_by_role("checkbox", name=WEDNESDAY_AFTERNOON).check()
    week.get_by_role("checkbox", name=SATURDAY_MORNING).check()
    main.get_by_role("group", name=re.compile(r"^Hoe dringend is het")).get_by_role(
        "radio", name=re.compile(r"^Binnen een à twee weken$")
    ).check()
    main.get_by_label(re.compile(r"^De taal die je het best spreekt")).select_option(label="Nederlands")
    main.get_by_role("button", name=re.compile(r"^Vraag om hulp$")).click()

    expect(asking.get_by_role("heading", level=1, name=f"Hulp gezocht: {KIND}")).to_be_visible()
    expect(asking.get_by_role("status").filter(has_text=re.compile(r"Je hulpvraag is opgeslagen"))).to_be_visible()
    expect(main).to_contain_text(DESCRIPTION)
    expect(main).to_contain_text(re.compile(r"woensdag ?middag\W+zaterdag ?ochtend", re.I))
    expect(main).to_contain_text("Binnen een à twee weken")

    # 2. The Selwerd worker opens it in the matching console and proposes the best-ranked neighbour.
    worker = new_context(java_script_enabled=js)
    log_in_as(worker, demo_email(f"opbouwwerker.{team}"))
    page = worker.new_page()
    page.goto("/")
    nav_link(page, r"^Hulp koppelen$").click()
    expect(page.get_by_role("heading", level=1, name="Koppeloverzicht")).to_be_visible()
    waiting = page.get_by_role("region", name=re.compile(r"^Open hulpvragen"))
    row = (
        waiting.get_by_role("row")
        .filter(has_text=requester_name)
        .filter(has=page.get_by_role("link", name=KIND, exact=True))
    )
    expect(row).to_have_count(1)
    row.get_by_role("link", name=KIND, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=f"{KIND}: hulpvraag van {requester_name}")).to_be_visible()

    suggestions = page.get_by_role("region", name=re.compile(r"^Buren die kunnen helpen"))
    best = suggestions.get_by_role("listitem").first
    expect(best.get_by_role("heading", level=3)).to_have_text(re.compile(rf"^{helper_first}\b"))
    expect(best).to_contain_text(re.compile(r"Score \d+ van 100"))
    # The reasons in words: the kind, the words both texts share, the distance, a shared time, a shared language.
    expect(best).to_contain_text(
        re.compile(r"zelfde soort hulp; (allebei over [^;]+; )?\d+,\d km; allebei op woensdagmiddag")
    )
    expect(best).to_contain_text("spreekt Nederlands")
    best.get_by_label(re.compile(r"^Een bericht voor allebei")).fill(NOTE)
    best.get_by_role("button", name=re.compile(rf"^Deze koppeling voorstellen\W+{helper_first}, {KIND}$")).click()

    expect(page.get_by_role("status").filter(has_text=re.compile(r"De koppeling is voorgesteld"))).to_be_visible()
    proposed = page.get_by_role("region", name="Koppelingen voor deze hulpvraag")
    expect(proposed).to_contain_text(helper_first)
    expect(proposed).to_contain_text("Voorgesteld")

    # 3. Samira opens the match, says yes and shares her e-mail address; no contact details yet.
    page = requester_page = requester.new_page()
    page.goto("/")
    open_my_match(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"Een buurtbewoner biedt hulp aan bij: {KIND}.")
    expect(main).to_contain_text(re.compile(r"Waarom dit past:.*allebei op woensdagmiddag"))
    expect(main).to_contain_text(NOTE)
    contact = main.get_by_role("group", name=re.compile(r"^Hoe mag de ander contact met je opnemen"))
    contact.get_by_role("radio", name=f"Mijn e-mailadres: {requester_email}", exact=True).check()
    main.get_by_role("button", name=re.compile(r"^Ja, ik accepteer$")).click()

    expect(page.get_by_role("status").filter(has_text=SAID_YES)).to_be_visible()
    expect(main).to_contain_text("Je hebt geantwoord. We laten het je weten als je buur ook heeft geantwoord.")
    expect(main).to_contain_text(re.compile(r"De helper\s*Nog niet geantwoord"))
    expect(contact_section(page)).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(helper_email)

    # 4. Noor opens the match: no contact details of Samira before her own yes.
    helper = new_context(java_script_enabled=js)
    log_in_as(helper, helper_email)
    page = helper.new_page()
    page.goto("/")
    open_my_match(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"Een buurtbewoner vraagt om hulp bij: {KIND}.")
    expect(main).to_contain_text(re.compile(r"De bewoner die om hulp vroeg\s*Ja"))
    expect(contact_section(page)).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(requester_email)

    # She says yes and writes her phone number under "Iets anders".
    contact = main.get_by_role("group", name=re.compile(r"^Hoe mag de ander contact met je opnemen"))
    contact.get_by_role("radio", name="Iets anders", exact=True).check()
    main.get_by_label(re.compile(r"^Andere manier om je te bereiken")).fill(HELPER_PHONE)
    main.get_by_role("button", name=re.compile(r"^Ja, ik accepteer$")).click()

    expect(page.get_by_role("status").filter(has_text=BOTH_SAID_YES)).to_be_visible()
    expect(main.get_by_text("Allebei ja gezegd", exact=True)).to_be_visible()
    shared = contact_section(page)
    expect(shared).to_contain_text(f"Je kunt {requester_first} zo bereiken:")
    expect(shared).to_contain_text(requester_email)

    # Samira, reloading her page, now sees Noor's phone number (and still not Noor's e-mail address).
    requester_page.reload()
    shared = contact_section(requester_page)
    expect(shared).to_contain_text(f"Je kunt {helper_first} zo bereiken:")
    expect(shared).to_contain_text(HELPER_PHONE)
    expect(requester_page.locator("body")).not_to_contain_text(helper_email)
