"""The neighbourhood agenda: what is planned, per area and for the whole city, and its iCalendar feed.

An agenda is a merged list of AgendaItems from several sources, a registry filled at start-up.
Planned initiatives are the first source; a higher feature adds its own with ``register_source``
from its init_app (projects: their activities), naming the tables its items are read from, without
touching the views or the feed. The routes are in ``views_agenda``.

Everything is bounded: the page shows a window of days (``window``) with at most ``PAGE_CAP`` events, a feed
the events from ``FEED_HISTORY`` ago to ``FEED_AHEAD`` on, at most ``FEED_CAP`` of them, and every source is
asked for rows in that window only, with a LIMIT.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import groupby

from sqlalchemy import select

from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives.models import Initiative
from portal.initiatives.times import LOCAL, aware
from portal.teams.models import Area
from portal.timeutil import utcnow
from portal.urls import absolute_url, link_maker

FEED_HISTORY = timedelta(days=30)  # calendars keep showing what happened last month
FEED_AHEAD = timedelta(days=183)  # and what is planned for the coming six months
FEED_CAP = 1000  # events in one feed at most (the soonest)
WINDOW_DAYS = 28  # days the agenda page shows at a time: four weeks (at most PAGE_CAP events)
PAGE_CAP = 50  # events on one agenda page at most (whole days, unless one day alone holds more)
FURTHEST_AHEAD = timedelta(days=5 * 366)  # an agenda page further ahead shows this far at most
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


# A source is called as source(area_ids, since, until=..., limit=...): its items that start at or after ``since``
# and (``until`` given) before ``until``, in the areas (None: all), the first ``limit`` by start time (None: all).
# It reads rows, not objects with their relationships, and lets the database apply the window and the LIMIT.
AgendaSource = Callable[..., list[AgendaItem]]


def naive_utc(moment: datetime) -> datetime:
    """An aware time as the naive UTC the database stores."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def planned_initiatives(
    area_ids: list[int] | None, since: datetime, until: datetime | None = None, limit: int | None = None
) -> list[AgendaItem]:
    """Planned initiatives that start in [since, until), in the given areas (None: all); the first ``limit``."""
    query = (
        select(
            Initiative.id,
            Initiative.title,
            Initiative.place,
            Initiative.description,
            Initiative.planned_start,
            Initiative.planned_end,
            Initiative.updated_at,
            Area.name.label("area_name"),
        )
        .join(Area, Area.id == Initiative.area_id)
        .where(Initiative.status == lifecycle.PLANNED)
        .where(Initiative.planned_start >= naive_utc(since))
        .order_by(Initiative.planned_start, Initiative.id)
    )
    if until is not None:
        query = query.where(Initiative.planned_start < naive_utc(until))
    if area_ids is not None:
        query = query.where(Initiative.area_id.in_(area_ids))
    if limit is not None:
        query = query.limit(limit)
    link = link_maker("initiatives.show_initiative", "initiative_id")
    items = []
    for row in db.session.execute(query):
        start = aware(row.planned_start)
        end = aware(row.planned_end) if row.planned_end else start + DEFAULT_DURATION
        items.append(
            AgendaItem(
                uid=f"initiative-{row.id}@buurtportaal",
                start=start,
                end=max(end, start),
                title=row.title,
                place=row.place or row.area_name,
                link=link(row.id),
                description=row.description,
                area=row.area_name,
                updated=aware(row.updated_at),
            )
        )
    return items


SOURCES: list[AgendaSource] = [planned_initiatives]
# The tables the sources read: a cached feed is stale after any change to one of them (portal.cache).
SOURCE_TABLES: set[str] = {Initiative.__table__.name, Area.__table__.name}


def register_source(source: AgendaSource, tables: Iterable[str] = ()) -> None:
    """Add a higher feature's items to the agenda, from its init_app, with the tables its items are read from
    (registering again changes nothing)."""
    if source not in SOURCES:
        SOURCES.append(source)
    SOURCE_TABLES.update(tables)


def agenda_items(
    area_ids: list[int] | None, since: datetime, limit: int | None = None, until: datetime | None = None
) -> list[AgendaItem]:
    """Every source's items that start in [since, until) (``until`` None: from ``since`` on), in the order they
    happen; only the first ``limit`` when given (each source is then asked for at most that many)."""
    items = [item for source in SOURCES for item in source(area_ids, since, until=until, limit=limit)]
    ordered = sorted(items, key=lambda item: (item.start, item.title.casefold(), item.uid))
    return ordered if limit is None else ordered[:limit]


def local_day_of(item: AgendaItem) -> date:
    return item.start.astimezone(LOCAL).date()


