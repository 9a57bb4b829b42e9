"""The team's own work on collective projects: start one (from a group of signals or not), change it, its
status, news, activities, linked initiatives, and the groups of signals it takes up.

Starting a project is for workers (access.worker: a cluster of another team is refused); every other change
is for the workers of the team of the object in the URL, and coordinators (access.TEAM_WORKER).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal import access
from portal.accounts.models import User
from portal.errors import DomainError, apply_to_form, commit_or_refuse
from portal.extensions import db
from portal.initiatives.models import Initiative
from portal.initiatives.times import to_local
from portal.paging import MAX_ID, get_or_404, id_or_none
from portal.projects import queries, services
from portal.projects.blueprint import bp
from portal.projects.forms import ActivityForm, InitiativeLinkForm, ProjectForm, StatusForm, UpdateForm
from portal.projects.models import FINISHED, Project, ProjectActivity
from portal.projects.views import project_page, to_project
from portal.signals import services as signal_services
from portal.signals import views_board as signal_board
from portal.signals.forms import ActionForm
from portal.signals.models import LIVE, SignalCluster
from portal.submissions import Once
from portal.teams.models import Area, Team

TEAMS_OF = {
    "project_id": lambda key: get_or_404(Project, key).team.slug,
    "activity_id": lambda key: get_or_404(ProjectActivity, key).project.team.slug,
    "cluster_id": signal_board.TEAMS_OF["cluster_id"],
}


def _form_page(template: str, form, **context):
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status


def _project_url(project: Project) -> str:
    return url_for("projects.show_project", project_id=project.id)


def _id_from(value) -> int | None:
    """An id sent in a form field; None for anything no id can be."""
    return id_or_none(value)


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


def _chosen_team(form: ProjectForm, teams: list[Team]) -> Team:
    team = next((team for team in teams if team.slug == form.team.data), None)
    if team is None:
        raise DomainError(_("Choose one of your teams."), "team")
    return team


def _project_input(form: ProjectForm) -> services.ProjectInput:
    """The project's own fields as chosen; the service checks they belong to the team."""
    return services.ProjectInput(
        title=form.title.data,
        goal=form.goal.data,
        area=db.session.get(Area, form.area_id.data) if form.area_id.data else None,
        lead_worker=db.session.get(User, form.lead_worker_id.data) if form.lead_worker_id.data else None,
    )


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


def _fill_in(form: ProjectForm, teams: list[Team], cluster: SignalCluster | None) -> None:
    """A new project's first values: the worker leads; from a cluster, its team, neighbourhood and a title."""
    form.lead_worker_id.data = current_user.id
    if cluster is not None:
        area = queries.cluster_area(cluster)
        form.team.data = cluster.team.slug
        form.area_id.data = area.id if area else None
        form.title.data = queries.suggested_title(cluster, area)
        form.cluster_id.data = str(cluster.id)
    elif len(teams) == 1:
        form.team.data = teams[0].slug


@bp.route("/new", methods=["GET", "POST"])
@access.worker
def new_project():
    """Start a project; with ``cluster_id`` (from the cluster board) the team, area and a title are filled in."""
    cluster = _cluster_from(request.values.get("cluster_id"))
    teams = [cluster.team] if cluster is not None else queries.teams_of(current_user)
    form = ProjectForm()
    _project_choices(form, teams, current_user)
    if request.method == "GET":
        _fill_in(form, teams, cluster)
    if cluster is not None and (cluster.status not in LIVE or cluster.project_id is not None):
        form.form_errors.append(_("These signals are already part of a project, or were dismissed."))
    elif form.validate_on_submit():
        clusters = [cluster] if cluster else []
        create = Once(
            form,
            lambda: services.create_project(current_user, _chosen_team(form, teams), _project_input(form), clusters),
            _project_url,
        )
        try:
            project = create()
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("The project is started. The residents who reported the signals are invited."), "success")
            return to_project(project)
    representative = signal_services.representative(cluster, residents_only=True) if cluster is not None else None
    return _form_page("projects/new.html", form, cluster=cluster, representative=representative)


@bp.route("/<id:project_id>/edit", methods=["GET", "POST"])
@access.team_worker_of("project_id", TEAMS_OF)
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
    if form.validate_on_submit() and commit_or_refuse(
        form, lambda: services.update_project(current_user, project, _project_input(form))
    ):
        flash(_("Your changes are saved."), "success")
        return to_project(project)
    return _form_page("projects/edit.html", form, project=project)


@bp.post("/<id:project_id>/status")
@access.team_worker_of("project_id", TEAMS_OF)
def set_status(project_id: int):
    project = get_or_404(Project, project_id)
    form = StatusForm()
    if form.validate_on_submit() and commit_or_refuse(
        form, lambda: services.set_status(current_user, project, form.status.data, form.outcome.data)
    ):
        flash(_("The project is now: %(status)s.", status=queries.STATUS_LABELS[project.status]), "success")
        return to_project(project)
    return project_page(project, 422, status_form=form)


