"""Issue 3, in Dutch, with JavaScript on (htmx) and off: propose an initiative → a worker of the
team moves it to planned → a neighbour signs up for its volunteer role.

Three people, each in a browser context of their own: the demo resident (Anouk) proposes and
submits, the worker of the team serving her neighbourhood picks it up and plans it, and Samira
(another demo resident) finds it in the agenda and signs up. Selectors are visible labels and
roles only.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.support import demo_email, demo_user, log_in, log_in_as, nav_link

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])

TITLE = "Zomerfeest met muziek in de Zonnelaan"
DESCRIPTION = (
    "Een zomerfeest voor de hele Zonnelaan, met muziek en een springkussen voor de kinderen. "
    "Iedereen neemt iets lekkers mee, zodat nieuwe buren elkaar leren kennen."
)  # shares words with the demo's "Straatfeest in de Zonnelaan", so the app suggests joining that
PLACE = "Grasveld aan het eind van de Zonnelaan"
TASK = "Muziekinstallatie opbouwen"
NEIGHBOUR = "samira"  # local part of a demo resident in portal.demo.people.RESIDENTS

MY_INITIATIVES = r"^Mijn initiatieven$"


def places_taken(taken: int, needed: int) -> re.Pattern:
    """Text like "1 van 2 plekken bezet" (the plural follows the places needed)."""
    return re.compile(rf"\b{taken} van {needed} {'plek' if needed == 1 else 'plekken'} bezet")


@JS
def test_propose_plan_and_sign_up(js, new_context, live_server):
    initiator_name, team = demo_user(live_server, "bewoner")
    initiator_first = initiator_name.split()[0]
    neighbour_name, _ = demo_user(live_server, NEIGHBOUR)
    neighbour_first = neighbour_name.split()[0]
    proposed = date.today() + timedelta(days=30)
    planned = date.today() + timedelta(days=21)

    # 1. The resident proposes an initiative, saves it as a draft and submits it.
    resident = new_context(java_script_enabled=js)
    log_in(resident, live_server, "resident")
    page = resident.new_page()
    page.goto("/")
    nav_link(page, MY_INITIATIVES).click()
    page.get_by_role("main").get_by_role("link", name=re.compile(r"^Stel een initiatief voor$")).click()
    expect(page.get_by_role("heading", level=1, name="Stel een initiatief voor")).to_be_visible()

    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"^Titel")).fill(TITLE)
    main.get_by_label(re.compile(r"^Beschrijving")).fill(DESCRIPTION)
    main.get_by_label(re.compile(r"^Categorie")).select_option(label="Straatfeest / bijeenkomst")
    main.get_by_label(re.compile(r"^Plaats")).fill(PLACE)
    main.get_by_label(re.compile(r"^Voorgestelde datum")).fill(proposed.isoformat())
    main.get_by_label(re.compile(r"^Tijdstip")).fill("zaterdagmiddag")
    first_role = main.get_by_role("group", name=re.compile(r"^Taak 1$"))
    first_role.get_by_label(re.compile(r"^Taak$")).fill(TASK)
    first_role.get_by_label(re.compile(r"^Hoeveel mensen")).fill("2")
    main.get_by_role("button", name=re.compile(r"^Opslaan als concept$")).click()

    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=re.compile(r"opgeslagen als concept"))).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Indienen bij het team$")).click()

    # The app suggests a similar plan nearby; she looks, and submits her own anyway.
    similar = page.get_by_role("region", name=re.compile(r"Misschien doe je mee"))
    expect(similar.get_by_role("link", name="Straatfeest in de Zonnelaan")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Bevestigen: Ingediend$")).click()
    expect(page.get_by_role("status").filter(has_text="Het initiatief is nu: Ingediend.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()

    # 2. The worker of her team picks it up from the queue and plans it.
    worker = new_context(java_script_enabled=js)
    log_in_as(worker, demo_email(f"opbouwwerker.{team}"))
    page = worker.new_page()
    page.goto("/")
    nav_link(page, r"^Initiatieven$").click()  # a worker's "Initiatieven" is the queue
    waiting = page.get_by_role("region", name=re.compile(r"^Wacht op een medewerker"))
    row = waiting.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE))
    row.get_by_role("button", name=re.compile(r"^Oppakken")).click()
    expect(page.get_by_role("status").filter(has_text="Het initiatief is nu: In gesprek.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^Inplannen$")).click()
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"^Begint")).fill(f"{planned.isoformat()}T14:00")
    main.get_by_label(re.compile(r"^Einde")).fill(f"{planned.isoformat()}T17:00")
    main.get_by_role("button", name=re.compile(r"^Bevestigen: Gepland$")).click()
    expect(page.get_by_role("status").filter(has_text="Het initiatief is nu: Gepland.")).to_be_visible()
    when = re.compile(rf"\b{planned.day} \w+ {planned.year}\b.*\b14:00")  # "zondag 20 december 2026 om 14:00…"
    expect(page.get_by_role("main").get_by_text(when)).to_be_visible()

    # 3. A neighbour finds it in the agenda and signs up for the task.
    neighbour = new_context(java_script_enabled=js)
    log_in_as(neighbour, demo_email(NEIGHBOUR))
    page = neighbour.new_page()
    page.goto("/")
    nav_link(page, r"^Agenda$").click()
    page.get_by_role("main").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(f"Een idee van {initiator_first}")

    task = page.get_by_role("listitem").filter(has_text=TASK)
    expect(task).to_contain_text(places_taken(0, 2))
    shown = page.url
    task.get_by_role("button", name=re.compile(rf"^Aanmelden\W+{re.escape(TASK)}$")).click()

    expect(task).to_contain_text(places_taken(1, 2))
    expect(task).to_contain_text(f"Aangemeld: {neighbour_first}")
    expect(task.get_by_role("button", name=re.compile(r"^Mijn plek teruggeven"))).to_be_visible()
    if js:  # htmx swapped the "Meedoen" section in place: no new page
        assert page.url == shown, f"signing up loaded another page ({page.url}) instead of an htmx swap"
    else:  # a new page, with the confirmation as a message at the top
        expect(page.get_by_role("status").filter(has_text="Je bent aangemeld.")).to_be_visible()

    page.reload()  # it was saved, not only shown
    expect(task).to_contain_text(places_taken(1, 2))

    # The initiator sees who signed up (the initiator and the team see full names).
    page = resident.new_page()
    page.goto("/")
    nav_link(page, MY_INITIATIVES).click()
    page.get_by_role("main").get_by_role("link", name=TITLE, exact=True).click()
    task = page.get_by_role("listitem").filter(has_text=TASK)
    expect(task).to_contain_text(places_taken(1, 2))
    expect(task).to_contain_text(f"Aangemeld: {neighbour_name}")
