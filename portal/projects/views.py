"""Collective projects on the site: the public list and page, joining, and the team's own work on a project.

Anyone reads a project; a logged-in resident joins or leaves it. Starting a project is for workers
(access.worker: a cluster of another team is refused); every other change is for the workers of the
project's team and coordinators (access.TEAM_WORKER, checked by ``for_team_of``).
"""

from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.accounts.models import User
from portal.errors import DomainError, apply_to_form
from portal.extensions import db
from portal.htmx import render
from portal.initiatives.models import Initiative
from portal.initiatives.times import to_local
from portal.paging import MAX_ID, get_or_404, page_number
from portal.projects import agenda as _agenda  # noqa: F401 - adds project activities to the agenda
from portal.projects import queries, services
from portal.projects.blueprint import bp
from portal.projects.forms import ActivityForm, InitiativeLinkForm, ProjectForm, StatusForm, UpdateForm
from portal.projects.models import FINISHED, Project, ProjectActivity
from portal.signals.models import LIVE, SignalCluster
from portal.teams.models import Area, Team

# --------------------------------------------------------------------------- access


TEAMS_OF = {
    "project_id": lambda key: get_or_404(Project, key).team.slug,
    "activity_id": lambda key: get_or_404(ProjectActivity, key).project.team.slug,
}


def for_team_of(argument: str):
    """access.TEAM_WORKER for the project named by the URL ``argument``: its team's workers, and coordinators."""

    def allowed(**kwargs) -> bool:
        if not current_user.is_worker:
            return False
        return current_user.works_for(TEAMS_OF[argument](kwargs[argument]))

    return access._require(allowed, access.TEAM_WORKER)


def _manages(project: Project) -> bool:
    return current_user.is_authenticated and current_user.is_worker and current_user.works_for(project.team.slug)


def _saved(form, change) -> bool:
    """Run a service's change for a form: committed, or rolled back with the refusal shown on the form."""
    try:
        change()
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return False
    db.session.commit()
    return True


def _to_project(project: Project):
    return redirect(url_for("projects.show_project", project_id=project.id))


# --------------------------------------------------------------------------- reading


@bp.get("")
@access.anyone
def list_projects():
    filters = queries.Filters.from_args(request.args)
    filters = replace(filters, page=page_number(filters.page))  # a crafted page must not reach the database
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


@bp.get("/<int:project_id>")
@access.anyone
def show_project(project_id: int):
    return _show(get_or_404(Project, project_id))


def _show(project: Project, status: int = 200, **forms):
    manages = _manages(project)
    upcoming, past = queries.upcoming_and_past(project)
    context = {
        "project": project,
        "status_labels": queries.STATUS_LABELS,
        "upcoming": upcoming,
        "past": past,
        "summary": queries.signal_summary(project),
        "participant_count": len(project.participants),
        "joined": services.is_participant(current_user, project),
        "invited": services.invitation_for(current_user, project) is not None,
        "manages": manages,
        "join_error": forms.pop("join_error", None),
    }
    if manages:
        status_form = forms.get("status_form") or StatusForm()
        status_form.status.choices = [
            (value, queries.STATUS_LABELS[value]) for value in services.next_statuses(project)
        ]
        link_form = forms.get("link_form") or InitiativeLinkForm()
        linkable = queries.linkable_initiatives(project)
        link_form.initiative_id.choices = [("", _("Choose an initiative"))] + [
            (initiative.id, f"{initiative.title} ({initiative.area.name})") for initiative in linkable
        ]
        context.update(
            participants=queries.participants(project),
            status_form=status_form,
            update_form=forms.get("update_form") or UpdateForm(),
            link_form=link_form,
            linkable=linkable,
        )
    return render_template("projects/show.html", **context), status


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


@bp.post("/<int:project_id>/join")
@access.resident
def join(project_id: int):
    project = get_or_404(Project, project_id)
    try:
        services.join(current_user, project)
    except DomainError as error:
        db.session.rollback()
        return _show(project, 422, join_error=error.message)
    db.session.commit()
    flash(_("You joined the project. You will hear about its news and activities."), "success")
    return _to_project(project)


@bp.post("/<int:project_id>/leave")
@access.resident
def leave(project_id: int):
    project = get_or_404(Project, project_id)
    try:
        left = services.leave(current_user, project)
    except DomainError as error:
        db.session.rollback()
        return _show(project, 422, join_error=error.message)
    db.session.commit()
    if left:
        flash(_("You left the project."), "success")
    return _to_project(project)


# --------------------------------------------------------------------------- starting and changing a project


