"""Residents' pages for neighbourly help (routes on portal.help.blueprint.bp).

The overview of open requests and available offers, the pages of one request or offer, making
and changing offers and requests, "I can help" and "I would like this help", my help, and the
page of a match where both sides answer, see each other's contact details after two yeses,
mark the help as done and say whether it worked. The rules live in services; a refusal comes
back as DomainError and is shown on the page.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal import access
from portal.errors import DomainError, apply_to_form
from portal.extensions import db
from portal.help import forms, matching, queries, services, wording
from portal.help.blueprint import bp
from portal.help.kinds import DAY_LABELS, KIND_LABELS, LANGUAGE_NAMES, PART_LABELS, URGENCY_LABELS, slot_label
from portal.htmx import render
from portal.initiatives import queries as initiative_queries
from portal.initiatives.queries import neighbourhood_choices
from portal.teams.models import Area
from portal.urls import safe_next

PER_PAGE = 12


# --------------------------------------------------------------------------- words for the templates


def slots_text(slots) -> str:
    """Times of the week in week order: "Tuesday afternoon, Tuesday evening, Saturday morning"."""
    chosen = [slot for slot in matching.SLOTS if slot in set(slots or ())]
    return ", ".join(slot_label(slot) for slot in chosen) if chosen else _("Any time")


def reach_text(offer) -> str:
    if offer.radius_km is None:
        return _("In their own neighbourhood")
    return _("Up to %(km)s km from home", km=format_decimal(offer.radius_km, format="#,##0.#"))


def languages_text(codes) -> str:
    return ", ".join(LANGUAGE_NAMES.get(code, code) for code in codes or ())


def _words() -> dict:
    return {
        "kind_labels": KIND_LABELS,
        "urgency_labels": URGENCY_LABELS,
        "help_languages": LANGUAGE_NAMES,
        "day_labels": DAY_LABELS,
        "part_labels": PART_LABELS,
        "days": matching.DAYS,
        "parts": matching.PARTS,
        "request_status_labels": wording.REQUEST_STATUS_LABELS,
        "match_status_labels": wording.MATCH_STATUS_LABELS,
        "slots_text": slots_text,
        "slot_label": slot_label,
        "reach_text": reach_text,
        "languages_text": languages_text,
        "public_text": queries.without_contact_details,
    }


def page(template: str, status: int = 200, **context):
    return render_template(template, **_words(), **context), status


def _status(*forms_) -> int:
    return 422 if any(form.errors or form.form_errors for form in forms_ if form is not None) else 200


def _refusal(form, error: DomainError, fields: dict | None = None) -> None:
    """Roll back what the service did and show its message next to the right field (or on top)."""
    db.session.rollback()
    name = (fields or {}).get(error.field, error.field)
    apply_to_form(form, DomainError(error.message, name if name in form._fields else None))


def _back(default: str) -> str:
    target = request.form.get("next")
    return safe_next(target, "help.mine") if target else default


# --------------------------------------------------------------------------- the public overview


@bp.get("/")
@access.anyone
def index():
    filters = queries.Filters.from_args(request.args)
    query = queries.public_requests(filters) if filters.show == queries.REQUESTS else queries.public_offers(filters)
    results = db.paginate(query, page=filters.page, per_page=PER_PAGE, error_out=False)
    in_area = (queries.area_ids(filters.area) or []) if filters.area else None
    return render(
        "help/index.html",
        "results",
        filters=filters,
        areas=queries.area_choices(),
        results=results,
        volunteers_wanted=initiative_queries.volunteers_wanted(in_area),
        REQUESTS=queries.REQUESTS,
        OFFERS=queries.OFFERS,
        **_words(),
    )


@bp.get("/requests/<int:request_id>")
@access.anyone
def show_request(request_id: int):
    help_request = _visible_request(request_id)
    return page(
        "help/show_request.html",
        help_request=help_request,
        is_owner=_is(help_request.user_id),
        is_team=queries.works_for_area(current_user, help_request.area),
        is_public=queries.request_is_public(help_request),
        live_match=queries.live_match_of(help_request),
    )


@bp.get("/offers/<int:offer_id>")
@access.anyone
def show_offer(offer_id: int):
    offer = _visible_offer(offer_id)
    return page(
        "help/show_offer.html",
        offer=offer,
        is_owner=_is(offer.user_id),
        is_team=queries.works_for_area(current_user, offer.area),
        is_public=queries.offer_is_public(offer),
        has_place=queries.has_free_place(offer),
    )


# --------------------------------------------------------------------------- offers


@bp.route("/offers/new", methods=["GET", "POST"])
@access.resident
def new_offer():
    if current_user.area is None:
        return page("help/offer_form.html", 422 if request.method == "POST" else 200, form=None, offer=None)
    form = forms.OfferForm()
    if form.validate_on_submit():
        try:
            offer = services.save_offer(current_user, form.to_input())
        except DomainError as error:
            _refusal(form, error)
        else:
            db.session.commit()
            flash(_("Thank you! Your offer is saved. A worker of your team may propose a neighbour to you."), "success")
            return redirect(url_for("help.show_offer", offer_id=offer.id))
    return page("help/offer_form.html", _status(form), form=form, offer=None)


@bp.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@access.owner_or_team
def edit_offer(offer_id: int):
    offer = _own_offer(offer_id)
    if not _is(offer.user_id):
        flash(_("Only the neighbour who made this offer can change it."), "error")
        return redirect(url_for("help.show_offer", offer_id=offer.id))
    if current_user.area is None:
        return page("help/offer_form.html", 422 if request.method == "POST" else 200, form=None, offer=offer)
    form = forms.OfferForm() if request.method == "POST" else forms.OfferForm(data=forms.OfferForm.data_of(offer))
    if form.validate_on_submit():
        try:
            services.save_offer(current_user, form.to_input(), offer)
        except DomainError as error:
            _refusal(form, error)
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("help.show_offer", offer_id=offer.id))
    return page("help/offer_form.html", _status(form), form=form, offer=offer)


@bp.post("/offers/<int:offer_id>/pause")
@access.owner_or_team
def pause_offer(offer_id: int):
    offer = _own_offer(offer_id)
    return _step(
        lambda: services.set_paused(current_user, offer, True),
        _("Your offer is paused. Neighbours do not see it until you resume it."),
        _back(url_for("help.show_offer", offer_id=offer.id)),
    )


@bp.post("/offers/<int:offer_id>/resume")
@access.owner_or_team
def resume_offer(offer_id: int):
    offer = _own_offer(offer_id)
    return _step(
        lambda: services.set_paused(current_user, offer, False),
        _("Your offer is active again."),
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
    if form.validate_on_submit():
        area = db.session.get(Area, form.area_id.data)
        try:
            help_request = services.create_request(current_user, form.to_input(area))
        except DomainError as error:
            _refusal(form, error, {error.field: form.field_for(error.field)})
        else:
            db.session.commit()
            if help_request.crisis:
                return _crisis_page(help_request.area)
            flash(_("Your request is saved. A worker of your team looks for a neighbour who can help."), "success")
            return redirect(url_for("help.show_request", request_id=help_request.id))
    return page("help/request_form.html", _status(form), form=form)


@bp.post("/requests/<int:request_id>/close")
@access.owner_or_team
def close_request(request_id: int):
    help_request = queries.request_or_404(request_id)
    access.ensure_owner_or_team(help_request.user_id, _team_slug(help_request.area))
    return _step(
        lambda: services.close_request(current_user, help_request),
        _("Your request is closed."),
        _back(url_for("help.show_request", request_id=help_request.id)),
    )


@bp.route("/requests/<int:request_id>/respond", methods=["GET", "POST"])
@access.resident
def respond_to_request(request_id: int):
    """ "I can help": the requester is asked; contact details follow after their yes."""
    help_request = queries.request_or_404(request_id)
    if not queries.may_see_request(current_user, help_request):
        return _unavailable(_("This request is no longer open"))
    if _is(help_request.user_id):
        flash(_("This is your own request."), "error")
        return redirect(url_for("help.show_request", request_id=help_request.id))
    form = forms.RespondForm()
    form.fill_contacts(current_user)
    if current_user.area is not None and form.validate_on_submit():
        try:
            match = services.respond_to_request(current_user, help_request, form.message.data, form.chosen_contact())
        except DomainError as error:
            _refusal(form, error, {"contact": _contact_field(form)})
        else:
            db.session.commit()
            flash(_("Thank you! Your neighbour is asked whether they accept your help."), "success")
            return redirect(url_for("help.show_match", match_id=match.id))
    status = _status(form) if current_user.area is not None or request.method == "GET" else 422
    return page(
        "help/respond.html",
        status,
        form=form,
        help_request=help_request,
        can_respond=queries.request_is_public(help_request) and queries.live_match_of(help_request) is None,
    )


@bp.route("/offers/<int:offer_id>/ask", methods=["GET", "POST"])
@access.resident
def ask_offer(offer_id: int):
    """ "I would like this help": it becomes the resident's request and a match the helper answers."""
    offer = queries.offer_or_404(offer_id)
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
    if current_user.area is not None and form.validate_on_submit():
        try:
            match = services.respond_to_offer(
                current_user, offer, form.kind.data, form.message.data, form.chosen_contact()
            )
        except DomainError as error:
            _refusal(form, error, {"contact": _contact_field(form), "description": "message"})
        else:
            db.session.commit()
            if match is None:  # the text suggests a crisis: the team looks first
                return _crisis_page(current_user.area)
            flash(_("Thank you! Your neighbour is asked whether they can help you."), "success")
            return redirect(url_for("help.show_match", match_id=match.id))
    status = _status(form) if current_user.area is not None or request.method == "GET" else 422
    return page(
        "help/ask.html",
        status,
        form=form,
        offer=offer,
        can_ask=queries.offer_is_public(offer) and queries.has_free_place(offer),
    )


