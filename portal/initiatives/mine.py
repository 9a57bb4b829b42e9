"""A resident's own initiatives: what they started (drafts included), signed up for, or support."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal import access
from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives.blueprint import bp
from portal.initiatives.categories import CATEGORIES
from portal.initiatives.models import Initiative, RoleSignup, Support, VolunteerRole


def started_by(user) -> list[Initiative]:
    """Everything ``user`` started, whatever its status, the most recently changed first."""
    return list(
        db.session.scalars(
            select(Initiative)
            .where(Initiative.initiator_id == user.id)
            .options(selectinload(Initiative.area))
            .order_by(Initiative.updated_at.desc(), Initiative.id.desc())
        )
    )


def signed_up_for(user) -> list[tuple[Initiative, str]]:
    """(initiative, role title) for every volunteer role ``user`` signed up for, soonest first."""
    rows = db.session.execute(
        select(Initiative, VolunteerRole.title)
        .join(VolunteerRole, VolunteerRole.initiative_id == Initiative.id)
        .join(RoleSignup, RoleSignup.role_id == VolunteerRole.id)
        .where(RoleSignup.user_id == user.id)
        .options(selectinload(Initiative.area))
        .order_by(func.coalesce(Initiative.planned_start, Initiative.created_at).desc(), Initiative.id)
    )
    return [(row[0], row[1]) for row in rows]


def supported_by(user) -> list[Initiative]:
    """Initiatives of others that ``user`` supports (drafts are never supportable)."""
    return list(
        db.session.scalars(
            select(Initiative)
            .join(Support, Support.initiative_id == Initiative.id)
            .where(Support.user_id == user.id, Initiative.status != lifecycle.DRAFT)
            .options(selectinload(Initiative.area))
            .order_by(Support.created_at.desc())
        )
    )


@bp.get("/mine")
@access.resident
def my_initiatives():
    return render_template(
        "initiatives/mine.html",
        started=started_by(current_user),
        signups=signed_up_for(current_user),
        supported=supported_by(current_user),
        categories=CATEGORIES,
        status_labels=lifecycle.STATUS_LABELS,
    )
