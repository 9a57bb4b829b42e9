"""One-time keys of forms that create something: a form posted twice stores once.

Each rendered form that creates (a signal, an initiative, a question to the team, a help offer or request,
project news, a comment) carries a random key (``portal.forms.SubmitOnceForm``). The view runs what it stores
through :class:`Once`, which claims the key in the same transaction: the key's row and what was stored commit
together or not at all. A second POST of the same form is sent, with "This was already sent.", to where the
first one led:

* one after the other: :func:`init_app`'s check answers before the view runs;
* at the same moment: the second claim is an insert of the same primary key, which waits (PostgreSQL) or is
  serialised (SQLite, one writer at a time) until the first transaction ends; after its commit the insert
  fails, the second transaction is rolled back and answers the same way. When the first was refused and
  rolled back, the second simply stores.

A claim is the form's key together with a digest of what was sent: a form sent again after it was changed
(back in the browser, corrected, sent again) stores the new content instead of hiding it. The rows are
needed only for the minutes in which a repeat can come; :func:`purge_submissions` removes old ones.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, NoReturn

from flask import Flask, Response, abort, current_app, flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import ForeignKey, String, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from portal import events
from portal.extensions import db
from portal.htmx import is_fragment
from portal.timeutil import utcnow

FIELD = "form_key"  # the name of the hidden field that carries the key
KEY = re.compile(r"[A-Za-z0-9_-]{16,30}")  # what secrets.token_urlsafe gives; the claim adds ":" and a digest
DIGEST = 32  # hexadecimal characters of the digest of what was sent (128 bits)
KEPT_FOR = timedelta(days=1)  # repeats come within minutes; after this, purge_submissions may remove a key


class FormSubmission(db.Model):
    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # the form's key ":" the digest of its content
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    result_url: Mapped[str | None] = mapped_column(String(500))  # where the first POST sent its sender
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


def new_key() -> str:
    """A fresh one-time key for a form shown anew (22 characters, 128 random bits)."""
    return secrets.token_urlsafe(16)


def is_key(value: Any) -> bool:
    """Whether a sent value has the shape of a key (anything else is not trusted as one)."""
    return isinstance(value, str) and KEY.fullmatch(value) is not None


# --------------------------------------------------------------------------- claiming a key


class Once:
    """A view's change that stores, run at most once per form: claim the key, store, remember where it led.

    ``change`` stores (calls a service, flushes, does not commit); ``result_url`` gives, for what ``change``
    returned, the page the sender is sent to afterwards. Use it where the view would call ``change``, e.g.
    ``errors.commit_or_refuse(form, once)``; after the commit, ``once.result`` is what ``change`` returned and
    ``once.url`` the page. A repeat of a form already stored never returns: it is answered with a redirect.
    """

    def __init__(self, form, change: Callable[[], Any], result_url: Callable[[Any], str]) -> None:
        self.form, self.change, self.result_url = form, change, result_url
        self.result: Any = None
        self.url: str | None = None

    def __call__(self) -> Any:
        submission = claim(getattr(self.form, FIELD).data)
        self.result = self.change()
        self.url = submission.result_url = self.result_url(self.result)
        return self.result


def claim(form_key: str) -> FormSubmission:
    """Claim ``form_key`` (with what was sent) in the current transaction, before it writes anything else.

    A repeat (already committed, or committed while this insert waited) rolls the transaction back and is
    answered with the first result (see :func:`answer_repeat`): this function then does not return.
    """
    key = _claim_key(form_key)
    submission = FormSubmission(key=key, user_id=_user_id())
    db.session.add(submission)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        earlier = db.session.get(FormSubmission, key)
        if earlier is None:  # not our key that clashed
            raise
        answer_repeat(earlier)
    return submission


def answer_repeat(earlier: FormSubmission) -> NoReturn:
    """Send the sender of a repeated form to where the first one led, saying so; never returns.

    Only the account that sent the form first (or, for a form sent without logging in, again someone not
    logged in) learns that page; anyone else holding the key is sent to the home page.
    """
    flash(_("This was already sent."), "info")
    same_sender = earlier.user_id == _user_id()
    target = earlier.result_url if same_sender and earlier.result_url else request.script_root + "/"
    if is_fragment():
        # htmx would follow a redirect itself and swap the whole page into a region: it loads the page instead.
        abort(Response(status=200, headers={"HX-Redirect": target}))
    abort(redirect(target, 303))


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _claim_key(form_key: str) -> str:
    """The row's key: the form's key and a digest of what was sent to which address (CSRF token left out)."""
    left_out = {FIELD, current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")}
    sent = sorted((name, value) for name, value in request.form.items(multi=True) if name not in left_out)
    files = sorted((name, upload.filename or "") for name, upload in request.files.items(multi=True))
    content = json.dumps([request.path, sent, files], ensure_ascii=False)
    digest = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()[:DIGEST]
    return f"{form_key}:{digest}"


# --------------------------------------------------------------------------- before a view, and cleaning up


def init_app(app: Flask) -> None:
    """Answer a repeated POST of a form already stored before its view runs (and refuses or stores again);
    the daily ``flask privacy purge`` removes keys older than KEPT_FOR."""
    events.retention_due.connect(_purge_old_keys)

    @app.before_request
    def answer_a_repeated_form():
        if request.method != "POST" or not is_key(form_key := request.form.get(FIELD)):
            return None
        earlier = db.session.get(FormSubmission, _claim_key(form_key))
        if earlier is not None:
            answer_repeat(earlier)
        return None


def purge_submissions(before: datetime) -> int:
    """Remove the keys claimed before ``before``; a daily job passes ``utcnow() - KEPT_FOR``.

    The rows hold where a form led (for a signal sent without an account: its private follow link), so they
    are kept no longer than a repeat can come.

    Flushes, does not commit; returns how many were removed.
    """
    result = db.session.execute(delete(FormSubmission).where(FormSubmission.created_at < before))
    return result.rowcount or 0


def _purge_old_keys(now, **_) -> dict:
    """Answer events.retention_due: the keys of forms stored more than KEPT_FOR ago."""
    return {"form_keys_deleted": purge_submissions(now - KEPT_FOR)}
