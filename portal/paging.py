"""Numbers from URLs and forms that reach the database: page numbers and ids.

A crafted number must not reach the database: an OFFSET beyond 64 bits or an id beyond the integer
column is refused there (OverflowError on SQLite, DataError on PostgreSQL). Anything that is not a
page is the first one; anything that cannot be an id is no id.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields, replace
from typing import Self

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


def id_or_none(value) -> int | None:
    """An id sent in a form or a query string; None for an empty value, anything that is not a whole number,
    and numbers no id can be (the databases refuse to compare those: OverflowError, DataError)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def get_or_404(model, key: int):
    """The row of ``model`` with primary key ``key`` from a URL, or 404 (also for numbers no id can be)."""
    item = db.session.get(model, key) if 0 < key <= MAX_ID else None
    if item is None:
        abort(404)
    return item


@dataclass(frozen=True)
class ListFilters:
    """Base of a list's filters: what the visitor asked for, with unknown values dropped rather than refused.

    A subclass declares its fields (with defaults) and ``from_args``, built from :meth:`choice`,
    :meth:`text` and :func:`page_number`; ``args`` gives the query string of a link to the list.
    """

    page: int = 1

    def args(self, **changes) -> dict:
        """Query-string values for a link to this list (empty values and defaults left out; the page last)."""
        defaults = {field.name: field.default for field in fields(self)}
        values = vars(replace(self, **changes))
        page = values.pop("page")
        values["page"] = page
        return {key: value for key, value in values.items() if value and value != defaults.get(key)}

    @staticmethod
    def choice(args: Mapping, name: str, allowed: Collection[str], default: str = "") -> str:
        """``args[name]`` if it is one of ``allowed``, else ``default``."""
        value = args.get(name, default)
        return value if value in allowed else default

    @staticmethod
    def text(args: Mapping, name: str, limit: int) -> str:
        """``args[name]`` stripped and cut at ``limit`` characters."""
        return str(args.get(name, "")).strip()[:limit]

    @classmethod
    def paged(cls, args: Mapping, **values) -> Self:
        """The filters with ``values`` and the page asked for in ``args``."""
        return cls(page=page_number(args.get("page", 1)), **values)
