"""Clustering and the workers' changes to clusters under concurrency, through real server processes.

Reports sent at the same moment are placed one at a time per team (one cluster, counts that match its
signals; `flask signals verify` finds nothing); opposite merges and the same merge twice at once end in
one merge, one history and no server error; text analysis holds under a threaded server.
"""

from __future__ import annotations

import random
import re
import sys
import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select

from portal.accounts.models import ROLE_WORKER
from portal.audit import AuditEntry
from portal.extensions import db
from portal.initiatives import search, similarity
from portal.projects.models import Project
from portal.signals import clustering, services_board
from portal.signals.models import LIVE, MERGED, ClusterEvent, Signal, SignalCluster
from portal.teams.models import Area
from tests.factories import make_user
from tests.factories.signals import DAMP, LONELY, make_signal_place, report
from tests.faults.conftest import assert_no_server_errors, at_once

STREETS = ("Zonnelaan", "Maanstraat", "Sterrenplein", "Kometenpad", "Planetenweg")
OPENINGS = (
    "Ratten bij de vuilcontainers",
    "Er lopen ratten rond de containers",
    "Veel ratten bij het afval",
    "Ik zag weer ratten bij de containers",
)
RATS = [f"{opening} aan de {street}." for opening in OPENINGS for street in STREETS]  # one new matter, 20 ways


def _place(app) -> dict:
    """A team area with two workers, who read the site in English; ids only."""
    with app.app_context():
        where = make_signal_place()
        where.worker.locale = "en"
        second = make_user(ROLE_WORKER, teams=[where.team], name="Willem Werker", locale="en")
        db.session.commit()
        ids = {"team": where.team.id, "area": where.area.id, "workers": [where.worker.email, second.email]}
        db.session.remove()
    return ids


def _send_at_once(server, area_id: int, texts: list[str]):
    """Each text through its own browser's report form; the POSTs leave at the same moment."""
    browsers = [server.browser() for _ in texts]
    forms = [
        browser.fill("/signals/report", {"text": text, "area_id": str(area_id), "theme": ""})
        for browser, text in zip(browsers, texts, strict=True)
    ]
    return at_once(*(lambda b=browser, f=form: b.post(*f) for browser, form in zip(browsers, forms, strict=True)))


def _clusters_of_team(app, team_id: int) -> list[tuple[int, int, int]]:
    """(cluster id, stored count, signals pointing at it) of every cluster of the team with signals."""
    with app.app_context():
        pointing = dict(
            db.session.execute(
                select(Signal.cluster_id, func.count()).where(Signal.team_id == team_id).group_by(Signal.cluster_id)
            ).all()
        )
        stored = db.session.execute(
            select(SignalCluster.id, SignalCluster.signal_count).where(SignalCluster.team_id == team_id)
        ).all()
        db.session.remove()
    return sorted(
        (cluster_id, count, pointing.get(cluster_id, 0))
        for cluster_id, count in stored
        if count or pointing.get(cluster_id)
    )


def _verify(runner) -> str:
    result = runner.invoke(args=["signals", "verify"])
    assert result.exit_code == 0, result.output
    assert "0 differences found" in result.output
    return result.output


# --------------------------------------------------------------------------- placing


def test_identical_reports_sent_at_once_end_in_one_cluster(app, server, runner):
    where = _place(app)
    responses = _send_at_once(server, where["area"], [DAMP] * 10)
    assert_no_server_errors(responses, server)
    assert [response.status for response in responses] == [303] * 10
    clusters = _clusters_of_team(app, where["team"])
    assert [(count, pointing) for _id, count, pointing in clusters] == [(10, 10)]
    _verify(runner)


def test_twenty_reports_of_a_new_matter_at_once_start_one_cluster(app, server, runner):
    where = _place(app)
    responses = _send_at_once(server, where["area"], RATS)
    assert_no_server_errors(responses, server)
    assert [response.status for response in responses] == [303] * 20
    clusters = _clusters_of_team(app, where["team"])
    assert [(count, pointing) for _id, count, pointing in clusters] == [(20, 20)]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ClusterEvent)) == 20  # one "created", 19 "added"
        db.session.remove()
    _verify(runner)


# --------------------------------------------------------------------------- merging


def _two_groups(app) -> dict:
    """Two groups of one team (loneliness: two signals; damp: one) and two workers of it; ids only."""
    where = _place(app)
    with app.app_context():
        area = db.session.get(Area, where["area"])
        lonely = [report(None, area, text) for text in LONELY[:2]]
        damp = report(None, area, DAMP)
        db.session.commit()
        where.update(x=lonely[0].cluster_id, y=damp.cluster_id)
        db.session.remove()
    assert where["x"] != where["y"]
    return where


def _merge_form(browser, target: int, source: int):
    return browser.fill(
        f"/signals/clusters/{target}", {"other": str(source)}, action=f"/signals/clusters/{target}/merge"
    )


def _history(app, where: dict) -> dict:
    with app.app_context():
        events = db.session.scalars(
            select(ClusterEvent.action).where(ClusterEvent.cluster_id.in_([where["x"], where["y"]]))
        ).all()
        merges = db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "signals.merge")
        )
        clusters = {
            c.id: (c.status, c.merged_into_id, c.signal_count) for c in db.session.scalars(select(SignalCluster))
        }
        signals = set(db.session.scalars(select(Signal.cluster_id)))
        db.session.remove()
    return {"events": sorted(events), "audit": merges, "clusters": clusters, "signals": signals}


