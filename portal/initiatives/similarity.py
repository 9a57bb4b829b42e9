"""Which open initiatives look like a new one: shared significant words of title and description.

A pure core (no Flask, no database): the caller passes texts in and gets keys back. Words are
lower-cased, stripped of accents, stemmed with the Dutch Snowball stemmer (so "straatfeesten"
meets "straatfeest"), and common Dutch and English words are ignored.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import snowballstemmer

STOP_WORDS = frozenset(
    """
    aan af al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een
    eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je
    jij jullie kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat ons onze
    ook op over reeds samen te tegen toch toen tot u uit uw van veel voor want waren was wat we wel werd wie
    wij wil willen wordt worden zal ze zei zelf zich zij zijn zo zonder zou graag elke iedereen keer even
    buurt wijk idee plan initiatief bewoners buren graag komen maken gaan
    the and for with that this from are was were will would have has our your their they you about into
    neighbourhood neighborhood idea plan initiative residents neighbours
    """.split()
)
MIN_LENGTH = 3
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Match:
    key: Hashable
    score: float
    shared: frozenset[str]


_PER_THREAD = threading.local()


def _stemmer():
    """This thread's Dutch Snowball stemmer: one keeps the word it works on in the object, so threads never
    share one."""
    stemmer = getattr(_PER_THREAD, "stemmer", None)
    if stemmer is None:
        stemmer = _PER_THREAD.stemmer = snowballstemmer.stemmer("dutch")
    return stemmer


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def significant_words(text: str) -> frozenset[str]:
    """The stems of the words in ``text`` that say something: no stop words, no short words."""
    words = [word for word in WORD.findall(_fold(text or "")) if len(word) >= MIN_LENGTH and word not in STOP_WORDS]
    return frozenset(stem for stem in _stemmer().stemWords(words) if len(stem) >= MIN_LENGTH)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two word sets: shared words over all words, 0.0 to 1.0."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def is_similar(shared: int, score: float) -> bool:
    """Two shared significant words, or one when the texts are short and say little else."""
    return shared >= 2 or (shared == 1 and score >= 0.25)


def similar_texts(text: str, candidates: Iterable[tuple[Hashable, str]], limit: int = 5) -> list[Match]:
    """The candidates that resemble ``text``, most alike first (at most ``limit``)."""
    words = significant_words(text)
    matches = []
    for key, other in candidates:
        other_words = significant_words(other)
        shared = words & other_words
        score = similarity(words, other_words)
        if is_similar(len(shared), score):
            matches.append(Match(key, score, frozenset(shared)))
    matches.sort(key=lambda match: (len(match.shared), match.score), reverse=True)
    return matches[:limit]
