"""Requests that should not wait for a neighbour: words that suggest acute danger or a crisis.

A plain word list, Dutch and English, matched on word starts after folding case and accents,
so "zelfmoord", "Zelfmoordgedachten" and "suïcidaal" are all found. It errs on the side of
caution: a false alarm only shows the emergency numbers next to the request and lets the team
look first, it never refuses anything.
"""

from __future__ import annotations

import re
import unicodedata

from portal.text_nl import damerau, normalise

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


# --------------------------------------------------------------------------- sensitive topics
#
# Apart from acute danger, some requests tell neighbours things that are nobody else's business: money
# troubles and debts, an illness, someone's mental health, violence at home, thoughts of suicide. Such a
# request is held for the team to look at first (services.create_request), so sensitive_topics must find
# them in the words residents actually use, Dutch or English, misspelled or not. How it reads a text:
#
# 1. Fold it: lower case, no accents ("suïcide" → "suicide"), apostrophes dropped ("can't" → "cant"),
#    everything that is not a letter or digit a single space ("burn-out" → "burn out").
# 2. Blank out harmless look-alikes first ("schuldig", "geweldig", "ziek van het wachten", "sick of",
#    "pannenkoekbeslag"), so they cannot hit.
# 3. Look for the topic's phrases (regular expressions on the folded text, with word boundaries).
# 4. Forgive one slip (a letter missing, extra, swapped or wrong) in a long key word or the start of a
#    compound made with it: "deurwaader", "depresief", "zelfmoort", "huurachterstant".
#
# It errs on the side of caution, like the crisis words: a false hit only lets a worker look first. But a place
# is no health detail: "a lift to the hospital" or "to the doctor" is everyday neighbourly help, not held.
# The list of phrasings it is tested on, hits and harmless look-alikes, is portal/help/data/sensitive_phrasings.csv.

DEBT, HEALTH, MENTAL_HEALTH, DOMESTIC_VIOLENCE, SUICIDE = (
    "debt",
    "health",
    "mental_health",
    "domestic_violence",
    "suicide",
)
SENSITIVE_TOPICS = (DEBT, HEALTH, MENTAL_HEALTH, DOMESTIC_VIOLENCE, SUICIDE)

# Harmless phrases that look like a topic's words (on folded text); blanked before the search.
HARMLESS = (
    r"\b(on)?schuldig\w*",  # guilty (of a cake)
    r"\b(de|mijn|jouw|zijn|haar|wiens) schuld (dat|is|was|niet)\b",  # whose fault it is
    r"\bgeweldig\w*",  # great
    r"\bziek van (het|de|al|dat|die|dit)\b",  # fed up with
    r"\bsick (of|and tired)\b",
    r"\b\w*(pannenkoek|cake|taart|wafel)beslag\b",  # batter
    r"\bbeslag (voor|van) (de |een )?(pannenkoek|cake|taart|wafel)\w*",
    r"\b(leer|taal|reken|lees|school)achterstand\w*",  # behind at school
    r"\bachterstand (op|in) (school|de klas|taal|lezen|rekenen)\b",
    r"\b(car|auto|engine) (breakdown|break down)\b",
    r"\bstroke (the|a|my|his|her) (cat|dog|horse)\b",
    r"\b(celery|flower) stalks?\b",
)

