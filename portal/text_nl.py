"""Dutch-aware text analysis: normalising, Dutch stems, spelling repair and the concepts of a lexicon.

A pure core (no Flask, no database), shared by signals' clustering and help's matching. Text is
normalised first (lower case, no accents), then each word is repaired when it is a likely misspelling
of a lexicon word, and a text becomes a set of features: the concepts of the lexicon it mentions
(``c:damp_mould``) and the Dutch stems of its other words (``t:speeltuin``). A `Lexicon` is compiled
once from a source in the format of `portal.lexicon_nl` (where the format is explained) and keeps its
own caches; `LazyLexicon` builds one on first use, once, whatever the number of threads.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from portal import lexicon_nl

CONCEPT_WEIGHT = 3.0
TERM_WEIGHT = 1.0
GENERIC_WEIGHT = 0.3
PHRASE_WINDOW = 4  # the parts of a phrase lie at most this many words apart
FUZZY_AFFIX_LENGTH = 7  # word pieces this long may match with one edit inside a misspelled compound
MIN_STEM = 5  # shorter stems only match their own word ("zitten" and "zitje" share "zit")
MIN_COMPOUND = 7  # shorter words are not read as compounds
MIN_PART = 3  # the shortest part of a compound ("fiets|les")
MIN_GUESSED_PART = 5  # an unknown first part is read as a word when it and the known last part are this long

CONCEPT, TERM = "c:", "t:"
WORD = re.compile(r"[a-z0-9]+")
CLAUSE = re.compile(r"[^.,;:!?()\n]+")
_VOWELS = set("aeiou")
_PARTICLES_LONGEST_FIRST = sorted(lexicon_nl.PARTICLES, key=lambda particle: (-len(particle), particle))
_DERIVING = ("heid", "ing", "lijk", "lijke", "baar", "achtig", "isch")
_IRREGULAR = {"kom": "komen", "ga": "gaan", "sta": "staan", "sla": "slaan", "zie": "zien", "doe": "doen"}
# A Snowball stemmer keeps the word it works on in the object: threads sharing one corrupt each other's
# stems (or raise IndexError), so each thread has its own.
_PER_THREAD = threading.local()


# --- Normalisation and stems ----------------------------------------------------------------------------


def normalise(text: str | None) -> str:
    """Lower case without accents; apostrophes dropped ("auto's" → "autos", "'s avonds" → "s avonds")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[’'`´]", "", plain)


def _stemmer():
    """This thread's Dutch Snowball stemmer."""
    stemmer = getattr(_PER_THREAD, "stemmer", None)
    if stemmer is None:
        stemmer = _PER_THREAD.stemmer = snowballstemmer.stemmer("dutch")
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def damerau(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance of a and b (``limit + 1`` once it is certainly larger)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def unit_vector(feats: Iterable[str], weight: Callable[[str], float]) -> dict[str, float]:
    """Features weighed by ``weight`` and scaled to length 1 (empty for no features)."""
    vector = {f: weight(f) for f in sorted(feats)}  # sorted: float sums must not depend on hash order
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {f: w / norm for f, w in vector.items()} if norm else {}


# --- The compiled lexicon -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    key: str
    theme: str
    label_nl: str
    label_en: str
    weight: float = CONCEPT_WEIGHT  # lower for where-or-who concepts (school, bus stop) than for matters


@dataclass(frozen=True)
class Alternative:
    kind: str  # "word", "prefix", "suffix", "infix"
    text: str


def _alternative(text: str) -> Alternative:
    if text.startswith("*") and text.endswith("*"):
        return Alternative("infix", text.strip("*"))
    if text.endswith("*"):
        return Alternative("prefix", text[:-1])
    if text.startswith("*"):
        return Alternative("suffix", text[1:])
    return Alternative("word", text)


def parse(source: str, themes: Iterable[str] | None = None) -> Iterable[tuple[Concept, list[str]]]:
    """The concepts of a lexicon source with their patterns; a theme outside ``themes`` (when given) is refused."""
    allowed = None if themes is None else set(themes)
    blocks: list[list[str]] = []
    for line in source.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            blocks.append([line])
        else:
            blocks[-1].append(line.strip())
    for header, *body in blocks:
        key, theme, label_nl, label_en, *rest = (cell.strip() for cell in header.split("|"))
        if allowed is not None and theme not in allowed:
            raise ValueError(f"concept {key}: unknown theme {theme}")
        patterns = [pattern.strip() for pattern in " ".join(body).split(",") if pattern.strip()]
        yield Concept(key, theme, label_nl, label_en, float(rest[0]) if rest else CONCEPT_WEIGHT), patterns


# Letters residents swap for one another; other single-letter substitutions are only repaired in long words.
_SOUND_ALIKE = {frozenset(pair) for pair in ("dt", "sz", "fv", "ck", "kq", "xk")}
_SOUND_ALIKE_SPELLINGS = (("ij", "ei"), ("ei", "ij"), ("au", "ou"), ("ou", "au"), ("y", "ij"), ("ch", "g"))


def plausible_slip(token: str, word: str) -> bool:
    """In a short word: a doubled letter written once or thrice, two letters swapped, or a sound-alike letter.

    Long words (eight letters or more) may have any slip; short ones would otherwise turn ordinary
    words into lexicon words ("gasten" into "gaten", "dozen" into "doen").
    """
    if len(token) >= 8:
        return True
    if len(token) != len(word):
        longer, shorter = (token, word) if len(token) > len(word) else (word, token)
        i = len(common_prefix(longer, shorter))
        neighbours = longer[i - 1 : i] + longer[i + 1 : i + 2]
        return longer[:i] + longer[i + 1 :] == shorter and longer[i] in neighbours
    differ = [i for i in range(len(token)) if token[i] != word[i]]
    if len(differ) == 2 and differ[1] == differ[0] + 1:
        return token[differ[0]] == word[differ[1]] and token[differ[1]] == word[differ[0]]
    return len(differ) == 1 and frozenset(token[differ[0]] + word[differ[0]]) in _SOUND_ALIKE


def common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


class Lexicon:
    """A parsed concept lexicon with the indexes that make matching and repair fast, and its caches.

    ``places`` are words never repaired into something else nor read as part of a compound (the names of
    neighbourhoods: "Vogelbuurt" is a place, not birds). The word lists (common, stop and generic words,
    misspellings) are those of `portal.lexicon_nl`; ``generic_words`` adds words that say little on their
    own in this lexicon's texts. With ``read_word_forms`` a text's words are also read as a Dutch
    reader reads them: a compound as its parts too ("boodschappenhulp": "boodschappen", "hulp"), a
    separable verb as one word ("ik vul het formulier in": "invullen") and a verb's forms as one verb
    ("maait", "maai", "maaien"); see `Lexicon.tokens`.
    """

    def __init__(
        self,
        source: str,
        themes: Iterable[str] | None = None,
        places: Iterable[str] = (),
        generic_words: Iterable[str] = (),
        read_word_forms: bool = False,
    ) -> None:
        self.read_word_forms = read_word_forms
        self.concepts: dict[str, Concept] = {}
        self.parts: list[tuple[Alternative, ...]] = []  # part id → alternatives
        part_ids: dict[str, int] = {}
        self.single: dict[int, set[str]] = defaultdict(set)  # part id → concepts it names on its own
        self.phrases: list[tuple[str, tuple[int, ...]]] = []  # (concept, part ids) of multi-part patterns
        for concept_, patterns in parse(source, themes):
            key = concept_.key
            if key in self.concepts:
                raise ValueError(f"concept {key} is defined twice")
            self.concepts[key] = concept_
            for pattern in patterns:
                ids = []
                for part in pattern.split():
                    if part not in part_ids:
                        part_ids[part] = len(self.parts)
                        self.parts.append(tuple(_alternative(alt) for alt in part.split("|") if alt))
                    ids.append(part_ids[part])
                if len(ids) == 1:
                    self.single[ids[0]].add(key)
                else:
                    self.phrases.append((key, tuple(ids)))
        self.words: dict[str, set[int]] = defaultdict(set)  # word → part ids
        self.stems: dict[str, set[tuple[int, bool]]] = defaultdict(set)  # stem → (part id, word is its stem)
        self.affixes: list[tuple[Alternative, int]] = []
        for part_id, alternatives in enumerate(self.parts):
            for alt in alternatives:
                if alt.kind == "word":
                    self.words[alt.text].add(part_id)
                    if not alt.text.endswith(("je", "jes")):  # "stoepje" is no "stoep"; list diminutives
                        self.stems[stem(alt.text)].add((part_id, stem(alt.text) == alt.text))
                else:
                    self.affixes.append((alt, part_id))
        self.vocabulary = {alt.text for alts in self.parts for alt in alts if len(alt.text) >= 4}
        self.known = (
            self.vocabulary | lexicon_nl.COMMON_WORDS | lexicon_nl.STOP_WORDS | lexicon_nl.GENERIC_WORDS
        ) | set(lexicon_nl.MISSPELLINGS.values())
        self.places = {word for name in places for word in WORD.findall(normalise(name))}
        self.known |= self.places
        self.by_deletion: dict[str, set[str]] = defaultdict(set)
        for word in self.vocabulary:
            self.by_deletion[word].add(word)
            for deleted in deletions(word):
                self.by_deletion[deleted].add(word)
        self.fuzzy: dict[str, set[int]] = defaultdict(set)  # affix or one deletion of it → affix indexes
        for index, (alt, _part_id) in enumerate(self.affixes):
            if len(alt.text) >= FUZZY_AFFIX_LENGTH:
                for variant in deletions(alt.text) | {alt.text}:
                    self.fuzzy[variant].add(index)
        self.fuzzy_lengths = sorted({len(alt.text) for alt, _ in self.affixes if len(alt.text) >= FUZZY_AFFIX_LENGTH})
        self.phrases_by_part: dict[int, list[int]] = defaultdict(list)
        for index, (_concept, ids) in enumerate(self.phrases):
            self.phrases_by_part[ids[0]].append(index)
        self.generic_stems = frozenset(stem(word) for word in lexicon_nl.GENERIC_WORDS | set(generic_words))
        # Words a compound may be made of: the lexicon's, common, generic and filler words and frequent parts.
        self.compound_parts = frozenset(
            word
            for word in self.vocabulary
            | lexicon_nl.COMMON_WORDS
            | lexicon_nl.GENERIC_WORDS
            | lexicon_nl.COMPOUND_PARTS
            | set(generic_words)
            if len(word) >= MIN_PART and word.isalpha() and word not in lexicon_nl.STOP_WORDS
        )
        self.compound_stems = frozenset(stem(word) for word in self.compound_parts if len(word) >= MIN_STEM)
        # Caches of this lexicon (a word's repair and parts never change once it is built).
        self.repair = lru_cache(maxsize=200_000)(self._repair)
        self.token_parts = lru_cache(maxsize=200_000)(self._token_parts)
        self.direct_parts = lru_cache(maxsize=200_000)(self._direct_parts)
        self.compound = lru_cache(maxsize=200_000)(self._compound)
        self.verb_form = lru_cache(maxsize=200_000)(self._verb_form)

    # --- spelling repair

    def _repair(self, token: str) -> str:
        """The lexicon word a misspelled token most likely means, or the token itself.

        Known words are left alone. Then ij/ei and au/ou are swapped; otherwise the closest lexicon word
        with the same first letter wins: in short words a doubled letter written once or thrice, two
        letters swapped or a sound-alike letter (d/t, s/z, f/v, c/k), in words of eight letters or more
        any two edits. A longer shared prefix breaks ties.
        """
        if token in lexicon_nl.MISSPELLINGS:
            return lexicon_nl.MISSPELLINGS[token]
        if len(token) < 5 or token.isdigit() or token in self.known or self.direct_parts(token):
            return token
        for written, meant in _SOUND_ALIKE_SPELLINGS:  # "bijum", "blouw": one sound, two spellings
            variant = token.replace(written, meant)
            if variant != token and (variant in self.vocabulary or self.direct_parts(variant)):
                return variant
        limit = 1 if len(token) < 8 else 2
        candidates = set(self.by_deletion.get(token, ()))
        for deleted in deletions(token):
            candidates |= self.by_deletion.get(deleted, set())
        scored = []
        for word in candidates:
            distance = damerau(token, word, limit)
            if distance <= limit and word[0] == token[0] and (distance == 2 or plausible_slip(token, word)):
                shared = len(common_prefix(token, word))
                scored.append((distance, -shared, word))
        return min(scored)[2] if scored else token

    # --- the parts of the lexicon a word satisfies

    def _token_parts(self, token: str) -> frozenset[int]:
        """The ids of the lexicon parts a (repaired) token satisfies, by one edit in a long unknown word too."""
        found = self.direct_parts(token)
        if not found and len(token) >= 7 and token not in self.known:
            found = frozenset(self._fuzzy_parts(token))
        return found

    def _direct_parts(self, token: str) -> frozenset[int]:
        """The ids of the lexicon parts a token satisfies as written."""
        found = set(self.words.get(token, ()))
        token_stem = stem(token)
        # An inflected form meets a word of the same stem ("schimmels", "lantaarnpalen") when that stem is
        # long enough to be safe: "zitten" and "zitje" share "zit", "binnen" and "bin" share "bin". Reading
        # word forms, a verb's bare stem meets its infinitive too ("breng": "brengen").
        if (token != token_stem or self.read_word_forms) and len(token_stem) >= MIN_STEM:
            found.update(part_id for part_id, _own in self.stems.get(token_stem, ()))
        if token in self.places:  # "Vogelbuurt" and "Bloemenbuurt" are places, not birds or flowers
            return frozenset(found)
        for alt, part_id in self.affixes:
            text = alt.text
            if alt.kind == "prefix":
                hit = token.startswith(text)
            elif alt.kind == "suffix":
                hit = token.endswith(text)
            else:
                hit = text in token
            if hit:
                found.add(part_id)
        return frozenset(found)

    def _fuzzy_parts(self, token: str) -> set[int]:
        """Parts whose prefix, suffix or infix lies within one edit of a piece of a misspelled compound."""
        found = set()
        for length in self.fuzzy_lengths:
            for size in (length - 1, length, length + 1):
                for start in range(0, len(token) - size + 1):
                    piece = token[start : start + size]
                    indexes = set(self.fuzzy.get(piece, ()))
                    for deleted in deletions(piece):
                        indexes |= self.fuzzy.get(deleted, set())
                    for index in indexes:
                        alt, part_id = self.affixes[index]
                        if len(alt.text) != length or part_id in found:
                            continue
                        if alt.kind == "prefix" and start != 0 or alt.kind == "suffix" and start + size != len(token):
                            continue
                        if (
                            piece[0] == alt.text[0]
                            and damerau(piece, alt.text, 1) <= 1
                            and plausible_slip(piece, alt.text)
                        ):
                            found.add(part_id)
        return found

    # --- a text's words, concepts and stems

    def tokens(self, text: str | None) -> list[str]:
        """The normalised, repaired words of a text, in order (stop words kept: phrases need them).

        With ``read_word_forms``, a compound's parts follow it ("stamboomonderzoek stamboom onderzoek"),
        a separable verb's particle at the end of a clause is followed by the verb it makes ("ik lees graag
        voor voorlezen"), and a joined verb in the third person is read as its infinitive ("voorleest" as
        "voorlezen").
        """
        if not self.read_word_forms:
            result = []
            for raw in WORD.findall(normalise(text)):
                result.extend(self.repair(raw).split())
            return result
        result = []
        for clause in CLAUSE.findall(normalise(text)):
            words = [word for raw in WORD.findall(clause) for word in self.repair(raw).split()]
            for position, word in enumerate(words):
                word = self.verb_form(word)
                result.append(word)
                result.extend(self.compound(word))
                if word in lexicon_nl.PARTICLES and _ends_clause(words, position):
                    verb, first_person = _finite_verb(words[:position])
                    if verb:
                        result.append(word + infinitive(verb, third_person=not first_person))
        return result

    # --- compounds and separable verbs

    def _is_part(self, word: str) -> bool:
        """Is this a word a compound may be made of (as listed, or an inflection of a listed word)?"""
        if word in self.compound_parts:
            return True
        word_stem = stem(word)  # "-heid", "-ing" and "-lijk" make new words, not inflections
        return len(word_stem) >= MIN_STEM and word_stem in self.compound_stems and not word.endswith(_DERIVING)

    def _compound(self, word: str) -> tuple[str, ...]:
        """The parts of a compound, longest last part first, with a linking -s- or -e- dropped ("dorps|huis").

        Only unknown words of MIN_COMPOUND letters or more are read as compounds; the last part must be
        a known word, the rest known words too (split again if need be), or one unknown word when both are
        MIN_GUESSED_PART letters or more ("stamboom|onderzoek"). Empty when the word is no compound.
        """
        if len(word) < MIN_COMPOUND or not word.isalpha() or word in self.known or word in self.places:
            return ()
        if stem(word) in self.compound_stems:  # an inflection of a known word ("smartphones", "huisdieren")
            return ()
        return self._split(word) or ()

    def _split(self, word: str) -> tuple[str, ...] | None:
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, first = word[cut:], word[:cut]
            if not self._is_part(head):
                continue
            linked = first[:-1] if first.endswith(("s", "e")) else ""  # "verjaardag|s|taart", "honde|poep"
            for modifier in (linked, first) if linked in self.compound_parts else (first, linked):
                if len(modifier) >= MIN_PART and self._is_part(modifier):
                    return (modifier, head)
            if len(first) >= MIN_COMPOUND and (before := self._split(first)):
                return (*before, head)
            if len(first) >= MIN_GUESSED_PART and len(head) >= MIN_GUESSED_PART:
                return (first, head)
        return None

    def _verb_form(self, word: str) -> str:
        """A verb in the third person as a lexicon word or an infinitive; other words as they are.

        A separable verb written as one word becomes its infinitive ("voorleest": "voorlezen"), another
        verb its first person when that is a lexicon word ("maait": "maai", "repareert": "repareer").
        Only for words that are not known and mean nothing to the lexicon as written.
        """
        if not word.endswith("t") or word in self.known or self.direct_parts(word):
            return word
        for particle in _PARTICLES_LONGEST_FIRST:
            rest = word[len(particle) : -1]
            if word.startswith(particle) and len(rest) >= MIN_PART and not rest.endswith(("aa", "ee", "oo", "uu")):
                return particle + infinitive(rest)
        first_person = word[:-1]
        if len(first_person) >= 4 and (first_person in self.words or self.direct_parts(first_person)):
            return first_person
        return word

    def concepts_in(self, text: str | None) -> frozenset[str]:
        """The keys of the lexicon concepts a text mentions."""
        return self.concepts_of(tuple(self.tokens(text)))

    def concepts_of(self, words: tuple[str, ...]) -> frozenset[str]:
        """The keys of the lexicon concepts a text's tokens mention."""
        found: set[str] = set()
        positions: dict[int, list[int]] = defaultdict(list)
        for position, word in enumerate(words):
            for part_id in self.token_parts(word):
                positions[part_id].append(position)
                found.update(self.single.get(part_id, ()))
        for part_id, starts in list(positions.items()):
            for index in self.phrases_by_part.get(part_id, ()):
                key, ids = self.phrases[index]
                if key in found or not all(other in positions for other in ids):
                    continue
                if any(_near(start, ids[1:], positions) for start in starts):
                    found.add(key)
        return frozenset(found)

    def terms(self, text: str | None) -> frozenset[str]:
        """The Dutch stems of the words that say something (no stop words, no numbers, no short words)."""
        return terms_of(self.tokens(text))

    def features(self, text: str | None) -> frozenset[str]:
        """What a text is about: ``c:`` concepts and ``t:`` stems."""
        words = tuple(self.tokens(text))
        return frozenset({CONCEPT + key for key in self.concepts_of(words)} | {TERM + term for term in terms_of(words)})

    def weight(self, feature: str) -> float:
        """A concept weighs its lexicon weight, a stem 1, a stem that says little on its own 0.3."""
        if feature.startswith(CONCEPT):
            known = self.concepts.get(feature[len(CONCEPT) :])
            return known.weight if known else CONCEPT_WEIGHT
        return GENERIC_WEIGHT if feature[len(TERM) :] in self.generic_stems else TERM_WEIGHT


def _near(start: int, others: tuple[int, ...], positions: dict[int, list[int]]) -> bool:
    return all(
        any(abs(position - start) <= PHRASE_WINDOW and position != start for position in positions[other])
        for other in others
    )


def _ends_clause(words: list[str], position: int) -> bool:
    """Is the word at ``position`` the last of its clause (followed by nothing or by "en", "of", "maar"...)?

    Not in a pair such as "af en toe", "op en neer" or "in en om het huis".
    """
    if position == len(words) - 1:
        return True
    if words[position + 1] not in lexicon_nl.CLAUSE_JOINERS:
        return False
    after = words[position + 2] if position + 2 < len(words) else ""
    return after not in lexicon_nl.PARTICLES and after not in {"om", "weer", "toe", "neer"}


def _finite_verb(words: list[str]) -> tuple[str | None, bool]:
    """The finite verb of a main clause's words: next to its subject ("ik lees", "lees ik", "wie haalt").

    Only the words since the last "en", "of", "maar"... count. None when no subject says where it is
    (the subject first, or among the first five words after a short opening), and whether the subject
    is "ik" or an inverted "jij" (then a final -t belongs to the verb: "ik start", "start jij").
    """
    whole = words
    for index in range(len(words) - 1, -1, -1):
        if words[index] in lexicon_nl.CLAUSE_JOINERS:
            after = words[index + 1 :]
            # The subject of the clause before is shared ("ik ga naar de markt en neem je mee") when the
            # word after "en" can be a verb of the first or third person (not "planken", "boeken").
            if after and not after[0].endswith("en") and after[0] not in lexicon_nl.STOP_WORDS:
                return _as_verb(after[0], _subject_of(whole) in {"ik"})
            break
    subject = _subject_of(whole)
    if len(whole) >= 2 and whole[0] in lexicon_nl.SUBJECTS:
        return _as_verb(whole[1], whole[0] == "ik")
    # inverted after a short opening ("op dinsdag lees ik"): the word before a personal pronoun
    for i in range(1, min(len(whole), 5)):
        if whole[i] in lexicon_nl.PRONOUNS:
            return _as_verb(whole[i - 1], whole[i] in {"ik", "jij"})
    return None, subject == "ik"


def _subject_of(words: list[str]) -> str | None:
    return words[0] if words and words[0] in lexicon_nl.SUBJECTS else None


def _as_verb(word: str, first_person: bool) -> tuple[str | None, bool]:
    if word in lexicon_nl.STOP_WORDS or not word.isalpha() or len(word) < 2:
        return None, first_person
    return word, first_person


def infinitive(verb: str, third_person: bool = True) -> str:
    """A Dutch verb's infinitive from its first- or third-person present ("vult": "vullen", "leest": "lezen").

    The rules of spelling: a final -t of the third person goes (not when ``third_person`` is false); a
    long vowel written double is written once before -en ("lees": "lezen"), a short one doubles the
    consonant ("vul": "vullen"); f and s after a vowel sound become v and z ("geef": "geven").
    """
    if third_person and len(verb) > 3 and verb.endswith("t") and verb[-2] not in "aeiout":
        verb = verb[:-1]  # "vult", "leest", "hangt", "vindt" (not "zet", "praat"; "ik start" keeps its t)
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if len(verb) < 2 or verb[-1] in _VOWELS:
        return verb + "n" if verb.endswith(("e", "a")) else verb + "en"
    last, before = verb[-1], verb[:-1]
    if last in "fs" and (before[-1:] in _VOWELS or before.endswith("ij")):
        last = "v" if last == "f" else "z"
    if len(before) >= 2 and before[-1] == before[-2] and before[-1] in _VOWELS and before[-1] != "i":
        return before[:-1] + last + "en"  # lees → lezen, maak → maken, loop → lopen
    single_short = (
        before[-1:] in _VOWELS
        and (len(before) < 2 or before[-2] not in _VOWELS)
        and not (len(verb) > 3 and before.endswith(("e",)) and last in "lnr")  # wandel, verander: -en only
    )
    if single_short and last not in "wjx":
        return before + verb[-1] * 2 + "en"  # vul → vullen, zet → zetten
    return before + last + "en"


def terms_of(words: Iterable[str]) -> frozenset[str]:
    """The Dutch stems of the words that say something (no stop words, no numbers, no short words)."""
    return frozenset(
        stem(word) for word in words if len(word) >= 3 and not word.isdigit() and word not in lexicon_nl.STOP_WORDS
    )


class LazyLexicon:
    """A lexicon compiled on first use by ``build``, by the first thread that needs it while the others wait."""

    def __init__(self, build: Callable[[], Lexicon]) -> None:
        self._build = build
        self._built: list[Lexicon] = []  # read-only once filled
        self._lock = threading.Lock()

    def get(self) -> Lexicon:
        if not self._built:
            with self._lock:
                if not self._built:
                    self._built.append(self._build())
        return self._built[0]