def by_day(items: list[AgendaItem]) -> list[tuple[date, list[AgendaItem]]]:
    """Items grouped by their date in Groningen."""
    return [(day, list(group)) for day, group in groupby(items, key=local_day_of)]


def start_of_today() -> datetime:
    """Midnight in Groningen, so an event earlier today is still on today's agenda."""
    return start_of(today())


def today() -> date:
    """Today in Groningen."""
    return aware(utcnow()).astimezone(LOCAL).date()


def start_of(day: date) -> datetime:
    """Midnight in Groningen at the start of ``day``."""
    return datetime.combine(day, datetime.min.time(), tzinfo=LOCAL)


# --------------------------------------------------------------------------- the page: a window of days


@dataclass(frozen=True)
class Window:
    """What one agenda page shows: the events of the days ``first`` to ``last`` (in Groningen), grouped by day.

    ``later`` is the first day of the next page. ``crowded`` says that ``last`` alone held more than
    ``PAGE_CAP`` events and only the first of them are shown. An empty window names the day of the next
    event after it (``next_event``), if there is one.
    """

    first: date
    last: date
    days: list[tuple[date, list[AgendaItem]]]
    earlier: date | None
    later: date
    crowded: bool = False
    next_event: date | None = None


def first_day_asked(value: str | None) -> date:
    """The first day of the agenda page asked for in the URL (``?from=2026-05-01``): today for anything else,
    never a day before today, nor further ahead than ``FURTHEST_AHEAD``."""
    first = today()
    try:
        asked = date.fromisoformat(value) if value else first
    except (TypeError, ValueError):
        return first
    return min(max(asked, first), first + FURTHEST_AHEAD)


def window(area_ids: list[int] | None, first: date, days: int | None = None, cap: int | None = None) -> Window:
    """The events of ``days`` days (``WINDOW_DAYS``) from ``first`` on, at most ``cap`` (``PAGE_CAP``): a page
    ends after the last whole day that fits, so that the next page begins with a whole day."""
    days, cap = days or WINDOW_DAYS, cap or PAGE_CAP
    items = agenda_items(area_ids, start_of(first), limit=cap + 1, until=start_of(first + timedelta(days=days)))
    last, later, crowded = first + timedelta(days=days - 1), first + timedelta(days=days), False
    if len(items) > cap:
        cut = local_day_of(items[cap])
        whole_days = [item for item in items[:cap] if local_day_of(item) < cut]
        if whole_days:
            items, last, later = whole_days, cut - timedelta(days=1), cut
        else:  # one day holds more than a page: its first events, and the next page goes on with the next day
            items, last, later, crowded = items[:cap], cut, cut + timedelta(days=1), True
    earlier = None
    if first > today():
        earlier = max(today(), first - timedelta(days=days))
    next_event = None
    if not items:
        following = agenda_items(area_ids, start_of(later), limit=1)
        next_event = local_day_of(following[0]) if following else None
    return Window(first, last, by_day(items), earlier, later, crowded, next_event)


# --------------------------------------------------------------------------- the iCalendar feeds


@dataclass(frozen=True)
class Feed:
    """A feed as it is cached and sent: the iCalendar bytes, their ETag and when they were built."""

    body: bytes
    etag: str
    built_at: datetime


def feed_items(area_ids: list[int] | None) -> list[AgendaItem]:
    """The events of a feed: from ``FEED_HISTORY`` ago to ``FEED_AHEAD`` from today, the first ``FEED_CAP``."""
    midnight = start_of_today()
    return agenda_items(area_ids, midnight - FEED_HISTORY, limit=FEED_CAP, until=midnight + FEED_AHEAD)


def build_feed(area_ids: list[int] | None, name: str) -> Feed:
    """The feed of the areas (None: the whole city) as bytes, with a strong ETag of its content."""
    body = calendar_for(feed_items(area_ids), name).to_ical()
    return Feed(body, hashlib.sha256(body).hexdigest()[:32], aware(utcnow()).replace(microsecond=0))


def calendar_for(items: list[AgendaItem], name: str):
    """An iCalendar (RFC 5545) ``icalendar.Calendar`` with one VEVENT per item, times in UTC.

    Links are absolute on the public address (BASE_URL), never on the request's Host: feeds are cached publicly.
    The same items give the same bytes (an event's DTSTAMP is when it was last changed, as RFC 5545 asks of a
    calendar without a METHOD), so a rebuilt feed keeps its ETag.
    """
    from icalendar import Calendar, Event  # only where a feed is built: it costs every worker memory otherwise

    calendar = Calendar()
    calendar.add("prodid", "-//Buurtportaal//Agenda//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", (item.updated or item.start).astimezone(UTC))
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
