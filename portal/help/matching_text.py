"""The free texts of help requests and offers, for matching: what they are about and how alike they are.

A pure core like ``matching`` (no Flask, no database). A text becomes features as signals' texts do
(`portal.text_nl`: concepts and Dutch stems, misspellings repaired), read with the shared concept
lexicon (`portal.lexicon_nl`) and help's own (`portal.help.lexicon`, with its filler words). An offer
fits a request's text by how much of the request's weighed features it shares (``coverage``); a
specific concept weighs 3, a kind's broad concept 1.5, a stem 1, a stem that says little on its own
("hulp", "graag") 0.3. Help's concepts point to a kind of help, so a request of kind "other" can be
matched to the offers of the kinds its text is about (``kinds_in``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from portal import lexicon_nl, text_nl
from portal.help.lexicon import FILLER_WORDS, HELP_CONCEPTS

CONCEPT, TERM = text_nl.CONCEPT, text_nl.TERM
# The kind of help each of help's own concepts points to ("other": none of the kinds).
KIND_OF_CONCEPT = {concept.key: concept.theme for concept, _patterns in text_nl.parse(HELP_CONCEPTS)}
MAX_WORDS_NAMED = 3

_LEXICON = text_nl.LazyLexicon(
    lambda: text_nl.Lexicon(lexicon_nl.CONCEPTS + HELP_CONCEPTS, generic_words=FILLER_WORDS, read_word_forms=True)
)


def lexicon() -> text_nl.Lexicon:
    """The shared concepts and help's own, compiled once."""
    return _LEXICON.get()


@lru_cache(maxsize=50_000)
def features(text: str | None) -> frozenset[str]:
    """What a request's or an offer's text is about: ``c:`` concepts and ``t:`` Dutch stems."""
    return lexicon().features(text)


@lru_cache(maxsize=100_000)
def weight10(feature: str) -> int:
    """A feature's weight in tenths (a whole number, so sums are exact and the same in every order)."""
    return round(10 * lexicon().weight(feature))


def weighed(words: Iterable[str]) -> int:
    """The weight of a text's features together, in tenths (see the module docstring)."""
    return sum(weight10(feature) for feature in words)


def coverage(request: frozenset[str], offer: frozenset[str]) -> float:
    """How much of what the request's text is about the offer's text mentions too, 0..1 (by weight).

    Asymmetric on purpose: an offer that also mentions other things is not less fit for this request.
    """
    if not request or not offer:
        return 0.0
    total = weighed(request)
    return weighed(request & offer) / total if total else 0.0


RELATING = round(10 * text_nl.TERM_WEIGHT)  # a shared feature this heavy says what the texts are about


def relates(a: frozenset[str], b: frozenset[str]) -> bool:
    """Do two texts share something that says what they are about (a concept, or a word that is no filler)?"""
    return any(weight10(feature) >= RELATING for feature in a & b)


def topics(words: Iterable[str]) -> frozenset[str]:
    """The concept keys among a text's features."""
    return frozenset(feature[len(CONCEPT) :] for feature in words if feature.startswith(CONCEPT))


def help_topics(words: Iterable[str]) -> frozenset[str]:
    """The concepts of help's own lexicon among a text's features (the shared lexicon's matters, such as
    money worries, also count in scoring, but do not name what a request for help is about)."""
    return frozenset(key for key in topics(words) if key in KIND_OF_CONCEPT)


@lru_cache(maxsize=100_000)
def kinds_in(words: frozenset[str]) -> frozenset[str]:
    """The kinds of help (not "other") that help's concepts in a text point to."""
    kinds = {KIND_OF_CONCEPT.get(key) for key in topics(words)}
    return frozenset(kind for kind in kinds if kind and kind != "other")


def concept_label(key: str, language: str) -> str:
    """A concept in words: its Dutch label for "nl", else its English one."""
    known = lexicon().concepts.get(key)
    if known is None:
        return key.replace("_", " ")
    return known.label_nl if language == "nl" else known.label_en


def shared_words(text: str | None, a: frozenset[str], b: frozenset[str]) -> list[str]:
    """Up to MAX_WORDS_NAMED words of ``text`` whose stems both texts have (no filler), as written there
    or as a reader reads them (a compound's part, a separable verb as one word: "lees ... voor", "voorlezen")."""
    shared = {feature[len(TERM) :] for feature in a & b if feature.startswith(TERM)}
    generic = lexicon().generic_stems
    found: list[str] = []
    for word in lexicon().tokens(text):
        word_stem = text_nl.stem(word)
        if word_stem in shared and word_stem not in generic and word not in found:
            found.append(word)
    return found[:MAX_WORDS_NAMED]
