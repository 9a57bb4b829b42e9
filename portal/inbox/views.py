"""The team inbox for the team's workers: the list, a question's page, assign, status, reply, notes."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields import SelectChoice

from portal import access
from portal.errors import DomainError, commit_or_refuse
from portal.extensions import db
from portal.htmx import is_fragment, render
from portal.inbox import queries, services
from portal.inbox.blueprint import bp
from portal.inbox.forms import AssignForm, NoteForm, ReplyForm, StatusForm, TemplateChoiceForm
from portal.paging import id_or_none
from portal.submissions import Once
from portal.teams.queries import reference, team_or_404
from portal.timeutil import utcnow

ME = "me"


@bp.get("/teams/<slug>/inbox")
@access.team_worker
def team_inbox(slug: str):
    team = team_or_404(slug)
    filters = queries.InboxFilters.from_args(request.args)
    now = utcnow()
    counts = queries.inbox_counts(team, current_user, now)
    page = db.paginate(
        queries.inbox_query(team, filters.show, current_user, now),
        page=filters.page,
        per_page=queries.PER_PAGE,
        error_out=False,
        count=False,
    )
    page.total = counts[filters.show]  # counted with the others, in one query
    return render("inbox/team_inbox.html", "results", team=team, filters=filters, page=page, counts=counts, now=now)


def _load(slug: str, question_id: int):
    team = team_or_404(slug)
    return team, queries.question_or_404(team, question_id)


def _question_page(team, question, status: int = 200, **forms):
    templates = queries.templates_of(team)
    choice = TemplateChoiceForm(request.args)
    choice.template.choices = [SelectChoice("", _("Choose a template"))] + [
        SelectChoice(str(t.id), t.title) for t in templates
    ]
    reply_form = forms.get("reply_form") or ReplyForm()
    chosen = id_or_none(request.args.get("template"))
    if "reply_form" not in forms and chosen is not None:
        template = next((t for t in templates if t.id == chosen), None)
        if template is not None:
            reply_form.body.data = template.body
    assign_form = forms.get("assign_form") or AssignForm(worker=str(question.assigned_to_id or ""))
    workers = queries.team_workers(team)
    assign_form.worker.choices = [SelectChoice("", _("Nobody"))] + [SelectChoice(str(w.id), w.name) for w in workers]
    status_form = forms.get("status_form") or StatusForm(status=question.status)
    return render(
        "inbox/question.html",
        "reply",
        status=status,
        team=team,
        question=question,
        reference=reference(question.id),
        messages=queries.conversation(question, with_notes=True),
        overdue=queries.is_overdue(question),
        templates=templates,
        choice=choice,
        reply_form=reply_form,
        note_form=forms.get("note_form") or NoteForm(),
        assign_form=assign_form,
        status_form=status_form,
        workers=workers,
    )


@bp.get("/teams/<slug>/inbox/<id:question_id>")
@access.team_worker
def question(slug: str, question_id: int):
    team, question = _load(slug, question_id)
    return _question_page(team, question)


def _back(team, question, anchor: str | None = None) -> str:
    return url_for("inbox.question", slug=team.slug, question_id=question.id, _anchor=anchor)


def _after_post(team, question, anchor: str):
    if is_fragment():
        return "", 204, {"HX-Redirect": _back(team, question, anchor)}
    return redirect(_back(team, question, anchor), 303)


def _add_message(team, question, form, add, done: str):
    """Store a reply or a note (once, also when posted twice) and go back to the conversation; None when the
    form was refused, so the caller shows the page again with what was typed."""
    if not form.validate_on_submit():
        return None
    once = Once(
        form,
        lambda: add(question, current_user, form.body.data),
        lambda _message: _back(team, question, "conversation"),
    )
    if not commit_or_refuse(form, once):
        return None
    flash(done, "success")
    return _after_post(team, question, "conversation")


@bp.post("/teams/<slug>/inbox/<id:question_id>/reply")
@access.team_worker
def reply(slug: str, question_id: int):
    team, question = _load(slug, question_id)
    form = ReplyForm()
    done = _("Your reply has been sent to the resident.")
    return _add_message(team, question, form, services.reply, done) or _question_page(
        team, question, 422, reply_form=form
    )


@bp.post("/teams/<slug>/inbox/<id:question_id>/note")
@access.team_worker
def note(slug: str, question_id: int):
    team, question = _load(slug, question_id)
    form = NoteForm()
    done = _("Your note has been added. Only the team's workers see it.")
    return _add_message(team, question, form, services.note, done) or _question_page(
        team, question, 422, note_form=form
    )


@bp.post("/teams/<slug>/inbox/<id:question_id>/assign")
@access.team_worker
def assign(slug: str, question_id: int):
    team, question = _load(slug, question_id)
    form = AssignForm()
    form.worker.choices = [SelectChoice("", "")]
    if form.validate_on_submit():

        def change():
            value = form.worker.data or ""
            worker = None
            if value == ME:
                worker = current_user._get_current_object()
            elif value:
                wanted = id_or_none(value)
                worker = next((w for w in queries.team_workers(team) if w.id == wanted), None)
                if worker is None:
                    raise DomainError(_("Choose a worker of this team."), "worker")
            return services.assign(question, current_user, worker)

        if commit_or_refuse(form, change):
            flash(_("The question has been assigned."), "success")
            return _after_post(team, question, "handling")
    return _question_page(team, question, 422, assign_form=form)


@bp.post("/teams/<slug>/inbox/<id:question_id>/status")
@access.team_worker
def change_status(slug: str, question_id: int):
    team, question = _load(slug, question_id)
    form = StatusForm()
    if form.validate_on_submit() and commit_or_refuse(
        form, lambda: services.change_status(question, current_user, form.status.data)
    ):
        flash(_("The status has been changed."), "success")
        return _after_post(team, question, "handling")
    return _question_page(team, question, 422, status_form=form)
