"""How the outbox joins the application: its command group (it has no pages)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register ``flask outbox``."""
    from portal.outbox.cli import outbox_cli

    app.cli.add_command(outbox_cli)
