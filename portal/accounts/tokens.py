"""Signed links for setting a password: "forgot password" and the welcome mail for workers.

A token carries the user id and a fingerprint of the password hash at the time it was made.
Setting a password changes the hash, so every earlier link stops working: a link works once.
The payload is signed, not encrypted, hence a fingerprint and never the hash itself.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

RESET = "password-reset"
WELCOME = "welcome"
PURPOSES = (RESET, WELCOME)

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


def fingerprint(secret_key: str, password_hash: str) -> str:
    """A short keyed digest of the password hash: changes whenever the password changes."""
    digest = hmac.new(secret_key.encode(), password_hash.encode(), hashlib.sha256).hexdigest()
    return digest[:20]


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    return URLSafeTimedSerializer(secret_key, salt=f"buurtportaal.{purpose}")


def make_token(secret_key: str, purpose: str, user_id: int, password_hash: str) -> str:
    """A URL-safe, signed, timestamped token for ``purpose``."""
    payload = {"u": user_id, "f": fingerprint(secret_key, password_hash)}
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


def still_valid(secret_key: str, claim: TokenClaim, password_hash: str) -> bool:
    """Whether the password is unchanged since the token was made."""
    return hmac.compare_digest(claim.fingerprint, fingerprint(secret_key, password_hash))
