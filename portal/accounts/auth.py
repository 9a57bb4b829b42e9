"""Flask-Login wiring: loading the user and where to send people who must log in.

The session and the remember cookie carry ``User.get_id()``: the account's id and its session token.
An account is loaded only when both match, so a new token logs the account out everywhere, and a
cookie of a deleted account can never belong to another one.
"""

from __future__ import annotations

import hmac

from flask import Flask, current_app, g, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, login_user

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
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


def begin_session(user, remember: bool = False) -> None:
    """Log ``user`` in on this browser, with a fresh CSRF token (a token seen before the log-in is no use after)."""
    csrf_key = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")  # Flask-WTF keeps its raw token there
    session.pop(csrf_key, None)
    g.pop(csrf_key, None)
    login_user(user, remember=remember)
