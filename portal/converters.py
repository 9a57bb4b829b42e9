"""URL converters: what a path segment may be before a view sees it.

An id in a URL is a whole number between 1 and :data:`portal.paging.MAX_ID`; anything else (0, a number
beyond the database's integer column, 10**30) matches no route and is a 404, never a database error. A
text segment (a team's slug, a follow token) never holds a control character such as a NUL byte, which
PostgreSQL refuses to compare.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, UnicodeConverter

from portal.paging import MAX_ID


class IdConverter(IntegerConverter):
    """``<id:name>``: a database id, 1 … MAX_ID."""

    def __init__(self, url_map) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


class TextConverter(UnicodeConverter):
    """The default ``<name>`` and ``<string:name>``: any text without a slash or a control character."""

    def __init__(self, url_map, minlength: int = 1, maxlength: int | None = None, length: int | None = None) -> None:
        super().__init__(url_map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", "[^/\\x00-\\x1f\\x7f]")


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["default"] = TextConverter
    app.url_map.converters["string"] = TextConverter
