"""The outbox delivers over a real SMTP socket and keeps mail when the server is down."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

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
