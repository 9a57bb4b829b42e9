"""Command-line commands: `flask --app portal outbox ...`."""

import time
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from portal.extensions import db
from portal.outbox import services
from portal.outbox.models import OutboxMessage
from portal.timeutil import utcnow

outbox_cli = AppGroup("outbox", help="Deliver and inspect outgoing mail.")


@outbox_cli.command("send")
@click.option("--limit", default=100, show_default=True, help="At most this many messages per run.")
@click.option("--every", type=int, default=0, help="Keep running, sending every N seconds (0: once).")
@click.option(
    "--lease",
    type=click.IntRange(min=1),
    default=int(services.DEFAULT_LEASE.total_seconds()),
    show_default=True,
    help="Seconds a sender holds the mail it claimed; a crashed sender's mail is sent by another after this.",
)
def send(limit: int, every: int, lease: int) -> None:
    """Deliver due mail over SMTP (or to the log when MAIL_SERVER is empty).

    Any number of senders may run at once: each sends only the mail it claimed, so every mail goes out once.
    """
    config = current_app.config
    transport = services.smtp_transport(config) if config["MAIL_SERVER"] else services.log_transport
    while True:
        sent, failed = services.send_due(transport, config["MAIL_FROM"], limit=limit, lease=timedelta(seconds=lease))
        click.echo(f"sent {sent}, failed {failed} (failed mail is retried later)")
        db.session.remove()
        if every <= 0:
            return
        time.sleep(every)


@outbox_cli.command("status")
def status() -> None:
    """Count queued, failed, sent and (being sent) claimed mail."""
    count = func.count(OutboxMessage.id)
    unsent = OutboxMessage.sent_at.is_(None)
    queued = db.session.scalar(select(count).where(unsent, OutboxMessage.attempts == 0))
    failing = db.session.scalar(select(count).where(unsent, OutboxMessage.attempts > 0))
    sent = db.session.scalar(select(count).where(OutboxMessage.sent_at.is_not(None)))
    claimed = db.session.scalar(select(count).where(unsent, OutboxMessage.claimed_until > utcnow()))
    click.echo(f"queued {queued}, failing {failing}, sent {sent} (claimed by a sender now: {claimed})")
