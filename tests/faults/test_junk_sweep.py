"""Junk input is never a 500: a sweep over every route of the URL map, as four roles.

Every GET route, as a visitor, a resident, a worker and a coordinator: each id in its URL replaced by 2**31,
2**63 and 10**30; each text segment by one with a NUL byte; the query parameters the portal reads with a
NUL byte (all at once, and each alone), and, for the roles that get into the view, all at once set to 10**30
(so ``page=10**30``), to -1 (``page=-1``) and to "²" (a digit to ``str.isdigit``, no number to ``int``).
Every POST route, as the role that goes furthest into it: its form as a page shows it, with a NUL byte in
each field in turn (and a huge number and "²" in each field that is not free text), then in all at once.
No answer may be a 5xx, nor an exception.

The routes come from ``app.url_map``, the query parameters from the portal's source and the forms from the
pages, so a new route, parameter or field is swept without changing this file; a URL argument without a
sample gets 1 (an id) or "abc"; a POST route whose form no page shows gets every field name at once.
"""

from __future__ import annotations

import re
import urllib.parse
from collections import defaultdict
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
import wtforms
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, PathConverter, Rule
from wtforms import FieldList, FormField, StringField

from portal import access
from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.converters import IdConverter, TextConverter
from portal.extensions import db
from portal.forms import CONTROL_MESSAGE, Form
from portal.help import services_matches
from portal.initiatives.models import Initiative, InitiativeMessage, VolunteerRole
from portal.initiatives.services_photos import add_photo, process_photo
from portal.notifications.services import notify
from portal.projects.models import Project, ProjectActivity
from portal.signals import services as signal_services
from portal.teams.models import Area, TeamQuestion
from portal.timeutil import utcnow
from tests.factories import make_user, team_by_slug
from tests.factories.find import image_bytes
from tests.factories.help import make_offer, make_request

ROLES = ("anonymous", "resident", "worker", "coordinator")
HUGE_IDS = (2**31, 2**63, 10**30)
HUGE = str(10**30)
DIGIT_BUT_NO_NUMBER = "\u00b2"  # "²": str.isdigit() says yes, int() refuses it
NUL_TEXT = "ab\x00cd"
NUL_SEGMENT = "abc\x00"
FIELD_JUNK = (NUL_TEXT, HUGE, DIGIT_BUT_NO_NUMBER)
PORTAL = Path(__file__).resolve().parents[2] / "portal"

# Who gets past each access rule into the view (the others are sent away before it runs), and whose POSTs
# are swept: the one who goes furthest into a route's code.
ALLOWED = {
    access.ANYONE: ROLES,
    access.VISITOR: ("anonymous",),
    access.RESIDENT: ("resident", "worker", "coordinator"),
    access.WORKER: ("worker", "coordinator"),
    access.TEAM_WORKER: ("worker", "coordinator"),
    access.COORDINATOR: ("coordinator",),
    access.OWNER_OR_TEAM: ("resident", "worker", "coordinator"),
}
FURTHEST = {
    access.ANYONE: "resident",
    access.VISITOR: "anonymous",
    access.RESIDENT: "resident",
    access.WORKER: "worker",
    access.TEAM_WORKER: "worker",
    access.COORDINATOR: "coordinator",
    access.OWNER_OR_TEAM: "resident",
}
TEXT_INPUTS = {"text", "email", "password", "search", "tel", "url", "textarea", ""}


