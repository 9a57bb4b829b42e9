"""Initiatives' main routes: the list, proposing and editing, an initiative's page (whole or one of its
htmx regions), its lifecycle steps, a resident's own initiatives and the workers' queue."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from portal import access, htmx
from portal.errors import DomainError, apply_to_form, commit_or_refuse
from portal.extensions import db
from portal.initiatives import conversation, lifecycle, permissions, queries, services, services_private, times
from portal.initiatives.blueprint import bp
from portal.initiatives.categories import CATEGORIES
from portal.initiatives.forms import PERMIT_LABELS, InitiativeForm, MessageForm, ScheduleForm, StepForm, filter_form
from portal.initiatives.models import Initiative
from portal.page_cache import public_page
from portal.paging import id_or_none
from portal.submissions import Once

PER_PAGE = 12
SHOW_TEMPLATE = "initiatives/show.html"
# Steps that need more than a click: a page with a form for the reason, date or report.
STEPS_WITH_FIELDS = {
    lifecycle.DECLINED: ("reason",),
    lifecycle.WITHDRAWN: ("reason",),
    lifecycle.PLANNED: ("planned_start", "planned_end", "place"),
    lifecycle.DONE: ("report",),
}


@bp.get("/")
@access.anyone
@public_page()
def list_initiatives():
    filters = queries.Filters.from_args(request.args)
    found = queries.initiatives_found(filters, current_user)
    page = db.paginate(found, page=filters.page, per_page=PER_PAGE, error_out=False)
    return htmx.render(
        "initiatives/list.html",
        "results",
        form=filter_form(request.args, current_user),
        areas=queries.area_choices(),
        filters=filters,
        page=page,
        photos=queries.first_photos(page.items),
        categories=CATEGORIES,
        status_labels=lifecycle.STATUS_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
@access.resident
def new_initiative():
    form = InitiativeForm()
    _fill_area_choices(form)
    if request.method == "GET" and current_user.area_id:
        form.area_id.data = current_user.area_id
    if form.is_submitted() and form.wants_another_role():
        form.add_role_row()
    elif form.validate_on_submit():
        propose = Once(
            form,
            lambda: services.propose_initiative(current_user, proposal_from(form)),
            lambda initiative: url_for("initiatives.show_initiative", initiative_id=initiative.id),
        )
        initiative = _save_proposal(form, propose)
        if initiative is not None:
            flash(_("Your initiative is saved as a draft. Submit it when it is ready."), "success")
            return redirect(url_for("initiatives.show_initiative", initiative_id=initiative.id))
    return _form_page("initiatives/new.html", form)


@bp.route("/<id:initiative_id>/edit", methods=["GET", "POST"])
@access.owner_or_team
def edit_initiative(initiative_id: int):
    initiative = _load_for_owner_or_team(initiative_id)
    if not permissions.can_edit(current_user, initiative):
        flash(_("This initiative can no longer be changed."), "error")
        return redirect(url_for("initiatives.show_initiative", initiative_id=initiative.id))
    form = InitiativeForm() if request.method == "POST" else InitiativeForm(data=form_data(initiative))
    _fill_area_choices(form)
    if form.is_submitted() and form.wants_another_role():
        form.add_role_row()
    elif form.validate_on_submit():
        saved = _save_proposal(form, lambda: services.update_initiative(current_user, initiative, proposal_from(form)))
        if saved is not None:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("initiatives.show_initiative", initiative_id=initiative.id))
    return _form_page("initiatives/edit.html", form, initiative=initiative)


@bp.get("/<id:initiative_id>")
@access.anyone
@public_page()
def show_initiative(initiative_id: int):
    initiative = queries.initiative_or_404(initiative_id)
    if not permissions.can_see(current_user, initiative):
        abort(404)
    return show_page(initiative)


@bp.route("/<id:initiative_id>/status", methods=["GET", "POST"])
@access.owner_or_team
def change_status(initiative_id: int):
    """A lifecycle step: submit, pick up, plan, decline, withdraw or close with a report."""
    initiative = _load_for_owner_or_team(initiative_id)
    form = StepForm()
    if request.method == "GET":
        form.to.data = request.args.get("to", "")
    elif form.validate_on_submit():
        if commit_or_refuse(form, lambda: services.change_status(current_user, initiative, _step_from(form))):
            label = lifecycle.STATUS_LABELS[form.to.data]
            flash(_("The initiative is now: %(status)s.", status=label), "success")
            return redirect(url_for("initiatives.show_initiative", initiative_id=initiative.id))
    return _step_page(initiative, form)


@bp.route("/<id:initiative_id>/schedule", methods=["GET", "POST"])
@access.owner_or_team
def reschedule(initiative_id: int):
    """Change the date or place of a planned initiative."""
    initiative = _load_for_owner_or_team(initiative_id)
    if initiative.status != lifecycle.PLANNED:
        flash(_("Only a planned initiative has a date to change."), "error")
        return redirect(url_for("initiatives.show_initiative", initiative_id=initiative.id))
    form = ScheduleForm(data=_schedule_data(initiative)) if request.method == "GET" else ScheduleForm()
    if form.validate_on_submit():
        start, end = times.to_utc(form.planned_start.data), times.to_utc(form.planned_end.data)
        if commit_or_refuse(form, lambda: services.reschedule(current_user, initiative, start, end, form.place.data)):
            flash(_("The new date and place are saved; the volunteers are told."), "success")
            return redirect(url_for("initiatives.show_initiative", initiative_id=initiative.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("initiatives/schedule.html", initiative=initiative, form=form), status


@bp.get("/mine")
@access.resident
def my_initiatives():
    """What the resident started (drafts included), signed up for, or supports."""
    return render_template(
        "initiatives/mine.html",
        started=queries.started_by(current_user),
        signups=queries.signed_up_for(current_user),
        supported=queries.initiatives_supported_by(current_user),
        categories=CATEGORIES,
        status_labels=lifecycle.STATUS_LABELS,
    )


@bp.get("/queue")
@access.worker
def queue():
    """Submitted initiatives waiting for a worker, oldest first; coordinators see every team."""
    teams = queries.teams_for(current_user)
    chosen = request.args.get("team", "")
    shown = [team for team in teams if team.slug == chosen] or teams
    team_ids = [team.id for team in shown]
    return render_template(
        "initiatives/queue.html",
        teams=teams,
        chosen=chosen if len(shown) == 1 and chosen else "",
        waiting=queries.waiting_queue(team_ids),
        in_progress=queries.in_progress(team_ids),
        reported=queries.reported_messages(team_ids),
        private=services_private.awaiting_the_team(team_ids),
        format_timedelta=format_timedelta,
        status_labels=lifecycle.STATUS_LABELS,
    )


def show_page(initiative, block: str = "content", status: int = 200, errors=None, message_form=None):
    """Render the initiative page; an htmx request gets only ``block`` ("join", "conversation").

    ``errors`` maps a region key ("support", "role-<id>", "message-<id>") to a message shown
    next to it. A fragment with an error comes back as 200: htmx only swaps successful
    responses, and the message must be seen. The whole page comes back as ``status``.
    """
    if htmx.is_fragment() and status == 422:
        status = 200
    return htmx.render(SHOW_TEMPLATE, block, status=status, **_show_context(initiative, errors, message_form))


def _show_context(initiative, errors=None, message_form=None) -> dict:
    may_post_updates = conversation.may_post_updates(current_user, initiative)
    return {
        "initiative": initiative,
        "categories": CATEGORIES,
        "permit_labels": PERMIT_LABELS,
        "status_labels": lifecycle.STATUS_LABELS,
        "lifecycle": lifecycle,
        "is_initiator": permissions.is_initiator(current_user, initiative),
        "is_team": permissions.is_team_worker(current_user, initiative),
        "sees_names": permissions.sees_names(current_user, initiative),
        "can_edit": permissions.can_edit(current_user, initiative),
        "next_steps": permissions.next_steps(current_user, initiative),
        "is_open": initiative.status in queries.OPEN,
        "support_count": queries.support_count(initiative),
        "supported": queries.supported_by(current_user, initiative),
        "my_roles": queries.role_ids_of(current_user, initiative),
        "messages": queries.messages_of(initiative),
        "reported": queries.reported_by(current_user, initiative),
        "may_post_updates": may_post_updates,
        "may_comment": initiative.status not in conversation.CLOSED or may_post_updates,
        # Only for someone who may write: making the form makes a CSRF token, which would give a visitor a session
        # cookie and keep their page out of the shared page cache.
        "message_form": message_form
        if message_form is not None
        else (MessageForm(formdata=None) if current_user.is_authenticated else None),
        "errors": errors or {},
        "AUTO_HIDDEN": conversation.AUTO_HIDDEN,
        # None for everyone but the initiator and the team: the private conversation is never shown to them.
        "private": services_private.summary_for(current_user, initiative),
    }


def _load_for_owner_or_team(initiative_id: int):
    initiative = queries.initiative_or_404(initiative_id)
    access.ensure_owner_or_team(initiative.initiator_id, permissions.team_slug(initiative))
    if not permissions.can_see(current_user, initiative):
        abort(404)
    return initiative


def _fill_area_choices(form: InitiativeForm) -> None:
    form.area_id.choices = queries.neighbourhood_choices()


def _form_page(template: str, form: InitiativeForm, **context):
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, categories=CATEGORIES, **context), status


def _step_page(initiative, form: StepForm):
    target = form.to.data if form.to.data in lifecycle.STATUSES else None
    similar = queries.similar_open_initiatives(initiative) if target == lifecycle.SUBMITTED else []
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "initiatives/step.html",
        initiative=initiative,
        form=form,
        target=target,
        fields=STEPS_WITH_FIELDS.get(target, ()),
        next_steps=permissions.next_steps(current_user, initiative),
        status_labels=lifecycle.STATUS_LABELS,
        similar=similar,
    ), status


def _save_proposal(form: InitiativeForm, change: Callable[[], Initiative]) -> Initiative | None:
    """``errors.commit_or_refuse`` for the proposal form, whose role rows are a list of subforms.

    A refusal about one row ("roles-2-needed") is shown next to that row's field. Returns the saved
    initiative, or None when the change was refused and rolled back.
    """
    try:
        initiative = change()
    except DomainError as error:
        db.session.rollback()
        show_error(form, error)
        return None
    db.session.commit()
    return initiative


def show_error(form, error: DomainError) -> None:
    """Put a domain error next to its field, also inside a role row ("roles-2-needed")."""
    parts = (error.field or "").split("-")
    if len(parts) == 3 and parts[0] == "roles" and parts[1].isdigit():
        entries = form.roles.entries
        index = int(parts[1])
        if index < len(entries) and hasattr(entries[index].form, parts[2]):
            target = getattr(entries[index].form, parts[2])
            target.errors = [*target.errors, error.message]
            form.form_errors.append(error.message)
            return
    apply_to_form(form, error)


def proposal_from(form: InitiativeForm) -> services.Proposal:
    """The form's fields as a Proposal; empty role rows are left out."""
    roles = [
        services.RoleInput(
            title=row.title.data, needed=row.needed.data, role_id=_int_or_none(row.role_id.data), row=index
        )
        for index, row in enumerate(form.roles)
        if row.title.data or row.needed.data is not None
    ]
    budget = form.budget.data
    return services.Proposal(
        title=form.title.data,
        description=form.description.data,
        category=form.category.data,
        area_id=form.area_id.data,
        place=form.place.data or None,
        proposed_from=form.proposed_from.data,
        proposed_until=form.proposed_until.data,
        proposed_time=form.proposed_time.data or None,
        roles=roles,
        budget_cents=int((budget * 100).to_integral_value()) if budget is not None else None,
        budget_breakdown=form.budget_breakdown.data or None,
        materials=form.materials.data or None,
        permit=form.permit.data,
    )


