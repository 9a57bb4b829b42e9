"""The indicators computed from today's data: ``figures(scope, period)`` → every figure, in definition order.

A bounded number of aggregate queries per call (one or two per indicator, however many rows there are); the
medians and 90th percentiles are computed here from the durations of the period's items.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select, true, union_all

from portal.extensions import db
from portal.indicators import sources
from portal.indicators.definitions import INDICATORS
from portal.indicators.periods import (
    CITY,
    CITY_SCOPE,
    DISTRICT,
    NEIGHBOURHOOD,
    TEAM,
    Figure,
    Period,
    Scope,
    median,
    percentile_90,
)
from portal.projects.models import Project
from portal.teams.models import Area
from portal.timeutil import utcnow

__all__ = ["CITY_SCOPE", "Figure", "Period", "Scope", "figures", "durations_days"]

DAY_SECONDS = 86400


def scope_condition(columns, scope: Scope):
    """Whether a source row (its ``team_id`` and ``area_id``) lies in ``scope``."""
    if scope.kind == CITY:
        return true()
    if scope.kind == TEAM:
        return columns.team_id == scope.id
    if scope.kind == DISTRICT:
        return columns.area_id.in_(select(Area.id).where(or_(Area.id == scope.id, Area.parent_id == scope.id)))
    if scope.kind == NEIGHBOURHOOD:
        return columns.area_id == scope.id
    raise ValueError(scope.kind)


def _where(sub, scope: Scope, start: datetime, end: datetime):
    return and_(sub.c.at >= start, sub.c.at < end, scope_condition(sub.c, scope))


def _counts(source: Select, scope: Scope, start: datetime, end: datetime, *flags: str) -> tuple[int, ...]:
    """The number of rows of ``source`` in scope and period, and the sum of each flag column."""
    sub = source.subquery()
    row = db.session.execute(
        select(func.count(), *(func.coalesce(func.sum(sub.c[flag]), 0) for flag in flags)).where(
            _where(sub, scope, start, end)
        )
    ).one()
    return tuple(int(value) for value in row)


def durations_days(source: Select, scope: Scope, start: datetime, end: datetime) -> list[float]:
    """The durations (``until`` − ``since``, in days) of the rows of ``source`` in scope and period that have both."""
    sub = source.subquery()
    rows = db.session.execute(
        select(sub.c.since, sub.c.until).where(
            _where(sub, scope, start, end), sub.c.since.is_not(None), sub.c.until.is_not(None)
        )
    )
    return [(until - since).total_seconds() / DAY_SECONDS for since, until in rows]


def _duration(key: str, values: list[float]) -> Figure:
    return Figure(key, count=len(values), median_days=median(values), p90_days=percentile_90(values))


def _share(key: str, base_and_count: tuple[int, ...]) -> Figure:
    base, count = base_and_count[:2]
    return Figure(key, count=count, base=base)


def _distinct_volunteers(scope: Scope, start: datetime, end: datetime) -> int:
    parts = []
    for make in sources.VOLUNTEER_SOURCES:
        sub = make().subquery()
        parts.append(select(sub.c.user_id).where(_where(sub, scope, start, end)))
    everyone = union_all(*parts).subquery()
    return db.session.scalar(select(func.count(func.distinct(everyone.c.user_id)))) or 0


def _distinct_participants(scope: Scope, start: datetime, end: datetime) -> int:
    sub = sources.project_joins().subquery()
    return db.session.scalar(select(func.count(func.distinct(sub.c.user_id))).where(_where(sub, scope, start, end)))


def _projects_running(scope: Scope, end: datetime) -> int:
    sub = sources.projects_running().subquery()
    return db.session.scalar(
        select(func.count()).where(
            sub.c.at < end, or_(sub.c.until.is_(None), sub.c.until >= end), scope_condition(sub.c, scope)
        )
    )


def figures(scope: Scope, period: Period, now: datetime | None = None) -> dict[str, Figure]:
    """Every indicator for ``scope`` in ``period``, keyed and ordered as ``definitions.INDICATORS``.

    A figure that cannot be given for the scope (questions, complaints and clusters per district or
    neighbourhood: they belong to a team, not to a place) has every field None. ``now`` (naive UTC) decides
    which unanswered complaints are past their due time."""
    start, end = period.utc_bounds
    now = now or utcnow()
    by_area = scope.kind in (DISTRICT, NEIGHBOURHOOD)
    computed: dict[str, Figure] = {}

    def count(key: str, source: Select) -> None:
        computed[key] = Figure(key, count=_counts(source, scope, start, end)[0])

    computed["help_found_neighbour"] = _share(
        "help_found_neighbour", _counts(sources.help_requests_closed(), scope, start, end, "found")
    )
    computed["help_days_to_match"] = _duration(
        "help_days_to_match", durations_days(sources.help_requests_closed(), scope, start, end)
    )
    computed["initiatives_realised"] = _share(
        "initiatives_realised", _counts(sources.initiatives_decided(), scope, start, end, "realised")
    )
    computed["initiative_days_to_response"] = _duration(
        "initiative_days_to_response", durations_days(sources.initiatives_responded(), scope, start, end)
    )
    if not by_area:
        computed["clusters_taken_up"] = _share(
            "clusters_taken_up", _counts(sources.clusters_recurring(), scope, start, end, "taken_up")
        )
    count("projects_started", sources.projects(Project.created_at))
    computed["projects_running"] = Figure("projects_running", count=_projects_running(scope, end))
    count("projects_finished", sources.projects(Project.finished_at))
    computed["project_participants"] = Figure("project_participants", count=_distinct_participants(scope, start, end))
    computed["active_volunteers"] = Figure("active_volunteers", count=_distinct_volunteers(scope, start, end))
    if not by_area:
        answered, in_time, timed = _counts(sources.questions_answered(), scope, start, end, "in_time", "timed")
        computed["questions_in_time"] = Figure("questions_in_time", count=in_time, base=timed)
        computed["question_days_to_answer"] = _duration(
            "question_days_to_answer", durations_days(sources.questions_answered(), scope, start, end)
        )
        filed, in_time, due = _counts(sources.complaints_filed(now), scope, start, end, "in_time", "due")
        computed["complaints_filed"] = Figure("complaints_filed", count=filed)
        computed["complaints_in_time"] = Figure("complaints_in_time", count=in_time, base=due)
    count("residents_registered", sources.residents_registered())
    count("initiatives_submitted", sources.initiatives_submitted())
    count("signals_reported", sources.signals_reported())
    count("help_offers_made", sources.help_offers_made())
    return {indicator.key: computed.get(indicator.key, Figure(indicator.key)) for indicator in INDICATORS}
