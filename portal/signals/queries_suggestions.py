"""The "is this it?" suggestions: the open groups of signals a reporter is shown, as a neutral summary.

A reporter never reads what a neighbour wrote. A suggestion says what the group is about (the lexicon's
matters, in the reader's language, and its theme), which of the reporter's own words it shares, how many
neighbours noticed it and whether the team already works on it. Only residents' signals count: a group of
partners' notes alone is never suggested, and nothing of a partner's note shows (not even a shared word).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import get_locale
from sqlalchemy import select

from portal.extensions import db
from portal.signals import clustering, lexicon, services
from portal.signals.models import PROJECT, RESIDENT, Signal, SignalCluster, reporter_key
from portal.signals.scrub import scrub
from portal.teams.models import Area

SUGGESTIONS = 3
CANDIDATES = 10  # looked at for the suggestions: the chosen group stays listed while it is one of these
MATTERS = 3  # matters named per suggestion
SHARED_WORDS = 5  # of the reporter's own words per suggestion


@dataclass(frozen=True)
class Suggestion:
    """A similar open group as a reporter may see it: what it is about, never anyone's words or name."""

    cluster_id: int
    theme: str | None  # the theme its residents chose most, None when none chose one
    matters: tuple[str, ...] = ()  # the lexicon's labels of what its residents wrote about
    shared: tuple[str, ...] = ()  # the reporter's own words that its residents used too
    neighbours: int = 0  # how many residents noticed it
    in_project: bool = False


@dataclass
class _Residents:
    """What the suggestions need of the residents' signals of one group."""

    reporters: set[str] = field(default_factory=set)
    themes: Counter = field(default_factory=Counter)
    features: Counter = field(default_factory=Counter)  # feature → how many of its residents' signals have it


def _with_residents(clusters: list[SignalCluster]) -> list[SignalCluster]:
    """The clusters that hold a signal from a resident (one query), in the order given."""
    if not clusters:
        return []
    ids = [cluster.id for cluster in clusters]
    query = select(Signal.cluster_id).where(Signal.cluster_id.in_(ids), Signal.source == RESIDENT).distinct()
    kept = set(db.session.scalars(query))
    return [cluster for cluster in clusters if cluster.id in kept]


def candidate_clusters(area: Area | None, text: str | None, theme: str | None) -> list[SignalCluster]:
    """The open groups a reporter may see for this text and area, most alike first: those a resident reported."""
    if area is None or area.team is None:
        return []
    theme = theme if theme in lexicon.THEMES else None
    found = services.candidates(area.team, text or "", theme, limit=CANDIDATES)
    return _with_residents([cluster for cluster, _score in found])


def kept_choice(clusters: list[SignalCluster], chosen: int | None) -> int | None:
    """The group the reporter said yes to, only while it is among the candidates (no walking through ids)."""
    return chosen if chosen is not None and chosen in {cluster.id for cluster in clusters} else None


def _residents_of(cluster_ids: list[int]) -> dict[int, _Residents]:
    """Per cluster: its residents' signals counted (one query; partners' notes left out)."""
    rows = db.session.execute(
        select(
            Signal.id,
            Signal.cluster_id,
            Signal.reporter_id,
            Signal.source,
            Signal.source_name,
            Signal.reporter_ref,
            Signal.theme,
            Signal.features,
        ).where(Signal.cluster_id.in_(cluster_ids), Signal.source == RESIDENT)
    )
    found: dict[int, _Residents] = {}
    for row in rows:
        residents = found.setdefault(row.cluster_id, _Residents())
        residents.reporters.add(reporter_key(row.id, row.reporter_id, row.source, row.source_name, row.reporter_ref))
        if row.theme:
            residents.themes[row.theme] += 1
        residents.features.update(set(row.features or ()))
    return found


def matter_labels(features: Counter, limit: int = MATTERS) -> tuple[str, ...]:
    """The lexicon's concepts among ``features``, the most mentioned first, in the reader's language."""
    concepts = clustering._lexicon().concepts
    english = getattr(get_locale(), "language", "nl") == "en"
    ranked = sorted(
        (
            (count, feature[len(clustering.CONCEPT) :])
            for feature, count in features.items()
            if feature.startswith(clustering.CONCEPT)
        ),
        key=lambda item: (-item[0], item[1]),
    )
    labels: list[str] = []
    for _count, key in ranked:
        concept = concepts.get(key)
        label = (concept.label_en if english else concept.label_nl) if concept else None
        if label and label not in labels:
            labels.append(label)
    return tuple(labels[:limit])


def shared_words(text: str | None, features: Counter, limit: int = SHARED_WORDS) -> tuple[str, ...]:
    """The reporter's own words (scrubbed, as the clustering reads them) whose stems the group's signals use."""
    words: list[str] = []
    for word in clustering.tokens(scrub(text)):
        if len(word) < 3 or word.isdigit() or word in lexicon.STOP_WORDS or word in words:
            continue
        feature = clustering.TERM + clustering.stem(word)
        if features.get(feature) and clustering.weight(feature) >= clustering.TERM_WEIGHT:
            words.append(word)
    return tuple(words[:limit])


def suggestions_for(clusters: list[SignalCluster], text: str | None, chosen: int | None = None) -> list[Suggestion]:
    """The first few candidates as suggestions; the chosen one stays listed while it is a candidate."""
    shown = clusters[:SUGGESTIONS]
    kept = kept_choice(clusters, chosen)
    if kept is not None and kept not in {cluster.id for cluster in shown}:
        shown.append(next(cluster for cluster in clusters if cluster.id == kept))
    residents = _residents_of([cluster.id for cluster in shown]) if shown else {}
    return [
        Suggestion(
            cluster_id=cluster.id,
            theme=found.themes.most_common(1)[0][0] if found.themes else None,
            matters=matter_labels(found.features),
            shared=shared_words(text, found.features),
            neighbours=len(found.reporters),
            in_project=cluster.status == PROJECT,
        )
        for cluster in shown
        if (found := residents.get(cluster.id)) is not None  # partners' notes alone: nothing of them is shown
    ]
