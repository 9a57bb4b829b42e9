"""Helpers shared by the browser tests: the live server handle, logging in, the language, key pages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

LOG_OUT = re.compile(r"^Uitloggen$")
LOG_IN = re.compile(r"^Inloggen$")

ROLES = ("visitor", "resident", "worker", "coordinator")
LANGUAGES = ("nl", "en")
# Postcodes of demo residents (portal.demo.people.RESIDENTS). The finder places FINDER_POSTCODE
# on one team (WIJ Selwerd); REGISTER_POSTCODE lies in a single neighbourhood, so registering
# with it asks no neighbourhood question.
FINDER_POSTCODE = "9741 AB"
REGISTER_POSTCODE = "9715 AK"


class LiveServer:
    def __init__(self, app, url: str):
        self.app = app
        self.url = url
        self.errors: list[str] = []  # tracebacks of exceptions raised while handling requests
        self.reset_data = lambda: None  # set by the live_server fixture: back to the demo data as loaded
        self._adapter = app.url_map.bind(urlsplit(url).netloc)

    def url_for(self, endpoint: str, **values) -> str:
        with self.app.test_request_context(base_url=self.url):
            from flask import url_for

            return url_for(endpoint, _external=True, **values)

    def endpoint_of(self, url: str, method: str = "GET") -> tuple[str | None, dict]:
        """The endpoint (and arguments) a same-origin URL is served by, or (None, {})."""
        from werkzeug.exceptions import HTTPException
        from werkzeug.routing import RequestRedirect

        parts = urlsplit(url)
        try:
            return self._adapter.match(parts.path, method=method.upper(), query_args=parts.query)
        except RequestRedirect as redirect:
            return self.endpoint_of(redirect.new_url, method)
        except HTTPException:
            return None, {}

    def get_routes(self) -> list[str]:
        """Endpoints that answer GET, other than static files."""
        return sorted(
            {r.endpoint for r in self.app.url_map.iter_rules() if "GET" in r.methods and r.endpoint != "static"}
        )

    def query(self, fn):
        """Run ``fn()`` inside an application context (for reading demo data)."""
        from portal.extensions import db

        with self.app.app_context():
            try:
                return fn()
            finally:
                db.session.remove()


def log_in(context, live_server, role: str) -> None:
    """Log the demo account for ``role`` in through the log-in form, in ``context``."""
    if role == "visitor":
        return
    from portal.demo import loader

    page = context.new_page()
    page.goto(live_server.url_for("accounts.login"))
    form = page.locator("main form[method=post]").filter(has=page.locator("input[type=password]"))
    form.locator("input[name=email]").fill(loader.DEMO_LOGINS[role])
    form.locator("input[name=password]").fill(loader.DEMO_PASSWORD)
    form.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state()
    if not is_logged_in(page, live_server):
        raise AssertionError(f"Log-in as the demo {role} failed; the page says:\n{page.inner_text('main')}")
    page.close()


def is_logged_in(page, live_server) -> bool:
    return bool(page.locator(f"form[action='{urlsplit(live_server.url_for('accounts.logout')).path}']").count())


def set_language(page, live_server, language: str) -> None:
    """Choose ``language`` with the button in the header (stored on the account when logged in)."""
    page.goto(live_server.url_for("pages.home"))
    if page.locator("html").get_attribute("lang") == language:
        return
    page.locator(f"header form button[name=language][value={language}]").click()
    page.wait_for_load_state()
    lang = page.locator("html").get_attribute("lang")
    assert lang == language, f"the language button did not switch to {language} (page is {lang})"


def team_slug(live_server) -> str:
    """The demo worker's team (it has questions in its inbox), else the first team."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.teams.models import Team

    def first():
        slugs = list(db.session.scalars(select(Team.slug).order_by(Team.name)))
        assert slugs, "the demo data has no teams"
        return "selwerd" if "selwerd" in slugs else slugs[0]

    return live_server.query(first)


