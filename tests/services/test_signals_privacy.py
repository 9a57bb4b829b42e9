"""Deleting an account and downloading one's data reach into the signals."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.accounts import queries as account_queries
from portal.accounts import services as account_services
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.projects.models import Project
from portal.signals import services, services_board, services_reporters
from portal.signals.models import ClusterEvent, Signal
from portal.timeutil import utcnow
from tests.factories import TEST_PASSWORD
from tests.factories.signals import DAMP, LONELY, make_signal_place, report


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
    services_board.dismiss(place.worker, note.cluster, "De verhuurder lost dit zelf op.")
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
    services_board.dismiss(place.worker, damp.cluster, "Dit is een zaak voor de verhuurder.")
    project = Project(title="Koffieochtend", goal="Buren leren elkaar kennen", team_id=place.team.id)
    db.session.add(project)
    db.session.flush()
    services_board.take_up(place.worker, lonely.cluster, project)
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


# --------------------------------------------------------------------------- mail to an address a visitor typed

HOSTILE_NAME = "Fenna\nhttps://evil.example/login\nKlik hier om uw account te herstellen"
TYPED = ("Fenna", "evil.example", "Klik hier", "herstellen")


def anonymous_signal(place, address: str = "someone.else@example.org", text: str = LONELY[0]):
    return report(None, place.area, text, contact_email=address, contact_name=HOSTILE_NAME)


def outbox_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)))


def assert_fixed_text(mail: OutboxMessage) -> None:
    assert mail.body.startswith("Hallo,\n\n")
    for typed in TYPED:
        assert typed not in mail.body and typed not in mail.subject


def test_the_follow_link_mail_holds_fixed_text_and_the_link_only(ctx):
    signal = anonymous_signal(make_signal_place())
    assert services_reporters.mail_follow_link(signal) is True
    [mail] = outbox_to("someone.else@example.org")
    assert_fixed_text(mail)
    assert f"/signals/follow/{signal.follow_token}" in mail.body and LONELY[0] not in mail.body


def test_the_teams_decision_reaches_an_anonymous_reporter_without_their_name(ctx):
    place = make_signal_place()
    signal = anonymous_signal(place)
    services_board.dismiss(place.worker, signal.cluster, "Dit is een zaak voor de verhuurder.")
    [mail] = outbox_to("someone.else@example.org")
    assert_fixed_text(mail)
    assert "Dit is een zaak voor de verhuurder." in mail.body  # the team's words


def test_a_project_invites_an_anonymous_reporter_without_their_name(ctx):
    from portal.projects import services_invitations

    place = make_signal_place()
    signal = anonymous_signal(place)
    project = Project(title="Koffieochtend", goal="Buren leren elkaar kennen", team_id=place.team.id)
    db.session.add(project)
    db.session.flush()
    services_board.take_up(place.worker, signal.cluster, project)
    services_invitations.invite_reporters(project, signal.cluster)
    [mail] = outbox_to("someone.else@example.org")
    assert_fixed_text(mail)
    assert "Koffieochtend" in mail.body and f"/projects/{project.id}" in mail.body


def test_an_address_gets_at_most_its_share_of_mails_a_day(ctx):
    place = make_signal_place()
    signals = [anonymous_signal(place, address) for address in ("victim@example.org", "Victim@Example.org") * 4]
    sent = [services_reporters.mail_follow_link(signal) for signal in signals]
    limit = services_reporters.MAILS_PER_ADDRESS
    assert sent == [True] * limit + [False] * (len(signals) - limit)
    assert services_reporters.mails_to("VICTIM@example.org") == limit
    # Another address is not held up, and the team's later news is held back as well.
    assert services_reporters.mail_follow_link(anonymous_signal(place, "other@example.org")) is True
    assert services_reporters.mail_anonymous(signals[0], "signal_dismissed", {"reason": "x"}, "/") is False
    # A day later the address may hear from the portal again.
    for mail in db.session.scalars(select(OutboxMessage)):
        mail.created_at = utcnow() - timedelta(days=1, minutes=1)
    db.session.flush()
    assert services_reporters.mail_follow_link(signals[-1]) is True


def test_a_dismissal_counts_only_the_reporters_it_could_tell(ctx):
    place = make_signal_place()
    signal = anonymous_signal(place, "full@example.org")
    for _ in range(services_reporters.MAILS_PER_ADDRESS):
        services_reporters.mail_follow_link(signal)
    assert services_reporters.tell_reporters(signal.cluster, "signal_dismissed", {"reason": "x"}) == 0
