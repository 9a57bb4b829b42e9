"""Export tokens as services: only the digest is stored, who a key acts for and when it stops, the audit log, the
limit on working tokens, and that deleting the owner's account deletes the tokens."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest
from sqlalchemy import func, select

from portal.accounts import services as account_services
from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.audit import AuditEntry
from portal.domain import DomainError
from portal.extensions import db
from portal.indicators import tokens
from portal.indicators.models import ExportToken
from tests.factories import TEST_PASSWORD, make_user

NOW = datetime(2026, 12, 5, 10, 0)


@pytest.fixture
def coordinator(ctx):
    return make_user(ROLE_COORDINATOR)


def _audit() -> list[tuple[str, str, str]]:
    return [(e.action, e.subject, e.detail) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_making_a_token_stores_only_the_digest_of_its_key(coordinator):
    token, key = tokens.make_token(coordinator, "  Power BI wijkmonitor ", now=NOW)
    assert len(key) == 43 and token.name == "Power BI wijkmonitor" and token.created_at == NOW
    assert token.digest == hashlib.sha256(key.encode()).hexdigest() != key
    stored = db.session.execute(select(ExportToken.__table__)).one()._mapping
    assert key not in {str(value) for value in stored.values()}
    assert _audit() == [("indicators.token_make", f"export_token:{token.id}", "Power BI wijkmonitor")]


def test_a_key_acts_for_its_owner_and_notes_the_use(coordinator):
    token, key = tokens.make_token(coordinator, "BI")
    assert tokens.owner_for_key(key, now=NOW) is coordinator and token.last_used_at == NOW
    assert tokens.owner_for_key(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert tokens.owner_for_key("") is None and tokens.owner_for_key("x" * 1000) is None


def test_a_revoked_token_stops_at_once_and_is_revoked_once(coordinator):
    token, key = tokens.make_token(coordinator, "BI")
    assert tokens.revoke_token(coordinator, token, now=NOW) is True
    assert tokens.owner_for_key(key) is None and token.revoked_at == NOW
    assert tokens.revoke_token(coordinator, token) is False  # nothing more happens, nothing more is logged
    assert [action for action, _subject, _detail in _audit()] == ["indicators.token_make", "indicators.token_revoke"]
    with pytest.raises(DomainError):
        tokens.revoke_token(make_user(ROLE_COORDINATOR), tokens.make_token(coordinator, "Other")[0])


def test_a_token_stops_when_its_owner_is_no_longer_an_active_coordinator(coordinator):
    _token, key = tokens.make_token(coordinator, "BI")
    coordinator.role = ROLE_WORKER
    assert tokens.owner_for_key(key) is None
    coordinator.role = ROLE_COORDINATOR
    coordinator.active = False
    assert tokens.owner_for_key(key) is None
    coordinator.active = True
    assert tokens.owner_for_key(key) is coordinator


def test_only_coordinators_make_tokens_with_a_name_and_a_limit(coordinator):
    with pytest.raises(DomainError):
        tokens.make_token(make_user(ROLE_WORKER), "BI")
    for name in ("", "   ", "x" * 81):
        with pytest.raises(DomainError) as refused:
            tokens.make_token(coordinator, name)
        assert refused.value.field == "name"
    made = [tokens.make_token(coordinator, f"Tool {number}")[0] for number in range(tokens.MOST_WORKING)]
    with pytest.raises(DomainError):
        tokens.make_token(coordinator, "One too many")
    tokens.revoke_token(coordinator, made[0])
    assert tokens.make_token(coordinator, "In its place")[0].name == "In its place"
    assert [token.name for token in tokens.tokens_of(coordinator)][:2] == ["In its place", "Tool 19"]


def test_deleting_the_owners_account_deletes_its_tokens(coordinator):
    make_user(ROLE_COORDINATOR)  # not the last coordinator, so the account may go
    other = make_user(ROLE_COORDINATOR)
    tokens.make_token(coordinator, "BI")
    tokens.make_token(coordinator, "Excel")
    _kept, kept_key = tokens.make_token(other, "Someone else's")
    db.session.commit()
    account_services.delete_account(coordinator, TEST_PASSWORD)
    db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(select(func.count(ExportToken.id))) == 1
    assert tokens.owner_for_key(kept_key) is other
    # The audit log keeps that tokens were made, no longer by whom.
    assert {actor for (actor,) in db.session.execute(select(AuditEntry.actor_id))} == {None, other.id}
