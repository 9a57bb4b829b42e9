"""Read functions for the coordinators' administration pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portal.accounts.models import ROLES, User
from portal.audit import AuditEntry
from portal.extensions import db
from portal.teams.models import NEIGHBOURHOOD, Area, Team, TeamQuestion


@dataclass
class Overview:
    users_by_role: dict[str, int]
    deactivated: int
    teams: int
    teams_without_address: int
    teams_without_phone: int
    teams_without_walk_in_hours: int
    neighbourhoods_without_team: int
    open_questions: int


def _count(query) -> int:
    return db.session.scalar(query) or 0


def overview() -> Overview:
    """The counts on the administration home page."""
    by_role = dict(db.session.execute(select(User.role, func.count(User.id)).group_by(User.role)).all())
    teams = select(func.count(Team.id))
    return Overview(
        users_by_role={role: by_role.get(role, 0) for role in ROLES},
        deactivated=_count(select(func.count(User.id)).where(User.active.is_(False))),
        teams=_count(teams),
        teams_without_address=_count(teams.where((Team.street.is_(None)) | (Team.street == ""))),
        teams_without_phone=_count(teams.where((Team.phone.is_(None)) | (Team.phone == ""))),
        teams_without_walk_in_hours=_count(teams.where((Team.walk_in_hours.is_(None)) | (Team.walk_in_hours == ""))),
        neighbourhoods_without_team=_count(
            select(func.count(Area.id)).where(Area.kind == NEIGHBOURHOOD, Area.team_id.is_(None))
        ),
        open_questions=_count(select(func.count(TeamQuestion.id)).where(TeamQuestion.answered_at.is_(None))),
    )


def teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def team_by_slug(slug: str) -> Team | None:
    return db.session.scalar(select(Team).where(Team.slug == slug))


def neighbourhoods_by_district() -> dict[str, list[Area]]:
    """Every neighbourhood, grouped under its district's name, both alphabetically."""
    rows = db.session.scalars(select(Area).where(Area.kind == NEIGHBOURHOOD).order_by(Area.name))
    groups: dict[str, list[Area]] = {}
    for area in rows:
        groups.setdefault(area.parent.name if area.parent else "", []).append(area)
    return dict(sorted(groups.items()))


def audit_entries():
    """A query for the audit log, newest first (the page paginates it)."""
    return select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def subject_names(entries) -> dict[str, str]:
    """Readable names for audit subjects such as ``user:12``, ``team:selwerd``, ``area:BU00140000``."""
    wanted: dict[str, set[str]] = {"user": set(), "team": set(), "area": set()}
    for entry in entries:
        kind, _, key = entry.subject.partition(":")
        if kind in wanted and key:
            wanted[kind].add(key)
    names: dict[str, str] = {}
    user_ids = [int(key) for key in wanted["user"] if key.isdigit()]
    for user_id, name, email in db.session.execute(select(User.id, User.name, User.email).where(User.id.in_(user_ids))):
        names[f"user:{user_id}"] = f"{name} <{email}>"
    for slug, name in db.session.execute(select(Team.slug, Team.name).where(Team.slug.in_(wanted["team"]))):
        names[f"team:{slug}"] = name
    for code, name in db.session.execute(select(Area.code, Area.name).where(Area.code.in_(wanted["area"]))):
        names[f"area:{code}"] = name
    return names
