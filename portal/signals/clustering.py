"""Clustering signals: the same matter, in the same team area, within a time window.

A pure core (no Flask, no database). A text becomes a set of features: the concepts of the hand-made
lexicon it mentions (``c:damp_mould``; weighed heavily, so "schimmel" meets "zwarte plekken op de muur")
and the Dutch stems of its other words (``t:speeltuin``; weighed lightly). Text is normalised first:
lower case, no accents, common misspellings repaired by edit distance to lexicon words.

`Clusterer.place` puts a new signal at once into the most similar open cluster of its team area
(cosine of the signal to the cluster's centroid, at least `threshold`; a cluster is open while its
newest signal is at most `window_days` old), or starts a new cluster. An inverted index per
(team, feature) keeps that fast with tens of thousands of stored signals. `recluster` and `cluster_all`
re-cluster in date order. A signal's features are a frozenset of strings, so a service can store them and
pass them back (`Signal.features`); `Clusterer.restore` rebuilds the open clusters from stored ids.
"""

from __future__ import annotations

import heapq
import math
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

import snowballstemmer

from portal.signals import lexicon

WINDOW_DAYS = 180
THRESHOLD = 0.3
MIN_SIGNALS = 3
MIN_REPORTERS = 2

CONCEPT_WEIGHT = 3.0
TERM_WEIGHT = 1.0
GENERIC_WEIGHT = 0.3
THEME_WEIGHT = 0.7
PHRASE_WINDOW = 4  # the parts of a phrase lie at most this many words apart
FUZZY_AFFIX_LENGTH = 7  # word pieces this long may match with one edit inside a misspelled compound
MISMATCH_FACTOR = 0.6  # a cluster about other matters than the signal's scores this much lower
MIN_STEM = 5  # shorter stems only match their own word ("zitten" and "zitje" share "zit")

CONCEPT, TERM, THEME = "c:", "t:", "th:"
_WORD = re.compile(r"[a-z0-9]+")
# A Snowball stemmer keeps the word it works on in the object: threads sharing one corrupt each other's
# stems (or raise IndexError), so each thread has its own.
_PER_THREAD = threading.local()


# --- Normalisation and spelling repair ------------------------------------------------------------------


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


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


# --- The compiled lexicon -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    key: str
    theme: str
    label_nl: str
    label_en: str
    weight: float = CONCEPT_WEIGHT  # lower for where-or-who concepts (school, bus stop) than for matters


@dataclass(frozen=True)
class _Alternative:
    kind: str  # "word", "prefix", "suffix", "infix"
    text: str


class _Lexicon:
    """The parsed concept lexicon with the indexes that make matching and repair fast."""

    def __init__(self, source: str) -> None:
        self.concepts: dict[str, Concept] = {}
        self.parts: list[tuple[_Alternative, ...]] = []  # part id → alternatives
        part_ids: dict[str, int] = {}
        self.single: dict[int, set[str]] = defaultdict(set)  # part id → concepts it names on its own
        self.phrases: list[tuple[str, tuple[int, ...]]] = []  # (concept, part ids) of multi-part patterns
        for concept_, patterns in _parse(source):
            key = concept_.key
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
        self.affixes: list[tuple[_Alternative, int]] = []
        for part_id, alternatives in enumerate(self.parts):
            for alt in alternatives:
                if alt.kind == "word":
                    self.words[alt.text].add(part_id)
                    if not alt.text.endswith(("je", "jes")):  # "stoepje" is no "stoep"; list diminutives
                        self.stems[stem(alt.text)].add((part_id, stem(alt.text) == alt.text))
                else:
                    self.affixes.append((alt, part_id))
        self.vocabulary = {alt.text for alts in self.parts for alt in alts if len(alt.text) >= 4}
        self.known = (self.vocabulary | lexicon.COMMON_WORDS | lexicon.STOP_WORDS | lexicon.GENERIC_WORDS) | set(
            lexicon.MISSPELLINGS.values()
        )
        self.places = _place_words()
        self.known |= self.places
        self.by_deletion: dict[str, set[str]] = defaultdict(set)
        for word in self.vocabulary:
            self.by_deletion[word].add(word)
            for deleted in _deletions(word):
                self.by_deletion[deleted].add(word)
        self.fuzzy: dict[str, set[int]] = defaultdict(set)  # affix or one deletion of it → affix indexes
        for index, (alt, _part_id) in enumerate(self.affixes):
            if len(alt.text) >= FUZZY_AFFIX_LENGTH:
                for variant in _deletions(alt.text) | {alt.text}:
                    self.fuzzy[variant].add(index)
        self.fuzzy_lengths = sorted({len(alt.text) for alt, _ in self.affixes if len(alt.text) >= FUZZY_AFFIX_LENGTH})
        self.phrases_by_part: dict[int, list[int]] = defaultdict(list)
        for index, (_concept, ids) in enumerate(self.phrases):
            self.phrases_by_part[ids[0]].append(index)