# Each topic's phrases (regular expressions on folded text).
PHRASES = {
    DEBT: (
        r"\bschuld(en)?\b",
        r"\bschuld(hulp|sanering|eiser|bemiddel|problem|last|maatje|zorg|en\w)\w*",
        r"\b\w+schulden\b",  # huurschulden, belastingschulden
        r"\bdeurwaarder\w*",
        r"\b(huur|betalings|betaal|energie|zorgpremie|premie|gas|stroom)achterstand\w*",
        r"\bachterstand (met|in|op) (de |mijn |het )?(huur|betaling\w*|rekening\w*|energie)",
        r"\bachter (met|op) (de |mijn )?(huur|betalen|betaling\w*|rekeningen)\b",
        r"\bincasso\w*",
        r"\baanmaning\w*",
        r"\b(loon|uitkerings)?beslag(legging|gelegd)\w*",
        r"\bloonbeslag|\bbeslag (gelegd|op (mijn|ons|het) (loon|uitkering|salaris|rekening))",
        r"\bbewindvoer\w*|\bbeschermingsbewind\w*|\bbudgetbeheer\w*|\bbudgetcoach\w*",
        r"\bvoedselbank\w*",
        r"\brood (staan|sta|gestaan)\b|\b(sta|staan|stond|stonden) (ik |we |wij )?(flink |diep )?rood\b",
        r"\bgeld(zorgen|problemen|gebrek)\w*|\bfinanciele (problemen|zorgen|nood)\b",
        r"\b(huur|zorg|kinderopvang)toeslag\w*|\btoeslagen\w*",
        r"\b(huur|rekening\w*|energierekening|gasrekening) niet (meer )?(betalen|betaald)\b",
        r"\bdebts?\b|\bindebted\b(?! to)",
        r"\bbailiffs?\b|\bdebt collect\w*",
        r"\barrears\b",
        r"\bbehind (on|with) (my |the |our )?(rent|bills|payments)\b",
        r"\b(cant|cannot|can not|unable to) pay (my |the |our )?(rent|bills|energy bill)\b",
        r"\bfood ?banks?\b",
        r"\bmoney (problems|worries|troubles)\b|\bfinancial (problems|trouble|difficulties)\b",
    ),
    HEALTH: (
        r"\bziek(e|er|te|tes|ten|tebeeld|melding)?\b",
        r"\bchronisch ziek\w*",
        r"\bkanker\b|\bkanker(patient|behandeling)\w*|\b\w+kanker\b",
        r"\bchemo\w*|\bbestraling\w*",
        r"\bdiagnose\w*",
        r"\boperatie\w*|\bgeopereerd\b",
        r"\bdement(ie|erend\w*)\b|\balzheimer\w*|\bparkinson\w*",
        r"\bdiabet\w*|\bsuikerziek\w*",
        r"\bhart(aanval|infarct|falen)\w*|\bberoerte\b|\bherseninfarct\w*",
        r"\bmedicijn\w*|\bmedicatie\w*",
        r"\brevalid\w*",
        r"\bgebroken (heup|been|arm|pols|enkel)\b",
        r"\bhiv\b|\baids\b",
        r"\bsick\b|\billness\w*|\b(seriously|terminally|chronically) ill\b",
        r"\bcancer\b",
        r"\bsurgery\b|\b(hip|knee|heart) operation\b",
        r"\bdementia\b|\bdiabetes\b|\bdiabetic\b",
        r"\b(had|has|after) a stroke\b|\bheart attack\b",
        r"\bmedication\w*|\bmedicines?\b|\bdiagnos\w*",
        r"\bchronic (illness|pain|disease|condition)\b",
        r"\bbroken (hip|leg|arm|wrist|ankle)\b",
    ),
    MENTAL_HEALTH: (
        r"\bdepres\w*",  # depressie, depressief, depresief, depressed, depression
        r"\bburn(ed|t)? ?out\b",
        r"\boverspannen\w*|\boverspannenheid\b",
        r"\bangst(stoornis|aanval|klacht)\w*|\bpaniekaanval\w*",
        r"\bpsycholo\w*|\bpsychiat\w*|\bpsychisch\w*|\bpsychose\w*|\bpsychotisch\w*",
        r"\bggz\b",
        r"\bverslaaf\w*|\bverslaving\w*",
        r"\bptss\b|\bptsd\b|\btrauma\w*",
        r"\bbipola\w*|\bschizofren\w*|\bschizophren\w*",
        r"\beetstoornis\w*|\beating disorder\b",
        r"\b(geestelijke|mentale) (gezondheid|problemen|klachten)\b",
        r"\banxiety\b|\bpanic attacks?\b",
        r"\bmental (health|illness|problems|breakdown)\b|\bnervous breakdown\b",
        r"\btherapist\b|\baddict\w*",
    ),
    DOMESTIC_VIOLENCE: (
        r"\bhuiselijk\w* geweld\b",
        r"\b\w*geweld\b",  # geweld, partnergeweld, relatiegeweld (not "geweldig": blanked first)
        r"\bmishandel\w*",
        r"\bveilig thuis\b",
        r"\b(slaat|sloeg|schopt|schopte|bedreigt|bedreigde|mishandelt) (me|mij|ons|de kinderen)\b",
        r"\bgeslagen door\b",
        r"\bstalk(t|en|ing|er|ers|ed|s me)\b",
        r"\bloverboy\w*|\beergerelateerd\w*|\bdwingende controle\b",
        r"\bdomestic (violence|abuse)\b|\babus(e|ed|ive|er)\b",
        r"\b(hits|hit|beats|kicks|threatens) me\b|\bbeaten\b",
        r"\bviolent (partner|husband|wife|ex|boyfriend|girlfriend)\b",
        r"\bcoercive control\b",
    ),
    SUICIDE: (
        r"\bzelfmoord\w*|\bsuicid\w*|\bzelfdoding\w*",
        r"\bniet meer (willen |wil )?leven\b|\bdood (willen|wil)\b|\bwil (ik )?dood\b",
        r"\b(mezelf|mijzelf) (iets )?(aan doen|aandoen|wat aan)\b|\b(mezelf|mijzelf) van kant\b",
        r"\b(een )?eind(e)? aan (mijn|m n) leven\b|\bmijn leven (beeindigen|beindigen)\b",
        r"\bkill myself\b|\bend my (own )?life\b|\btake my (own )?life\b|\bwant to die\b",
        r"\bself ?harm\w*|\bzelfbeschadig\w*",
    ),
}

