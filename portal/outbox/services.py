"""The outbox: mail is queued in the transaction that causes it and delivered afterwards.

Delivery retries with growing pauses, so nothing is lost while the mail server is down.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.timeutil import utcnow

log = logging.getLogger("portal.outbox")

# Pause before attempt n+1 after n failures: 1 min, 5 min, 15 min, 1 h, then every 4 h.
RETRY_PAUSES = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
LATER_PAUSE = timedelta(hours=4)
MAX_ATTEMPTS = 20


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


def due_messages(limit: int = 100) -> list[OutboxMessage]:
    """Unsent messages whose next attempt is due, oldest first."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None))
        .where(OutboxMessage.next_attempt_at <= utcnow())
        .where(OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
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


def send_due(transport: Transport, sender: str, limit: int = 100) -> tuple[int, int]:
    """Try to deliver every due message; commit after each so a crash loses nothing.

    Returns (sent, failed). A failed message is kept with its error and retried later.
    """
    sent = failed = 0
    for message in due_messages(limit):
        try:
            transport(build_email(message, sender))
        except (OSError, smtplib.SMTPException) as exc:
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            message.next_attempt_at = utcnow() + retry_pause(message.attempts)
            failed += 1
            log.warning("Mail %s to %s failed (attempt %s): %s", message.id, message.recipient, message.attempts, exc)
        else:
            message.attempts += 1
            message.sent_at = utcnow()
            message.last_error = None
            sent += 1
        db.session.commit()
    return sent, failed
