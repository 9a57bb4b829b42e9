"""Issue 6, in Dutch, with JavaScript on and off: signals from several residents → a recurring cluster →
a collective project whose reporters are invited.

Lotte (a demo resident in Helpman, served by WIJ De Wijert) reports dog mess on the playing field; a
neighbour without an account reports the same in other words, sees "Is dit het?" (while typing with
JavaScript, after "Zoek vergelijkbare signalen" without) and adds hers to it, leaving an e-mail address;
a third neighbour reports it anonymously without contact details. The De Wijert worker finds the
recurring cluster on the signals board and turns it into a collective project. Lotte is invited in the
app and joins; the anonymous neighbour with an e-mail address is invited by mail; nobody's name, text or
address appears on the project page. Selectors are visible labels and roles only.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import demo_email, demo_user, log_in_as, nav_link

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])

REPORTER = "lotte"  # Helpman, WIJ De Wijert (portal.demo.people.RESIDENTS)
POSTCODE = "9722 EH"
FIRST = "Overal hondenpoep op het grasveld bij de speeltuin, de kinderen kunnen daar niet meer spelen."
SECOND = "Baasjes ruimen de poep van hun hond niet op, het speelveldje ligt vol drollen."
THIRD = "Hondenstront op het gras waar kinderen voetballen, kan er een bord of een afvalbak komen?"
NEIGHBOUR_EMAIL = "buurvrouw.helpman@example.org"
TITLE = "Schoon speelveld in Helpman"
GOAL = "Met baasjes en ouders afspraken maken over een uitlaatplek, zodat kinderen weer op het gras kunnen spelen."
THANKS = "Bedankt voor je signaal! Het WIJ-team van de buurt leest het."


def report_page(context):
    page = context.new_page()
    page.goto("/")
    nav_link(page, r"^Signaal melden$").click()
    expect(page.get_by_role("heading", level=1, name="Meld wat je opvalt")).to_be_visible()
    return page


def send(page) -> None:
    page.get_by_role("main").get_by_role("button", name="Mijn signaal versturen").click()
    expect(page.get_by_role("heading", level=1, name="Je signaal")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=THANKS)).to_be_visible()


@JS
def test_signals_become_a_project_that_invites_its_reporters(js, new_context, live_server):
    name, team = demo_user(live_server, REPORTER)
    assert team == "de-wijert", f"{REPORTER} should live in the De Wijert team's area, not {team}"

    # 1. Lotte reports it; her own neighbourhood is chosen for her.
    lotte = new_context(java_script_enabled=js)
    log_in_as(lotte, demo_email(REPORTER))
    page = report_page(lotte)
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"^Wat valt je op\?")).fill(FIRST)
    main.get_by_label(re.compile(r"^Thema")).select_option(label="Zwerfafval en openbare ruimte")
    main.get_by_label(re.compile(r"^Waar precies\?")).fill("Grasveld aan de Van Iddekingeweg")
    send(page)
    expect(page.get_by_role("main")).to_contain_text(FIRST)

    # 2. A neighbour without an account reports the same in other words and adds hers to it.
    neighbour = new_context(java_script_enabled=js)
    page = report_page(neighbour)
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"^Postcode")).fill(POSTCODE)
    main.get_by_label(re.compile(r"^Wat valt je op\?")).fill(SECOND)
    if not js:
        main.get_by_role("button", name="Zoek vergelijkbare signalen").click()
    suggestions = main.get_by_role("group", name="Is dit het?")
    expect(suggestions).to_be_visible()
    # What the matter is about and how many noticed it, never what Lotte wrote.
    expect(suggestions).to_contain_text("Hondenpoep")
    expect(suggestions).to_contain_text("1 buurtbewoner zag dit.")
    expect(suggestions).not_to_contain_text(FIRST)
    expect(suggestions).not_to_contain_text(name)
    suggestions.get_by_role("radio", name="Ja, dit is het: voeg mijn melding toe").first.check()
    main.get_by_label(re.compile(r"^E-mailadres")).fill(NEIGHBOUR_EMAIL)
    send(page)

    # 3. A third neighbour reports it anonymously, without contact details and without choosing.
    third = new_context(java_script_enabled=js)
    page = report_page(third)
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"^Postcode")).fill(POSTCODE)
    main.get_by_label(re.compile(r"^Wat valt je op\?")).fill(THIRD)
    send(page)
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"buurtbewoners? zag"))

    # 4. The De Wijert worker finds the recurring cluster on the signals board and starts a project.
    worker = new_context(java_script_enabled=js)
    log_in_as(worker, demo_email(f"opbouwwerker.{team}"))
    page = worker.new_page()
    page.goto("/")
    nav_link(page, r"^Signalenbord$").click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Signalen van WIJ De Wijert"))).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Terugkerend").filter(has_text=re.compile(r"hond|poep|drol", re.I))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell").nth(1)).to_have_text("3")
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Cluster \d+"))).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text(NEIGHBOUR_EMAIL)  # the team sees how the anonymous neighbour can be reached
    main.get_by_role("link", name="Omzetten in een collectief project").click()
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"^Titel")).fill(TITLE)
    main.get_by_label(re.compile(r"^Doel")).fill(GOAL)
    main.get_by_role("button", name="Het project starten").click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text="De bewoners die de signalen meldden, zijn uitgenodigd.")
    ).to_be_visible()

    # 5. Lotte is invited in the app, opens the project and joins.
    page = lotte.new_page()
    page.goto("/")
    nav_link(page, r"^Updates").click()
    invitation = page.get_by_role("main").get_by_role("link", name=re.compile(rf'collectieve project "{TITLE}"'))
    invitation.first.click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    page.get_by_role("main").get_by_role("button", name="Meedoen aan het project").click()
    expect(page.get_by_role("status").filter(has_text=re.compile(r"^Je doet mee aan het project"))).to_be_visible()
    expect(page.get_by_role("main").get_by_role("button", name="Niet meer meedoen")).to_be_visible()

    # 6. The public project page shows none of the reporters, their words or their addresses.
    visitor = new_context(java_script_enabled=js)
    page = visitor.new_page()
    page.goto("/")
    nav_link(page, r"^Collectieve projecten$").click()
    page.get_by_role("main").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    body = page.locator("body")
    expect(body).to_contain_text(GOAL)
    for private in (name, NEIGHBOUR_EMAIL, FIRST, SECOND, THIRD):
        expect(body).not_to_contain_text(private)

    # 7. The anonymous neighbour who left an e-mail address is invited by mail, with the project's link.
    def mails_to_neighbour() -> list[str]:
        from sqlalchemy import select

        from portal.extensions import db
        from portal.outbox.models import OutboxMessage

        query = select(OutboxMessage.body).where(OutboxMessage.recipient == NEIGHBOUR_EMAIL)
        return list(db.session.scalars(query))

    mails = live_server.query(mails_to_neighbour)
    assert any(TITLE in body and "/projects/" in body for body in mails), mails
