"""The community workers' cluster board (routes on portal.signals.blueprint.bp).

A worker sees the groups of signals (clusters) of their team, recurring ones first; on a group's page they
read every signal, why they belong together and the history, and merge groups, move a signal out, dismiss
a group with a reason (the reporters are told) or reopen it, and turn it into a collective project. The
overview is for every worker (access.worker); every other route is for the workers of the team the object
in the URL belongs to, and coordinators (access.TEAM_WORKER).
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal import access
from portal.errors import DomainError, apply_to_form
from portal.extensions import db
from portal.htmx import render
from portal.paging import MAX_ID, get_or_404
from portal.signals import board_queries as queries
from portal.signals import services
from portal.signals.blueprint import bp
from portal.signals.board_forms import ActionForm, DismissForm, MergeForm
from portal.signals.models import DISMISSED, LIVE, MERGED, OPEN, PROJECT, Signal, SignalCluster
from portal.teams.models import Team

PROJECT_SHOW, PROJECT_NEW = "projects.show_project", "projects.new_project"

# --------------------------------------------------------------------------- access


TEAM_OF = {
    "cluster_id": lambda key: get_or_404(SignalCluster, key).team.slug,
    "signal_id": lambda key: get_or_404(Signal, key).team.slug,
}


def for_team_of(argument: str):
    """access.TEAM_WORKER for the object named by the URL ``argument``: its team's workers, and coordinators."""

    def allowed(**kwargs) -> bool:
        if not current_user.is_worker:
            return False
        return current_user.works_for(TEAM_OF[argument](kwargs[argument]))

    return access._require(allowed, access.TEAM_WORKER)


def _has_endpoint(endpoint: str) -> bool:
    """Whether a view another part of the portal adds exists yet (projects are built alongside)."""
    return endpoint in current_app.view_functions


def _words() -> dict:
    """What every board template uses."""
    return {
        "format_date": format_date,
        "theme_label": queries.theme_label,
        "source_label": queries.source_label,
        "has_endpoint": _has_endpoint,
        "PROJECT_SHOW": PROJECT_SHOW,
        "PROJECT_NEW": PROJECT_NEW,
        "OPEN": OPEN,
        "PROJECT": PROJECT,
        "DISMISSED": DISMISSED,
        "MERGED": MERGED,
        "LIVE": LIVE,
    }


# --------------------------------------------------------------------------- the board


class _TeamFilters:
    """The board's filters for the pager macro: the team's slug goes into every page link."""

    def __init__(self, slug: str, filters: queries.Filters) -> None:
        self.slug, self.filters = slug, filters

    def args(self, **changes) -> dict:
        return {"slug": self.slug, **self.filters.args(**changes)}


@bp.get("/board")
@access.worker
def board_index():
    """The worker's teams with their open and recurring groups; a worker with one team goes to its board."""
    teams = queries.teams_for(current_user)
    if len(teams) == 1 and not current_user.is_coordinator:
        return redirect(url_for("signals.board", slug=teams[0].slug))
    return render_template(
        "signals/board_index.html", teams=teams, counts=queries.team_counts(teams), empty=queries.TeamCounts()
    )


@bp.get("/board/<slug>")
@access.team_worker
def board(slug: str):
    """The team's groups of signals: recurring first, then the most recent; filtered and paged."""
    team = db.session.scalar(select(Team).where(Team.slug == slug)) or abort(404)
    filters = queries.Filters.from_args(request.args)
    page = queries.board_page(team, filters)
    ids = [cluster.id for cluster in page.items]
    return render(
        "signals/board.html",
        "results",
        team=team,
        filters=filters,
        filters_for_pager=_TeamFilters(team.slug, filters),
        page=page,
        themes=queries.team_themes(team),
        reasons=queries.explanations(team, ids),
        texts=queries.representatives(ids),
        SHOWS=queries.SHOWS,
        **_words(),
    )


# --------------------------------------------------------------------------- one group


@bp.get("/clusters/<int:cluster_id>")
@for_team_of("cluster_id")
def cluster(cluster_id: int):
    return _cluster_page(get_or_404(SignalCluster, cluster_id))


def _cluster_page(
    cluster: SignalCluster,
    merge_form: MergeForm | None = None,
    dismiss_form: DismissForm | None = None,
    errors: list[str] | None = None,
    failed_signal: tuple[int, str] | None = None,
    status: int = 200,
):
    """The group in full: its signals, why they belong together, the history and the actions."""
    signals = queries.signals_of(cluster)
    representative = services.representative(cluster)
    choices = queries.merge_choices(cluster, representative) if cluster.status in LIVE else []
    merge_form = merge_form or MergeForm(formdata=None)
    merge_form.other.choices = [(choice.cluster.id, choice.text) for choice in choices]
    events = queries.history(cluster)
    return render_template(
        "signals/cluster.html",
        cluster=cluster,
        signals=signals,
        representative=representative,
        reasons=queries.cluster_reasons(cluster),
        events=events,
        projects=queries.projects_by_id(events),
        event_signals=queries.event_signals(events),
        merged_into=_merged_into(cluster),
        choices=choices,
        merge_form=merge_form,
        dismiss_form=dismiss_form or DismissForm(formdata=None),
        action_form=ActionForm(formdata=None),
        errors=_summary(errors, merge_form, dismiss_form, failed_signal),
        failed_signal=failed_signal,
        may_act=current_user.works_for(cluster.team.slug),
        open_projects=_open_projects(cluster) if cluster.status == OPEN else [],
        **_words(),
    ), status


def _open_projects(cluster: SignalCluster) -> list:
    """The team's projects that have not finished: a group can be taken up in one of them."""
    from portal.projects.models import FINISHED, Project

    query = select(Project).where(Project.team_id == cluster.team_id, Project.status != FINISHED)
    return list(db.session.scalars(query.order_by(Project.title)))


