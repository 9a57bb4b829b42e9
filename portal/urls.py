"""URL helpers shared by several features.

Absolute addresses (feeds, mails, anything another program keeps) are built on the public address,
``BASE_URL``, never on the Host header of the request that happens to build them: a visitor chooses that
header, and a cached feed would hand their choice to everybody.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import current_app, url_for


def safe_next(target: str | None, default_endpoint: str = "pages.home") -> str:
    """Follow a ``next`` target only when it is a path on this site, never another host."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return url_for(default_endpoint)


def external_url(endpoint: str, **values) -> str:
    """The absolute address of ``endpoint`` on the public address (BASE_URL); works outside a request too."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def absolute_url(link: str) -> str:
    """A path on this site made absolute on the public address (BASE_URL); an absolute URL stays as it is."""
    if not link or urlsplit(link).scheme:
        return link
    return current_app.config["BASE_URL"].rstrip("/") + "/" + link.lstrip("/")


def link_maker(endpoint: str, argument: str) -> Callable[[int], str]:
    """``url_for(endpoint, **{argument: id})`` for the many ids of a list at the cost of one ``url_for``: the path
    is built once around a placeholder id and filled in for each."""
    placeholder = 987_654_321
    head, _, tail = url_for(endpoint, **{argument: placeholder}).rpartition(str(placeholder))
    return lambda value: f"{head}{int(value)}{tail}"
