"""Accounts and teams: users of any role, teams, and committed accounts for web tests.

The ``make_*`` builders need an application context and flush, never commit.
"""

from __future__ import annotations

import itertools

from sqlalchemy import select

from portal.accounts import passwords
from portal.accounts.models import ROLE_RESIDENT, User
from portal.extensions import db
from portal.teams.models import Team
from portal.timeutil import utcnow

TEST_PASSWORD = "Correct-Horse-Battery-9"  # noqa: S105 - test fixture
_hashes: dict[str, str] = {}  # one hash of TEST_PASSWORD per hashing method (tests lower the scrypt cost)
_counter = itertools.count(1)


def _password_hash() -> str:
    """TEST_PASSWORD hashed as portal.accounts.passwords hashes today (so logging in never rehashes)."""
    method = passwords.METHOD
    if method not in _hashes:
        _hashes[method] = passwords.hash_password(TEST_PASSWORD)
    return _hashes[method]


def make_user(role: str = ROLE_RESIDENT, teams: list[Team] | None = None, **fields) -> User:
    number = next(_counter)
    values = {
        "email": f"user{number}@example.org",
        "name": f"Test Bewoner {number}",
        "password_hash": _password_hash(),
        "locale": "nl",
        "role": role,
        "email_confirmed_at": utcnow(),  # confirmed, so it can log in; pass None for an unconfirmed account
    }
    values.update(fields)
    user = User(**values)
    if teams:
        user.teams = list(teams)
    db.session.add(user)
    db.session.flush()
    return user


def make_team(name: str = "WIJ Testteam", slug: str | None = None, **fields) -> Team:
    team = Team(name=name, slug=slug or f"test-{next(_counter)}", **fields)
    db.session.add(team)
    db.session.flush()
    return team


def team_by_slug(slug: str) -> Team:
    return db.session.scalars(select(Team).where(Team.slug == slug)).one()


def create_user(app, role: str = "resident", teams: tuple[str, ...] = (), **fields) -> tuple[int, str]:
    """Commit an account (through make_user) and return its id and e-mail address; ``teams`` are slugs."""
    with app.app_context():
        user = make_user(role, teams=[team_by_slug(slug) for slug in teams], **fields)
        db.session.commit()
        ids = (user.id, user.email)
        db.session.remove()
    return ids
