"""Collective projects' share of a resident's data rights: what is exported, what deleting removes.

Deleting an account removes the person's participation and invitations (so the counts stay right);
the news and the messages to participants they wrote as a worker and the projects they led stay,
without their name: the neighbourhood's history stays, the person does not.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update

from portal import events
from portal.extensions import db
from portal.projects.models import Project, ProjectInvitation, ProjectMessage, ProjectParticipant, ProjectUpdate


def _when(value) -> str | None:
    return value.isoformat() + "Z" if value else None


@events.account_deleting.connect
def forget_resident(user, **_) -> None:
    db.session.execute(delete(ProjectParticipant).where(ProjectParticipant.user_id == user.id))
    db.session.execute(delete(ProjectInvitation).where(ProjectInvitation.user_id == user.id))
    db.session.execute(update(ProjectUpdate).where(ProjectUpdate.author_id == user.id).values(author_id=None))
    db.session.execute(update(ProjectMessage).where(ProjectMessage.author_id == user.id).values(author_id=None))
    db.session.execute(update(Project).where(Project.lead_worker_id == user.id).values(lead_worker_id=None))
    db.session.flush()
    db.session.expire_all()


@events.personal_data_requested.connect
def projects_data(user, **_) -> dict:
    joined = db.session.execute(
        select(Project.title, Project.status, ProjectParticipant.joined_at)
        .join(ProjectParticipant, ProjectParticipant.project_id == Project.id)
        .where(ProjectParticipant.user_id == user.id)
        .order_by(ProjectParticipant.joined_at)
    )
    invited = db.session.execute(
        select(Project.title, ProjectInvitation.invited_at)
        .join(ProjectInvitation, ProjectInvitation.project_id == Project.id)
        .where(ProjectInvitation.user_id == user.id)
        .order_by(ProjectInvitation.invited_at)
    )
    written = db.session.execute(
        select(Project.title, ProjectUpdate.body, ProjectUpdate.created_at)
        .join(ProjectUpdate, ProjectUpdate.project_id == Project.id)
        .where(ProjectUpdate.author_id == user.id)
        .order_by(ProjectUpdate.created_at)
    )
    messages = db.session.execute(
        select(Project.title, ProjectMessage.body, ProjectMessage.created_at)
        .join(ProjectMessage, ProjectMessage.project_id == Project.id)
        .where(ProjectMessage.author_id == user.id)
        .order_by(ProjectMessage.created_at)
    )
    led = db.session.execute(
        select(Project.title, Project.status, Project.created_at)
        .where(Project.lead_worker_id == user.id)
        .order_by(Project.created_at)
    )
    return {
        "projects_led_as_worker": [
            {"project": title, "status": status, "created_at": _when(at)} for title, status, at in led
        ],
        "projects_joined": [
            {"project": title, "status": status, "joined_at": _when(at)} for title, status, at in joined
        ],
        "projects_invited_to": [{"project": title, "invited_at": _when(at)} for title, at in invited],
        "project_news_written": [{"project": title, "text": body, "at": _when(at)} for title, body, at in written],
        "project_messages_written": [{"project": title, "text": body, "at": _when(at)} for title, body, at in messages],
    }
