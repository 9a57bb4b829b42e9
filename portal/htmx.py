"""The one place that reads HX-* headers and renders template fragments.

A screen is one template; the region htmx swaps is a named block of that template. A normal
request gets the whole page, an htmx request only the block.
"""

from __future__ import annotations

from flask import Flask, Response, make_response
from jinja2_fragments.flask import render_block

from portal.extensions import htmx


def is_fragment() -> bool:
    """Whether this request wants a fragment: made by htmx, and not a boosted link or form."""
    return bool(htmx) and not htmx.boosted


def render(template: str, block: str, status: int = 200, **context) -> Response:
    """Render ``template`` whole, or only ``block`` when htmx asked for it (and not boosted)."""
    from flask import render_template

    if is_fragment():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    return make_response(body, status)


def init_app(app: Flask) -> None:
    @app.after_request
    def vary_on_hx_request(response: Response) -> Response:
        response.vary.add("HX-Request")
        return response
