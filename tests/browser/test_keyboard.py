"""The team finder with the keyboard alone: Tab to the field, type, Enter.

Every element that takes focus must show it (an outline or a box-shadow), be on screen, and
Tab must lead out of the page in the end (no keyboard trap).
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.support import FINDER_POSTCODE, team_for_postcode

FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || !document.hasFocus()) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const text = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || '').trim();
  return {
    desc: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + text.slice(0, 40) + '"',
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
    shadow: !!s.boxShadow && s.boxShadow !== 'none',
    onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth,
    isPostcode: el.labels ? Array.from(el.labels).some(l => /postcode/i.test(l.textContent)) : false,
  };
}"""

TABBABLE_JS = """() => Array.from(document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, [tabindex], summary, area[href]'))
  .filter(el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0).length"""


def tab(page) -> dict | None:
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED_JS)


def assert_focus_shown(focused: dict, where: str) -> None:
    assert focused["outline"] or focused["shadow"], f"{where}: no visible focus indicator on {focused['desc']}"
    assert focused["onScreen"], f"{where}: the focused element is off screen: {focused['desc']}"


def tab_through(page, where: str) -> list[str]:
    """Tab on until focus leaves the page; every stop shows its focus. Returns the stops."""
    limit = page.evaluate(TABBABLE_JS) + 3
    stops = []
    for _ in range(limit):
        focused = tab(page)
        if focused is None:
            return stops
        assert_focus_shown(focused, where)
        stops.append(focused["desc"])
    raise AssertionError(f"{where}: focus did not leave the page after {limit} Tabs (a keyboard trap?): {stops}")


def test_team_finder_with_the_keyboard_only(page, live_server):
    team = team_for_postcode(live_server, FINDER_POSTCODE)
    page.goto("/")
    tab_through(page, "home")

    page.goto("/")
    for _ in range(page.evaluate(TABBABLE_JS) + 1):
        focused = tab(page)
        assert focused is not None, "Tab left the home page before reaching the postcode field"
        assert_focus_shown(focused, "home")
        if focused["isPostcode"]:
            break
    else:
        raise AssertionError("Tab never reached the postcode field on the home page")
    page.keyboard.type(FINDER_POSTCODE)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile(re.escape(team)))).to_be_visible()

    stops = tab_through(page, f"finder result {page.url}")
    assert stops, "nothing on the finder result can be reached with Tab"


def tab_until(page, pattern: str, where: str) -> dict:
    """Tab forward (checking every focus stop) until the focused element's text matches ``pattern``."""
    wanted = re.compile(pattern, re.I)
    for _ in range(page.evaluate(TABBABLE_JS) + 1):
        focused = tab(page)
        assert focused is not None, f"{where}: Tab left the page before reaching {pattern!r}"
        assert_focus_shown(focused, where)
        if wanted.search(focused["desc"]):
            return focused
    raise AssertionError(f"{where}: Tab never reached {pattern!r}")


def test_log_in_and_sign_up_for_a_task_with_the_keyboard_only(page, live_server, demo):
    """Jan logs in, goes to the agenda, opens the street party and takes a free task: Tab, Enter, Space."""
    page.goto("/")
    tab_until(page, r'^a "Inloggen"$', "home")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/account/login"))
    expect(page.get_by_role("heading", level=1, name="Inloggen")).to_be_visible()

    tab_until(page, r"^input#email", "log-in form")
    page.keyboard.type(f"jan@{demo.DEMO_DOMAIN}")
    tab_until(page, r"^input#password", "log-in form")
    page.keyboard.type(demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Uitloggen", exact=True)).to_be_visible()

    tab_until(page, r'^a "Agenda"$', "after logging in")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/initiatives/agenda$"))
    tab_until(page, r'"Straatfeest in de Zonnelaan"', "agenda")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Straatfeest in de Zonnelaan")).to_be_visible()

    tab_until(page, r'^button "Aanmelden\W+Springkussen', "initiative page")
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name=re.compile(r"^Mijn plek teruggeven\W+Springkussen"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"1 van 2 plekken bezet")).first).to_be_visible()
    # After htmx swapped the region in, focus is still somewhere visible and Tab still works.
    stops = tab_through(page, f"initiative page after signing up {page.url}")
    assert stops


def test_report_a_signal_and_add_it_to_a_similar_one_with_the_keyboard_only(page, live_server):
    """A visitor reports loneliness in Selwerd: Tab to each field, type, let "Is dit het?" appear, choose it with
    the arrow keys, send with Enter; the follow page says what happened."""
    page.goto("/")
    tab_until(page, r'^a "Signaal melden"$', "home")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Meld wat je opvalt")).to_be_visible()

    tab_until(page, r"^textarea#text", "signal form")
    page.keyboard.type("Veel ouderen in Selwerd zijn eenzaam, er komt bijna nooit iemand langs.")
    tab_until(page, r"^input#postcode", "signal form")
    page.keyboard.type("9741 AB")
    suggestions = page.get_by_role("group", name="Is dit het?")
    expect(suggestions).to_be_visible()  # htmx fetched them while typing; the focus stays in the form
    # One radio group: Tab reaches the chosen answer ("Nee, …"), the arrow keys move to "Ja, dit is het".
    tab_until(page, r"^input#join-none", "suggestions")
    page.keyboard.press("ArrowUp")
    expect(suggestions.get_by_role("radio", name="Ja, dit is het: voeg mijn melding toe").first).to_be_checked()
    tab_until(page, r'^button "Mijn signaal versturen"', "signal form")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Je signaal")).to_be_visible()
    # Loneliness in Selwerd is already a collective project in the demo: the follow page says so.
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"andere signalen gaan over hetzelfde"))
    expect(page.get_by_role("main").get_by_role("link", name=re.compile(r"^Samen tegen eenzaamheid"))).to_be_visible()
    stops = tab_through(page, f"follow page {page.url}")
    assert stops
