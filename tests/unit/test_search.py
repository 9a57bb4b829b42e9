"""Full-text search terms: Dutch and English stems, no stop words, no wildcards."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portal.initiatives import search


def test_words_are_lower_case_without_accents_or_stop_words():
    assert search.tokenise("Een MOESTUIN voor het Café, en de buurt!") == ["moestuin", "cafe", "buurt"]


def test_underscores_and_percent_signs_never_reach_a_query():
    assert search.tokenise("100%_korting a_b") == ["100", "korting"]


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("moestuin", "moestuinen"),  # Dutch plural
        ("buurtfeesten", "buurtfeest"),
        ("schaken", "schaak"),
        ("garden", "gardening"),  # English
        ("gardens", "garden"),
        ("community", "communities"),
    ],
)
def test_a_query_word_shares_a_form_with_the_stored_word(stored, query):
    terms = search.search_terms(stored).split()
    assert search.word_forms(search.tokenise(query)[0]) & set(terms)


def test_index_initiative_fills_search_terms_from_its_texts():
    initiative = SimpleNamespace(title="Moestuinen", description="Samen tuinieren", place="Plein", report=None)
    search.index_initiative(initiative)
    assert " moestuin " in initiative.search_terms
    assert " plein " in initiative.search_terms
    assert initiative.search_terms.startswith(" ") and initiative.search_terms.endswith(" ")


def test_empty_query_filters_nothing():
    assert search.matches(None, "  de het  ") is None


def test_query_is_limited_in_words():
    assert len(search.query_forms(" ".join(f"woord{i}" for i in range(30)))) == search.MAX_QUERY_WORDS
