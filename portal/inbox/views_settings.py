"""A team's inbox settings for its workers (and coordinators): the answer-by time and the reply templates."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.errors import commit_or_refuse
from portal.extensions import db
from portal.inbox import queries, services_settings
from portal.inbox.blueprint import bp
from portal.inbox.forms import AnswerDaysForm, NewTemplateForm, TemplateForm
from portal.submissions import Once
from portal.teams.models import ReplyTemplate
from portal.teams.queries import team_or_404


def _settings_page(team, status: int = 200, days_form=None, template_form=None):
    html = render_template(
        "inbox/settings.html",
        team=team,
        days_form=days_form or AnswerDaysForm(answer_days=team.answer_days),
        template_form=template_form or NewTemplateForm(),
        templates=queries.templates_of(team),
    )
    return html, status


def _settings_url(team, anchor: str | None = None) -> str:
    return url_for("inbox.settings", slug=team.slug, _anchor=anchor)


@bp.get("/teams/<slug>/inbox/settings")
@access.team_worker
def settings(slug: str):
    return _settings_page(team_or_404(slug))


@bp.post("/teams/<slug>/inbox/settings")
@access.team_worker
def save_answer_days(slug: str):
    team = team_or_404(slug)
    form = AnswerDaysForm()
    if form.validate_on_submit() and commit_or_refuse(
        form, lambda: services_settings.set_answer_days(team, current_user, form.answer_days.data)
    ):
        flash(_("New questions are now due within %(days)d working days.", days=team.answer_days), "success")
        return redirect(_settings_url(team), 303)
    return _settings_page(team, 422, days_form=form)


@bp.post("/teams/<slug>/inbox/templates")
@access.team_worker
def add_template(slug: str):
    team = team_or_404(slug)
    form = NewTemplateForm()
    if form.validate_on_submit():
        once = Once(
            form,
            lambda: services_settings.add_template(team, current_user, form.title.data, form.body.data),
            lambda _template: _settings_url(team, "templates"),
        )
        if commit_or_refuse(form, once):
            flash(_("The template has been added."), "success")
            return redirect(once.url, 303)
    return _settings_page(team, 422, template_form=form)


@bp.route("/teams/<slug>/inbox/templates/<id:template_id>", methods=["GET", "POST"])
@access.team_worker
def edit_template(slug: str, template_id: int):
    team = team_or_404(slug)
    template = queries.template_or_404(team, template_id)
    form = TemplateForm(obj=template)
    if form.validate_on_submit():
        if commit_or_refuse(
            form, lambda: services_settings.edit_template(template, current_user, form.title.data, form.body.data)
        ):
            flash(_("The template has been saved."), "success")
            return redirect(_settings_url(team, "templates"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("inbox/template_edit.html", team=team, template=template, form=form), status


@bp.post("/teams/<slug>/inbox/templates/<id:template_id>/delete")
@access.team_worker
def delete_template(slug: str, template_id: int):
    team = team_or_404(slug)
    template = db.session.get(ReplyTemplate, template_id)
    if template is None or template.team_id != team.id:  # e.g. the button pressed twice
        flash(_("This template no longer exists."), "info")
        return redirect(_settings_url(team, "templates"), 303)
    title = template.title
    services_settings.delete_template(template, current_user)
    db.session.commit()
    flash(_("The template “%(title)s” has been deleted.", title=title), "success")
    return redirect(_settings_url(team, "templates"), 303)
