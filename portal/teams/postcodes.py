"""Dutch postcodes: parse what people type. Pure functions, no Flask or database.

A Dutch postcode is four digits, the first not a zero, followed by two letters; PostNL never
uses the letter pairs SA, SD and SS. People type "9741ab", "9741 AB" or only "9741".
"""

from __future__ import annotations

import re

MAX_INPUT = 20  # anything longer is not a postcode, however it is spaced
EXCLUDED_LETTERS = frozenset({"SA", "SD", "SS"})
_POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})?")  # ASCII classes: no Unicode digits or letters


def parse_postcode(text: str | None) -> str | None:
    """Normalise a typed postcode to "9741 AB" (or "9741" for four digits); None if it is not one."""
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return None
    compact = " ".join(text.split())
    match = _POSTCODE.fullmatch(compact)
    if match is None:
        return None
    digits, letters = match.group(1), (match.group(2) or "").upper()
    if letters in EXCLUDED_LETTERS:
        return None
    return f"{digits} {letters}" if letters else digits


def pc4_of(postcode: str | None) -> str | None:
    """The four digits of a postcode ("9741 AB" -> "9741"), or None if it is not a postcode."""
    parsed = parse_postcode(postcode)
    return parsed[:4] if parsed else None
