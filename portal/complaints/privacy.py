"""Complaints' share of a person's data rights: what "download my data" shows, what deleting an account removes.

Export: the complaints the person filed (with their words and the team's answer), and, for a worker or
coordinator, which complaints were given to them or answered by them (number, team, dates; not the
complainant's words, which are someone else's personal data).

Deleting an account keeps each complaint the person filed as a record for the team's figures (team, kind of
subject, dates, status: how many complaints, answered in time) but removes everything that says who they
were: the link to the account and to their question, initiative, help request or signal, their words and the
answer written to them. A deleted worker's or coordinator's name goes from the complaints they handled.
"""

from __future__ import annotations

from sqlalchemy import select, update

from portal import events
from portal.complaints.models import Complaint
from portal.extensions import db


def _when(value) -> str | None:
    return value.isoformat() + "Z" if value else None


@events.account_deleting.connect
def forget_person(user, **_) -> None:
    db.session.execute(
        update(Complaint)
        .where(Complaint.user_id == user.id)
        .values(user_id=None, subject_id=None, message="", answer=None)
    )
    db.session.execute(update(Complaint).where(Complaint.assigned_to_id == user.id).values(assigned_to_id=None))
    db.session.execute(update(Complaint).where(Complaint.answered_by_id == user.id).values(answered_by_id=None))
    db.session.flush()
    db.session.expire_all()


def _of(condition) -> list[Complaint]:
    return list(db.session.scalars(select(Complaint).where(condition).order_by(Complaint.created_at, Complaint.id)))


@events.personal_data_requested.connect
def complaints_data(user, **_) -> dict:
    return {
        "complaints_filed": [
            {
                "reference": complaint.reference,
                "team": complaint.team.name,
                "about": complaint.subject_kind,
                "complaint": complaint.message,
                "status": complaint.status,
                "filed_at": _when(complaint.created_at),
                "due_at": _when(complaint.due_at),
                "answer": complaint.answer,
                "answered_at": _when(complaint.answered_at),
                "closed_at": _when(complaint.closed_at),
            }
            for complaint in _of(Complaint.user_id == user.id)
        ],
        "complaints_assigned_as_worker": [
            {
                "reference": complaint.reference,
                "team": complaint.team.name,
                "status": complaint.status,
                "filed_at": _when(complaint.created_at),
            }
            for complaint in _of(Complaint.assigned_to_id == user.id)
        ],
        "complaints_answered_as_worker": [
            {
                "reference": complaint.reference,
                "team": complaint.team.name,
                "answered_at": _when(complaint.answered_at),
            }
            for complaint in _of(Complaint.answered_by_id == user.id)
        ],
    }
