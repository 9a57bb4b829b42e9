"""The community workers' cluster board (routes on portal.signals.blueprint.bp).

A worker sees the groups of signals (clusters) of their team, recurring ones first; on a group's page they
read its signals, why they belong together and the history, and merge groups, move a signal out, dismiss
a group with a reason (the reporters are told) or reopen it. Turning a group into a collective project, or
taking it up in one, is the projects feature's (the page links and posts there). The overview is for every
worker (access.worker); every other route is for the workers of the team the object in the URL belongs to,
and coordinators (access.TEAM_WORKER).
"""

from __future__ import annotations

from functools import cache

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal import access
from portal.errors import DomainError, commit_or_refuse
from portal.extensions import db
from portal.htmx import render
from portal.paging import MAX_ID, get_or_404
from portal.signals import queries, services_board
from portal.signals.blueprint import bp
from portal.signals.forms import ActionForm, DismissForm, MergeForm
from portal.signals.models import DISMISSED, LIVE, MERGED, OPEN, PROJECT, Signal, SignalCluster
from portal.teams.models import Team

PROJECT_SHOW, PROJECT_NEW = "projects.show_project", "projects.new_project"


def _loaded(cluster_id: int) -> tuple[SignalCluster, queries.PageSummary]:
    """The group in the URL with its team and what its page shows of its summary, or 404; loaded once a request
    (the access check and the view share it: the session alone would forget the group in between)."""
    loaded = g.setdefault("signal_clusters", {})
    if cluster_id not in loaded:
        found = queries.cluster_for_page(cluster_id) if 0 < cluster_id <= MAX_ID else None  # `paging.get_or_404`
        loaded[cluster_id] = found or abort(404)
    return loaded[cluster_id]


def _cluster(cluster_id: int) -> SignalCluster:
    return _loaded(cluster_id)[0]


TEAMS_OF = {
    "cluster_id": lambda key: _cluster(key).team.slug,
    "signal_id": lambda key: get_or_404(Signal, key).team.slug,
}


def _has_endpoint(endpoint: str) -> bool:
    """Whether a view another part of the portal adds exists (projects sit above signals)."""
    return endpoint in current_app.view_functions


