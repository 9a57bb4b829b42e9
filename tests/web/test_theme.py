"""The municipality's theme on every page (issue 17): its name and logo in the header, its favicon, its tokens as
/theme.css between the NL Design System's stylesheet and the portal's own; another theme by one setting."""

from __future__ import annotations

import re

from portal.themes import theme as themes
from portal.themes.web import UTRECHT_CSS


def _stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)


def test_every_page_has_the_components_the_theme_and_the_portals_layer_in_that_order(client, groningen):
    html = client.get("/").get_data(as_text=True)
    version = themes.load("groningen").version
    assert _stylesheets(html) == [f"/static/{UTRECHT_CSS}", f"/theme.css?v={version}", "/static/css/portal.css"]
    assert '<link rel="icon" href="/static/themes/groningen/favicon.svg" type="image/svg+xml">' in html
    assert 'src="/static/themes/groningen/logo.svg" alt=""' in html
    assert '<span class="brand-municipality">Gemeente Groningen</span>' in html
    for path in (f"/static/{UTRECHT_CSS}", "/static/themes/groningen/logo.svg", "/static/themes/groningen/favicon.svg"):
        response = client.get(path)
        assert response.status_code == 200, path
        response.close()


def test_the_theme_stylesheet_is_the_themes_tokens_kept_a_year_at_its_versioned_address(client, auth):
    version = themes.load("groningen").version
    for visitor in (client, auth.as_role().client):
        response = visitor.get(f"/theme.css?v={version}")
        assert response.status_code == 200 and response.mimetype == "text/css"
        assert "--theme-accent: #e60004;" in response.get_data(as_text=True)
        assert response.cache_control.public and response.cache_control.max_age == 365 * 24 * 3600
        assert response.cache_control.immutable and not response.cache_control.no_store
    stale = client.get("/theme.css?v=0ld")
    assert stale.status_code == 200 and stale.cache_control.no_cache and not stale.cache_control.immutable


def test_another_municipality_switches_by_the_theme_setting_alone(app, client, groningen, monkeypatch):
    monkeypatch.setitem(app.config, "THEME", "voorbeeld")
    html = client.get("/").get_data(as_text=True)
    assert '<span class="brand-municipality">Gemeente Voorbeeld</span>' in html
    assert "/static/themes/voorbeeld/logo.svg" in html and "/static/themes/voorbeeld/favicon.svg" in html
    assert f"/theme.css?v={themes.load('voorbeeld').version}" in html
    css = client.get("/theme.css").get_data(as_text=True)
    assert "--theme-header-background: #00598a;" in css and "Gemeente Groningen" not in css
