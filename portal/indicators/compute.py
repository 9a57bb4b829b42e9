"""The indicators computed from today's data: ``figures(scope, period)`` → every figure, in definition order, and
``figures_for(scopes, period)`` → the same for many places at once (a dashboard's rows and the city).

A bounded number of aggregate queries per call, whatever the number of rows or places: each source is counted
once per period, grouped by place (team, area), and the places' figures are added up from those groups here.
Medians and 90th percentiles are computed here from the durations of the period's items; distinct people from
the distinct (place, person) pairs of the period.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select, true, union

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

__all__ = [
    "CITY_SCOPE",
    "PEOPLE_KEYS",
    "Figure",
    "Period",
    "Places",
    "Scope",
    "figures",
    "figures_for",
    "people_for",
    "scope_condition",
]

DAY_SECONDS = 86400
# The figures that count distinct people: they cannot be added up over days (see ``people_for``).
PEOPLE_KEYS = ("project_participants", "active_volunteers")


def scope_condition(columns, scope: Scope):
    """Whether a source row (its ``team_id`` and ``area_id``) lies in ``scope`` (SQL)."""
    if scope.kind == CITY:
        return true()
    if scope.kind == TEAM:
        return columns.team_id == scope.id
    if scope.kind == DISTRICT:
        return columns.area_id.in_(select(Area.id).where(or_(Area.id == scope.id, Area.parent_id == scope.id)))
    if scope.kind == NEIGHBOURHOOD:
        return columns.area_id == scope.id
    raise ValueError(scope.kind)


class Places:
    """Which places (team_id, area_id) each scope holds, decided in Python for the grouped rows."""

    def __init__(self, scopes: list[Scope]):
        self.scopes = scopes
        self._held: dict[tuple, list[Scope]] = {}
        districts = [scope.id for scope in scopes if scope.kind == DISTRICT]
        self.district_areas: dict[int, set[int]] = {district: {district} for district in districts}
        if districts:
            rows = db.session.execute(select(Area.id, Area.parent_id).where(Area.parent_id.in_(districts)))
            for area_id, parent_id in rows:
                self.district_areas[parent_id].add(area_id)

    def condition(self, columns):
        """The rows any of the scopes needs (SQL), so one place reads only its own rows."""
        if any(scope.kind == CITY for scope in self.scopes):
            return true()
        return or_(*(scope_condition(columns, scope) for scope in self.scopes))

    def holding(self, team_id, area_id) -> list[Scope]:
        """The scopes holding the place (team_id, area_id); remembered per place, as rows repeat places."""
        key = (team_id, area_id)
        if key not in self._held:
            self._held[key] = self._holding(team_id, area_id)
        return self._held[key]

    def _holding(self, team_id, area_id) -> list[Scope]:
        held = []
        for scope in self.scopes:
            if (
                scope.kind == CITY
                or (scope.kind == TEAM and team_id == scope.id)
                or (scope.kind == NEIGHBOURHOOD and area_id == scope.id)
                or (scope.kind == DISTRICT and area_id in self.district_areas[scope.id])
            ):
                held.append(scope)
        return held


class _Period:
    """The queries of one period for a set of places."""

    def __init__(self, places: Places, start: datetime, end: datetime):
        self.places, self.start, self.end = places, start, end

    def _where(self, sub):
        return and_(sub.c.at >= self.start, sub.c.at < self.end, self.places.condition(sub.c))

    def counts(self, source: Select, *flags: str) -> dict[Scope, tuple[int, ...]]:
        """Per scope: the number of rows of ``source`` in the period, and the sum of each flag column."""
        sub = source.subquery()
        rows = db.session.execute(
            select(sub.c.team_id, sub.c.area_id, func.count(), *(func.sum(sub.c[flag]) for flag in flags))
            .where(self._where(sub))
            .group_by(sub.c.team_id, sub.c.area_id)
        )
        totals = {scope: [0] * (1 + len(flags)) for scope in self.places.scopes}
        for team_id, area_id, *numbers in rows:
            for scope in self.places.holding(team_id, area_id):
                totals[scope] = [total + int(number or 0) for total, number in zip(totals[scope], numbers, strict=True)]
        return {scope: tuple(numbers) for scope, numbers in totals.items()}

    def durations(self, source: Select) -> dict[Scope, list[float]]:
        """Per scope: the durations (``until`` − ``since``, in days) of the period's rows that have both."""
        sub = source.subquery()
        rows = db.session.execute(
            select(sub.c.team_id, sub.c.area_id, sub.c.since, sub.c.until).where(
                self._where(sub), sub.c.since.is_not(None), sub.c.until.is_not(None)
            )
        )
        found: dict[Scope, list[float]] = {scope: [] for scope in self.places.scopes}
        for team_id, area_id, since, until in rows:
            days = (until - since).total_seconds() / DAY_SECONDS
            for scope in self.places.holding(team_id, area_id):
                found[scope].append(days)
        return found

    def people(self, *makers) -> dict[Scope, int]:
        """Per scope: the distinct people (``user_id``) in the period's rows of the sources ``makers`` give,
        counted by the database (one grouped COUNT(DISTINCT) per kind of scope asked)."""
        parts = []
        for make in makers:
            sub = make().subquery()
            parts.append(select(sub.c.team_id, sub.c.area_id, sub.c.user_id).where(self._where(sub)))
        rows = (union(*parts) if len(parts) > 1 else parts[0]).subquery()
        people = func.count(rows.c.user_id.distinct())
        found = dict.fromkeys(self.places.scopes, 0)
        kinds = {scope.kind: [each.id for each in self.places.scopes if each.kind == scope.kind] for scope in found}
        for kind, ids in kinds.items():
            if kind == CITY:
                found[CITY_SCOPE] = db.session.scalar(select(people)) or 0
                continue
            if kind == TEAM:
                place = rows.c.team_id
                query = select(place, people).where(place.in_(ids))
            elif kind == NEIGHBOURHOOD:
                place = rows.c.area_id
                query = select(place, people).where(place.in_(ids))
            else:  # a district holds its own id and its neighbourhoods'
                place = func.coalesce(Area.parent_id, Area.id)
                query = select(place, people).join(Area, Area.id == rows.c.area_id).where(place.in_(ids))
            for place_id, number in db.session.execute(query.group_by(place)):
                found[Scope(kind, place_id)] = number
        return found

    def projects_running(self) -> dict[Scope, int]:
        sub = sources.projects_running().subquery()
        rows = db.session.execute(
            select(sub.c.team_id, sub.c.area_id, func.count())
            .where(
                sub.c.at < self.end,
                or_(sub.c.until.is_(None), sub.c.until >= self.end),
                self.places.condition(sub.c),
            )
            .group_by(sub.c.team_id, sub.c.area_id)
        )
        found = dict.fromkeys(self.places.scopes, 0)
        for team_id, area_id, number in rows:
            for scope in self.places.holding(team_id, area_id):
                found[scope] += number
        return found