def _place_words() -> set[str]:
    """The words of Groningen's neighbourhood, district and team names: never repaired into something else."""
    from portal.signals.areas import place_names

    return {word for name in place_names() for word in _WORD.findall(normalise(name))}


def _alternative(text: str) -> _Alternative:
    if text.startswith("*") and text.endswith("*"):
        return _Alternative("infix", text.strip("*"))
    if text.endswith("*"):
        return _Alternative("prefix", text[:-1])
    if text.startswith("*"):
        return _Alternative("suffix", text[1:])
    return _Alternative("word", text)


def _parse(source: str) -> Iterable[tuple[Concept, list[str]]]:
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
        if theme not in lexicon.THEMES:
            raise ValueError(f"concept {key}: unknown theme {theme}")
        patterns = [pattern.strip() for pattern in " ".join(body).split(",") if pattern.strip()]
        yield Concept(key, theme, label_nl, label_en, float(rest[0]) if rest else CONCEPT_WEIGHT), patterns


_LEXICON: list[_Lexicon] = []  # built once, on first use; read-only afterwards
_LEXICON_LOCK = threading.Lock()


def _lexicon() -> _Lexicon:
    """The compiled lexicon, built by the first thread that needs it while the others wait for it."""
    if not _LEXICON:
        with _LEXICON_LOCK:
            if not _LEXICON:
                _LEXICON.append(_Lexicon(lexicon.CONCEPTS))
    return _LEXICON[0]


def concept(key: str) -> Concept:
    """The concept named ``key`` (its theme and labels)."""
    return _lexicon().concepts[key]


@lru_cache(maxsize=200_000)
def repair(token: str) -> str:
    """The lexicon word a misspelled token most likely means, or the token itself.

    Known words are left alone. Then ij/ei and au/ou are swapped; otherwise the closest lexicon word with
    the same first letter wins: in short words a doubled letter written once or thrice, two letters
    swapped or a sound-alike letter (d/t, s/z, f/v, c/k), in words of eight letters or more any two edits.
    A longer shared prefix breaks ties.
    """
    if token in lexicon.MISSPELLINGS:
        return lexicon.MISSPELLINGS[token]
    lex = _lexicon()
    if len(token) < 5 or token.isdigit() or token in lex.known or _direct_parts(token):
        return token
    for written, meant in _SOUND_ALIKE_SPELLINGS:  # "bijum", "blouw": one sound, two spellings
        variant = token.replace(written, meant)
        if variant != token and (variant in lex.vocabulary or _direct_parts(variant)):
            return variant
    limit = 1 if len(token) < 8 else 2
    candidates = set(lex.by_deletion.get(token, ()))
    for deleted in _deletions(token):
        candidates |= lex.by_deletion.get(deleted, set())
    scored = []
    for word in candidates:
        distance = damerau(token, word, limit)
        if distance <= limit and word[0] == token[0] and (distance == 2 or _plausible_slip(token, word)):
            shared = len(_common_prefix(token, word))
            scored.append((distance, -shared, word))
    return min(scored)[2] if scored else token


# Letters residents swap for one another; other single-letter substitutions are only repaired in long words.
_SOUND_ALIKE = {frozenset(pair) for pair in ("dt", "sz", "fv", "ck", "kq", "xk")}
_SOUND_ALIKE_SPELLINGS = (("ij", "ei"), ("ei", "ij"), ("au", "ou"), ("ou", "au"), ("y", "ij"), ("ch", "g"))


