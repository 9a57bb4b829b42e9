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
Logged-in people always get a page built for them. Answers carry an ETag (a repeat visit gets 304)
and ``Vary: Cookie, Accept-Language`` so that no browser or proxy serves one visitor's page to another.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from functools import wraps

from flask import Response, current_app, g, request, session
from flask_login import current_user

from portal import cache as shared
from portal.i18n import current_language
from portal.timeutil import utcnow
from portal.workdays import local_date

log = logging.getLogger(__name__)

HTTP_MAX_AGE = 60  # browsers and proxies may reuse a visitor's page this long without asking


def _cacheable_request() -> bool:
    if request.method not in ("GET", "HEAD") or not current_app.config.get("CACHE_ENABLED", True):
        return False
    if not current_app.config.get("PAGE_CACHE_SECONDS"):
        return False
    if "_flashes" in session or current_user.is_authenticated:
        return False
    return True


def _key(tables: Iterable[str]) -> str:
    fragment = request.headers.get("HX-Request", "") + "|" + request.headers.get("HX-Target", "")
    parts = f"{current_language()}|{request.host}|{request.full_path}|{fragment}|{local_date(utcnow()).isoformat()}"
    digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
    return f"page:{request.endpoint}:{digest}@{shared.generations(tables)}"


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
    key = _key(tables or (shared.ANY_TABLE,)) + ":html"
    try:
        html = shared.cache.get(key)
    except Exception:  # noqa: BLE001
        log.warning("page cache unreadable", exc_info=True)
        html = None
    if html is None:
        html = build()
        if session.modified or current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g:
            return html  # the shell itself turned out personal: use it once, keep nothing
        try:
            shared.cache.set(key, html, timeout=current_app.config["PAGE_CACHE_SECONDS"])
        except Exception:  # noqa: BLE001
            log.warning("page cache not written", exc_info=True)
    return html


def public_page(*tables: str) -> Callable:
    """Keep the view's page for visitors until one of ``tables`` changes (or PAGE_CACHE_SECONDS pass)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not _cacheable_request():
                return view(*args, **kwargs)
            key = _key(tables or (shared.ANY_TABLE,))
            try:
                hit = shared.cache.get(key)
            except Exception:  # noqa: BLE001 - a cache that is down means building the page
                log.warning("page cache unreadable", exc_info=True)
                hit = None
            if hit is not None:
                return _answer(*hit)
            response = current_app.make_response(view(*args, **kwargs))
            if not _shareable(response):
                return response
            body = response.get_data()
            stored = (body, response.mimetype, hashlib.sha256(body).hexdigest()[:32])
            try:
                shared.cache.set(key, stored, timeout=current_app.config["PAGE_CACHE_SECONDS"])
            except Exception:  # noqa: BLE001
                log.warning("page cache not written", exc_info=True)
            return _answer(*stored)

        wrapper.public_page_tables = tables
        return wrapper

    return decorate
