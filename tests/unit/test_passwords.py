"""Password rules and hashing (pure functions)."""

from __future__ import annotations

import pytest
from werkzeug.security import generate_password_hash

from portal.accounts import passwords

pytestmark = pytest.mark.real_password_hashing  # the production scrypt cost, not the cheap test one


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("", passwords.TOO_SHORT),
        ("kort", passwords.TOO_SHORT),
        ("123456789", passwords.TOO_SHORT),
        ("x" * 201, passwords.TOO_LONG),
        ("1234567890", passwords.TOO_COMMON),
        ("Wachtwoord123", passwords.TOO_COMMON),
        ("QWERTYUIOP", passwords.TOO_COMMON),
        ("aaaaaaaaaaaa", passwords.TOO_COMMON),
        ("abababababab", passwords.TOO_COMMON),
        ("Paarse-Fiets-Zonnelaan-7", None),
        ("tien tekens", None),
    ],
)
def test_password_problem(password, problem):
    assert passwords.password_problem(password) == problem


def test_minimum_length_is_ten():
    assert passwords.password_problem("a1b2c3d4e") == passwords.TOO_SHORT
    assert passwords.password_problem("a1b2c3d4e5") is None


def test_name_or_email_as_password_is_refused():
    assert passwords.password_problem("fenna.dijkstra", email="Fenna.Dijkstra@example.org") == passwords.TOO_PERSONAL
    assert passwords.password_problem("fenna@example.org", email="fenna@example.org") == passwords.TOO_PERSONAL
    assert passwords.password_problem("Fenna Dijkstra", name="Fenna Dijkstra") == passwords.TOO_PERSONAL


def test_common_list_only_holds_passwords_the_length_rule_lets_through():
    assert all(len(word) >= passwords.MIN_LENGTH for word in passwords.COMMON_PASSWORDS)
    assert all(word == word.casefold() for word in passwords.COMMON_PASSWORDS)


def test_hash_uses_current_scrypt_and_verifies():
    hashed = passwords.hash_password("Paarse-Fiets-Zonnelaan-7")
    assert hashed.startswith("scrypt:")
    assert not passwords.needs_rehash(hashed)
    assert passwords.verify_password(hashed, "Paarse-Fiets-Zonnelaan-7")
    assert not passwords.verify_password(hashed, "paarse-fiets-zonnelaan-7")


def test_older_hashes_still_verify_but_ask_for_a_rehash():
    old = generate_password_hash("Paarse-Fiets-Zonnelaan-7", method="pbkdf2:sha256:1000")
    assert passwords.verify_password(old, "Paarse-Fiets-Zonnelaan-7")
    assert passwords.needs_rehash(old)


def test_verify_without_a_hash_is_false_and_still_checks_a_dummy(monkeypatch):
    calls = []
    real = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash", lambda h, p: calls.append(h) or real(h, p))
    assert passwords.verify_password(None, "anything at all") is False
    assert calls and calls[0].startswith("scrypt:")


def test_garbage_hash_does_not_crash():
    assert passwords.verify_password("not-a-hash", "Paarse-Fiets-Zonnelaan-7") is False


def test_generated_passwords_pass_the_rules():
    assert passwords.password_problem(passwords.one_time_password()) is None
    assert passwords.one_time_password() != passwords.one_time_password()