def _plausible_slip(token: str, word: str) -> bool:
    """In a short word: a doubled letter written once or thrice, two letters swapped, or a sound-alike letter.

    Long words (eight letters or more) may have any slip; short ones would otherwise turn ordinary
    words into lexicon words ("gasten" into "gaten", "dozen" into "doen").
    """
    if len(token) >= 8:
        return True
    if len(token) != len(word):
        longer, shorter = (token, word) if len(token) > len(word) else (word, token)
        i = len(_common_prefix(longer, shorter))
        neighbours = longer[i - 1 : i] + longer[i + 1 : i + 2]
        return longer[:i] + longer[i + 1 :] == shorter and longer[i] in neighbours
    differ = [i for i in range(len(token)) if token[i] != word[i]]
    if len(differ) == 2 and differ[1] == differ[0] + 1:
        return token[differ[0]] == word[differ[1]] and token[differ[1]] == word[differ[0]]
    return len(differ) == 1 and frozenset(token[differ[0]] + word[differ[0]]) in _SOUND_ALIKE


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


@lru_cache(maxsize=200_000)
def _token_parts(token: str) -> frozenset[int]:
    """The ids of the lexicon parts a (repaired) token satisfies, by one edit in a long unknown word too."""
    found = _direct_parts(token)
    if not found and len(token) >= 7 and token not in _lexicon().known:
        found = frozenset(_fuzzy_parts(token))
    return found


@lru_cache(maxsize=200_000)
def _direct_parts(token: str) -> frozenset[int]:
    """The ids of the lexicon parts a token satisfies as written."""
    lex = _lexicon()
    found = set(lex.words.get(token, ()))
    token_stem = stem(token)
    # An inflected form meets a word of the same stem ("schimmels", "lantaarnpalen") when that stem is
    # long enough to be safe: "zitten" and "zitje" share "zit", "binnen" and "bin" share "bin".
    if token != token_stem and len(token_stem) >= MIN_STEM:
        found.update(part_id for part_id, _own in lex.stems.get(token_stem, ()))
    if token in lex.places:  # "Vogelbuurt" and "Bloemenbuurt" are places, not birds or flowers
        return frozenset(found)
    for alt, part_id in lex.affixes:
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


def _fuzzy_parts(token: str) -> set[int]:
    """Parts whose prefix, suffix or infix lies within one edit of a piece of a misspelled compound."""
    lex = _lexicon()
    found = set()
    for length in lex.fuzzy_lengths:
        for size in (length - 1, length, length + 1):
            for start in range(0, len(token) - size + 1):
                piece = token[start : start + size]
                indexes = set(lex.fuzzy.get(piece, ()))
                for deleted in _deletions(piece):
                    indexes |= lex.fuzzy.get(deleted, set())
                for index in indexes:
                    alt, part_id = lex.affixes[index]
                    if len(alt.text) != length or part_id in found:
                        continue
                    if alt.kind == "prefix" and start != 0 or alt.kind == "suffix" and start + size != len(token):
                        continue
                    if (
                        piece[0] == alt.text[0]
                        and damerau(piece, alt.text, 1) <= 1
                        and _plausible_slip(piece, alt.text)
                    ):
                        found.add(part_id)
    return found


def tokens(text: str | None) -> list[str]:
    """The normalised, repaired words of a text, in order (stop words kept: phrases need them)."""
    result = []
    for raw in _WORD.findall(normalise(text)):
        result.extend(repair(raw).split())
    return result


def concepts(text: str | None) -> frozenset[str]:
    """The keys of the lexicon concepts a text mentions."""
    return _concepts(tuple(tokens(text)))


def _concepts(words: tuple[str, ...]) -> frozenset[str]:
    lex = _lexicon()
    found: set[str] = set()
    positions: dict[int, list[int]] = defaultdict(list)
    for position, word in enumerate(words):
        for part_id in _token_parts(word):
            positions[part_id].append(position)
            found.update(lex.single.get(part_id, ()))
    for part_id, starts in list(positions.items()):
        for index in lex.phrases_by_part.get(part_id, ()):
            key, ids = lex.phrases[index]
            if key in found or not all(other in positions for other in ids):
                continue
            if any(_near(start, ids[1:], positions) for start in starts):
                found.add(key)
    return frozenset(found)


def _near(start: int, others: tuple[int, ...], positions: dict[int, list[int]]) -> bool:
    return all(
        any(abs(position - start) <= PHRASE_WINDOW and position != start for position in positions[other])
        for other in others
    )


def terms(text: str | None) -> frozenset[str]:
    """The Dutch stems of the words that say something (no stop words, no numbers, no short words)."""
    return _terms(tokens(text))


