"""Small factories for tests. They need an application context and flush, never commit."""

from __future__ import annotations

import itertools

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from portal.accounts.models import ROLE_RESIDENT, User
from portal.extensions import db
from portal.teams.models import Team

TEST_PASSWORD = "Correct-Horse-Battery-9"  # noqa: S105 - test fixture
_HASH = None
_counter = itertools.count(1)


def _password_hash() -> str:
    global _HASH
    if _HASH is None:
        _HASH = generate_password_hash(TEST_PASSWORD)
    return _HASH


def make_user(role: str = ROLE_RESIDENT, teams: list[Team] | None = None, **fields) -> User:
    number = next(_counter)
    values = {
        "email": f"user{number}@example.org",
        "name": f"Test Bewoner {number}",
        "password_hash": _password_hash(),
        "locale": "nl",
        "role": role,
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


def login(client, email: str, password: str = TEST_PASSWORD):
    """Log in through the real form (CSRF is off in the default test app)."""
    return client.post("/account/login", data={"email": email, "password": password})
