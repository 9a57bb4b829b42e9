"""Clustering signals: the same matter, in the same team area, within a time window.

A pure core (no Flask, no database). A text becomes a set of features (`portal.text_nl`, shared with
help's matching): the concepts of the hand-made lexicon it mentions (``c:damp_mould``; weighed heavily,
so "schimmel" meets "zwarte plekken op de muur") and the Dutch stems of its other words (``t:speeltuin``;
weighed lightly). Text is normalised first: lower case, no accents, common misspellings repaired by edit
distance to lexicon words.

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
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from portal import text_nl
from portal.signals import lexicon
from portal.text_nl import CONCEPT, CONCEPT_WEIGHT, TERM, Concept, stem

# Named here too, as signals have always used them.
from portal.text_nl import GENERIC_WEIGHT as GENERIC_WEIGHT
from portal.text_nl import TERM_WEIGHT as TERM_WEIGHT
from portal.text_nl import normalise as normalise

WINDOW_DAYS = 180
THRESHOLD = 0.3
MIN_SIGNALS = 3
MIN_REPORTERS = 2

THEME_WEIGHT = 0.7
MISMATCH_FACTOR = 0.6  # a cluster about other matters than the signal's scores this much lower

THEME = "th:"
REASONS = 6  # reasons given for a cluster


# --- The lexicon and the text's features (the analysis itself is portal.text_nl) ------------------------


def _place_words() -> list[str]:
    """The names of Groningen's neighbourhoods, districts and teams: never repaired into something else."""
    from portal.signals.areas import place_names

    return place_names()


_LEXICON = text_nl.LazyLexicon(lambda: text_nl.Lexicon(lexicon.CONCEPTS, lexicon.THEMES, _place_words()))


def _lexicon() -> text_nl.Lexicon:
    """The compiled lexicon, built by the first thread that needs it while the others wait for it."""
    return _LEXICON.get()


def concept(key: str) -> Concept:
    """The concept named ``key`` (its theme and labels)."""
    return _lexicon().concepts[key]


def repair(token: str) -> str:
    """The lexicon word a misspelled token most likely means, or the token itself (see text_nl.Lexicon)."""
    return _lexicon().repair(token)


def tokens(text: str | None) -> list[str]:
    """The normalised, repaired words of a text, in order (stop words kept: phrases need them)."""
    return _lexicon().tokens(text)


def concepts(text: str | None) -> frozenset[str]:
    """The keys of the lexicon concepts a text mentions."""
    return _lexicon().concepts_in(text)


def terms(text: str | None) -> frozenset[str]:
    """The Dutch stems of the words that say something (no stop words, no numbers, no short words)."""
    return _lexicon().terms(text)


@lru_cache(maxsize=100_000)
def features(text: str | None, theme: str | None = None) -> frozenset[str]:
    """What a signal is about: ``c:`` concepts, ``t:`` stems and, when the reporter chose one, ``th:`` theme.

    Store this per signal; `Clusterer` takes it back through `Signal.features`.
    """
    result = set(_lexicon().features(text))
    if theme and theme in lexicon.THEMES and theme != "other":
        result.add(THEME + theme)
    return frozenset(result)


_GENERIC_STEMS = frozenset(stem(word) for word in lexicon.GENERIC_WORDS)


@lru_cache(maxsize=200_000)
def weight(feature: str) -> float:
    if feature.startswith(THEME):
        return THEME_WEIGHT
    return _lexicon().weight(feature)


def _matters(feats: Iterable[str]) -> frozenset[str]:
    """The concept features among ``feats`` that name a matter (full weight), not a place or a group."""
    return frozenset(f for f in feats if f.startswith(CONCEPT) and weight(f) >= CONCEPT_WEIGHT)


def unit_vector(feats: Iterable[str]) -> dict[str, float]:
    """Features weighed and scaled to length 1 (empty for no features)."""
    return text_nl.unit_vector(feats, weight)


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
            "matters": sorted(cluster.matters),
        }

    def restore_summary(self, cluster_id: int, team: str, first: date, last: date, summary: dict) -> None:
        """Put a stored cluster back from its summary, without its signals (much faster than `restore`).

        Placing and candidates work as if its signals had been restored; its signal ids and reporters stay
        unknown here (the database knows them). A summary without ``counts`` but with its ``matters`` is enough to
        rank candidates (`candidates`), not to explain the cluster or add signals to it.
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
        cluster.counts = Counter(summary.get("counts") or {})
        cluster.concepts = {f for f in cluster.counts if f.startswith(CONCEPT)}
        if summary.get("counts") is None and summary.get("matters") is not None:  # enough to rank candidates
            cluster.matters = frozenset(summary["matters"])
        else:
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

    def explain(self, cluster_id: int, limit: int = REASONS) -> list[Reason]:
        """What the cluster's signals share (`reasons`)."""
        cluster = self.clusters[cluster_id]
        return reasons(cluster.counts, cluster.size, limit)


def reasons(counts: Mapping[str, int], size: int, limit: int = REASONS) -> list[Reason]:
    """What signals with these feature counts share: concepts first, then themes, then words (most shared first).

    For more than one signal only what at least two of them share counts.
    """
    least = 1 if size == 1 else 2
    found = []
    for feature, count in counts.items():
        if count < least:
            continue
        if feature.startswith(CONCEPT):
            known = _lexicon().concepts.get(feature[len(CONCEPT) :])
            if known is not None:
                found.append((0, Reason("concept", known.key, known.label_nl, count)))
        elif feature.startswith(THEME):
            key = feature[len(THEME) :]
            found.append((1, Reason("theme", key, key, count)))
        elif feature[len(TERM) :] not in _GENERIC_STEMS:
            key = feature[len(TERM) :]
            found.append((2, Reason("term", key, key, count)))
    found.sort(key=lambda item: (item[0], -item[1].count, item[1].key))
    return [reason for _order, reason in found][:limit]


def word_counts(text: str | None, stems: Iterable[str]) -> dict[str, Counter]:
    """Per stem of ``stems``: how often the text writes each word with that stem (only words that count as
    terms, as `features` reads them: no stop words, numbers or short words)."""
    wanted = set(stems)
    found: dict[str, Counter] = {}
    for word in tokens(text):
        if len(word) < 3 or word.isdigit() or word in lexicon.STOP_WORDS:
            continue
        key = stem(word)
        if key in wanted:
            found.setdefault(key, Counter())[word] += 1
    return found


def most_written(words: Mapping[str, int]) -> str | None:
    """The word written most often (ties: the alphabetically first, the shorter of "rekening" and "rekeningen")."""
    return min(words.items(), key=lambda item: (-item[1], item[0]))[0] if words else None


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
