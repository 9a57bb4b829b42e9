"""Signals in the database: placing at once, recurring, and the workers' changes to clusters."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, update

from portal.audit import AuditEntry
from portal.errors import DomainError
from portal.extensions import db
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.projects.models import Project
from portal.signals import services, services_board, services_reporters
from portal.signals.models import DISMISSED, MERGED, OPEN, ClusterEvent, SignalCluster
from tests.factories.signals import DAMP, LONELY, make_signal_place, report


def test_signals_about_the_same_matter_share_a_cluster_and_become_recurring(app):
    with app.app_context():
        place = make_signal_place()
        first = report(place.residents[0], place.area, LONELY[0])
        second = report(place.residents[1], place.area, LONELY[1])
        assert first.cluster_id == second.cluster_id
        assert not first.cluster.recurring
        third = report(None, place.area, LONELY[2])
        cluster = third.cluster
        assert third.cluster_id == first.cluster_id
        assert (cluster.signal_count, cluster.reporter_count, cluster.recurring) == (3, 3, True)
        other = report(place.residents[0], place.area, DAMP)
        assert other.cluster_id != first.cluster_id
        assert [reason.key for reason in services.explain(cluster)][:1] == ["loneliness"]


def test_one_reporter_alone_never_makes_a_cluster_recurring(app):
    with app.app_context():
        place = make_signal_place()
        for text in LONELY:
            signal = report(place.residents[0], place.area, text)
        assert signal.cluster.signal_count == 3
        assert not signal.cluster.recurring


def test_the_reporter_may_choose_the_cluster_it_belongs_to(app):
    with app.app_context():
        place = make_signal_place()
        lonely = report(place.residents[0], place.area, LONELY[0])
        suggestions = services.candidates(place.team, LONELY[1], None)
        assert suggestions and suggestions[0][0].id == lonely.cluster_id
        joined = report(place.residents[1], place.area, DAMP, join_cluster_id=lonely.cluster_id)
        assert joined.cluster_id == lonely.cluster_id
        actions = [event.action for event in lonely.cluster.events]
        assert actions == [services.CREATED, services.JOINED]


def test_bad_input_is_refused_with_a_message(app):
    with app.app_context():
        place = make_signal_place()
        with pytest.raises(DomainError) as short:
            report(None, place.area, "kort")
        assert short.value.field == "text"
        with pytest.raises(DomainError) as no_area:
            report(None, None, LONELY[0])
        assert no_area.value.field == "area"
        with pytest.raises(DomainError) as theme:
            report(None, place.area, LONELY[0], theme="aliens")
        assert theme.value.field == "theme"
        with pytest.raises(DomainError) as mail:
            report(None, place.area, LONELY[0], contact_email="geen-adres")
        assert mail.value.field == "contact_email"
        with pytest.raises(DomainError):
            report(place.residents[0], place.area, LONELY[0], source="police")


def test_merge_move_out_dismiss_and_reopen_are_recorded(app):
    with app.app_context():
        place = make_signal_place()
        lonely = [report(place.residents[i], place.area, LONELY[i]) for i in range(2)]
        damp = report(place.residents[2], place.area, DAMP)
        target, source = lonely[0].cluster, damp.cluster
        services_board.merge(place.worker, target, source)
        assert source.status == MERGED and target.signal_count == 3 and target.recurring
        assert services_reporters.current_cluster(damp).id == target.id
        new = services_board.move_out(place.worker, damp)
        assert new.signal_count == 1 and target.signal_count == 2 and damp.cluster_id == new.id
        with pytest.raises(DomainError):
            services_board.dismiss(place.worker, target, "nee")
        with pytest.raises(DomainError):
            services_board.dismiss(place.other_worker, target, "Dit pakt de gemeente al op.")
        services_board.dismiss(place.worker, target, "De gemeente start hier zelf een koffieochtend voor.")
        assert target.status == DISMISSED
        progress = services_reporters.progress(lonely[1])
        assert progress.status == DISMISSED and "koffieochtend" in progress.reason
        told = db.session.scalars(select(Notification).where(Notification.kind == "signal_dismissed")).all()
        assert {n.user_id for n in told} == {place.residents[0].id, place.residents[1].id}
        services_board.reopen(place.worker, target)
        assert target.status == OPEN
        actions = {event.action for event in db.session.scalars(select(ClusterEvent))}
        assert {"merged_in", "merged_away", "moved_out", "moved_in", "dismissed", "reopened"} <= actions
        audit = {entry.action for entry in db.session.scalars(select(AuditEntry))}
        assert {"signals.merge", "signals.move_out", "signals.dismiss", "signals.reopen"} <= audit


def test_an_anonymous_reporter_with_an_email_is_told_by_mail(app):
    with app.app_context():
        place = make_signal_place()
        report(place.residents[0], place.area, LONELY[0])
        anonymous = report(None, place.area, LONELY[1], contact_email="buur@example.org", locale="en")
        services_board.dismiss(
            place.worker, anonymous.cluster, "The municipality already runs a weekly coffee morning."
        )
        mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "buur@example.org")).one()
        assert anonymous.follow_token in mail.body
        assert "neighbourhood team" in mail.subject


def test_the_stored_summary_places_as_the_signals_themselves_would(app):
    """A team's open clusters come back from their stored summaries; that must equal rebuilding them."""
    with app.app_context():
        place = make_signal_place()
        signals = [report(place.residents[i % 3], place.area, text) for i, text in enumerate((*LONELY, DAMP))]
        cluster = signals[0].cluster
        kept = dict(cluster.summary)
        services.refresh(cluster)  # rebuilt from every signal
        assert cluster.summary["size"] == kept["size"] == 3
        assert cluster.summary["counts"] == kept["counts"]
        assert cluster.summary["norm2"] == pytest.approx(kept["norm2"])
        assert cluster.summary["centroid"] == pytest.approx(kept["centroid"])
        fast = services.clusterer_for(place.team, signals[-1].created_at)
        slow = services.clusterer_for(place.team, signals[-1].created_at, clusters=[cluster.id, signals[-1].cluster_id])
        probe = services._as_point(signals[1], place.team.slug)
        assert [(c.cluster_id, round(c.score, 9)) for c in fast.candidates(probe)] == [
            (c.cluster_id, round(c.score, 9)) for c in slow.candidates(probe)
        ]


