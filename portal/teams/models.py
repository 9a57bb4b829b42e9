"""Teams, the areas they serve, postcodes, and the questions residents send them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, func
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow

DISTRICT = "district"  # CBS wijk
NEIGHBOURHOOD = "neighbourhood"  # CBS buurt

# Which accounts work for which team (a worker may belong to several).
team_workers = Table(
    "team_worker",
    db.metadata,
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)


class Team(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(7))
    city: Mapped[str] = mapped_column(String(80), default="Groningen")
    address_note: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(254))
    walk_in_hours: Mapped[str | None] = mapped_column(Text)
    description_nl: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    # The team's norm for answering a resident's question, in working days (Europe/Amsterdam, Dutch holidays).
    answer_days: Mapped[int] = mapped_column(default=2, server_default="2")

    areas = relationship("Area", back_populates="team", order_by="Area.name")
    workers = relationship("User", secondary=team_workers, back_populates="teams", order_by="User.name")

    def description(self, language: str) -> str | None:
        return self.description_en if language == "en" and self.description_en else self.description_nl

    @property
    def map_url(self) -> str | None:
        """A plain link to OpenStreetMap at the team's location; no embedded map."""
        if self.latitude is None or self.longitude is None:
            return None
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude:.5f}&mlon={self.longitude:.5f}"
            f"#map=17/{self.latitude:.5f}/{self.longitude:.5f}"
        )


class Area(db.Model):
    """A CBS district (wijk) or neighbourhood (buurt). Neighbourhoods belong to one team."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    team_confidence: Mapped[str | None] = mapped_column(String(200))
    inhabitants: Mapped[int | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]

    team = relationship("Team", back_populates="areas")
    parent = relationship("Area", remote_side=[id], back_populates="children")
    children = relationship("Area", back_populates="parent", order_by="Area.name")
    postcodes = relationship("PostcodeArea", back_populates="area", cascade="all, delete-orphan")


class PostcodeArea(db.Model):
    """Share of a 4-digit postcode's inhabitants living in a neighbourhood."""

    pc4: Mapped[str] = mapped_column(String(4), primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), primary_key=True)
    share: Mapped[float]

    area = relationship("Area", back_populates="postcodes")


# A question's way through the team inbox.
QUESTION_NEW, QUESTION_IN_PROGRESS, QUESTION_ANSWERED, QUESTION_CLOSED = "new", "in_progress", "answered", "closed"
QUESTION_STATUSES = (QUESTION_NEW, QUESTION_IN_PROGRESS, QUESTION_ANSWERED, QUESTION_CLOSED)


class TeamQuestion(db.Model):
    """A short question a resident sent to a team ("ask your team"), and its way through the team inbox."""

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(100))
    contact: Mapped[str] = mapped_column(String(254))
    message: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(index=True)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default=QUESTION_NEW, server_default=QUESTION_NEW, index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    due_at: Mapped[datetime | None] = mapped_column(index=True)  # the team's answer-by time (naive UTC)
    # The answer-by time for the resident's latest answer back (None until they write back). ``due_at`` stays
    # the norm for the first reply, which the indicators compare with ``answered_at``.
    reply_due_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # sha256 of the secret in the private link mailed to the asker (the only way in for a visitor without account)
    access_digest: Mapped[str | None] = mapped_column(String(64), unique=True)

    team = relationship("Team")
    answered_by = relationship("User", foreign_keys=[answered_by_id])
    assigned_to = relationship("User", foreign_keys=[assigned_to_id])
    messages = relationship(
        "TeamQuestionMessage",
        back_populates="question",
        order_by="TeamQuestionMessage.id",
        cascade="all, delete-orphan",
    )

    @hybrid_property
    def answer_by(self) -> datetime | None:
        """When the team should answer now: the answer-by time of the resident's latest answer back, or else of
        the question itself."""
        return self.reply_due_at or self.due_at

    @answer_by.inplace.expression
    @classmethod
    def _answer_by_expression(cls):
        return func.coalesce(cls.reply_due_at, cls.due_at)

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class TeamQuestionMessage(db.Model):
    """A reply of the team, an answer back from the resident, or a note only the team's workers read."""

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("team_question.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    from_team: Mapped[bool] = mapped_column(default=False)  # written by a worker (False: the resident)
    internal: Mapped[bool] = mapped_column(default=False)  # a note for the team only; never shown to the resident
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question = relationship("TeamQuestion", back_populates="messages")
    author = relationship("User")


class ReplyTemplate(db.Model):
    """A reply a team often gives, to start an answer from."""

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    team = relationship("Team")
