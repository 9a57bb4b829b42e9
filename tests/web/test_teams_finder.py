"""The postcode finder: on the home page, as a full page without JavaScript, and as an htmx fragment."""

from __future__ import annotations

import re

import pytest

HX = {"HX-Request": "true", "HX-Current-URL": "http://localhost/"}


def html_of(response) -> str:
    return response.get_data(as_text=True)


def test_home_page_has_the_finder_form(client, groningen):
    html = html_of(client.get("/"))
    assert 'action="/teams/find"' in html and 'data-hx-get="/teams/find"' in html
    assert 'data-hx-target="#finder"' in html and 'data-hx-push-url="true"' in html
    assert 'for="postcode">' in html and 'id="postcode-hint"' in html and "9741 AB" in html
    assert 'aria-describedby="postcode-hint"' in html
    assert 'id="finder-result-heading"' not in html


def test_find_without_a_postcode_shows_the_form_only(client, groningen):
    response = client.get("/teams/find")
    assert response.status_code == 200
    html = html_of(response)
    assert 'name="postcode"' in html and "finder-result" not in html


@pytest.mark.parametrize("typed", ["9741 AB", "9741ab", " 9741AB "])
def test_a_postcode_with_one_team_shows_its_card(client, groningen, typed):
    response = client.get("/teams/find", query_string={"postcode": typed})
    assert response.status_code == 200
    html = html_of(response)
    assert "WIJ Selwerd" in html and "Selwerd" in html
    assert 'value="9741 AB"' in html  # normalised in the field
    assert "Not known yet" not in html and "Nog niet bekend" not in html  # what is unknown is left out
    assert "tel:112" in html  # no phone number known: the emergency numbers instead
    assert 'href="/teams/selwerd#ask"' in html and 'href="/teams/selwerd"' in html
    assert "Paddepoel-Noord" in html  # areas served
    assert "aria-invalid" not in html


def test_a_known_address_and_the_map_link(client, groningen):
    html = html_of(client.get("/teams/find?postcode=9725"))
    assert "WIJ Rivierenbuurt" in html
    assert "Merwedestraat" in html and "9725 KE" in html
    assert 'href="https://www.openstreetmap.org/?mlat=53.20655&amp;mlon=6.56805' in html
    assert "<iframe" not in html


def test_a_split_postcode_asks_for_the_neighbourhood(client, groningen):
    html = html_of(client.get("/teams/find?postcode=9727"))
    assert "WIJ Rivierenbuurt" in html and "WIJ Hoogkerk" in html
    assert 'type="radio"' in html and "<fieldset" in html and "<legend class=" in html
    for name in ("Grunobuurt", "Laanhuizen", "De Buitenhof", "De Kring"):
        assert f">{name}</label>" in html
    assert "team-card" not in html
    assert '<input type="hidden" name="postcode" value="9727">' in html


def test_choosing_a_neighbourhood_answers_with_its_team(client, groningen):
    html = html_of(client.get("/teams/find?postcode=9727&area=BU00140810"))
    assert "team-card" in html and 'href="/teams/hoogkerk#ask"' in html
    assert "De Buitenhof" in html
    assert 'value="BU00140810" checked' in html or 'checked id="area-' in html or "checked" in html


def test_choosing_a_neighbourhood_outside_the_postcode_is_refused(client, groningen):
    html = html_of(client.get("/teams/find?postcode=9727&area=BU00141000"))  # Selwerd is not in 9727
    assert "team-card" not in html
    assert 'id="area-error"' in html and 'aria-describedby="area-error"' in html


def test_another_neighbourhood_in_a_one_team_postcode_can_be_chosen(client, groningen):
    default = html_of(client.get("/teams/find?postcode=9712"))
    assert 'href="/teams/schilderswijk-centrum#ask"' in default and "<details" in default
    chosen = html_of(client.get("/teams/find?postcode=9712&area=BU00140302"))  # Professorenbuurt
    assert 'href="/teams/korrewegwijk#ask"' in chosen


def test_a_neighbourhood_without_a_team_says_so_and_lists_all_teams(client, groningen):
    html = html_of(client.get("/teams/find?postcode=9723&area=BU00140505"))  # Driebond: 'onbekend'
    assert "Driebond" in html and "team-card" not in html
    assert html.count('href="/teams/') - html.count('href="/teams/find') >= 11


