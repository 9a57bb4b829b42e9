"""Messages from a project's lead to its participants: not news for the neighbourhood, but a word to the
people who joined ("bring gloves on Saturday"). Functions flush; the caller commits.

The lead worker writes, and so may the team's other workers and coordinators (who stand in for the lead).
Every participant is told, with the text, in the app and by mail as they chose; they read the messages on
the project's page, in a section only participants and the team see. Nobody else ever reads them.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.initiatives.notification_kinds import excerpt
from portal.notifications.services import notify_all
from portal.projects import notification_kinds as kinds
from portal.projects.models import Project, ProjectMessage, ProjectParticipant
from portal.projects.services import check_worker, is_participant
from portal.projects.services_invitations import link
from portal.timeutil import utcnow

MESSAGE_MIN, MESSAGE_MAX = 2, 3000
EXCERPT = 400  # characters of the message carried in the notification


def may_read(user, project: Project) -> bool:
    """The project's participants, the workers of its team and coordinators."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (user.is_worker and user.works_for(project.team.slug)) or is_participant(user, project)


def post_message(worker, project: Project, body: str, now: datetime | None = None) -> ProjectMessage:
    """Write to the participants; each of them is told (the writer not)."""
    check_worker(worker, project.team)
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write the message."), "body")
    if len(body) < MESSAGE_MIN or len(body) > MESSAGE_MAX:
        raise DomainError(_("Between %(min)d and %(max)d characters.", min=MESSAGE_MIN, max=MESSAGE_MAX), "body")
    participants = _participants(project)
    if not participants:
        raise DomainError(_("Nobody has joined the project yet, so there is nobody to write to."), "body")
    message = ProjectMessage(project_id=project.id, author_id=worker.id, body=body, created_at=now or utcnow())
    db.session.add(message)
    db.session.flush()
    record(worker, "projects.message", f"project:{project.id}", f"message:{message.id}")
    params = {"title": project.title, "author": worker.first_name, "text": excerpt(body, EXCERPT)}
    notify_all(
        [person for person in participants if person.id != worker.id],
        kinds.PROJECT_MESSAGE,
        params,
        f"{link(project)}#lead-message-{message.id}",
    )
    return message


def messages_of(project: Project) -> list[ProjectMessage]:
    """The lead's messages, newest first."""
    return list(
        db.session.scalars(
            select(ProjectMessage)
            .where(ProjectMessage.project_id == project.id)
            .options(joinedload(ProjectMessage.author))
            .order_by(ProjectMessage.created_at.desc(), ProjectMessage.id.desc())
        )
    )


def _participants(project: Project) -> list:
    rows = db.session.scalars(
        select(ProjectParticipant)
        .where(ProjectParticipant.project_id == project.id)
        .options(joinedload(ProjectParticipant.user))
        .order_by(ProjectParticipant.joined_at)
    )
    return [row.user for row in rows if row.user is not None]
