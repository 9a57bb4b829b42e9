"""What a cluster's stored summary holds for the board, so the board never reads the signals of its clusters.

`SignalCluster.summary` holds what placing needs (`clustering.Clusterer.summary`: size, centroid, norm, feature
counts, matters) and, from version 2 on, what the workers' pages show of a cluster:

- ``reasons``: why its signals belong together (`clustering.reasons` of the counts), as [kind, key, label, count];
- ``words``: for each shared word among the reasons, how often the signals write each word with that stem, so the
  board shows "energierekening", not the stem "energierekeen";
- ``representative`` and ``resident_representative``: the id of the signal closest to what the cluster is about
  (of all its signals, and of residents' signals only), ties to the earliest.

`services.refresh`, which every change of a cluster's members goes through (a signal placed or joining, a merge,
a signal moved out), writes them with the rest of the summary; a signal added to an up-to-date summary only adds
its own words. A summary of an older version is rebuilt by `flask signals verify --fix` (the backfill); until
then the pages work it out from the signals, as before, without storing it. Functions flush nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, select

from portal.extensions import db
from portal.signals import clustering
from portal.signals.models import RESIDENT, Signal, SignalCluster

VERSION = 2
KEYS = ("reasons", "words", "representative", "resident_representative")


def members(cluster_id: int) -> list:
    """Every signal of the cluster, oldest first, with the columns its counts, summary and representatives need."""
    return db.session.execute(
        select(
            Signal.id,
            Signal.reporter_id,
            Signal.source,
            Signal.source_name,
            Signal.reporter_ref,
            Signal.created_at,
            Signal.theme,
            Signal.features,
        )
        .where(Signal.cluster_id == cluster_id)
        .order_by(Signal.created_at, Signal.id)
    ).all()


def is_current(summary: dict | None) -> bool:
    return bool(summary) and summary.get("version") == VERSION


def _representative(rows: Sequence, residents_only: bool) -> int | None:
    sets = {row.id: frozenset(row.features or ()) for row in rows if not residents_only or row.source == RESIDENT}
    return clustering.representative(sets)


def _texts(cluster_id: int, ids: Iterable[int]) -> list[str]:
    wanted = list(ids)
    if not wanted:
        return []
    query = select(Signal.text).where(Signal.cluster_id == cluster_id, Signal.id.in_(wanted))
    return list(db.session.scalars(query))


def described(
    cluster_id: int, placing: dict, rows: Sequence, stored: dict | None = None, added: Signal | None = None
) -> dict:
    """``placing`` (the clustering summary) with what the board shows; ``rows`` are the cluster's `members`.

    With ``added`` and ``stored`` (the summary of the other signals, up to date), the words are counted on from the
    stored ones, reading only the added signal's text; a word that newly becomes a reason, and every word without
    them, is counted from the texts of the signals that use it.
    """
    size = int(placing["size"])
    reasons = clustering.reasons(placing["counts"], size)
    stems = [reason.key for reason in reasons if reason.kind == "term"]
    kept = (stored or {}).get("words") or {} if added is not None and is_current(stored) else {}
    words: dict[str, Counter] = {}
    counted = clustering.word_counts(added.text, stems) if added is not None else {}
    missing = []
    for key in stems:
        if key in kept:
            words[key] = Counter(kept[key]) + counted.get(key, Counter())
        else:
            missing.append(key)
    if missing:
        features = {clustering.TERM + key for key in missing}
        using = [row.id for row in rows if features & set(row.features or ())]
        for text in _texts(cluster_id, using):
            for key, found in clustering.word_counts(text, missing).items():
                words.setdefault(key, Counter()).update(found)
    return placing | {
        "version": VERSION,
        "reasons": [[reason.kind, reason.key, reason.label, reason.count] for reason in reasons],
        "words": {key: dict(sorted(found.items())) for key, found in sorted(words.items())},
        "representative": _representative(rows, residents_only=False),
        "resident_representative": _representative(rows, residents_only=True),
    }


def part_columns(keys: Iterable[str]) -> list:
    """Columns reading only these keys of a cluster's summary, each labelled with its key."""
    return [SignalCluster.summary[key].label(key) for key in keys]


def is_representative(signal_id, signal_cluster_id, residents_only: bool = False):
    """A join condition: the signal (its id and cluster id columns) is the cluster's stored representative, and is
    still in the cluster (a representative that moved out is none, as in `services.representatives`)."""
    key = "resident_representative" if residents_only else "representative"
    return and_(signal_id == SignalCluster.summary[key].as_integer(), signal_cluster_id == SignalCluster.id)


def stored_parts(cluster_ids: Iterable[int], *keys: str) -> dict[int, dict]:
    """Per cluster with a current summary: the given keys of it (only those are read, not the whole summary)."""
    ids = list(cluster_ids)
    if not ids:
        return {}
    wanted = ("version", *keys)
    rows = db.session.execute(select(SignalCluster.id, *part_columns(wanted)).where(SignalCluster.id.in_(ids)))
    return {row.id: dict(zip(wanted, row[1:], strict=True)) for row in rows if row.version == VERSION}


@dataclass(frozen=True)
class Described:
    """What a current summary says of why a cluster's signals belong together."""

    size: int
    reasons: list[clustering.Reason]
    words: dict[str, str]  # shared stem → the word its signals write most


def reasons_of(parts: Mapping) -> Described:
    """What a current summary's parts "size", "reasons" and "words" (`stored_parts`, `part_columns`) say."""
    words = {key: clustering.most_written(counts) for key, counts in (parts["words"] or {}).items()}
    return Described(
        int(parts["size"] or 0),
        [clustering.Reason(*reason) for reason in parts["reasons"] or ()],
        {key: word for key, word in words.items() if word},
    )


def stored_reasons(cluster_ids: Iterable[int]) -> dict[int, Described]:
    """Per cluster with a current summary: its stored reasons and, per shared stem, the word written most."""
    return {
        cluster_id: reasons_of(parts)
        for cluster_id, parts in stored_parts(cluster_ids, "size", "reasons", "words").items()
    }


def stored_representatives(cluster_ids: Iterable[int], residents_only: bool = False) -> dict[int, int | None]:
    """Per cluster with a current summary: the id of its stored representative signal (None: it has none)."""
    key = "resident_representative" if residents_only else "representative"
    return {cluster_id: parts[key] for cluster_id, parts in stored_parts(cluster_ids, key).items()}