def _field_error(html: str) -> str:
    assert 'id="postcode-error"' in html
    field = re.search(r"<input[^>]*id=\"postcode\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in field and "postcode-error" in field
    return field


@pytest.mark.parametrize("postcode", ["1012 JS", "9609"])
def test_a_postcode_outside_the_city_is_explained_at_the_field(client, groningen, postcode):
    response = client.get("/teams/find", query_string={"postcode": postcode})
    assert response.status_code == 200
    html = html_of(response)
    field = _field_error(html)
    assert "value=" in field and postcode.split()[0] in field
    assert "Groningen" in html and "Haren" in html and "14 050" in html
    for slug in ("selwerd", "beijum", "hoogkerk", "de-wijert"):
        assert f'href="/teams/{slug}"' in html


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("12", 'value="12"'),
        ("AB 9741", 'value="AB 9741"'),
        ("9741 SS", 'value="9741 SS"'),
        ("<script>alert(1)</script>", 'value="&lt;script&gt;alert(1)&lt;/script&gt;"'),
        ("' OR 1=1 --", 'value="&#39; OR 1=1 --"'),
    ],
)
def test_not_a_postcode_keeps_the_input_and_explains(client, groningen, typed, kept):
    response = client.get("/teams/find", query_string={"postcode": typed})
    assert response.status_code == 200
    html = html_of(response)
    assert kept in _field_error(html)
    assert "<script>alert(1)</script>" not in html


def test_an_empty_postcode_asks_for_one(client, groningen):
    html = html_of(client.get("/teams/find?postcode="))
    _field_error(html)


def test_htmx_gets_only_the_finder_block(client, groningen):
    response = client.get("/teams/find?postcode=9741", headers=HX)
    assert response.status_code == 200
    html = html_of(response).strip()
    assert html.startswith('<div id="finder"') and html.endswith("</div>")
    assert "<html" not in html and "<nav" not in html
    assert "WIJ Selwerd" in html and "autofocus" in html
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_error_fragment_announces_the_error_and_keeps_focus_in_the_form(client, groningen):
    html = html_of(client.get("/teams/find?postcode=abc", headers=HX))
    assert html.strip().startswith('<div id="finder"')
    assert 'role="alert"' in html and "autofocus" not in html
    _field_error(html)


def test_without_htmx_the_same_url_is_a_full_page(client, groningen):
    html = html_of(client.get("/teams/find?postcode=9741"))
    assert html.startswith("<!doctype html>") and "<h1>" in html and 'id="finder"' in html
    assert "autofocus" not in html


def test_a_boosted_request_gets_the_full_page(client, groningen):
    html = html_of(client.get("/teams/find?postcode=9741", headers={**HX, "HX-Boosted": "true"}))
    assert html.startswith("<!doctype html>")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_finder_in_both_languages(client, groningen, language):
    client.set_cookie("lang", language)
    html = html_of(client.get("/teams/find?postcode=9741"))
    assert f'<html lang="{language}">' in html and "WIJ Selwerd" in html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", ('<html lang="nl">', "9751", "Haren", "WIJ Haren", "Raadhuisplein", "14 050")),
        ("en", ("Postcode 9751 is in Haren", "WIJ Haren", "Raadhuisplein", "Call the municipality on 14 050")),
    ],
)
def test_a_haren_postcode_is_answered_honestly(client, groningen, language, words):
    client.set_cookie("lang", language)
    html = html_of(client.get("/teams/find?postcode=9751"))
    for text in words:
        assert text in html, text
    assert "aria-invalid" not in html and "not in the municipality" not in html and "tel:112" in html


def test_a_ten_boer_postcode_names_its_team_without_an_address(client, groningen):
    client.set_cookie("lang", "en")
    html = html_of(client.get("/teams/find?postcode=9791"))
    assert "Postcode 9791 is in Ten Boer" in html and "WIJ Ten Boer" in html and "Thesinge" in html
    assert "<dt>Address</dt>" not in html and "aria-invalid" not in html


def test_a_village_postcode_reaching_into_the_city_offers_those_neighbourhoods(client, groningen):
    html = html_of(client.get("/teams/find?postcode=9752"))
    assert "Haren" in html and "team-card" not in html and ">De Wijert-Zuid</label>" in html
    chosen = html_of(client.get("/teams/find?postcode=9752&area=" + _code_of(html, "De Wijert-Zuid")))
    assert "team-card" in chosen and 'href="/teams/de-wijert#ask"' in chosen


def _code_of(html: str, name: str) -> str:
    return re.search(r'value="(BU\d+)"[^>]*>\s*<label[^>]*>' + name, html).group(1)
