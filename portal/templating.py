"""Template globals, filters and security headers shared by every page."""

from __future__ import annotations

from flask import Flask, Response, request, url_for
from flask_babel import format_datetime

from portal import htmx as htmx_helpers
from portal.i18n import LANGUAGE_NAMES, current_language

HTMX_VERSION = "2.0.11"

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    htmx_helpers.init_app(app)

    @app.context_processor
    def globals_for_templates() -> dict:
        return {
            "current_language": current_language(),
            "language_names": LANGUAGE_NAMES,
            "htmx_src": url_for("static", filename=f"js/htmx-{HTMX_VERSION}/htmx.min.js"),
            "current_path": request.full_path.rstrip("?"),
        }

    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
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
        return response
