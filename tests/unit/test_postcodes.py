"""parse_postcode and pc4_of: what people type, and what is not a Dutch postcode."""

from __future__ import annotations

import pytest

from portal.teams.postcodes import parse_postcode, pc4_of


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9741 AB", "9741 AB"),
        ("9741AB", "9741 AB"),
        ("9741ab", "9741 AB"),
        ("9741 ab", "9741 AB"),
        (" 9741 ", "9741"),
        ("9741", "9741"),
        ("\t9741  aB\n", "9741 AB"),
        ("9741\u00a0AB", "9741 AB"),  # a non-breaking space from a copied address
        ("1012 JS", "1012 JS"),
        ("9999 ZZ", "9999 ZZ"),
        ("9711 SB", "9711 SB"),
        ("9711 AS", "9711 AS"),
    ],
)
def test_postcodes_are_normalised(typed, expected):
    assert parse_postcode(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        None,
        9741,
        "AB 9741",
        "AB9741",  # letters first
        "974",
        "97411",
        "974 AB",
        "97411 AB",  # three or five digits
        "0741 AB",
        "0123",  # leading zero
        "9741 SA",
        "9741 SD",
        "9741 SS",
        "9741ss",  # never used by PostNL
        "9741 A",
        "9741 ABC",
        "9741-AB",
        "9741 A1",
        "9 7 4 1",
        "9741 A B",
        "٩٧٤١ AB",  # Arabic-Indic digits are digits to Python, not to PostNL
        "9741 ÄB",
        "9741 ﬀ",  # non-ASCII letters; the ligature would upper-case to FF
        "<script>alert(1)</script>",
        "9741' OR '1'='1",
        "9741; DROP TABLE team;--",
        "9741 AB" + " " * 50,
        "9" * 10_000,
    ],
)
def test_anything_else_is_not_a_postcode(typed):
    assert parse_postcode(typed) is None


@pytest.mark.parametrize(
    ("typed", "expected"), [("9741 AB", "9741"), ("9741ab", "9741"), ("9741", "9741"), ("0741", None), ("x", None)]
)
def test_pc4_of(typed, expected):
    assert pc4_of(typed) == expected