# --------------------------------------------------------------------------- mine


@bp.get("/mine")
@access.resident
def mine():
    matches = queries.matches_of(current_user)
    return page(
        "help/mine.html",
        offers=queries.offers_of(current_user),
        requests=queries.requests_of(current_user),
        matches=matches,
        next_step={match.id: queries.next_step(current_user, match) for match in matches},
        needs_action={match.id: queries.needs_action(current_user, match) for match in matches},
        side_of=lambda match: services.side_of(current_user, match),
    )


# --------------------------------------------------------------------------- a match


@bp.get("/matches/<int:match_id>")
@access.owner_or_team
def show_match(match_id: int):
    return _match_page(_visible_match(match_id))


@bp.post("/matches/<int:match_id>/answer")
@access.owner_or_team
def answer_match(match_id: int):
    match = _visible_match(match_id)
    form = forms.AnswerForm()
    form.fill_contacts(current_user)
    if form.validate_on_submit():
        yes = form.answer.data == "yes"
        try:
            services.answer(current_user, match, yes, form.chosen_contact() if yes else None)
        except DomainError as error:
            _refusal(form, error, {"contact": _contact_field(form)})
        else:
            db.session.commit()
            both = match.requester_answer == match.helper_answer == "yes"
            if not yes:
                flash(_("You said no. Thank you for letting us know."), "success")
            elif both:
                flash(_("You both said yes. You can now contact each other."), "success")
            else:
                flash(_("You said yes. We let you know when your neighbour has answered."), "success")
            return redirect(url_for("help.show_match", match_id=match.id), 303)
    return _match_page(queries.match_or_404(match_id), 422, answer_form=form)


