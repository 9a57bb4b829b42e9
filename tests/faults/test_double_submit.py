"""A form posted twice stores once: every form that creates, against a real multi-process server.

Each form is opened as a browser opens it (its one-time key comes with the page) and sent twice with the
same key: one after the other, and at the same moment from two threads (the server's three processes take
them together). Exactly one row is stored, and both answers lead to the page of what was stored. A form
opened anew (a new key) stores again; so does a form sent again after it was changed.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.help.models import HelpMatch, HelpOffer, HelpRequest
from portal.initiatives.models import Initiative, InitiativeMessage, MessageReport
from portal.projects.models import Project, ProjectActivity, ProjectUpdate
from portal.signals.models import Signal
from portal.submissions import KEPT_FOR, FormSubmission, purge_submissions
from portal.teams.models import TeamQuestion
from portal.timeutil import utcnow
from tests.factories import make_user
from tests.factories.help import make_help_place, make_offer, make_request
from tests.factories.initiatives import make_initiative
from tests.faults.conftest import assert_no_server_errors, at_once

SOON = (date.today() + timedelta(days=30)).isoformat()
# The flash: in Dutch (every account of the factories reads Dutch), or in English until the catalogue has it.
ALREADY_SENT = ("Dit was al verstuurd.", "This was already sent.")


@dataclass(frozen=True)
class Case:
    """One creating form: who opens ``page`` and sends its form to ``action`` with ``data``; what it stores."""

    name: str
    who: str  # a key of the world's people
    page: str  # may use {names} of the world
    action: str
    data: dict
    model: type
    repeatable: bool = True  # the same content stored twice is allowed (a new key stores again)
    headers: dict = field(default_factory=dict)


CASES = [
    Case(
        "signal", "requester", "/signals/report", "/signals/report",
        {"text": "Bij de speeltuin ligt al weken veel zwerfafval en glas.", "theme": "", "postcode": "", "area_id": "{area}", "place": ""},
        Signal,
    ),
    Case(
        "initiative", "requester", "/initiatives/new", "/initiatives/new",
        {
            "title": "Straatfeest in de Zonnelaan", "description": "Een straatfeest voor jong en oud, met muziek.",
            "category": "meeting", "area_id": "{area}", "place": "Zonnelaan", "proposed_from": SOON, "proposed_until": "",
            "proposed_time": "middag", "roles-0-title": "Tafels neerzetten", "roles-0-needed": "3", "budget": "",
            "budget_breakdown": "", "materials": "", "permit": "maybe", "save": "Save",
        },
        Initiative,
    ),
    Case(
        "question to the team", "requester", "/teams/{team}", "/teams/{team}/ask",
        {"name": "Riet Vos", "contact": "riet@example.org", "message": "Kunnen jullie helpen met een straatfeest?"},
        TeamQuestion,
    ),
    Case(
        "help offer", "stranger", "/help/offers/new", "/help/offers/new",
        {
            "kinds": ["groceries", "company"], "description": "Ik loop graag een rondje met iemand uit de buurt.",
            "where": "distance", "radius_km": "1,5", "slots": ["tue-afternoon"], "regular": "regular", "on_date": "",
            "from_date": "", "until_date": "", "urgency": "normal", "languages": ["nl"], "capacity": "2",
        },
        HelpOffer,
    ),
    Case(
        "help request", "stranger", "/help/requests/new", "/help/requests/new",
        {
            "kind": "lift", "description": "Wie kan mij donderdag naar de markt brengen?", "area_id": "{area}",
            "when": "slots", "slots": ["thu-morning"], "on_date": "", "from_date": "", "until_date": "",
            "urgency": "normal", "languages": ["nl"],
        },
        HelpRequest,
    ),
    Case(
        "help response to a request", "helper", "/help/requests/{request}/respond", "/help/requests/{request}/respond",
        {"message": "Ik kan dinsdag met je mee naar de Jumbo.", "contact": "email"},
        HelpMatch, repeatable=False,  # one live match per request
    ),
    Case(
        "help asked from an offer", "requester", "/help/offers/{offer}/ask", "/help/offers/{offer}/ask",
        {"kind": "lift", "message": "Kun je me donderdag naar het ziekenhuis brengen?", "contact": "email"},
        HelpMatch, repeatable=False,  # one live match per offer and neighbour
    ),
    Case(
        "project", "worker", "/projects/new", "/projects/new",
        {"team": "{team}", "title": "Samen koken in de buurt", "goal": "Elke week samen eten met buren.", "area_id": "", "lead_worker_id": "{worker}"},
        Project,
    ),
    Case(
        "project news", "worker", "/projects/{project}", "/projects/{project}/updates",
        {"body": "De eerste kookavond was een succes."},
        ProjectUpdate,
    ),
    Case(
        "project activity", "worker", "/projects/{project}/activities/new", "/projects/{project}/activities/new",
        {"title": "Kookavond", "day": SOON, "start": "18:00", "end": "20:00", "place": "Buurthuis", "description": ""},
        ProjectActivity,
    ),
    Case(
        "initiative comment", "helper", "/initiatives/{initiative}", "/initiatives/{initiative}/messages",
        {"body": "Leuk plan, ik help mee!", "kind": "comment"},
        InitiativeMessage,
    ),
    Case(
        "report of a message", "helper", "/initiatives/{initiative}/messages/{message}/report",
        "/initiatives/{initiative}/messages/{message}/report",
        {"reason": "Reclame"},
        MessageReport, repeatable=False,  # once per person
    ),
]  # fmt: skip


@pytest.fixture
def world(app):
    """A team with a neighbourhood, its worker and residents, and one of each thing a form adds to; ids."""
    with app.app_context():
        where = make_help_place()
        stranger = make_user(area_id=where.area.id, name="Sjaak Vreemd")
        initiative = make_initiative(where.requester, where.area)
        message = InitiativeMessage(initiative_id=initiative.id, author_id=where.worker.id, body="Koop mijn spullen!")
        project = Project(title="Samen koken", goal="Samen eten in de buurt", team=where.team, lead_worker=where.worker)
        db.session.add_all([message, project])
        help_request = make_request(where.requester)
        offer = make_offer(where.helper, kinds=("groceries", "lift"), capacity=5)
        db.session.commit()
        ids = {
            "area": where.area.id,
            "team": where.team.slug,
            "worker": where.worker.id,
            "initiative": initiative.id,
            "message": message.id,
            "project": project.id,
            "request": help_request.id,
            "offer": offer.id,
        }
        emails = {
            "requester": where.requester.email,
            "helper": where.helper.email,
            "stranger": stranger.email,
            "worker": where.worker.email,
        }
        db.session.remove()
    return ids, emails


def rows(app, model) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
    return count


class _PostForms(HTMLParser):
    """Every POST form of a page: its action and its hidden inputs (the CSRF token, the one-time key)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._open = False

    def handle_starttag(self, tag, attrs) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._open = values.get("method", "").lower() == "post"
            if self._open:
                self.forms.append((values.get("action", ""), []))
        elif tag == "input" and self._open and values.get("type") == "hidden" and values.get("name"):
            self.forms[-1][1].append((values["name"], values.get("value", "")))

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self._open = False


