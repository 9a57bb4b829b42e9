"""Rate limits on the forms people could hammer: log-in, registration, confirmation and password links.

Two kinds: per client address (``on_post``), and per e-mail address typed into the form
(``per_address``), which holds across every client address an attacker might use.
"""

from __future__ import annotations

import hashlib

from flask import current_app, request

from portal.extensions import limiter

# Failed log-ins per account (the e-mail address typed), from whatever client address.
LOGIN_FAILURES_PER_ACCOUNT = "5 per minute;20 per hour"
# Registrations that send a mail to one address, and requests to send its confirmation link again.
MAILS_PER_ADDRESS = "3 per hour"


def _switched_off() -> bool:
    # The Limiter object is shared by every app built in one process (tests build several);
    # asking the current app's config keeps one app's setting from leaking into another.
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def typed_address() -> str:
    """The e-mail address in the posted form, normalised as accounts store it ("" when none)."""
    return (request.form.get("email") or "").strip().lower()


def _address_key() -> str:
    # A digest, so that the limiter's storage (possibly a shared Redis) holds no e-mail addresses.
    return "address:" + hashlib.sha256(typed_address().encode()).hexdigest()[:32]


def _no_address_or_switched_off() -> bool:
    return _switched_off() or not typed_address()


def _not_a_redirect(response) -> bool:
    return response.status_code not in (302, 303)


def _a_redirect(response) -> bool:
    return response.status_code in (302, 303)


def on_post(rate: str):
    """Limit POSTs to ``rate`` per client address (GETs of the form stay free)."""
    return limiter.limit(rate, methods=["POST"], exempt_when=_switched_off)


def per_address(rate: str, *, count: str = "all"):
    """Limit POSTs to ``rate`` per e-mail address typed in the form, whichever client sends them.

    ``count`` says which answers use up the allowance: "all", "failures" (anything but the redirect of
    a success, e.g. a refused log-in) or "successes" (only the redirect, e.g. a registration that mailed).
    A form without an address is left to the other limits.
    """
    deduct = {"all": None, "failures": _not_a_redirect, "successes": _a_redirect}[count]
    return limiter.limit(
        rate, key_func=_address_key, methods=["POST"], exempt_when=_no_address_or_switched_off, deduct_when=deduct
    )
