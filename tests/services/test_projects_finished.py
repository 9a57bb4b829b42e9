"""A finished project keeps its signals; the matter noticed again is a new cluster for the team."""

from __future__ import annotations

from portal.projects import services
from portal.projects.models import FINISHED
from portal.signals.models import PROJECT
from tests.factories.signals import LONELY, make_signal_place, report
from tests.services.test_projects import lonely_cluster, start


def test_after_a_project_finishes_the_matter_noticed_again_starts_a_new_cluster(app):
    from portal.signals import services_reporters as signal_services

    with app.app_context():
        place = make_signal_place()
        cluster = lonely_cluster(place, anonymous_email=None)
        project = start(place, [cluster])
        first = cluster.signals[0]
        assert signal_services.progress(first).status == PROJECT
        services.set_status(place.worker, project, FINISHED, "Elke dinsdag komen nu twintig buren koffie drinken.")
        progress = signal_services.progress(first)
        assert progress.status == signal_services.FINISHED_PROJECT and progress.project.outcome.startswith("Elke")
        again = report(place.residents[0], place.area, LONELY[1])
        assert again.cluster_id != cluster.id and again.cluster.project_id is None
        chosen = report(place.residents[1], place.area, LONELY[0], join_cluster_id=cluster.id)
        assert chosen.cluster_id != cluster.id  # a finished project's cluster takes no new signals


def test_signals_name_a_finished_project_by_the_projects_own_status():
    """Signals read a project's status through SignalCluster.project without importing projects."""
    from portal.signals.models import FINISHED_PROJECT

    assert FINISHED_PROJECT == FINISHED
