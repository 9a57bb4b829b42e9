"""The team list, a team's page and the map of the areas."""

from __future__ import annotations

import re

import pytest


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_list_shows_the_eleven_teams(client, groningen):
    html = html_of(client.get("/teams/"))
    links = set(re.findall(r'href="/teams/([a-z-]+)"', html)) - {"map", "find"}
    assert len(links) == 11 and "selwerd" in links and "schilderswijk-centrum" in links
    assert "Diamantlaan 94" in html  # an address where one is known
    assert "Haren" in html and "Ten Boer" in html and "14 050" in html  # the two teams not in the portal yet


RESEARCH_WORDS = ("niet gevonden", "huisnummer", "niet in bron", "BEVESTIGD", "Not known yet", "Nog niet bekend")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_team_page_without_an_address_says_how_to_reach_the_team_instead(client, groningen, language):
    client.set_cookie("lang", language)
    html = html_of(client.get("/teams/schilderswijk-centrum"))
    assert re.search(r"<h1[^>]*>WIJ Schilderswijk/Centrum</h1>", html)
    for words in RESEARCH_WORDS:
        assert words not in html, words
    assert "Oosterstraat" not in html  # 2017, contradicted by a later source: unknown now
    assert 'href="#ask"' in html and 'id="ask"' in html and "tel:112" in html
    assert "Binnenstad-Noord" in html and "Schildersbuurt" in html  # neighbourhoods
    assert "Centrum" in html and "Oud-West" in html  # districts
    assert re.search(r"<h3[^>]*>[^<]*Oud-West</h3>", html)


@pytest.mark.parametrize(
    ("slug", "shown", "gone"),
    [
        ("vinkhuizen", ("Diamantlaan 94", "In &#39;t Vinkhuys"), ("2016-2017",)),
        ("beijum", ("Bentismaheerd", "Het Heerdenhoes"), ("Isebrandtsheerd", "Doefmat")),
        ("oosterparkwijk", ("Heesterpoort", "De Oude School"), ("Treslinghuis",)),
        ("rivierenbuurt", ("Merwedestraat", "9725 KE", "MFC De Stroming", "openstreetmap.org"), ("Talmahuis",)),
    ],
)
def test_a_team_page_shows_the_newest_confirmed_location(client, groningen, slug, shown, gone):
    html = html_of(client.get(f"/teams/{slug}"))
    page = html[: html.index('id="ask"')]  # the sources listed at the end may name older places
    for words in shown:
        assert words in page, words
    for words in (*gone, *RESEARCH_WORDS):
        assert words not in page, words


def test_the_ask_form_and_the_emergency_numbers(client, groningen):
    html = html_of(client.get("/teams/selwerd"))
    assert 'action="/teams/selwerd/ask"' in html and 'method="post"' in html
    for field in ("name", "contact", "message"):
        assert f'<label class="utrecht-form-label" for="{field}">' in html and f'id="{field}"' in html
    assert 'maxlength="2000"' in html
    for number in ("tel:112", "tel:08002000", "tel:113", "tel:08000113", "0800-2000", "0800-0113"):
        assert number in html


@pytest.mark.parametrize(("language", "text"), [("nl", "is het WIJ-team voor"), ("en", "is the WIJ-team for")])
def test_the_description_follows_the_language(client, groningen, language, text):
    client.set_cookie("lang", language)
    html = html_of(client.get("/teams/beijum"))
    assert f'<html lang="{language}">' in html and text in html


def test_a_logged_in_resident_finds_name_and_email_filled_in(auth, client, groningen):
    auth.as_role(name="Anouk de Vries", email="anouk@example.org")
    html = html_of(client.get("/teams/selwerd"))
    assert 'value="Anouk de Vries"' in html and 'value="anouk@example.org"' in html


def test_an_unknown_team_is_404(client, groningen):
    assert client.get("/teams/no-such-team").status_code == 404


def test_the_map_draws_every_neighbourhood_linked_to_its_team(client, groningen):
    html = html_of(client.get("/teams/map"))
    svg = re.search(r"<svg class=\"area-map\".*?</svg>", html, re.S).group(0)
    assert 'viewBox="0 0 ' in svg and '<title id="area-map-title">' in svg and "aria-labelledby" in svg
    linked = re.findall(r'<a href="/teams/([a-z-]+)" aria-label="([^"]+)"><title>', svg)
    grey = re.findall(r'<path d="[^"]+" fill="#bdbdbd"', svg)
    assert len(linked) + len(grey) == 108
    assert ("selwerd", "Selwerd: WIJ Selwerd") in linked
    assert len({slug for slug, _ in linked}) == 11
    fills = set(re.findall(r'fill="(#[0-9a-f]{6})"', svg)) - {"#bdbdbd"}
    assert len(fills) == 11
    assert svg.count('class="district-outline"') == 15


def test_the_map_has_a_legend_a_plain_list_and_the_attribution(client, groningen):
    html = html_of(client.get("/teams/map"))
    assert "Kaart: CBS Wijk- en buurtkaart 2017 (Bron: CBS, CC BY 3.0 NL)" in html
    legend = re.search(r'<ul class="legend">.*?</ul>', html, re.S).group(0)
    assert legend.count("<li>") == 12
    area_list = html[html.index('id="area-list"') :]
    assert area_list.count("<h3") == 15 and "Driebond" in area_list
    assert 'href="#area-list"' in html


def test_the_map_page_makes_no_external_requests_and_has_no_inline_style_or_script(client, groningen):
    html = html_of(client.get("/teams/map"))
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


@pytest.mark.parametrize("url", ["/teams/", "/teams/selwerd", "/teams/map", "/teams/find?postcode=9727"])
def test_pages_have_no_duplicate_ids_and_one_h1(client, groningen, url):
    html = html_of(client.get(url))
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert html.count("<h1") == 1
    assert "style=" not in html