def _words() -> dict:
    """What every board template uses (a page's labels are translated once each)."""
    return {
        "format_date": format_date,
        "theme_label": cache(queries.theme_label),
        "source_label": cache(queries.source_label),
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
    # A worker's own team is loaded already (the access check read a worker's teams; a coordinator's are not read).
    own = () if current_user.is_coordinator else current_user.teams
    team = next((team for team in own if team.slug == slug), None)
    team = team or db.session.scalar(select(Team).where(Team.slug == slug)) or abort(404)
    filters = queries.Filters.from_args(request.args, slug=team.slug)
    page = queries.board_page(team, filters)
    words = queries.board_words(team, page.items)
    return render(
        "signals/board.html",
        "results",
        team=team,
        filters=filters,
        page=page,
        themes=queries.team_themes(team),
        reasons=words.reasons,
        texts=words.texts,
        SHOWS=queries.SHOWS,
        **_words(),
    )


# --------------------------------------------------------------------------- one group


@bp.get("/clusters/<id:cluster_id>")
@access.team_worker_of("cluster_id", TEAMS_OF)
def cluster(cluster_id: int):
    cluster, summary = _loaded(cluster_id)
    return cluster_page(cluster, summary=summary)


def cluster_page(
    cluster: SignalCluster,
    merge_form: MergeForm | None = None,
    dismiss_form: DismissForm | None = None,
    errors: list[str] | None = None,
    failed_signal: tuple[int, str] | None = None,
    status: int = 200,
    summary: queries.PageSummary | None = None,
):
    """The group: its signals and its history (each paged), why they belong together, and the actions.

    With ``status`` 422 it shows why an action was refused: ``errors`` in the summary at the top, a form's
    refusal next to its field, ``failed_signal`` (id, message) at that signal. The projects feature shows
    it too, when taking the group up in a project was refused. ``summary`` is what the page shows of the group's
    stored summary, when it was read with the group (`queries.cluster_for_page`).
    """
    filters = queries.ClusterFilters.from_args(request.args)
    if failed_signal:  # show the page with the signal that could not be moved
        filters = queries.ClusterFilters(page=queries.page_of_signal(cluster, failed_signal[0]))
    summary = summary or queries.page_summary(cluster)
    choices = queries.merge_choices(cluster, summary.representative) if cluster.status in LIVE else []
    merge_form = merge_form or MergeForm(formdata=None)
    merge_form.other.choices = [(choice.cluster.id, choice.text) for choice in choices]
    return render_template(
        "signals/cluster.html",
        cluster=cluster,
        filters=filters,
        signals=queries.signals_page(cluster, filters.page),
        move_out_url=_url_with_id("signals.move_out", "signal_id"),
        representative=summary.representative,
        reasons=summary.reasons,
        history=queries.history_page(cluster, filters.history),
        merged_into=_merged_into(cluster),
        choices=choices,
        merge_form=merge_form,
        dismiss_form=dismiss_form or DismissForm(formdata=None),
        errors=_summary(errors, merge_form, dismiss_form, failed_signal),
        failed_signal=failed_signal,
        may_act=current_user.works_for(cluster.team.slug),
        open_projects=queries.take_up_choices(cluster) if cluster.status == OPEN else [],
        **_words(),
    ), status


def _url_with_id(endpoint: str, argument: str) -> str:
    """The URL of ``endpoint`` with "{}" where its one id goes: a list fills it in for each row (``str.format``)
    rather than building every row's URL apart."""
    return url_for(endpoint, **{argument: MAX_ID}).replace(str(MAX_ID), "{}")


def form_expired(cluster: SignalCluster):
    """The group's page again (422) when a button's form came back without a valid CSRF token."""
    return cluster_page(cluster, errors=[_("The form had expired. Please send it again.")], status=422)


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


def _done(cluster: SignalCluster, message: str):
    flash(message, "success")
    return redirect(url_for("signals.cluster", cluster_id=cluster.id), code=303)


# --------------------------------------------------------------------------- the workers' changes


@bp.post("/clusters/<id:cluster_id>/merge")
@access.team_worker_of("cluster_id", TEAMS_OF)
def merge(cluster_id: int):
    """Merge another group of the team into this one: its signals move here, its history stays."""
    target, summary = _loaded(cluster_id)
    form = MergeForm()
    choices = queries.merge_choices(target, summary.representative) if target.status in LIVE else []
    form.other.choices = [(choice.cluster.id, choice.text) for choice in choices]
    if not form.validate_on_submit():
        return cluster_page(target, merge_form=form, status=422)
    source = db.session.get(SignalCluster, form.other.data)

    def change() -> None:
        if source is None:
            raise DomainError(_("Choose a group from the list."), "other")
        services_board.merge(current_user, target, source)

    if not commit_or_refuse(form, change):
        return cluster_page(target, merge_form=form, status=422)
    return _done(target, _("Group %(other)d is merged into this one: its signals are here now.", other=source.id))


@bp.post("/signals/<id:signal_id>/move-out")
@access.team_worker_of("signal_id", TEAMS_OF)
def move_out(signal_id: int):
    """Take one signal out of its group into a new group of its own."""
    signal = get_or_404(Signal, signal_id)
    cluster = signal.cluster
    if cluster is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        return form_expired(cluster)
    try:
        new = services_board.move_out(current_user, signal)
    except DomainError as error:
        db.session.rollback()
        return cluster_page(cluster, failed_signal=(signal_id, error.message), status=422)
    db.session.commit()
    return _done(cluster, _("The signal is moved out into a group of its own (group %(new)d).", new=new.id))


@bp.post("/clusters/<id:cluster_id>/dismiss")
@access.team_worker_of("cluster_id", TEAMS_OF)
def dismiss(cluster_id: int):
    """Dismiss a group with a reason; the residents who reported its signals are told."""
    cluster = _cluster(cluster_id)
    form = DismissForm()
    if form.validate_on_submit() and commit_or_refuse(
        form, lambda: services_board.dismiss(current_user, cluster, form.reason.data)
    ):
        return _done(cluster, _("The group is dismissed. The residents who reported it are told why."))
    return cluster_page(cluster, dismiss_form=form, status=422)


@bp.post("/clusters/<id:cluster_id>/reopen")
@access.team_worker_of("cluster_id", TEAMS_OF)
def reopen(cluster_id: int):
    cluster = _cluster(cluster_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return form_expired(cluster)
    if not commit_or_refuse(form, lambda: services_board.reopen(current_user, cluster)):
        return cluster_page(cluster, errors=form.form_errors, status=422)
    return _done(cluster, _("The group is open again."))
