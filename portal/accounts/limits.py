"""Rate limits on the forms people could hammer: log-in, registration, password links."""

from __future__ import annotations

from flask import current_app

from portal.extensions import limiter


def _switched_off() -> bool:
    # The Limiter object is shared by every app built in one process (tests build several);
    # asking the current app's config keeps one app's setting from leaking into another.
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def on_post(rate: str):
    """Limit POSTs to ``rate`` per client address (GETs of the form stay free)."""
    return limiter.limit(rate, methods=["POST"], exempt_when=_switched_off)
