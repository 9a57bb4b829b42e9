"""Residents' pages for neighbourly help (routes on portal.help.blueprint.bp), but for matches.

The overview of requests near the resident and of available offers, the pages of one request or offer,
making, changing and withdrawing offers and requests, "I can help" and "I would like this help". Requests
stay private (queries.may_see_request): anonymous visitors see none and are asked to log in; residents see
those near their home. The page of a match and my help are in views_matches, the workers' look at held
requests in views_review. The rules live in services; a refusal comes back as DomainError and is shown on
the page (errors.commit_or_refuse).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal import access
from portal.cache import ANY_TABLE
from portal.errors import DomainError, commit_or_refuse
from portal.extensions import db
from portal.help import forms, queries, services, services_closing, services_editing, services_matches, wording
from portal.help.blueprint import bp
from portal.help.kinds import KIND_LABELS
from portal.help.models import HelpMatch, HelpOffer, HelpRequest
from portal.help.places import team_slug
from portal.htmx import render
from portal.initiatives import queries as initiative_queries
from portal.initiatives.queries import neighbourhood_choices
from portal.page_cache import member_page, public_page
from portal.submissions import Once
from portal.teams.models import Area
from portal.urls import safe_next

PER_PAGE = 12


def page(template: str, status: int = 200, **context):
    return render_template(template, **wording.words(), **context), status


def _status(*forms_) -> int:
    return 422 if any(form.errors or form.form_errors for form in forms_ if form is not None) else 200


def _back(default: str) -> str:
    target = request.form.get("next")
    return safe_next(target, "help.mine") if target else default


# --------------------------------------------------------------------------- the public overview


@bp.get("/")
@access.anyone
@public_page()
def index():
    """What help is; the offers; and, for a logged-in resident, the requests near their home."""
    filters = queries.Filters.from_args(request.args)
    if current_user.is_authenticated:  # the same page for everyone who sees the same neighbourhoods
        return member_page(
            lambda: _index(filters).get_data(as_text=True), ANY_TABLE, scope=queries.viewer_scope(current_user)
        )
    return _index(filters)


def _index(filters: queries.Filters):
    if filters.show == queries.REQUESTS:
        query = queries.requests_near(current_user, filters)
    else:
        query = queries.public_offers(filters)
    signed_in = current_user.is_authenticated
    results = None
    if filters.show == queries.OFFERS or signed_in:
        results = db.paginate(query, page=filters.page, per_page=PER_PAGE, error_out=False)
    in_area = (queries.area_ids(filters.area) or []) if filters.area else None
    return render(
        "help/index.html",
        "results",
        filters=filters,
        areas=queries.area_choices(),
        results=results,
        home=current_user.area if signed_in else None,
        near_km=format_decimal(queries.NEAR_KM, format="#,##0.#"),
        volunteers_wanted=initiative_queries.volunteers_wanted(in_area),
        REQUESTS=queries.REQUESTS,
        OFFERS=queries.OFFERS,
        **wording.words(),
    )


@bp.get("/requests/<id:request_id>")
@access.resident
def show_request(request_id: int):
    """A request for its requester, the team's workers, and logged-in neighbours near it; 404 for others."""
    help_request = _visible(HelpRequest, request_id)
    is_owner = _is(help_request.user_id)
    return page(
        "help/show_request.html",
        help_request=help_request,
        is_owner=is_owner,
        is_team=queries.works_for_area(current_user, help_request.area),
        is_public=queries.request_is_public(help_request),
        live_match=services_matches.live_match_of(help_request),
        may_edit=is_owner and services_editing.may_edit(help_request),
        team=help_request.area.team if help_request.area is not None else None,
        short_text=queries.SHORT_TEXT,
    )


@bp.get("/offers/<id:offer_id>")
@access.anyone
@public_page()
def show_offer(offer_id: int):
    offer = _visible(HelpOffer, offer_id)
    return page(
        "help/show_offer.html",
        offer=offer,
        is_owner=_is(offer.user_id),
        is_team=queries.works_for_area(current_user, offer.area),
        is_public=queries.offer_is_public(offer),
        has_place=queries.has_free_place(offer),
        ended=services.is_ended(offer),
    )


# --------------------------------------------------------------------------- offers


@bp.route("/offers/new", methods=["GET", "POST"])
@access.resident
def new_offer():
    if current_user.area is None:
        return page("help/offer_form.html", 422 if request.method == "POST" else 200, form=None, offer=None)
    form = forms.OfferForm()
    save = Once(
        form,
        lambda: services.save_offer(current_user, form.to_input()),
        lambda offer: url_for("help.show_offer", offer_id=offer.id),
    )
    if form.validate_on_submit() and commit_or_refuse(form, save):
        flash(_("Thank you! Your offer is saved. A worker of your team may propose a neighbour to you."), "success")
        return redirect(url_for("help.show_offer", offer_id=save.result.id))
    return page("help/offer_form.html", _status(form), form=form, offer=None)


