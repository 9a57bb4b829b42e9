"""One-time keys of forms that create something: a form posted twice stores once.

Each rendered form that creates (a signal, an initiative, a question to the team, a help offer or request,
project news, a comment) carries a random key; the first POST with that key claims it in the same
transaction as what it stores, and a second POST with the same key is shown the first one's result.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.timeutil import utcnow


class FormSubmission(db.Model):
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    result_url: Mapped[str | None] = mapped_column(String(500))  # where the first POST sent its sender
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
