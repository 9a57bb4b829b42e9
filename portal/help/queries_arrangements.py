"""Read functions for the team's list of check-in answers (/help/console/check-ins): the answers about matches
in the areas of a worker's teams (every team for a coordinator), flagged ones still to handle first."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.help.models import HelpCheckIn, HelpMatch, HelpOffer, HelpRequest
from portal.help.queries_console import teams_for
from portal.teams.models import Area
from portal.timeutil import utcnow

RECENT = timedelta(days=60)
LIMIT = 100

__all__ = ["flagged_checkins", "recent_checkins", "teams_for"]


def _of_teams(user) -> Select:
    query = (
        select(HelpCheckIn, HelpMatch)
        .join(HelpMatch, HelpMatch.id == HelpCheckIn.match_id)
        .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
        .join(Area, Area.id == HelpRequest.area_id)
        .options(
            selectinload(HelpMatch.request).selectinload(HelpRequest.user),
            selectinload(HelpMatch.request).selectinload(HelpRequest.area),
            selectinload(HelpMatch.offer).selectinload(HelpOffer.user),
        )
    )
    if not user.is_coordinator:
        query = query.where(Area.team_id.in_([team.id for team in user.teams]))
    return query


def flagged_checkins(user) -> list[tuple[HelpCheckIn, HelpMatch]]:
    """(answer, match) pairs that say something went wrong and no worker has handled yet, the oldest first."""
    query = _of_teams(user).where(HelpCheckIn.flagged.is_(True), HelpCheckIn.handled_at.is_(None))
    return list(db.session.execute(query.order_by(HelpCheckIn.created_at, HelpCheckIn.id)).tuples())


def recent_checkins(user, now=None) -> list[tuple[HelpCheckIn, HelpMatch]]:
    """The other (answer, match) pairs of the last 60 days (at most 100), the newest first."""
    since = (now or utcnow()) - RECENT
    query = _of_teams(user).where(
        HelpCheckIn.created_at >= since, ~(HelpCheckIn.flagged.is_(True) & HelpCheckIn.handled_at.is_(None))
    )
    rows = db.session.execute(query.order_by(HelpCheckIn.created_at.desc(), HelpCheckIn.id.desc()).limit(LIMIT))
    return list(rows.tuples())
