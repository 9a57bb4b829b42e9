"""Every route states who may use it, and each rule is checked here for every role.

The test walks the application's URL map, so a route added later without an access rule, or
with URL arguments this file cannot fill in, fails here until it is covered.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.routing import Rule

from portal import access
from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.complaints.models import Complaint
from portal.extensions import db
from portal.help import services_matches as help_services_matches
from portal.inbox.links import secret_for
from portal.indicators.tokens import make_token
from portal.initiatives.models import Initiative, InitiativeMessage
from portal.initiatives.services_photos import add_photo, process_photo
from portal.notifications.services import notify
from portal.projects.models import Project, ProjectActivity
from portal.signals import services as signal_services
from portal.teams.models import Area, ReplyTemplate, TeamQuestion
from portal.timeutil import utcnow
from tests.factories import make_user, team_by_slug
from tests.factories.find import image_bytes
from tests.factories.help import make_offer, make_request

ROLES = ("visitor", "resident", "worker", "other_worker", "coordinator")
OWN_TEAM, OTHER_TEAM = "selwerd", "beijum"

# What each role may do under each rule: "ok", "login" (sent to log in), "403", "away" (redirected).
EXPECTED = {
    access.ANYONE: dict.fromkeys(ROLES, "ok"),
    access.VISITOR: {
        "visitor": "ok",
        "resident": "away",
        "worker": "away",
        "other_worker": "away",
        "coordinator": "away",
    },
    access.RESIDENT: {"visitor": "login", "resident": "ok", "worker": "ok", "other_worker": "ok", "coordinator": "ok"},
    access.WORKER: {"visitor": "login", "resident": "403", "worker": "ok", "other_worker": "ok", "coordinator": "ok"},
    access.TEAM_WORKER: {
        "visitor": "login",
        "resident": "403",
        "worker": "ok",
        "other_worker": "403",
        "coordinator": "ok",
    },
    access.COORDINATOR: {
        "visitor": "login",
        "resident": "403",
        "worker": "403",
        "other_worker": "403",
        "coordinator": "ok",
    },
    # The sample objects are owned by "resident" and belong to the worker's team.
    access.OWNER_OR_TEAM: {
        "visitor": "login",
        "resident": "ok",
        "worker": "ok",
        "other_worker": "403",
        "coordinator": "ok",
    },
}

# Routes about one of your own things by its id (the samples belong to "resident"): anyone else gets a 404.
OWN_ONLY = {"notifications.open_notification"}
# Routes open to residents whose object is seen only by those near it (help requests stay private: the requester,
# the team's workers and neighbours near it; see portal/help/queries.py): someone far away gets a 404.
NEAR_ONLY = {"help.show_request": {"other_worker": "404"}}


@pytest.fixture
def people(app, groningen):
    """One account per role; the worker works for OWN_TEAM, the other worker elsewhere."""
    with app.app_context():
        own, other = team_by_slug(OWN_TEAM), team_by_slug(OTHER_TEAM)
        home = db.session.scalars(select(Area).where(Area.code == "BU00141000")).one()
        users = {
            "resident": make_user(area_id=home.id, home_postcode="9741 AB"),
            "worker": make_user(ROLE_WORKER, teams=[own]),
            "other_worker": make_user(ROLE_WORKER, teams=[other]),
            "coordinator": make_user(ROLE_COORDINATOR),
        }
        question = TeamQuestion(
            team=own, user_id=users["resident"].id, name="Bewoner", contact="b@example.org", message="Vraag"
        )
        template = ReplyTemplate(team=own, title="Doorverwijzen", body="We verwijzen je graag door.")
        complaint = Complaint(
            team=own, user_id=users["resident"].id, subject_kind="team", message="Niet teruggebeld", due_at=utcnow()
        )
        db.session.add_all([question, template, complaint])
        initiative = Initiative(
            title="Straatfeest", description="Een straatfeest", category="meeting", status="submitted",
            initiator=users["resident"], area=db.session.scalars(select(Area).where(Area.code == "BU00141000")).one(),
        )  # fmt: skip
        message = InitiativeMessage(initiative=initiative, author=users["coordinator"], body="Hallo buren")
        db.session.add_all([initiative, message])
        db.session.flush()
        photo = add_photo(initiative, process_photo(image_bytes("JPEG", size=(40, 30))), "Een foto")
        notification = notify(users["resident"], "initiative_comment", {"title": "Straatfeest", "author": "x"}, "/")
        own_offer = make_offer(users["resident"], kinds=("garden",))
        help_request = make_request(users["resident"])
        neighbour = make_user(area_id=home.id, name="Buur Helper")
        match = help_services_matches.propose(users["worker"], help_request, make_offer(neighbour))
        # A group of two signals in selwerd for the cluster board (moving one out leaves it on its own).
        clustered = [
            signal_services.report(None, signal_services.SignalInput(text=text, area=home, theme="loneliness"))
            for text in ("Mijn buurvrouw is erg eenzaam.", "Mijn buurman is ook erg eenzaam.")
        ]
        signal = signal_services.report(
            users["resident"], signal_services.SignalInput(text="Veel zwerfafval bij de speeltuin", area=home)
        )
        project = Project(title="Samen koken", goal="Samen eten in de buurt", team=own, lead_worker=users["worker"])
        db.session.add(project)
        db.session.flush()
        activity = ProjectActivity(
            project_id=project.id, title="Kookavond", starts_at=utcnow() + timedelta(days=3), place="Buurthuis"
        )
        db.session.add(activity)
        question_secret = secret_for(question)  # gives the sample question its private link
        export_token, _key = make_token(users["coordinator"], "BI")
        db.session.commit()
        ids = {role: user.id for role, user in users.items()}
        samples = {
            "slug": OWN_TEAM,
            "question_id": question.id,
            "template_id": template.id,
            "complaint_id": complaint.id,
            "user_id": users["resident"].id,
            "area_id": db.session.scalars(select(Area.id).where(Area.code == "BU00141000")).one(),
            "code": "BU00141000",
            "token": "not-a-valid-token",
            "filename": "css/portal.css",
            "initiative_id": initiative.id,
            "message_id": message.id,
            "photo_id": photo.id,
            "notification_id": notification.id,
            "offer_id": own_offer.id,
            "request_id": help_request.id,
            "match_id": match.id,
            "person_id": users["resident"].id,
            "cluster_id": clustered[0].cluster_id,
            "signal_id": clustered[1].id,
            "project_id": project.id,
            "activity_id": activity.id,
            "follow_token": signal.follow_token,
            "question_token": question_secret,
            "token_id": export_token.id,
        }
        db.session.remove()
    return ids, samples


def _routes(app) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_every_route_declares_an_access_rule(app):
    missing = [
        rule.endpoint for rule in _routes(app) if getattr(app.view_functions[rule.endpoint], "access", None) is None
    ]
    assert missing == [], f"routes without an access decorator from portal.access: {missing}"
    unknown = {app.view_functions[rule.endpoint].access for rule in _routes(app)} - set(access.RULES)
    assert not unknown


def _outcome(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and "/account/login" in location:
        return "login"
    if response.status_code == 403:
        return "403"
    if response.status_code in (301, 302, 303):
        return "away"
    if response.status_code in (401, 404, 405, 500):
        return str(response.status_code)
    return "ok"


def test_every_route_enforces_its_rule_for_every_role(app, auth, people):
    ids, samples = people
    failures = []
    for rule in _routes(app):
        rule_name = app.view_functions[rule.endpoint].access
        unfilled = [arg for arg in rule.arguments if arg not in samples]
        assert not unfilled, f"{rule.endpoint}: add a sample value for {unfilled} to this test"
        url = rule.build({arg: samples[arg] for arg in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for role in ROLES:
                response = auth.client(None if role == "visitor" else ids[role]).open(url, method=method, data={})
                got, expected = _outcome(response), EXPECTED[rule_name][role]
                if rule.endpoint in OWN_ONLY and role not in ("visitor", "resident"):
                    expected = "404"  # someone else's notification does not exist for them
                expected = NEAR_ONLY.get(rule.endpoint, {}).get(role, expected)
                # "ok" for a redirect elsewhere is fine too (e.g. a POST that redirects back).
                if got != expected and not (expected == "ok" and got == "away"):
                    failures.append(f"{method} {url} [{rule_name}] as {role}: expected {expected}, got {got}")
    assert failures == [], "\n".join(failures)


FIRST_ALLOWED = {
    access.ANYONE: "visitor",
    access.VISITOR: "visitor",
    access.RESIDENT: "resident",
    access.WORKER: "worker",
    access.TEAM_WORKER: "worker",
    access.COORDINATOR: "coordinator",
    access.OWNER_OR_TEAM: "resident",
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_renders_in_both_languages(app, auth, people, language):
    """Each GET route, for someone allowed to see it, answers in the chosen language."""
    ids, samples = people
    failures = []
    for rule in _routes(app):
        if "GET" not in rule.methods:
            continue
        view = app.view_functions[rule.endpoint]
        url = rule.build({arg: samples[arg] for arg in rule.arguments}, append_unknown=False)[1]
        role = FIRST_ALLOWED[view.access]
        client = auth.client(None if role == "visitor" else ids[role])
        client.set_cookie("lang", language)
        if FIRST_ALLOWED[view.access] != "visitor":
            with app.app_context():
                from portal.accounts.models import User

                db.session.get(User, ids[FIRST_ALLOWED[view.access]]).locale = language
                db.session.commit()
        response = client.get(url)
        if response.status_code in (301, 302, 303):
            continue  # e.g. a worker with one team is sent straight to its inbox
        if response.status_code != 200:
            failures.append(f"GET {url}: {response.status_code}")
        elif response.mimetype == "text/html" and f'<html lang="{language}">' not in response.get_data(as_text=True):
            failures.append(f"GET {url}: not in {language}")
    assert failures == [], "\n".join(failures)


# The routes a coordinator's export token opens (portal/indicators/views_tokens.py): the indicators' CSV files.
EXPORT_TOKEN_ROUTES = {
    "indicators.dashboard_csv": access.COORDINATOR,
    "indicators.dashboard_items_csv": access.COORDINATOR,
    "indicators.team_dashboard_csv": access.TEAM_WORKER,
    "indicators.team_items_csv": access.TEAM_WORKER,
}


def test_an_export_token_stands_in_only_on_the_indicators_csv_routes(app):
    """Exactly these routes take a token, and each keeps its rule for a logged-in session."""
    taking = {
        rule.endpoint: app.view_functions[rule.endpoint].access
        for rule in _routes(app)
        if getattr(app.view_functions[rule.endpoint], "accepts_export_token", False)
    }
    assert taking == EXPORT_TOKEN_ROUTES