def _people(ask: _Period) -> dict[str, dict[Scope, int]]:
    return {
        "project_participants": ask.people(sources.project_joins),
        "active_volunteers": ask.people(*sources.VOLUNTEER_SOURCES),
    }


def people_for(scopes: Iterable[Scope], period: Period) -> dict[Scope, dict[str, Figure]]:
    """Only the figures of distinct people (``PEOPLE_KEYS``) for each of ``scopes`` in ``period``."""
    scopes = list(dict.fromkeys(scopes))
    if not scopes:
        return {}
    start, end = period.utc_bounds
    found = _people(_Period(Places(scopes), start, end))
    return {scope: {key: Figure(key, count=found[key][scope]) for key in PEOPLE_KEYS} for scope in scopes}


def _duration(key: str, values: list[float]) -> Figure:
    return Figure(key, count=len(values), median_days=median(values), p90_days=percentile_90(values))


def figures_for(scopes: Iterable[Scope], period: Period, now: datetime | None = None) -> dict[Scope, dict[str, Figure]]:
    """Every indicator for each of ``scopes`` in ``period`` (as ``figures``), with one set of queries for all.

    A figure that cannot be given for a scope (questions, complaints and clusters per district or neighbourhood:
    they belong to a team, not to a place) has every field None. ``now`` (naive UTC) decides which unanswered
    complaints are past their due time."""
    scopes = list(dict.fromkeys(scopes))
    if not scopes:
        return {}
    start, end = period.utc_bounds
    ask = _Period(Places(scopes), start, end)
    now = now or utcnow()
    computed: dict[Scope, dict[str, Figure]] = {scope: {} for scope in scopes}

    def put(key: str, per_scope: dict, make) -> None:
        for scope, value in per_scope.items():
            computed[scope][key] = make(key, value)

    share = lambda key, value: Figure(key, count=value[1], base=value[0])  # noqa: E731 - (rows, flag)
    number = lambda key, value: Figure(key, count=value[0] if isinstance(value, tuple) else value)  # noqa: E731

    put("help_found_neighbour", ask.counts(sources.help_requests_closed(), "found"), share)
    put("help_days_to_match", ask.durations(sources.help_requests_closed()), _duration)
    put("initiatives_realised", ask.counts(sources.initiatives_decided(), "realised"), share)
    put("initiative_days_to_response", ask.durations(sources.initiatives_responded()), _duration)
    put("clusters_taken_up", ask.counts(sources.clusters_recurring(), "taken_up"), share)
    put("projects_started", ask.counts(sources.projects(Project.created_at)), number)
    put("projects_running", ask.projects_running(), number)
    put("projects_finished", ask.counts(sources.projects(Project.finished_at)), number)
    for key, per_scope in _people(ask).items():
        put(key, per_scope, number)
    questions = ask.counts(sources.questions_answered(), "in_time", "timed")
    put("questions_in_time", questions, lambda key, value: Figure(key, count=value[1], base=value[2]))
    put("question_days_to_answer", ask.durations(sources.questions_answered()), _duration)
    complaints = ask.counts(sources.complaints_filed(now), "in_time", "due")
    put("complaints_filed", complaints, number)
    put("complaints_in_time", complaints, lambda key, value: Figure(key, count=value[1], base=value[2]))
    put("residents_registered", ask.counts(sources.residents_registered()), number)
    put("initiatives_submitted", ask.counts(sources.initiatives_submitted()), number)
    put("signals_reported", ask.counts(sources.signals_reported()), number)
    put("help_offers_made", ask.counts(sources.help_offers_made()), number)

    result = {}
    for scope in scopes:
        by_area = scope.kind in (DISTRICT, NEIGHBOURHOOD)
        result[scope] = {
            indicator.key: Figure(indicator.key)
            if by_area and indicator.team_only
            else computed[scope].get(indicator.key, Figure(indicator.key))
            for indicator in INDICATORS
        }
    return result


def figures(scope: Scope, period: Period, now: datetime | None = None) -> dict[str, Figure]:
    """Every indicator for ``scope`` in ``period``, keyed and ordered as ``definitions.INDICATORS``."""
    return figures_for([scope], period, now)[scope]
