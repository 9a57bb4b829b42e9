"""Commands for neighbourly help: `flask --app portal help expire` and `flask --app portal help arrangements`
(hourly, from cron or the jobs runner)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.extensions import db
from portal.help import services_arrangements, services_closing, services_team

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


@help_cli.command("arrangements")
def arrangements() -> None:
    """Ask the check-ins (two weeks in, after the end), remind both sides the day before a planned day, ask about
    matches not heard of for HELP_STALE_DAYS days and close those still unanswered HELP_STALE_CLOSE_DAYS later."""
    counts = services_arrangements.run_jobs()
    db.session.commit()
    click.echo(
        f"Closed {counts['closed']} match(es) nobody answered about; asked about {counts['asked_stale']} not heard of; "
        f"check-ins asked: {counts['asked_started']} after two weeks, {counts['asked_ended']} after the end; "
        f"reminded {counts['reminded']} match(es) of tomorrow's plan."
    )
