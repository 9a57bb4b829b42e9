"""Mail exactly once: real `flask outbox send` processes at once, and a sender killed in the middle of a batch.

A local SMTP server (aiosmtpd) counts every mail it receives by subject. It can hold each sender at RCPT
(before the mail's content is sent): the concurrency test holds the senders until all of them have claimed
mail, so they really overlap; the crash test holds the first sender there and kills it with SIGKILL.
The senders share the session's test database: the SQLite file, or PostgreSQL from DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from portal.extensions import db
from portal.outbox import services
from portal.outbox.models import OutboxMessage
from portal.timeutil import utcnow

ROOT = Path(__file__).resolve().parents[2]
MAILS = 100
SENDERS = 3
TIMEOUT = 120  # seconds a sender process may take
SHORT_LEASE = 5  # seconds: the crash test waits this long for a dead sender's mail


class CountingServer:
    """Counts deliveries per subject (and when each arrived); ``gate`` holds senders at RCPT until it is set.

    With ``quorum`` the gate opens by itself once that many senders wait at RCPT at the same moment.
    """

    def __init__(self, quorum: int | None = None) -> None:
        self.deliveries: Counter[str] = Counter()
        self.arrived: dict[str, datetime] = {}
        self.gate = threading.Event()
        self.quorum = quorum
        self.waiting = 0
        self.most_waiting = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        self.waiting += 1  # the handlers all run in the controller's one event loop thread
        self.most_waiting = max(self.most_waiting, self.waiting)
        if self.quorum and self.waiting >= self.quorum:
            self.gate.set()
        while not self.gate.is_set():
            await asyncio.sleep(0.02)
        self.waiting -= 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        await asyncio.sleep(0.005)  # a little work per mail, so the senders interleave
        subject = email.message_from_bytes(envelope.content)["Subject"]
        self.deliveries[subject] += 1
        self.arrived.setdefault(subject, utcnow())
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    """Start a CountingServer: ``smtp(quorum=None)`` returns (server, port); stopped after the test."""
    started = []

    def start(quorum: int | None = None) -> tuple[CountingServer, int]:
        handler, port = CountingServer(quorum), _free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        started.append((handler, controller))
        return handler, port

    yield start
    for handler, controller in started:
        handler.gate.set()
        controller.stop()


@pytest.fixture(autouse=True)
def _other_processes_wrote(app):
    """The senders' writes are not seen by tests/conftest.py's write watch: empty the tables after the test."""
    yield
    app.extensions["tests.writes"].dirty = True


def queue_mails(app, count: int = MAILS) -> list[str]:
    subjects = [f"Mail {number:03d}" for number in range(count)]
    with app.app_context():
        for number, subject in enumerate(subjects):
            services.queue_mail(f"bewoner{number}@example.org", subject, "Beste buur,\n\nTot ziens.")
        db.session.commit()
        db.session.remove()
    return subjects


def start_sender(app, port: int, *options: str) -> subprocess.Popen:
    """A real `flask --app portal outbox send` process on the test database, delivering to ``port``."""
    environment = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_USE_TLS": "false",
        "MAIL_USE_SSL": "false",
        "MAIL_FROM": "Buurtportaal <noreply@example.org>",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "flask", "--app", "portal", "outbox", "send", "--limit", "1000", *options]
    return subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def finish(process: subprocess.Popen) -> tuple[int, str]:
    """Wait for a sender; (how many it sent, its output). Fails the test when it failed."""
    output, _ = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, output
    line = next(line for line in output.splitlines() if line.startswith("sent "))
    return int(line.split()[1].rstrip(",")), output


def outbox_state(app) -> dict:
    with app.app_context():
        count = func.count(OutboxMessage.id)
        state = {
            "sent": db.session.scalar(select(count).where(OutboxMessage.sent_at.is_not(None))),
            "unsent": db.session.scalar(select(count).where(OutboxMessage.sent_at.is_(None))),
            "still_claimed": db.session.scalar(select(count).where(OutboxMessage.claim_token.is_not(None))),
            "attempts": db.session.scalar(select(func.sum(OutboxMessage.attempts))),
        }
        db.session.remove()
    return state


def test_senders_running_at_once_send_every_mail_exactly_once(app, smtp):
    subjects = queue_mails(app)
    server, port = smtp(quorum=SENDERS)  # nobody delivers until every sender holds mail of its own
    senders = [start_sender(app, port) for _ in range(SENDERS)]
    results = [finish(sender) for sender in senders]

    assert server.most_waiting == SENDERS, "the senders never ran at the same moment"
    assert all(sent > 0 for sent, _ in results), [output for _, output in results]
    assert sum(sent for sent, _ in results) == MAILS
    assert server.deliveries == Counter({subject: 1 for subject in subjects})
    assert outbox_state(app) == {"sent": MAILS, "unsent": 0, "still_claimed": 0, "attempts": MAILS}


def test_a_sender_killed_mid_batch_loses_nothing_and_its_mail_goes_out_once_after_the_lease(app, smtp):
    subjects = queue_mails(app)
    server, port = smtp()  # the gate stays shut: the first sender hangs at its first mail
    doomed = start_sender(app, port, "--lease", str(SHORT_LEASE))
    deadline = time.monotonic() + TIMEOUT
    while server.waiting == 0:
        assert doomed.poll() is None and time.monotonic() < deadline, "the first sender never reached the server"
        time.sleep(0.05)
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.communicate(timeout=TIMEOUT)  # reaps it and closes its pipe
    with app.app_context():
        held = dict(
            db.session.execute(
                select(OutboxMessage.subject, OutboxMessage.claimed_until).where(OutboxMessage.claim_token.is_not(None))
            ).all()
        )
        db.session.remove()
    assert len(held) == services.CLAIM_SIZE and server.deliveries == Counter()

    server.gate.set()
    config = {**app.config, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port}
    with app.app_context():  # the senders after the crash may as well be this process
        transport = services.smtp_transport(config)
        first_sent, _ = services.send_due(transport, "noreply@example.org", limit=1000)  # the dead sender's mail waits
        assert first_sent >= MAILS - len(held)
        time.sleep(max(0.0, (max(held.values()) - utcnow()).total_seconds()) + 0.2)
        second_sent, _ = services.send_due(transport, "noreply@example.org", limit=1000)
        db.session.remove()

    assert first_sent + second_sent == MAILS
    assert server.deliveries == Counter({subject: 1 for subject in subjects})
    assert all(server.arrived[subject] >= until for subject, until in held.items()), "sent before the lease ended"
    assert outbox_state(app) == {"sent": MAILS, "unsent": 0, "still_claimed": 0, "attempts": MAILS}
