"""The CSV files of a dashboard, with the same query string: its figures (columns: see ``exports``) and the items
behind them (columns: see ``exports_items``).

Each route keeps its dashboard's access rule for a logged-in session, and also takes a coordinator's export token
(``views_tokens.export_token_stands_in``), so a BI tool can fetch it on a schedule.

The items file and the small-number rule: where the dashboard applies the rule (a coordinator who is not one of
the team's workers, looking at neighbourhoods), the items file is not offered (403): per-item rows would count a
neighbourhood's items one by one. Where it is offered, the neighbourhood column is filled only in a team's file
for the team's own workers; anyone else gets the district, whose figures are never hidden.
"""

from __future__ import annotations

from flask import Response, current_app, render_template
from flask_babel import gettext as _

from portal import access
from portal.errors import TITLES
from portal.indicators import exports_items
from portal.indicators.blueprint import bp
from portal.indicators.choices import BadChoice, Choice
from portal.indicators.exports import csv_text
from portal.indicators.periods import TEAM, Period, Scope
from portal.indicators.queries_pages import Place, blocks
from portal.indicators.views import coordinator_places, is_member, read_choice, refused, team_view
from portal.indicators.views_tokens import export_token_stands_in, token_failures_limited
from portal.teams.models import NEIGHBOURHOOD
from portal.timeutil import utcnow


def _attachment(text: str, filename: str) -> Response:
    return Response(
        text.encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _csv(choice: Choice, places: list[Place], focus: Place, *, protect: bool, name: str) -> Response:
    period = Period.containing(choice.day, choice.grain)
    text = csv_text(blocks(places, focus, period, protect=protect, with_trend=False), period)
    return _attachment(text, f"indicators-{name}-{choice.grain}-{period.start.isoformat()}.csv")


def _items_csv(choice: Choice, within: list[Scope], *, neighbourhoods: bool, name: str) -> Response:
    period = Period.containing(choice.day, choice.grain)
    rows = exports_items.item_rows(
        period,
        within,
        neighbourhoods=neighbourhoods,
        key=exports_items.number_key(current_app.config["SECRET_KEY"]),
        now=utcnow(),
    )
    return _attachment(exports_items.csv_text(rows), f"items-{name}-{choice.grain}-{period.start.isoformat()}.csv")


def _protected():
    """The answer where the page hides small numbers: no per-item rows there."""
    detail = _(
        "The items are not given where this page hides a neighbourhood's small numbers: one row per item would "
        "show how few there are. Choose a whole team, or all teams."
    )
    return render_template("errors/error.html", code=403, title=TITLES[403], detail=detail), 403


@bp.route("/indicators.csv")
@token_failures_limited
@export_token_stands_in
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
@token_failures_limited
@export_token_stands_in
@access.team_worker
def team_dashboard_csv(slug: str):
    """A team's dashboard as CSV."""
    try:
        view = team_view(slug)
    except BadChoice as bad:
        return refused(bad)
    return _csv(view.choice, view.places, view.focus, protect=view.protect, name=(view.choice.area or slug).lower())


@bp.route("/items.csv")
@token_failures_limited
@export_token_stands_in
@access.coordinator
def dashboard_items_csv():
    """The items behind the coordinators' dashboard: all teams, one team, or an area without neighbourhoods."""
    try:
        choice = read_choice()
        places, focus = coordinator_places(choice)
    except BadChoice as bad:
        return refused(bad)
    if any(place.kind == NEIGHBOURHOOD for place in places):
        return _protected()
    name = choice.area or choice.team or "all-teams"
    return _items_csv(choice, [focus.scope], neighbourhoods=False, name=name.lower())


@bp.route("/teams/<slug>/items.csv")
@token_failures_limited
@export_token_stands_in
@access.team_worker
def team_items_csv(slug: str):
    """The items behind a team's dashboard: only the team's own, in the chosen district or neighbourhood."""
    try:
        view = team_view(slug)
    except BadChoice as bad:
        return refused(bad)
    if view.protect:
        return _protected()
    within = [Scope(TEAM, view.team.id)] + ([view.focus.scope] if view.choice.area else [])
    name = (view.choice.area or slug).lower()
    return _items_csv(view.choice, within, neighbourhoods=is_member(view.team), name=name)