@pytest.fixture
def world(app, groningen):
    """One account per role (the worker works for Selwerd) and one of everything a URL can name; ids."""
    with app.app_context():
        team = team_by_slug("selwerd")
        home = db.session.scalars(select(Area).where(Area.code == "BU00141000")).one()
        users = {
            "resident": make_user(area_id=home.id, home_postcode="9741 AB"),
            "worker": make_user(ROLE_WORKER, teams=[team]),
            "coordinator": make_user(ROLE_COORDINATOR),
        }
        question = TeamQuestion(team=team, name="Bewoner", contact="b@example.org", message="Vraag")
        initiative = Initiative(
            title="Straatfeest", description="Een straatfeest voor de hele straat", category="meeting",
            status="submitted", initiator=users["resident"], area=home,
        )  # fmt: skip
        initiative.roles.append(VolunteerRole(title="Tafels", needed=3, position=0, taken=0))
        message = InitiativeMessage(initiative=initiative, author=users["coordinator"], body="Hallo buren")
        db.session.add_all([question, initiative, message])
        db.session.flush()
        photo = add_photo(initiative, process_photo(image_bytes("JPEG", size=(40, 30))), "Een foto")
        notification = notify(users["resident"], "initiative_comment", {"title": "Straatfeest", "author": "x"}, "/")
        offer = make_offer(users["resident"], kinds=("garden",))
        help_request = make_request(users["resident"])
        neighbour = make_user(area_id=home.id, name="Buur Helper")
        match = services_matches.propose(users["worker"], help_request, make_offer(neighbour))
        clustered = [
            signal_services.report(None, signal_services.SignalInput(text=text, area=home, theme="loneliness"))
            for text in ("Mijn buurvrouw is erg eenzaam.", "Mijn buurman is ook erg eenzaam.")
        ]
        signal = signal_services.report(
            users["resident"], signal_services.SignalInput(text="Veel zwerfafval bij de speeltuin", area=home)
        )
        project = Project(title="Samen koken", goal="Samen eten in de buurt", team=team, lead_worker=users["worker"])
        db.session.add(project)
        db.session.flush()
        activity = ProjectActivity(
            project_id=project.id, title="Kookavond", starts_at=utcnow() + timedelta(days=3), place="Buurthuis"
        )
        db.session.add(activity)
        db.session.commit()
        people = {"anonymous": None, **{role: user.id for role, user in users.items()}}
        samples = {
            "slug": "selwerd",
            "code": "BU00141000",
            "token": "not-a-valid-token",
            "filename": "css/portal.css",
            "follow_token": signal.follow_token,
            "question_id": question.id,
            "user_id": users["resident"].id,
            "person_id": users["resident"].id,
            "area_id": home.id,
            "initiative_id": initiative.id,
            "message_id": message.id,
            "photo_id": photo.id,
            "notification_id": notification.id,
            "offer_id": offer.id,
            "request_id": help_request.id,
            "match_id": match.id,
            "cluster_id": clustered[0].cluster_id,
            "signal_id": clustered[1].id,
            "project_id": project.id,
            "activity_id": activity.id,
        }
        db.session.remove()
    return people, samples


# --------------------------------------------------------------------------- what to send


def routes(app, method: str) -> list[Rule]:
    return sorted((rule for rule in app.url_map.iter_rules() if method in rule.methods), key=lambda rule: rule.rule)


def rule_of(app, rule: Rule) -> str:
    """The access rule of a route (the static files are for anyone)."""
    return getattr(app.view_functions[rule.endpoint], "access", access.ANYONE)


def is_id(rule: Rule, argument: str) -> bool:
    return isinstance(rule._converters[argument], IntegerConverter)


def sample(rule: Rule, argument: str, samples: dict):
    """The world's value for a URL argument; 1 or "abc" for one it has none of (a new route is swept too)."""
    return samples.get(argument, 1 if is_id(rule, argument) else "abc")


def url(rule: Rule, samples: dict, **values) -> str:
    filled = {argument: sample(rule, argument, samples) for argument in rule.arguments}
    path = rule.rule
    for argument, value in {**filled, **values}.items():
        path = re.sub(r"<(?:[^:<>]+:)?" + argument + ">", urllib.parse.quote(str(value), safe="/"), path)
    return path


def query_parameters() -> list[str]:
    """Every query-string parameter the portal reads by name, found in its source."""
    pattern = re.compile(r"""(?:args|values)\.get(?:list)?\(\s*"(\w+)"|(?:choice|text)\(\s*args,\s*"(\w+)\"""")
    names = set()
    for source in PORTAL.rglob("*.py"):
        for found in pattern.finditer(source.read_text()):
            names.add(found.group(1) or found.group(2))
    return sorted(names - {"process_revision_directives"})


def with_query(path: str, values: dict) -> str:
    return path + "?" + urllib.parse.urlencode(values)