def _terms(words: Iterable[str]) -> frozenset[str]:
    return frozenset(
        stem(word) for word in words if len(word) >= 3 and not word.isdigit() and word not in lexicon.STOP_WORDS
    )


@lru_cache(maxsize=100_000)
def features(text: str | None, theme: str | None = None) -> frozenset[str]:
    """What a signal is about: ``c:`` concepts, ``t:`` stems and, when the reporter chose one, ``th:`` theme.

    Store this per signal; `Clusterer` takes it back through `Signal.features`.
    """
    words = tuple(tokens(text))
    result = {CONCEPT + key for key in _concepts(words)} | {TERM + term for term in _terms(words)}
    if theme and theme in lexicon.THEMES and theme != "other":
        result.add(THEME + theme)
    return frozenset(result)


_GENERIC_STEMS = frozenset(stem(word) for word in lexicon.GENERIC_WORDS)


@lru_cache(maxsize=200_000)
def weight(feature: str) -> float:
    if feature.startswith(CONCEPT):
        known = _lexicon().concepts.get(feature[len(CONCEPT) :])
        return known.weight if known else CONCEPT_WEIGHT
    if feature.startswith(THEME):
        return THEME_WEIGHT
    return GENERIC_WEIGHT if feature[len(TERM) :] in _GENERIC_STEMS else TERM_WEIGHT


def _matters(feats: Iterable[str]) -> frozenset[str]:
    """The concept features among ``feats`` that name a matter (full weight), not a place or a group."""
    return frozenset(f for f in feats if f.startswith(CONCEPT) and weight(f) >= CONCEPT_WEIGHT)


def unit_vector(feats: Iterable[str]) -> dict[str, float]:
    """Features weighed and scaled to length 1 (empty for no features)."""
    vector = {f: weight(f) for f in sorted(feats)}  # sorted: float sums must not depend on hash order
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {f: w / norm for f, w in vector.items()} if norm else {}


# --- Clusters -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    """One report: what, where (the team area's key) and when; reporter and theme are optional."""

    id: Hashable
    text: str
    team: str
    created: date
    reporter: Hashable | None = None
    theme: str | None = None
    features: frozenset[str] | None = None  # stored features; computed from text and theme when None

    def __post_init__(self) -> None:
        if isinstance(self.created, datetime):  # a timestamp counts by its day
            object.__setattr__(self, "created", self.created.date())

    def feature_set(self) -> frozenset[str]:
        return self.features if self.features is not None else features(self.text, self.theme)


@dataclass
class Cluster:
    id: int
    team: str
    first: date
    last: date
    signal_ids: list[Hashable] = field(default_factory=list)
    reporters: set[Hashable] = field(default_factory=set)
    counts: Counter = field(default_factory=Counter)  # feature → how many of its signals have it
    centroid: dict[str, float] = field(default_factory=dict)  # sum of its signals' unit vectors
    norm2: float = 0.0
    concepts: set[str] = field(default_factory=set)  # the concept features of its signals
    matters: frozenset[str] = frozenset()  # the matter concepts at least half its signals mention
    summarised: int = 0  # signals restored from a stored summary (their ids are not known here)

    @property
    def size(self) -> int:
        return len(self.signal_ids) + self.summarised


@dataclass(frozen=True)
class Reason:
    """Why signals belong together: a shared concept, theme or word, and in how many of them it occurs."""

    kind: str  # "concept", "theme" or "term"
    key: str
    label: str
    count: int

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Candidate:
    cluster_id: int
    score: float


