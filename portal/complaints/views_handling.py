"""The team's side of complaints: the list and a complaint's handling page (workers of the team read,
coordinators act), and the coordinators' actions: assign, take up or close, answer.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal import access
from portal.audit import AuditEntry
from portal.complaints import queries, services, subjects
from portal.complaints.blueprint import bp
from portal.complaints.forms import AnswerForm, AssignForm, StatusForm
from portal.complaints.models import CLOSED, Complaint
from portal.errors import commit_or_refuse
from portal.extensions import db
from portal.htmx import render
from portal.paging import get_or_404
from portal.submissions import Once
from portal.timeutil import utcnow


@bp.get("")
@access.worker
def handling_list():
    """Coordinators: every team's complaints; workers: their own teams' (to read). Oldest first."""
    teams = queries.visible_teams(current_user)
    filters = queries.Filters.from_args(request.args, [team.slug for team in teams])
    page = db.paginate(
        queries.complaints_found(filters, teams), page=filters.page, per_page=queries.PER_PAGE, error_out=False
    )
    return render(
        "complaints/list.html",
        "results",
        page=page,
        filters=filters,
        teams=teams,
        filter_labels=queries.FILTER_LABELS,
        status_labels=queries.STATUS_LABELS,
        kind_label=subjects.kind_label,
        now=utcnow(),
    )


def _history(complaint: Complaint) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject == f"complaint:{complaint.id}")
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )


def handling_page(complaint: Complaint, status: int = 200, **forms):
    """The complaint as its team sees it; coordinators get the forms (``forms`` keeps what they typed)."""
    subject = subjects.subject_of(complaint)
    acts = current_user.is_coordinator
    context = {
        "complaint": complaint,
        "description": subjects.describe(subject, for_team=True),
        "link": subjects.team_link(subject),
        "status_labels": queries.STATUS_LABELS,
        "now": utcnow(),
        "acts": acts,
        "history": _history(complaint),
    }
    if acts:
        assign_form = forms.get("assign_form") or AssignForm(assignee=complaint.assigned_to_id)
        assign_form.assignee.choices = [SelectChoice("", _("Nobody yet"))] + [
            SelectChoice(user.id, user.name) for user in services.assignable(complaint)
        ]
        context.update(
            assign_form=assign_form,
            answer_form=forms.get("answer_form") or AnswerForm(),
            status_form=StatusForm(),
            next_statuses=services.MANUAL.get(complaint.status, ()),
            status_error=forms.get("status_error"),
        )
    return render_template("complaints/handle.html", **context), status


def _back(complaint: Complaint):
    return redirect(url_for("complaints.show", complaint_id=complaint.id), 303)


@bp.post("/<id:complaint_id>/assign")
@access.coordinator
def assign(complaint_id: int):
    complaint = get_or_404(Complaint, complaint_id)
    form = AssignForm()
    if form.validate() and commit_or_refuse(form, lambda: services.assign(current_user, complaint, form.assignee.data)):
        flash(_("Saved who handles the complaint."), "success")
        return _back(complaint)
    return handling_page(complaint, 422, assign_form=form)


@bp.post("/<id:complaint_id>/status")
@access.coordinator
def set_status(complaint_id: int):
    complaint = get_or_404(Complaint, complaint_id)
    form = StatusForm()
    if form.validate() and commit_or_refuse(
        form, lambda: services.set_status(current_user, complaint, form.status.data or "")
    ):
        flash(
            _("The complaint is closed.") if complaint.status == CLOSED else _("The complaint is in progress."),
            "success",
        )
        return _back(complaint)
    message = next(iter(form.form_errors or form.status.errors), _("This complaint cannot go to that status now."))
    return handling_page(complaint, 422, status_error=message)


@bp.post("/<id:complaint_id>/answer")
@access.coordinator
def answer(complaint_id: int):
    complaint = get_or_404(Complaint, complaint_id)
    form = AnswerForm()
    if form.validate():
        once = Once(
            form,
            lambda: services.answer(current_user, complaint, form.answer.data),
            lambda _result: url_for("complaints.show", complaint_id=complaint.id),
        )
        if commit_or_refuse(form, once):
            flash(_("The answer has been sent to the resident."), "success")
            return redirect(once.url, 303)
    return handling_page(complaint, 422, answer_form=form)
