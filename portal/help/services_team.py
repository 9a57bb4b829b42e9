"""Telling the workers of a request's team (the team of its neighbourhood) what happened with it.

Matches accepted or ended, feedback given, and requests that wait too long without a proposal
(``tell_about_waiting``, run daily by ``flask --app portal help expire``: once per request, claimed with a
conditional UPDATE of ``waiting_notified_at`` so two runs at the same moment tell the team once).
The news travels as parameters (kind of help, neighbourhood, day, how long it waited), never as a resident's
words. Functions flush and never commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import exists, func, or_, select, update

from portal.accounts.models import User
from portal.extensions import db
from portal.help import notification_kinds
from portal.help.models import LIVE_MATCH, OPEN, HelpMatch, HelpRequest
from portal.notifications.services import notify_team_workers
from portal.teams.models import Area
from portal.timeutil import utcnow


def news_of(request: HelpRequest) -> dict:
    """What a notification about ``request`` says: the kind of help, and the day it is needed if it has one."""
    news = {"kind": request.kind}
    if request.on_date is not None:
        news["date"] = request.on_date.isoformat()
    return news


def console_link(request: HelpRequest) -> str:
    return f"/help/console/requests/{request.id}"


def tell_team(request: HelpRequest, kind: str, *, exclude=None, **extra) -> list:
    """Notify each worker of the request's team (nobody when its neighbourhood has no team)."""
    team = request.area.team if request.area is not None else None
    if team is None:
        return []
    params = {**news_of(request), "area": request.area.name, **extra}
    return notify_team_workers(team, kind, params, console_link(request), exclude=exclude)


def waiting_days() -> int:
    return int(current_app.config.get("HELP_WAITING_DAYS", 3))


def _waiting_since():
    """When a request began to wait without a proposal: when it was made, or when its last match ended."""
    last_match = (
        select(func.max(func.coalesce(HelpMatch.closed_at, HelpMatch.decided_at, HelpMatch.created_at)))
        .where(HelpMatch.request_id == HelpRequest.id)
        .scalar_subquery()
    )
    return func.coalesce(last_match, HelpRequest.created_at)


def tell_about_waiting(now: datetime | None = None) -> int:
    """Tell the team once about each open request that has waited HELP_WAITING_DAYS without a proposal: since
    it was made, or again since its last match ended (declined, withdrawn, unanswered).

    Each request is first claimed (``waiting_notified_at`` set where it is still empty or older than the start
    of this wait, in one UPDATE); only the run whose UPDATE changed the row tells the team. Returns how many
    requests were reported.
    """
    now = now or utcnow()
    live = exists().where(HelpMatch.request_id == HelpRequest.id, HelpMatch.status.in_(LIVE_MATCH))
    since = _waiting_since()
    waiting = (
        select(HelpRequest.id, since)
        .join(User, User.id == HelpRequest.user_id)
        .join(Area, Area.id == HelpRequest.area_id)
        .where(
            HelpRequest.status == OPEN,
            or_(HelpRequest.waiting_notified_at.is_(None), HelpRequest.waiting_notified_at < since),
            since <= now - timedelta(days=waiting_days()),
            Area.team_id.is_not(None),
            User.active.is_(True),
            ~live,
        )
        .order_by(HelpRequest.created_at, HelpRequest.id)
    )
    told = 0
    for request_id, started in list(db.session.execute(waiting)):
        claimed = db.session.execute(
            update(HelpRequest)
            .where(
                HelpRequest.id == request_id,
                or_(HelpRequest.waiting_notified_at.is_(None), HelpRequest.waiting_notified_at < started),
                HelpRequest.status == OPEN,
            )
            .values(waiting_notified_at=now),
            execution_options={"synchronize_session": False},
        )
        if claimed.rowcount != 1:
            continue  # another run took it
        request = db.session.get(HelpRequest, request_id)
        db.session.refresh(request)
        days = (now - started).days
        tell_team(request, notification_kinds.HELP_TEAM_WAITING, days=days, crisis=bool(request.crisis))
        told += 1
    db.session.flush()
    return told
