"""The notifications the complaints feature sends, registered with the notifications registry.

Parameters hold the news, never finished text and never the resident's words: ``reference`` ("K-000042"),
``team`` (its name), ``about`` (the kind of subject), ``due`` (the answer-by time, ISO, naive UTC) and, for the
resident's kind, ``event`` (received, answered, closed).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.notifications import kinds

COMPLAINT_FILED = "complaint_filed"  # to the team's coordinators
COMPLAINT_ASSIGNED = "complaint_assigned"  # to the colleague a complaint was given to
COMPLAINT_NEWS = "complaint_news"  # to the resident: received, answered, closed


def _day(value) -> str:
    try:
        return format_date(datetime.fromisoformat(str(value)), "long")
    except ValueError:
        return ""


def _filed(p: dict) -> str:
    return _(
        "New complaint %(reference)s about %(team)s. Answer it by %(date)s.",
        reference=p.get("reference", ""),
        team=p.get("team", ""),
        date=_day(p.get("due")),
    )


def _assigned(p: dict) -> str:
    return _(
        "Complaint %(reference)s about %(team)s was given to you. Answer it by %(date)s.",
        reference=p.get("reference", ""),
        team=p.get("team", ""),
        date=_day(p.get("due")),
    )


def _news(p: dict) -> str:
    reference = p.get("reference", "")
    event = p.get("event")
    if event == "answered":
        return _("%(team)s has answered your complaint %(reference)s.", team=p.get("team", ""), reference=reference)
    if event == "closed":
        return _("Your complaint %(reference)s has been closed.", reference=reference)
    return _(
        "We received your complaint %(reference)s. %(team)s answers it by %(date)s at the latest.",
        reference=reference,
        team=p.get("team", ""),
        date=_day(p.get("due")),
    )


def register() -> None:
    kinds.register(
        COMPLAINT_FILED,
        _l("Complaints: a new complaint"),
        _l("When a resident files a complaint about a team you coordinate (or any team, when it has no coordinator)."),
        _filed,
        audience=kinds.WORKERS,
    )
    kinds.register(
        COMPLAINT_ASSIGNED,
        _l("Complaints: given to you"),
        _l("When a colleague gives you a complaint to handle."),
        _assigned,
        audience=kinds.WORKERS,
    )
    kinds.register(
        COMPLAINT_NEWS,
        _l("Complaints: news about your complaint"),
        _l("When your complaint has been received, answered or closed."),
        _news,
    )
