"""Finding initiatives: filters without JavaScript and with htmx, search, visibility, pages."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.initiatives.views import PER_PAGE
from tests.factories import make_user
from tests.factories.find import make_district, make_initiative


@pytest.fixture
def city(app):
    """Two districts with a few initiatives; returns ids and codes for the tests."""
    with app.app_context():
        selwerd, beijum = make_district("Selwerd"), make_district("Beijum")
        initiator = make_user()
        found = {
            "garden": make_initiative(
                selwerd.children[0],
                initiator,
                title="Moestuin achter de flat",
                description="Samen groente kweken.",
                category="green",
            ).id,
            "chess": make_initiative(selwerd, title="Schaakclub in het buurthuis", category="play").id,
            "english": make_initiative(
                beijum, title="Community garden", description="Growing food together.", category="green"
            ).id,
            "draft": make_initiative(selwerd, initiator, status="draft", title="Geheim plan").id,
            "declined": make_initiative(beijum, status="declined", title="Afgewezen idee").id,
            "withdrawn": make_initiative(beijum, status="withdrawn", title="Ingetrokken idee").id,
        }
        ids = {
            "initiator": initiator.id,
            "selwerd": selwerd.code,
            "beijum": beijum.code,
            "noord": selwerd.children[0].code,
            **found,
        }
        db.session.commit()
    return ids


def _titles(html: str) -> set[str]:
    names = (
        "Moestuin achter de flat",
        "Schaakclub in het buurthuis",
        "Community garden",
        "Geheim plan",
        "Afgewezen idee",
        "Ingetrokken idee",
    )
    return {name for name in names if name in html}


def test_without_javascript_the_filters_are_a_get_form_on_a_full_page(client, city):
    page = client.get("/initiatives/?category=green")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<html" in html and '<form class="filters" method="get"' in html
    assert 'name="q"' in html and 'name="area"' in html and 'name="status"' in html
    assert _titles(html) == {"Moestuin achter de flat", "Community garden"}
    assert '<option selected value="green">' in html or 'value="green" selected' in html


def test_with_htmx_only_the_results_are_sent(client, city):
    page = client.get("/initiatives/?category=green", headers={"HX-Request": "true"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert 'class="result-count"' in html
    assert _titles(html) == {"Moestuin achter de flat", "Community garden"}
    assert "HX-Request" in page.headers["Vary"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("moestuinen", {"Moestuin achter de flat"}),  # Dutch plural finds the singular
        ("groenten kweken", {"Moestuin achter de flat"}),  # every word, from the description
        ("gardening", {"Community garden"}),  # English stem
        ("MOES", {"Moestuin achter de flat"}),  # the beginning of a word
        ("schaak buurthuizen", {"Schaakclub in het buurthuis"}),
        ("fietsenstalling", set()),
    ],
)
def test_search_finds_dutch_and_english_words_by_their_stem(client, city, query, expected):
    assert _titles(client.get("/initiatives/", query_string={"q": query}).get_data(as_text=True)) == expected


def test_area_filter_takes_a_district_with_its_neighbourhoods(client, city):
    assert _titles(client.get(f"/initiatives/?area={city['selwerd']}").get_data(as_text=True)) == {
        "Moestuin achter de flat",
        "Schaakclub in het buurthuis",
    }
    assert _titles(client.get(f"/initiatives/?area={city['noord']}").get_data(as_text=True)) == {
        "Moestuin achter de flat"
    }
    assert _titles(client.get("/initiatives/?area=BU99999999").get_data(as_text=True)) == set()


def test_declined_and_withdrawn_only_through_the_status_filter(client, city):
    default = _titles(client.get("/initiatives/").get_data(as_text=True))
    assert default == {"Moestuin achter de flat", "Schaakclub in het buurthuis", "Community garden"}
    assert _titles(client.get("/initiatives/?status=declined").get_data(as_text=True)) == {"Afgewezen idee"}
    assert _titles(client.get("/initiatives/?status=withdrawn").get_data(as_text=True)) == {"Ingetrokken idee"}


def test_a_draft_is_seen_by_its_initiator_only(app, auth, client, city):
    assert "Geheim plan" not in client.get("/initiatives/?status=draft").get_data(as_text=True)
    with app.app_context():
        stranger = make_user().id
        db.session.commit()
    auth.as_user(stranger)
    assert "Geheim plan" not in client.get("/initiatives/").get_data(as_text=True)
    auth.as_user(city["initiator"])
    assert "Geheim plan" in client.get("/initiatives/").get_data(as_text=True)
    assert _titles(client.get("/initiatives/?status=draft").get_data(as_text=True)) == {"Geheim plan"}


def test_unknown_filter_values_are_ignored(client, city):
    page = client.get("/initiatives/?status=secret&category=nonsense&page=abc")
    assert page.status_code == 200
    assert len(_titles(page.get_data(as_text=True))) == 3


def test_pages_keep_the_filters(app, client):
    with app.app_context():
        district = make_district("Oosterpoort")
        for number in range(PER_PAGE + 3):
            make_initiative(district, title=f"Buurtfeest nummer {number:02d}", category="meeting")
        make_initiative(district, title="Iets anders", category="culture")
        db.session.commit()

    first = client.get("/initiatives/?category=meeting").get_data(as_text=True)
    assert first.count("Buurtfeest nummer") == PER_PAGE
    assert "15 initiatives found" in first or "15 initiatieven gevonden" in first
    assert 'href="/initiatives/?category=meeting&amp;page=2"' in first

    second = client.get("/initiatives/?category=meeting&page=2", headers={"HX-Request": "true"})
    html = second.get_data(as_text=True)
    assert html.count("Buurtfeest nummer") == 3 and "Iets anders" not in html
    assert "<html" not in html
    assert 'aria-current="page"' in html

    beyond = client.get("/initiatives/?category=meeting&page=9").get_data(as_text=True)
    assert "Buurtfeest nummer" not in beyond