@pytest.mark.parametrize("round_", range(3))
def test_opposite_merges_at_once_merge_once_and_refuse_the_other_plainly(app, server, runner, round_):
    where = _two_groups(app)
    first, second = (server.browser().log_in(email) for email in where["workers"])
    forms = (_merge_form(first, where["x"], where["y"]), _merge_form(second, where["y"], where["x"]))
    responses = at_once(lambda: first.post(*forms[0]), lambda: second.post(*forms[1]))
    assert_no_server_errors(responses, server)
    statuses = [response.status for response in responses]
    assert sorted(statuses) == [303, 422], f"{statuses}: {[response.text[-1500:] for response in responses]}"
    refused = next(response for response in responses if response.status == 422)
    # Refused by the service once it held the locks, or (the other merge was already done when the page was
    # checked) by the form, whose list no longer offers the merged group.
    plainly = r"This group was just merged into group \d+|Choose a group from the list"
    assert re.search(plainly, refused.text), refused.text[-2000:]
    history = _history(app, where)
    assert history["events"] == ["added", "created", "created", "merged_away", "merged_in"]
    assert history["audit"] == 1
    (kept,) = [cid for cid in (where["x"], where["y"]) if history["clusters"][cid][0] in LIVE]
    gone = where["y"] if kept == where["x"] else where["x"]
    assert history["clusters"][gone][:2] == (MERGED, kept)
    assert history["clusters"][kept][2] == 3 and history["signals"] == {kept}
    _verify(runner)


def test_the_same_merge_twice_at_once_is_recorded_once(app, server, runner):
    where = _two_groups(app)
    first, second = (server.browser().log_in(email) for email in where["workers"])
    forms = (_merge_form(first, where["x"], where["y"]), _merge_form(second, where["x"], where["y"]))
    responses = at_once(lambda: first.post(*forms[0]), lambda: second.post(*forms[1]))
    assert_no_server_errors(responses, server)
    assert 303 in [response.status for response in responses]
    history = _history(app, where)
    assert history["events"].count("merged_in") == 1 and history["events"].count("merged_away") == 1
    assert history["audit"] == 1
    assert history["clusters"][where["y"]][:2] == (MERGED, where["x"])
    assert history["clusters"][where["x"]][2] == 3
    _verify(runner)


# --------------------------------------------------------------------------- text analysis under threads


def _random_words(rng: random.Random, count: int) -> str:
    return " ".join("".join(rng.choice("aeioubdgklmnprstv") for _ in range(rng.randint(5, 12))) for _ in range(count))


def test_pages_that_stem_text_hold_under_a_threaded_server(app, start_server):
    """A fresh threaded server (the lexicon not yet built) gets parallel requests that stem new words."""
    with app.app_context():
        where = make_signal_place()
        report(None, where.area, LONELY[0])
        cluster = report(None, where.area, LONELY[1]).cluster
        project = Project(
            title="Samen aan tafel", goal="Elke week samen eten", team=where.team, lead_worker=where.worker
        )
        db.session.add(project)
        db.session.flush()
        services_board.take_up(where.worker, cluster, project)
        db.session.commit()
        area_id, project_id = where.area.id, project.id
        db.session.remove()
    server = start_server(threads=8, env={"FAULTS_SWITCH_INTERVAL": "1e-6"})
    rng = random.Random(12)
    paths = []
    for n in range(24):
        words = _random_words(rng, 6)
        paths += [
            f"/signals/report/similar?area_id={area_id}&text=Schimmel+{words.replace(' ', '+')}",
            f"/initiatives/?q={words.replace(' ', '+')}",
            f"/projects/{project_id}" + ("?page=-1" if n % 2 else ""),
        ]
    browsers = [server.browser() for _ in range(8)]
    lock = threading.Lock()
    responses = []

    def visit(browser, share: list[str]):
        for path in share:
            response = browser.get(path)
            with lock:
                responses.append(response)

    at_once(*(lambda b=browser, i=i: visit(b, paths[i::8]) for i, browser in enumerate(browsers)))
    assert len(responses) == len(paths)
    assert_no_server_errors(responses, server)
    assert {response.status for response in responses} == {200}


def test_stemming_in_many_threads_at_once_gives_what_one_thread_gives():
    """The Snowball stemmers keep state while they work: each thread needs its own."""
    rng = random.Random(7)
    words = [_random_words(rng, 1) for _ in range(1500)]
    expected = {
        "search": [search.word_forms(word) for word in words],
        "similarity": [similarity.significant_words(word) for word in words],
        "clustering": [clustering.stem.__wrapped__(word) for word in words],
    }
    calls = {
        "search": search.word_forms,
        "similarity": similarity.significant_words,
        "clustering": clustering.stem.__wrapped__,
    }
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for name, call in calls.items():
            results = at_once(*(lambda c=call: [c(word) for word in words] for _ in range(6)))
            assert all(result == expected[name] for result in results), name
    finally:
        sys.setswitchinterval(interval)


def test_the_twenty_texts_are_one_matter_in_any_order():
    """What the test of twenty reports at once relies on: placed one at a time, they form one cluster."""
    for seed in range(20):
        texts = RATS[:]
        random.Random(seed).shuffle(texts)
        clusterer = clustering.Clusterer()
        placed = {
            clusterer.place(clustering.Signal(i, text, "team", datetime(2026, 1, 1))) for i, text in enumerate(texts)
        }
        assert len(placed) == 1
