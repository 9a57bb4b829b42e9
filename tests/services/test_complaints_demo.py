"""The demo complaints load on top of the other demo content, consistent with the services, once."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.audit import AuditEntry
from portal.complaints.models import STATUSES, Complaint
from portal.complaints.subjects import subject_of
from portal.demo.complaints import load_complaints_demo
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.timeutil import utcnow


def test_the_demo_complaints_cover_every_status_and_one_is_overdue(app):
    with app.test_request_context():
        from portal.demo.loader import load_demo

        load_demo()
        complaints = list(db.session.scalars(select(Complaint).order_by(Complaint.id)))
        assert len(complaints) >= 5
        assert {complaint.status for complaint in complaints} == set(STATUSES)
        now = utcnow()
        assert sum(complaint.is_overdue(now) for complaint in complaints) == 1
        assert any(complaint.answered_at and not complaint.answered_in_time for complaint in complaints)
        assert len({complaint.team_id for complaint in complaints}) >= 4
        for complaint in complaints:
            subject = subject_of(complaint)
            assert subject.thing is not None and complaint.created_at < now
            if complaint.subject_kind != "team":
                assert complaint.created_at > subject.thing.created_at  # filed after what it is about
            if complaint.status != "new":
                assert db.session.scalar(
                    select(func.count(AuditEntry.id)).where(AuditEntry.subject == f"complaint:{complaint.id}")
                )
        # The demo's past mails are never delivered.
        assert not db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.sent_at.is_(None))).all()
        assert load_complaints_demo() == 0  # loading twice adds nothing
        db.session.rollback()
