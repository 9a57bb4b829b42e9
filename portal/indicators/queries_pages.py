"""What the indicators pages show: the places (rows) for a choice, and every indicator's figures for them.

A page asks ``figures_for(scopes, period)`` (one set of aggregate queries for any number of places: from the stored
history for a period whose every day is stored, else computed from today's data) once per period it shows: all rows
and the city for the chosen period and for the one before, and the focus place (the city, or the team or area
chosen) for the other periods of its trend (``TREND_LENGTH`` in all). A dashboard so costs ``TREND_LENGTH`` sets of
queries (about 17 each live, 4 from the history) however many teams, districts or neighbourhoods it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.indicators import compute, snapshots
from portal.indicators.definitions import INDICATORS, Indicator
from portal.indicators.periods import CITY_SCOPE, DISTRICT, NEIGHBOURHOOD, TEAM, Period, Scope
from portal.indicators.small_numbers import Shown, shown
from portal.teams.models import Area, Team

TREND_LENGTH = 6


@dataclass(frozen=True)
class Place:
    """A row of a page: its name and where it is."""

    name: str
    scope: Scope
    code: str | None = None  # a district's or neighbourhood's CBS code; a team's slug for a team

    @property
    def kind(self) -> str:
        return self.scope.kind


def team_place(team: Team) -> Place:
    return Place(team.name, Scope(TEAM, team.id), team.slug)


def area_place(area: Area) -> Place:
    return Place(area.name, Scope(DISTRICT if area.kind == DISTRICT else NEIGHBOURHOOD, area.id), area.code)


CITY_NAME = "Groningen"


def city_place() -> Place:
    return Place(CITY_NAME, CITY_SCOPE)


def all_teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name).options(selectinload(Team.areas))))


def team_by_slug_or_404(slug: str) -> Team:
    team = db.session.scalar(select(Team).where(Team.slug == slug).options(selectinload(Team.areas)))
    if team is None:
        abort(404)
    return team


def team_districts(team: Team) -> list[Area]:
    """The districts of the team's neighbourhoods, in code order."""
    ids = {hood.parent_id for hood in team.areas if hood.kind == NEIGHBOURHOOD and hood.parent_id is not None}
    if not ids:
        return []
    return list(db.session.scalars(select(Area).where(Area.id.in_(ids)).order_by(Area.code)))


def area_by_code(code: str) -> Area | None:
    query = select(Area).where(Area.code == code).options(selectinload(Area.children))
    return db.session.scalar(query)


def area_places(area: Area, team: Team | None = None) -> list[Place]:
    """A district and its neighbourhoods (of ``team`` only, when given); a neighbourhood alone."""
    places = [area_place(area)]
    if area.kind == DISTRICT:
        hoods = sorted(area.children, key=lambda hood: hood.code)
        places += [area_place(hood) for hood in hoods if team is None or hood.team_id == team.id]
    return places


def team_places(team: Team) -> list[Place]:
    """A team and its districts."""
    return [team_place(team)] + [area_place(district) for district in team_districts(team)]


def trend_periods(period: Period, length: int = TREND_LENGTH) -> list[Period]:
    """The ``length`` periods ending with ``period``, oldest first."""
    periods = [period]
    while len(periods) < length:
        periods.insert(0, periods[0].previous())
    return periods


@dataclass
class Line:
    """One place in one indicator's table: its figure now and in the period before, as the page may show them."""

    place: Place
    now: Shown
    before: Shown


@dataclass
class Block:
    """One indicator on a page: its rows, the city, and the focus place's trend (oldest first)."""

    indicator: Indicator
    lines: list[Line]
    city: Line | None
    trend: list[tuple[Period, Shown]] = field(default_factory=list)


LIVE, MIXED, STORED = "live", "mixed", "stored"


def first_missing(period: Period, stored_days: set[date]) -> date | None:
    """The first day of ``period`` that is not stored (None: every day is)."""
    return next((day for day in period.days if day not in stored_days), None)


def source_of(period: Period, stored_days: set[date]) -> str:
    """Where a period's figures come from: STORED (every day), MIXED (its first days stored, the rest counted from
    today's data, as for the period that runs now) or LIVE (nothing stored at its start)."""
    missing = first_missing(period, stored_days)
    return STORED if missing is None else LIVE if missing == period.start else MIXED


