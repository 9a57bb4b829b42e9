"""The theme on every page: its tokens as a stylesheet (/theme.css) and its name, logo and favicon for the
templates; also where the NL Design System's stylesheet is (vendored under static/vendor/)."""

from __future__ import annotations

from flask import Flask, Response, current_app, request, url_for

from portal import access
from portal.themes import theme as themes

# The vendored @utrecht/component-library-css (static/vendor/update-utrecht.sh pins and fetches it).
UTRECHT_CSS_VERSION = "9.0.4"
UTRECHT_CSS = f"vendor/utrecht-component-library-css-{UTRECHT_CSS_VERSION}/index.css"
YEAR = 365 * 24 * 3600


def current_theme() -> themes.Theme:
    """The theme the settings name (THEME); the configuration check made sure it loads."""
    return themes.load(current_app.config["THEME"])


@access.anyone
def theme_stylesheet() -> Response:
    """The theme's tokens as CSS. The page links it with ``?v=<digest of the tokens>``, so that address never
    changes its content and browsers keep it a year; any other address is checked each time."""
    chosen = current_theme()
    response = Response(chosen.stylesheet(), mimetype="text/css")
    response.cache_control.public = True
    if request.args.get("v") == chosen.version:
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response


def init_app(app: Flask) -> None:
    app.add_url_rule("/theme.css", endpoint="theme_stylesheet", view_func=theme_stylesheet)

    @app.context_processor
    def theme_for_templates() -> dict:
        chosen = current_theme()
        return {
            "theme": chosen,
            "theme_stylesheet_url": url_for("theme_stylesheet", v=chosen.version),
            "utrecht_css_url": url_for("static", filename=UTRECHT_CSS),
        }
