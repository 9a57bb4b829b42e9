"""Personal details out of a resident's free text, before anyone else reads it.

A pure core (no Flask, no database). `scrub` replaces what points at a person with `HIDDEN` ("[…]"):
phone numbers (06-12345678, +31 6 12345678, 0031 6…, 050-1234567, (050) 123 4567), e-mail addresses,
a house number after a street name ("Eikenlaan 14a" → "Eikenlaan […]") or after "nummer"/"nr", the letters
of a postcode ("9741 AB" → "9741 […]"), a Dutch bank account number, and names where the text itself
introduces one: after "ik ben", "mijn naam is", "ik heet", "naam:", in a closing ("groet, …", "mvg …") and
after a title or a neighbour ("mevrouw De Boer", "buurman Piet").

What stays: a street without its number (a place, not an address), the four digits of a postcode (the
neighbourhood), ordinary numbers (ages, times, years, "0800-2000"), and every ordinary word: a name is only
taken where the words around it say it is one. Scrubbing twice changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

HIDDEN = "[…]"

_FLAGS = re.IGNORECASE | re.UNICODE
_LETTER = r"[^\W\d_]"

# --------------------------------------------------------------------------- e-mail, phone, bank, postcode

_EMAIL = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)*", _FLAGS)
# With a country code: +31 6 12345678, +31 (0)50 123 4567, 0031 6 1234 5678, +32 470 12 34 56.
_INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)\s?[1-9]\d{0,2}(?:\s?\(0\))?(?:[\s./-]?\d){6,13}(?!\d)")
# National: ten digits from the 0 (06-12345678, 050 123 4567), one separator at most between two digits,
# or an area code in brackets: (050) 123 4567.
_NATIONAL = re.compile(r"(?<![\w+])(?:0\d(?:[\s./-]?\d){8}|\(0\d{1,3}\)\s?\d(?:[\s./-]?\d){4,7})(?!\d)")
_IBAN = re.compile(r"\bNL\s?\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b", re.IGNORECASE)
# The letters of a postcode, with a house number right after it: 9741 AB, 9741AB, 9741ab 14.
_POSTCODE = re.compile(r"\b([1-9]\d{3})( ?[A-Z]{2}|[a-z]{2})(?![\w])(?:,?\s+\d{1,5}[a-zA-Z]?\b)?")
# Lower-case letters right after four digits that are a measure, not a postcode: "1500ml", "2000km".
_MEASURES = frozenset("km ml cl dl cm mm kg mg gr ha kw pk mb gb kb st jr uu pm am".split())

# --------------------------------------------------------------------------- street and house number

_STREET_ENDINGS = (
    "straat",
    "laan",
    "weg",
    "plein",
    "singel",
    "kade",
    "gracht",
    "dijk",
    "pad",
    "steeg",
    "hof",
    "park",
    "dreef",
    "plantsoen",
    "markt",
    "ring",
    "baan",
    "wal",
    "diep",
    "kanaal",
    "zijde",
    "zoom",
    "haven",
    "erf",
    "kamp",
    "veld",
    "brink",
    "dam",
    "oord",
    "hoven",
    "gang",
    "poort",
    "allee",
    "boulevard",
    "promenade",
)
_HOUSE_NUMBER = r"\d{1,5}(?:\s?-\s?\d{1,4}|\s?-?[a-zA-Z](?![\w])|\s?-?(?:bis|hs|bg|zw|rd|huis)\b)?"
_STREET = re.compile(
    rf"\b({_LETTER}[\w'’-]*(?:{'|'.join(_STREET_ENDINGS)}))\s+({_HOUSE_NUMBER})(?![\d,.]\d)",
    _FLAGS,
)
# A street of two words whose last one is the kind of street: "Grote Markt 1", "Oude Weg 3".
_TWO_WORD_STREET = re.compile(
    rf"\b([A-Z][\w'’-]*\s+(?:{'|'.join(ending.capitalize() for ending in _STREET_ENDINGS)}))\s+({_HOUSE_NUMBER})"
    r"(?![\d,.]\d)"
)
# A house number without its street: "op nummer 12", "de buren van nr 3", "huisnummer 8" ("melding nummer 11" is not).
_NUMBER_WORD = re.compile(
    r"\b((?:(?:op|van|aan|naast|bij|tegenover|achter|voor|tussen|at)\s+(?:nummer|nr\.?|no\.?))|huisnummer|huisnr\.?)"
    rf"\s?({_HOUSE_NUMBER})(?![\d,.]\d)",
    _FLAGS,
)
# After a number these say what is counted or when: "de snelweg 50 km", "vergadering 12 mei", not an address.
_UNITS = frozenset(
    """
    jaar jaren jr keer maal x uur uren u minuut minuten min sec seconde seconden dag dagen week weken maand
    maanden km kilometer kilometers m meter meters cm mm kg kilo kilos gram liter liters l procent pct euro eur
    graden stuks stuk personen mensen kinderen ouderen bewoners huizen woningen autos fietsen bomen plaatsen
    per januari februari maart april mei juni juli augustus september oktober november december
    jan feb mrt apr jun jul aug sep sept okt nov dec years year times hours hour minutes days weeks months
    """.split()
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_NEXT_WORD = re.compile(r"\s*([^\W\d_][\w'’]*|%|€)", re.UNICODE)

# --------------------------------------------------------------------------- names

# Cues after which the next words are a name even in lower case ("mijn naam is fenna").
_NAMED = r"mijn\s+naam\s+is|ik\s+heet|naam\s*:|my\s+name\s+is|m\.?\s?v\.?\s?g\.?"
# Closings: a name in lower case only after a comma or a line break ("groet,\nfenna"), else capitalised.
_CLOSING = (
    r"(?:met\s+)?(?:vriendelijke|hartelijke|beste|warme|lieve)\s+groet(?:en)?|groet(?:en|jes)?|gr\.|liefs|"
    r"(?:kind|best|warm)\s+regards|regards|cheers|sincerely"
)
# Cues after which only capitalised words on the same line are taken: introductions, titles, neighbours.
_TITLED = (
    r"ik\s+ben|i\s+am|i'm|namens|mevrouw|mevr\.?|mvr\.?|mw\.?|meneer|mr\.?|mrs\.?|ms\.?|dhr\.?|heer|"
    r"familie|fam\.?|buurman|buurvrouw|buurjongen|buurmeisje|juf|juffrouw|meester|dokter|dr\.?|opa|oma|"
    r"tante|oom|neighbour|neighbor|mister|miss"
)
_CUE = re.compile(
    rf"(?<![\w.])(?:(?P<named>{_NAMED})|(?P<closing>{_CLOSING})|(?P<titled>{_TITLED}))(?:(?<!\w)|(?!\w))", _FLAGS
)
_TOKEN = re.compile(rf"(?:[A-Z]\.)+|{_LETTER}(?:[\w'’-]*\w)?|'t", re.UNICODE)  # initials too: "J. de Vries"
_FIRST_GAP = re.compile(r"[ \t]*[,:]?\s*")  # after "groet," or "naam:" the name may start on the next line
_SAME_LINE = re.compile(r"[ \t]*")
_NEXT_GAP = re.compile(r"[ \t]+")
_PARTICLES = frozenset("van de der den het 't ter ten te la le du von el al bin".split())
# Words that end a name (and are never one): the common Dutch and English little words.
_NOT_NAMES = frozenset(
    """
    aan af al alle alles als alsof and are at be ben bent bij binnen but by daar daarom dan dat de deze die
    dit door dus een eens en er geen had heb hebben heeft hem het hier hij hoe hun ik in is ja je jij jou jouw
    jullie kan kon maar me meer met mij mijn moet na naar niet niets nog nu of om omdat ons onze ook op over te
    tegen toch toen tot u uit uw van veel voor want was wat we wel werd wie wij wil zal ze zei zelf zich zij
    zijn zo zou the of to in on for with that this it is was i me my we our you your he she they them
    there here what who when where why how not no so than too very can will just or if then as from all
    heel erg nooit altijd vaak soms weer even echt graag alvast bedankt dank hallo beste iedereen allemaal
    buren bewoners buurt wijk team
    """.split()
)
_MAX_NAME_WORDS = 4


def _name_span(text: str, start: int, first_gap: re.Pattern, lower_ok: bool) -> tuple[int, int] | None:
    """Where the name that follows a cue (ending at ``start``) lies, or None when no name follows.

    A name is one to four words, capitalised (or, with ``lower_ok``, any word that is no little word),
    with particles ("van", "de") among or before them; it ends at punctuation, a number or a little word.
    """
    position, first, last, words = start, None, None, 0
    gap = first_gap
    while words < _MAX_NAME_WORDS:
        spacing = gap.match(text, position)
        if spacing is None:
            break
        found = _TOKEN.match(text, spacing.end())
        if found is None:
            break
        word, folded = found.group(), found.group().casefold()
        if folded in _PARTICLES:  # part of the name, unless a lower-case one comes first ("groeten van Piet")
            first = found.start() if first is None and word[0].isupper() else first
        elif folded in _NOT_NAMES or not (word[0].isupper() or lower_ok):
            break
        else:
            first = found.start() if first is None else first
            last, words = found.end(), words + 1
        position, gap = found.end(), _NEXT_GAP
    return (first, last) if last is not None else None


def _hide_names(text: str) -> str:
    pieces, position = [], 0
    for cue in _CUE.finditer(text):
        if cue.start() < position:
            continue
        if cue.group("named"):
            span = _name_span(text, cue.end(), _FIRST_GAP, lower_ok=True)
        elif cue.group("closing"):
            after_comma = re.match(r"[ \t]*(?:,|\n)", text[cue.end() :]) is not None
            span = _name_span(text, cue.end(), _FIRST_GAP, lower_ok=after_comma)
        else:
            span = _name_span(text, cue.end(), _SAME_LINE, lower_ok=False)
        if span is not None:
            pieces += [text[position : span[0]], HIDDEN]
            position = span[1]
    pieces.append(text[position:])
    return "".join(pieces)


# --------------------------------------------------------------------------- putting it together


def _postcode(match: re.Match) -> str:
    if match.group(2) in _MEASURES:
        return match.group()
    return f"{match.group(1)} {HIDDEN}"


def _phone(match: re.Match) -> str:
    digits = sum(char.isdigit() for char in match.group())
    return HIDDEN if 9 <= digits <= 15 else match.group()


def _house_number(match: re.Match) -> str:
    """Keep the street (or "nummer") and hide its number, unless a unit says the number counts something."""
    if _YEAR.fullmatch(match.group(2)):
        return match.group()  # "Amsterdam 2026": a year
    following = _NEXT_WORD.match(match.string, match.end())
    if following and following.group(1).casefold().replace("'", "").replace("’", "") in _UNITS:
        return match.group()
    if following and following.group(1) in ("%", "€"):
        return match.group()
    return f"{match.group(1)} {HIDDEN}"


_STEPS: tuple[tuple[re.Pattern, str | Callable[[re.Match], str]], ...] = (
    (_EMAIL, HIDDEN),
    (_IBAN, HIDDEN),
    (_INTERNATIONAL, _phone),
    (_NATIONAL, _phone),
    (_POSTCODE, _postcode),
    (_STREET, _house_number),
    (_TWO_WORD_STREET, _house_number),
    (_NUMBER_WORD, _house_number),
)
_REPEATED = re.compile(rf"{re.escape(HIDDEN)}(?:[ \t,]*{re.escape(HIDDEN)})+")


def scrub(text: str | None) -> str:
    """``text`` with every personal detail replaced by HIDDEN; whitespace and line breaks kept."""
    result = text or ""
    for pattern, replacement in _STEPS:
        result = pattern.sub(replacement, result)
    result = _hide_names(result)
    return _REPEATED.sub(HIDDEN, result)
