"""The workers' matching console (routes on portal.help.blueprint.bp).

A worker sees the open requests of their teams' areas (crisis requests first), ranked offers for
one request with the score in words, and the system's best set for an area; they propose matches
one by one, cancel them, flag offers and block people. The overview shows each worker their own
teams (access.worker); every other route is for the workers of the team the object in the URL
belongs to, and coordinators (access.TEAM_WORKER, checked by ``for_team_of``).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from portal import access
from portal.accounts.models import User
from portal.errors import DomainError
from portal.extensions import db
from portal.help import matching, services, wording
from portal.help.blueprint import bp
from portal.help.models import LIVE_MATCH, OPEN, HelpBlock, HelpMatch, HelpOffer, HelpRequest
from portal.initiatives import queries as initiative_queries
from portal.paging import MAX_ID
from portal.teams.models import NEIGHBOURHOOD, Area, Team
from portal.timeutil import utcnow
from portal.urls import safe_next

# --------------------------------------------------------------------------- forms


class ProposeForm(FlaskForm):
    offer_id = IntegerField(
        _l("Offer"),
        validators=[
            InputRequired(_l("Choose an offer from the list.")),
            NumberRange(1, MAX_ID, _l("Choose an offer from the list.")),
        ],
        widget=HiddenInput(),
    )
    note = TextAreaField(
        _l("A note to both (optional)"),
        validators=[Optional(), Length(max=1000, message=_l("Use at most %(max)d characters."))],
    )
    next = HiddenField()


class ReasonForm(FlaskForm):
    reason = StringField(
        _l("Reason (other workers see it)"),
        validators=[
            DataRequired(_l("Give a reason; other workers of the team will see it.")),
            Length(max=300, message=_l("Use at most %(max)d characters.")),
        ],
    )
    next = HiddenField()


# --------------------------------------------------------------------------- access


def _slug(area: Area | None) -> str | None:
    return area.team.slug if area is not None and area.team is not None else None


def _loaded(model, key):
    item = db.session.get(model, key) if 0 < key <= MAX_ID else None
    if item is None:
        abort(404)
    return item


def _area_by_code(code: str) -> Area:
    return db.session.scalar(select(Area).where(Area.code == code)) or abort(404)


def _neighbourhoods(area: Area) -> list[Area]:
    """A neighbourhood itself, or a district's neighbourhoods."""
    return [area] if area.kind == NEIGHBOURHOOD else list(area.children)


def _teams_of_person(person_id: int) -> list[str | None]:
    """Where a person is known: their home area, and the areas of their requests and offers."""
    person = _loaded(User, person_id)
    areas = db.session.scalars(
        select(Area).where(
            or_(
                Area.id == person.area_id,
                exists().where(HelpRequest.area_id == Area.id, HelpRequest.user_id == person.id),
                exists().where(HelpOffer.area_id == Area.id, HelpOffer.user_id == person.id),
            )
        )
    )
    return [_slug(area) for area in areas]


TEAMS_OF = {
    "request_id": lambda key: [_slug(_loaded(HelpRequest, key).area)],
    "offer_id": lambda key: [_slug(_loaded(HelpOffer, key).area)],
    "match_id": lambda key: [_slug(_loaded(HelpMatch, key).request.area)],
    "person_id": _teams_of_person,
    "code": lambda key: [_slug(area) for area in _neighbourhoods(_area_by_code(key))],
}


def for_team_of(argument: str):
    """access.TEAM_WORKER for the object named by the URL ``argument``: its team's workers, and coordinators."""

    def allowed(**kwargs) -> bool:
        if not current_user.is_worker:
            return False
        slugs = TEAMS_OF[argument](kwargs[argument])
        return current_user.is_coordinator or any(current_user.works_for(slug) for slug in slugs)

    return access._require(allowed, access.TEAM_WORKER)


def _may_act_in(area: Area | None) -> bool:
    return current_user.works_for(_slug(area))


# --------------------------------------------------------------------------- reading


def _teams_for(user) -> list[Team]:
    if user.is_coordinator:
        return list(db.session.scalars(select(Team).order_by(Team.name)))
    return list(user.teams)


def _area_ids(teams: list[Team], everything: bool) -> list[int]:
    query = select(Area.id)
    if not everything:
        query = query.where(Area.team_id.in_([team.id for team in teams]))
    return list(db.session.scalars(query))


def _open_requests(area_ids: list[int]) -> list[HelpRequest]:
    loaded = (joinedload(HelpRequest.user), joinedload(HelpRequest.area).joinedload(Area.team))
    return list(db.session.scalars(services.open_requests(area_ids).options(*loaded)))


