"""The norms "Vandaag" holds a team to: when each kind of waiting item is due.

A question to the team is due at its own answer-by time (``TeamQuestion.due_at``, set by the inbox from the
team's ``answer_days``); a complaint at ``Complaint.due_at``. For the other kinds the portal had no norm, so
the overview defines one here, in working days (``portal.workdays``: Europe/Amsterdam, Dutch public holidays):

* an initiative that was submitted gets a first response (a worker picks it up, talks or declines) within
  ``INITIATIVE_RESPONSE_DAYS`` working days of being submitted;
* a help request gets a proposal within ``HELP_PROPOSAL_DAYS`` working days, an urgent one within
  ``URGENT_HELP_PROPOSAL_DAYS``, and a request whose text suggests a crisis at once;
* a matter that became recurring (a cluster of signals) gets a decision (taken up in a project, or closed
  with a reason) within ``RECURRING_DECISION_DAYS`` working days;
* a proposed match that neither side has fully answered for ``PROPOSAL_ANSWER_DAYS`` calendar days needs the
  worker to ask again: it shows up then, and is overdue from that moment.

``overdue_cutoff`` turns a norm into a moment, so that "overdue" can be counted in SQL: something received
before the cutoff is overdue now.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from portal.workdays import AMSTERDAM, add_working_days, due_at, local_date

INITIATIVE_RESPONSE_DAYS = 5
HELP_PROPOSAL_DAYS = 5
URGENT_HELP_PROPOSAL_DAYS = 2
RECURRING_DECISION_DAYS = 10
PROPOSAL_ANSWER_DAYS = 7
QUESTION_FALLBACK_DAYS = 2  # a question stored before answer-by times existed: as the migration set them


def initiative_due(submitted: datetime) -> datetime:
    return due_at(submitted, INITIATIVE_RESPONSE_DAYS)


def help_request_due(created: datetime, urgency: str = "normal", crisis: bool = False) -> datetime:
    if crisis:
        return created
    return due_at(created, URGENT_HELP_PROPOSAL_DAYS if urgency == "high" else HELP_PROPOSAL_DAYS)


def recurring_due(since: datetime) -> datetime:
    return due_at(since, RECURRING_DECISION_DAYS)


def proposal_due(proposed: datetime) -> datetime:
    return proposed + timedelta(days=PROPOSAL_ANSWER_DAYS)


def question_due(stored_due: datetime | None, created: datetime) -> datetime:
    return stored_due or created + timedelta(days=QUESTION_FALLBACK_DAYS)


def _start_of(day: date) -> datetime:
    """The naive-UTC moment a local (Amsterdam) day begins."""
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM).astimezone(UTC).replace(tzinfo=None)


def overdue_cutoff(now: datetime, days: int) -> datetime:
    """The naive-UTC moment such that ``due_at(received, days) < now`` exactly when ``received < cutoff``.

    ``due_at`` is the end of a local day and grows with the day received, so the cutoff is the start of the
    day after the last local day whose due day has fully passed.
    """
    today = local_date(now)
    day = today
    while add_working_days(day, days) >= today:  # due today or later: not overdue yet
        day -= timedelta(days=1)
    return _start_of(day + timedelta(days=1))