def figures_for(scopes: list[Scope], period: Period, stored_days: set[date] | None = None) -> dict[Scope, dict]:
    """The figures of ``scopes`` in ``period``: from the stored history for the days that are stored (from the start
    of the period on, so the past survives the deletion of personal data), counted from today's data for the rest
    (the last days of the period that runs now, or days not stored yet). Distinct people the history lacks (a period
    that has not ended) are counted from today's data. ``stored_days``: the stored days, when the caller knows."""
    if stored_days is None:
        stored_days = snapshots.days_stored(period.start, period.end)
    missing = first_missing(period, stored_days)
    if missing == period.start:
        return compute.figures_for(scopes, period)
    others = [scope for scope in scopes if scope != CITY_SCOPE]
    if CITY_SCOPE in scopes and others and any(scope.kind != TEAM for scope in others):
        # The city reads the history without places; a team's or an area's places only their own rows (teams side
        # by side read the whole city's rows by team anyway, the city among them).
        return figures_for([CITY_SCOPE], period, stored_days) | figures_for(others, period, stored_days)
    found = snapshots.stored_figures_for(scopes, period, live_from=missing)
    lacking = [scope for scope in scopes if any(found[scope][key].count is None for key in compute.PEOPLE_KEYS)]
    if lacking:
        for scope, people in compute.people_for(lacking, period).items():
            found[scope] = {**found[scope], **{key: people[key] for key in compute.PEOPLE_KEYS}}
    return found


class Figures:
    """The figures of (place, period), asked per period for many places at once and remembered for the request."""

    def __init__(self, periods: list[Period]) -> None:
        self._cache: dict[tuple[Scope, Period], dict] = {}
        self.calls = 0
        first, end = min(each.start for each in periods), max(each.end for each in periods)
        self._stored_days = snapshots.days_stored(first, end)  # one query for every period of the page

    def source(self, period: Period) -> str:
        return source_of(period, self._stored_days)

    def fetch(self, scopes: list[Scope], period: Period) -> None:
        missing = [scope for scope in dict.fromkeys(scopes) if (scope, period) not in self._cache]
        if missing:
            self.calls += 1
            for scope, values in figures_for(missing, period, self._stored_days).items():
                self._cache[(scope, period)] = values

    def __call__(self, scope: Scope, period: Period) -> dict:
        self.fetch([scope], period)
        return self._cache[(scope, period)]


def blocks(
    places: list[Place],
    focus: Place,
    period: Period,
    *,
    protect: bool,
    with_city: bool = True,
    with_trend: bool = True,
) -> list[Block]:
    """Every indicator for ``places`` in ``period`` and the one before, the city beside them, and ``focus``'s
    trend. ``protect``: the small-number rule (a page not for the team's own workers)."""
    before = period.previous()
    periods = trend_periods(period) if with_trend else []
    ask = Figures([*periods, period, before])

    def line(place: Place, key: str) -> Line:
        neighbourhood = place.kind == NEIGHBOURHOOD
        return Line(
            place,
            shown(ask(place.scope, period)[key], neighbourhood=neighbourhood, protect=protect),
            shown(ask(place.scope, before)[key], neighbourhood=neighbourhood, protect=protect),
        )

    scopes = [place.scope for place in places] + [focus.scope] + ([CITY_SCOPE] if with_city else [])
    ask.fetch(scopes, period)
    ask.fetch(scopes, before)
    for each in periods:
        ask.fetch([focus.scope], each)
    result = []
    for indicator in INDICATORS:
        key = indicator.key
        trend = [
            (each, shown(ask(focus.scope, each)[key], neighbourhood=focus.kind == NEIGHBOURHOOD, protect=protect))
            for each in periods
        ]
        city = line(city_place(), key) if with_city else None
        result.append(Block(indicator, [line(place, key) for place in places], city, trend))
    return result


# The non-personal figures a resident sees on the team's public page, in this order.
PUBLIC_KEYS = (
    "initiatives_realised",
    "projects_started",
    "projects_running",
    "projects_finished",
    "active_volunteers",
    "signals_reported",
)


def public_figures(team: Team, periods: list[Period]) -> list[tuple[Indicator, list[Shown]]]:
    """``PUBLIC_KEYS`` for ``team`` in each of ``periods``, with the small-number rule."""
    scope = Scope(TEAM, team.id)
    by_period = [figures_for([scope], period)[scope] for period in periods]
    by_key = {indicator.key: indicator for indicator in INDICATORS}
    return [
        (by_key[key], [shown(values[key], neighbourhood=False, protect=True) for values in by_period])
        for key in PUBLIC_KEYS
    ]
