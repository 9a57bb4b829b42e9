"""The private conversation on an initiative: its initiator and the workers of its team, apart from the
public comments. Services flush; the view commits.

Who takes part, and who reads it: the initiator, the workers of the team serving the initiative's area,
and coordinators (``may_take_part``). Nobody else: the page refuses them, and the initiative's page does
not mention the conversation to them. A message of the initiator tells each worker of that team; a
message of a worker tells the initiator. The notification never repeats the words (see
``notification_kinds``): the link leads to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.errors import DomainError
from portal.extensions import db
from portal.initiatives import lifecycle, permissions
from portal.initiatives import notification_kinds as kinds
from portal.initiatives.models import Initiative, PrivateMessage
from portal.initiatives.services import link_to, notify, notify_team
from portal.teams.models import Area

MAX_LENGTH = 3000


def may_take_part(user, initiative: Initiative) -> bool:
    """The initiator, a worker of the initiative's team, or a coordinator."""
    return permissions.is_initiator(user, initiative) or permissions.is_team_worker(user, initiative)


def link(initiative: Initiative, message: PrivateMessage | None = None) -> str:
    """The path of the conversation's page (``initiatives.private_conversation``), at a message if given."""
    return f"{link_to(initiative)}/private" + (f"#private-{message.id}" if message is not None else "")


def post_private_message(user, initiative: Initiative, body: str) -> PrivateMessage:
    """Write in the private conversation; the other side is told."""
    if not may_take_part(user, initiative):
        raise DomainError(_l("Only the initiator and the team take part in this conversation."), "body")
    if initiative.status == lifecycle.DRAFT:
        raise DomainError(_l("Submit your initiative first; then the team can read your message."), "body")
    if initiative.initiator_id is None:
        raise DomainError(_l("The initiator no longer has an account; nobody would read this."), "body")
    body = (body or "").strip()
    if not body:
        raise DomainError(_l("Write a message."), "body")
    if len(body) > MAX_LENGTH:
        raise DomainError(_l("At most %(max)d characters.", max=MAX_LENGTH), "body")
    from_team = not permissions.is_initiator(user, initiative)
    message = PrivateMessage(initiative_id=initiative.id, author_id=user.id, from_team=from_team, body=body)
    db.session.add(message)
    db.session.flush()
    params = {"title": initiative.title, "author": user.first_name, "excerpt": kinds.excerpt(body)}
    if from_team:
        notify(initiative.initiator, kinds.INITIATIVE_TEAM_WROTE, params, link(initiative, message))
    else:
        notify_team(initiative, kinds.INITIATIVE_INITIATOR_WROTE, params, link(initiative, message), exclude=user)
    return message


def messages_of(initiative: Initiative) -> list[PrivateMessage]:
    """The conversation, oldest first."""
    return list(
        db.session.scalars(
            select(PrivateMessage)
            .where(PrivateMessage.initiative_id == initiative.id)
            .options(joinedload(PrivateMessage.author))
            .order_by(PrivateMessage.created_at, PrivateMessage.id)
        )
    )


@dataclass(frozen=True)
class Summary:
    """What the initiative's page says about the conversation to someone who takes part."""

    count: int
    latest: PrivateMessage | None


def summary_for(user, initiative: Initiative) -> Summary | None:
    """How many messages the conversation holds and its newest, for someone who takes part; None for anyone else."""
    if not may_take_part(user, initiative):
        return None
    count = db.session.scalar(
        select(func.count()).select_from(PrivateMessage).where(PrivateMessage.initiative_id == initiative.id)
    )
    latest = db.session.scalar(
        select(PrivateMessage)
        .where(PrivateMessage.initiative_id == initiative.id)
        .order_by(PrivateMessage.created_at.desc(), PrivateMessage.id.desc())
        .limit(1)
    )
    return Summary(count or 0, latest)


def awaiting_the_team(team_ids: list[int]) -> list[PrivateMessage]:
    """The initiators' messages no worker has answered yet (the newest of each conversation, from the
    initiator), in these teams' areas, oldest first: for the workers' queue."""
    newest = (
        select(PrivateMessage.initiative_id, func.max(PrivateMessage.id).label("newest_id"))
        .group_by(PrivateMessage.initiative_id)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(PrivateMessage)
            .join(newest, newest.c.newest_id == PrivateMessage.id)
            .join(Initiative, Initiative.id == PrivateMessage.initiative_id)
            .join(Area, Area.id == Initiative.area_id)
            .where(Area.team_id.in_(team_ids), PrivateMessage.from_team.is_(False))
            .options(
                joinedload(PrivateMessage.initiative).joinedload(Initiative.area), joinedload(PrivateMessage.author)
            )
            .order_by(PrivateMessage.created_at, PrivateMessage.id)
        )
    )