def _summary(errors, merge_form, dismiss_form, failed_signal) -> list[tuple[str, str | None]]:
    """The messages for the summary at the top: (message, the id of the field it belongs to, if any)."""
    summary = [(message, None) for message in errors or ()]
    for form, field in ((merge_form, "other"), (dismiss_form, "reason")):
        if form is not None:
            summary += [(message, None) for message in form.form_errors]
            summary += [(message, field) for message in getattr(form, field).errors]
    if failed_signal:
        summary.append((failed_signal[1], f"signal-{failed_signal[0]}"))
    return summary


def _merged_into(cluster: SignalCluster) -> SignalCluster | None:
    """Where a merged group's signals are now (following later merges), else None."""
    current, seen = cluster, set()
    while current.status == MERGED and current.merged_into_id and current.id not in seen:
        seen.add(current.id)
        following = db.session.get(SignalCluster, current.merged_into_id)
        if following is None:
            break
        current = following
    return current if current is not cluster else None


def _done(cluster_id: int, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("signals.cluster", cluster_id=cluster_id), code=303)


def _refused(cluster_id: int, error: DomainError, **forms):
    """Show the group's page again (422) with the refusal next to its field, keeping what was typed."""
    db.session.rollback()
    cluster = db.session.get(SignalCluster, cluster_id)
    form = next((form for form in forms.values() if form is not None and hasattr(form, error.field or "")), None)
    if form is not None:
        apply_to_form(form, error)
        return _cluster_page(cluster, status=422, **forms)
    return _cluster_page(cluster, errors=[error.message], status=422, **forms)


@bp.post("/clusters/<int:cluster_id>/merge")
@for_team_of("cluster_id")
def merge(cluster_id: int):
    """Merge another group of the team into this one: its signals move here, its history stays."""
    target = get_or_404(SignalCluster, cluster_id)
    form = MergeForm()
    representative = services.representative(target)
    choices = queries.merge_choices(target, representative) if target.status in LIVE else []
    form.other.choices = [(choice.cluster.id, choice.text) for choice in choices]
    if not form.validate_on_submit():
        return _cluster_page(target, merge_form=form, status=422)
    source = db.session.get(SignalCluster, form.other.data)
    try:
        if source is None:
            raise DomainError(_("Choose a group from the list."), "other")
        services.merge(current_user, target, source)
    except DomainError as error:
        return _refused(cluster_id, error, merge_form=form)
    return _done(
        cluster_id,
        _("Group %(other)d is merged into this one: its signals are here now.", other=source.id),
    )


@bp.post("/signals/<int:signal_id>/move-out")
@for_team_of("signal_id")
def move_out(signal_id: int):
    """Take one signal out of its group into a new group of its own."""
    signal = get_or_404(Signal, signal_id)
    form = ActionForm()
    cluster_id = signal.cluster_id
    if cluster_id is None:
        abort(404)
    if not form.validate_on_submit():
        return _cluster_page(signal.cluster, errors=[_("The form had expired. Please send it again.")], status=422)
    try:
        new = services.move_out(current_user, signal)
    except DomainError as error:
        db.session.rollback()
        cluster = db.session.get(SignalCluster, cluster_id)
        return _cluster_page(cluster, failed_signal=(signal_id, error.message), status=422)
    return _done(cluster_id, _("The signal is moved out into a group of its own (group %(new)d).", new=new.id))


@bp.post("/clusters/<int:cluster_id>/dismiss")
@for_team_of("cluster_id")
def dismiss(cluster_id: int):
    """Dismiss a group with a reason; the residents who reported its signals are told."""
    cluster = get_or_404(SignalCluster, cluster_id)
    form = DismissForm()
    if not form.validate_on_submit():
        return _cluster_page(cluster, dismiss_form=form, status=422)
    try:
        services.dismiss(current_user, cluster, form.reason.data)
    except DomainError as error:
        return _refused(cluster_id, error, dismiss_form=form)
    return _done(cluster_id, _("The group is dismissed. The residents who reported it are told why."))


@bp.post("/clusters/<int:cluster_id>/reopen")
@for_team_of("cluster_id")
def reopen(cluster_id: int):
    cluster = get_or_404(SignalCluster, cluster_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return _cluster_page(cluster, errors=[_("The form had expired. Please send it again.")], status=422)
    try:
        services.reopen(current_user, cluster)
    except DomainError as error:
        return _refused(cluster_id, error)
    return _done(cluster_id, _("The group is open again."))


@bp.post("/clusters/<int:cluster_id>/take-up")
@for_team_of("cluster_id")
def take_up(cluster_id: int):
    """Take the group up in an existing project of the team; its reporters are invited."""
    from portal.projects import services as project_services
    from portal.projects.models import Project

    cluster = get_or_404(SignalCluster, cluster_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return _cluster_page(cluster, errors=[_("The form had expired. Please send it again.")], status=422)
    value = request.form.get("project_id", "")
    project = db.session.get(Project, int(value)) if value.isdigit() and 0 < int(value) <= MAX_ID else None
    try:
        if project is None or project.team_id != cluster.team_id:
            raise DomainError(_("Choose a project of the team from the list."), None)
        invited = project_services.link_cluster(current_user, project, cluster)
    except DomainError as error:
        return _refused(cluster_id, error)
    db.session.commit()
    flash(
        ngettext(
            "The signals are part of the project now; %(num)d reporter is invited.",
            "The signals are part of the project now; %(num)d reporters are invited.",
            invited,
        ),
        "success",
    )
    return redirect(url_for("projects.show_project", project_id=project.id), code=303)
