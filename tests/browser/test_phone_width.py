"""At 375 px (a small phone) the key pages do not scroll sideways and every target is at least
24 x 24 px (WCAG 2.2, 2.5.8). Exempt, as WCAG allows: links inside a sentence, and a small
target when a large enough one leads to the same place (e.g. a map area and its legend link).
(That no page at all scrolls sideways at 375 px is checked by the crawl, test_crawl_accessibility.py.)

The header on a phone is one row, at most HEADER_MAX px before the page begins, for every role: the
navigation folds away behind a menu button that works without JavaScript and by keyboard.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import ROLES, key_pages, log_in, team_slug

PHONE = {"width": 375, "height": 812}
MIN_TARGET = 24
HEADER_MAX = 120  # px from the top of the page to the start of <main>, at 375 px
MAIN_NAV = re.compile(r"^(Hoofdmenu|Main)$")
FOCUS_SHOWN_JS = """() => { const s = getComputedStyle(document.activeElement);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"""

SMALL_TARGETS_JS = """minimum => {
  const tolerance = 0.05;
  const blockOf = el => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith('inline')) node = node.parentElement;
    return node;
  };
  const inSentence = el => {
    if (el.localName !== 'a' || getComputedStyle(el).display !== 'inline') return false;
    const block = blockOf(el);
    if (!block) return false;
    const own = el.textContent.trim();
    const rest = block.textContent.replace(own, '');
    return /[A-Za-zÀ-ÿ]{2,}/.test(rest);
  };
  const hrefOf = el => el.getAttribute('href') || el.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
  const targets = Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea'))
    .filter(el => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.visibility !== 'hidden' && r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth;
    });
  const big = el => {
    const r = el.getBoundingClientRect();
    return r.width + tolerance >= minimum && r.height + tolerance >= minimum;
  };
  const bigHrefs = new Set(targets.filter(el => el.localName === 'a' && big(el)).map(hrefOf));
  return targets
    .filter(el => !big(el) && !inSentence(el) && !(el.localName === 'a' && bigHrefs.has(hrefOf(el))))
    .map(el => {
      const r = el.getBoundingClientRect();
      const text = (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '').trim();
      return `${el.localName}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\\s+/).join('.') : ''} "${text.slice(0, 40)}" ` +
        `${r.width.toFixed(1)}x${r.height.toFixed(1)}`;
    });
}"""


@pytest.fixture
def phone_page(new_context):
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "teams",
        "team",
        "map",
        "login",
        "register",
        "initiatives",
        "initiative",
        "agenda",
        "help",
        "signal",
        "projects",
        "project",
    ],
)
def test_key_page_fits_a_phone(name, phone_page, live_server):
    _fits_a_phone(phone_page, key_pages(live_server)[name])


def _daily_work_pages(live_server) -> dict[str, tuple[str, str]]:
    """Name -> (role, URL) of the pages of the team's daily work."""
    from sqlalchemy import select

    from portal.complaints.models import Complaint
    from portal.extensions import db
    from portal.teams.models import Team, TeamQuestion

    slug = team_slug(live_server)

    def ids():
        team_id = db.session.scalar(select(Team.id).where(Team.slug == slug))
        question = db.session.scalar(select(TeamQuestion.id).where(TeamQuestion.team_id == team_id).limit(1))
        complaint = db.session.scalar(select(Complaint.id).order_by(Complaint.id).limit(1))
        return question, complaint

    question, complaint = live_server.query(ids)
    return {
        "today": ("worker", live_server.url_for("overview.today")),
        "inbox": ("worker", live_server.url_for("inbox.team_inbox", slug=slug)),
        "inbox-question": ("worker", live_server.url_for("inbox.question", slug=slug, question_id=question)),
        "my-neighbourhood": ("resident", live_server.url_for("overview.my_neighbourhood")),
        "my-questions": ("resident", live_server.url_for("inbox.my_questions")),
        "complaint-form": ("resident", live_server.url_for("complaints.new")),
        "complaints": ("coordinator", live_server.url_for("complaints.handling_list")),
        "complaint": ("coordinator", live_server.url_for("complaints.show", complaint_id=complaint)),
        "indicators": ("coordinator", live_server.url_for("indicators.dashboard")),
        "team-indicators": ("worker", live_server.url_for("indicators.team_dashboard", slug=slug)),
        "how-we-are-doing": ("visitor", live_server.url_for("indicators.public", slug=slug)),
    }


