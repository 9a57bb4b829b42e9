"""Demo content of the complaints feature (filled in by the feature's work)."""

from __future__ import annotations


def load_complaints_demo() -> None:
    """Add the complaints feature's demo content; flushes, the loader commits."""