@bp.route("/offers/<id:offer_id>/edit", methods=["GET", "POST"])
@access.owner_or_team
def edit_offer(offer_id: int):
    offer = _own_offer(offer_id)
    if not _is(offer.user_id):
        flash(_("Only the neighbour who made this offer can change it."), "error")
        return redirect(url_for("help.show_offer", offer_id=offer.id))
    if services.is_ended(offer):
        flash(_("You withdrew this offer. Make a new one to offer help again."), "error")
        return redirect(url_for("help.show_offer", offer_id=offer.id), 303)
    if current_user.area is None:
        return page("help/offer_form.html", 422 if request.method == "POST" else 200, form=None, offer=offer)
    form = forms.OfferForm() if request.method == "POST" else forms.OfferForm(data=forms.OfferForm.data_of(offer))
    if form.validate_on_submit() and commit_or_refuse(
        form, lambda: services.save_offer(current_user, form.to_input(), offer)
    ):
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("help.show_offer", offer_id=offer.id))
    return page("help/offer_form.html", _status(form), form=form, offer=offer)


@bp.post("/offers/<id:offer_id>/pause")
@access.owner_or_team
def pause_offer(offer_id: int):
    offer = _own_offer(offer_id)
    return _step(
        lambda: services.set_paused(current_user, offer, True),
        _("Your offer is paused. Neighbours do not see it until you resume it."),
        _back(url_for("help.show_offer", offer_id=offer.id)),
    )


@bp.post("/offers/<id:offer_id>/resume")
@access.owner_or_team
def resume_offer(offer_id: int):
    offer = _own_offer(offer_id)
    return _step(
        lambda: services.set_paused(current_user, offer, False),
        _("Your offer is active again."),
        _back(url_for("help.show_offer", offer_id=offer.id)),
    )


@bp.post("/offers/<id:offer_id>/withdraw")
@access.owner_or_team
def withdraw_offer(offer_id: int):
    """The helper ends their offer for good (services_editing.end_offer says what happens to its matches)."""
    offer = _own_offer(offer_id)
    return _step(
        lambda: services_editing.end_offer(current_user, offer),
        _("Your offer is withdrawn. Neighbours no longer see it and nobody new is proposed to you."),
        _back(url_for("help.show_offer", offer_id=offer.id)),
    )


# --------------------------------------------------------------------------- requests


@bp.route("/requests/new", methods=["GET", "POST"])
@access.resident
def new_request():
    form = forms.RequestForm()
    form.area_id.choices = neighbourhood_choices()
    if request.method == "GET" and current_user.area_id:
        form.area_id.data = current_user.area_id
    create = Once(
        form,
        lambda: services.create_request(current_user, form.to_input(db.session.get(Area, form.area_id.data))),
        lambda help_request: url_for("help.show_request", request_id=help_request.id),
    )
    if form.validate_on_submit() and commit_or_refuse(form, create, form.refusal_fields()):
        return _saved(
            create.result, _("Your request is saved. A worker of your team looks for a neighbour who can help.")
        )
    return page("help/request_form.html", _status(form), form=form, help_request=None)


@bp.route("/requests/<id:request_id>/edit", methods=["GET", "POST"])
@access.owner_or_team
def edit_request(request_id: int):
    """The requester changes their open request (the same form, filled in); the checks run again."""
    help_request = queries.shown_or_404(HelpRequest, request_id)
    access.ensure_owner_or_team(help_request.user_id, team_slug(help_request.area))
    back = url_for("help.show_request", request_id=help_request.id)
    if not _is(help_request.user_id):
        flash(_("Only the neighbour who asked for this help can change it."), "error")
        return redirect(back, 303)
    editable = services_editing.may_edit(help_request)
    if request.method == "POST" or not editable:
        form = forms.RequestForm()
    else:
        form = forms.RequestForm(data=forms.RequestForm.data_of(help_request))
    form.area_id.choices = neighbourhood_choices()
    if not editable:  # said on the page, with what the resident can do instead
        return page(
            "help/request_form.html", 422 if request.method == "POST" else 200, form=None, help_request=help_request
        )
    if form.validate_on_submit() and commit_or_refuse(
        form,
        lambda: services_editing.edit_request(
            current_user, help_request, form.to_input(db.session.get(Area, form.area_id.data))
        ),
        form.refusal_fields(),
    ):
        return _saved(help_request, _("Your changes are saved."))
    return page("help/request_form.html", _status(form), form=form, help_request=help_request)


@bp.post("/requests/<id:request_id>/close")
@access.owner_or_team
def close_request(request_id: int):
    """The requester withdraws their request: it is closed, and a match under way is ended honestly
    (services_closing.close_request: the helper and the team are told, the helper's place is free again)."""
    help_request = queries.shown_or_404(HelpRequest, request_id)
    access.ensure_owner_or_team(help_request.user_id, team_slug(help_request.area))
    return _step(
        lambda: services_closing.close_request(current_user, help_request),
        _("Your request is withdrawn. Neighbours no longer see it."),
        _back(url_for("help.show_request", request_id=help_request.id)),
    )


