"""Commands for neighbourly help: `flask --app portal help expire` (daily, from cron, before the daily digest)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.extensions import db
from portal.help import services_closing, services_team

help_cli = AppGroup("help", help="Neighbourly help: offers, requests and matches.")


@help_cli.command("expire")
def expire() -> None:
    """Remind requesters before an open request expires, expire those past their date, withdraw proposals
    nobody answered within a week, and tell the teams (once) about requests waiting too long for a proposal."""
    withdrawn = services_closing.withdraw_stale_proposals()
    reminded, expired = services_closing.expire_requests()
    waiting = services_team.tell_about_waiting()
    db.session.commit()
    click.echo(
        f"Reminded {reminded} requester(s); {expired} request(s) expired; {withdrawn} proposal(s) withdrawn; "
        f"teams told of {waiting} request(s) waiting for a proposal."
    )