def junk_urls(app, rule: Rule, index: int, samples: dict, parameters: list[str], role: str) -> list[str]:
    """What ``role`` sends to one GET route: see the module's docstring.

    Junk in the path, and a NUL byte in the query, is refused before any view runs: sent by every role.
    Junk that reaches the view goes only to roles that get past the route's access rule: every query
    parameter at once (``page`` too) set to 10**30 by each of them; set to -1 and to "²" by one of them
    in turn, the next route the next one.
    """
    base = url(rule, samples)
    found = []
    for argument in rule.arguments:
        if is_id(rule, argument):
            found += [url(rule, samples, **{argument: huge}) for huge in HUGE_IDS]
        else:
            found.append(url(rule, samples, **{argument: NUL_SEGMENT}))
    found.append(with_query(base, dict.fromkeys(parameters, NUL_TEXT)))
    # Each parameter alone with a NUL byte, one role after the other (the same check serves every role).
    found += [with_query(base, {name: NUL_TEXT}) for name in parameters[ROLES.index(role) :: len(ROLES)]]
    allowed = ALLOWED[rule_of(app, rule)]
    if role in allowed:
        found.append(with_query(base, dict.fromkeys(parameters, HUGE)))
        for turn, junk in enumerate(("-1", DIGIT_BUT_NO_NUMBER)):
            if allowed[(index + turn) % len(allowed)] == role:
                found.append(with_query(base, dict.fromkeys(parameters, junk)))
    return found


class _PostForms(HTMLParser):
    """The POST forms of a page: action, and fields as a browser would send them: [name, value, input type]."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[list[str]]]] = []
        self._fields: list[list[str]] | None = None
        self._select: list[str] | None = None
        self._textarea: list[str] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._fields = [] if values.get("method", "").lower() == "post" else None
            if self._fields is not None:
                self.forms.append((values.get("action", ""), self._fields))
        elif self._fields is None or not values.get("name"):
            return
        elif tag == "input" and values.get("type") not in ("submit", "button", "file", "image", "reset"):
            kind = values.get("type", "")
            unchecked = kind in ("checkbox", "radio") and "checked" not in values
            self._fields.append([values["name"], "" if unchecked else values.get("value", ""), kind])
        elif tag == "select":
            self._select = [values["name"], "", "select"]
            self._fields.append(self._select)
        elif tag == "option" and self._select is not None:
            if "selected" in values or not self._select[1]:
                self._select[1] = values.get("value", "")
        elif tag == "textarea":
            self._textarea = [values["name"], "", "textarea"]
            self._fields.append(self._textarea)

    def handle_data(self, data) -> None:
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html: str, page: str) -> dict[str, list[list[str]]]:
    """The page's POST forms by the path they post to (a form without an action posts to the page)."""
    parser = _PostForms()
    parser.feed(html)
    return {urllib.parse.urlsplit(action or page).path: fields for action, fields in parser.forms}


def junk_forms(fields: list[list[str]]) -> list[dict]:
    """For each field name in turn (the other fields as shown): a NUL byte, and for a field that is not free
    text (a choice, a hidden id, a number) also a huge number and "²"; then a NUL byte in all fields at once."""
    shown = defaultdict(list)
    kinds = {}
    for name, value, kind in fields:
        shown[name].append(value)
        kinds.setdefault(name, kind)
    names = [name for name in shown if name != "csrf_token"]
    sent = []
    for name in names:
        for junk in (NUL_TEXT,) if kinds[name] in TEXT_INPUTS else FIELD_JUNK:
            sent.append({**shown, name: [junk]})
    sent.append(dict.fromkeys(names, NUL_TEXT))
    return sent


def all_form_fields() -> set[str]:
    """The fields of every form class of the portal: sent to a POST route whose form no page showed."""
    names: set[str] = set()
    pending = [Form]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        names |= {name for name in dir(cls) if not name.startswith("_") and hasattr(getattr(cls, name), "field_class")}
    return names


# --------------------------------------------------------------------------- sending it


