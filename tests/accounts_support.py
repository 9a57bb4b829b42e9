"""Helpers shared by the accounts and admin tests (accounts themselves come from tests.factories)."""

from __future__ import annotations

import time

TEAM_POSTCODE = "9741 AB"  # Selwerd: one team
SPLIT_POSTCODE = "9713 AA"  # Oosterparkwijk and Schilderswijk/Centrum share 9713
OUTSIDE_POSTCODE = "1012 AB"  # Amsterdam

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE user_account; --",
    "Robert'); DELETE FROM team; --",
]


class FrozenClock:
    """Stands in for the ``time`` module inside itsdangerous, which stamps tokens with time.time()."""

    def __init__(self, start: float | None = None):
        self.now = time.time() if start is None else start

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def freeze_token_clock(monkeypatch) -> FrozenClock:
    """Freeze the clock itsdangerous reads; the test moves it on with ``advance``."""
    import itsdangerous.timed

    frozen = FrozenClock()
    monkeypatch.setattr(itsdangerous.timed, "time", frozen)
    return frozen


def registration(**overrides) -> dict:
    """A complete, valid registration form."""
    data = {
        "name": "Fenna Dijkstra",
        "email": "fenna@example.org",
        "password": "Paarse-Fiets-Zonnelaan-7",
        "confirm": "Paarse-Fiets-Zonnelaan-7",
        "postcode": TEAM_POSTCODE,
        "language": "nl",
        "consent": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def fetch(app, model, **criteria):
    """Load one row in a fresh app context (never kept across client calls); detached after."""
    from sqlalchemy import select

    from portal.extensions import db

    with app.app_context():
        row = db.session.scalars(select(model).filter_by(**criteria)).one_or_none()
        if row is not None:
            db.session.expunge(row)
        return row


def count(app, model, **criteria) -> int:
    from sqlalchemy import func, select

    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).filter_by(**criteria))


def page_text(response) -> str:
    return response.get_data(as_text=True)


def mailed_link(app, email: str, kind: str = "confirm") -> str:
    """The path of the newest ``kind`` link (confirm, reset, welcome) mailed to ``email``, read from the outbox."""
    import re

    from sqlalchemy import select

    from portal.extensions import db
    from portal.outbox.models import OutboxMessage

    with app.app_context():
        bodies = db.session.scalars(
            select(OutboxMessage.body).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id.desc())
        )
        for body in bodies:
            found = re.search(rf"https?://[^/\s]+(/account/{kind}/\S+)", body)
            if found:
                return found.group(1)
    raise AssertionError(f"no {kind} link mailed to {email}")


def register_and_confirm(client, app, **overrides) -> str:
    """Register through the form and confirm the address through the mailed link; returns the address."""
    data = registration(**overrides)
    response = client.post("/account/register", data=data)
    assert response.status_code == 302, response.status_code
    link = mailed_link(app, data["email"].strip().lower())
    assert client.post(link).status_code == 302
    return data["email"]
