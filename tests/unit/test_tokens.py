"""Signed password links: expiry, tampering, purpose and single use."""

from __future__ import annotations

import base64

import pytest

from portal.accounts import tokens
from tests.accounts_support import freeze_token_clock


@pytest.fixture
def clock(monkeypatch):
    return freeze_token_clock(monkeypatch)


SECRET = "unit-test-secret-key-0123456789abcdef"
HASH = "scrypt:32768:8:1$salt$0123abcd"


def test_round_trip(clock):
    token = tokens.make_token(SECRET, tokens.RESET, 42, HASH)
    claim = tokens.read_token(SECRET, tokens.RESET, token, max_age=3600)
    assert claim.user_id == 42
    assert tokens.still_valid(SECRET, claim, HASH)


def test_payload_holds_no_password_hash():
    token = tokens.make_token(SECRET, tokens.RESET, 42, HASH)
    payload = token.split(".")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"scrypt" not in decoded and b"0123abcd" not in decoded


def test_expires_after_max_age(clock):
    token = tokens.make_token(SECRET, tokens.RESET, 42, HASH)
    clock.advance(3600)
    assert tokens.read_token(SECRET, tokens.RESET, token, max_age=3600).user_id == 42
    clock.advance(2)
    with pytest.raises(tokens.TokenProblem) as problem:
        tokens.read_token(SECRET, tokens.RESET, token, max_age=3600)
    assert problem.value.kind == tokens.EXPIRED


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda t: "x" + t,
        lambda t: t.replace(".", "", 1),
        lambda t: "",
        lambda t: "not-a-valid-token",
    ],
)
def test_tampered_tokens_are_invalid(tamper):
    token = tokens.make_token(SECRET, tokens.RESET, 42, HASH)
    with pytest.raises(tokens.TokenProblem) as problem:
        tokens.read_token(SECRET, tokens.RESET, tamper(token), max_age=3600)
    assert problem.value.kind == tokens.INVALID


def test_other_key_or_purpose_is_invalid():
    token = tokens.make_token(SECRET, tokens.RESET, 42, HASH)
    for secret, purpose in ((SECRET + "x", tokens.RESET), (SECRET, tokens.WELCOME)):
        with pytest.raises(tokens.TokenProblem) as problem:
            tokens.read_token(secret, purpose, token, max_age=3600)
        assert problem.value.kind == tokens.INVALID


def test_a_changed_password_makes_the_token_stale():
    token = tokens.make_token(SECRET, tokens.RESET, 42, HASH)
    claim = tokens.read_token(SECRET, tokens.RESET, token, max_age=3600)
    assert not tokens.still_valid(SECRET, claim, HASH + "changed")


def test_unknown_purpose_is_a_programming_error():
    with pytest.raises(ValueError, match="nope"):
        tokens.make_token(SECRET, "nope", 1, HASH)
