"""Coordinator administration: accounts, teams and their neighbourhoods, the audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal import access
from portal.accounts import mails, tokens
from portal.accounts import queries as account_queries
from portal.accounts import services as account_services
from portal.accounts.forms import choices
from portal.accounts.models import ROLES, User
from portal.admin import queries, services
from portal.admin.blueprint import bp
from portal.admin.forms import ROLE_LABELS, AssignNeighbourhoodForm, EditUserForm, StaffForm, TeamForm, UserSearchForm
from portal.errors import DomainError, apply_to_form, commit_or_refuse
from portal.extensions import db
from portal.paging import page_number

PER_PAGE = 50

# Readable names of the audit actions; actions not listed here are shown by their code.
ACTION_LABELS = {
    "user.create": _l("Account made"),
    "indicators.token_make": _l("Export token made"),
    "indicators.token_revoke": _l("Export token revoked"),
    "user.role": _l("Role changed"),
    "user.teams": _l("Teams changed"),
    "user.activate": _l("Account activated"),
    "user.deactivate": _l("Account deactivated"),
    "user.password_link": _l("Password link sent"),
    "team.update": _l("Team details changed"),
    "area.assign": _l("Neighbourhood assigned to a team"),
    "help.propose": _l("Help match proposed"),
    "help.cancel": _l("Help match cancelled"),
    "help.close_request": _l("Help request closed by the team"),
    "help.flag": _l("Help offer flagged"),
    "help.unflag": _l("Flag on a help offer lifted"),
    "help.block": _l("Person blocked from matching"),
    "help.unblock": _l("Block from matching lifted"),
    "signals.record_for_partner": _l("Signal recorded for a partner"),
    "signals.merge": _l("Groups of signals merged"),
    "signals.move_out": _l("Signal moved out of its group"),
    "signals.dismiss": _l("Group of signals dismissed"),
    "signals.reopen": _l("Group of signals reopened"),
    "signals.take_up": _l("Group of signals taken up in a project"),
    "signals.release": _l("Group of signals unlinked from a project"),
    "signals.import": _l("Signals imported from a partner"),
    "projects.create": _l("Collective project started"),
    "projects.update": _l("Collective project changed"),
    "projects.status": _l("Collective project status changed"),
    "projects.activity": _l("Project activity planned or changed"),
    "projects.link_initiative": _l("Initiative linked to a project"),
}


def page(template: str, form=None, **context):
    """Render an admin page; 422 when its form came back with errors."""
    failed = form is not None and form.errors
    return render_template(template, form=form, role_labels=ROLE_LABELS, **context), 422 if failed else 200


@bp.get("/")
@access.coordinator
def index():
    return page("admin/index.html", overview=queries.overview())


@bp.get("/users")
@access.coordinator
def list_users():
    form = UserSearchForm(request.args)
    search = (form.q.data or "")[:100]
    role = form.role.data if form.role.data in ROLES else None
    users = db.paginate(
        account_queries.users_matching(search, role),
        page=page_number(request.args.get("page")),
        per_page=PER_PAGE,
        error_out=False,
    )
    return page("admin/users.html", search_form=form, users=users, search=search, role=role)


def _team_choices() -> list[SelectChoice]:
    return choices((team.slug, team.name) for team in queries.teams())


@bp.route("/users/new", methods=["GET", "POST"])
@access.coordinator
def create_user():
    form = StaffForm()
    form.teams.choices = _team_choices()
    if form.validate_on_submit():
        try:
            user = account_services.create_staff(
                current_user,
                name=form.name.data,
                email=form.email.data,
                role=form.role.data,
                team_slugs=form.teams.data or [],
                locale=form.language.data,
            )
            mails.queue_password_mail(user, tokens.WELCOME, inviter=current_user)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(
                _("Account made. %(email)s gets a mail with a link to choose a password.", email=user.email), "success"
            )
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return page("admin/user_new.html", form)


def _user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.route("/users/<id:user_id>", methods=["GET", "POST"])
@access.coordinator
def edit_user(user_id: int):
    user = _user_or_404(user_id)
    current = {"role": user.role, "teams": [team.slug for team in user.teams], "active": user.active}
    form = EditUserForm() if request.method == "POST" else EditUserForm(data=current)
    form.teams.choices = _team_choices()
    if form.validate_on_submit() and commit_or_refuse(
        form,
        lambda: account_services.update_staff(
            current_user, user, role=form.role.data, team_slugs=form.teams.data or [], active=form.active.data
        ),
    ):
        flash(_("The account of %(name)s has been saved.", name=user.name), "success")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    return page("admin/user_edit.html", form, user=user)


@bp.post("/users/<id:user_id>/password-link")
@access.coordinator
def send_password_link(user_id: int):
    user = _user_or_404(user_id)
    try:
        account_services.send_password_link(current_user, user)
    except DomainError as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("A link to choose a new password is on its way to %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.get("/teams")
@access.coordinator
def list_teams():
    return page("admin/teams.html", teams=queries.teams())


def _team_or_404(slug: str):
    return queries.team_by_slug(slug) or abort(404)


def _neighbourhood_label(area) -> str:
    if area.team is None:
        return _("%(area)s (no team yet)", area=area.name)
    return _("%(area)s (now: %(team)s)", area=area.name, team=area.team.name)


def _team_page(team, form: TeamForm, assign_form: AssignNeighbourhoodForm):
    assign_form.neighbourhood.choices = [SelectChoice("", _("Choose a neighbourhood"))] + [
        SelectChoice(area.id, _neighbourhood_label(area), optgroup=district or _("Without district"))
        for district, areas in queries.neighbourhoods_by_district().items()
        for area in areas
        if area.team_id != team.id
    ]
    failed = bool(form.errors or assign_form.errors)
    html = render_template("admin/team_edit.html", team=team, form=form, assign_form=assign_form)
    return html, 422 if failed else 200


@bp.route("/teams/<slug>", methods=["GET", "POST"])
@access.coordinator
def edit_team(slug: str):
    team = _team_or_404(slug)
    form = TeamForm() if request.method == "POST" else TeamForm(obj=team)
    if form.validate_on_submit():
        try:
            changed = services.update_team(current_user, team, form.data)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("%(team)s has been saved.", team=team.name) if changed else _("Nothing was changed."), "success")
            return redirect(url_for("admin.edit_team", slug=team.slug))
    return _team_page(team, form, AssignNeighbourhoodForm(formdata=None))


@bp.post("/teams/<slug>/neighbourhoods")
@access.coordinator
def assign_neighbourhood(slug: str):
    team = _team_or_404(slug)
    assign_form = AssignNeighbourhoodForm()
    if assign_form.validate_on_submit():
        try:
            area = services.assign_neighbourhood(current_user, team, assign_form.neighbourhood.data)
        except DomainError as error:
            apply_to_form(assign_form, error)
        else:
            db.session.commit()
            flash(_("%(team)s now serves %(area)s.", team=team.name, area=area.name), "success")
            return redirect(url_for("admin.edit_team", slug=team.slug))
    return _team_page(team, TeamForm(formdata=None, obj=team), assign_form)


@bp.get("/audit")
@access.coordinator
def audit_log():
    entries = db.paginate(
        queries.audit_entries(), page=page_number(request.args.get("page")), per_page=PER_PAGE, error_out=False
    )
    subjects = queries.subject_names(entries.items)
    return page("admin/audit.html", entries=entries, subjects=subjects, action_labels=ACTION_LABELS)
