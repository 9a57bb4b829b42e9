"""How the outbox joins the application: its command group and its data-rights answers (it has no pages)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register ``flask outbox`` and connect the outbox's answers to the data-rights events."""
    from portal.outbox import privacy  # noqa: F401 - subscribers attach on import
    from portal.outbox.cli import outbox_cli

    app.cli.add_command(outbox_cli)
