"""Full-text search for initiatives in Dutch and English, the same on SQLite and PostgreSQL.

Every word is stored with its Dutch and its English Snowball stem in
``Initiative.search_terms`` (" moestuin moestuinen garden … "), so "moestuinen" finds
"moestuin" and "gardening" finds "garden", whichever language the initiative was written in.
A search word matches a stored term that begins with one of its forms: "moes" finds
"moestuin" too. No Flask and no database here: the query helper only combines the column's
own operators.
"""

from __future__ import annotations

import operator
import re
import threading
import unicodedata
from functools import reduce

import snowballstemmer

# Letters and digits only: no underscore, so no LIKE wildcard can reach a query.
_WORD = re.compile(r"[^\W_]+")
# A Snowball stemmer keeps the word it works on in the object: each thread has its own pair.
_PER_THREAD = threading.local()
MAX_QUERY_WORDS = 8

# The commonest words of both languages; they would match nearly every initiative.
STOPWORDS = frozenset(
    """
    de het een en of in op aan van voor met bij naar om te tot uit over als dan dat die dit
    er is zijn was wordt worden ook niet wel nog maar je jij we wij ze zij hij ik u ons onze
    mijn hun wat wie waar hoe
    the a an and or in on at of for with to from by as is are was be it this that we you
    our my your their
    """.split()
)


def _plain(text: str) -> str:
    """Lower case without diacritics, so "café" and "cafe", "één" and "een" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokenise(text: str | None) -> list[str]:
    """The words of ``text`` in order: lower case, without diacritics and stop words."""
    return [word for word in _WORD.findall(_plain(text or "")) if len(word) > 1 and word not in STOPWORDS]


def _stemmers():
    """This thread's Dutch and English Snowball stemmers."""
    pair = getattr(_PER_THREAD, "stemmers", None)
    if pair is None:
        pair = _PER_THREAD.stemmers = (snowballstemmer.stemmer("dutch"), snowballstemmer.stemmer("english"))
    return pair


def word_forms(word: str) -> set[str]:
    """The word itself with its Dutch and its English stem."""
    dutch, english = _stemmers()
    return {word, dutch.stemWord(word), english.stemWord(word)} - {""}


def search_terms(*texts: str | None) -> str:
    """The value for ``Initiative.search_terms``: every form of every word, space-delimited."""
    terms = set()
    for text in texts:
        for word in tokenise(text):
            terms |= word_forms(word)
    return f" {' '.join(sorted(terms))} " if terms else ""


def index_initiative(initiative) -> None:
    """Fill ``initiative.search_terms`` from its texts; call it whenever they are saved."""
    initiative.search_terms = search_terms(
        initiative.title, initiative.description, initiative.place, initiative.report
    )


def query_forms(query: str | None) -> list[set[str]]:
    """For each word of a search (at most MAX_QUERY_WORDS), the forms that may match it."""
    return [word_forms(word) for word in tokenise(query)[:MAX_QUERY_WORDS]]


def matches(column, query: str | None):
    """A condition on a ``search_terms`` column: every word of ``query`` in one of its forms.

    Returns None for an empty query (nothing to filter on).
    """
    words = query_forms(query)
    if not words:
        return None
    per_word = [reduce(operator.or_, (column.like(f"% {form}%") for form in sorted(forms))) for forms in words]
    return reduce(operator.and_, per_word)
