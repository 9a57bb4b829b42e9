"""The neighbourhood agenda: what is planned, per area and for the whole city, and its iCalendar feed.

An agenda is a merged list of AgendaItems from several sources, a registry filled at start-up.
Planned initiatives are the first source; a higher feature adds its own with ``register_source``
from its init_app (projects: their activities), without touching the views or the feed. The routes
are in ``views_agenda``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import groupby

from flask import url_for
from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives.models import Initiative
from portal.initiatives.times import LOCAL, aware
from portal.timeutil import utcnow
from portal.urls import absolute_url

FEED_HISTORY = timedelta(days=30)  # calendars keep showing what happened last month
DEFAULT_DURATION = timedelta(hours=2)  # when an initiative has a start but no end


@dataclass(frozen=True)
class AgendaItem:
    """One event in the agenda; ``start`` and ``end`` are aware datetimes."""

    uid: str  # stable per event, so a calendar program updates instead of duplicating
    start: datetime
    end: datetime
    title: str
    place: str
    link: str  # the path of the event's page on this site; the feed makes it absolute on BASE_URL
    description: str = ""
    area: str = ""
    updated: datetime | None = None


# A source is called as source(area_ids, since) for everything from ``since`` on, or with the keyword ``limit`` for
# only its first items by start time (a page that shows the next few events never reads the whole agenda).
AgendaSource = Callable[..., list[AgendaItem]]


def planned_initiatives(area_ids: list[int] | None, since: datetime, limit: int | None = None) -> list[AgendaItem]:
    """Planned initiatives that start at or after ``since``, in the given areas (None: all); the first ``limit``."""
    query = (
        select(Initiative)
        .where(Initiative.status == lifecycle.PLANNED)
        .where(Initiative.planned_start.is_not(None))
        .where(Initiative.planned_start >= since.astimezone(UTC).replace(tzinfo=None))
        .options(selectinload(Initiative.area))
        .order_by(Initiative.planned_start, Initiative.id)
    )
    if area_ids is not None:
        query = query.where(Initiative.area_id.in_(area_ids))
    if limit is not None:
        query = query.limit(limit)
    items = []
    for initiative in db.session.scalars(query):
        start = aware(initiative.planned_start)
        end = aware(initiative.planned_end) if initiative.planned_end else start + DEFAULT_DURATION
        items.append(
            AgendaItem(
                uid=f"initiative-{initiative.id}@buurtportaal",
                start=start,
                end=max(end, start),
                title=initiative.title,
                place=initiative.place or initiative.area.name,
                link=url_for("initiatives.show_initiative", initiative_id=initiative.id),
                description=initiative.description,
                area=initiative.area.name,
                updated=aware(initiative.updated_at),
            )
        )
    return items


SOURCES: list[AgendaSource] = [planned_initiatives]


def register_source(source: AgendaSource) -> None:
    """Add a higher feature's items to the agenda, from its init_app (registering again changes nothing)."""
    if source not in SOURCES:
        SOURCES.append(source)


def agenda_items(area_ids: list[int] | None, since: datetime, limit: int | None = None) -> list[AgendaItem]:
    """Every source's items from ``since`` on, in the order they happen; only the first ``limit`` when given
    (each source is then asked for at most that many)."""
    if limit is None:
        items = [item for source in SOURCES for item in source(area_ids, since)]
    else:
        items = [item for source in SOURCES for item in source(area_ids, since, limit=limit)]
    ordered = sorted(items, key=lambda item: (item.start, item.title.casefold(), item.uid))
    return ordered if limit is None else ordered[:limit]


def by_day(items: list[AgendaItem]) -> list[tuple[date, list[AgendaItem]]]:
    """Items grouped by their date in Groningen."""
    return [(day, list(group)) for day, group in groupby(items, key=lambda item: item.start.astimezone(LOCAL).date())]


def start_of_today() -> datetime:
    """Midnight in Groningen, so an event earlier today is still on today's agenda."""
    now = aware(utcnow()).astimezone(LOCAL)
    return datetime.combine(now.date(), datetime.min.time(), tzinfo=LOCAL)


def calendar_for(items: list[AgendaItem], name: str) -> Calendar:
    """An iCalendar (RFC 5545) calendar with one VEVENT per item, times in UTC.

    Links are absolute on the public address (BASE_URL), never on the request's Host: feeds are cached publicly.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Buurtportaal//Agenda//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    stamp = aware(utcnow())
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start.astimezone(UTC))
        event.add("dtend", item.end.astimezone(UTC))
        event.add("summary", item.title)
        event.add("location", item.place)
        link = absolute_url(item.link)
        event.add("url", link)
        event.add("description", f"{item.description}\n\n{link}".strip())
        if item.updated:
            event.add("last-modified", item.updated.astimezone(UTC))
        calendar.add_component(event)
    return calendar
