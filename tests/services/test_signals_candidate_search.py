"""Placing a signal, the "is this it?" suggestions and the merge list rank only the clusters that share a feature
with the signal and can reach the top (`services_features`): the results are exactly those of ranking every
live cluster of the team, as before."""

from __future__ import annotations

import csv
from datetime import datetime, time
from pathlib import Path

import pytest

from portal.extensions import db
from portal.signals import clustering, queries, services, services_features, services_verify
from portal.signals.models import LIVE, SignalCluster, SignalClusterFeature
from tests.factories.signals import make_signal_place, report

LABELLED = Path(services.__file__).parent / "data" / "evaluation.csv"
PROBES = (
    "Er ligt overal zwerfafval in de straat",
    "Schimmel in de badkamer en het ruikt muf",
    "Ik heb een probleem in de buurt",  # generic words only
    "Het is hier niet veilig",
    "Eenzaam",
)


def _labelled() -> list[dict]:
    with LABELLED.open(encoding="utf-8") as file:
        rows = sorted(csv.DictReader(file), key=lambda row: (row["created"], row["id"]))
    for number, row in enumerate(rows):
        found = sorted(clustering.concepts(row["text"]))
        # Some reporters choose the theme of what they write about, so theme features are searched too.
        row["theme"] = clustering.concept(found[0]).theme if found and number % 3 else None
    return rows


@pytest.fixture
def compared(monkeypatch):
    """Every pruned ranking is checked against ranking all the team's live clusters; what was compared."""
    original = services.clusterer_for
    seen = []

    def checked(team, around, clusters=None, near=None, least=0.0, limit=None):
        pruned = original(team, around, clusters, near, least, limit)
        if near is not None:
            full = original(team, around)
            wanted = limit or len(full.clusters)
            new = [(c.cluster_id, c.score) for c in pruned.candidates(near) if c.score >= least][:wanted]
            old = [(c.cluster_id, c.score) for c in full.candidates(near) if c.score >= least][:wanted]
            assert new == old
            seen.append((len(pruned.clusters), len(full.clusters), bool(new)))
        return pruned

    monkeypatch.setattr(services, "clusterer_for", checked)
    return seen


def test_the_labelled_set_is_placed_suggested_and_merged_as_when_every_cluster_is_ranked(app, compared):
    with app.test_request_context():
        place = make_signal_place()
        rows = _labelled()
        signals = []
        for number, row in enumerate(rows):
            when = datetime.combine(datetime.fromisoformat(row["created"]).date(), time(10))
            reporter = place.residents[number % 3] if number % 4 else None
            signals.append(report(reporter, place.area, row["text"], row["theme"], when=when))
            if number % 25 == 0:
                for probe in PROBES:
                    services.candidates(place.team, probe, None, now=when)
                    services.candidates(place.team, probe, "housing", now=when)
        live = db.session.scalars(select_live(place.team.id)).all()
        for cluster in live:
            queries.merge_choices(cluster, services.representative(cluster), now=cluster.last_at)

        # The same groups as clustering every signal from scratch in date order.
        points = [services._as_point(signal, place.team.slug) for signal in signals]
        expected = {frozenset(ids) for ids in _groups(clustering.cluster_all(points)).values()}
        actual = {frozenset(ids) for ids in _groups({s.id: s.cluster_id for s in signals}).values()}
        assert actual == expected

        assert len(compared) > len(rows)  # every placing, the suggestions and the merge lists were compared
        assert any(found for _pruned, _full, found in compared)
        restored = sum(pruned for pruned, _full, _found in compared)
        assert restored < sum(full for _pruned, full, _found in compared) / 4  # far fewer clusters were read
        for team_check in [services_verify.check_team(place.team.id)]:
            assert team_check.differences == []


def select_live(team_id: int):
    from sqlalchemy import select

    return select(SignalCluster).where(SignalCluster.team_id == team_id, SignalCluster.status.in_(LIVE))


def _groups(assignment: dict) -> dict:
    groups: dict = {}
    for signal_id, cluster_id in assignment.items():
        groups.setdefault(cluster_id, set()).add(signal_id)
    return groups


def test_a_clusters_feature_rows_follow_its_summary_through_every_change(app):
    from sqlalchemy import select

    from portal.signals import services_board
    from tests.factories.signals import DAMP, LONELY

    with app.test_request_context():
        place = make_signal_place()
        lonely = [report(place.residents[i], place.area, text) for i, text in enumerate(LONELY)]
        damp = report(None, place.area, DAMP)
        cluster, other = lonely[0].cluster, damp.cluster

        def in_step(group: SignalCluster) -> None:
            assert services_features.difference(group) is None
            assert services_features.stored(group.id).keys() == group.summary["centroid"].keys()
            assert group.norm2 == pytest.approx(group.summary["norm2"])

        in_step(cluster)
        in_step(other)
        services_board.merge(place.worker, cluster, other)
        in_step(cluster)
        assert other.summary is None and other.norm2 is None and services_features.stored(other.id) == {}
        services_board.move_out(place.worker, damp)
        in_step(cluster)
        in_step(damp.cluster)

        # Rows that no longer match (say, written by hand) are found and written again by the backfill.
        db.session.execute(SignalClusterFeature.__table__.delete().where(SignalClusterFeature.cluster_id == cluster.id))
        found = services_verify.check_team(place.team.id, fix=True).differences
        assert [d.name for d in found] == ["feature rows (features)"]
        in_step(cluster)
        assert db.session.scalar(select(SignalClusterFeature.team_id).limit(1)) == place.team.id