def test_an_address_left_with_several_signals_is_mailed_once(app):
    with app.app_context():
        place = make_signal_place()
        report(place.residents[0], place.area, LONELY[0])
        for text in LONELY[1:]:
            signal = report(None, place.area, text, contact_email="buur@example.org")
        services_board.dismiss(place.worker, signal.cluster, "Er is al een koffieochtend in het buurthuis op dinsdag.")
        mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "buur@example.org")).all()
        assert len(mails) == 1


def test_a_signal_is_not_moved_out_of_a_dismissed_cluster(app):
    with app.app_context():
        place = make_signal_place()
        signals = [report(place.residents[i], place.area, LONELY[i]) for i in range(2)]
        services_board.dismiss(place.worker, signals[0].cluster, "Er is al een koffieochtend in het buurthuis.")
        with pytest.raises(DomainError):
            services_board.move_out(place.worker, signals[1])
        assert services_reporters.progress(signals[1]).status == DISMISSED


# --------------------------------------------------------------------------- the same change twice, stale state


def test_the_same_merge_twice_records_one_event_and_the_opposite_one_is_refused_plainly(app):
    """What the second of two simultaneous requests meets once it holds the team's lock."""
    with app.app_context():
        place = make_signal_place()
        x = report(None, place.area, LONELY[0]).cluster
        y = report(None, place.area, DAMP).cluster
        services_board.merge(place.worker, x, y)
        events = db.session.scalar(select(func.count()).select_from(ClusterEvent))
        assert services_board.merge(place.worker, x, y) is x  # done already: nothing changes
        assert db.session.scalar(select(func.count()).select_from(ClusterEvent)) == events
        with pytest.raises(DomainError) as refused:
            services_board.merge(place.worker, y, x)
        assert refused.value.field == "other" and str(x.id) in refused.value.message  # where its signals are
        z = report(None, place.area, "Er wordt veel te hard gereden in onze straat, het is gevaarlijk.").cluster
        with pytest.raises(DomainError) as refused:
            services_board.merge(place.worker, z, y)
        assert re.search(rf"\b{y.id}\b.*\b{x.id}\b", refused.value.message)
        audit = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action == "signals.merge")).all()
        assert audit == ["signals.merge"]


def test_a_change_checks_the_group_as_it_is_now_not_as_it_was_read(app):
    """A worker's change reads the group afresh under the lock: another worker's change in between counts."""
    with app.app_context():
        place = make_signal_place()
        cluster = report(None, place.area, LONELY[0]).cluster
        db.session.commit()
        cluster_id = cluster.id
        assert cluster.status == OPEN  # loaded into this session
        with db.engine.begin() as other:  # another worker dismisses it meanwhile
            other.execute(update(SignalCluster).where(SignalCluster.id == cluster_id).values(status=DISMISSED))
        with pytest.raises(DomainError):
            services_board.dismiss(place.worker, cluster, "Er is al een koffieochtend in het buurthuis.")
        assert cluster.status == DISMISSED
        db.session.rollback()


def test_placing_adds_to_the_stored_summary_only_when_it_holds_every_other_signal(app):
    with app.app_context():
        place = make_signal_place()
        first = report(None, place.area, LONELY[0])
        cluster = first.cluster
        cluster.summary = None  # lost, or written by a placement that was rolled back
        second = report(None, place.area, LONELY[1], join_cluster_id=cluster.id)
        assert second.cluster_id == cluster.id
        assert cluster.summary["size"] == 2 == cluster.signal_count
        kept = dict(cluster.summary)
        services.refresh(cluster)
        assert cluster.summary["counts"] == kept["counts"]


def test_a_group_taken_up_in_another_project_meanwhile_is_refused(app):
    with app.app_context():
        place = make_signal_place()
        cluster = report(None, place.area, LONELY[0]).cluster
        first, second = (
            Project(title=title, goal="Samen eten", team=place.team, lead_worker=place.worker)
            for title in ("Samen aan tafel", "Eten in de wijk")
        )
        db.session.add_all([first, second])
        db.session.flush()
        services_board.take_up(place.worker, cluster, first)
        with pytest.raises(DomainError):
            services_board.take_up(place.worker, cluster, second)
        assert services_board.take_up(place.worker, cluster, first) is cluster  # the same again: nothing
        events = db.session.scalars(select(ClusterEvent.action).where(ClusterEvent.cluster_id == cluster.id)).all()
        assert events.count("taken_up") == 1