class Clusterer:
    """Places signals into clusters one at a time; see the module docstring.

    Only open clusters are indexed: `close_before` forgets those whose newest signal is older than a day
    (`cluster_all` calls it as it moves through time; a service restores only open clusters).
    """

    def __init__(
        self,
        window_days: int = WINDOW_DAYS,
        threshold: float = THRESHOLD,
        min_signals: int = MIN_SIGNALS,
        min_reporters: int = MIN_REPORTERS,
    ) -> None:
        self.window = timedelta(days=window_days)
        self.threshold = threshold
        self.min_signals = min_signals
        self.min_reporters = min_reporters
        self.clusters: dict[int, Cluster] = {}
        self.assignment: dict[Hashable, int] = {}  # signal id → cluster id
        self._index: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)  # (team, feature) → weights
        self._by_last: list[tuple[date, int]] = []  # heap of (newest signal's date, cluster id), maybe stale
        self._closed: set[int] = set()
        self._next_id = 1

    def candidates(self, signal: Signal, limit: int | None = None) -> list[Candidate]:
        """Open clusters of the signal's team area it resembles, most alike first (threshold not applied)."""
        ranked = [Candidate(cluster_id, score) for cluster_id, score in self._scores(signal).items()]
        ranked.sort(key=lambda c: self._rank(c.cluster_id, c.score))
        return ranked[:limit] if limit else ranked

    def _rank(self, cluster_id: int, score: float) -> tuple:
        """Sort key: most similar first, then the most recently active, then the oldest cluster."""
        return (-score, -self.clusters[cluster_id].last.toordinal(), cluster_id)

    def _scores(self, signal: Signal) -> dict[int, float]:
        feats = signal.feature_set()
        vector = unit_vector(feats)
        matters = _matters(feats)
        scores: dict[int, float] = defaultdict(float)
        index, team = self._index, signal.team
        for feature, value in vector.items():
            postings = index.get((team, feature))
            if postings:
                for cluster_id, centroid_value in postings.items():
                    scores[cluster_id] += value * centroid_value
        earliest, latest = signal.created - self.window, signal.created + self.window
        result = {}
        for cluster_id, dot in scores.items():
            cluster = self.clusters[cluster_id]
            if cluster.last < earliest or cluster.first > latest:
                continue
            score = dot / math.sqrt(cluster.norm2)
            if matters and cluster.matters and not matters & cluster.matters:
                score *= MISMATCH_FACTOR
            result[cluster_id] = score
        return result

    def place(self, signal: Signal) -> int:
        """Put the signal into the most similar open cluster of its team area, or a new one; its id."""
        if signal.id in self.assignment:
            return self.assignment[signal.id]
        scores = self._scores(signal)
        best = min(scores, key=lambda cluster_id: self._rank(cluster_id, scores[cluster_id]), default=None)
        cluster_id = best if best is not None and scores[best] >= self.threshold else self._next_id
        self._add(signal, cluster_id)
        return cluster_id

    def restore(self, signal: Signal, cluster_id: int) -> None:
        """Put a stored signal back into its stored cluster (rebuilding state without re-clustering)."""
        self._add(signal, cluster_id)

    def summary(self, cluster_id: int) -> dict:
        """What placing needs of a cluster, to store with it (JSON-safe): see `restore_summary`."""
        cluster = self.clusters[cluster_id]
        return {
            "size": cluster.size,
            "norm2": cluster.norm2,
            "centroid": dict(cluster.centroid),
            "counts": dict(cluster.counts),
        }

    def restore_summary(self, cluster_id: int, team: str, first: date, last: date, summary: dict) -> None:
        """Put a stored cluster back from its summary, without its signals (much faster than `restore`).

        Placing and candidates work as if its signals had been restored; its signal ids and reporters stay
        unknown here (the database knows them).
        """
        if isinstance(first, datetime):
            first = first.date()
        if isinstance(last, datetime):
            last = last.date()
        cluster = self.clusters[cluster_id] = Cluster(cluster_id, team, first, last)
        self._next_id = max(self._next_id, cluster_id + 1)
        cluster.summarised = int(summary["size"])
        cluster.norm2 = float(summary["norm2"])
        cluster.centroid = dict(summary["centroid"])
        cluster.counts = Counter(summary["counts"])
        cluster.concepts = {f for f in cluster.counts if f.startswith(CONCEPT)}
        cluster.matters = frozenset(f for f in _matters(cluster.concepts) if 2 * cluster.counts[f] >= cluster.size)
        for feature, value in cluster.centroid.items():
            self._index[(team, feature)][cluster_id] = value
        heapq.heappush(self._by_last, (last, cluster_id))

    def close_before(self, day: date) -> None:
        """Take clusters whose newest signal is older than ``day`` out of the index (they stay in `clusters`)."""
        while self._by_last and self._by_last[0][0] < day:
            last, cluster_id = heapq.heappop(self._by_last)
            cluster = self.clusters[cluster_id]
            if cluster.last != last or cluster_id in self._closed:
                continue  # stale entry: the cluster has grown since
            self._closed.add(cluster_id)
            for feature in cluster.centroid:
                postings = self._index[(cluster.team, feature)]
                postings.pop(cluster_id, None)
                if not postings:
                    del self._index[(cluster.team, feature)]

    def _add(self, signal: Signal, cluster_id: int) -> None:
        cluster = self.clusters.get(cluster_id)
        if cluster is None:
            cluster = self.clusters[cluster_id] = Cluster(cluster_id, signal.team, signal.created, signal.created)
            self._next_id = max(self._next_id, cluster_id + 1)
        feats = signal.feature_set()
        vector = unit_vector(feats)
        centroid = cluster.centroid
        dot = sum(value * centroid.get(feature, 0.0) for feature, value in vector.items())
        cluster.norm2 += 2 * dot + sum(value * value for value in vector.values())
        for feature, value in vector.items():
            centroid[feature] = centroid.get(feature, 0.0) + value
        reopened = cluster_id in self._closed
        if reopened:  # a late signal reopens its cluster: index all of it again
            self._closed.discard(cluster_id)
            vector = centroid
        for feature in vector:
            self._index[(cluster.team, feature)][cluster_id] = centroid[feature]
        cluster.counts.update(feats)
        cluster.signal_ids.append(signal.id)
        cluster.concepts.update(f for f in feats if f.startswith(CONCEPT))
        cluster.matters = frozenset(f for f in _matters(cluster.concepts) if 2 * cluster.counts[f] >= cluster.size)
        cluster.reporters.add(signal.reporter if signal.reporter is not None else ("anonymous", signal.id))
        cluster.first = min(cluster.first, signal.created)
        if signal.created >= cluster.last or reopened:
            cluster.last = max(cluster.last, signal.created)
            heapq.heappush(self._by_last, (cluster.last, cluster_id))
        self.assignment[signal.id] = cluster_id

    def is_recurring(self, cluster_id: int, min_signals: int | None = None, min_reporters: int | None = None) -> bool:
        """At least `min_signals` signals from at least `min_reporters` reporters (anonymous ones count apart)."""
        cluster = self.clusters[cluster_id]
        signals = self.min_signals if min_signals is None else min_signals
        reporters = self.min_reporters if min_reporters is None else min_reporters
        return cluster.size >= signals and len(cluster.reporters) >= reporters

    def explain(self, cluster_id: int, limit: int = 6) -> list[Reason]:
        """What the cluster's signals share: concepts first, then themes, then words (most shared first).

        For more than one signal only what at least two of them share counts.
        """
        cluster = self.clusters[cluster_id]
        least = 1 if cluster.size == 1 else 2
        reasons = []
        for feature, count in cluster.counts.items():
            if count < least:
                continue
            if feature.startswith(CONCEPT):
                known = _lexicon().concepts[feature[len(CONCEPT) :]]
                reasons.append((0, Reason("concept", known.key, known.label_nl, count)))
            elif feature.startswith(THEME):
                key = feature[len(THEME) :]
                reasons.append((1, Reason("theme", key, key, count)))
            elif feature[len(TERM) :] not in _GENERIC_STEMS:
                key = feature[len(TERM) :]
                reasons.append((2, Reason("term", key, key, count)))
        reasons.sort(key=lambda item: (item[0], -item[1].count, item[1].key))
        return [reason for _order, reason in reasons][:limit]


