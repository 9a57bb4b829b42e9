"""Signed links in account mail: choosing a password ("forgot password", the welcome mail for workers)
and confirming the e-mail address of a new account.

A token carries the user id and a fingerprint of the account's state when the link was made: the
password hash for a password link, the address and whether it is confirmed for a confirmation link.
Using the link changes that state, so every earlier link of its kind stops working: a link works once.
The payload is signed, not encrypted, hence a fingerprint and never the state itself.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

RESET = "password-reset"
WELCOME = "welcome"
CONFIRM = "confirm-email"
PURPOSES = (RESET, WELCOME, CONFIRM)

EXPIRED = "expired"
INVALID = "invalid"
USED = "used"


class TokenProblem(Exception):
    """A link that cannot be used; ``kind`` is EXPIRED, INVALID or USED."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True)
class TokenClaim:
    user_id: int
    fingerprint: str


def fingerprint(secret_key: str, state: str) -> str:
    """A short keyed digest of an account's state (e.g. its password hash): changes whenever the state does."""
    digest = hmac.new(secret_key.encode(), state.encode(), hashlib.sha256).hexdigest()
    return digest[:20]


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    return URLSafeTimedSerializer(secret_key, salt=f"buurtportaal.{purpose}")


def make_token(secret_key: str, purpose: str, user_id: int, state: str) -> str:
    """A URL-safe, signed, timestamped token for ``purpose``, valid while the account keeps ``state``."""
    payload = {"u": user_id, "f": fingerprint(secret_key, state)}
    return _serializer(secret_key, purpose).dumps(payload)


def read_token(secret_key: str, purpose: str, token: str, max_age: int) -> TokenClaim:
    """The claim in a token, or TokenProblem(EXPIRED / INVALID) when it is old or not ours."""
    try:
        payload = _serializer(secret_key, purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenProblem(EXPIRED) from error
    except BadSignature as error:
        raise TokenProblem(INVALID) from error
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int) or not isinstance(payload.get("f"), str):
        raise TokenProblem(INVALID)
    return TokenClaim(user_id=payload["u"], fingerprint=payload["f"])


def still_valid(secret_key: str, claim: TokenClaim, state: str) -> bool:
    """Whether the account's state is unchanged since the token was made."""
    return hmac.compare_digest(claim.fingerprint, fingerprint(secret_key, state))
