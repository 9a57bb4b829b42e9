"""The daily snapshot of the indicators' counts, and the figures read back from it.

``take(day)`` counts the items of one Europe/Amsterdam day per place (team, area) and metric with the same
sources and rules as ``compute.figures`` and stores them as ``IndicatorSnapshot`` rows, replacing that day's rows
in one transaction (run twice, even at the same moment, it leaves the same rows). Durations are stored as
histograms of whole hours. Distinct people (active volunteers, project participants) cannot be added up over days:
when a day is the last of a week, month, quarter or year, that period's distinct people are stored per place.
``stored_figures_for`` adds the stored days of a period up again (and counts the days after the stored ones from
today's data, as a snapshot would); the dashboards read every period through it once its first day is stored, so
the past survives the deletion of personal data.

The nightly run (``flask indicators snapshot``) takes yesterday and ``settle``s the days before it within
``INDICATORS_SETTLE_DAYS``: a complaint that fell due or a recurring cluster taken up in a project later is counted
as it is now; days older than the window stay as stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, delete, func, insert, or_, select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.indicators import compute, sources
from portal.indicators.definitions import INDICATORS
from portal.indicators.models import NO_BUCKET, NONE, IndicatorSnapshot
from portal.indicators.periods import (
    CITY,
    CITY_SCOPE,
    DISTRICT,
    GRAINS,
    NEIGHBOURHOOD,
    TEAM,
    Figure,
    Period,
    Scope,
    local_day,
    median,
    percentile_90,
    utc_midnight,
    weighted_values,
)
from portal.projects.models import Project
from portal.teams.models import Area, Team
from portal.timeutil import utcnow

HOUR_SECONDS = 3600

# metric → (source, the flag it sums, or None for the number of rows)
COUNTS = {
    "help_closed": (sources.help_requests_closed, None),
    "help_found": (sources.help_requests_closed, "found"),
    "initiatives_decided": (sources.initiatives_decided, None),
    "initiatives_realised": (sources.initiatives_decided, "realised"),
    "clusters_recurring": (sources.clusters_recurring, None),
    "clusters_taken_up": (sources.clusters_recurring, "taken_up"),
    "projects_started": (lambda: sources.projects(Project.created_at), None),
    "projects_finished": (lambda: sources.projects(Project.finished_at), None),
    "questions_answered": (sources.questions_answered, None),
    "questions_timed": (sources.questions_answered, "timed"),
    "questions_in_time": (sources.questions_answered, "in_time"),
    "complaints_filed": (None, None),  # complaints: the source needs "now"
    "complaints_due": (None, "due"),
    "complaints_in_time": (None, "in_time"),
    "residents_registered": (sources.residents_registered, None),
    "initiatives_submitted": (sources.initiatives_submitted, None),
    "signals_reported": (sources.signals_reported, None),
    "help_offers_made": (sources.help_offers_made, None),
}
# metric → source of durations, stored as histograms of whole hours
DURATIONS = {
    "help_hours_to_match": sources.help_requests_closed,
    "initiative_hours_to_response": sources.initiatives_responded,
    "question_hours_to_answer": sources.questions_answered,
}


def _place(team_id, area_id) -> tuple[int, int]:
    return (team_id or NONE, area_id or NONE)


def _range_rows(first: date, last: date, now: datetime) -> dict[date, list[dict]]:
    """Per day from ``first`` to ``last`` (inclusive): the counts and duration histograms of the items it holds, per
    place. One query per source for the whole range; the rows are put on their Amsterdam day here."""
    start, end = utc_midnight(first), utc_midnight(last + timedelta(days=1))
    cells: dict[tuple[date, str, int, int, int], int] = defaultdict(int)
    for metric, (make, flag) in COUNTS.items():
        sub = (make() if make else sources.complaints_filed(now)).subquery()
        measure = [sub.c[flag]] if flag else []
        query = select(sub.c.team_id, sub.c.area_id, sub.c.at, *measure).where(sub.c.at >= start, sub.c.at < end)
        for team_id, area_id, at, *value in db.session.execute(query):
            cells[(local_day(at), metric, *_place(team_id, area_id), NO_BUCKET)] += int(value[0] or 0) if flag else 1
    for metric, make in DURATIONS.items():
        sub = make().subquery()
        query = select(sub.c.team_id, sub.c.area_id, sub.c.at, sub.c.since, sub.c.until).where(
            sub.c.at >= start, sub.c.at < end, sub.c.since.is_not(None), sub.c.until.is_not(None)
        )
        for team_id, area_id, at, since, until in db.session.execute(query):
            hours = max(0, int((until - since).total_seconds() // HOUR_SECONDS))
            cells[(local_day(at), metric, *_place(team_id, area_id), hours)] += 1
    by_day: dict[date, list[dict]] = defaultdict(list)
    for (day, metric, team_id, area_id, bucket), value in cells.items():
        if value:
            by_day[day].append(
                dict(day=day, metric=metric, team_id=team_id, area_id=area_id, bucket=bucket, value=value)
            )
    return by_day


DAY_TAKEN = "day_taken"  # one row per day taken (value 1, no place): a day without any item is stored too
HISTORY_FROM = "history_from"  # the first day a backfill took: every day before it had nothing to count
PEOPLE_SEPARATOR = "/"  # distinct people of a whole period: metric "<key>/<grain>", day = the period's first day


def people_metric(key: str, grain: str) -> str:
    return f"{key}{PEOPLE_SEPARATOR}{grain}"


def scope_place(scope: Scope) -> tuple[int, int]:
    """Where the distinct people of ``scope`` are stored: exactly one (team_id, area_id) per scope, never added up
    with another (the city (0, 0), a team (id, 0), a district or neighbourhood (0, id))."""
    if scope.kind == CITY:
        return (NONE, NONE)
    if scope.kind == TEAM:
        return (scope.id, NONE)
    return (NONE, scope.id)


def all_scopes() -> list[Scope]:
    """The city, every team, every district and neighbourhood (for the people of a finished period)."""
    scopes = [CITY_SCOPE] + [Scope(TEAM, team_id) for team_id in db.session.scalars(select(Team.id))]
    for area_id, kind in db.session.execute(select(Area.id, Area.kind)):
        scopes.append(Scope(DISTRICT if kind == DISTRICT else NEIGHBOURHOOD, area_id))
    return scopes


def _people_rows(day: date) -> list[dict]:
    """The distinct people of every period (week, month, quarter, year) whose last day is ``day``, per scope."""
    rows = []
    for grain in GRAINS:
        period = Period.containing(day, grain)
        if period.end != day + timedelta(days=1):
            continue
        for scope, found in compute.people_for(all_scopes(), period).items():
            team_id, area_id = scope_place(scope)
            for key, figure in found.items():
                if figure.count:
                    rows.append(
                        dict(
                            metric=people_metric(key, grain),
                            team_id=team_id,
                            area_id=area_id,
                            bucket=NO_BUCKET,
                            value=figure.count,
                            day=period.start,
                        )
                    )
    return rows


def take(day: date, now: datetime | None = None, attempts: int = 3) -> int:
    """Store the counts of ``day`` (replacing what was stored for it) and commit; returns the number of rows.

    With them: a row saying the day was taken, and when ``day`` ends a week, month, quarter or year, the distinct
    people of that period per place (replacing those stored before). Two runs at the same moment: the unique
    constraint refuses the second insert, which then tries again and replaces the first run's rows with the same
    numbers."""
    now = now or utcnow()
    for attempt in range(attempts):
        taken_at = utcnow()
        rows = _range_rows(day, day, now).get(day, [])
        rows.append(_marker(DAY_TAKEN, day))
        people = _people_rows(day)
        people_metrics = {people_metric(key, grain) for key in compute.PEOPLE_KEYS for grain in GRAINS}
        ended = [Period.containing(day, grain) for grain in GRAINS]
        ended = [period for period in ended if period.end == day + timedelta(days=1)]
        try:
            db.session.execute(
                delete(IndicatorSnapshot).where(
                    IndicatorSnapshot.day == day, IndicatorSnapshot.metric.not_in(people_metrics)
                )
            )
            for period in ended:
                db.session.execute(
                    delete(IndicatorSnapshot).where(
                        IndicatorSnapshot.day == period.start,
                        IndicatorSnapshot.metric.in_([people_metric(key, period.grain) for key in compute.PEOPLE_KEYS]),
                    )
                )
            db.session.execute(insert(IndicatorSnapshot), [dict(row, taken_at=taken_at) for row in rows + people])
            db.session.commit()
            return len(rows) + len(people)
        except IntegrityError:
            db.session.rollback()
            if attempt == attempts - 1:
                raise
    return 0  # pragma: no cover


def _marker(metric: str, day: date) -> dict:
    return dict(metric=metric, team_id=NONE, area_id=NONE, bucket=NO_BUCKET, value=1, day=day)


def settle(until: date, days: int, now: datetime | None = None) -> int:
    """Take ``until`` and the ``days`` − 1 days before it again (what the nightly run does): a figure whose items
    change after their day (a complaint falls due, a recurring cluster is taken up in a project) is counted as it
    is now until it is older than the window; older days stay as they were stored. Returns the days taken."""
    day = until - timedelta(days=max(days, 1) - 1)
    done = 0
    while day <= until:
        take(day, now)
        day += timedelta(days=1)
        done += 1
    return done


def stored_days(period: Period) -> int:
    """How many days of ``period`` have been taken."""
    return db.session.scalar(
        select(func.count()).where(
            IndicatorSnapshot.metric == DAY_TAKEN,
            IndicatorSnapshot.day >= period.start,
            IndicatorSnapshot.day < period.end,
        )
    )


def days_stored(start: date, end: date) -> set[date]:
    """The days in [start, end) that are stored: taken, or before the first day a backfill took (nothing to count).
    One query, for the periods of a whole page."""
    rows = db.session.execute(
        select(IndicatorSnapshot.metric, IndicatorSnapshot.day).where(
            or_(
                and_(
                    IndicatorSnapshot.metric == DAY_TAKEN,
                    IndicatorSnapshot.day >= start,
                    IndicatorSnapshot.day < end,
                ),
                IndicatorSnapshot.metric == HISTORY_FROM,
            )
        )
    )
    days = set()
    for metric, day in rows:
        if metric == DAY_TAKEN:
            days.add(day)
        else:
            days.update(start + timedelta(days=n) for n in range(max(0, (min(day, end) - start).days)))
    return days


def is_stored(period: Period) -> bool:
    """Whether every day of ``period`` is stored (then its figures are read from the stored history)."""
    return len(days_stored(period.start, period.end)) == (period.end - period.start).days


def first_day() -> date | None:
    """The first day on which any item the snapshot counts was counted."""
    makers = {make for make, _flag in COUNTS.values() if make} | set(DURATIONS.values())
    moments = []
    for make in (*makers, lambda: sources.complaints_filed(utcnow())):
        sub = make().subquery()
        moments.append(db.session.scalar(select(func.min(sub.c.at))))
    moments = [moment for moment in moments if moment is not None]
    return local_day(min(moments)) if moments else None


def backfill(until: date, now: datetime | None = None, attempts: int = 3) -> int:
    """Take every day from the first data up to and including ``until`` that is not stored yet, at once (one query
    per source for the whole range, one transaction); returns the days taken. Days already stored are kept as they
    are: their figures may hold items deleted since. The first day is remembered: the days before it count as
    stored with nothing in them."""
    first = first_day()
    if first is None or first > until:
        return 0
    now = now or utcnow()
    for attempt in range(attempts):
        taken = set(
            db.session.scalars(
                select(IndicatorSnapshot.day).where(
                    IndicatorSnapshot.metric == DAY_TAKEN,
                    IndicatorSnapshot.day >= first,
                    IndicatorSnapshot.day <= until,
                )
            )
        )
        days = [first + timedelta(days=n) for n in range((until - first).days + 1)]
        days = [day for day in days if day not in taken]
        earlier = db.session.scalar(
            select(func.min(IndicatorSnapshot.day)).where(IndicatorSnapshot.metric == HISTORY_FROM)
        )
        by_day = _range_rows(days[0], days[-1], now) if days else {}
        rows = [row for day in days for row in by_day.get(day, [])]
        rows += [_marker(DAY_TAKEN, day) for day in days] + [_marker(HISTORY_FROM, min(first, earlier or first))]
        for day in days:
            rows += _people_rows(day)
        taken_at = utcnow()
        try:
            db.session.execute(delete(IndicatorSnapshot).where(IndicatorSnapshot.metric == HISTORY_FROM))
            db.session.execute(insert(IndicatorSnapshot), [dict(row, taken_at=taken_at) for row in rows])
            db.session.commit()
            return len(days)
        except IntegrityError:
            db.session.rollback()
            if attempt == attempts - 1:
                raise
    return 0  # pragma: no cover


def stored_figures_for(
    scopes: Iterable[Scope], period: Period, live_from: date | None = None, now: datetime | None = None
) -> dict[Scope, dict[str, Figure]]:
    """The figures of each of ``scopes`` in ``period`` added up from the stored days (the days not stored count as
    nothing), with one set of queries for all. With ``live_from``, the days from it on are counted from today's data
    instead (the same rows a snapshot would store, per day), so a running period reads its past from the history
    and only its last days from the data. Distinct people come from the rows stored when the period ended; where
    none was stored (the period has not ended, or the place is newer), they have every field None."""
    scopes = list(dict.fromkeys(scopes))
    if not scopes:
        return {}
    places = compute.Places(scopes)
    columns = IndicatorSnapshot.__table__.c
    stored_end = min(period.end, live_from) if live_from else period.end
    # Group by as little place as the scopes need: nothing for the city alone, the team for teams.
    if any(scope.kind in (DISTRICT, NEIGHBOURHOOD) for scope in scopes):
        place_columns = (IndicatorSnapshot.team_id, IndicatorSnapshot.area_id)
    elif any(scope.kind == TEAM for scope in scopes):
        place_columns = (IndicatorSnapshot.team_id,)
    else:
        place_columns = ()
    sums: dict[Scope, dict[str, int]] = {scope: defaultdict(int) for scope in scopes}
    histograms: dict[Scope, dict[str, dict[float, int]]] = {scope: defaultdict(dict) for scope in scopes}
    running: dict[Scope, int] = dict.fromkeys(scopes, 0)

    def add(metric: str, bucket: int, team_id, area_id, value: int, *, in_period: bool = True) -> None:
        for scope in places.holding(team_id, area_id):
            if metric in RUNNING_METRICS:
                running[scope] += value if metric == "projects_started" else -value
            if not in_period:
                continue
            if bucket == NO_BUCKET:
                sums[scope][metric] += value
            else:
                histogram = histograms[scope][metric]
                histogram[bucket / 24] = histogram.get(bucket / 24, 0) + value

    rows = db.session.execute(
        select(IndicatorSnapshot.metric, IndicatorSnapshot.bucket, *place_columns, func.sum(IndicatorSnapshot.value))
        .where(
            IndicatorSnapshot.day >= period.start,
            IndicatorSnapshot.day < stored_end,
            IndicatorSnapshot.metric.in_([metric for metric in _DAY_METRICS if metric not in RUNNING_METRICS]),
            places.condition(columns),
        )
        .group_by(IndicatorSnapshot.metric, IndicatorSnapshot.bucket, *place_columns)
    )
    for metric, bucket, *place, value in rows:
        add(metric, bucket, *(*place, None, None)[:2], int(value))
    in_period = case((IndicatorSnapshot.day >= period.start, IndicatorSnapshot.value), else_=0)
    rows = db.session.execute(
        select(IndicatorSnapshot.metric, *place_columns, func.sum(IndicatorSnapshot.value), func.sum(in_period))
        .where(
            IndicatorSnapshot.day < stored_end, IndicatorSnapshot.metric.in_(RUNNING_METRICS), places.condition(columns)
        )
        .group_by(IndicatorSnapshot.metric, *place_columns)
    )
    for metric, *place, total, within in rows:
        place = (*place, None, None)[:2]
        add(metric, NO_BUCKET, *place, int(total) - int(within), in_period=False)  # before the period
        add(metric, NO_BUCKET, *place, int(within))
    if stored_end < period.end:
        for day_rows in _range_rows(stored_end, period.end - timedelta(days=1), now or utcnow()).values():
            for row in day_rows:
                add(row["metric"], row["bucket"], row["team_id"], row["area_id"], row["value"])
    people = _stored_people(scopes, period)
    return {
        scope: _stored_figures(scope, sums[scope], histograms[scope], running[scope], people[scope]) for scope in scopes
    }


def _stored_people(scopes: list[Scope], period: Period) -> dict[Scope, dict[str, Figure]]:
    metrics = {people_metric(key, period.grain): key for key in compute.PEOPLE_KEYS}
    found: dict[Scope, dict[str, Figure]] = {scope: {} for scope in scopes}
    by_place = {scope_place(scope): scope for scope in scopes}
    rows = db.session.execute(
        select(
            IndicatorSnapshot.metric, IndicatorSnapshot.team_id, IndicatorSnapshot.area_id, IndicatorSnapshot.value
        ).where(IndicatorSnapshot.day == period.start, IndicatorSnapshot.metric.in_(metrics))
    )
    for metric, team_id, area_id, value in rows:
        scope = by_place.get((team_id, area_id))
        if scope is not None:
            found[scope][metrics[metric]] = Figure(metrics[metric], count=int(value))
    if is_stored(period):
        # Its last day was taken, so its people were stored: a place without a row had nobody.
        for scope in scopes:
            for key in compute.PEOPLE_KEYS:
                found[scope].setdefault(key, Figure(key, count=0))
    return found


def _stored_figures(scope, sums, histograms, running: int, people: dict[str, Figure]) -> dict[str, Figure]:
    def duration(key: str, metric: str) -> Figure:
        values = weighted_values(histograms.get(metric, {}))
        return Figure(key, count=len(values), median_days=median(values), p90_days=percentile_90(values))

    found = {
        "help_found_neighbour": Figure("help_found_neighbour", sums["help_found"], sums["help_closed"]),
        "help_days_to_match": duration("help_days_to_match", "help_hours_to_match"),
        "initiatives_realised": Figure(
            "initiatives_realised", sums["initiatives_realised"], sums["initiatives_decided"]
        ),
        "initiative_days_to_response": duration("initiative_days_to_response", "initiative_hours_to_response"),
        "projects_started": Figure("projects_started", sums["projects_started"]),
        "projects_running": Figure("projects_running", running),
        "projects_finished": Figure("projects_finished", sums["projects_finished"]),
        "residents_registered": Figure("residents_registered", sums["residents_registered"]),
        "initiatives_submitted": Figure("initiatives_submitted", sums["initiatives_submitted"]),
        "signals_reported": Figure("signals_reported", sums["signals_reported"]),
        "help_offers_made": Figure("help_offers_made", sums["help_offers_made"]),
        **people,
    }
    if scope.kind not in (DISTRICT, NEIGHBOURHOOD):
        found |= {
            "clusters_taken_up": Figure("clusters_taken_up", sums["clusters_taken_up"], sums["clusters_recurring"]),
            "questions_in_time": Figure("questions_in_time", sums["questions_in_time"], sums["questions_timed"]),
            "question_days_to_answer": duration("question_days_to_answer", "question_hours_to_answer"),
            "complaints_filed": Figure("complaints_filed", sums["complaints_filed"]),
            "complaints_in_time": Figure("complaints_in_time", sums["complaints_in_time"], sums["complaints_due"]),
        }
    return {indicator.key: found.get(indicator.key, Figure(indicator.key)) for indicator in INDICATORS}


def figures_from_snapshots(scope: Scope, period: Period) -> dict[str, Figure]:
    """The figures of ``scope`` in ``period`` from the stored history (see ``stored_figures_for``)."""
    return stored_figures_for([scope], period)[scope]


_DAY_METRICS = (*COUNTS, *DURATIONS)
RUNNING_METRICS = ("projects_started", "projects_finished")  # also added up before a period: projects running
