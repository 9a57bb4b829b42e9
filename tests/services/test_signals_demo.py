"""The demo signals load on top of the demo accounts through the services: real clusters, once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.demo.signals import DISMISS_REASON, DISMISSED_TEXT, load_signals_demo
from portal.extensions import db
from portal.signals import services, services_reporters
from portal.signals.models import DISMISSED, LIVE, RESIDENT, Signal, SignalCluster
from portal.teams.models import Team
from portal.timeutil import utcnow


def test_the_demo_signals_cluster_into_recurring_matters_in_every_team_and_load_once(app):
    with app.test_request_context():
        from portal.demo.loader import load_demo

        load_demo()  # reference data, demo accounts and every feature's demo content; commits
        signals = list(db.session.scalars(select(Signal)))
        clusters = list(db.session.scalars(select(SignalCluster)))
        teams = list(db.session.scalars(select(Team)))
        now = utcnow()

        # Every team has signals, spread over the past five months.
        assert len(teams) == 11
        assert {signal.team_id for signal in signals} == {team.id for team in teams}
        assert all(signal.created_at <= now for signal in signals)
        assert min(signal.created_at for signal in signals) < now - timedelta(days=120)

        # At least five recurring clusters, in at least five teams, each from several reporters.
        recurring = [cluster for cluster in clusters if cluster.recurring and cluster.status in LIVE]
        assert len(recurring) >= 5
        assert len({cluster.team_id for cluster in recurring}) >= 5
        for cluster in recurring:
            members = [signal for signal in signals if signal.cluster_id == cluster.id]
            assert len(members) == cluster.signal_count >= 3
            assert len({signal.reporter_key for signal in members}) == cluster.reporter_count >= 2
            assert all(signal.team_id == cluster.team_id for signal in members)
        by_team: dict[str, list] = {}
        for cluster in recurring:
            by_team.setdefault(cluster.team.slug, []).append(cluster)
        for slug, concept in (
            ("selwerd", "eenzaamheid"),
            ("selwerd", "te hard rijden"),
            ("vinkhuizen", "vocht en schimmel"),
            ("korrewegwijk", "gevaarlijke oversteek of kruising"),
            ("beijum", "overlast van jongeren"),
            ("lewenborg", "energierekening en kou"),
            ("oosterparkwijk", "volle containers en kliko's"),
        ):
            reasons = [str(reason) for cluster in by_team[slug] for reason in services.explain(cluster)]
            assert concept in reasons, slug
        assert any(not cluster.recurring for cluster in clusters)  # one-offs too

        # Residents, anonymous people with and without an e-mail address, and partners.
        anonymous = [signal for signal in signals if signal.is_anonymous]
        assert any(signal.reporter_id is not None for signal in signals)
        assert any(signal.contact_email for signal in anonymous)
        assert any(not signal.contact_email for signal in anonymous)
        assert any(signal.locale == "en" for signal in signals)
        for signal in signals:
            has_contact = signal.contact_name or signal.contact_email or signal.contact_phone
            assert not has_contact or signal.is_anonymous
            if signal.contact_email:
                assert signal.contact_email.endswith("@example.org")
        partners = [signal for signal in signals if signal.source != RESIDENT]
        assert {"housing_corporation", "gp", "school", "police"} <= {signal.source for signal in partners}
        for signal in partners:
            assert signal.reporter_id is None and signal.source_name
            assert signal.recorded_by is not None and signal.recorded_by.works_for(signal.team.slug)

        # One resident's one-off was dismissed with a reason her follow page shows.
        (dismissed,) = [c for c in clusters if c.status == DISMISSED and c.dismissed_reason == DISMISS_REASON]
        assert dismissed.dismissed_reason == DISMISS_REASON and not dismissed.recurring
        (signal,) = [signal for signal in signals if signal.text.startswith(DISMISSED_TEXT)]
        assert signal.cluster_id == dismissed.id and signal.reporter is not None
        progress = services_reporters.progress(signal)
        assert progress.status == DISMISSED and progress.reason == DISMISS_REASON

        # Loading again adds nothing.
        assert load_signals_demo() == 0
        assert len(list(db.session.scalars(select(Signal)))) == len(signals)