def _live_matches(area_ids: list[int]) -> list[HelpMatch]:
    return list(
        db.session.scalars(
            select(HelpMatch)
            .join(HelpRequest, HelpRequest.id == HelpMatch.request_id)
            .where(HelpRequest.area_id.in_(area_ids), HelpMatch.status.in_(LIVE_MATCH))
            .options(
                joinedload(HelpMatch.request).joinedload(HelpRequest.area),
                joinedload(HelpMatch.request).joinedload(HelpRequest.user),
                joinedload(HelpMatch.offer).joinedload(HelpOffer.user),
                joinedload(HelpMatch.offer).joinedload(HelpOffer.area),
            )
            .order_by(HelpMatch.created_at, HelpMatch.id)
        )
    )


def _flagged_offers(area_ids: list[int]) -> list[HelpOffer]:
    query = (
        select(HelpOffer)
        .where(HelpOffer.flagged_reason.is_not(None), HelpOffer.area_id.in_(area_ids))
        .options(joinedload(HelpOffer.user), joinedload(HelpOffer.area))
    )
    return list(db.session.scalars(query.order_by(HelpOffer.updated_at.desc())))


def _blocks(area_ids: list[int]) -> list[tuple[HelpBlock, User]]:
    known_here = or_(
        User.area_id.in_(area_ids),
        exists().where(HelpRequest.user_id == User.id, HelpRequest.area_id.in_(area_ids)),
        exists().where(HelpOffer.user_id == User.id, HelpOffer.area_id.in_(area_ids)),
    )
    query = select(HelpBlock, User).join(User, User.id == HelpBlock.user_id).where(known_here)
    return [tuple(row) for row in db.session.execute(query.order_by(HelpBlock.created_at.desc()))]


def _best_set_links(area_ids: list[int], open_requests: list[HelpRequest]) -> list[tuple]:
    """(district, [(neighbourhood, open requests)], open requests) for the best-set links, districts by name."""
    waiting: dict[int, int] = {}
    for item in open_requests:
        waiting[item.area_id] = waiting.get(item.area_id, 0) + 1
    hoods = db.session.scalars(
        select(Area).where(Area.id.in_(area_ids), Area.kind == NEIGHBOURHOOD).options(joinedload(Area.parent))
    )
    districts: dict[int | None, tuple[Area | None, list]] = {}
    for hood in sorted(hoods, key=lambda area: area.name):
        districts.setdefault(hood.parent_id, (hood.parent, []))[1].append((hood, waiting.get(hood.id, 0)))
    ordered = sorted(districts.values(), key=lambda pair: (pair[0] is None, pair[0].name if pair[0] else ""))
    return [(district, hoods, sum(count for _hood, count in hoods)) for district, hoods in ordered]


def _matches_of(help_request: HelpRequest) -> list[HelpMatch]:
    query = (
        select(HelpMatch)
        .where(HelpMatch.request_id == help_request.id)
        .options(joinedload(HelpMatch.offer).joinedload(HelpOffer.user))
    )
    return list(db.session.scalars(query.order_by(HelpMatch.created_at.desc(), HelpMatch.id.desc())))


def _matchable(help_request: HelpRequest, matches: list[HelpMatch], blocked) -> bool:
    has_live = any(match.status in LIVE_MATCH for match in matches)
    return help_request.status == OPEN and not help_request.crisis and not has_live and blocked is None


def _helpers(here: str) -> dict:
    """What every console template uses; ``here`` is where its forms send the worker back to."""
    now = utcnow()
    return {
        "wording": wording,
        "waited": lambda since: wording.waited(since, now),
        "may_act_in": _may_act_in,
        "here": here,
    }


# --------------------------------------------------------------------------- pages


@bp.get("/console")
@access.worker
def console():
    """Open requests of the worker's teams' areas, crisis first then oldest first, and the live matches."""
    teams = _teams_for(current_user)
    chosen = request.args.get("team", "")
    shown = [team for team in teams if team.slug == chosen] or teams
    area_ids = _area_ids(shown, everything=current_user.is_coordinator and len(shown) == len(teams))
    waiting = _open_requests(area_ids)
    blocks = _blocks(area_ids)
    return render_template(
        "help/console.html",
        teams=teams,
        chosen=chosen if len(shown) == 1 and chosen else "",
        crisis=[item for item in waiting if item.crisis],
        waiting=[item for item in waiting if not item.crisis],
        blocked_ids={block.user_id for block, _person in blocks},
        matches=_live_matches(area_ids),
        areas=_best_set_links(area_ids, waiting),
        flagged=_flagged_offers(area_ids),
        blocks=blocks,
        volunteers_wanted=initiative_queries.volunteers_wanted(area_ids, limit=10),
        **_helpers(url_for("help.console", team=chosen or None)),
    )


@bp.get("/console/requests/<int:request_id>")
@for_team_of("request_id")
def console_request(request_id: int):
    return _request_page(_loaded(HelpRequest, request_id))


