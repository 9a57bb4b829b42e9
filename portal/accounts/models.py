"""Accounts: residents, workers (members of teams) and coordinators."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.teams.models import team_workers
from portal.timeutil import utcnow

ROLE_RESIDENT = "resident"
ROLE_WORKER = "worker"
ROLE_COORDINATOR = "coordinator"
ROLES = (ROLE_RESIDENT, ROLE_WORKER, ROLE_COORDINATOR)
SESSION_ID_SEPARATOR = ":"  # session tokens are URL-safe base64, which never holds a colon


def new_session_token() -> str:
    """A fresh random token; changing it ends every session and remember cookie of the account."""
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never handed out twice, also after a delete

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(30))
    home_postcode: Mapped[str | None] = mapped_column(String(7))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    role: Mapped[str] = mapped_column(String(20), default=ROLE_RESIDENT)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_login_at: Mapped[datetime | None]
    # Part of every session and remember cookie (Flask-Login's alternative id): a new token logs out everywhere.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    email_confirmed_at: Mapped[datetime | None]  # None: the address was never confirmed through its link

    # Changed at a log-in: no cached value shows them (portal.cache), so a log-in makes nothing stale; nor are they
    # kept with a logged-in person's account (accounts.auth.UNCACHED_COLUMNS).
    cache_untracked_columns = frozenset({"last_login_at", "password_hash"})

    area = relationship("Area", lazy="joined")
    teams = relationship("Team", secondary=team_workers, back_populates="workers", order_by="Team.name")

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated account cannot log in
        return self.active

    def get_id(self) -> str:
        """Flask-Login's alternative id, kept in the session and the remember cookie: id and session token.

        ``portal.accounts.auth`` loads the account only when both still match, so a new token
        (``end_sessions``) ends every session and remember cookie made before it.
        """
        return f"{self.id}{SESSION_ID_SEPARATOR}{self.session_token}"

    def end_sessions(self) -> None:
        """Log this account out everywhere: every cookie that carries the old session token stops working."""
        self.session_token = new_session_token()

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_worker(self) -> bool:
        return self.role in (ROLE_WORKER, ROLE_COORDINATOR)

    @property
    def is_coordinator(self) -> bool:
        return self.role == ROLE_COORDINATOR

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else ""

    @property
    def home_team(self):
        return self.area.team if self.area else None

    def works_for(self, team_slug: str | None) -> bool:
        """Whether this account may act for the team: its workers, and every coordinator."""
        if self.is_coordinator:
            return True
        return self.role == ROLE_WORKER and any(team.slug == team_slug for team in self.teams)

    @staticmethod
    def by_email(email: str) -> User | None:
        return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
