"""The initiatives' share of a resident's data rights: what is exported, what deleting removes.

Deleting an account removes the resident's drafts (nobody else ever saw them), gives back
their places in volunteer roles (so the counts stay right for the neighbours), drops their
support and reports, and keeps the initiatives and comments they made public without their
name: the neighbourhood's history stays, the person does not. The private conversations with the
team about their own initiatives are deleted, both sides (they were about that person and nobody
else reads them); what they wrote there as a worker stays for the initiator, without their name.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update

from portal import events
from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives.models import (
    Initiative,
    InitiativeMessage,
    MessageReport,
    PrivateMessage,
    RoleSignup,
    StatusChange,
    Support,
    VolunteerRole,
)


def _when(value) -> str | None:
    return value.isoformat() + "Z" if value else None


@events.account_deleting.connect
def forget_resident(user, **_) -> None:
    for initiative in db.session.scalars(
        select(Initiative).where(Initiative.initiator_id == user.id, Initiative.status == lifecycle.DRAFT)
    ):
        db.session.delete(initiative)
    role_ids = list(db.session.scalars(select(RoleSignup.role_id).where(RoleSignup.user_id == user.id)))
    db.session.execute(delete(RoleSignup).where(RoleSignup.user_id == user.id))
    if role_ids:
        db.session.execute(
            update(VolunteerRole)
            .where(VolunteerRole.id.in_(role_ids), VolunteerRole.taken > 0)
            .values(taken=VolunteerRole.taken - 1),
            execution_options={"synchronize_session": False},
        )
    db.session.execute(delete(Support).where(Support.user_id == user.id))
    db.session.execute(delete(MessageReport).where(MessageReport.user_id == user.id))
    own = select(Initiative.id).where(Initiative.initiator_id == user.id).scalar_subquery()
    db.session.execute(delete(PrivateMessage).where(PrivateMessage.initiative_id.in_(own)))
    db.session.execute(update(PrivateMessage).where(PrivateMessage.author_id == user.id).values(author_id=None))
    db.session.execute(update(InitiativeMessage).where(InitiativeMessage.author_id == user.id).values(author_id=None))
    db.session.execute(update(Initiative).where(Initiative.initiator_id == user.id).values(initiator_id=None))
    db.session.execute(update(Initiative).where(Initiative.worker_id == user.id).values(worker_id=None))
    db.session.flush()
    db.session.expire_all()


@events.personal_data_requested.connect
def initiatives_data(user, **_) -> dict:
    started = db.session.scalars(
        select(Initiative).where(Initiative.initiator_id == user.id).order_by(Initiative.created_at)
    )
    signups = db.session.execute(
        select(Initiative.title, VolunteerRole.title, RoleSignup.created_at)
        .join(VolunteerRole, VolunteerRole.initiative_id == Initiative.id)
        .join(RoleSignup, RoleSignup.role_id == VolunteerRole.id)
        .where(RoleSignup.user_id == user.id)
        .order_by(RoleSignup.created_at)
    )
    supported = db.session.execute(
        select(Initiative.title, Support.created_at)
        .join(Support, Support.initiative_id == Initiative.id)
        .where(Support.user_id == user.id)
        .order_by(Support.created_at)
    )
    messages = db.session.execute(
        select(Initiative.title, InitiativeMessage.kind, InitiativeMessage.body, InitiativeMessage.created_at)
        .join(Initiative, Initiative.id == InitiativeMessage.initiative_id)
        .where(InitiativeMessage.author_id == user.id)
        .order_by(InitiativeMessage.created_at)
    )
    reports = db.session.execute(
        select(Initiative.title, MessageReport.reason, MessageReport.created_at)
        .join(InitiativeMessage, InitiativeMessage.id == MessageReport.message_id)
        .join(Initiative, Initiative.id == InitiativeMessage.initiative_id)
        .where(MessageReport.user_id == user.id)
        .order_by(MessageReport.created_at)
    )
    guided = db.session.scalars(select(Initiative).where(Initiative.worker_id == user.id).order_by(Initiative.id))
    status_changes = db.session.execute(
        select(Initiative.title, StatusChange.from_status, StatusChange.to_status, StatusChange.reason, StatusChange.at)
        .join(Initiative, Initiative.id == StatusChange.initiative_id)
        .where(StatusChange.actor_id == user.id)
        .order_by(StatusChange.at)
    )
    private = db.session.execute(
        select(Initiative.title, PrivateMessage.author_id, PrivateMessage.from_team, PrivateMessage.body,
               PrivateMessage.created_at)
        .join(Initiative, Initiative.id == PrivateMessage.initiative_id)
        .where((PrivateMessage.author_id == user.id) | (Initiative.initiator_id == user.id))
        .order_by(PrivateMessage.created_at, PrivateMessage.id)
    )  # fmt: skip
    return {
        # Both sides of the conversations about the person's own initiatives, and what they wrote as a worker.
        "private_messages_on_initiatives": [
            {
                "initiative": title,
                "from": "me" if author_id == user.id else ("team" if from_team else "initiator"),
                "text": body,
                "at": _when(at),
            }
            for title, author_id, from_team, body, at in private
        ],
        "initiatives_started": [
            {
                "title": initiative.title,
                "description": initiative.description,
                "status": initiative.status,
                "area": initiative.area.name,
                "place": initiative.place,
                "created_at": _when(initiative.created_at),
            }
            for initiative in started
        ],
        "volunteer_tasks": [
            {"initiative": title, "task": role, "signed_up_at": _when(at)} for title, role, at in signups
        ],
        "initiatives_supported": [{"initiative": title, "since": _when(at)} for title, at in supported],
        "messages_on_initiatives": [
            {"initiative": title, "kind": kind, "text": body, "at": _when(at)} for title, kind, body, at in messages
        ],
        # The reasons the person gave; the reported words are someone else's and not repeated here.
        "messages_reported": [
            {"initiative": title, "reason": reason, "reported_at": _when(at)} for title, reason, at in reports
        ],
        "initiatives_guided_as_worker": [
            {"initiative": initiative.title, "status": initiative.status} for initiative in guided
        ],
        "initiative_status_changes_made": [
            {"initiative": title, "from": old, "to": new, "reason": reason, "at": _when(at)}
            for title, old, new, reason, at in status_changes
        ],
    }
