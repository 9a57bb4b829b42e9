"""How the scheduled jobs join the application: the ``flask jobs`` command group (they have no pages)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register ``flask jobs``."""
    from portal.jobs.cli import jobs_cli

    app.cli.add_command(jobs_cli)
