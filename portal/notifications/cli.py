"""Commands for notifications: `flask --app portal notifications send-digests` (weekly, from cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.extensions import db
from portal.notifications import services

notifications_cli = AppGroup("notifications", help="In-app notifications and their e-mail.")


@notifications_cli.command("send-digests")
def send_digests() -> None:
    """Queue the weekly digest mail for everyone with notifications waiting for it."""
    mails = services.send_digests()
    db.session.commit()
    click.echo(f"Queued {mails} digest mail(s); `flask --app portal outbox send` delivers them.")
