"""Commands for notifications: `flask --app portal notifications send-digests [--daily]` (from cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.extensions import db
from portal.notifications import services
from portal.notifications.models import DAILY, WEEKLY

notifications_cli = AppGroup("notifications", help="In-app notifications and their e-mail.")


@notifications_cli.command("send-digests")
@click.option("--daily", "frequency", flag_value=DAILY, help="The daily digest (run every morning).")
@click.option("--weekly", "frequency", flag_value=WEEKLY, default=True, help="The weekly digest (the default).")
def send_digests(frequency: str) -> None:
    """Queue the daily or weekly digest mail for everyone with notifications waiting for it."""
    mails = services.send_digests(frequency)
    db.session.commit()
    click.echo(f"Queued {mails} digest mail(s); `flask --app portal outbox send` delivers them.")
