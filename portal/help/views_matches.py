"""Residents' pages of their matches (routes on portal.help.blueprint.bp): my help, and one match.

On the page of a match both sides answer, see each other's contact details after two yeses, mark
the help as done and say whether it worked; the workers of the request's team look on. The order
of the steps is kept by services_matches; a refusal is shown on the page (errors.commit_or_refuse).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.errors import DomainError, commit_or_refuse
from portal.extensions import db
from portal.help import forms, matching, queries, services_matches, wording
from portal.help.blueprint import bp
from portal.help.models import HelpMatch


@bp.get("/mine")
@access.resident
def mine():
    matches = queries.matches_of(current_user)
    return render_template(
        "help/mine.html",
        **wording.words(),
        offers=queries.offers_of(current_user),
        requests=queries.requests_of(current_user),
        matches=matches,
        next_step={match.id: queries.next_step(current_user, match) for match in matches},
        needs_action={match.id: queries.needs_action(current_user, match) for match in matches},
        side_of=lambda match: services_matches.side_of(current_user, match),
    )


@bp.get("/matches/<id:match_id>")
@access.owner_or_team
def show_match(match_id: int):
    return _match_page(_visible_match(match_id))


@bp.post("/matches/<id:match_id>/answer")
@access.owner_or_team
def answer_match(match_id: int):
    match = _visible_match(match_id)
    form = forms.AnswerForm()
    form.fill_contacts(current_user)
    yes = form.answer.data == "yes"
    if form.validate_on_submit() and commit_or_refuse(
        form,
        lambda: services_matches.answer(current_user, match, yes, form.chosen_contact() if yes else None),
        {"contact": form.contact_field()},
    ):
        if not yes:
            flash(_("You said no. Thank you for letting us know."), "success")
        elif match.requester_answer == match.helper_answer == "yes":
            flash(_("You both said yes. You can now contact each other."), "success")
        else:
            flash(_("You said yes. We let you know when your neighbour has answered."), "success")
        return redirect(url_for("help.show_match", match_id=match.id), 303)
    return _match_page(queries.shown_or_404(HelpMatch, match_id), 422, answer_form=form)


@bp.post("/matches/<id:match_id>/finish")
@access.owner_or_team
def finish_match(match_id: int):
    match = _visible_match(match_id)
    try:
        services_matches.finish(current_user, match)
    except DomainError as error:
        db.session.rollback()
        return _match_page(queries.shown_or_404(HelpMatch, match_id), 422, error=error.message)
    db.session.commit()
    flash(_("Thank you! The help is marked as done."), "success")
    return redirect(url_for("help.show_match", match_id=match.id), 303)


@bp.post("/matches/<id:match_id>/feedback")
@access.owner_or_team
def match_feedback(match_id: int):
    match = _visible_match(match_id)
    form = forms.FeedbackForm()
    if form.validate_on_submit() and commit_or_refuse(
        form, lambda: services_matches.give_feedback(current_user, match, form.worked.data == "yes", form.note.data)
    ):
        flash(_("Thank you for telling us."), "success")
        return redirect(url_for("help.show_match", match_id=match.id), 303)
    return _match_page(queries.shown_or_404(HelpMatch, match_id), 422, feedback_form=form)


def _visible_match(match_id: int) -> HelpMatch:
    """The match for its two sides and the workers of the request's team.

    Workers of another team get 403, as the owner-or-team rule says; any other resident gets a
    404, so a match's existence is not given away.
    """
    match = queries.shown_or_404(HelpMatch, match_id)
    if not queries.may_see_match(current_user, match):
        abort(403 if current_user.is_worker else 404)
    return match


def _match_page(match: HelpMatch, status: int = 200, answer_form=None, feedback_form=None, error=None):
    side = services_matches.side_of(current_user, match)
    if answer_form is None:
        answer_form = forms.AnswerForm(formdata=None)
        answer_form.fill_contacts(current_user)
    other = {"requester": match.offer.user, "helper": match.request.user}.get(side)
    return render_template(
        "help/match.html",
        **wording.words(),
        match=match,
        side=side,
        other=other,
        my_answer=getattr(match, f"{side}_answer") if side else None,
        my_feedback=getattr(match, f"{side}_feedback") if side else None,
        contact=services_matches.contact_of_other_side(current_user, match),
        fits=wording.explain(matching.Reason(**reason) for reason in match.reasons or ()),
        is_team=queries.works_for_area(current_user, match.request.area),
        answer_form=answer_form,
        feedback_form=feedback_form or forms.FeedbackForm(formdata=None),
        error=error,
    ), status
