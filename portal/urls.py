"""URL helpers shared by several features.

Absolute addresses (feeds, mails, anything another program keeps) are built on the public address,
``BASE_URL``, never on the Host header of the request that happens to build them: a visitor chooses that
header, and a cached feed would hand their choice to everybody.
"""

from __future__ import annotations

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
