"""Every page each role can reach, in both languages: axe-core (WCAG 2.0/2.1 A+AA) and the
Nu HTML Checker must find nothing, and laid out at 375 px no page may scroll sideways. New pages are
checked as soon as a link leads to them.
"""

from __future__ import annotations

import pytest

from tests.browser import report
from tests.browser.checks import Crawler, format_axe, phone_overflow, run_axe, run_vnu
from tests.browser.support import FINDER_POSTCODE, LANGUAGES, ROLES, private_question_url, set_language


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_reachable_page_passes_axe_and_vnu(
    role, language, role_context, live_server, axe_source, vnu_command, tmp_path
):
    context = role_context(role)
    page = context.new_page()
    set_language(page, live_server, language)
    crawler = Crawler(page, live_server, role, language, axe_source)
    # The finder's answer for a real postcode (the full page, as without JavaScript) is reached
    # only through the form, so it is a second starting point; a question's private link (mailed to an
    # asker without account) is a third, for visitors.
    starts = [live_server.url_for("pages.home"), live_server.url_for("teams.find", postcode=FINDER_POSTCODE)]
    if role == "visitor":
        starts.append(private_question_url(live_server))
    crawler.run(*starts)

    run = f"{role}/{language}"
    report.ALL_ROUTES.update(live_server.get_routes())
    print(f"\n{run}: {len(crawler.visits)} pages")
    for visit in crawler.visits:
        path = visit.url[len(live_server.url) :] or "/"
        print(f"  {visit.status} {path}" + ("" if visit.how == "link" else f"  ({visit.how})"))
        report.CRAWL_LOG.append((run, visit.how, f"{visit.status} {path}"))
        if visit.endpoint:
            report.CRAWL_ROUTES.setdefault(visit.endpoint, set()).add(run)
    for skipped in crawler.skipped_forms:
        print(f"  form not sent: {skipped}")

    failures = crawler.failures + run_vnu(vnu_command, crawler.documents, tmp_path / "vnu")
    assert len(crawler.visits) > 3, f"the crawl found almost nothing: {[v.url for v in crawler.visits]}"
    assert not failures, f"{len(failures)} problem(s) on {len(crawler.visits)} pages:\n" + "\n".join(failures)


def test_axe_runs_under_the_content_security_policy(page, live_server, axe_source):
    """axe is injected through Playwright, which the page's CSP (script-src 'self') does not block."""
    response = page.goto(live_server.url_for("pages.home"))
    assert "script-src 'self'" in response.headers.get("content-security-policy", "")
    page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")
    findings = run_axe(page, axe_source)
    assert any(f["rule"] == "image-alt" for f in findings), [format_axe("home", f) for f in findings]


def test_vnu_reports_errors(vnu_command, tmp_path):
    """The HTML checker runs and reports an error in a broken page (so silence means valid)."""
    broken = "<!doctype html><html lang=nl><head><title>x</title></head><body><p><div>x</div></p></body></html>"
    valid = "<!doctype html><html lang=nl><head><meta charset=utf-8><title>x</title></head><body><p>x</p></body></html>"
    errors = run_vnu(vnu_command, [("broken", broken), ("valid", valid)], tmp_path)
    assert errors and all(e.startswith("broken") for e in errors), errors


def test_the_phone_width_check_finds_a_page_that_scrolls_sideways(page, live_server):
    """A page that fits passes; one element wider than a phone fails and is named."""
    page.goto(live_server.url_for("pages.home"))
    assert phone_overflow(page) is None
    # A style set through the DOM, as the page's CSP refuses style attributes in markup.
    page.evaluate(
        """() => { const wide = document.createElement('div'); wide.id = 'wide'; wide.textContent = 'x'; wide.style.width = '700px';
                   document.querySelector('main').append(wide); }"""
    )
    found = phone_overflow(page)
    assert found and "div#wide" in found and page.viewport_size["width"] > 375  # the crawl's own size is back
