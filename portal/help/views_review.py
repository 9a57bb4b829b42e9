"""The team's look at held requests (routes on portal.help.blueprint.bp).

A request whose words touch a sensitive matter is held (services.create_request): only its requester and
the workers of its team see it. Here the workers of that team read the held requests of their
neighbourhoods and release each one to the neighbours near it, or keep it with the team with a reason
(services_safety; both recorded in the audit log). The list is for the workers of the team in the URL and
coordinators (access.team_worker); each action for the workers of the request's team (team_worker_of).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal import access
from portal.errors import DomainError
from portal.extensions import db
from portal.help import queries, services_safety, wording
from portal.help.blueprint import bp
from portal.help.forms import ReasonForm
from portal.help.models import HelpRequest
from portal.help.places import team_slug
from portal.paging import get_or_404
from portal.teams.models import Team

TEAMS_OF = {"request_id": lambda key: team_slug(get_or_404(HelpRequest, key).area)}


def _team(slug: str) -> Team:
    team = db.session.scalar(select(Team).where(Team.slug == slug))
    if team is None:
        abort(404)
    return team


def _list_page(team: Team, status: int = 200, failed: dict | None = None):
    """The held requests of ``team``; ``failed`` maps a request's id to the keep form that needs correcting."""
    held = queries.held_requests(team)
    failed = failed or {}
    keep_forms = {item.id: failed.get(item.id) or ReasonForm(formdata=None) for item in held}
    return render_template("help/review.html", team=team, held=held, keep_forms=keep_forms, **wording.words()), status


@bp.get("/teams/<slug>/held")
@access.team_worker
def held_requests(slug: str):
    return _list_page(_team(slug))


@bp.post("/held/<id:request_id>/release")
@access.team_worker_of("request_id", TEAMS_OF)
def release_held_request(request_id: int):
    help_request = _held_or_404(request_id)
    back = url_for("help.held_requests", slug=team_slug(help_request.area))
    try:
        services_safety.release_request(current_user, help_request)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back, 303)
    db.session.commit()
    if help_request.listed:
        flash(_("The request is released: neighbours near it can see it now."), "success")
    else:  # asked of one neighbour's offer: nobody else sees it, a worker proposes
        flash(
            _("The request is released. It was asked of one neighbour's offer: propose a helper in the console."),
            "success",
        )
        return redirect(url_for("help.console_request", request_id=help_request.id), 303)
    return redirect(back, 303)


@bp.post("/held/<id:request_id>/keep")
@access.team_worker_of("request_id", TEAMS_OF)
def keep_held_request(request_id: int):
    help_request = _held_or_404(request_id)
    team = help_request.area.team
    form = ReasonForm()
    if not form.validate_on_submit():
        return _list_page(team, 422, {help_request.id: form})
    try:
        services_safety.keep_with_team(current_user, help_request, form.reason.data)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("help.held_requests", slug=team.slug), 303)
    db.session.commit()
    flash(_("The request stays with the team. Neighbours do not see it."), "success")
    return redirect(url_for("help.held_requests", slug=team.slug), 303)


def _held_or_404(request_id: int) -> HelpRequest:
    """The request, with the team its neighbourhood belongs to (held requests are listed per team): 404 without."""
    help_request = queries.shown_or_404(HelpRequest, request_id)
    if help_request.area is None or help_request.area.team is None:
        abort(404)
    return help_request
