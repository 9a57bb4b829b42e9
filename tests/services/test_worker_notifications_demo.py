"""The demo gives the teams' workers a past of news about their work: read and unread, and one worker's
daily digest choice."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from portal.accounts.models import User
from portal.demo.notifications import DIGEST_CHOICES, DIGEST_WORKER
from portal.extensions import db
from portal.notifications.kinds import KINDS, WORKERS
from portal.notifications.models import DAILY, Notification
from portal.notifications.services import frequency_for
from portal.outbox.models import OutboxMessage
from portal.timeutil import utcnow


def test_demo_workers_have_read_and_unread_news_of_their_team(app):
    with app.test_request_context():
        from portal.demo.loader import load_demo

        load_demo()
        worker_kinds = [name for name, kind in KINDS.items() if kind.audience == WORKERS]
        news = list(db.session.scalars(select(Notification).where(Notification.kind.in_(worker_kinds))))
        kinds = Counter(notification.kind for notification in news)
        for kind in ("help_team_waiting", "help_team_accepted", "help_team_ended", "signal_team_recurring"):
            assert kinds[kind] >= 1, kind
        assert any(n.read_at is None for n in news) and any(n.read_at is not None for n in news)
        assert all(n.created_at <= utcnow() for n in news)
        for notification in news:  # only workers of the team concerned
            assert db.session.get(User, notification.user_id).is_worker

        selwerd = User.by_email(DIGEST_WORKER)
        assert frequency_for(selwerd, "help_team_waiting") == DAILY
        assert set(DIGEST_CHOICES) <= {name for name in worker_kinds}
        theirs = [n for n in news if n.user_id == selwerd.id]
        assert theirs and any(n.read_at is None for n in theirs)
        # The demo's past mails are never delivered.
        assert not db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.sent_at.is_(None))).all()
        db.session.remove()
