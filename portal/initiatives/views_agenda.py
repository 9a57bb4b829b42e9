"""The agenda's routes: the page for the city or one area, and the iCalendar feeds."""

from __future__ import annotations

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import access
from portal.initiatives import queries
from portal.initiatives.agenda import FEED_HISTORY, AgendaItem, agenda_items, by_day, calendar_for, start_of_today
from portal.initiatives.blueprint import bp
from portal.teams.models import Area
from portal.urls import external_url


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


def _area_or_404(code: str) -> tuple[Area, list[int]]:
    area = queries.area_with_code(code)
    if area is None:
        abort(404)
    return area, queries.area_ids(code)


def _feed_response(items: list[AgendaItem], name: str, filename: str):
    response = make_response(calendar_for(items, name).to_ical())
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "public, max-age=900"
    return response


def _page(area: Area | None, ids: list[int] | None):
    # The subscription address is on BASE_URL: calendar programs keep it, and a cache may keep this page.
    if area is None:
        heading = _("Neighbourhood agenda for Groningen")
        feed_url = external_url("initiatives.agenda_feed")
    else:
        heading = _("Agenda for %(area)s", area=area.name)
        feed_url = external_url("initiatives.area_agenda_feed", code=area.code)
    return render_template(
        "initiatives/agenda.html",
        heading=heading,
        area=area,
        days=by_day(agenda_items(ids, start_of_today())),
        areas=queries.area_choices(),
        feed_url=feed_url,
    )
