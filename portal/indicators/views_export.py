"""The CSV of exactly what a dashboard shows, with the same query string (columns: see ``exports``)."""

from __future__ import annotations

from flask import Response

from portal import access
from portal.indicators.blueprint import bp
from portal.indicators.choices import BadChoice, Choice
from portal.indicators.exports import csv_text
from portal.indicators.periods import Period
from portal.indicators.queries_pages import Place, blocks
from portal.indicators.views import coordinator_places, read_choice, refused, team_view
from portal.teams.models import NEIGHBOURHOOD


def _csv(choice: Choice, places: list[Place], focus: Place, *, protect: bool, name: str) -> Response:
    period = Period.containing(choice.day, choice.grain)
    text = csv_text(blocks(places, focus, period, protect=protect, with_trend=False), period)
    filename = f"indicators-{name}-{choice.grain}-{period.start.isoformat()}.csv"
    return Response(
        text.encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/indicators.csv")
@access.coordinator
def dashboard_csv():
    """The coordinators' dashboard as CSV."""
    try:
        choice = read_choice()
        places, focus = coordinator_places(choice)
    except BadChoice as bad:
        return refused(bad)
    name = choice.area or choice.team or "all-teams"
    protect = any(place.kind == NEIGHBOURHOOD for place in places)
    return _csv(choice, places, focus, protect=protect, name=name.lower())


@bp.route("/teams/<slug>/indicators.csv")
@access.team_worker
def team_dashboard_csv(slug: str):
    """A team's dashboard as CSV."""
    try:
        view = team_view(slug)
    except BadChoice as bad:
        return refused(bad)
    return _csv(view.choice, view.places, view.focus, protect=view.protect, name=(view.choice.area or slug).lower())
