"""What the cluster board reads: order, filters, counts per team, reasons, representatives, merge choices."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.extensions import db
from portal.signals import queries, services, services_board
from portal.signals.models import LIVE, SignalCluster
from tests.factories.signals import DAMP, LONELY, make_signal_place, report

MOULD_2 = "Bij ons in de flat zit overal schimmel, het ruikt muf en vochtig."


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


def ids(page) -> list[int]:
    return [cluster.id for cluster in page.items]


def test_filters_drop_what_they_do_not_know(app):
    filters = queries.Filters.from_args({"show": "weird", "theme": "nonsense", "page": "x"})
    assert filters == queries.Filters()
    chosen = queries.Filters.from_args({"show": "all", "theme": "housing", "page": "3"})
    assert chosen.args() == {"show": "all", "theme": "housing", "page": 3}
    assert chosen.args(page=1) == {"show": "all", "theme": "housing"}


def test_recurring_groups_come_first_then_the_most_recent(board):
    where, lonely, damp = board
    assert lonely.recurring and not damp.recurring and damp.last_at > lonely.last_at
    assert ids(queries.board_page(where.team, queries.Filters())) == [lonely.id, damp.id]
    newer = report(None, where.area, "Er wordt 's nachts veel te hard gereden in onze straat.", "safety_traffic",
                   when=datetime(2025, 5, 1))  # fmt: skip
    assert ids(queries.board_page(where.team, queries.Filters())) == [lonely.id, newer.cluster_id, damp.id]


def test_status_and_theme_filters(board):
    where, lonely, damp = board
    services_board.dismiss(where.worker, damp, "Dit is voor de verhuurder.")
    assert ids(queries.board_page(where.team, queries.Filters())) == [lonely.id]
    assert ids(queries.board_page(where.team, queries.Filters(show="dismissed"))) == [damp.id]
    assert ids(queries.board_page(where.team, queries.Filters(show="all"))) == [lonely.id, damp.id]
    assert ids(queries.board_page(where.team, queries.Filters(show="all", theme="housing"))) == [damp.id]
    services_board.merge(where.worker, lonely, report(None, where.area, LONELY[0], None).cluster)
    assert ids(queries.board_page(where.team, queries.Filters(show="all"))) == [lonely.id, damp.id]  # no merged ones


def test_counts_per_team(board):
    where, lonely, damp = board
    counts = queries.team_counts([where.team])
    assert counts[where.team.id] == queries.TeamCounts(open=2, recurring=1)
    services_board.dismiss(where.worker, lonely, "Wordt al opgepakt door de gemeente.")
    assert queries.team_counts([where.team])[where.team.id] == queries.TeamCounts(open=1, recurring=0)


def test_reasons_for_the_page_only_in_the_readers_language(board):
    where, lonely, damp = board
    with force_locale("en"):
        english = queries.explanations(where.team, [lonely.id])
    with force_locale("nl"):
        dutch = queries.explanations(where.team, [lonely.id])
    assert list(english) == [lonely.id]  # only the clusters asked for are explained
    assert english[lonely.id][0] == "loneliness"
    assert dutch[lonely.id][0] == "eenzaamheid"
    assert "Loneliness" not in english[lonely.id]  # the theme says the same as the concept
    report(None, where.area, MOULD_2, "housing", when=datetime(2025, 4, 3))
    with force_locale("en"):
        damp_reasons = queries.explanations(where.team, [damp.id])[damp.id]
    assert damp_reasons[:2] == ["damp and mould", "Housing and damp"]  # concepts, then themes, then words
    assert queries.explanations(where.team, []) == {}


ENERGY = (
    "Onze energierekening is veel te hoog, we kunnen de energierekening bijna niet betalen.",
    "De energierekeningen stijgen maar niemand kan er iets aan doen, de energierekening is niet te betalen.",
)


def test_shared_words_are_shown_as_the_words_residents_wrote_not_their_stems(board):
    where, lonely, damp = board
    first = report(None, where.area, ENERGY[0], "money", when=datetime(2025, 4, 5))
    second = report(None, where.area, ENERGY[1], "money", when=datetime(2025, 4, 6))
    cluster = first.cluster
    assert second.cluster_id == cluster.id
    stems = [r.key for r in services.explain(cluster) if r.kind == "term"]
    assert "energierekeen" in stems  # the clusterer shares stems ...
    with force_locale("nl"):
        labels = queries.explanations(where.team, [cluster.id, lonely.id])[cluster.id]
        assert queries.cluster_reasons(cluster) == labels
    assert "energierekening" in labels and "betalen" in labels  # ... the board the most frequent word of each
    assert not {"energierekeen", "betaal", "niet"} & set(labels)
    assert queries.shared_words({cluster.id: ["energierekeen"]}) == {cluster.id: {"energierekeen": "energierekening"}}
    assert queries.shared_words({cluster.id: []}) == {}


def test_a_group_of_one_signal_has_no_reasons(board):
    where, lonely, damp = board
    assert damp.signal_count == 1 and services.explain(damp)  # the clusterer describes the lone signal ...
    assert queries.explanations(where.team, [damp.id]) == {damp.id: []}  # ... but nothing is shared
    assert queries.reason_labels(services.explain(damp)) == []
    assert queries.cluster_reasons(damp) == []


def test_representatives_are_those_of_the_service(board):
    where, lonely, damp = board
    chosen = queries.representatives([lonely.id, damp.id])
    assert chosen[lonely.id].id == services.representative(lonely).id
    assert chosen[damp.id].text == DAMP


def test_merge_choices_are_the_teams_other_live_groups_most_similar_first(board):
    where, lonely, damp = board
    mould = report(None, where.area, MOULD_2, "housing", when=datetime(2025, 4, 3))
    assert mould.cluster_id == damp.id
    apart = services_board.move_out(where.worker, mould)
    gone = report(None, where.area, "De speeltuin is kapot en de kinderen kunnen nergens spelen.", "play_sport")
    services_board.dismiss(where.worker, gone.cluster, "Wordt al gerepareerd door de gemeente.")
    choices = queries.merge_choices(damp, services.representative(damp))
    assert [choice.cluster.id for choice in choices] == [apart.id, lonely.id]
    assert choices[0].similar and choices[0].text == MOULD_2
    assert all(choice.cluster.id != damp.id for choice in choices)


def test_merge_choices_rank_on_the_stored_summaries_without_reading_signals(board, monkeypatch):
    where, lonely, damp = board
    mould = report(None, where.area, MOULD_2, "housing", when=datetime(2025, 4, 3))
    apart = services_board.move_out(where.worker, mould)
    representative = services.representative(damp)

    def no_signals(*args, **kwargs):
        raise AssertionError("the merge list reads the signals of every open group")

    monkeypatch.setattr(services, "_restore_signals", no_signals)
    choices = queries.merge_choices(damp, representative)
    assert [choice.cluster.id for choice in choices] == [apart.id, lonely.id]
    assert choices[0].similar and choices[0].text == MOULD_2


def test_history_and_the_signals_of_a_group(board):
    where, lonely, damp = board
    signals = queries.signals_of(lonely)
    assert [signal.text for signal in signals] == list(LONELY)
    services_board.dismiss(where.worker, lonely, "Wordt al opgepakt door de gemeente.")
    events = queries.history(db.session.get(SignalCluster, lonely.id))
    assert events[0].action == "dismissed" and events[0].actor_id == where.worker.id
    assert events[0].actor_name == where.worker.name
    assert {event.signal_id: event.signal_text for event in events[1:]} == {s.id: s.text for s in signals}
    page = queries.history_page(lonely)
    assert page.total == 4 and [event.id for event in page.items] == [event.id for event in events]


def test_merge_choices_list_the_most_recently_active_groups_after_the_similar_ones(board):
    where, lonely, damp = board
    for n in range(queries.MAX_MERGE_CHOICES + 2):  # further apart than the window: a group each
        when = datetime(2010, 1, 1) + timedelta(days=200 * n)
        report(None, where.area, "De lantaarnpaal in onze straat is al weken kapot.", None, when=when)
    choices = queries.merge_choices(damp, services.representative(damp))
    similar = [choice.cluster.id for choice in choices if choice.similar]
    others = db.session.scalars(
        select(SignalCluster.id)
        .where(SignalCluster.team_id == where.team.id, SignalCluster.status.in_(LIVE), SignalCluster.id != damp.id)
        .order_by(SignalCluster.last_at.desc(), SignalCluster.id.desc())
    ).all()
    recent = [cluster_id for cluster_id in others if cluster_id not in similar]
    assert [choice.cluster.id for choice in choices] == (similar + recent)[: queries.MAX_MERGE_CHOICES]
    assert lonely.id in recent[:2]  # the most recently active after the similar ones
    assert all(choice.text for choice in choices)


def test_merge_choices_work_out_the_text_of_a_group_whose_summary_is_old(board):
    where, lonely, damp = board
    lonely.summary = {key: lonely.summary[key] for key in ("size", "norm2", "centroid", "counts")}
    db.session.flush()
    choices = queries.merge_choices(damp, services.representative(damp))
    assert [(choice.cluster.id, choice.text) for choice in choices] == [
        (lonely.id, services.representative(lonely).text)
    ]