@bp.route("/requests/<id:request_id>/respond", methods=["GET", "POST"])
@access.resident
def respond_to_request(request_id: int):
    """ "I can help": the requester is asked; contact details follow after their yes."""
    help_request = queries.shown_or_404(HelpRequest, request_id)
    if not queries.may_see_request(current_user, help_request):
        return _unavailable(_("This request is no longer open"))
    if _is(help_request.user_id):
        flash(_("This is your own request."), "error")
        return redirect(url_for("help.show_request", request_id=help_request.id))
    form = forms.RespondForm()
    form.fill_contacts(current_user)
    respond = Once(
        form,
        lambda: services_matches.respond_to_request(
            current_user, help_request, form.message.data, form.chosen_contact()
        ),
        lambda match: url_for("help.show_match", match_id=match.id),
    )
    if _sent_with_home(form, respond, {"contact": form.contact_field()}):
        flash(_("Thank you! Your neighbour is asked whether they accept your help."), "success")
        return redirect(url_for("help.show_match", match_id=respond.result.id))
    return page(
        "help/respond.html",
        _status_with_home(form),
        form=form,
        help_request=help_request,
        can_respond=queries.request_is_public(help_request) and services_matches.live_match_of(help_request) is None,
    )


@bp.route("/offers/<id:offer_id>/ask", methods=["GET", "POST"])
@access.resident
def ask_offer(offer_id: int):
    """ "I would like this help": it becomes the resident's request and a match the helper answers."""
    offer = queries.shown_or_404(HelpOffer, offer_id)
    if not queries.may_see_offer(current_user, offer):
        return _unavailable(_("This offer is not available now"))
    if _is(offer.user_id):
        flash(_("This is your own offer."), "error")
        return redirect(url_for("help.show_offer", offer_id=offer.id))
    form = forms.AskForm()
    form.kind.choices = [SelectChoice(kind, KIND_LABELS.get(kind, kind)) for kind in offer.kinds]
    if request.method == "GET" and len(offer.kinds) == 1:
        form.kind.data = offer.kinds[0]
    form.fill_contacts(current_user)
    ask = Once(
        form,
        lambda: services_matches.respond_to_offer(
            current_user, offer, form.kind.data, form.message.data, form.chosen_contact()
        ),
        # A text that suggests a crisis or is held stores the request for the team, not a match: it is in "my help".
        lambda result: (
            url_for("help.show_match", match_id=result.id) if isinstance(result, HelpMatch) else url_for("help.mine")
        ),
    )
    if _sent_with_home(form, ask, {"contact": form.contact_field(), "description": "message"}):
        if isinstance(ask.result, HelpRequest):  # the team looks first: the crisis or the held page
            return _saved(ask.result, "")
        flash(_("Thank you! Your neighbour is asked whether they can help you."), "success")
        return redirect(url_for("help.show_match", match_id=ask.result.id))
    return page(
        "help/ask.html",
        _status_with_home(form),
        form=form,
        offer=offer,
        can_ask=queries.offer_is_public(offer) and queries.has_free_place(offer),
    )


# --------------------------------------------------------------------------- helpers


def _is(user_id: int | None) -> bool:
    return current_user.is_authenticated and user_id is not None and current_user.id == user_id


def _visible(model, key: int):
    """The request or offer for those who may see it (see queries.may_see_*); 404 for others."""
    item = queries.shown_or_404(model, key)
    may_see = queries.may_see_request if model is HelpRequest else queries.may_see_offer
    if not may_see(current_user, item):
        abort(404)
    return item


def _own_offer(offer_id: int):
    """The offer for its owner or the workers of its team; 403 for others (see access.OWNER_OR_TEAM)."""
    offer = queries.shown_or_404(HelpOffer, offer_id)
    access.ensure_owner_or_team(offer.user_id, team_slug(offer.area))
    return offer


def _step(change, done: str, target: str):
    """A one-click step (pause, resume, close): commit and say so, or show the refusal."""
    try:
        change()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(target, 303)
    db.session.commit()
    flash(done, "success")
    return redirect(target, 303)


def _sent_with_home(form, change: Once, fields: dict) -> bool:
    """Sent by a resident with a home area (who alone can write to a neighbour), valid, and committed."""
    return current_user.area is not None and form.validate_on_submit() and commit_or_refuse(form, change, fields)


def _status_with_home(form) -> int:
    """422 for a form with errors, and for one sent by a resident without a home area; else 200."""
    return _status(form) if current_user.area is not None or request.method == "GET" else 422


def _unavailable(title: str):
    """A request or offer that is no longer public: said plainly, without any of its details."""
    return page("help/unavailable.html", 422 if request.method == "POST" else 200, title=title)


def _saved(help_request: HelpRequest, done: str):
    """After a request is stored: the crisis page, the held page, or its own page with ``done``."""
    if help_request.crisis:
        return _crisis_page(help_request.area)
    if help_request.held_at is not None:
        team = help_request.area.team if help_request.area is not None else None
        return page("help/held.html", help_request=help_request, team=team)
    flash(done, "success")
    return redirect(url_for("help.show_request", request_id=help_request.id))


def _crisis_page(area):
    """Not a wait for a neighbour: the emergency numbers, and the team that will get in touch."""
    team = area.team if area is not None else None
    return page("help/crisis.html", team=team)
