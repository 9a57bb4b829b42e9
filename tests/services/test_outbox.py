"""The outbox delivers over a real SMTP socket and keeps mail when the server is down."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import delete, func, select

from portal.extensions import db
from portal.outbox import services
from portal.outbox.models import OutboxMessage
from portal.timeutil import utcnow


class Recorder:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_config(app):
    port = free_port()
    config = dict(app.config)
    config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_USE_SSL=False, MAIL_USERNAME="")
    return config


def test_queued_mail_is_only_stored_until_sent(ctx):
    services.queue_mail("bewoner@example.org", "Onderwerp", "Tekst")
    db.session.commit()
    stored = db.session.scalars(select(OutboxMessage)).one()
    assert stored.sent_at is None and stored.attempts == 0


def test_mail_is_delivered_over_smtp(ctx, smtp_config):
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=smtp_config["MAIL_PORT"])
    controller.start()
    try:
        services.queue_mail("bewoner@example.org", "Uw vraag is ontvangen", "Beste bewoner,\n\nDank u.")
        db.session.commit()
        sent, failed = services.send_due(services.smtp_transport(smtp_config), "Buurtportaal <noreply@example.org>")
    finally:
        controller.stop()
    assert (sent, failed) == (1, 0)
    assert recorder.envelopes[0].rcpt_tos == ["bewoner@example.org"]
    assert b"Uw vraag is ontvangen" in recorder.envelopes[0].content
    assert db.session.scalars(select(OutboxMessage)).one().sent_at is not None


def test_mail_survives_a_server_that_is_down_and_is_retried_later(ctx, smtp_config):
    transport = services.smtp_transport(smtp_config)
    services.queue_mail("bewoner@example.org", "Herinnering", "Tekst")
    db.session.commit()

    # Nobody listens on the port: the attempt fails, the mail stays with its error.
    assert services.send_due(transport, "noreply@example.org") == (0, 1)
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.sent_at is None and message.attempts == 1
    assert message.last_error and message.next_attempt_at > utcnow()

    # Not due yet: a second run leaves it alone.
    assert services.send_due(transport, "noreply@example.org") == (0, 0)

    # The server is back and the pause has passed: delivered.
    message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=smtp_config["MAIL_PORT"])
    controller.start()
    try:
        assert services.send_due(transport, "noreply@example.org") == (1, 0)
    finally:
        controller.stop()
    assert len(recorder.envelopes) == 1
    assert db.session.scalars(select(OutboxMessage)).one().attempts == 2


@pytest.mark.parametrize(("attempts", "pause"), [(0, 0), (1, 60), (2, 300), (3, 900), (4, 3600), (9, 14400)])
def test_retry_pauses_grow(attempts, pause):
    assert services.retry_pause(attempts).total_seconds() == pause


def test_cli_send_prints_mail_to_the_log_without_a_mail_server(app, runner, caplog):
    with app.app_context():
        services.queue_mail("bewoner@example.org", "Welkom", "Hallo buurman")
        db.session.commit()
    with caplog.at_level("INFO", logger="portal.outbox"):
        result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 1, failed 0" in result.output
    assert "Hallo buurman" in caplog.text
    status = runner.invoke(args=["outbox", "status"])
    assert "sent 1" in status.output


# --------------------------------------------------------------------------- claims: each mail sent by one sender


def _queue(count: int) -> None:
    for number in range(count):
        services.queue_mail(f"bewoner{number}@example.org", f"Mail {number}", "Tekst")
    db.session.commit()


def test_a_claimed_mail_is_left_alone_by_other_senders_until_the_lease_ends(ctx):
    _queue(3)
    first, claimed = services.claim_due(limit=2, lease=timedelta(minutes=5))
    assert [message.subject for message in claimed] == ["Mail 0", "Mail 1"]
    second, rest = services.claim_due(limit=10, lease=timedelta(minutes=10))
    assert second != first and [message.subject for message in rest] == ["Mail 2"]
    assert services.claim_due(limit=10)[1] == []

    # The first sender died: once its lease has ended, another sender claims its mail.
    later = utcnow() + timedelta(minutes=6)
    third, taken_over = services.claim_due(limit=10, now=later)
    assert sorted(message.subject for message in taken_over) == ["Mail 0", "Mail 1"]
    assert {message.claim_token for message in taken_over} == {third}


def test_a_sender_whose_lease_was_taken_over_does_not_record_the_other_senders_mail(ctx):
    _queue(1)
    old, [message] = services.claim_due(limit=1, lease=timedelta(seconds=1))
    new, _ = services.claim_due(limit=1, now=utcnow() + timedelta(seconds=2))
    assert not services._finish(message.id, old, sent_at=utcnow())
    assert services._finish(message.id, new, sent_at=utcnow())
    stored = db.session.scalars(select(OutboxMessage)).one()
    assert stored.sent_at is not None and stored.attempts == 1 and stored.claim_token is None


def test_send_due_sends_only_what_it_claimed_and_gives_up_its_claims(ctx):
    _queue(4)
    other, held = services.claim_due(limit=1)  # another sender holds Mail 0
    delivered = []
    assert services.send_due(delivered.append, "noreply@example.org") == (3, 0)
    assert [email["Subject"] for email in delivered] == ["Mail 1", "Mail 2", "Mail 3"]
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [row.claim_token for row in rows] == [other, None, None, None]
    assert [row.sent_at is not None for row in rows] == [False, True, True, True]


def test_a_release_gives_unsent_claimed_mail_back_at_once(ctx):
    _queue(2)
    token, _ = services.claim_due(limit=2)
    services.release(token)
    assert len(services.claim_due(limit=2)[1]) == 2


def test_a_sender_stops_using_a_claim_when_half_its_lease_is_gone(ctx, monkeypatch):
    _queue(3)
    clock = [utcnow()]
    monkeypatch.setattr(services, "utcnow", lambda: clock[0])
    delivered = []

    def slow(email):  # each delivery takes three minutes of a five-minute lease
        delivered.append(email["Subject"])
        clock[0] += timedelta(minutes=3)

    assert services.send_due(slow, "noreply@example.org", limit=3, lease=timedelta(minutes=5)) == (3, 0)
    # After the first mail the claim was given back and claimed afresh: never sent past half the lease.
    assert delivered == ["Mail 0", "Mail 1", "Mail 2"]
    assert db.session.scalar(select(func.count()).where(OutboxMessage.claim_token.is_not(None))) == 0


def test_mail_deleted_while_a_sender_holds_it_does_not_stop_the_batch(ctx):
    _queue(2)
    delivered = []

    def deliver_and_delete_the_next(email):
        delivered.append(email["Subject"])
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.subject == "Mail 1"))
        db.session.commit()

    assert services.send_due(deliver_and_delete_the_next, "noreply@example.org") == (2, 0)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1
