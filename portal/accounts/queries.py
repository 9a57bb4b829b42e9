"""Read functions for accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from portal import events
from portal.accounts.models import User
from portal.audit import AuditEntry
from portal.extensions import db
from portal.teams.models import TeamQuestion
from portal.teams.queries import reference


def _when(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value else None


def personal_data(user: User) -> dict:
    """Everything the portal holds about ``user``, for the "download my data" right (AVG art. 15/20).

    Accounts answer for the account, questions to teams and the audit log; every other feature adds its
    sections through ``events.personal_data_requested`` (tests/services/test_data_export.py walks the schema
    to check that every table pointing at an account has its section).
    """
    data = {
        "account": {
            "name": user.name,
            "email": user.email,
            "email_confirmed_at": _when(user.email_confirmed_at),
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
        "questions_sent_to_teams": _questions(TeamQuestion.user_id == user.id),
        "questions_sent_with_my_address": _questions_with_address(user),
        "questions_answered_as_worker": [
            {
                "team": question.team.name,
                "asked_at": _when(question.created_at),
                "answered_at": _when(question.answered_at),
            }
            for question in db.session.scalars(
                select(TeamQuestion).where(TeamQuestion.answered_by_id == user.id).order_by(TeamQuestion.created_at)
            )
        ],
        "changes_made_as_worker": _audit(AuditEntry.actor_id == user.id),
        # What workers changed about this account (its role, teams, a block): the entries name it by id.
        "changes_to_my_account": _audit(AuditEntry.subject == f"user:{user.id}"),
    }
    for _receiver, sections in events.personal_data_requested.send(user):
        data.update(sections)
    return data


def _questions(condition) -> list[dict]:
    """The person's questions with the conversation they can read (the team's internal notes never)."""
    questions = db.session.scalars(select(TeamQuestion).where(condition).order_by(TeamQuestion.created_at))
    return [
        {
            "reference": reference(question.id),
            "team": question.team.name,
            "name": question.name,
            "contact": question.contact,
            "message": question.message,
            "language": question.language,
            "status": question.status,
            "sent_at": _when(question.created_at),
            "answered_at": _when(question.answered_at),
            "closed_at": _when(question.closed_at),
            "conversation": [
                {
                    "from": "team" if message.from_team else "me",
                    "text": message.body,
                    "written_at": _when(message.created_at),
                }
                for message in question.messages
                if not message.internal
            ],
        }
        for question in questions
    ]


def _questions_with_address(user: User) -> list[dict]:
    """Questions sent without logging in that gave this account's (confirmed) address as the way to reach them.

    What was left with the address, not the message: someone else may have typed it.
    """
    if user.email_confirmed_at is None:
        return []
    address = user.email.strip().lower()
    questions = db.session.scalars(
        select(TeamQuestion)
        .where(TeamQuestion.user_id.is_(None), func.lower(func.trim(TeamQuestion.contact)) == address)
        .order_by(TeamQuestion.created_at)
    )
    return [
        {
            "team": question.team.name,
            "name": question.name,
            "contact": question.contact,
            "sent_at": _when(question.created_at),
            "answered_at": _when(question.answered_at),
        }
        for question in questions
    ]


def _audit(condition) -> list[dict]:
    entries = db.session.scalars(select(AuditEntry).where(condition).order_by(AuditEntry.at, AuditEntry.id))
    return [
        {"at": _when(entry.at), "action": entry.action, "subject": entry.subject, "detail": entry.detail}
        for entry in entries
    ]


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