def _step_from(form: StepForm) -> services.StepInput:
    return services.StepInput(
        form.to.data,
        reason=form.reason.data,
        planned_start=times.to_utc(form.planned_start.data),
        planned_end=times.to_utc(form.planned_end.data),
        place=form.place.data,
        report=form.report.data,
    )


def form_data(initiative) -> dict:
    """An initiative as the edit form's data, with one empty role row to fill in."""
    roles = [{"role_id": str(role.id), "title": role.title, "needed": role.needed} for role in initiative.roles]
    budget = Decimal(initiative.budget_cents) / 100 if initiative.budget_cents is not None else None
    return {
        "title": initiative.title,
        "description": initiative.description,
        "category": initiative.category,
        "area_id": initiative.area_id,
        "place": initiative.place,
        "proposed_from": initiative.proposed_from,
        "proposed_until": initiative.proposed_until,
        "proposed_time": initiative.proposed_time,
        "roles": [*roles, {}],
        "budget": budget,
        "budget_breakdown": initiative.budget_breakdown,
        "materials": initiative.materials,
        "permit": initiative.permit,
    }


def _schedule_data(initiative) -> dict:
    return {
        "planned_start": times.to_local(initiative.planned_start),
        "planned_end": times.to_local(initiative.planned_end),
        "place": initiative.place,
    }


def _int_or_none(value) -> int | None:
    return id_or_none(value)
