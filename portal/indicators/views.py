"""The indicators dashboards: the coordinators' (all teams side by side) and a team's (its workers').

Both take ``?grain=&period=&area=`` (and ``team=`` for the coordinators'), see ``choices``; junk is a 400 with a
message. Each indicator shows its definition, a bar chart and a table of the chosen period beside the one before
and the city, and a trend line of the last ``TREND_LENGTH`` periods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.errors import TITLES
from portal.indicators import display, snapshots
from portal.indicators.blueprint import bp
from portal.indicators.charts import Point, bar_chart, sparkline
from portal.indicators.choices import GRAINS, BadChoice, Choice, parse
from portal.indicators.definitions import GROUP_LABELS
from portal.indicators.periods import Period
from portal.indicators.queries_pages import (
    TREND_LENGTH,
    Block,
    Place,
    all_teams,
    area_by_code,
    area_places,
    blocks,
    city_place,
    first_missing,
    source_of,
    team_by_slug_or_404,
    team_place,
    team_places,
)
from portal.teams.models import DISTRICT, NEIGHBOURHOOD, Team
from portal.teams.queries import areas_served, districts_with_neighbourhoods
from portal.timeutil import utcnow
from portal.workdays import local_date


class NoSuchPlace(BadChoice):
    pass


def read_choice(*, allow_team: bool = True) -> Choice:
    return parse(request.args, local_date(utcnow()), allow_team=allow_team)


def refused(bad: BadChoice):
    """The answer to junk in the query string: 400 with what to choose instead."""
    return render_template("errors/error.html", code=400, title=TITLES[400], detail=bad.message), 400


def is_member(team: Team) -> bool:
    """Whether the current user is one of ``team``'s own workers (a coordinator may be one too)."""
    return any(each.id == team.id for each in current_user.teams)


def coordinator_places(choice: Choice) -> tuple[list[Place], Place]:
    """The rows and the trend's place of the coordinators' dashboard for ``choice``."""
    if choice.area:
        area = area_by_code(choice.area)
        if area is None:
            raise NoSuchPlace("area", _("There is no such district or neighbourhood."))
        places = area_places(area)
        return places, places[0]
    if choice.team:
        team = next((team for team in all_teams() if team.slug == choice.team), None)
        if team is None:
            raise NoSuchPlace("team", _("There is no such team."))
        places = team_places(team)
        return places, places[0]
    return [team_place(team) for team in all_teams()], city_place()


def team_area_places(team: Team, choice: Choice) -> tuple[list[Place], Place]:
    """The rows and the trend's place of a team's dashboard: the team and its districts, or one of its areas."""
    if choice.area:
        area = area_by_code(choice.area)
        served = {hood.id for hood in team.areas} | {hood.parent_id for hood in team.areas}
        if area is None or area.id not in served:
            raise NoSuchPlace("area", _("This team does not serve that district or neighbourhood."))
        places = area_places(area, team)
        return places, places[0]
    places = team_places(team)
    return places, places[0]


@dataclass(frozen=True)
class TeamView:
    """What a team's dashboard (page or CSV) shows: the choice, its rows, the trend's place, and whether the
    small-number rule applies (a coordinator who is not one of the team's workers, looking at neighbourhoods)."""

    team: Team
    choice: Choice
    places: list[Place]
    focus: Place
    protect: bool


def team_view(slug: str) -> TeamView:
    """The team of ``slug`` (404) and what its dashboard shows for the query string; BadChoice for junk."""
    team = team_by_slug_or_404(slug)
    choice = read_choice(allow_team=False)
    places, focus = team_area_places(team, choice)
    # The team's own workers see every number; a coordinator who is not one of them sees its neighbourhoods
    # under the small-number rule, as on the coordinators' dashboard.
    protect = not is_member(team) and any(place.kind == NEIGHBOURHOOD for place in places)
    return TeamView(team, choice, places, focus, protect)


def charted(result: list[Block], focus: Place) -> list[dict]:
    """Each block with its texts, its bar chart across the rows and its trend line."""
    out = []
    for block in result:
        indicator = block.indicator
        bars = [
            Point(line.place.name, display.number(indicator, line.now), display.text(indicator, line.now))
            for line in block.lines
        ]
        trend = [
            Point(display.period_name(period), display.number(indicator, value), display.text(indicator, value))
            for period, value in block.trend
        ]
        out.append(
            {
                "indicator": indicator,
                "group": GROUP_LABELS[indicator.group],
                "lines": [
                    (line, display.text(indicator, line.now), display.text(indicator, line.before))
                    for line in block.lines
                ],
                "city": block.city
                and (block.city, display.text(indicator, block.city.now), display.text(indicator, block.city.before)),
                "bars": bar_chart(_("%(indicator)s per place", indicator=indicator.label), bars)
                if len(bars) > 1
                else None,
                "trend": sparkline(
                    _(
                        "%(indicator)s in %(place)s, last %(num)d periods",
                        indicator=indicator.label,
                        place=focus.name,
                        num=len(trend),
                    ),
                    trend,
                ),  # fmt: skip
            }
        )
    return out


def _source(period: Period) -> dict:
    """Where the page's figures of ``period`` come from, for the sentence under its title."""
    stored_days = snapshots.days_stored(period.start, period.end)
    missing = first_missing(period, stored_days)
    last_stored = format_date(missing - timedelta(days=1), "long") if missing else None
    return {"source": source_of(period, stored_days), "last_stored": last_stored}


def page_context(choice: Choice, places: list[Place], focus: Place, *, protect: bool) -> dict:
    period = Period.containing(choice.day, choice.grain)
    today = local_date(utcnow())
    result = blocks(places, focus, period, protect=protect)
    return {
        "choice": choice,
        "grains": GRAINS,
        "period": period,
        "period_name": display.period_name(period),
        **_source(period),
        "previous_name": display.period_name(period.previous()),
        "earlier": choice.query(period=period.previous().start.isoformat()),
        "later": choice.query(period=period.next().start.isoformat()) if period.end <= today else None,
        "blocks": charted(result, focus),
        "focus": focus,
        "protect": protect,
        "today": today,
        "trend_length": TREND_LENGTH,
        "places_have_areas": any(place.kind in (DISTRICT, NEIGHBOURHOOD) for place in places),
    }


@bp.route("/")
@access.coordinator
def dashboard():
    """All teams side by side (or one team, district or neighbourhood), for coordinators."""
    try:
        choice = read_choice()
        places, focus = coordinator_places(choice)
    except BadChoice as bad:
        return refused(bad)
    context = page_context(choice, places, focus, protect=any(p.kind == NEIGHBOURHOOD for p in places))
    return render_template(
        "indicators/dashboard.html",
        teams=all_teams(),
        team=None,
        area_groups=[(district, district.children) for district in districts_with_neighbourhoods()],
        form_url=url_for("indicators.dashboard"),
        csv_url=url_for("indicators.dashboard_csv", **choice.query()),
        **context,
    )


@bp.route("/teams/<slug>")
@access.team_worker
def team_dashboard(slug: str):
    """One team, its districts and neighbourhoods, for the team's workers (and coordinators)."""
    try:
        view = team_view(slug)
    except BadChoice as bad:
        return refused(bad)
    context = page_context(view.choice, view.places, view.focus, protect=view.protect)
    return render_template(
        "indicators/dashboard.html",
        teams=None,
        team=view.team,
        area_groups=areas_served(view.team),
        form_url=url_for("indicators.team_dashboard", slug=slug),
        csv_url=url_for("indicators.team_dashboard_csv", slug=slug, **view.choice.query()),
        **context,
    )
