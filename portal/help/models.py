"""Neighbourly help: what residents offer, what they ask, and the matches between the two.

An offer's ``load`` counts its proposed and accepted matches; it only changes through a
conditional UPDATE (``load < capacity``), so two workers confirming at the same moment can
never push an offer past its capacity (see services_matches.reserve_place).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.help.matching import ONCE
from portal.timeutil import utcnow

# Request statuses
OPEN, MATCHED, DONE, CLOSED, EXPIRED = "open", "matched", "done", "closed", "expired"

# Match statuses: proposed until both sides said yes (accepted) or one said no (declined);
# cancelled by a worker or when the request closes; done when the help has happened.
PROPOSED, ACCEPTED, DECLINED, CANCELLED = "proposed", "accepted", "declined", "cancelled"
LIVE_MATCH = (PROPOSED, ACCEPTED)

# Who started a match
BY_WORKER, BY_HELPER, BY_REQUESTER = "worker", "helper", "requester"

URGENCIES = ("low", "normal", "high")
WHEN_SLOTS, WHEN_DATE, WHEN_PERIOD = "slots", "date", "period"


class HelpOffer(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)  # the centre of the helper's postcode
    longitude: Mapped[float | None] = mapped_column(Float)
    radius_km: Mapped[float | None] = mapped_column(Float)  # None: their own neighbourhood
    slots: Mapped[list] = mapped_column(JSON, default=list)  # "tue-afternoon", …; empty: any time
    regular: Mapped[bool] = mapped_column(default=False)  # regularly, or a one-off
    languages: Mapped[list] = mapped_column(JSON, default=list)  # ISO 639-1 codes
    capacity: Mapped[int] = mapped_column(default=1)  # people they can help at once
    load: Mapped[int] = mapped_column(default=0)  # proposed + accepted matches
    paused: Mapped[bool] = mapped_column(default=False)
    flagged_reason: Mapped[str | None] = mapped_column(String(300))  # a worker's concern; not matched
    # False for an offer made only to answer one request ("I can help"): its text was written to
    # that neighbour, so it is not listed publicly nor suggested to others.
    listed: Mapped[bool] = mapped_column(default=True, server_default=true())
    # When its helper withdrew it for good (it stays paused and unlisted: kept for the matches it made).
    withdrawn_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user = relationship("User")
    area = relationship("Area")
    kind_rows = relationship(
        "HelpOfferKind", cascade="all, delete-orphan", lazy="selectin", order_by="HelpOfferKind.kind"
    )

    @property
    def kinds(self) -> list[str]:
        return [row.kind for row in self.kind_rows]

    @kinds.setter
    def kinds(self, codes) -> None:
        self.kind_rows = [HelpOfferKind(kind=code) for code in dict.fromkeys(codes)]


class HelpOfferKind(db.Model):
    """One kind of help an offer gives; its own table so that finding offers of a kind uses an index."""

    offer_id: Mapped[int] = mapped_column(ForeignKey("help_offer.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class HelpRequest(db.Model):
    __table_args__ = (
        # The console's open requests of a team's areas, oldest first: only open requests are in it.
        Index(
            "ix_help_request_open_area",
            "area_id",
            "created_at",
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    description: Mapped[str] = mapped_column(Text)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    when: Mapped[str] = mapped_column(String(10), default=WHEN_SLOTS)
    on_date: Mapped[date | None]  # a date, or the start of a period
    until_date: Mapped[date | None]  # the end of a period
    # "tue-afternoon", …; for a date or a period the stated parts of its weekdays (matching.date_slots)
    slots: Mapped[list] = mapped_column(JSON, default=list)
    languages: Mapped[list] = mapped_column(JSON, default=list)  # ISO 639-1 codes, the one spoken best first
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
    # once, weekly or several times (matching.FREQUENCIES): a recurring request prefers a regular helper
    frequency: Mapped[str] = mapped_column(String(10), default=ONCE, server_default=ONCE)
    status: Mapped[str] = mapped_column(String(10), default=OPEN, index=True)
    crisis: Mapped[bool] = mapped_column(default=False)  # the text suggests acute danger: the team acts
    # False for a request made only to ask one neighbour's offer ("I would like this help").
    listed: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None] = mapped_column(index=True)
    # when the team's workers were told the request has waited too long without a proposal (told once)
    waiting_notified_at: Mapped[datetime | None]
    # Held for the team to look at first: the text touches a sensitive matter (safety.sensitive_topics).
    # A held request is seen by its requester and the team's workers only, until a worker releases it.
    held_at: Mapped[datetime | None] = mapped_column(index=True)
    sensitive_topics: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")  # "debt", "health", …
    reviewed_at: Mapped[datetime | None]  # when a worker looked at a held request and released it (or kept it)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime | None]  # when the requester last changed their request

    user = relationship("User", foreign_keys=[user_id])
    area = relationship("Area")


class HelpMatch(db.Model):
    __table_args__ = (
        # At most one proposed or accepted match per request, whatever two workers do at once.
        Index(
            "uq_help_match_live_request",
            "request_id",
            unique=True,
            sqlite_where=text("status IN ('proposed', 'accepted')"),
            postgresql_where=text("status IN ('proposed', 'accepted')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("help_request.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("help_offer.id", ondelete="CASCADE"), index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    origin: Mapped[str] = mapped_column(String(10), default=BY_WORKER)
    status: Mapped[str] = mapped_column(String(10), default=PROPOSED, index=True)
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[list] = mapped_column(JSON, default=list)  # [{"code", "params"}], why it was suggested
    note: Mapped[str | None] = mapped_column(Text)  # the proposer's words to both sides
    requester_answer: Mapped[str | None] = mapped_column(String(3))  # "yes" / "no"
    helper_answer: Mapped[str | None] = mapped_column(String(3))
    requester_contact: Mapped[str | None] = mapped_column(String(200))  # shown to the other side once both said yes
    helper_contact: Mapped[str | None] = mapped_column(String(200))
    requester_feedback: Mapped[str | None] = mapped_column(String(10))  # "worked" / "not"
    helper_feedback: Mapped[str | None] = mapped_column(String(10))
    feedback_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(index=True)
    closed_at: Mapped[datetime | None]
    # A recurring arrangement (the request's frequency is not "once") stays accepted across its
    # occurrences; either side may pause it (paused_at) and later resume, or end it (status done).
    paused_at: Mapped[datetime | None]
    paused_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    next_on: Mapped[date | None] = mapped_column(index=True)  # the next planned date, if the two agreed one
    reminded_on: Mapped[date | None]  # the planned date both sides were last reminded of (reminded once)
    # Check-ins asked of both sides (each once): two weeks after the start, after the end, and when nobody
    # marked a match done for a long while (stale: asked, then closed if still nobody answers).
    checkin_started_at: Mapped[datetime | None]
    checkin_ended_at: Mapped[datetime | None]
    stale_asked_at: Mapped[datetime | None] = mapped_column(index=True)

    request = relationship("HelpRequest")
    offer = relationship("HelpOffer")
    proposed_by = relationship("User", foreign_keys=[proposed_by_id])
    occurrences = relationship(
        "HelpOccurrence", cascade="all, delete-orphan", order_by="HelpOccurrence.on_date", passive_deletes=True
    )


class HelpOccurrence(db.Model):
    """One time the help of an arrangement was given ("help given this time"); one per match and day."""

    __table_args__ = (UniqueConstraint("match_id", "on_date", name="uq_help_occurrence_match_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("help_match.id", ondelete="CASCADE"), index=True)
    on_date: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HelpCheckIn(db.Model):
    """One side's answer to a check-in ("did it happen? how did it go?"), read by the team's workers only."""

    __table_args__ = (UniqueConstraint("match_id", "user_id", "stage", name="uq_help_checkin_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("help_match.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    side: Mapped[str] = mapped_column(String(10))  # "requester" / "helper"
    stage: Mapped[str] = mapped_column(String(10))  # "started" (after two weeks), "ended", "stale"
    happened: Mapped[bool | None]  # did the help happen; None: not said
    rating: Mapped[str | None] = mapped_column(String(10))  # "good" / "mixed" / "bad"
    note: Mapped[str | None] = mapped_column(Text)
    flagged: Mapped[bool] = mapped_column(default=False)  # something went wrong: the team looks at it
    handled_at: Mapped[datetime | None]  # a worker has read and handled the flag
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class HelpBlock(db.Model):
    """A person a worker has blocked from matching, with the reason (seen by workers only)."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(300))
    blocked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