class Sweep:
    """Sends requests and keeps every 5xx or exception."""

    def __init__(self, auth, people: dict) -> None:
        self.auth, self.people = auth, people
        self.failures: list[str] = []
        self.sent = 0

    def client(self, role: str):
        return self.auth.client(self.people[role])

    def send(self, client, method: str, target: str, role: str, data: dict | None = None):
        self.sent += 1
        try:
            response = client.open(target, method=method, data=data)
        except Exception as error:  # noqa: BLE001 - every exception is a finding
            self.failures.append(
                f"{type(error).__name__}: {str(error)[:160]} — {self._what(method, target, role, data)}"
            )
            return None
        response.get_data()  # read it all, then let go of what it streamed from (a static file)
        response.close()
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} — {self._what(method, target, role, data)}")
        return response

    @staticmethod
    def _what(method: str, target: str, role: str, data: dict | None) -> str:
        junk = [
            name
            for name, value in (data or {}).items()
            if set(value if isinstance(value, list) else [value]) & set(FIELD_JUNK)
        ]
        fields = f" with junk in {junk[:3]}{'…' if len(junk) > 3 else ''}" if junk else ""
        return f"{method} {target[:160]!r} as {role}{fields}"

    def assert_clean(self) -> None:
        assert not self.failures, f"{len(self.failures)} of {self.sent} requests failed:\n" + "\n".join(
            self.failures[:60]
        )


def test_every_id_in_a_url_goes_through_the_id_converter(app):
    """Ids are ``<id:…>`` (1 … MAX_ID, else 404); no route takes a bare int, a float or an unchecked text."""
    wrong = []
    for rule in app.url_map.iter_rules():
        for argument, converter in rule._converters.items():
            if argument.endswith("_id") and not isinstance(converter, IdConverter):
                wrong.append(f"{rule.rule}: {argument} is no <id:…>")
            elif not isinstance(converter, IdConverter | TextConverter | PathConverter):
                wrong.append(f"{rule.rule}: {argument} uses {type(converter).__name__}")
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_no_get_route_answers_junk_with_a_5xx(app, auth, world, role):
    people, samples = world
    parameters = query_parameters()
    sweep = Sweep(auth, people)
    client = sweep.client(role)
    for index, rule in enumerate(routes(app, "GET")):
        for target in junk_urls(app, rule, index, samples, parameters, role):
            sweep.send(client, "GET", target, role)
    sweep.assert_clean()


def test_no_post_route_answers_junk_in_its_fields_with_a_5xx(app, auth, world):
    people, samples = world
    sweep = Sweep(auth, people)
    shown: dict[tuple[str, str], list[list[str]]] = {}  # (role, action): the POST form a page showed the role
    for rule in routes(app, "GET"):
        page = url(rule, samples)
        for role in ALLOWED[rule_of(app, rule)]:
            response = sweep.send(sweep.client(role), "GET", page, role)
            if response is not None and response.status_code == 200 and "html" in response.content_type:
                for action, fields in forms_of(response.get_data(as_text=True), page).items():
                    shown.setdefault((role, action), fields)
    by_action = {action: fields for (_role, action), fields in shown.items()}
    every_name = sorted(all_form_fields() | set(query_parameters()))
    for rule in routes(app, "POST"):
        role = FURTHEST[rule_of(app, rule)]
        target = url(rule, samples)
        fields = shown.get((role, target)) or by_action.get(target)
        if fields is None:  # no page shows its form now: every field name of the portal at once
            sent = [dict.fromkeys(every_name, junk) for junk in FIELD_JUNK]
        else:
            sent = junk_forms(fields)
        for data in sent:
            sweep.send(sweep.client(role), "POST", target, role, data)
    sweep.assert_clean()


def test_a_control_character_inside_a_row_of_subforms_is_refused_too(app):
    """The base form looks into lists of subforms (such as an initiative's volunteer roles) as well."""

    class Row(wtforms.Form):
        title = StringField()

    class Rows(Form):
        name = StringField()
        rows = FieldList(FormField(Row), min_entries=1)

    for data, where in (({"name": "ok", "rows-0-title": "a\x00b"}, "row"), ({"name": "o\x1bk"}, "name")):
        with app.test_request_context(method="POST", data=data):
            form = Rows(meta={"csrf": False})
            assert not form.validate() and form.errors
            field = form.rows.entries[0].form.title if where == "row" else form.name
            assert field.errors == [CONTROL_MESSAGE]
