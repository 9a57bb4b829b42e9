"""Read functions for accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from portal import events
from portal.accounts.models import User
from portal.audit import AuditEntry
from portal.extensions import db
from portal.teams.models import TeamQuestion


def _when(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value else None


def personal_data(user: User) -> dict:
    """Everything the portal holds about ``user``, for the "download my data" right (AVG art. 15/20)."""
    questions = db.session.scalars(
        select(TeamQuestion).where(TeamQuestion.user_id == user.id).order_by(TeamQuestion.created_at)
    )
    changes = db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.at))
    data = {
        "account": {
            "name": user.name,
            "email": user.email,
            "phone": user.phone,
            "home_postcode": user.home_postcode,
            "neighbourhood": user.area.name if user.area else None,
            "neighbourhood_code": user.area.code if user.area else None,
            "team": user.home_team.name if user.home_team else None,
            "language": user.locale,
            "role": user.role,
            "teams_worked_for": [team.name for team in user.teams],
            "active": user.active,
            "created_at": _when(user.created_at),
            "last_login_at": _when(user.last_login_at),
        },
        "questions_sent_to_teams": [
            {
                "team": question.team.name,
                "name": question.name,
                "contact": question.contact,
                "message": question.message,
                "language": question.language,
                "sent_at": _when(question.created_at),
                "answered_at": _when(question.answered_at),
            }
            for question in questions
        ],
        "changes_made_as_worker": [
            {"at": _when(entry.at), "action": entry.action, "subject": entry.subject, "detail": entry.detail}
            for entry in changes
        ],
    }
    for _receiver, sections in events.personal_data_requested.send(user):
        data.update(sections)
    return data


def users_matching(search: str = "", role: str | None = None):
    """A query for accounts whose name or e-mail contains ``search``, optionally of one role.

    Returns a Select (not a list) so that the admin pages can paginate it.
    """
    query = select(User).order_by(User.name, User.id)
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(User.name.ilike(pattern, escape="\\") | User.email.ilike(pattern, escape="\\"))
    if role:
        query = query.where(User.role == role)
    return query


def all_users(role: str | None = None) -> list[User]:
    """Every account (of one role), by name."""
    return list(db.session.scalars(users_matching(role=role)))