def key_pages(live_server) -> dict[str, str]:
    """Name -> URL of the pages every visitor meets first (phone width, screenshots)."""
    return {
        "home": live_server.url_for("pages.home"),
        "teams": live_server.url_for("teams.list_teams"),
        "team": live_server.url_for("teams.show_team", slug=team_slug(live_server)),
        "map": live_server.url_for("teams.area_map"),
        "login": live_server.url_for("accounts.login"),
        "register": live_server.url_for("accounts.register"),
        "initiatives": live_server.url_for("initiatives.list_initiatives"),
        "initiative": live_server.url_for("initiatives.show_initiative", initiative_id=demo_initiative_id(live_server)),
        "agenda": live_server.url_for("initiatives.agenda"),
        "help": live_server.url_for("help.index"),
        "signal": live_server.url_for("signals.report"),
        "projects": live_server.url_for("projects.list_projects"),
        "project": live_server.url_for("projects.show_project", project_id=demo_project_id(live_server)),
    }


def demo_project_id(live_server, title: str = "Samen tegen eenzaamheid in Selwerd: koffieochtend op dinsdag") -> int:
    """The id of a running demo project with activities, news and a linked initiative."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.projects.models import Project

    project_id = live_server.query(lambda: db.session.scalar(select(Project.id).where(Project.title == title)))
    assert project_id is not None, f"no demo project {title!r}"
    return project_id


def demo_initiative_id(live_server, title: str = "Straatfeest in de Zonnelaan") -> int:
    """The id of a planned demo initiative with roles, support, talk and a timeline."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.initiatives.models import Initiative

    return live_server.query(lambda: db.session.scalar(select(Initiative.id).where(Initiative.title == title)))


def private_question_url(live_server) -> str:
    """The private link of a demo question asked without an account (as mailed to the asker)."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.inbox.links import secret_for
    from portal.teams.models import TeamQuestion

    def link():
        question = db.session.scalars(
            select(TeamQuestion)
            .where(TeamQuestion.user_id.is_(None), TeamQuestion.contact.contains("@"))
            .order_by(TeamQuestion.id)
        ).first()
        return secret_for(question)

    return live_server.url_for("inbox.private_question", question_token=live_server.query(link))


def team_for_postcode(live_server, postcode: str) -> str:
    """The name of the team the finder should show for ``postcode`` (asserts it finds one)."""
    from portal.teams.finder import TEAM, place_postcode

    def find():
        placement = place_postcode(postcode)
        assert placement.status == TEAM, f"{postcode} does not place on one team in the demo data: {placement}"
        return placement.team.name

    return live_server.query(find)


# --------------------------------------------------------------------------- journeys of several people


def nav_link(page, name: str):
    """A link of the site's navigation: the main menu, the account links beside it, or the footer's list."""
    return page.locator("header nav, footer nav").get_by_role("link", name=re.compile(name))


def demo_email(local: str) -> str:
    from portal.demo.people import DEMO_DOMAIN

    return f"{local}@{DEMO_DOMAIN}"


def demo_user(live_server, local: str) -> tuple[str, str]:
    """(full name, slug of the team serving the home neighbourhood) of a demo account."""
    from portal.accounts.models import User

    def find():
        user = User.by_email(demo_email(local))
        assert user is not None and user.home_team is not None, f"demo account {local} has no home team"
        return user.name, user.home_team.slug

    return live_server.query(find)


def mailed_link(live_server, email: str, kind: str = "confirm") -> str:
    """The newest ``kind`` link (confirm, reset, welcome) the portal mailed to ``email``, read from the outbox table."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.outbox.models import OutboxMessage

    def newest():
        bodies = db.session.scalars(
            select(OutboxMessage.body).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id.desc())
        )
        for body in bodies:
            found = re.search(rf"https?://\S+/account/{kind}/\S+", body)
            if found:
                return found.group(0)
        raise AssertionError(f"no {kind} link was mailed to {email}")

    return live_server.query(newest)


def log_in_as(context, email: str) -> None:
    """Log in through the form, as a person would (for accounts other than the demo roles)."""
    from portal.demo.people import DEMO_PASSWORD

    page = context.new_page()
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name=LOG_IN).click()
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"^E-?mail", re.I)).fill(email)
    main.get_by_label(re.compile(r"^Wachtwoord$", re.I)).fill(DEMO_PASSWORD)
    main.get_by_role("button", name=LOG_IN).click()
    expect(page.get_by_role("button", name=LOG_OUT)).to_be_visible()
    page.close()
