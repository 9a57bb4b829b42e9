"""How the demo data joins the application: its command group (it has no pages)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register ``flask demo``."""
    from portal.demo.cli import demo_cli

    app.cli.add_command(demo_cli)