@pytest.mark.parametrize(
    "name",
    [
        "today",
        "inbox",
        "inbox-question",
        "my-neighbourhood",
        "my-questions",
        "complaint-form",
        "complaints",
        "complaint",
        "indicators",
        "team-indicators",
        "how-we-are-doing",
    ],
)
def test_daily_work_page_fits_a_phone(name, new_context, live_server):
    role, url = _daily_work_pages(live_server)[name]
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(context, live_server, role)
    _fits_a_phone(context.new_page(), url)


def _fits_a_phone(phone_page, url: str) -> None:
    response = phone_page.goto(url)
    assert response and response.ok, f"{url}: HTTP {response and response.status}"
    width = phone_page.evaluate("() => document.scrollingElement.scrollWidth")
    too_wide = phone_page.evaluate(
        """limit => Array.from(document.querySelectorAll('body *'))
          .filter(el => el.getBoundingClientRect().right > limit + 0.5)
          .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
          ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))""",
        PHONE["width"],
    )
    assert width <= PHONE["width"], f"{url} scrolls sideways at {PHONE['width']}px: {width}px wide; e.g. {too_wide}"
    small = phone_page.evaluate(SMALL_TARGETS_JS, MIN_TARGET)
    assert not small, f"{url}: targets smaller than {MIN_TARGET}x{MIN_TARGET}px at {PHONE['width']}px:\n" + "\n".join(
        small
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_header_leaves_the_screen_to_the_page_on_a_phone(role, new_context, live_server):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(context, live_server, role)
    page = context.new_page()
    page.goto(live_server.url_for("pages.home"))
    top = page.evaluate("() => document.querySelector('main').getBoundingClientRect().top + scrollY")
    assert top <= HEADER_MAX, f"as {role} the header is {top:.0f} px tall at {PHONE['width']} px (at most {HEADER_MAX})"
    navigation = page.get_by_role("navigation", name=MAIN_NAV)
    expect(navigation).to_be_hidden()  # folded away until asked for
    page.locator(".site-menu > summary").click()
    expect(navigation.get_by_role("link").first).to_be_visible()
    assert page.locator("header form[action$='/language'] button").is_visible()  # the language is in the menu too


def test_the_menu_opens_without_javascript_and_by_keyboard(new_context, live_server):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False)
    log_in(context, live_server, "resident")
    page = context.new_page()
    page.goto(live_server.url_for("overview.my_neighbourhood"))
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"  # the skip link first
    page.keyboard.press("Tab")  # the name of the portal, a link home
    page.keyboard.press("Tab")
    button = page.locator(".site-menu > summary")
    expect(button).to_be_focused()
    assert page.evaluate(FOCUS_SHOWN_JS), "the menu button shows no focus"
    page.keyboard.press("Enter")
    navigation = page.get_by_role("navigation", name=MAIN_NAV)
    expect(navigation.get_by_role("link", name="Mijn buurt")).to_be_visible()
    assert page.locator(".site-menu").get_attribute("open") is not None
    page.keyboard.press("Tab")
    expect(navigation.get_by_role("link", name="Mijn buurt")).to_be_focused()
    assert page.evaluate(FOCUS_SHOWN_JS), "a menu link shows no focus"
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url_for("overview.my_neighbourhood"))
    expect(navigation).to_be_hidden()  # a new page starts with the menu folded


def test_the_skip_link_leads_past_the_header(new_context, live_server):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(live_server.url_for("pages.home"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["x"] >= 0, "the skip link stays off screen when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_on_a_wide_screen_the_navigation_is_a_bar_without_a_button(new_context, live_server):
    context = new_context(viewport={"width": 1280, "height": 800})
    log_in(context, live_server, "coordinator")
    page = context.new_page()
    page.goto(live_server.url_for("pages.home"))
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    navigation = page.get_by_role("navigation", name=MAIN_NAV)
    for name in ("Vandaag", "Inbox", "Initiatieven", "Hulp koppelen", "Signalenbord", "Beheer", "Cijfers"):
        expect(navigation.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
