"""The demo shows private conversations on initiatives, the leads' messages in projects, and the
notifications of the new kinds for initiators and workers, in both languages."""

from __future__ import annotations

from collections import Counter

from flask_babel import force_locale
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
from portal.initiatives import notification_kinds as initiative_kinds
from portal.initiatives.models import Initiative, PrivateMessage
from portal.notifications.kinds import describe
from portal.notifications.models import Notification
from portal.projects import notification_kinds as project_kinds
from portal.projects.models import ProjectMessage, ProjectParticipant
from portal.timeutil import utcnow


def test_the_demo_has_private_conversations_lead_messages_and_news_of_the_new_kinds(app):
    with app.test_request_context():
        from portal.demo.loader import load_demo

        load_demo()
        talked = db.session.scalars(select(PrivateMessage.initiative_id).distinct()).all()
        assert len(talked) >= 4
        for initiative_id in talked:
            initiative = db.session.get(Initiative, initiative_id)
            sides = {
                m.from_team
                for m in db.session.scalars(select(PrivateMessage).where(PrivateMessage.initiative_id == initiative_id))
            }
            assert initiative.status != "draft" and False in sides
            for message in db.session.scalars(
                select(PrivateMessage).where(PrivateMessage.initiative_id == initiative_id)
            ):
                author = db.session.get(User, message.author_id)
                if message.from_team:
                    assert author.works_for(initiative.area.team.slug)
                else:
                    assert author.id == initiative.initiator_id
        messages = db.session.scalars(select(ProjectMessage)).all()
        assert len(messages) >= 3
        for message in messages:  # a lead writes to people who joined
            assert db.session.scalar(
                select(func.count())
                .select_from(ProjectParticipant)
                .where(ProjectParticipant.project_id == message.project_id)
            )
        kinds = Counter(db.session.scalars(select(Notification.kind)))
        for kind in (
            initiative_kinds.INITIATIVE_SUBMITTED,
            initiative_kinds.INITIATIVE_SUPPORTED,
            initiative_kinds.INITIATIVE_SIGNUP,
            initiative_kinds.INITIATIVE_TEAM_WROTE,
            initiative_kinds.INITIATIVE_INITIATOR_WROTE,
            initiative_kinds.INITIATIVE_STATUS,
            project_kinds.PROJECT_MESSAGE,
            project_kinds.PROJECT_JOINED,
        ):
            assert kinds[kind] >= 1, kind
        for notification in db.session.scalars(select(Notification)):
            assert notification.created_at <= utcnow()
            for language in ("nl", "en"):
                with force_locale(language):
                    assert describe(notification.kind, notification.params)
        for notification in db.session.scalars(
            select(Notification).where(
                Notification.kind.in_(
                    [initiative_kinds.INITIATIVE_SUBMITTED, initiative_kinds.INITIATIVE_INITIATOR_WROTE]
                )
            )
        ):
            assert db.session.get(User, notification.user_id).is_worker
        db.session.remove()
