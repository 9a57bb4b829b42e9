"""What a cluster's stored summary holds for the board: kept up to date by every change of its signals, and
rebuilt by the backfill; the board reads it instead of the signals."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask_babel import force_locale

from portal import events
from portal.extensions import db
from portal.signals import clustering, queries, services, services_board, services_summary, services_verify
from portal.signals.models import PARTNER_SOURCES, SignalCluster
from tests.factories.signals import DAMP, LONELY, make_signal_place, report

MOULD_2 = "Bij ons in de flat zit overal schimmel, het ruikt muf en vochtig."
ENERGY = (
    "Onze energierekening is veel te hoog, we kunnen de energierekening bijna niet betalen.",
    "De energierekeningen stijgen maar niemand kan er iets aan doen, de energierekening is niet te betalen.",
    "Ook hier is de energierekening veel te hoog geworden, betalen lukt ons niet meer.",
)


@pytest.fixture
def board(app):
    with app.test_request_context():
        where = make_signal_place()
        lonely = [
            report(resident, where.area, text, "loneliness", when=datetime(2025, 3, day, 10))
            for resident, text, day in zip(where.residents, LONELY, (3, 10, 17), strict=True)
        ]
        damp = report(None, where.area, DAMP, "housing", when=datetime(2025, 4, 2, 9))
        yield where, lonely[0].cluster, damp.cluster
        db.session.remove()


def worked_out(where, cluster: SignalCluster) -> tuple[list[str], int | None, int | None]:
    """What the board would show, worked out from the signals themselves (as before summaries held it)."""
    labels = queries._worked_out_explanations(where.team, [cluster.id]).get(cluster.id, [])
    everyone = services._worked_out_representatives([cluster.id], residents_only=False).get(cluster.id)
    residents = services._worked_out_representatives([cluster.id], residents_only=True).get(cluster.id)
    return labels, everyone, residents


def shown(where, cluster: SignalCluster) -> tuple[list[str], int | None, int | None]:
    """What the board shows from the stored summary, and the summary is current (no signal read)."""
    assert services_summary.is_current(cluster.summary)
    labels = queries.explanations(where.team, [cluster.id])[cluster.id]
    return labels, cluster.summary["representative"], cluster.summary["resident_representative"]


def no_signals_read(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the board read the signals of its clusters")

    monkeypatch.setattr(queries, "_worked_out_explanations", refuse)
    monkeypatch.setattr(services, "_worked_out_representatives", refuse)


def test_the_board_reads_reasons_and_representatives_from_the_summaries_only(board, monkeypatch):
    where, lonely, damp = board
    with force_locale("en"):
        expected = worked_out(where, lonely)
        no_signals_read(monkeypatch)
        assert queries.explanations(where.team, [lonely.id, damp.id]) == {lonely.id: expected[0], damp.id: []}
    assert queries.representatives([lonely.id])[lonely.id].id == expected[1]
    assert services.explain(damp)  # the lone signal is described, though nothing is shared


def test_a_signal_placed_updates_the_words_and_the_representative(board):
    where, lonely, damp = board
    first = report(None, where.area, ENERGY[0], "money", when=datetime(2025, 4, 5))
    cluster = first.cluster
    with force_locale("nl"):
        assert shown(where, cluster) == worked_out(where, cluster) and shown(where, cluster)[0] == []
        for text, day in zip(ENERGY[1:], (6, 7), strict=True):
            assert report(None, where.area, text, "money", when=datetime(2025, 4, day)).cluster_id == cluster.id
            assert shown(where, cluster) == worked_out(where, cluster)
        labels = shown(where, cluster)[0]
    assert "energierekening" in labels and "betalen" in labels
    assert cluster.summary["words"]["energierekeen"] == {"energierekening": 4, "energierekeningen": 1}


def test_a_signal_joining_by_choice_updates_the_summary(board):
    where, lonely, damp = board
    joined = report(None, where.area, MOULD_2, "housing", join_cluster_id=lonely.id)
    assert joined.cluster_id == lonely.id
    with force_locale("en"):
        assert shown(where, lonely) == worked_out(where, lonely)
        assert "Housing and damp" not in shown(where, lonely)[0]  # one signal of three says so: not shared


def test_merging_and_moving_out_update_both_groups(board):
    where, lonely, damp = board
    mould = report(None, where.area, MOULD_2, "housing", when=datetime(2025, 4, 3))
    assert mould.cluster_id == damp.id
    with force_locale("en"):
        assert "damp and mould" in shown(where, damp)[0]
        apart = services_board.move_out(where.worker, mould)
        assert shown(where, damp)[0] == [] == worked_out(where, damp)[0]  # one signal left: nothing shared
        assert shown(where, apart) == worked_out(where, apart)
        services_board.merge(where.worker, damp, apart)
        assert "damp and mould" in shown(where, damp)[0]
        assert shown(where, damp) == worked_out(where, damp)
        assert db.session.get(SignalCluster, apart.id).summary is None  # merged away: nothing left to show
        services_board.merge(where.worker, lonely, damp)
        assert shown(where, lonely) == worked_out(where, lonely)
        assert {"loneliness", "damp and mould"} <= set(shown(where, lonely)[0])


def test_a_partners_note_is_never_the_residents_representative(board):
    where, lonely, damp = board
    partner = report(None, where.area, DAMP, "housing", when=datetime(2025, 4, 3), source=PARTNER_SOURCES[0],
                     source_name="Lefier", external_id="L-1")  # fmt: skip
    assert partner.cluster_id == damp.id
    stored = db.session.get(SignalCluster, damp.id).summary
    assert stored["resident_representative"] != partner.id
    assert services.representative(damp, residents_only=True).source == "resident"
    assert shown(where, damp) == worked_out(where, damp)


def test_deleting_a_reporters_account_keeps_what_the_board_shows(board):
    where, lonely, damp = board
    with force_locale("en"):
        before = shown(where, lonely)
        events.account_deleting.send(where.residents[0])
        db.session.flush()
        assert shown(where, db.session.get(SignalCluster, lonely.id)) == before == worked_out(where, lonely)
    assert services_verify.check_team(where.team.id).differences == []


def test_an_old_summary_is_worked_out_from_the_signals_until_the_backfill_stores_it(board, monkeypatch):
    where, lonely, damp = board
    with force_locale("en"):
        expected = worked_out(where, lonely)
        old = {key: value for key, value in lonely.summary.items() if key in ("size", "norm2", "centroid", "counts")}
        lonely.summary = old
        db.session.flush()
        assert queries.explanations(where.team, [lonely.id])[lonely.id] == expected[0]  # still right, read slowly
        assert queries.representatives([lonely.id])[lonely.id].id == expected[1]
        found = services_verify.check_team(where.team.id, fix=True)
        assert [difference.cluster_id for difference in found.differences] == [lonely.id]
        no_signals_read(monkeypatch)
        assert shown(where, db.session.get(SignalCluster, lonely.id)) == expected
    assert services_verify.check_team(where.team.id).differences == []


def test_a_groups_page_reads_its_reasons_and_representative_from_the_summary_and_works_out_an_old_one(
    board, monkeypatch
):
    where, lonely, damp = board
    with force_locale("en"):
        expected = worked_out(where, lonely)
        no_signals_read(monkeypatch)
        summary = queries.page_summary(lonely)
        assert (summary.reasons, summary.representative.id) == expected[:2]
        assert queries.page_summary(damp).reasons == [] and queries.page_summary(damp).representative.text == DAMP
        monkeypatch.undo()
        lonely.summary = {key: value for key, value in lonely.summary.items() if key in ("size", "centroid", "counts")}
        db.session.flush()
        summary = queries.page_summary(lonely)
        assert (summary.reasons, summary.representative.id) == expected[:2]


def test_verify_finds_a_stale_board_summary(board):
    where, lonely, damp = board
    lonely.summary = dict(lonely.summary, representative=damp.summary["representative"])
    db.session.flush()
    found = services_verify.check_team(where.team.id)
    expected = f"cluster {lonely.id}: summary (representative) stored a summary of 3 signals, its signals give a"
    assert [str(difference) for difference in found.differences] == [f"{expected} summary of 3 signals"]


def test_ranking_reads_only_what_it_needs_and_places_as_before(board):
    where, lonely, damp = board
    clusterer = services.clusterer_for(where.team, datetime(2025, 4, 5))
    assert set(clusterer.clusters) == {lonely.id, damp.id}
    assert not clusterer.clusters[lonely.id].counts  # ranked without the feature counts
    point = clustering.Signal(id=0, text=MOULD_2, team=where.team.slug, created=datetime(2025, 4, 5))
    assert clusterer.candidates(point, limit=1)[0].cluster_id == damp.id
