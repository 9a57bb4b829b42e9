"""Scrubbing personal details out of residents' texts: the Dutch formats, and ordinary words left alone."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from portal.signals.scrub import HIDDEN, scrub

DATA = Path(__file__).resolve().parents[2] / "portal" / "signals" / "data"

PHONES = [
    "06-12345678",
    "0612345678",
    "06 12 34 56 78",
    "06 1234 5678",
    "06-1234 5678",
    "+31 6 12345678",
    "+31612345678",
    "+31 (0)6 12345678",
    "+31 6 1234 5678",
    "0031 6 12345678",
    "0031612345678",
    "050-1234567",
    "050 123 4567",
    "050 123 45 67",
    "(050) 123 4567",
    "0501234567",
    "0591-123456",
    "020-7654321",
    "+32 470 12 34 56",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_are_hidden(phone):
    assert scrub(f"Bel me op {phone} als het kan.") == f"Bel me op {HIDDEN} als het kan."
    assert scrub(f"{phone}\nGroet") == f"{HIDDEN}\nGroet"


@pytest.mark.parametrize(
    "address",
    ["name@domain.nl", "fenna.de.vries@example.org", "j.jansen+buurt@mail.gemeente-groningen.nl", "Piet_1@x.com"],
)
def test_email_addresses_are_hidden(address):
    assert scrub(f"Mail naar {address}, graag.") == f"Mail naar {HIDDEN}, graag."


ADDRESSES = [
    ("Eikenlaan 14", "Eikenlaan"),
    ("Eikenlaan 14a", "Eikenlaan"),
    ("Eikenlaan 14 A", "Eikenlaan"),
    ("Eikenlaan 14-bis", "Eikenlaan"),
    ("Van Heemskerckstraat 3-2", "Van Heemskerckstraat"),
    ("Oude Ebbingestraat 12 hs", "Oude Ebbingestraat"),
    ("Paterswoldseweg 806", "Paterswoldseweg"),
    ("Grote Markt 1", "Grote Markt"),
    ("Zuiderdiep 120", "Zuiderdiep"),
    ("Siersteenlaan 3", "Siersteenlaan"),
    ("eikenlaan 14", "eikenlaan"),
    ("EIKENLAAN 14", "EIKENLAAN"),
]


@pytest.mark.parametrize(("address", "street"), ADDRESSES)
def test_a_house_number_after_a_street_is_hidden_the_street_stays(address, street):
    assert scrub(f"Ik woon op {address}, naast de school.") == f"Ik woon op {street} {HIDDEN}, naast de school."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De huurder op nummer 12 is eenzaam.", f"De huurder op nummer {HIDDEN} is eenzaam."),
        ("oude meneer op nr 12 heb ik niet gezien", f"oude meneer op nr {HIDDEN} heb ik niet gezien"),
        ("de buren van nr. 3a maken lawaai", f"de buren van nr. {HIDDEN} maken lawaai"),
        ("Mijn huisnummer 8 staat er niet op.", f"Mijn huisnummer {HIDDEN} staat er niet op."),
    ],
)
def test_a_house_number_without_a_street_is_hidden(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9741 AB", f"9741 {HIDDEN}"),
        ("9741AB", f"9741 {HIDDEN}"),
        ("postcode 9741ab", f"postcode 9741 {HIDDEN}"),
        ("Wij wonen in 9741 AB 14, eerste etage.", f"Wij wonen in 9741 {HIDDEN}, eerste etage."),
    ],
)
def test_the_letters_of_a_postcode_are_hidden_the_digits_stay(text, expected):
    assert scrub(text) == expected


NAMES = [
    ("Ik ben Fenna en woon hier sinds kort.", f"Ik ben {HIDDEN} en woon hier sinds kort."),
    ("ik ben Fenna de Vries.", f"ik ben {HIDDEN}."),
    ("Mijn naam is Fenna Dijkstra.", f"Mijn naam is {HIDDEN}."),
    ("mijn naam is fenna de vries en ik woon hier", f"mijn naam is {HIDDEN} en ik woon hier"),
    ("Ik heet Piet.", f"Ik heet {HIDDEN}."),
    ("Naam: Anouk", f"Naam: {HIDDEN}"),
    ("Groet, Piet", f"Groet, {HIDDEN}"),
    ("groet,\npiet", f"groet,\n{HIDDEN}"),
    ("Met vriendelijke groet,\nFenna Dijkstra", f"Met vriendelijke groet,\n{HIDDEN}"),
    ("Met vriendelijke groet,\n\nJ. de Vries", f"Met vriendelijke groet,\n\n{HIDDEN}"),
    ("groeten van A.B. Jansen-Smit", f"groeten van {HIDDEN}"),
    ("mvg Jan Jansen", f"mvg {HIDDEN}"),
    ("MVG, jan", f"MVG, {HIDDEN}"),
    ("m.v.g. Ans", f"m.v.g. {HIDDEN}"),
    ("Groetjes Marieke", f"Groetjes {HIDDEN}"),
    ("Huurder (mevrouw De Boer) is eenzaam.", f"Huurder (mevrouw {HIDDEN}) is eenzaam."),
    ("mevrouw de Boer is eenzaam", f"mevrouw de {HIDDEN} is eenzaam"),
    ("Meneer Van der Berg van hiernaast", f"Meneer {HIDDEN} van hiernaast"),
    ("dhr. Jansen belt niet terug", f"dhr. {HIDDEN} belt niet terug"),
    ("buurman Piet helpt al", f"buurman {HIDDEN} helpt al"),
    ("de familie El Amrani", f"de familie {HIDDEN}"),
    ("Kind regards, John Smith", f"Kind regards, {HIDDEN}"),
    ("My name is Emma.", f"My name is {HIDDEN}."),
]


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_names_introduced_as_names_are_hidden(text, expected):
    assert scrub(text) == expected


ORDINARY = [
    "Ik ben 78 en heb geen aanspraak meer.",
    "Ik ben mantelzorger voor mijn moeder en loop op mijn tenen.",
    "ik ben op. Niemand neemt het even van me over.",
    "Ik ben bang als ik 's avonds door het park loop.",
    "Statushouders zitten vooral binnen, ze groeten wel maar er is geen contact.",
    "Groeten uit de Oosterparkwijk!",
    "Mijn buurvrouw is vorige week gevallen met haar rollator.",
    "Oude meneer hiernaast staat elke dag voor het raam.",
    "Er wordt hier 70 gereden waar 30 mag, op de snelweg 50 km verderop nog harder.",
    "De vergadering 12 mei ging over de Eikenlaan.",
    "Sinds 2019 elk jaar; in 2024 en 2025 wel 10 keer.",
    "Veilig Thuis 0800-2000 gebeld, en 112 toen het misging.",
    "Op 03-04-2026 tussen 10.00-12.00 uur stond alles onder water.",
    "Ik heb 1500ml water en 2000 kg zand nodig.",
    "Melding nummer 11 over de losliggende stoeptegels.",
    "In Amsterdam 2026 was het net zo.",
    "Mijn oude buurman is erg eenzaam, er komt bijna nooit iemand bij hem langs.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_left_alone(text):
    assert scrub(text) == text


def test_one_text_with_everything_keeps_its_sense_and_loses_the_person():
    text = (
        "Mijn buurvrouw op de Eikenlaan 14a is heel eenzaam. Bel me gerust: 06-12345678 of +31 50 123 4567,\n"
        "of mail fenna@example.nl. Postcode 9741 AB.\nMet vriendelijke groet,\nFenna Dijkstra"
    )
    assert scrub(text) == (
        f"Mijn buurvrouw op de Eikenlaan {HIDDEN} is heel eenzaam. Bel me gerust: {HIDDEN} of {HIDDEN},\n"
        f"of mail {HIDDEN}. Postcode 9741 {HIDDEN}.\nMet vriendelijke groet,\n{HIDDEN}"
    )


@pytest.mark.parametrize("text", [ORDINARY[0], NAMES[8][0], "Eikenlaan 14, 06-12345678, 9741 AB"])
def test_scrubbing_twice_changes_nothing_more(text):
    assert scrub(scrub(text)) == scrub(text)


def test_empty_text_stays_empty():
    assert scrub(None) == "" and scrub("") == ""


@pytest.mark.parametrize("name", ["evaluation.csv", "evaluation_fresh.csv", "partner_import_example.csv"])
def test_the_evaluation_texts_stay_readable(name):
    """Real-looking signals: only what points at a person changes (one house number in all of them)."""
    with (DATA / name).open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    changed = {row["id"]: scrub(row["text"]) for row in rows if scrub(row["text"]) != row["text"]}
    expected = {"s042": "oude meneer op nr […] heb ik al weken niet gezien"} if name == "evaluation.csv" else {}
    assert set(changed) == set(expected)
    for key, start in expected.items():
        assert changed[key].startswith(start)


def test_the_scrubber_is_a_pure_core():
    code = (
        "import sys, portal.signals.scrub; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'flask_babel', 'sqlalchemy', 'wtforms')]; "
        "print(bad)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == "[]"
