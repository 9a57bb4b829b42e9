"""Whole public pages for visitors who are not logged in, built once and shared by every process.

A view opts in with ``@public_page("initiative", "team", …)``, naming the tables its page is built from, or with
``@public_page()`` for a page built from many features (the home page, a team's page): it is then stale after
any change a public page could show (portal.cache.ANY_TABLE).
A visitor's GET is answered from the shared cache (portal.cache) while none of those tables changed
(their generation tokens are part of the key) and the page is younger than ``PAGE_CACHE_SECONDS``;
otherwise the view runs and its answer is kept, but only when it is the same for every visitor:

- status 200 and no cookie set, the session untouched (nothing remembered for this visitor);
- no CSRF token generated while rendering (a form that posts carries the visitor's own token;
  the language switch for visitors carries none, see pages.views.set_language);
- no flash message waiting (it belongs to one visitor).

The key holds the page's language, the host, the path with its query string and whether htmx asked
for a fragment, and today's date in Groningen (relative dates and "upcoming" change at midnight).
Answers carry an ETag (a repeat visit gets 304) and ``Vary: Cookie, Accept-Language`` so that no browser
or proxy serves one visitor's page to another.

Logged-in people get their own answer, never a shared response. A view may still keep the HTML of a page for
them with ``member_page``: a *shell* rendered once for everyone who would see the same page (same language,
path, kind of account, and the view's ``scope``: e.g. the neighbourhoods whose requests they see, or the one
person a page belongs to), holding markers where each person's own parts go: the CSRF token (the template's
``csrf_token()`` gives the marker while a shell is built) and the holes features register (the unread count in
the navigation, portal.notifications). The markers are filled for each request; a shell that turned out
personal after all (a CSRF token of WTForms, a one-time form key, a changed session) is used once and not kept.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from portal import cache as shared
from portal.i18n import current_language
from portal.timeutil import utcnow
from portal.workdays import local_date

log = logging.getLogger(__name__)

HTTP_MAX_AGE = 60  # browsers and proxies may reuse a visitor's page this long without asking

# Where a shell for logged-in people holds the person's own CSRF token (see member_page).
CSRF_MARKER = "csrf-token-of-this-person"
_SHELL = "portal.page_cache.building_shell"


@dataclass(frozen=True)
class KeptPart:
    """A person's part of a page as a hole keeps it in the shared cache: read with the shell in one go."""

    name: str  # says whose, and in which language
    tables: tuple[str, ...]
    build: Callable[[], str]


_holes: dict[str, tuple[Callable[[], str], Callable[[], KeptPart] | None]] = {}


def _cacheable_request() -> bool:
    if request.method not in ("GET", "HEAD") or not current_app.config.get("CACHE_ENABLED", True):
        return False
    if not current_app.config.get("PAGE_CACHE_SECONDS"):
        return False
    if "_flashes" in session or current_user.is_authenticated:
        return False
    return True


def _key() -> str:
    """The page's name in the cache (its tables' generations are kept with it, portal.cache.lookup)."""
    fragment = "|".join(request.headers.get(name, "") for name in ("HX-Request", "HX-Boosted", "HX-Target"))
    parts = f"{current_language()}|{request.host}|{request.full_path}|{fragment}|{local_date(utcnow()).isoformat()}"
    digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
    return f"page:{request.endpoint}:{digest}"


def _shareable(response: Response) -> bool:
    csrf_field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and "Set-Cookie" not in response.headers
        and not session.modified
        and csrf_field not in g
    )


