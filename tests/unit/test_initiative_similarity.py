"""Similar initiatives: a pure function on the significant words of two texts."""

from __future__ import annotations

from portal.initiatives.similarity import significant_words, similar_texts, similarity


def test_stop_words_and_short_words_do_not_count():
    assert significant_words("de en het van een in op is we") == frozenset()
    assert significant_words("Wij willen een moestuin") == significant_words("moestuin")


def test_plural_and_accents_meet_the_same_word():
    assert significant_words("straatfeesten") == significant_words("Straatfeest")
    assert significant_words("café") == significant_words("cafe")


def test_similarity_is_shared_words_over_all_words():
    a, b = frozenset({"moestuin", "flat"}), frozenset({"moestuin", "school"})
    assert similarity(a, b) == 1 / 3
    assert similarity(a, frozenset()) == 0.0


def test_similar_texts_finds_the_street_party_and_not_the_chess_club():
    candidates = [
        (1, "Straatfeest Zonnelaan: muziek en een springkussen voor de kinderen in de straat"),
        (2, "Schaakclub in het buurthuis op woensdagavond"),
        (3, "Barbecue met de buren"),
    ]
    matches = similar_texts("Straatfeest voor de hele straat met springkussen", candidates)
    assert [match.key for match in matches] == [1]
    assert {"straatfeest", "springkuss"} <= set(matches[0].shared) or len(matches[0].shared) >= 2


def test_most_alike_comes_first_and_the_limit_holds():
    candidates = [(n, "moestuin achter de flat met tomaten" if n % 2 else "moestuin") for n in range(10)]
    matches = similar_texts("Een moestuin achter onze flat, voor tomaten en kruiden", candidates, limit=3)
    assert len(matches) == 3
    assert all(match.key % 2 for match in matches)


def test_hostile_or_empty_text_is_harmless():
    assert similar_texts("", [(1, "")]) == []
    assert similar_texts("<script>alert(1)</script> ' OR 1=1 --", [(1, "script alert")])[0].key == 1
