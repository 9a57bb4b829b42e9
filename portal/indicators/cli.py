"""``flask indicators``: the daily snapshot of the indicators' counts (run from cron) and its backfill."""

from __future__ import annotations

from flask.cli import AppGroup

group = AppGroup("indicators", help="The indicators: daily snapshots of the counts.")