def _answer(body: bytes, mimetype: str, etag: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = HTTP_MAX_AGE
    response.vary.update(("Cookie", "Accept-Language"))
    return response.make_conditional(request)


def shared_html(build: Callable[[], str], *tables: str) -> str | None:
    """The visitors' shared HTML of this page, built by ``build`` if missing; None when this request gets its own.

    For a page with one part of its own for each visitor (a form that posts, with the visitor's token): ``build``
    renders the page without that part, and the view puts the part in afterwards (e.g. teams.views.show_team).
    """
    if not _cacheable_request():
        return None
    key = _key() + ":html"
    built_for, html = shared.lookup(key, tables or (shared.ANY_TABLE,))
    if html is None:
        html = build()
        if session.modified or current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g:
            return html  # the shell itself turned out personal: use it once, keep nothing
        shared.keep(key, built_for, html, timeout=current_app.config["PAGE_CACHE_SECONDS"])
    return html


def public_page(*tables: str) -> Callable:
    """Keep the view's page for visitors until one of ``tables`` changes (or PAGE_CACHE_SECONDS pass)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not _cacheable_request():
                return view(*args, **kwargs)
            key = _key()
            built_for, hit = shared.lookup(key, tables or (shared.ANY_TABLE,))
            if hit is not None:
                return _answer(*hit)
            response = current_app.make_response(view(*args, **kwargs))
            if not _shareable(response):
                return response
            body = response.get_data()
            stored = (body, response.mimetype, hashlib.sha256(body).hexdigest()[:32])
            shared.keep(key, built_for, stored, timeout=current_app.config["PAGE_CACHE_SECONDS"])
            return _answer(*stored)

        wrapper.public_page_tables = tables
        return wrapper

    return decorate


# --- shells for logged-in people --------------------------------------------------------------------------


def init_app(app: Flask) -> None:
    # Templates call csrf_token(); while a shell is built it gives the marker. Flask-WTF registers its own as a
    # global and in a context processor: both are replaced (this runs after it, and a later processor wins).
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})


def csrf_token() -> str:
    """This person's CSRF token, or the marker where it goes while a shared shell is built."""
    return CSRF_MARKER if building_shell() else generate_csrf()


def building_shell() -> bool:
    """Whether the page being rendered is a shell shared by several people (member_page)."""
    return bool(g.get(_SHELL))


def hole(marker: str, fill: Callable[[], str], kept: Callable[[], KeptPart] | None = None) -> None:
    """Register a part of every page that is each person's own: a template writes ``marker`` while a shell is
    built (building_shell()) and ``fill()`` gives the person's part when the page is sent. With ``kept``, a
    member_page reads the part from the shared cache in the same read as its shell."""
    _holes[marker] = (fill, kept)


def audience() -> str:
    """The kind of account a page's navigation is built for (base.html differs by it)."""
    if current_user.is_coordinator:
        return "coordinator"
    return "worker" if current_user.is_worker else "resident"


def member_page(build: Callable[[], str], *tables: str, scope: str) -> str:
    """The logged-in person's page: a shell from the shared cache when one exists for what ``scope`` and
    ``tables`` say, else built by ``build`` (which renders the page and returns its HTML), with their own
    token and holes filled in.

    ``scope`` must name everything besides the language, the path and the kind of account that makes two
    people's pages differ (e.g. ``f"person:{user.id}"`` for a page about one person only); ``tables`` are
    those the page is built from (generation tokens, portal.cache), ANY_TABLE when unsure.
    """
    if not _cacheable_member_request():
        return build()
    scoped = hashlib.sha256(scope.encode()).hexdigest()[:24]
    key = f"{_key()}:member:{audience()}:{scoped}"
    parts = [(marker, part) for marker, (_f, kept) in _holes.items() if kept and (part := kept()) is not None]
    (built_for, html), *found = shared.lookup_many(
        [(key, tables or (shared.ANY_TABLE,)), *((part.name, part.tables) for _marker, part in parts)]
    )
    if html is None:
        html, shareable = _build_shell(build)
        if shareable:
            shared.keep(key, built_for, html, timeout=current_app.config["PAGE_CACHE_SECONDS"])
    filled = {}
    for (marker, part), (part_built_for, value) in zip(parts, found, strict=True):
        if value is None:
            value = part.build()
            shared.keep(part.name, part_built_for, value)
        filled[marker] = value
    return _fill(html, filled)


def _cacheable_member_request() -> bool:
    return (
        request.method in ("GET", "HEAD")
        and current_app.config.get("CACHE_ENABLED", True)
        and bool(current_app.config.get("PAGE_CACHE_SECONDS"))
        and current_user.is_authenticated
        and "_flashes" not in session
    )


def _build_shell(build: Callable[[], str]) -> tuple[str, bool]:
    """The shell's HTML and whether it may be shared (nothing of one person's went into it)."""
    csrf_field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session_was_modified = session.modified
    g.setdefault(_SHELL, True)
    try:
        html = build()
    finally:
        g.pop(_SHELL, None)
    personal = (
        (session.modified and not session_was_modified)
        or (g.get(csrf_field) is not None and g.get(csrf_field) in html)  # a WTForms form put their own token in
        or 'name="form_key"' in html  # a one-time key belongs to one form shown once
        or "_flashes" in session
    )
    return html, not personal


def _fill(html: str, filled: dict[str, str] | None = None) -> str:
    if CSRF_MARKER in html:
        html = html.replace(CSRF_MARKER, generate_csrf())
    for marker, (fill, _kept) in _holes.items():
        if marker in html:
            html = html.replace(marker, filled[marker] if filled and marker in filled else fill())
    return html
