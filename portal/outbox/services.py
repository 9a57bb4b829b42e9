"""The outbox: mail is queued in the transaction that causes it and delivered afterwards.

Delivery retries with growing pauses, so nothing is lost while the mail server is down. Any number of
senders may run at once (an overlapping cron run, two servers): each first claims the mail it will send
with one atomic UPDATE that gives the rows its own token and a lease, and only sends what it claimed. A
sender that dies keeps its rows only until the lease ends; then another sender claims and sends them.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app
from sqlalchemy import or_, select, update

from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.timeutil import utcnow

log = logging.getLogger("portal.outbox")

# Pause before attempt n+1 after n failures: 1 min, 5 min, 15 min, 1 h, then every 4 h.
RETRY_PAUSES = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
LATER_PAUSE = timedelta(hours=4)
MAX_ATTEMPTS = 20
# How long a sender holds the mail it claimed. It stops sending from a claim once half the lease is gone,
# so a slow mail server never lets a lease end while its holder still sends; a dead sender's mail waits this long.
DEFAULT_LEASE = timedelta(minutes=5)
CLAIM_SIZE = 20  # messages claimed at a time: senders running at once share the queue in chunks


def queue_mail(recipient: str, subject: str, body: str) -> OutboxMessage:
    """Add a mail to the outbox in the current transaction; the caller commits."""
    message = OutboxMessage(recipient=recipient.strip(), subject=subject.strip()[:200], body=body)
    db.session.add(message)
    if not current_app.config["MAIL_SERVER"] and not current_app.testing:
        # Development: show the mail at once; `outbox send` marks it sent later.
        log.info("Mail queued (no MAIL_SERVER set)\nTo: %s\nSubject: %s\n\n%s", message.recipient, subject, body)
    return message


def retry_pause(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failed deliveries."""
    if attempts <= 0:
        return timedelta(0)
    return RETRY_PAUSES[attempts - 1] if attempts <= len(RETRY_PAUSES) else LATER_PAUSE


def _due(now: datetime) -> tuple:
    """Unsent, due, not given up on, and claimed by no sender (or its lease has ended)."""
    return (
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.next_attempt_at <= now,
        OutboxMessage.attempts < MAX_ATTEMPTS,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    )


def due_messages(limit: int = 100) -> list[OutboxMessage]:
    """Unsent messages whose next attempt is due and that no sender holds, oldest first (read only)."""
    query = select(OutboxMessage).where(*_due(utcnow())).order_by(OutboxMessage.created_at, OutboxMessage.id)
    return list(db.session.scalars(query.limit(limit)))


def claim_due(limit: int, lease: timedelta = DEFAULT_LEASE, now: datetime | None = None) -> tuple[str, list]:
    """Claim up to ``limit`` due messages for this sender and commit the claim; (token, the claimed rows).

    The claim gives the rows a fresh token and a lease, in one transaction that no other claim can share
    rows with. On PostgreSQL the candidates are first locked with FOR UPDATE SKIP LOCKED, so a concurrent
    claim takes other rows (and a row another sender claimed meanwhile is re-read and left). (One UPDATE with
    that subquery inside is not enough there: the planner may run the subquery again per row, and each run
    skips the rows already updated, so it claims more than ``limit``.) On SQLite one UPDATE with the
    subquery holds the database's write lock from its start, so the choice and the claim are one step.
    """
    now = now or utcnow()
    token = secrets.token_hex(16)
    candidates = select(OutboxMessage.id).where(*_due(now)).order_by(OutboxMessage.created_at, OutboxMessage.id)
    candidates = candidates.limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        chosen = OutboxMessage.id.in_(list(db.session.scalars(candidates.with_for_update(skip_locked=True))))
    else:
        chosen = OutboxMessage.id.in_(candidates)
    db.session.execute(
        update(OutboxMessage).where(chosen, *_due(now)).values(claim_token=token, claimed_until=now + lease),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    claimed = select(OutboxMessage).where(OutboxMessage.claim_token == token, OutboxMessage.sent_at.is_(None))
    return token, list(db.session.scalars(claimed.order_by(OutboxMessage.created_at, OutboxMessage.id)))


def _finish(message_id: int, token: str, **values) -> bool:
    """Record the outcome of a claimed message and give up the claim; False if the lease was lost meanwhile."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token)
        .values(attempts=OutboxMessage.attempts + 1, claim_token=None, claimed_until=None, **values),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return result.rowcount == 1


def release(token: str) -> None:
    """Give back the claimed messages this sender did not get to, so another sender may take them at once."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.claim_token == token, OutboxMessage.sent_at.is_(None))
        .values(claim_token=None, claimed_until=None),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def build_email(message, sender: str) -> EmailMessage:
    """The mail of an outbox message (anything with ``recipient``, ``subject`` and ``body``)."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> ") or None)
    email.set_content(message.body)
    return email


Transport = Callable[[EmailMessage], None]


def smtp_transport(config) -> Transport:
    """A transport that delivers over SMTP with the app's MAIL_* settings."""

    def send(email: EmailMessage) -> None:
        host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
        if config["MAIL_USE_SSL"]:
            client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                client.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                client.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            client.send_message(email)

    return send


def log_transport(email: EmailMessage) -> None:
    """Development: print the mail to the log instead of sending it."""
    log.info(
        "Mail (development, not sent)\nTo: %s\nSubject: %s\n\n%s", email["To"], email["Subject"], email.get_content()
    )


@dataclass(frozen=True)
class _Claimed:
    """What a sender needs of a claimed message, read at once: the rows expire at every commit."""

    id: int
    attempts: int
    recipient: str
    subject: str
    body: str


def send_due(transport: Transport, sender: str, limit: int = 100, lease: timedelta = DEFAULT_LEASE) -> tuple[int, int]:
    """Deliver up to ``limit`` due messages, each exactly once among all senders running at once.

    Messages are claimed in chunks (``claim_due``); each outcome is committed at once, so a crash loses
    nothing: what a dead sender had claimed is sent by another once the lease ends. Returns (sent, failed).
    A failed message is kept with its error and retried later.
    """
    sent = failed = 0
    while sent + failed < limit:
        token, batch = claim_due(min(CLAIM_SIZE, limit - sent - failed), lease)
        if not batch:
            break
        deadline = utcnow() + lease / 2
        claimed = [_Claimed(m.id, m.attempts, m.recipient, m.subject, m.body) for m in batch]
        for message in claimed:
            if utcnow() >= deadline:
                release(token)
                break
            if _deliver(transport, sender, message, token):
                sent += 1
            else:
                failed += 1
    return sent, failed


def _deliver(transport: Transport, sender: str, message: _Claimed, token: str) -> bool:
    """Send one claimed message and record the outcome; whether it was delivered."""
    try:
        transport(build_email(message, sender))
    except (OSError, ValueError, smtplib.SMTPException) as exc:
        attempts = message.attempts + 1
        # The log names no address (an SMTP error may quote it too): the message's row keeps the whole error.
        log.warning("Mail %s failed (attempt %s): %s", message.id, attempts, type(exc).__name__)
        error = f"{type(exc).__name__}: {exc}"[:1000]
        _finish(message.id, token, last_error=error, next_attempt_at=utcnow() + retry_pause(attempts))
        return False
    if not _finish(message.id, token, sent_at=utcnow(), last_error=None):
        log.warning("Mail %s was sent after its claim had ended (or it was deleted meanwhile).", message.id)
    return True
