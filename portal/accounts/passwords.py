"""Password rules and hashing. Pure functions: no Flask, no database.

Hashes use werkzeug's scrypt, the current algorithm; older hashes are upgraded at log-in.
"""

from __future__ import annotations

import secrets
from functools import lru_cache

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 10
MAX_LENGTH = 200  # hashing a megabyte of "password" is a cheap way to tie up a worker
METHOD = "scrypt"
CURRENT_PREFIX = "scrypt:32768:8:1$"  # werkzeug's defaults for scrypt: N, r, p

# Problems a password can have; the forms turn each into a translated message.
TOO_SHORT = "too_short"
TOO_LONG = "too_long"
TOO_COMMON = "too_common"
TOO_PERSONAL = "too_personal"

# The most common passwords of at least MIN_LENGTH characters (breach lists, Dutch and English),
# lower case. Shorter ones are already refused by the length rule.
COMMON_PASSWORDS = frozenset(
    """
    1234567890 0123456789 12345678910 123456789a a123456789 1234567890a 0987654321 1111111111
    0000000000 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx3edc qwertyuiop qwertyuiop1 qwerty1234 qwerty12345
    qwerty123456 asdfghjkl1 asdfghjkl; zxcvbnm123 azertyuiop password12 password123 password1234
    password12345 password01 password!1 passw0rd12 p@ssw0rd123 p@ssword123 passwordpassword
    iloveyou12 iloveyou123 football12 football123 baseball123 superman123 princess123
    sunshine12 sunshine123 trustno1234 welcome123 welcome1234 welcome2024 welcome2025 welcome2026
    letmein123 letmein1234 changeme123 abcdefghij abc1234567 abcd123456 administrator admin12345
    admin123456 wachtwoord wachtwoord1 wachtwoord12 wachtwoord123 wachtwoord! welkom1234
    welkom12345 welkom2024 welkom2025 welkom2026 geheim1234 geheim12345 wachtwoord01 groningen1
    groningen12 groningen123 groningen2024 groningen2025 groningen2026 feyenoord1 feyenoord12
    feyenoord123 ajaxajax12 ajax123456 nederland1 nederland12 nederland123 amsterdam1 amsterdam12
    rotterdam1 buurtportaal buurtportaal1 buurtportaal123 voetbal1234 zomer12345 winter1234
    hallo12345 hallohallo1 qwerty1234! 1234567890! 12345678900 123123123123 1234512345 5555555555
    9999999999 aaaaaaaaaa 1234qwer1234 q1w2e3r4t5 q1w2e3r4t5y6 monkey1234 dragon1234 starwars12
    pokemon123 computer12 computer123 internet12 samsung123 michael123 jennifer12
    """.split()
)


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why ``password`` cannot be used (one of the constants above), or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    folded = password.strip().casefold()
    if folded in COMMON_PASSWORDS or len(set(folded)) <= 2:
        return TOO_COMMON
    personal = {email.strip().casefold(), email.strip().casefold().split("@")[0], name.strip().casefold()}
    if folded in personal - {""}:
        return TOO_PERSONAL
    return None


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password``."""
    return generate_password_hash(password, method=METHOD)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; with no hash, spend the same time and answer False.

    Checking against a dummy hash when the account does not exist keeps the answer time the
    same, so the time a failed log-in takes does not reveal whether the address is known.
    """
    if not password_hash:
        check_password_hash(_dummy_hash(), password)
        return False
    try:
        return check_password_hash(password_hash, password)
    except ValueError:  # an unusable or unknown hash format
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with an older algorithm or weaker settings than today's."""
    return not password_hash.startswith(CURRENT_PREFIX)


def unusable_password_hash() -> str:
    """A hash no one knows the password of: for accounts that set theirs through a mailed link."""
    return hash_password(secrets.token_urlsafe(32))


def one_time_password() -> str:
    """A random password to hand over once (the command line prints it)."""
    return secrets.token_urlsafe(12)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))