def filled(text: str, ids: dict) -> str:
    return text.format(**ids)


def opened_form(browser, case: Case, ids: dict) -> list[tuple[str, str]]:
    """Open the case's page as a browser does; its form's data to send: hidden inputs, then the case's fields."""
    page = browser.get(filled(case.page, ids))
    assert page.status == 200, f"GET {case.page}: {page.status}"
    parser = _PostForms()
    parser.feed(page.text)
    action = filled(case.action, ids)
    hidden = next((inputs for target, inputs in parser.forms if urllib.parse.urlsplit(target).path == action), None)
    assert hidden is not None, f"no POST form to {action} on {case.page}"
    assert any(name == "form_key" and value for name, value in hidden), f"the form to {action} has no one-time key"
    data = [(name, value) for name, value in hidden if name not in case.data]
    for name, value in case.data.items():
        for one in value if isinstance(value, list) else [value]:
            data.append((name, filled(one, ids)))
    return data


def logged_in(server, emails: dict, case: Case):
    return server.browser().log_in(emails[case.who])


def assert_led_to_the_first(first, second) -> None:
    """Both answers redirect to the page of what was stored (the repeat with 303)."""
    assert first.status in (302, 303), f"first: {first.status} {first.text[:300]}"
    assert second.status in (302, 303), f"second: {second.status} {second.text[:300]}"
    assert urllib.parse.urlsplit(first.location).path == urllib.parse.urlsplit(second.location).path


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_same_form_sent_twice_stores_once(app, server, world, case):
    ids, emails = world
    browser = logged_in(server, emails, case)
    data = opened_form(browser, case, ids)
    before = rows(app, case.model)
    first = browser.post(filled(case.action, ids), data)
    second = browser.post(filled(case.action, ids), data)
    assert_no_server_errors([first, second], server)
    assert rows(app, case.model) == before + 1
    assert_led_to_the_first(first, second)
    assert second.status == 303
    page = browser.get(second.location)
    assert any(words in page.text for words in ALREADY_SENT)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_same_form_sent_twice_at_the_same_moment_stores_once(app, server, world, case):
    ids, emails = world
    browser = logged_in(server, emails, case)
    data = opened_form(browser, case, ids)
    before = rows(app, case.model)
    answers = at_once(*[lambda: browser.post(filled(case.action, ids), data)] * 2)
    assert_no_server_errors(answers, server)
    assert rows(app, case.model) == before + 1
    assert_led_to_the_first(*answers)