def recluster(signals: Iterable[Signal], window_days: int = WINDOW_DAYS, threshold: float = THRESHOLD) -> Clusterer:
    """Cluster from scratch in date order (signals of one day in the order given); the filled Clusterer."""
    clusterer = Clusterer(window_days=window_days, threshold=threshold)
    for signal in sorted(signals, key=lambda s: s.created):  # sorted() is stable
        clusterer.close_before(signal.created - clusterer.window)
        clusterer.place(signal)
    return clusterer


def cluster_all(
    signals: Iterable[Signal], window_days: int = WINDOW_DAYS, threshold: float = THRESHOLD
) -> dict[Hashable, int]:
    """Re-cluster from scratch in date order; signal id → cluster id."""
    return dict(recluster(signals, window_days, threshold).assignment)


def representative(feature_sets: dict[Hashable, frozenset[str]]) -> Hashable | None:
    """The id whose features lie closest to the centroid of all of them (ties: the first given)."""
    if not feature_sets:
        return None
    vectors = {key: unit_vector(feats) for key, feats in feature_sets.items()}
    centroid: dict[str, float] = defaultdict(float)
    for vector in vectors.values():
        for feature, value in vector.items():
            centroid[feature] += value
    return max(vectors, key=lambda key: sum(value * centroid[f] for f, value in vectors[key].items()))
