"""The daily snapshot of the indicators' counts, and the figures read back from it.

``take(day)`` counts the items of one Europe/Amsterdam day per place (team, area) and metric with the same
sources and rules as ``compute.figures`` and stores them as ``IndicatorSnapshot`` rows, replacing that day's rows
in one transaction (run twice, even at the same moment, it leaves the same rows). ``figures_from_snapshots``
adds the stored days of a period up again. Counts of distinct people (active volunteers, project participants)
cannot be added up over days, so they are not read back from snapshots.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.indicators import sources
from portal.indicators.compute import scope_condition
from portal.indicators.definitions import INDICATORS
from portal.indicators.models import NO_BUCKET, NONE, IndicatorSnapshot
from portal.indicators.periods import (
    DISTRICT,
    NEIGHBOURHOOD,
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


def _day_rows(day: date, now: datetime) -> list[dict]:
    start, end = utc_midnight(day), utc_midnight(day + timedelta(days=1))
    rows: list[dict] = []
    for metric, (make, flag) in COUNTS.items():
        sub = (make() if make else sources.complaints_filed(now)).subquery()
        measure = func.count() if flag is None else func.coalesce(func.sum(sub.c[flag]), 0)
        query = (
            select(sub.c.team_id, sub.c.area_id, measure)
            .where(sub.c.at >= start, sub.c.at < end)
            .group_by(sub.c.team_id, sub.c.area_id)
        )
        for team_id, area_id, value in db.session.execute(query):
            if value:
                team_id, area_id = _place(team_id, area_id)
                rows.append(dict(metric=metric, team_id=team_id, area_id=area_id, bucket=NO_BUCKET, value=value))
    for metric, make in DURATIONS.items():
        sub = make().subquery()
        histogram: dict[tuple[int, int, int], int] = defaultdict(int)
        query = select(sub.c.team_id, sub.c.area_id, sub.c.since, sub.c.until).where(
            sub.c.at >= start, sub.c.at < end, sub.c.since.is_not(None), sub.c.until.is_not(None)
        )
        for team_id, area_id, since, until in db.session.execute(query):
            hours = max(0, int((until - since).total_seconds() // HOUR_SECONDS))
            histogram[(*_place(team_id, area_id), hours)] += 1
        for (team_id, area_id, hours), value in histogram.items():
            rows.append(dict(metric=metric, team_id=team_id, area_id=area_id, bucket=hours, value=value))
    taken_at = utcnow()
    return [dict(row, day=day, taken_at=taken_at) for row in rows]


def take(day: date, now: datetime | None = None, attempts: int = 3) -> int:
    """Store the counts of ``day`` (replacing what was stored for it) and commit; returns the number of rows.

    Two runs at the same moment: the unique constraint refuses the second insert, which then tries again and
    replaces the first run's rows with the same numbers."""
    now = now or utcnow()
    for attempt in range(attempts):
        rows = _day_rows(day, now)
        try:
            db.session.execute(delete(IndicatorSnapshot).where(IndicatorSnapshot.day == day))
            if rows:
                db.session.execute(insert(IndicatorSnapshot), rows)
            db.session.commit()
            return len(rows)
        except IntegrityError:
            db.session.rollback()
            if attempt == attempts - 1:
                raise
    return 0  # pragma: no cover


def first_day() -> date | None:
    """The first day on which any item the snapshot counts was counted."""
    makers = {make for make, _flag in COUNTS.values() if make} | set(DURATIONS.values())
    moments = []
    for make in (*makers, lambda: sources.complaints_filed(utcnow())):
        sub = make().subquery()
        moments.append(db.session.scalar(select(func.min(sub.c.at))))
    moments = [moment for moment in moments if moment is not None]
    return local_day(min(moments)) if moments else None


def backfill(until: date, now: datetime | None = None) -> int:
    """Take the snapshot of every day from the first data up to and including ``until``; returns the days."""
    day = first_day()
    done = 0
    while day is not None and day <= until:
        take(day, now)
        day += timedelta(days=1)
        done += 1
    return done


def figures_from_snapshots(scope: Scope, period: Period) -> dict[str, Figure]:
    """The figures of ``scope`` in ``period`` added up from the stored days (the days not stored count as
    nothing). Distinct people (active volunteers, participants) have every field None: they cannot be added up."""
    by_area = scope.kind in (DISTRICT, NEIGHBOURHOOD)
    columns = IndicatorSnapshot.__table__.c
    in_scope = scope_condition(columns, scope)
    sums: dict[str, int] = defaultdict(int)
    histograms: dict[str, dict[float, int]] = defaultdict(dict)
    rows = db.session.execute(
        select(IndicatorSnapshot.metric, IndicatorSnapshot.bucket, func.sum(IndicatorSnapshot.value))
        .where(IndicatorSnapshot.day >= period.start, IndicatorSnapshot.day < period.end, in_scope)
        .group_by(IndicatorSnapshot.metric, IndicatorSnapshot.bucket)
    )
    for metric, bucket, value in rows:
        if bucket == NO_BUCKET:
            sums[metric] += int(value)
        else:
            histograms[metric][bucket / 24] = histograms[metric].get(bucket / 24, 0) + int(value)
    before_end = dict(
        db.session.execute(
            select(IndicatorSnapshot.metric, func.sum(IndicatorSnapshot.value))
            .where(
                IndicatorSnapshot.day < period.end,
                or_(IndicatorSnapshot.metric == "projects_started", IndicatorSnapshot.metric == "projects_finished"),
                in_scope,
            )
            .group_by(IndicatorSnapshot.metric)
        ).all()
    )

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
        "projects_running": Figure(
            "projects_running",
            int(before_end.get("projects_started", 0)) - int(before_end.get("projects_finished", 0)),
        ),
        "projects_finished": Figure("projects_finished", sums["projects_finished"]),
        "residents_registered": Figure("residents_registered", sums["residents_registered"]),
        "initiatives_submitted": Figure("initiatives_submitted", sums["initiatives_submitted"]),
        "signals_reported": Figure("signals_reported", sums["signals_reported"]),
        "help_offers_made": Figure("help_offers_made", sums["help_offers_made"]),
    }
    if not by_area:
        found |= {
            "clusters_taken_up": Figure("clusters_taken_up", sums["clusters_taken_up"], sums["clusters_recurring"]),
            "questions_in_time": Figure("questions_in_time", sums["questions_in_time"], sums["questions_timed"]),
            "question_days_to_answer": duration("question_days_to_answer", "question_hours_to_answer"),
            "complaints_filed": Figure("complaints_filed", sums["complaints_filed"]),
            "complaints_in_time": Figure("complaints_in_time", sums["complaints_in_time"], sums["complaints_due"]),
        }
    return {indicator.key: found.get(indicator.key, Figure(indicator.key)) for indicator in INDICATORS}
