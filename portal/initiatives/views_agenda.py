"""The agenda's routes: the page for the city or one area (a window of days at a time), and the iCalendar feeds."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import access
from portal.cache import cached
from portal.i18n import current_language
from portal.initiatives import agenda, queries
from portal.initiatives.blueprint import bp
from portal.page_cache import public_page
from portal.teams.models import DISTRICT, Area
from portal.urls import external_url

FEED_MAX_AGE = 900  # seconds a calendar program or a proxy may keep a feed before asking again (then often a 304)
FEED_CACHE_SECONDS = 6 * 3600  # a built feed is kept this long at most, and only while its tables are unchanged


@bp.get("/agenda", endpoint="agenda")
@access.anyone
@public_page()
def agenda_page():
    if request.args.get("area"):  # the area picker without JavaScript
        return redirect(url_for("initiatives.area_agenda", code=request.args["area"]))
    return _page(None, None)


@bp.get("/agenda/<code>")
@access.anyone
@public_page()
def area_agenda(code: str):
    return _page(*_area_or_404(code))


@bp.get("/agenda.ics")
@access.anyone
def agenda_feed():
    return _feed_response(
        None, lambda: agenda.build_feed(None, _("Neighbourhood agenda Groningen")), "agenda-groningen.ics"
    )


@bp.get("/agenda/<code>.ics")
@access.anyone
def area_agenda_feed(code: str):
    def build():  # the area is looked up only when the feed is built: a kept feed is of a real area (else 404)
        area, ids = _area_or_404(code)
        return agenda.build_feed(ids, _("Neighbourhood agenda %(area)s", area=area.name))

    return _feed_response(code, build, f"agenda-{code}.ics")


def _area_or_404(code: str) -> tuple[Area, list[int]]:
    area = queries.area_with_code(code)
    if area is None:
        abort(404)
    return area, [area.id, *(child.id for child in area.children)] if area.kind == DISTRICT else [area.id]


def _feed_response(code: str | None, build, filename: str) -> Response:
    """The feed, built once per day, language and area while its tables are unchanged (shared by every worker),
    sent with its ETag and Last-Modified so that a calendar program asking again gets a 304."""
    key = f"initiatives:agenda-feed:{code or '-'}:{current_language()}:{agenda.today().isoformat()}"
    feed = cached(key, agenda.SOURCE_TABLES, build, timeout=FEED_CACHE_SECONDS)
    response = Response(feed.body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(feed.etag)
    response.last_modified = feed.built_at
    response.cache_control.public = True
    response.cache_control.max_age = FEED_MAX_AGE
    response.vary.add("Cookie")  # the calendar's name is in the visitor's language (a cookie)
    return response.make_conditional(request)


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
        window=agenda.window(ids, agenda.first_day_asked(request.args.get("from"))),
        areas=queries.area_choices(),
        feed_url=feed_url,
    )
