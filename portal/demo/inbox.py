"""Demo content of the inbox feature (filled in by the feature's work)."""

from __future__ import annotations


def load_inbox_demo() -> None:
    """Add the inbox feature's demo content; flushes, the loader commits."""
