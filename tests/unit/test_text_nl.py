"""Dutch text analysis shared by signals and help: one lexicon's concepts and caches never leak into another's."""

from __future__ import annotations

import threading

import pytest

from portal import lexicon_nl, text_nl
from portal.help import matching_text
from portal.signals import clustering

SMALL = """
bikes | other | fietsen | bikes
    fiets*, fietsenrek*, bike*
"""


def test_a_lexicon_of_its_own_reads_only_its_own_concepts():
    own = text_nl.Lexicon(SMALL)
    assert own.concepts_in("Mijn fiets is gestolen") == {"bikes"}
    assert "bikes" not in clustering.concepts("Mijn fiets is gestolen")  # signals' lexicon is untouched
    assert own.repair("schimel") == "schimel" and clustering.repair("schimel") == "schimmel"


def test_features_are_concepts_and_dutch_stems():
    own = text_nl.Lexicon(SMALL)
    assert own.features("Twee fietsen") == {"c:bikes", "t:fiets", "t:twee"}
    assert own.weight("c:bikes") == text_nl.CONCEPT_WEIGHT
    assert own.weight("t:fiets") == text_nl.TERM_WEIGHT
    assert own.weight("t:" + text_nl.stem("straat")) == text_nl.GENERIC_WEIGHT  # a generic word of the lexicon


def test_extra_filler_words_weigh_as_generic_words():
    own = text_nl.Lexicon(SMALL, generic_words={"graag", "nodig"})
    assert own.weight("t:" + text_nl.stem("nodig")) == text_nl.GENERIC_WEIGHT
    assert text_nl.Lexicon(SMALL).weight("t:" + text_nl.stem("nodig")) == text_nl.TERM_WEIGHT


def test_a_theme_outside_the_given_themes_is_refused_and_a_concept_twice_too():
    with pytest.raises(ValueError, match="unknown theme"):
        text_nl.Lexicon(SMALL, themes=lexicon_nl.THEMES[:-1])
    with pytest.raises(ValueError, match="twice"):
        text_nl.Lexicon(SMALL + SMALL)


def test_help_reads_the_shared_concepts_and_its_own():
    words = matching_text.features("Ik voel me eenzaam en zoek iemand om mee te wandelen met mijn hond")
    assert {"loneliness", "walks", "pets"} <= matching_text.topics(words)  # shared, help's, help's
    assert matching_text.help_topics(words) == {"walks", "pets", "company_visit"} & matching_text.topics(words)


def test_a_lazy_lexicon_is_built_once_whatever_the_threads():
    built = []

    def build():
        built.append(1)
        return text_nl.Lexicon(SMALL)

    lazy = text_nl.LazyLexicon(build)
    found = []
    threads = [threading.Thread(target=lambda: found.append(lazy.get())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1 and len({id(lexicon) for lexicon in found}) == 1


def test_compounds_are_read_as_their_parts_only_where_asked():
    """Help's lexicon reads compounds and separable verbs; signals' lexicon reads words as before."""
    own = text_nl.Lexicon(SMALL, read_word_forms=True)
    assert own.compound("woensdagochtend") == ("woensdag", "ochtend")
    assert own.compound("dorpshuis") == ("dorp", "huis")  # a linking -s- dropped
    assert own.compound("stamboomonderzoek") == ("stamboom", "onderzoek")  # an unknown first part, long enough
    assert own.compound("gezelligheid") == ()  # "-heid" makes a word, it is no part
    assert own.compound("fietsen") == ()  # too short, and an inflection of a known word
    assert "onderzoek" in own.tokens("Stamboomonderzoek")
    assert text_nl.Lexicon(SMALL).tokens("Stamboomonderzoek, ik lees voor") == [
        "stamboomonderzoek",
        "ik",
        "lees",
        "voor",
    ]
    assert "vinken" not in text_nl.Lexicon(SMALL, places=["Vinkenstraat"], read_word_forms=True).tokens("Vinkenstraat")


def test_a_separable_verb_is_joined_to_its_particle_at_the_end_of_the_clause():
    own = text_nl.Lexicon(SMALL, read_word_forms=True)
    assert own.tokens("Ik vul het in.")[-1] == "invullen"
    assert own.tokens("Op dinsdag lees ik de krant voor")[-1] == "voorlezen"  # inverted after an opening
    assert own.tokens("Wie haalt mijn pakje op, graag?")[-1] == "graag"  # the clause ends at the comma
    assert "ophalen" in own.tokens("Wie haalt mijn pakje op, graag?")
    assert "voorlezen" in own.tokens("iemand die de krant voorleest")  # written as one word
    assert not any(word.startswith("af") and word != "af" for word in own.tokens("Ik help af en toe."))


@pytest.mark.parametrize(
    ("verb", "meant"),
    [
        ("vul", "vullen"),
        ("vult", "vullen"),
        ("leest", "lezen"),
        ("hangt", "hangen"),
        ("zet", "zetten"),
        ("geef", "geven"),
        ("schrijf", "schrijven"),
        ("haalt", "halen"),
        ("wandel", "wandelen"),
        ("kom", "komen"),
    ],
)
def test_a_verb_of_the_first_or_third_person_becomes_its_infinitive(verb, meant):
    assert text_nl.infinitive(verb) == meant