@pytest.mark.parametrize("case", [case for case in CASES if case.repeatable], ids=lambda case: case.name)
def test_a_form_opened_again_stores_again(app, server, world, case):
    ids, emails = world
    browser = logged_in(server, emails, case)
    before = rows(app, case.model)
    for _time in range(2):
        answer = browser.post(filled(case.action, ids), opened_form(browser, case, ids))
        assert answer.status in (302, 303), f"{answer.status} {answer.text[:300]}"
    assert rows(app, case.model) == before + 2


def test_five_at_once_from_five_processes_and_threads_store_once(app, server, world):
    """A nervous double, triple … click: five copies of one signal at the same moment."""
    ids, emails = world
    case = CASES[0]
    browser = logged_in(server, emails, case)
    data = opened_form(browser, case, ids)
    answers = at_once(*[lambda: browser.post(filled(case.action, ids), data)] * 5)
    assert_no_server_errors(answers, server)
    assert rows(app, Signal) == 1
    assert len({urllib.parse.urlsplit(answer.location).path for answer in answers}) == 1


# --------------------------------------------------------------------------- the details, with the test client


def _key_of(html: str) -> str:
    parser = _PostForms()
    parser.feed(html)
    return next(value for _action, inputs in parser.forms for name, value in inputs if name == "form_key")


SIGNAL = CASES[0]


def _signal_data(ids: dict, key: str, **changes) -> dict:
    data = {name: filled(value, ids) for name, value in SIGNAL.data.items()}
    return {**data, "form_key": key, **changes}


def test_a_form_changed_after_sending_stores_the_new_content(app, auth, world):
    """Back in the browser, the text changed, sent again: not a repeat (the key alone does not make one)."""
    ids, _emails = world
    client = auth.as_role(area_id=ids["area"]).client
    key = _key_of(client.get("/signals/report").get_data(as_text=True))
    assert client.post("/signals/report", data=_signal_data(ids, key)).status_code == 303
    changed = _signal_data(ids, key, text="Bij de speeltuin is ook de schommel kapot sinds vorige week.")
    assert client.post("/signals/report", data=changed).status_code == 303
    assert client.post("/signals/report", data=changed).status_code == 303
    assert rows(app, Signal) == 2


