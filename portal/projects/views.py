"""Collective projects on the site: the public list and page, a resident's own projects, joining and leaving.

Anyone reads a project; a logged-in resident joins or leaves it. The team's own work on a project is in
`views_manage`, which shows refusals on the same project page (`project_page`).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.errors import DomainError
from portal.extensions import db
from portal.htmx import render
from portal.page_cache import public_page
from portal.paging import get_or_404
from portal.projects import queries, services, services_invitations, services_messages
from portal.projects.blueprint import bp
from portal.projects.forms import InitiativeLinkForm, LeadMessageForm, StatusForm, UpdateForm
from portal.projects.models import Project


def _manages(project: Project) -> bool:
    return current_user.is_authenticated and current_user.is_worker and current_user.works_for(project.team.slug)


def to_project(project: Project, code: int = 302):
    """Back to the project's page."""
    return redirect(url_for("projects.show_project", project_id=project.id), code=code)


# --------------------------------------------------------------------------- reading


@bp.get("")
@access.anyone
@public_page()
def list_projects():
    filters = queries.Filters.from_args(request.args)
    page = db.paginate(queries.projects_found(filters), page=filters.page, per_page=queries.PER_PAGE, error_out=False)
    return render(
        "projects/list.html",
        "results",
        filters=filters,
        page=page,
        teams=queries.teams(),
        counts=queries.participant_counts(page.items),
        status_labels=queries.STATUS_LABELS,
    )


@bp.get("/<id:project_id>")
@access.anyone
@public_page()
def show_project(project_id: int):
    return project_page(get_or_404(Project, project_id))


def project_page(project: Project, status: int = 200, **forms):
    """The project's page; for its team's workers with the forms to manage it (``forms`` keeps what they typed)."""
    manages = _manages(project)
    upcoming, past = queries.upcoming_and_past(project)
    context = {
        "project": project,
        "status_labels": queries.STATUS_LABELS,
        "upcoming": upcoming,
        "past": past,
        "summary": queries.signal_summary(project),
        "participant_count": queries.participant_counts([project]).get(project.id, 0),
        "joined": services.is_participant(current_user, project),
        "invited": services_invitations.invitation_for(current_user, project) is not None,
        "manages": manages,
        "join_error": forms.pop("join_error", None),
        # Only for participants and the team: the lead's messages are never shown to anyone else.
        "lead_messages": services_messages.messages_of(project)
        if services_messages.may_read(current_user, project)
        else None,
    }
    if manages:
        context.update(_management(project, forms))
    return render_template("projects/show.html", **context), status


def _management(project: Project, forms: dict) -> dict:
    """What the team's workers see on the project's page: the participants and the forms to manage it."""
    status_form = forms.get("status_form") or StatusForm()
    status_form.status.choices = [(value, queries.STATUS_LABELS[value]) for value in services.next_statuses(project)]
    link_form = forms.get("link_form") or InitiativeLinkForm()
    linkable = queries.linkable_initiatives(project)
    link_form.initiative_id.choices = [("", _("Choose an initiative"))] + [
        (initiative.id, f"{initiative.title} ({initiative.area.name})") for initiative in linkable
    ]
    return {
        "participants": queries.participants(project),
        "status_form": status_form,
        "update_form": forms.get("update_form") or UpdateForm(),
        "message_form": forms.get("message_form") or LeadMessageForm(formdata=None),
        "link_form": link_form,
        "linkable": linkable,
    }


@bp.get("/mine")
@access.resident
def mine():
    return render_template(
        "projects/mine.html",
        joined=queries.joined_by(current_user),
        invited=queries.invited_not_joined(current_user),
        status_labels=queries.STATUS_LABELS,
    )


# --------------------------------------------------------------------------- residents join and leave


@bp.post("/<id:project_id>/join")
@access.resident
def join(project_id: int):
    project = get_or_404(Project, project_id)
    try:
        services.join(current_user, project)
    except DomainError as error:
        db.session.rollback()
        return project_page(project, 422, join_error=error.message)
    db.session.commit()
    flash(_("You joined the project. You will hear about its news and activities."), "success")
    return to_project(project)


@bp.post("/<id:project_id>/leave")
@access.resident
def leave(project_id: int):
    project = get_or_404(Project, project_id)
    try:
        left = services.leave(current_user, project)
    except DomainError as error:
        db.session.rollback()
        return project_page(project, 422, join_error=error.message)
    db.session.commit()
    if left:
        flash(_("You left the project."), "success")
    return to_project(project)