def _request_page(help_request: HelpRequest, form: ProposeForm | None = None, errors=(), status: int = 200):
    """The request in full, its matches so far, and ranked suggestions when it can be matched."""
    matches = _matches_of(help_request)
    blocked = db.session.get(HelpBlock, help_request.user_id)
    matchable = _matchable(help_request, matches, blocked)
    ranked = services.suggestions(help_request) if matchable else []
    return render_template(
        "help/console_request.html",
        item=help_request,
        matches=matches,
        blocked=blocked,
        suggestions=[(offer, suggestion, wording.explain(suggestion)) for offer, suggestion in ranked],
        matchable=matchable,
        form=form or ProposeForm(formdata=None),
        errors=[*errors, *(f"{field.label.text}: {message}" for field in form or () for message in field.errors)],
        **_helpers(url_for("help.console_request", request_id=help_request.id)),
    ), status


@bp.get("/console/areas/<code>/best")
@for_team_of("code")
def best_set(code: str):
    """The system's best set of matches for every open request in the area, to confirm one by one."""
    area = _area_by_code(code)
    hoods = [hood for hood in _neighbourhoods(area) if _may_act_in(hood)]
    area_ids = [hood.id for hood in hoods]
    now = utcnow()
    pairs = []
    for help_request, offer, score in services.best_set(area_ids, now):
        suggestion = matching.score(services.request_facts(help_request), services.offer_facts(offer), now)
        pairs.append((help_request, offer, score, wording.explain(suggestion)))
    waiting = _open_requests(area_ids)
    paired = {help_request.id for help_request, *_rest in pairs}
    return render_template(
        "help/console_best.html",
        area=area,
        hoods=hoods,
        pairs=pairs,
        crisis=[item for item in waiting if item.crisis],
        unpaired=[item for item in waiting if not item.crisis and item.id not in paired],
        **_helpers(url_for("help.best_set", code=area.code)),
    )


# --------------------------------------------------------------------------- actions


def _back(default: str) -> str:
    target = request.form.get("next")
    return safe_next(target, "help.console") if target else default


@bp.post("/console/requests/<int:request_id>/propose")
@for_team_of("request_id")
def propose_match(request_id: int):
    help_request = _loaded(HelpRequest, request_id)
    form = ProposeForm()
    if not form.validate_on_submit():
        return _request_page(help_request, form, status=422)
    offer = db.session.get(HelpOffer, form.offer_id.data)
    try:
        if offer is None:
            raise DomainError(_("This offer no longer exists. Choose another one."), "offer_id")
        services.propose(current_user, help_request, offer, form.note.data)
    except DomainError as error:
        db.session.rollback()
        return _request_page(db.session.get(HelpRequest, request_id), form, [error.message], 422)
    db.session.commit()
    flash(_("The match is proposed. Both neighbours are asked whether they agree."), "success")
    return redirect(_back(url_for("help.console_request", request_id=request_id)))


@bp.post("/console/matches/<int:match_id>/cancel")
@for_team_of("match_id")
def cancel_match(match_id: int):
    match = _loaded(HelpMatch, match_id)
    request_id = match.request_id
    try:
        services.cancel(current_user, match)
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
    try:
        act(form.reason.data if needs_reason else None)
    except DomainError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _action_page(action, form, **subject)
    db.session.commit()
    flash(done, "success")
    return redirect(_back(url_for("help.console")))


@bp.post("/console/offers/<int:offer_id>/flag")
@for_team_of("offer_id")
def flag_offer(offer_id: int):
    """Flag an offer with a reason (out of matching), or lift the flag ("lift" button)."""
    offer = _loaded(HelpOffer, offer_id)
    lifting = "lift" in request.form
    return _with_reason(
        "flag",
        lambda reason: services.flag_offer(current_user, offer, reason),
        _("The flag is lifted.") if lifting else _("The offer is flagged and out of matching."),
        needs_reason=not lifting,
        offer=offer,
    )


@bp.post("/console/people/<int:person_id>/block")
@for_team_of("person_id")
def block_person(person_id: int):
    person = _loaded(User, person_id)
    return _with_reason(
        "block",
        lambda reason: services.block_person(current_user, person, reason),
        _("%(name)s is blocked from matching; their proposed matches are cancelled.", name=person.name),
        person=person,
    )


@bp.post("/console/requests/<int:request_id>/close")
@for_team_of("request_id")
def close_request_as_team(request_id: int):
    """Close a request the team handled itself (a crisis call, help found elsewhere), with a reason."""
    help_request = _loaded(HelpRequest, request_id)
    return _with_reason(
        "close",
        lambda reason: services.close_as_team(current_user, help_request, reason),
        _("The request is closed."),
        item=help_request,
    )


@bp.post("/console/people/<int:person_id>/unblock")
@for_team_of("person_id")
def unblock_person(person_id: int):
    person = _loaded(User, person_id)
    services.unblock_person(current_user, person)
    db.session.commit()
    flash(_("The block on %(name)s is lifted.", name=person.name), "success")
    return redirect(_back(url_for("help.console")))


def _action_page(action: str, form: ReasonForm, **subject):
    """A flag, block or close form that needs correcting, on a page of its own (422)."""
    back = safe_next(form.next.data, "help.console")
    return render_template(
        "help/console_action.html", action=action, form=form, back=back, **subject, **_helpers(back)
    ), 422