@bp.post("/<id:project_id>/updates")
@access.team_worker_of("project_id", TEAMS_OF)
def add_update(project_id: int):
    project = get_or_404(Project, project_id)
    form = UpdateForm()
    add = Once(
        form, lambda: services.add_update(current_user, project, form.body.data), lambda _news: _project_url(project)
    )
    if form.validate_on_submit() and commit_or_refuse(form, add):
        flash(_("The news is posted; participants and reporters are told."), "success")
        return to_project(project)
    return project_page(project, 422, update_form=form)


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


@bp.route("/<id:project_id>/activities/new", methods=["GET", "POST"])
@access.team_worker_of("project_id", TEAMS_OF)
def new_activity(project_id: int):
    project = get_or_404(Project, project_id)
    form = ActivityForm()
    add = Once(
        form,
        lambda: services.add_activity(current_user, project, _activity_input(form)),
        lambda _activity: _project_url(project),
    )
    if project.status == FINISHED:
        form.form_errors.append(_("This project has finished."))
    elif form.validate_on_submit() and commit_or_refuse(form, add):
        flash(_("The activity is planned and appears in the neighbourhood agenda."), "success")
        return to_project(project)
    return _form_page("projects/activity.html", form, project=project, activity=None)


@bp.route("/activities/<id:activity_id>/edit", methods=["GET", "POST"])
@access.team_worker_of("activity_id", TEAMS_OF)
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
    if form.validate_on_submit() and commit_or_refuse(
        form, lambda: services.change_activity(current_user, activity, _activity_input(form))
    ):
        flash(_("Your changes are saved."), "success")
        return to_project(project)
    return _form_page("projects/activity.html", form, project=project, activity=activity)


@bp.post("/activities/<id:activity_id>/delete")
@access.team_worker_of("activity_id", TEAMS_OF)
def delete_activity(activity_id: int):
    activity = get_or_404(ProjectActivity, activity_id)
    project = activity.project
    if request.form.get("confirm") != "yes":  # the button sends it; anything else asks again
        flash(_("Use the button Remove to remove the activity."), "error")
        return redirect(url_for("projects.edit_activity", activity_id=activity.id))
    services.remove_activity(current_user, activity)
    db.session.commit()
    flash(_("The activity is removed from the project and the agenda."), "success")
    return to_project(project)


# --------------------------------------------------------------------------- initiatives


def _initiative_action(project_id: int, action, done: str):
    """Run ``action`` (link or unlink) for the chosen initiative; the project's page shows a refusal."""
    project = get_or_404(Project, project_id)
    form = InitiativeLinkForm()
    if form.validate_on_submit():
        initiative = (
            db.session.get(Initiative, form.initiative_id.data) if 0 < form.initiative_id.data <= MAX_ID else None
        )
        if commit_or_refuse(form, lambda: action(current_user, project, initiative)):
            flash(done, "success")
            return to_project(project)
    return project_page(project, 422, link_form=form)


@bp.post("/<id:project_id>/initiatives")
@access.team_worker_of("project_id", TEAMS_OF)
def link_initiative(project_id: int):
    return _initiative_action(project_id, services.link_initiative, _("The initiative is linked to the project."))


@bp.post("/<id:project_id>/initiatives/unlink")
@access.team_worker_of("project_id", TEAMS_OF)
def unlink_initiative(project_id: int):
    done = _("The initiative is no longer linked to the project.")
    return _initiative_action(project_id, services.unlink_initiative, done)


# --------------------------------------------------------------------------- groups of signals


@bp.post("/clusters/<id:cluster_id>/take-up")
@access.team_worker_of("cluster_id", TEAMS_OF)
def take_up_cluster(cluster_id: int):
    """Take a group of signals up in an existing project of the team (from the group's page on the signals
    board); its reporters are invited. A refusal shows the group's page again."""
    cluster = get_or_404(SignalCluster, cluster_id)
    if not ActionForm().validate_on_submit():
        return signal_board.form_expired(cluster)
    project_id = _id_from(request.form.get("project_id"))
    project = db.session.get(Project, project_id) if project_id else None
    try:
        if project is None or project.team_id != cluster.team_id:
            raise DomainError(_("Choose a project of the team from the list."), None)
        invited = services.link_cluster(current_user, project, cluster)
    except DomainError as error:
        db.session.rollback()
        return signal_board.cluster_page(cluster, errors=[error.message], status=422)
    db.session.commit()
    flash(
        ngettext(
            "The signals are part of the project now; %(num)d reporter is invited.",
            "The signals are part of the project now; %(num)d reporters are invited.",
            invited,
        ),
        "success",
    )
    return to_project(project, code=303)


@bp.post("/<id:project_id>/clusters/unlink")
@access.team_worker_of("project_id", TEAMS_OF)
def unlink_cluster(project_id: int):
    """Take a cluster of signals out of the project again; it is open on the signals board."""
    project = get_or_404(Project, project_id)
    cluster_id = _id_from(request.form.get("cluster_id"))
    cluster = db.session.get(SignalCluster, cluster_id) if cluster_id else None
    if cluster is None or cluster.project_id != project.id:
        flash(_("These signals are not part of this project."), "error")
        return to_project(project)
    services.release_cluster(current_user, project, cluster)
    db.session.commit()
    flash(_("The signals are no longer part of the project; they are open on the signals board again."), "success")
    return to_project(project)
