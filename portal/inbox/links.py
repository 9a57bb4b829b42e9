"""The private link of a question: the only way in for an asker without an account.

The secret in the link is 32 characters derived with HMAC-SHA256 from the application's SECRET_KEY and the
question's id and time of arrival: unguessable without the key (192 bits), and the same every time, so the
confirmation and every reply mail can carry the same link while the database keeps only its sha256
(``TeamQuestion.access_digest``). Someone reading the database cannot rebuild a link; rotating the
SECRET_KEY ends the old links (a reply mail then carries a new one).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.teams.models import TeamQuestion
from portal.urls import external_url

SECRET_LENGTH = 32
_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{{SECRET_LENGTH}}}")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def secret_for(question: TeamQuestion) -> str:
    """The question's link secret (also sets ``access_digest`` when it is missing or from another key)."""
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    message = f"team-question:{question.id}:{question.created_at:%Y%m%d%H%M%S}".encode("ascii")
    mac = hmac.new(key, message, hashlib.sha256).digest()
    secret = base64.urlsafe_b64encode(mac).decode("ascii")[:SECRET_LENGTH]
    if question.access_digest != digest(secret):
        question.access_digest = digest(secret)
    return secret


def private_url(question: TeamQuestion) -> str:
    """The absolute private link of the question, for a mail."""
    return external_url("inbox.private_question", question_token=secret_for(question))


def question_for_secret(secret: str) -> TeamQuestion | None:
    """The question whose private link carries ``secret``; None for anything else (also junk of any shape)."""
    if not isinstance(secret, str) or not _SHAPE.fullmatch(secret):
        return None
    return db.session.scalar(select(TeamQuestion).where(TeamQuestion.access_digest == digest(secret)))
