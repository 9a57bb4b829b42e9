"""Deleting an account and downloading one's data reach into the signals."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.accounts import queries as account_queries
from portal.accounts import services as account_services
from portal.extensions import db
from portal.projects.models import Project
from portal.signals import services
from portal.signals.models import ClusterEvent, Signal
from tests.factories import TEST_PASSWORD
from tests.signal_factories import DAMP, LONELY, make_signal_place, report


def test_deleting_an_account_keeps_the_signals_for_the_count_but_not_the_person(ctx):
    place = make_signal_place()
    leaving, staying = place.residents[0], place.residents[1]
    first = report(leaving, place.area, LONELY[0])
    second = report(leaving, place.area, LONELY[2])
    other = report(staying, place.area, LONELY[1])
    cluster = first.cluster
    assert first.cluster_id == second.cluster_id == other.cluster_id
    assert (cluster.signal_count, cluster.reporter_count) == (3, 2)
    old_token = first.follow_token
    ids = (first.id, second.id)

    account_services.delete_account(leaving, TEST_PASSWORD)
    db.session.commit()

    kept = [db.session.get(Signal, signal_id) for signal_id in ids]
    assert all(signal is not None and signal.reporter_id is None for signal in kept)
    assert [signal.text for signal in kept] == [LONELY[0], LONELY[2]]
    assert kept[0].follow_token != old_token  # an old link no longer reads it
    assert db.session.scalar(select(func.count()).where(Signal.follow_token == old_token)) == 0
    # One stand-in for both: still one reporter, pointing at nobody.
    assert kept[0].reporter_key == kept[1].reporter_key != f"user:{leaving.id}"
    assert db.session.get(Signal, other.id).reporter_id == staying.id
    assert cluster.signal_count == 3  # the neighbourhood's count stays
    assert services.refresh(cluster).reporter_count == 2  # a deletion never makes a matter look recurring


def test_deleting_a_worker_removes_their_name_from_signals_and_changes(ctx):
    place = make_signal_place()
    note = services.report(
        None,
        services.SignalInput(text=DAMP, area=place.area, source="housing_corporation", source_name="Lefier"),
        recorded_by=place.worker,
    )
    services.dismiss(place.worker, note.cluster, "De verhuurder lost dit zelf op.")
    db.session.flush()
    assert note.recorded_by_id == place.worker.id

    account_services.delete_account(place.worker, TEST_PASSWORD)
    db.session.commit()

    kept = db.session.get(Signal, note.id)
    assert kept is not None and kept.recorded_by_id is None and kept.source_name == "Lefier"
    actors = db.session.scalars(select(ClusterEvent.actor_id).where(ClusterEvent.cluster_id == kept.cluster_id))
    assert set(actors) == {None}


def test_the_data_download_lists_my_signals_with_what_happened_to_them(ctx):
    place = make_signal_place()
    resident = place.residents[0]
    lonely = report(resident, place.area, LONELY[0], theme="loneliness", place="Zonnelaan")
    damp = report(resident, place.area, DAMP)
    report(place.residents[1], place.area, "Er wordt 's nachts hard gereden in de Zonnelaan.")
    services.dismiss(place.worker, damp.cluster, "Dit is een zaak voor de verhuurder.")
    project = Project(title="Koffieochtend", goal="Buren leren elkaar kennen", team_id=place.team.id)
    db.session.add(project)
    db.session.flush()
    services.take_up(place.worker, lonely.cluster, project)
    db.session.flush()

    data = account_queries.personal_data(resident)

    exported = {item["text"]: item for item in data["signals_reported"]}
    assert set(exported) == {LONELY[0], DAMP}  # only their own
    first = exported[LONELY[0]]
    assert (first["theme"], first["area"], first["place"]) == ("loneliness", "Zonnebuurt", "Zonnelaan")
    assert (first["status"], first["project"]) == ("project", "Koffieochtend")
    assert first["created_at"].endswith("Z")
    assert (exported[DAMP]["status"], exported[DAMP]["reason_closed"]) == (
        "dismissed",
        "Dit is een zaak voor de verhuurder.",
    )
    assert account_queries.personal_data(place.residents[2])["signals_reported"] == []
