"""Requests that should not wait for a neighbour: words that suggest acute danger or a crisis.

A plain word list, Dutch and English, matched on word starts after folding case and accents,
so "zelfmoord", "Zelfmoordgedachten" and "suïcidaal" are all found. It errs on the side of
caution: a false alarm only shows the emergency numbers next to the request and lets the team
look first, it never refuses anything.
"""

from __future__ import annotations

import re
import unicodedata

# Word starts (after folding); each a sign that someone may be in danger now.
CRISIS_WORDS = (
    # Dutch
    "zelfmoord",
    "suicid",
    "dood wil",
    "niet meer leven",
    "een eind aan mijn leven",
    "einde aan mijn leven",
    "mezelf iets aan",
    "mijzelf iets aan",
    "ik kan niet meer",
    "mishandel",
    "huiselijk geweld",
    "geslagen",
    "slaat me",
    "slaat mij",
    "bedreigd",
    "bedreiging",
    "niet veilig thuis",
    "onveilig thuis",
    "misbruik",
    "verkracht",
    "noodgeval",
    "levensgevaar",
    "geen eten meer",
    "uit huis gezet",
    "op straat gezet",
    "dakloos",
    # English
    "suicide",
    "kill myself",
    "end my life",
    "want to die",
    "self harm",
    "self-harm",
    "abuse",
    "domestic violence",
    "beaten",
    "hits me",
    "threatened",
    "not safe at home",
    "unsafe at home",
    "emergency",
    "evicted",
    "homeless",
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(_fold(word)) for word in CRISIS_WORDS) + ")")


def suggests_crisis(text: str | None) -> bool:
    """Whether ``text`` contains words that suggest acute danger or a crisis."""
    return bool(text) and _PATTERN.search(_fold(text)) is not None
