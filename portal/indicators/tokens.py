"""Export tokens: a coordinator's key with which a BI tool fetches the indicators' CSV files on a schedule.

The key (``secrets.token_urlsafe(32)``, 43 characters) is shown once, when it is made; only its SHA-256 digest
is stored (``ExportToken.digest``). A BI tool sends it as ``Authorization: Bearer <key>`` to the CSV routes
(``views_tokens.export_token_stands_in``). It then acts as its owner, for those routes only, and only while the
token is not revoked and its owner is an active coordinator; a deleted account takes its tokens with it (the
foreign key cascades).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal import audit
from portal.accounts.models import User
from portal.domain import DomainError
from portal.extensions import db
from portal.indicators.models import ExportToken
from portal.timeutil import utcnow

NAME_LENGTH = 80
MOST_WORKING = 20  # tokens that work at once, per coordinator: revoke one to make another
KEY_LENGTH = 43  # what secrets.token_urlsafe(32) gives


def digest_of(key: str) -> str:
    """The SHA-256 digest (hexadecimal) under which a key is stored and looked up."""
    return hashlib.sha256(key.encode()).hexdigest()


def tokens_of(user: User) -> list[ExportToken]:
    """The user's tokens, the newest first (revoked ones too: the page shows their history)."""
    query = select(ExportToken).where(ExportToken.user_id == user.id).order_by(ExportToken.id.desc())
    return list(db.session.scalars(query))


def make_token(owner: User, name: str, now: datetime | None = None) -> tuple[ExportToken, str]:
    """Make a token named ``name`` for ``owner`` (a coordinator); returns it and its key, which is never stored.

    Refuses a name that is empty or too long, and a coordinator who already has ``MOST_WORKING`` working tokens.
    """
    if not owner.is_coordinator:
        raise DomainError(_("Only coordinators can make export tokens."), "name")
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the token a name, for example the BI tool that uses it."), "name")
    if len(name) > NAME_LENGTH:
        raise DomainError(_("Use at most %(max)d characters.", max=NAME_LENGTH), "name")
    working = db.session.scalar(
        select(func.count(ExportToken.id)).where(ExportToken.user_id == owner.id, ExportToken.revoked_at.is_(None))
    )
    if (working or 0) >= MOST_WORKING:
        raise DomainError(
            _("You have %(num)d tokens that work. Revoke one you no longer use first.", num=MOST_WORKING), "name"
        )
    key = secrets.token_urlsafe(32)
    token = ExportToken(user_id=owner.id, name=name, digest=digest_of(key), created_at=now or utcnow())
    db.session.add(token)
    db.session.flush()
    audit.record(owner, "indicators.token_make", f"export_token:{token.id}", name)
    return token, key


def revoke_token(owner: User, token: ExportToken, now: datetime | None = None) -> bool:
    """Revoke ``owner``'s ``token`` (it stops working at once); False when it was revoked already."""
    if token.user_id != owner.id:
        raise DomainError(_("This is not one of your tokens."))
    if token.revoked_at is not None:
        return False
    token.revoked_at = now or utcnow()
    db.session.flush()
    audit.record(owner, "indicators.token_revoke", f"export_token:{token.id}", token.name)
    return True


def owner_for_key(key: str, now: datetime | None = None) -> User | None:
    """The coordinator a key acts for, or None: unknown key, revoked token, or an owner who is no longer an
    active coordinator. Notes the use (``last_used_at``); the caller commits."""
    if not key or len(key) > 2 * KEY_LENGTH:
        return None
    row = db.session.execute(
        select(ExportToken, User).join(User, User.id == ExportToken.user_id).where(ExportToken.digest == digest_of(key))
    ).first()
    if row is None:
        return None
    token, owner = row
    if token.revoked_at is not None or not owner.active or not owner.is_coordinator:
        return None
    token.last_used_at = now or utcnow()
    db.session.flush()
    return owner