def test_a_form_shown_again_with_errors_keeps_its_key(app, auth, world):
    ids, _emails = world
    client = auth.as_role(area_id=ids["area"]).client
    key = _key_of(client.get("/signals/report").get_data(as_text=True))
    refused = client.post("/signals/report", data=_signal_data(ids, key, text="Kort"))
    assert refused.status_code == 422 and _key_of(refused.get_data(as_text=True)) == key
    assert rows(app, FormSubmission) == 0  # a refusal claims nothing
    assert client.post("/signals/report", data=_signal_data(ids, key)).status_code == 303
    assert rows(app, Signal) == 1


def test_every_form_opened_gets_a_key_of_its_own(auth, world):
    ids, _emails = world
    client = auth.as_role(area_id=ids["area"]).client
    keys = {_key_of(client.get("/signals/report").get_data(as_text=True)) for _time in range(3)}
    assert len(keys) == 3 and all(len(key) >= 20 for key in keys)


@pytest.mark.parametrize("junk", ["", "kort", "x" * 200, "abc\x00defghijklmnopqrstu", "<script>alert(1)</script>"])
def test_a_key_that_is_no_key_is_not_trusted_nor_refused(app, auth, world, junk):
    """A form without a proper key (an old page, a script) stores as before: it is just not recognised."""
    ids, _emails = world
    client = auth.as_role(area_id=ids["area"]).client
    assert client.post("/signals/report", data=_signal_data(ids, junk)).status_code == 303
    assert client.post("/signals/report", data=_signal_data(ids, junk)).status_code == 303
    assert rows(app, Signal) == 2


def test_someone_else_with_the_same_key_does_not_see_the_first_result(app, auth, world):
    ids, _emails = world
    first = auth.as_role(area_id=ids["area"]).client
    key = _key_of(first.get("/signals/report").get_data(as_text=True))
    sent = first.post("/signals/report", data=_signal_data(ids, key))
    assert sent.status_code == 303 and "/signals/follow/" in sent.headers["Location"]
    other = auth.client(None)
    repeat = other.post("/signals/report", data=_signal_data(ids, key))
    assert repeat.status_code == 303 and repeat.headers["Location"] == "/"
    assert rows(app, Signal) == 1


def test_an_htmx_repeat_loads_the_first_result_as_a_page(app, auth, world):
    """htmx would swap a followed redirect into the conversation: it is told to load the page instead."""
    ids, _emails = world
    client = auth.as_role(area_id=ids["area"]).client
    url = f"/initiatives/{ids['initiative']}"
    key = _key_of(client.get(url).get_data(as_text=True))
    data = {"body": "Leuk plan!", "kind": "comment", "form_key": key}
    headers = {"HX-Request": "true"}
    posted = client.post(f"{url}/messages", data=data, headers=headers)
    assert posted.status_code == 200 and _key_of(posted.get_data(as_text=True)) != key  # a new key for a new message
    repeat = client.post(f"{url}/messages", data=data, headers=headers)
    assert repeat.status_code == 200 and repeat.headers["HX-Redirect"] == f"{url}#conversation"
    assert rows(app, InitiativeMessage) == 2  # the world's message and this one


def test_old_keys_are_purged(app, auth, world):
    ids, _emails = world
    client = auth.as_role(area_id=ids["area"]).client
    key = _key_of(client.get("/signals/report").get_data(as_text=True))
    client.post("/signals/report", data=_signal_data(ids, key))
    with app.app_context():
        assert purge_submissions(utcnow() - KEPT_FOR) == 0  # a fresh key stays
        assert purge_submissions(utcnow() + timedelta(seconds=1)) == 1
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(FormSubmission)) == 0
        db.session.remove()
