"""The checkers and the crawler used by the browser tests.

* ``run_axe(page, axe_source)``: axe-core injected with ``page.evaluate`` (Playwright's
  evaluation is not subject to the page's Content-Security-Policy), WCAG 2.0/2.1 A and AA.
* ``run_vnu(vnu_command, documents, folder)``: the Nu HTML Checker, once for a batch of pages.
* ``phone_overflow(page)``: whether the page, laid out at 375 px, scrolls sideways (and what sticks out).
* ``Crawler``: breadth-first over same-origin links from the home page, checking each page (also at phone
  width), and submitting each eligible form once, empty, to check the page with validation errors.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Error as PlaywrightError

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
AXE_RUN = """options => axe.run(document, options).then(result => result.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '), html: n.html.slice(0, 200)})),
})))"""

# Forms whose action contains one of these are never submitted by the crawler.
SKIP_FORM_WORDS = ("logout", "language", "delete", "remove")
# Links whose path contains one of these are not followed.
SKIP_LINK_WORDS = ("logout",)


# Every page is also laid out at a small phone's width: nothing may make it scroll sideways (a wide table scrolls
# inside its own frame instead; long words and addresses wrap).
PHONE = {"width": 375, "height": 812}
PHONE_WIDTH_JS = """() => {
  const root = document.scrollingElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const limit = root.clientWidth + 0.5;
  const tag = el => el.localName + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const name = el => {
    const within = el.parentElement && el.parentElement.closest('[id], [class]');
    const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 30);
    return (within ? tag(within) + ' > ' : '') + tag(el) + (text ? ` "${text}"` : '');
  };
  // The outermost elements that stick out: their children stick out with them.
  const wide = Array.from(document.querySelectorAll('body *')).filter(el => el.getBoundingClientRect().right > limit)
    .filter(el => !el.parentElement || el.parentElement.getBoundingClientRect().right <= limit);
  return {width: root.scrollWidth, limit: root.clientWidth, examples: wide.slice(0, 4).map(name)};
}"""

MAX_PAGES = int(os.environ.get("BROWSER_CRAWL_MAX_PAGES", "140"))  # per role and language
PER_ROUTE = int(os.environ.get("BROWSER_CRAWL_PER_ROUTE", "2"))  # pages per route (e.g. two team pages)

LINKS_JS = """() => {
  const out = [];
  for (const a of document.querySelectorAll('a, area')) {
    const href = a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    if (!href || a.hasAttribute('download')) continue;
    try { out.push(new URL(href, document.baseURI).href); } catch (e) {}
  }
  return out;
}"""

OPEN_DETAILS_JS = "() => document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; })"

FORMS_JS = """() => Array.from(document.forms).map((f, index) => {
  const fillable = Array.from(f.elements).filter(el =>
    !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type) &&
    ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) && el.getClientRects().length > 0);
  const htmx = el => el && ['get', 'post', 'put', 'patch', 'delete']
    .some(verb => el.hasAttribute('data-hx-' + verb) || el.hasAttribute('hx-' + verb));
  return {
    index,
    method: (f.getAttribute('method') || 'get').toLowerCase(),
    action: new URL(f.getAttribute('action') || location.href, document.baseURI).href,
    fillable: fillable.length,
    fields: Array.from(new Set(Array.from(f.elements).map(el => el.name).filter(Boolean))).sort(),
    required: Array.from(f.elements).some(el => el.required),
    htmx: htmx(f) || Array.from(f.elements).some(htmx) || !!f.closest('[data-hx-boost="true"], [hx-boost="true"]'),
    inHeader: !!f.closest('header'),
  };
})"""

EMPTY_FORM_JS = """f => {
  f.noValidate = true;
  for (const el of f.elements) {
    if (el.type === 'hidden' || el.disabled) continue;
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
    else if (el.tagName === 'SELECT') el.selectedIndex = -1;
    else if (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' &&
             !['submit', 'button', 'reset', 'image', 'file'].includes(el.type))) el.value = '';
  }
}"""


def run_axe(page, axe_source: str) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A+AA violations on the page as it is now (one dict per node)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    violations = page.evaluate(AXE_RUN, AXE_OPTIONS)
    return [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"], "target": n["target"], "html": n["html"]}
        for v in violations
        for n in v["nodes"]
    ]


def phone_overflow(page) -> str | None:
    """Lay the page out at PHONE width (no reload) and say what, if anything, makes it scroll sideways."""
    wide = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        found = page.evaluate(PHONE_WIDTH_JS)
    finally:
        page.set_viewport_size(wide)
    if not found:
        return None
    return (
        f"at {PHONE['width']} px the page scrolls sideways: {found['width']} px wide for {found['limit']} px; "
        f"sticking out: {', '.join(found['examples'])}"
    )


def format_axe(where: str, finding: dict) -> str:
    return (
        f"{where}\n    axe {finding['rule']} ({finding['impact']}): {finding['help']}\n"
        f"    target: {finding['target']}\n    html: {finding['html']}"
    )


def run_vnu(vnu_command: list[str], documents: list[tuple[str, str]], folder: Path) -> list[str]:
    """Check ``documents`` [(label, html)] in one run of vnu.jar; returns one line per error."""
    if not documents:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    labels = {}
    files = []
    for number, (label, html) in enumerate(documents):
        path = folder / f"page-{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        labels[path.name] = label
        files.append(str(path))
    proc = subprocess.run(  # noqa: S603 - our own command line
        [*vnu_command, "--errors-only", "--format", "json", "--exit-zero-always", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        messages = json.loads(proc.stdout)["messages"]
    except (ValueError, KeyError) as exc:
        raise AssertionError(
            f"vnu.jar gave no JSON (exit {proc.returncode}): {proc.stdout[:500]} {proc.stderr[:2000]}"
        ) from exc
    errors = []
    for m in messages:
        if m.get("type") not in ("error", "non-document-error"):
            continue
        name = str(m.get("url", "")).rsplit("/", 1)[-1]
        where = labels.get(name, name)
        line = f"line {m.get('lastLine', '?')}"
        extract = " ".join(str(m.get("extract", "")).split())
        errors.append(f"{where}\n    vnu ({line}, {folder / name}): {m.get('message')}\n    extract: {extract}")
    return errors


@dataclass
class Visit:
    url: str
    how: str  # "link" or "empty <method> form on <path>"
    status: int
    endpoint: str | None


@dataclass
class Crawler:
    """Breadth-first crawl of one role in one language, checking every page with axe."""

    page: object
    live: object  # conftest.LiveServer
    role: str
    language: str
    axe_source: str
    max_pages: int = MAX_PAGES
    per_route: int = PER_ROUTE
    visits: list[Visit] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)  # (label, html) for vnu
    skipped_forms: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.live.url))
        self._queued: set[str] = set()
        self._route_count: Counter = Counter()
        self._forms_done: set[tuple] = set()
        self._console: list[tuple[str, str]] = []  # (message, URL of its source)
        self._docs: list = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda e: self._console.append((f"page error: {e}", "")))
        self.page.on("response", self._on_response)

    def _on_console(self, message):
        if message.type == "error":
            self._console.append((f"console: {message.text}", urldefrag(message.location.get("url") or "")[0]))

    def _on_response(self, response):
        if response.request.resource_type == "document" and response.frame == self.page.main_frame:
            self._docs.append(response)

    # ---------------------------------------------------------------- helpers

    def _key(self, url: str, method: str = "GET") -> tuple:
        endpoint, _args = self.live.endpoint_of(url, method)
        parts = urlsplit(url)
        if endpoint is None:  # not one of our routes: group by path with numbers replaced
            endpoint = "path:" + re.sub(r"/\d+(?=/|$)", "/{n}", parts.path)
        query_keys = tuple(sorted({kv.split("=", 1)[0] for kv in parts.query.split("&") if kv}))
        return endpoint, query_keys

    def _wanted(self, url: str) -> bool:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            return False
        if parts.path.startswith("/static/"):
            return False
        return not any(word in parts.path.lower() for word in SKIP_LINK_WORDS)

    def _where(self, url: str, how: str) -> str:
        path = url[len(self.origin) :] or "/"
        return f"[{self.role}/{self.language}] {path}" + ("" if how == "link" else f"  ({how})")

    def _check(self, url: str, how: str, status: int, html: str | None, parent: str | None) -> None:
        """Check the page now shown: HTTP status, language, console, axe; queue its HTML for vnu."""
        where = self._where(url, how)
        endpoint, _ = self.live.endpoint_of(url)
        self.visits.append(Visit(url, how, status, endpoint))
        # Links must lead somewhere; a form sent back with errors answers 200 or 422.
        if status >= 500 or (status >= 400 and (how == "link" or status != 422)):
            self.failures.append(f"{where}\n    HTTP {status}" + (f" (linked from {parent})" if parent else ""))
        lang = self.page.locator("html").get_attribute("lang")
        if lang != self.language:
            self.failures.append(f"{where}\n    <html lang={lang!r}>, expected {self.language!r}")
        for message, source in self._console:
            if message.startswith("console: Failed to load resource") and source == url:
                continue  # the page's own HTTP status, judged above
            self.failures.append(f"{where}\n    {message}")
        self._console.clear()
        self.page.evaluate(OPEN_DETAILS_JS)  # check what a disclosure hides, too
        for finding in run_axe(self.page, self.axe_source):
            self.failures.append(format_axe(where, finding))
        too_wide = phone_overflow(self.page)
        if too_wide:
            self.failures.append(f"{where}\n    {too_wide}")
        if html is not None:
            self.documents.append((where, html))

    def _links(self) -> list[str]:
        found = []
        here = urldefrag(self.page.url)[0]
        for href in self.page.evaluate(LINKS_JS):
            url = urldefrag(href)[0]
            if url != here and self._wanted(url):
                found.append(url)
        return found

    # ---------------------------------------------------------------- the crawl

    def run(self, *starts: str) -> None:
        """Crawl from ``starts`` (the home page, plus pages only a filled-in form leads to)."""
        queue = deque((start, None) for start in starts)
        self._queued.update(starts)
        while queue and len(self.visits) < self.max_pages:
            url, parent = queue.popleft()
            key = self._key(url)
            if self._route_count[key] >= self.per_route:
                continue
            self._route_count[key] += 1
            for link in self._visit(url, parent):
                if link not in self._queued:
                    self._queued.add(link)
                    queue.append((link, url))
        if queue and len(self.visits) >= self.max_pages:
            print(f"[{self.role}/{self.language}] page cap {self.max_pages} reached; {len(queue)} links not followed")

    def _visit(self, url: str, parent: str | None) -> list[str]:
        self._console.clear()
        try:
            response = self.page.goto(url, wait_until="load")
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            # A file to save (the agenda's iCalendar feed): it must answer, it is not a page.
            fetched = self.page.request.get(url)
            endpoint, _args = self.live.endpoint_of(url)
            self.visits.append(
                Visit(url, f"download: {fetched.headers.get('content-type', '')}", fetched.status, endpoint)
            )
            if fetched.status >= 400:
                self.failures.append(f"{self._where(url, 'link')}\n    HTTP {fetched.status} (linked from {parent})")
            return []
        status = response.status if response else 0
        final = urldefrag(self.page.url)[0]
        content_type = response.headers.get("content-type", "") if response else ""
        if "text/html" not in content_type:
            self.visits.append(Visit(url, f"not HTML: {content_type}", status, self.live.endpoint_of(url)[0]))
            if status >= 400:
                self.failures.append(f"{self._where(url, 'link')}\n    HTTP {status} (linked from {parent})")
            return []
        self._queued.add(final)
        self._check(final, "link", status, response.text(), parent)
        links = self._links()
        for form in self.page.evaluate(FORMS_JS):
            links += self._submit_empty(final, form)
        return links

    def _submit_empty(self, page_url: str, form: dict) -> list[str]:
        """Submit one form with every field emptied, and check the page that comes back."""
        action_path = urlsplit(form["action"]).path
        described = f"{form['method'].upper()} {action_path} on {urlsplit(page_url).path}"
        if form["inHeader"] or any(word in action_path.lower() for word in SKIP_FORM_WORDS):
            return []
        if not form["fillable"]:  # only buttons: an action, nothing to validate
            self.skipped_forms.append(f"{described}: no fields to leave empty")
            return []
        if not self._wanted(form["action"]):
            self.skipped_forms.append(f"{described}: leaves the site")
            return []
        # The same form on several pages (e.g. the team finder) is sent once.
        key = (form["method"], self._key(form["action"], form["method"]), tuple(form["fields"]))
        if key in self._forms_done or len(self.visits) >= self.max_pages:
            return []
        self._forms_done.add(key)
        if urldefrag(self.page.url)[0] != page_url or self.page.locator("form").count() <= form["index"]:
            self.page.goto(page_url, wait_until="load")  # an earlier form on this page may have changed it
        if self.page.locator("form").count() <= form["index"]:
            self.skipped_forms.append(f"{described}: gone after another form on the page was sent")
            return []
        self._console.clear()
        self.page.evaluate(OPEN_DETAILS_JS)
        locator = self.page.locator("form").nth(form["index"])
        locator.evaluate(EMPTY_FORM_JS)
        submit = locator.locator("button[type=submit], button:not([type]), input[type=submit]").first
        before = len(self._docs)
        if submit.count() and submit.is_visible():
            submit.click()
        else:
            locator.evaluate("f => f.requestSubmit()")
        self.page.wait_for_load_state("load")
        if form["htmx"]:
            self.page.wait_for_load_state("networkidle")
        documents = [r for r in self._docs[before:] if not 300 <= r.status < 400]
        how = f"empty {form['method'].upper()} form to {action_path}"
        if documents:
            response = documents[-1]
            html, status = response.text(), response.status
        else:  # swapped in place by htmx: check the document as it now is
            html, status = self.page.content(), 200
        result = urldefrag(self.page.url)[0]
        self._queued.add(result)
        self._check(result, how, status, html, page_url)
        return self._links()
