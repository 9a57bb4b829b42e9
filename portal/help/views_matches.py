"""Residents' pages of their matches (routes on portal.help.blueprint.bp): my help, and one match.

On the page of a match both sides answer, see each other's contact details after two yeses, mark
the help as done and say whether it worked; the workers of the request's team look on. The order
of the steps is kept by services_matches; a refusal is shown on the page (errors.commit_or_refuse).

A recurring arrangement (services_arrangements) adds: "help given this time", pause, resume, end, the next
planned day and the check-ins. The team's workers read the check-in answers on /help/console/check-ins.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import access
from portal.errors import DomainError, commit_or_refuse
from portal.extensions import db
from portal.help import forms, matching, queries, queries_arrangements, services_matches, wording
from portal.help import forms_arrangements as lasting
from portal.help import services_arrangements as arrangements
from portal.help.blueprint import bp
from portal.help.models import HelpCheckIn, HelpMatch
from portal.help.notification_kinds import how_it_went
from portal.help.views_console import TEAMS_OF


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
        next_step={match.id: _next_step(match) for match in matches},
        needs_action={
            match.id: queries.needs_action(current_user, match)
            or arrangements.open_checkin(current_user, match) is not None
            for match in matches
        },
        recurring={match.id for match in matches if arrangements.is_recurring(match)},
        side_of=lambda match: services_matches.side_of(current_user, match),
    )


def _next_step(match: HelpMatch) -> str:
    """What the current user should do next; for an arrangement: record help given, or answer the check-in."""
    if arrangements.open_checkin(current_user, match) is not None:
        return _("Tell the team how the help goes.")
    if arrangements.is_recurring(match) and match.status == "accepted":
        if match.paused_at is not None:
            return _("Paused. Take the help up again when you are ready.")
        return _("Record each time the help was given. The arrangement goes on until one of you ends it.")
    return queries.next_step(current_user, match)


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


@bp.post("/matches/<id:match_id>/occurrences")
@access.owner_or_team
def record_occurrence(match_id: int):
    match = _visible_match(match_id)
    form = lasting.OccurrenceForm()
    if form.validate_on_submit() and commit_or_refuse(
        form, lambda: arrangements.record_occurrence(current_user, match, form.on_date.data)
    ):
        day = form.on_date.data or arrangements.local_today()
        flash(_("Thank you! The help given on %(date)s is recorded.", date=format_date(day, "long")), "success")
        return redirect(url_for("help.show_match", match_id=match.id), 303)
    return _match_page(queries.shown_or_404(HelpMatch, match_id), 422, occurrence_form=form)


@bp.post("/matches/<id:match_id>/pause")
@access.owner_or_team
def pause_match(match_id: int):
    return _step(match_id, arrangements.pause, _("The help is paused. You can take it up again at any time."))


@bp.post("/matches/<id:match_id>/resume")
@access.owner_or_team
def resume_match(match_id: int):
    return _step(match_id, arrangements.resume, _("The help goes on again."))


@bp.post("/matches/<id:match_id>/end")
@access.owner_or_team
def end_match(match_id: int):
    return _step(match_id, arrangements.end, _("The help has ended. Thank you! Tell us below how it went."))


@bp.post("/matches/<id:match_id>/next")
@access.owner_or_team
def plan_next(match_id: int):
    match = _visible_match(match_id)
    form = lasting.NextDateForm()
    if form.validate_on_submit() and commit_or_refuse(
        form, lambda: arrangements.plan_next(current_user, match, form.next_on.data)
    ):
        if form.next_on.data is None:
            flash(_("There is no next planned day now."), "success")
        else:
            flash(_("Saved. We remind you both the day before."), "success")
        return redirect(url_for("help.show_match", match_id=match.id), 303)
    return _match_page(queries.shown_or_404(HelpMatch, match_id), 422, next_form=form)


@bp.post("/matches/<id:match_id>/check-in")
@access.owner_or_team
def check_in(match_id: int):
    match = _visible_match(match_id)
    form = lasting.CheckInForm(prefix="checkin")
    if form.validate_on_submit() and commit_or_refuse(
        form,
        lambda: arrangements.answer_checkin(
            current_user,
            match,
            form.stage.data,
            arrangements.CheckInInput(
                happened=form.happened.data == "yes",
                rating=form.rating.data or None,
                note=form.note.data,
                flagged=bool(form.flagged.data),
            ),
        ),
    ):
        flash(_("Thank you for telling us. Only the team's workers read it."), "success")
        return redirect(url_for("help.show_match", match_id=match.id), 303)
    return _match_page(queries.shown_or_404(HelpMatch, match_id), 422, checkin_form=form)


def _step(match_id: int, change, done: str):
    """Pause, resume or end: one button, a message, back to the page (or the refusal on it)."""
    match = _visible_match(match_id)
    try:
        change(current_user, match)
    except DomainError as error:
        db.session.rollback()
        return _match_page(queries.shown_or_404(HelpMatch, match_id), 422, error=error.message)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("help.show_match", match_id=match.id), 303)


# --------------------------------------------------------------------------- the team's list of check-ins


@bp.get("/console/check-ins")
@access.worker
def checkins():
    teams = queries_arrangements.teams_for(current_user)
    return render_template(
        "help/match_checkins.html",
        **wording.words(),
        flagged=queries_arrangements.flagged_checkins(current_user),
        recent=queries_arrangements.recent_checkins(current_user),
        teams=teams,
        how_it_went=how_it_went,
        stage_labels=STAGE_LABELS,
        handled_form=lasting.HandledForm(formdata=None),
    )


@bp.post("/console/matches/<id:match_id>/check-ins/handled")
@access.team_worker_of("match_id", TEAMS_OF)
def checkin_handled(match_id: int):
    form = lasting.HandledForm()
    if not form.validate_on_submit():
        abort(400, _("Choose an answer from the list."))
    checkin = db.session.get(HelpCheckIn, form.checkin_id.data)
    if checkin is None or checkin.match_id != match_id:
        abort(404)
    try:
        arrangements.mark_handled(current_user, checkin)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("help.checkins"), 303)
    db.session.commit()
    flash(_("Marked as handled."), "success")
    return redirect(url_for("help.checkins"), 303)


STAGE_LABELS = {
    arrangements.STARTED: _l("After two weeks"),
    arrangements.ENDED: _l("After the end"),
    arrangements.STALE: _l("Not heard of for a while"),
}


def _visible_match(match_id: int) -> HelpMatch:
    """The match for its two sides and the workers of the request's team.

    Workers of another team get 403, as the owner-or-team rule says; any other resident gets a
    404, so a match's existence is not given away.
    """
    match = queries.shown_or_404(HelpMatch, match_id)
    if not queries.may_see_match(current_user, match):
        abort(403 if current_user.is_worker else 404)
    return match


def _match_page(match: HelpMatch, status: int = 200, answer_form=None, feedback_form=None, error=None, **forms_given):
    side = services_matches.side_of(current_user, match)
    if answer_form is None:
        answer_form = forms.AnswerForm(formdata=None)
        answer_form.fill_contacts(current_user)
    other = {"requester": match.offer.user, "helper": match.request.user}.get(side)
    stage = arrangements.open_checkin(current_user, match)
    checkin_form = forms_given.get("checkin_form") or lasting.CheckInForm(formdata=None, stage=stage, prefix="checkin")
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
        recurring=arrangements.is_recurring(match),
        occurrences=arrangements.occurrences_of(match),
        checkin_stage=stage,
        checkin_form=checkin_form,
        occurrence_form=forms_given.get("occurrence_form")
        or lasting.OccurrenceForm(formdata=None, on_date=arrangements.local_today()),
        next_form=forms_given.get("next_form") or lasting.NextDateForm(formdata=None, next_on=match.next_on),
    ), status
