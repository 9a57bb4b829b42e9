"""Issue 13, with JavaScript on and off: the team inbox as a workflow between a resident and the team.

An asker without an account writes to WIJ Selwerd from the team page; the portal mails them a private link.
The Selwerd worker opens the question in the team inbox, assigns it to themselves, starts a reply from the
team's "Voedselbank" template (htmx fills it in; without JavaScript the "Use" button reloads the page with it),
adds an internal note and sends the reply. The asker opens the private link, reads the reply (never the note)
and answers back; the worker sees the answer and closes the question; the asker can still read it but no
longer write back. A logged-in resident follows their question from "My questions to the team".

In English (the header's language button), so the journey reads the same whatever the Dutch wording; the
selectors are visible labels and roles only.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.support import set_language

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
TEAM = "selwerd"
QUESTION = "Sinds kort kom ik elke maand tekort voor de boodschappen. Waar kan ik terecht voor hulp?"
NOTE = "Intern: vraag bij het gesprek ook naar vaste lasten."


def private_link(live_server, address: str) -> str:
    """The private link of a question as the portal mailed it to ``address`` (read from the outbox)."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.outbox.models import OutboxMessage

    def newest():
        bodies = db.session.scalars(
            select(OutboxMessage.body).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id.desc())
        )
        for body in bodies:
            if found := re.search(r"https?://\S+/questions/link/\S+", body):
                return found.group(0)
        raise AssertionError(f"no private link was mailed to {address}")

    return live_server.query(newest)


def english_page(context, live_server):
    page = context.new_page()
    set_language(page, live_server, "en")
    return page


def ask(page, live_server, name: str, contact: str | None) -> str:
    """Send QUESTION from the team page; returns the reference the page gives."""
    page.goto(live_server.url_for("teams.show_team", slug=TEAM))
    main = page.get_by_role("main")
    if contact is not None:
        main.get_by_label("Your name").fill(name)
        main.get_by_label("E-mail address or phone number").fill(contact)
    main.get_by_label("Your question").fill(QUESTION)
    main.get_by_role("button", name="Send my question").click()
    told = page.get_by_role("status").filter(has_text="Your reference is")
    expect(told).to_be_visible()
    return re.search(r"V-\d{6}", told.inner_text()).group(0)


def open_in_inbox(page, live_server, reference: str) -> None:
    page.goto(live_server.url_for("inbox.team_inbox", slug=TEAM))
    page.get_by_role("main").get_by_role("link", name=re.compile(re.escape(reference))).click()
    expect(page.get_by_role("heading", level=1, name=re.compile(re.escape(reference)))).to_be_visible()


def reply_from_template(page, text: str) -> None:
    main = page.get_by_role("main")
    main.get_by_label("Start from a template").select_option(label="Voedselbank")
    main.get_by_role("button", name="Use", exact=True).click()
    reply = main.get_by_label("Your reply to the resident")
    expect(reply).to_have_value(re.compile("Voedselbank Groningen"))
    reply.fill(reply.input_value() + "\n\n" + text)
    main.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("status").filter(has_text="Your reply has been sent to the resident.")).to_be_visible()


@JS
def test_an_asker_without_an_account_and_the_team_through_the_private_link(js, new_context, role_context, live_server):
    address = f"vrager-{uuid.uuid4().hex[:8]}@example.nl"
    asker = english_page(new_context(java_script_enabled=js), live_server)
    reference = ask(asker, live_server, "Ilse", address)

    worker = english_page(role_context("worker", java_script_enabled=js), live_server)
    open_in_inbox(worker, live_server, reference)
    main = worker.get_by_role("main")
    expect(main.get_by_text(QUESTION)).to_be_visible()
    main.get_by_role("button", name="Assign to me").click()
    expect(worker.get_by_role("status").filter(has_text="The question has been assigned.")).to_be_visible()
    main.get_by_role("textbox", name="Internal note").fill(NOTE)
    main.get_by_role("button", name="Add note").click()
    expect(worker.get_by_role("main").get_by_text(NOTE)).to_be_visible()
    reply_from_template(worker, "Kom gerust donderdag langs, dan kijken we samen.")

    link = private_link(live_server, address)
    asker.goto(link)
    main = asker.get_by_role("main")
    expect(main.get_by_role("heading", level=1, name=f"Your question {reference}")).to_be_visible()
    expect(main.get_by_text("Kom gerust donderdag langs", exact=False)).to_be_visible()
    expect(main.get_by_text(NOTE)).to_have_count(0)
    main.get_by_label("Your answer to the team").fill("Dank je wel, ik kom donderdag.")
    main.get_by_role("button", name="Send my answer").click()
    expect(asker.get_by_role("status").filter(has_text="Your answer has been sent to the team.")).to_be_visible()

    worker.reload()
    main = worker.get_by_role("main")
    expect(main.get_by_text("Dank je wel, ik kom donderdag.")).to_be_visible()
    main.get_by_role("button", name="Close the question").click()
    expect(worker.get_by_role("status").filter(has_text="The status has been changed.")).to_be_visible()

    asker.goto(link)
    main = asker.get_by_role("main")
    expect(main.get_by_text("This question is closed.")).to_be_visible()
    expect(main.get_by_text("Dank je wel, ik kom donderdag.")).to_be_visible()
    expect(main.get_by_role("button", name="Send my answer")).to_have_count(0)


@JS
def test_a_resident_follows_their_question_under_my_questions(js, role_context, live_server):
    resident = english_page(role_context("resident", java_script_enabled=js), live_server)
    reference = ask(resident, live_server, "", None)  # logged in: name and address are filled in

    worker = english_page(role_context("worker", java_script_enabled=js), live_server)
    open_in_inbox(worker, live_server, reference)
    reply_from_template(worker, "Groet, het team")

    resident.goto(live_server.url_for("teams.show_team", slug=TEAM))
    resident.get_by_role("main").get_by_role("link", name="My questions to the team").click()
    resident.get_by_role("main").get_by_role("link", name=re.compile(re.escape(reference))).click()
    main = resident.get_by_role("main")
    expect(main.get_by_text("Groet, het team", exact=False)).to_be_visible()
    main.get_by_label("Your answer to the team").fill("Bedankt!")
    main.get_by_role("button", name="Send my answer").click()
    expect(resident.get_by_role("status").filter(has_text="Your answer has been sent to the team.")).to_be_visible()
    expect(resident.get_by_role("main").get_by_text("Bedankt!")).to_be_visible()