# Long key words whose misspellings (one slip) still count, also at the start of a compound.
SLIPS = {
    DEBT: (
        "deurwaarder",
        "huurachterstand",
        "betalingsachterstand",
        "schuldhulpverlening",
        "schuldsanering",
        "huurtoeslag",
        "zorgtoeslag",
        "bewindvoerder",
        "aanmaning",
        "voedselbank",
    ),  # fmt: skip
    HEALTH: ("alzheimer", "parkinson", "medicijnen", "dementia"),
    MENTAL_HEALTH: (
        "depressief",
        "depressie",
        "depression",
        "overspannen",
        "psycholoog",
        "psychiater",
        "paniekaanval",
        "angststoornis",
        "verslaving",
    ),  # fmt: skip
    DOMESTIC_VIOLENCE: ("mishandeling", "mishandeld", "huiselijk"),
    SUICIDE: ("zelfmoord", "zelfdoding", "suicide", "suicidaal", "zelfbeschadiging"),
}
MIN_SLIP_WORD = 7  # shorter words are left exact: one slip in a short word makes another word


def fold(text: str | None) -> str:
    """Lower case without accents or apostrophes; anything not a letter or digit becomes one space."""
    plain = normalise(text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


_HARMLESS = re.compile("|".join(f"(?:{pattern})" for pattern in HARMLESS))
_PHRASES = {topic: re.compile("|".join(f"(?:{p})" for p in patterns)) for topic, patterns in PHRASES.items()}


def _slipped(token: str, word: str) -> bool:
    """Whether ``token`` is ``word``, or starts with it, with at most one slip."""
    if len(token) < len(word) - 1:
        return False
    if token.startswith(word):
        return True
    return any(damerau(token[:size], word, 1) <= 1 for size in (len(word) - 1, len(word), len(word) + 1))


def sensitive_topics(text: str | None) -> list[str]:
    """The sensitive topics (codes of SENSITIVE_TOPICS, in that order) that ``text`` touches; [] for none."""
    folded = _HARMLESS.sub(" ", fold(text))
    if not folded.strip():
        return []
    tokens = [token for token in folded.split() if len(token) >= MIN_SLIP_WORD - 1]
    found = []
    for topic in SENSITIVE_TOPICS:
        if _PHRASES[topic].search(folded) or any(
            _slipped(token, word) for word in SLIPS[topic] if len(word) >= MIN_SLIP_WORD for token in tokens
        ):
            found.append(topic)
    return found