def _project_choices(form: ProjectForm, teams: list[Team], current: User | None = None) -> None:
    """Teams, their neighbourhoods and their workers, grouped per team (the service checks they match)."""
    form.team.choices = [(team.slug, team.name) for team in teams]
    areas = {None: [("", _("The whole area of the team"))]}
    workers: dict = {}
    for team in teams:
        areas[team.name] = [(area.id, area.name) for area in queries.team_areas(team)]
        workers[team.name] = [(person.id, person.name) for person in queries.team_workers(team)]
    if current is not None and not any(current.id == key for group in workers.values() for key, _name in group):
        # A coordinator may lead a project of any team: listed once, not in every team (one option, one id).
        label = _("Coordinators") if current.is_coordinator else _("Current lead")
        workers = {label: [(current.id, current.name)], **workers}
    form.area_id.choices = areas
    form.lead_worker_id.choices = workers


def _chosen(form: ProjectForm, teams: list[Team], team: Team | None = None):
    team = team or next((team for team in teams if team.slug == form.team.data), None)
    if team is None:
        raise DomainError(_("Choose one of your teams."), "team")
    area = db.session.get(Area, form.area_id.data) if form.area_id.data else None
    lead = db.session.get(User, form.lead_worker_id.data) if form.lead_worker_id.data else None
    return team, area, lead


def _cluster_from(value) -> SignalCluster | None:
    try:
        key = int(value) if value else None
    except (TypeError, ValueError):
        abort(404)
    if key is None:
        return None
    cluster = get_or_404(SignalCluster, key)
    if not current_user.works_for(cluster.team.slug):
        abort(403)
    return cluster


def _form_page(template: str, form, **context):
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status


@bp.route("/new", methods=["GET", "POST"])
@access.worker
def new_project():
    """Start a project; with ``cluster_id`` (from the cluster board) the team, area and a title are filled in."""
    cluster = _cluster_from(request.values.get("cluster_id"))
    teams = [cluster.team] if cluster is not None else queries.teams_of(current_user)
    form = ProjectForm()
    _project_choices(form, teams, current_user)
    if request.method == "GET":
        form.lead_worker_id.data = current_user.id
        if cluster is not None:
            area = queries.cluster_area(cluster)
            form.team.data = cluster.team.slug
            form.area_id.data = area.id if area else None
            form.title.data = queries.suggested_title(cluster, area)
            form.cluster_id.data = str(cluster.id)
        elif len(teams) == 1:
            form.team.data = teams[0].slug
    if cluster is not None and (cluster.status not in LIVE or cluster.project_id is not None):
        form.form_errors.append(_("These signals are already part of a project, or were dismissed."))
    elif form.validate_on_submit():
        try:
            team, area, lead = _chosen(form, teams)
            project = services.create_project(
                current_user, form.title.data, form.goal.data, team, area, lead, [cluster] if cluster else []
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("The project is started. The residents who reported the signals are invited."), "success")
            return _to_project(project)
    representative = None
    if cluster is not None:
        representative = services.signal_services.representative(cluster, residents_only=True)
    return _form_page("projects/new.html", form, cluster=cluster, representative=representative)


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
@for_team_of("project_id")
def edit_project(project_id: int):
    project = get_or_404(Project, project_id)
    if request.method == "GET":
        form = ProjectForm(
            data={
                "team": project.team.slug,
                "title": project.title,
                "goal": project.goal,
                "area_id": project.area_id,
                "lead_worker_id": project.lead_worker_id,
            }
        )
    else:
        form = ProjectForm()
    _project_choices(form, [project.team], project.lead_worker)
    form.team.data = project.team.slug
    if form.validate_on_submit():
        try:
            _team, area, lead = _chosen(form, [project.team], project.team)
            services.update_project(current_user, project, form.title.data, form.goal.data, area, lead)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return _to_project(project)
    return _form_page("projects/edit.html", form, project=project)


@bp.post("/<int:project_id>/status")
@for_team_of("project_id")
def set_status(project_id: int):
    project = get_or_404(Project, project_id)
    form = StatusForm()
    if form.validate_on_submit():
        if _saved(form, lambda: services.set_status(current_user, project, form.status.data, form.outcome.data)):
            flash(_("The project is now: %(status)s.", status=queries.STATUS_LABELS[project.status]), "success")
            return _to_project(project)
    return _show(project, 422, status_form=form)


@bp.post("/<int:project_id>/updates")
@for_team_of("project_id")
def add_update(project_id: int):
    project = get_or_404(Project, project_id)
    form = UpdateForm()
    if form.validate_on_submit():
        if _saved(form, lambda: services.add_update(current_user, project, form.body.data)):
            flash(_("The news is posted; participants and reporters are told."), "success")
            return _to_project(project)
    return _show(project, 422, update_form=form)


