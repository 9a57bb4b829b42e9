"""The neighbourhood agenda: what is planned, per area and for the whole city, with a feed.

An agenda is a merged list of AgendaItems from several sources. Planned initiatives are the
first source; collective project activities are added to SOURCES by ``portal.projects.agenda``
when it is imported, without touching the views or the feed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import groupby

from babel import dates as babel_dates
from flask import abort, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import access
from portal.extensions import db
from portal.initiatives import browse, lifecycle, times
from portal.initiatives.blueprint import bp
from portal.initiatives.models import Initiative
from portal.teams.models import Area
from portal.timeutil import utcnow

LOCAL = times.LOCAL
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
    link: str  # an absolute address of the event's page
    description: str = ""
    area: str = ""
    updated: datetime | None = None


AgendaSource = Callable[[list[int] | None, datetime], list[AgendaItem]]


def _aware(value: datetime) -> datetime:
    """The database stores naive UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def planned_initiatives(area_ids: list[int] | None, since: datetime) -> list[AgendaItem]:
    """Planned initiatives that start at or after ``since``, in the given areas (None: all)."""
    query = (
        select(Initiative)
        .where(Initiative.status == lifecycle.PLANNED)
        .where(Initiative.planned_start.is_not(None))
        .where(Initiative.planned_start >= since.astimezone(UTC).replace(tzinfo=None))
        .options(selectinload(Initiative.area))
    )
    if area_ids is not None:
        query = query.where(Initiative.area_id.in_(area_ids))
    items = []
    for initiative in db.session.scalars(query):
        start = _aware(initiative.planned_start)
        end = _aware(initiative.planned_end) if initiative.planned_end else start + DEFAULT_DURATION
        items.append(
            AgendaItem(
                uid=f"initiative-{initiative.id}@buurtportaal",
                start=start,
                end=max(end, start),
                title=initiative.title,
                place=initiative.place or initiative.area.name,
                link=url_for("initiatives.show_initiative", initiative_id=initiative.id, _external=True),
                description=initiative.description,
                area=initiative.area.name,
                updated=_aware(initiative.updated_at),
            )
        )
    return items


SOURCES: list[AgendaSource] = [planned_initiatives]


def agenda_items(area_ids: list[int] | None, since: datetime) -> list[AgendaItem]:
    """Every source's items from ``since`` on, in the order they happen."""
    items = [item for source in SOURCES for item in source(area_ids, since)]
    return sorted(items, key=lambda item: (item.start, item.title.casefold(), item.uid))


def by_day(items: list[AgendaItem]) -> list[tuple[date, list[AgendaItem]]]:
    """Items grouped by their date in Groningen."""
    return [(day, list(group)) for day, group in groupby(items, key=lambda item: item.start.astimezone(LOCAL).date())]


def start_of_today() -> datetime:
    """Midnight in Groningen, so an event earlier today is still on today's agenda."""
    now = _aware(utcnow()).astimezone(LOCAL)
    return datetime.combine(now.date(), datetime.min.time(), tzinfo=LOCAL)


def calendar_for(items: list[AgendaItem], name: str) -> Calendar:
    """An iCalendar (RFC 5545) calendar with one VEVENT per item, times in UTC."""
    calendar = Calendar()
    calendar.add("prodid", "-//Buurtportaal//Agenda//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    stamp = _aware(utcnow())
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start.astimezone(UTC))
        event.add("dtend", item.end.astimezone(UTC))
        event.add("summary", item.title)
        event.add("location", item.place)
        event.add("url", item.link)
        event.add("description", f"{item.description}\n\n{item.link}".strip())
        if item.updated:
            event.add("last-modified", item.updated.astimezone(UTC))
        calendar.add_component(event)
    return calendar


def _area_or_404(code: str) -> tuple[Area, list[int]]:
    area = db.session.scalar(select(Area).where(Area.code == code))
    if area is None:
        abort(404)
    return area, browse.area_ids(code)


def _feed_response(items: list[AgendaItem], name: str, filename: str):
    response = make_response(calendar_for(items, name).to_ical())
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "public, max-age=900"
    return response


def _page(area: Area | None, ids: list[int] | None):
    if area is None:
        heading = _("Neighbourhood agenda for Groningen")
        feed_url = url_for("initiatives.agenda_feed", _external=True)
    else:
        heading = _("Agenda for %(area)s", area=area.name)
        feed_url = url_for("initiatives.area_agenda_feed", code=area.code, _external=True)
    return render_template(
        "initiatives/agenda.html",
        heading=heading,
        area=area,
        days=by_day(agenda_items(ids, start_of_today())),
        areas=browse.area_choices(),
        feed_url=feed_url,
    )


@bp.get("/agenda")
@access.anyone
def agenda():
    if request.args.get("area"):  # the area picker without JavaScript
        return redirect(url_for("initiatives.area_agenda", code=request.args["area"]))
    return _page(None, None)


@bp.get("/agenda/<code>")
@access.anyone
def area_agenda(code: str):
    return _page(*_area_or_404(code))


@bp.get("/agenda.ics")
@access.anyone
def agenda_feed():
    items = agenda_items(None, start_of_today() - FEED_HISTORY)
    return _feed_response(items, _("Neighbourhood agenda Groningen"), "agenda-groningen.ics")


@bp.get("/agenda/<code>.ics")
@access.anyone
def area_agenda_feed(code: str):
    area, ids = _area_or_404(code)
    items = agenda_items(ids, start_of_today() - FEED_HISTORY)
    return _feed_response(items, _("Neighbourhood agenda %(area)s", area=area.name), f"agenda-{area.code}.ics")


@bp.app_template_filter("agenda_datetime")
def agenda_datetime(value: datetime | None, format: str = "medium") -> str:
    """A stored (naive UTC) or aware time as the date and the hour and minute in Groningen."""
    if value is None:
        return ""
    locale = get_locale()
    day = babel_dates.format_date(_aware(value).astimezone(LOCAL), format, locale=locale)
    return babel_dates.get_datetime_format(format, locale=locale).format(agenda_time(value), day)


@bp.app_template_filter("agenda_time")
def agenda_time(value: datetime) -> str:
    return babel_dates.format_time(_aware(value), "short", tzinfo=LOCAL, locale=get_locale())


@bp.app_template_filter("agenda_day")
def agenda_day(value: date) -> str:
    return babel_dates.format_date(value, "full", locale=get_locale())
