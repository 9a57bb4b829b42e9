"""Command-line commands: `flask --app portal privacy ...` (retention of personal data)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal.accounts import privacy
from portal.extensions import db

privacy_cli = AppGroup("privacy", help="Data protection: remove personal data kept past its retention period.")


@privacy_cli.command("purge")
def purge() -> None:
    """Remove or blank personal data past its retention period (run daily, e.g. from cron).

    The periods are settings (OUTBOX_RETENTION_DAYS, SIGNAL_CONTACT_RETENTION_DAYS, HELP_TEXT_RETENTION_DAYS,
    UNCONFIRMED_ACCOUNT_DAYS). Safe to run twice, also at the same moment.
    """
    problems = privacy.retention_problems(current_app.config)
    if problems:
        raise click.ClickException(" ".join(problems))
    counts = privacy.purge_expired()
    db.session.commit()
    for what, number in sorted(counts.items()):
        click.echo(f"{what}: {number}")
