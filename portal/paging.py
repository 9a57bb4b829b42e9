"""Numbers from URLs and forms that reach the database: page numbers and ids.

A crafted number must not reach the database: an OFFSET beyond 64 bits or an id beyond the integer
column is refused there (OverflowError on SQLite, DataError on PostgreSQL). Anything that is not a
page is the first one; anything that cannot be an id is no id.
"""

from __future__ import annotations

from flask import abort

from portal.extensions import db

MAX_ID = 2**31 - 1  # larger numbers cannot be ids; some databases refuse to compare them
MAX_PAGE = 100_000  # far beyond any real list; larger numbers show the (empty) last page


def page_number(value) -> int:
    """The page asked for, between 1 and MAX_PAGE; 1 for anything that is not a number."""
    try:
        return max(1, min(int(value), MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def get_or_404(model, key: int):
    """The row of ``model`` with primary key ``key`` from a URL, or 404 (also for numbers no id can be)."""
    item = db.session.get(model, key) if 0 < key <= MAX_ID else None
    if item is None:
        abort(404)
    return item
