"""Flask-Login wiring: loading the user and where to send people who must log in.

The session and the remember cookie carry ``User.get_id()``: the account's id and its session token.
An account is loaded only when both match, so a new token logs the account out everywhere, and a
cookie of a deleted account can never belong to another one.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from flask import Flask, current_app, g, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, login_user
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from portal import cache
from portal.extensions import db


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)


def load_user(session_id: str):
    """The account a session or remember cookie belongs to, or None when its token is no longer current."""
    from portal.accounts.models import SESSION_ID_SEPARATOR, User

    user_id, separator, token = session_id.partition(SESSION_ID_SEPARATOR)
    if not separator or not token or not user_id.isdigit():
        return None
    user = _kept_account(User, int(user_id)) if cache.quicker_than_a_query() else db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


@functools.cache
def _shape(user_class) -> str:
    """The account's kept columns, as a short digest: part of the key."""
    names = ",".join(sorted(a.key for a in user_class.__mapper__.column_attrs if a.key not in UNCACHED_COLUMNS))
    return hashlib.sha256(names.encode()).hexdigest()[:12]


# Never put into the shared cache: read from the database when something needs it (logging in, a new password).
UNCACHED_COLUMNS = frozenset({"password_hash", "last_login_at"})
ACCOUNT_CACHE_SECONDS = 300


def _kept_account(user_class, user_id: int):
    """The account from the shared cache while no account changed since it was kept (it is kept with the
    generation of the accounts' table: a deactivation or a new session token is seen by the next request), else
    read and kept. A request of a logged-in person then needs no query for who they are."""
    identity = db.session.identity_map.get(identity_key(user_class, user_id))
    if identity is not None:
        return identity
    key = f"account:{user_id}:{_shape(user_class)}"  # a release that changes the columns keeps its own
    built_for, values = cache.lookup(key, (user_class.__table__.name,))
    if values is None:
        user = db.session.get(user_class, user_id)
        if user is not None:
            columns = (attribute.key for attribute in user_class.__mapper__.column_attrs)
            kept = {name: getattr(user, name) for name in columns if name not in UNCACHED_COLUMNS}
            cache.keep(key, built_for, kept, timeout=ACCOUNT_CACHE_SECONDS)
        return user
    user = user_class(**values)
    make_transient_to_detached(user)  # as if loaded: the columns not kept are read when first used
    db.session.add(user)
    return user


def begin_session(user, remember: bool = False) -> None:
    """Log ``user`` in on this browser, with a fresh CSRF token (a token seen before the log-in is no use after)."""
    csrf_key = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")  # Flask-WTF keeps its raw token there
    session.pop(csrf_key, None)
    g.pop(csrf_key, None)
    login_user(user, remember=remember)