# --------------------------------------------------------------------------- activities


def _activity_input(form: ActivityForm) -> services.ActivityInput:
    return services.ActivityInput(
        title=form.title.data,
        day=form.day.data,
        start=form.start.data,
        end=form.end.data,
        place=form.place.data,
        description=form.description.data,
    )


@bp.route("/<int:project_id>/activities/new", methods=["GET", "POST"])
@for_team_of("project_id")
def new_activity(project_id: int):
    project = get_or_404(Project, project_id)
    form = ActivityForm()
    if project.status == FINISHED:
        form.form_errors.append(_("This project has finished."))
    elif form.validate_on_submit():
        if _saved(form, lambda: services.add_activity(current_user, project, _activity_input(form))):
            flash(_("The activity is planned and appears in the neighbourhood agenda."), "success")
            return _to_project(project)
    return _form_page("projects/activity.html", form, project=project, activity=None)


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@for_team_of("activity_id")
def edit_activity(activity_id: int):
    activity = get_or_404(ProjectActivity, activity_id)
    project = activity.project
    if request.method == "GET":
        starts, ends = to_local(activity.starts_at), to_local(activity.ends_at)
        form = ActivityForm(
            data={
                "title": activity.title,
                "day": starts.date(),
                "start": starts.time(),
                "end": ends.time() if ends else None,
                "place": activity.place,
                "description": activity.description,
            }
        )
    else:
        form = ActivityForm()
    if form.validate_on_submit():
        if _saved(form, lambda: services.change_activity(current_user, activity, _activity_input(form))):
            flash(_("Your changes are saved."), "success")
            return _to_project(project)
    return _form_page("projects/activity.html", form, project=project, activity=activity)


@bp.post("/activities/<int:activity_id>/delete")
@for_team_of("activity_id")
def delete_activity(activity_id: int):
    activity = get_or_404(ProjectActivity, activity_id)
    project = activity.project
    if request.form.get("confirm") != "yes":  # the button sends it; anything else asks again
        flash(_("Use the button Remove to remove the activity."), "error")
        return redirect(url_for("projects.edit_activity", activity_id=activity.id))
    services.remove_activity(current_user, activity)
    db.session.commit()
    flash(_("The activity is removed from the project and the agenda."), "success")
    return _to_project(project)


# --------------------------------------------------------------------------- initiatives


def _initiative_action(project_id: int, action):
    project = get_or_404(Project, project_id)
    form = InitiativeLinkForm()
    if form.validate_on_submit():
        initiative = (
            db.session.get(Initiative, form.initiative_id.data) if 0 < form.initiative_id.data <= MAX_ID else None
        )
        if _saved(form, lambda: action(current_user, project, initiative)):
            return None, project
    return _show(project, 422, link_form=form), project


@bp.post("/<int:project_id>/initiatives")
@for_team_of("project_id")
def link_initiative(project_id: int):
    page, project = _initiative_action(project_id, services.link_initiative)
    if page is not None:
        return page
    flash(_("The initiative is linked to the project."), "success")
    return _to_project(project)


@bp.post("/<int:project_id>/initiatives/unlink")
@for_team_of("project_id")
def unlink_initiative(project_id: int):
    page, project = _initiative_action(project_id, services.unlink_initiative)
    if page is not None:
        return page
    flash(_("The initiative is no longer linked to the project."), "success")
    return _to_project(project)


# --------------------------------------------------------------------------- clusters of signals


def _cluster_of_team(project: Project) -> SignalCluster | None:
    """The cluster named by the form field cluster_id, if it is one of the project's team.

    (Taking a cluster up in a project starts on the cluster's page: `signals.take_up`.)
    """
    value = request.form.get("cluster_id", "")
    cluster_id = int(value) if value.isdigit() and 0 < int(value) <= MAX_ID else None
    cluster = db.session.get(SignalCluster, cluster_id) if cluster_id else None
    return cluster if cluster is not None and cluster.team_id == project.team_id else None


@bp.post("/<int:project_id>/clusters/unlink")
@for_team_of("project_id")
def unlink_cluster(project_id: int):
    """Take a cluster of signals out of the project again; it is open on the signals board."""
    project = get_or_404(Project, project_id)
    cluster = _cluster_of_team(project)
    if cluster is None or cluster.project_id != project.id:
        flash(_("These signals are not part of this project."), "error")
        return _to_project(project)
    services.release_cluster(current_user, project, cluster)
    db.session.commit()
    flash(_("The signals are no longer part of the project; they are open on the signals board again."), "success")
    return _to_project(project)
