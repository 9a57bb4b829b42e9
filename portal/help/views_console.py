"""The workers' matching console (routes on portal.help.blueprint.bp).

A worker sees the open requests of their teams' areas (crisis requests first), ranked offers for
one request with the score in words, and the system's best set for an area; they propose matches
one by one, cancel them, flag offers and block people. The overview shows each worker their own
teams (access.worker); every other route is for the workers of the team the object in the URL
belongs to, and coordinators (access.team_worker_of with TEAMS_OF).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_translations
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from portal import access
from portal.accounts.models import User
from portal.errors import DomainError, commit_or_refuse
from portal.extensions import db
from portal.help import (
    queries_console,
    services_closing,
    services_matches,
    services_safety,
    services_suggestions,
    wording,
)
from portal.help.blueprint import bp
from portal.help.forms import ProposeForm, ReasonForm
from portal.help.models import HelpBlock, HelpMatch, HelpOffer, HelpRequest
from portal.help.places import team_slug
from portal.initiatives import queries as initiative_queries
from portal.paging import get_or_404
from portal.teams.models import Area
from portal.timeutil import utcnow
from portal.urls import safe_next

# The team(s) of the object each URL argument names, for access.team_worker_of (404 when it does not exist).
TEAMS_OF = {
    "request_id": lambda key: team_slug(get_or_404(HelpRequest, key).area),
    "offer_id": lambda key: team_slug(get_or_404(HelpOffer, key).area),
    "match_id": lambda key: team_slug(get_or_404(HelpMatch, key).request.area),
    "person_id": queries_console.teams_of_person,
    "code": lambda key: [team_slug(hood) for hood in queries_console.neighbourhoods(queries_console.area_by_code(key))],
}


def _may_act_in(area: Area | None) -> bool:
    return current_user.works_for(team_slug(area))


def _helpers(here: str) -> dict:
    """What every console template uses; ``here`` is where its forms send the worker back to.

    The labels a list repeats on every row are looked up once a page (each lookup of a translation costs
    several microseconds, and a console page shows hundreds)."""
    now = utcnow()
    return {
        "wording": wording,
        "waited": lambda since: wording.waited(since, now),
        "may_act_in": _may_act_in,
        "first_name": lambda name: name.split()[0] if name and name.strip() else "",
        "here": here,
        "kind_label": cache(wording.kind_label),
        "urgency_label": cache(wording.urgency_label),
        "match_status": cache(lambda status: str(wording.MATCH_STATUS_LABELS.get(status, status))),
        "answer_label": cache(lambda answer: str(wording.ANSWER_LABELS.get(answer, ""))),
        "gettext": _page_gettext(),
    }


def _page_gettext():
    """The gettext of one console page, for ``_()`` and ``{% trans %}`` (which look it up in the page's context
    before Jinja's own): each message is translated once a page, as the list rows repeat theirs. Like Jinja's
    own: the translation is markup and the variables are escaped into it."""
    translations = get_translations()
    translated: dict[str, Markup] = {}

    def gettext(message: str, **variables) -> Markup:
        text = translated.get(message)
        if text is None:  # a translation from the portal's own catalogue is markup, as Jinja takes it
            text = translated[message] = Markup(translations.ugettext(message))  # noqa: S704
        return text % variables

    return gettext


def _back(default: str) -> str:
    target = request.form.get("next")
    return safe_next(target, "help.console") if target else default


# --------------------------------------------------------------------------- pages


@bp.get("/console")
@access.worker
def console():
    """Open requests of the worker's teams' areas, crisis first then oldest first, and the live matches; the
    requests and the matches a page at a time."""
    teams = queries_console.teams_for(current_user)
    filters = queries_console.ConsoleFilters.from_args(request.args)
    shown = [team for team in teams if team.slug == filters.team] or teams
    filters = replace(filters, team=filters.team if len(shown) == 1 and filters.team else "")
    areas = queries_console.console_areas(shown, everything=current_user.is_coordinator and len(shown) == len(teams))
    open_requests = queries_console.open_requests_of(areas.ids, filters.page)
    safety = queries_console.flags_and_blocks(areas.ids)
    return render_template(
        "help/console.html",
        teams=teams,
        chosen=filters.team,
        filters=filters,
        later_pages=queries_console.LaterPages(filters),
        crisis=open_requests.crisis,
        waiting=open_requests.waiting,
        blocked_ids={block.id for block in safety.blocked},
        matches=queries_console.live_match_page(areas.ids, filters.later),
        areas=queries_console.best_set_links(areas, open_requests.per_area),
        flagged=safety.flagged,
        blocks=safety.blocked,
        volunteers_wanted=initiative_queries.volunteers_wanted(areas.ids, limit=10),
        **_helpers(url_for("help.console", **filters.args())),
    )


@bp.get("/console/requests/<id:request_id>")
@access.team_worker_of("request_id", TEAMS_OF)
def console_request(request_id: int):
    return _request_page(get_or_404(HelpRequest, request_id))


def _request_page(help_request: HelpRequest, form: ProposeForm | None = None, errors=(), status: int = 200):
    """The request in full, its matches so far, and ranked suggestions when it can be matched."""
    matches = queries_console.matches_of_request(help_request)
    blocked = db.session.get(HelpBlock, help_request.user_id)
    matchable = queries_console.matchable(help_request, matches, blocked)
    ranked = services_suggestions.suggestions(help_request) if matchable else []
    form_errors = [] if form is None else form.form_errors
    field_errors = (f"{field.label.text}: {message}" for field in form or () for message in field.errors)
    return render_template(
        "help/console_request.html",
        item=help_request,
        matches=matches,
        blocked=blocked,
        suggestions=[(offer, suggestion, wording.explain(suggestion)) for offer, suggestion in ranked],
        matchable=matchable,
        form=form or ProposeForm(formdata=None),
        errors=[*errors, *form_errors, *field_errors],
        **_helpers(url_for("help.console_request", request_id=help_request.id)),
    ), status


@bp.get("/console/areas/<code>/best")
@access.team_worker_of("code", TEAMS_OF)
def best_set(code: str):
    """The system's best set of matches for every open request in the area, to confirm one by one.

    Worked out once and cached until offers, requests, matches or blocks change; shown a page of pairs at a time.
    """
    area = queries_console.area_by_code(code)
    hoods = [hood for hood in queries_console.neighbourhoods(area) if _may_act_in(hood)]
    area_ids = [hood.id for hood in hoods]
    filters = queries_console.BestSetFilters.from_args(request.args)
    found = services_suggestions.cached_best_set(area_ids)
    pairs = queries_console.row_page(filters.page, items=found.pairs)
    unpaired = queries_console.row_page(filters.later, items=found.unpaired)
    requests = queries_console.request_rows([pair[0] for pair in pairs.items] + list(unpaired.items))
    offers = queries_console.offer_rows(pair[1] for pair in pairs.items)
    return render_template(
        "help/console_best.html",
        area=area,
        best=found,
        hoods=hoods,
        filters=filters,
        later_pages=queries_console.LaterPages(filters),
        pairs=pairs,
        shown_pairs=[
            (requests[request_id], offers[offer_id], score, wording.explain(suggestion))
            for request_id, offer_id, score, suggestion in pairs.items
            if request_id in requests and offer_id in offers  # deleted since the set was worked out: left out
        ],
        crisis=queries_console.crisis_requests(area_ids) if found.crisis else [],
        unpaired=unpaired,
        shown_unpaired=[requests[request_id] for request_id in unpaired.items if request_id in requests],
        **_helpers(url_for("help.best_set", code=area.code, **filters.args())),
    )


# --------------------------------------------------------------------------- actions


@bp.post("/console/requests/<id:request_id>/propose")
@access.team_worker_of("request_id", TEAMS_OF)
def propose_match(request_id: int):
    help_request = get_or_404(HelpRequest, request_id)
    form = ProposeForm()
    if not form.validate_on_submit():
        return _request_page(help_request, form, status=422)
    offer = db.session.get(HelpOffer, form.offer_id.data)
    if offer is None:
        return _request_page(help_request, form, [_("This offer no longer exists. Choose another one.")], 422)
    # The service's refusals name the request or the offer, never a field of this form: shown on top.
    if not commit_or_refuse(form, lambda: services_matches.propose(current_user, help_request, offer, form.note.data)):
        return _request_page(help_request, form, status=422)
    flash(_("The match is proposed. Both neighbours are asked whether they agree."), "success")
    return redirect(_back(url_for("help.console_request", request_id=request_id)))


@bp.post("/console/matches/<id:match_id>/cancel")
@access.team_worker_of("match_id", TEAMS_OF)
def cancel_match(match_id: int):
    match = get_or_404(HelpMatch, match_id)
    request_id = match.request_id
    try:
        services_matches.cancel(current_user, match)
    except DomainError as error:
        db.session.rollback()
        return _request_page(db.session.get(HelpRequest, request_id), errors=[error.message], status=422)
    db.session.commit()
    flash(_("The match is cancelled; the request is open again and the place is free."), "success")
    return redirect(_back(url_for("help.console_request", request_id=request_id)))


def _with_reason(action: str, act, done: str, needs_reason: bool = True, **subject):
    """A worker's action that needs a reason: validate, act through the service, commit and go back.

    A missing reason or a refusal shows the action's own page again (422) with what was typed.
    """
    form = ReasonForm()
    if needs_reason and not form.validate_on_submit():
        return _action_page(action, form, **subject)
    if not commit_or_refuse(form, lambda: act(form.reason.data if needs_reason else None)):
        return _action_page(action, form, **subject)
    flash(done, "success")
    return redirect(_back(url_for("help.console")))


@bp.post("/console/offers/<id:offer_id>/flag")
@access.team_worker_of("offer_id", TEAMS_OF)
def flag_offer(offer_id: int):
    """Flag an offer with a reason (out of matching), or lift the flag ("lift" button)."""
    offer = get_or_404(HelpOffer, offer_id)
    lifting = "lift" in request.form
    return _with_reason(
        "flag",
        lambda reason: services_safety.flag_offer(current_user, offer, reason),
        _("The flag is lifted.") if lifting else _("The offer is flagged and out of matching."),
        needs_reason=not lifting,
        offer=offer,
    )


@bp.post("/console/people/<id:person_id>/block")
@access.team_worker_of("person_id", TEAMS_OF)
def block_person(person_id: int):
    person = get_or_404(User, person_id)
    return _with_reason(
        "block",
        lambda reason: services_safety.block_person(current_user, person, reason),
        _("%(name)s is blocked from matching; their proposed matches are cancelled.", name=person.name),
        person=person,
    )


@bp.post("/console/requests/<id:request_id>/close")
@access.team_worker_of("request_id", TEAMS_OF)
def close_request_as_team(request_id: int):
    """Close a request the team handled itself (a crisis call, help found elsewhere), with a reason."""
    help_request = get_or_404(HelpRequest, request_id)
    return _with_reason(
        "close",
        lambda reason: services_closing.close_as_team(current_user, help_request, reason),
        _("The request is closed."),
        item=help_request,
    )


@bp.post("/console/people/<id:person_id>/unblock")
@access.team_worker_of("person_id", TEAMS_OF)
def unblock_person(person_id: int):
    person = get_or_404(User, person_id)
    services_safety.unblock_person(current_user, person)
    db.session.commit()
    flash(_("The block on %(name)s is lifted.", name=person.name), "success")
    return redirect(_back(url_for("help.console")))


def _action_page(action: str, form: ReasonForm, **subject):
    """A flag, block or close form that needs correcting, on a page of its own (422)."""
    back = safe_next(form.next.data, "help.console")
    return render_template(
        "help/console_action.html", action=action, form=form, back=back, **subject, **_helpers(back)
    ), 422