@bp.post("/matches/<int:match_id>/finish")
@access.owner_or_team
def finish_match(match_id: int):
    match = _visible_match(match_id)
    try:
        services.finish(current_user, match)
    except DomainError as error:
        db.session.rollback()
        return _match_page(queries.match_or_404(match_id), 422, error=error.message)
    db.session.commit()
    flash(_("Thank you! The help is marked as done."), "success")
    return redirect(url_for("help.show_match", match_id=match.id), 303)


@bp.post("/matches/<int:match_id>/feedback")
@access.owner_or_team
def match_feedback(match_id: int):
    match = _visible_match(match_id)
    form = forms.FeedbackForm()
    if form.validate_on_submit():
        try:
            services.give_feedback(current_user, match, form.worked.data == "yes", form.note.data)
        except DomainError as error:
            _refusal(form, error)
        else:
            db.session.commit()
            flash(_("Thank you for telling us."), "success")
            return redirect(url_for("help.show_match", match_id=match.id), 303)
    return _match_page(queries.match_or_404(match_id), 422, feedback_form=form)


def _match_page(match, status: int = 200, answer_form=None, feedback_form=None, error=None):
    side = services.side_of(current_user, match)
    if answer_form is None:
        answer_form = forms.AnswerForm(formdata=None)
        answer_form.fill_contacts(current_user)
    if feedback_form is None:
        feedback_form = forms.FeedbackForm(formdata=None)
    other = None
    if side == "requester":
        other = match.offer.user
    elif side == "helper":
        other = match.request.user
    return page(
        "help/match.html",
        status,
        match=match,
        side=side,
        other=other,
        my_answer=getattr(match, f"{side}_answer") if side else None,
        my_feedback=getattr(match, f"{side}_feedback") if side else None,
        contact=services.contact_of_other_side(current_user, match),
        fits=wording.explain(matching.Reason(**reason) for reason in match.reasons or ()),
        is_team=queries.works_for_area(current_user, match.request.area),
        answer_form=answer_form,
        feedback_form=feedback_form,
        error=error,
    )


# --------------------------------------------------------------------------- helpers


def _is(user_id: int | None) -> bool:
    return current_user.is_authenticated and user_id is not None and current_user.id == user_id


def _team_slug(area) -> str | None:
    return area.team.slug if area is not None and area.team is not None else None


def _visible_request(request_id: int):
    help_request = queries.request_or_404(request_id)
    if not queries.may_see_request(current_user, help_request):
        abort(404)
    return help_request


def _visible_offer(offer_id: int):
    offer = queries.offer_or_404(offer_id)
    if not queries.may_see_offer(current_user, offer):
        abort(404)
    return offer


def _own_offer(offer_id: int):
    """The offer for its owner or the workers of its team; 403 for others (see access.OWNER_OR_TEAM)."""
    offer = queries.offer_or_404(offer_id)
    access.ensure_owner_or_team(offer.user_id, _team_slug(offer.area))
    return offer


def _visible_match(match_id: int):
    """The match for its two sides and the workers of the request's team.

    Workers of another team get 403, as the owner-or-team rule says; any other resident gets a
    404, so a match's existence is not given away.
    """
    match = queries.match_or_404(match_id)
    if not queries.may_see_match(current_user, match):
        abort(403 if current_user.is_worker else 404)
    return match


def _contact_field(form) -> str:
    return "other_contact" if form.contact.data == "other" else "contact"


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


def _unavailable(title: str):
    """A request or offer that is no longer public: said plainly, without any of its details."""
    return page("help/unavailable.html", 422 if request.method == "POST" else 200, title=title)


def _crisis_page(area):
    """Not a wait for a neighbour: the emergency numbers, and the team that will get in touch."""
    team = area.team if area is not None else None
    return page("help/crisis.html", team=team)
