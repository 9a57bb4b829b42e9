"""Template globals, filters, and the security and caching headers of every response."""

from __future__ import annotations

from flask import Flask, Response, current_app, request, url_for
from flask.globals import request_ctx
from flask_babel import format_date, format_time
from flask_login import current_user

from portal import access
from portal import htmx as htmx_helpers
from portal.i18n import LANGUAGE_NAMES, current_language
from portal.themes import web as theme_web
from portal.urls import external_url

HTMX_VERSION = "2.0.11"

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"  # sent when cookies are Secure, i.e. the site is on HTTPS


def init_app(app: Flask) -> None:
    htmx_helpers.init_app(app)
    theme_web.init_app(app)  # the theme's stylesheet and name, logo and favicon on every page

    @app.context_processor
    def globals_for_templates() -> dict:
        return {
            "current_language": current_language(),
            "language_names": LANGUAGE_NAMES,
            "htmx_src": url_for("static", filename=f"js/htmx-{HTMX_VERSION}/htmx.min.js"),
            "current_path": request.full_path.rstrip("?"),
        }

    # Addresses meant for elsewhere (link previews, canonical links) are on the public address, never on the
    # Host header a request happened to carry.
    app.jinja_env.globals["external_url"] = external_url
    app.jinja_env.filters["datetime"] = date_and_time
    # A stored (naive UTC) time for <time datetime="…">, in a form the HTML standard accepts.
    app.jinja_env.filters["iso_utc"] = lambda value: value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if current_app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response

    @app.after_request
    def cache_policy(response: Response) -> Response:
        if request.endpoint != "static" and is_private_response(response):
            response.cache_control.no_store = True
            response.cache_control.max_age = None
            response.headers.remove("Expires")
        return response


def date_and_time(value, style: str = "medium") -> str:
    """A stored time (naive UTC) as the day and time in Groningen, in the page's language: "4 December 2026, 18:41"
    ("4 december 2026, 18:41"); ``style`` "short" abbreviates the month ("4 Dec 2026, 18:41"). Never seconds,
    never the American order: English is formatted as British English (``portal.i18n.babel_locale``)."""
    if not value:
        return ""
    day = format_date(value, "medium" if style == "short" else "long")
    return f"{day}, {format_time(value, 'short')}"


def is_private_response(response: Response) -> bool:
    """Whether no cache (shared or the browser's) may keep this response: ``Cache-Control: no-store``.

    Everything a logged-in person gets, except what its view marked ``public`` (the same bytes for everybody:
    photos of public initiatives, agenda feeds); for visitors, every page that is not open to anyone (log-in
    and registration forms, and what sends them to log in: /admin, the console, inboxes, clusters), every page
    whose URL carries a secret (password links, a signal's follow link), every page showing a flash message
    (it may repeat what was typed), and every answer to a form (POST).
    """
    if request.method not in ("GET", "HEAD"):
        return True
    if current_user.is_authenticated:
        return not response.cache_control.public
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and getattr(view, "access", access.ANYONE) != access.ANYONE:
        return True
    if any(name.endswith("token") for name in request.view_args or {}):
        return True
    return bool(request_ctx.flashes)
