"""The public page "How is my neighbourhood doing?": a team's non-personal figures for residents."""

from __future__ import annotations

from datetime import timedelta

from flask import render_template

from portal import access
from portal.indicators import display
from portal.indicators.blueprint import bp
from portal.indicators.periods import QUARTER, YEAR, Period
from portal.indicators.queries_pages import public_figures, team_by_slug_or_404
from portal.timeutil import utcnow
from portal.workdays import local_date


def public_periods(today) -> list[Period]:
    """The last whole quarter, and this year up to yesterday (on 1 January: the year before, whole)."""
    quarter = Period.containing(today, QUARTER).previous()
    year = Period.containing(today - timedelta(days=1), YEAR)
    return [quarter, year]


@bp.route("/teams/<slug>/how-we-are-doing")
@access.anyone
def public(slug: str):
    """What the team did in its area, for everybody: the figures that name nobody, small numbers hidden."""
    team = team_by_slug_or_404(slug)
    today = local_date(utcnow())
    periods = public_periods(today)
    rows = [
        (indicator, [display.text(indicator, figure) for figure in figures])
        for indicator, figures in public_figures(team, periods)
    ]
    year_so_far = periods[1].end > today
    return render_template(
        "indicators/public.html",
        team=team,
        rows=rows,
        quarter_name=display.period_name(periods[0]),
        year_name=display.period_name(periods[1]),
        year_so_far=year_so_far,
    )
