"""Joining in and the conversation: support, sign up, leave, comment, report, hide and restore.

Every action is a plain form post that redirects back to the initiative; an htmx request gets
the changed region of the page instead.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.errors import DomainError, commit_or_refuse
from portal.extensions import db
from portal.htmx import is_fragment
from portal.initiatives import conversation, joining, permissions, queries
from portal.initiatives.blueprint import bp
from portal.initiatives.forms import MessageForm, ReportForm, RoleChoiceForm
from portal.initiatives.views import show_page
from portal.submissions import Once


@bp.post("/<id:initiative_id>/support")
@access.resident
def support_initiative(initiative_id: int):
    return _act_on_support(initiative_id, joining.support, _("Thank you for supporting this initiative."))


@bp.post("/<id:initiative_id>/support/withdraw")
@access.resident
def withdraw_support(initiative_id: int):
    return _act_on_support(initiative_id, joining.withdraw_support, _("You no longer support this initiative."))


@bp.post("/<id:initiative_id>/signup")
@access.resident
def sign_up(initiative_id: int):
    return _act_on_role(initiative_id, joining.sign_up, _("You have signed up. The initiator will be in touch."))


@bp.post("/<id:initiative_id>/leave")
@access.resident
def leave_role(initiative_id: int):
    return _act_on_role(initiative_id, joining.leave, _("You have given your place back."))


@bp.post("/<id:initiative_id>/messages")
@access.resident
def post_message(initiative_id: int):
    initiative = _visible(initiative_id)
    form = MessageForm()
    post = Once(
        form,
        lambda: conversation.post_message(current_user, initiative, form.body.data, form.kind.data),
        lambda _message: _conversation_url(initiative),
    )
    if form.validate_on_submit() and commit_or_refuse(form, post):
        return _after(initiative, "conversation", _("Your message is posted."))
    return show_page(initiative, "conversation", 422, message_form=form)


@bp.route("/<id:initiative_id>/messages/<id:message_id>/report", methods=["GET", "POST"])
@access.resident
def report_message(initiative_id: int, message_id: int):
    """Report a message as inappropriate; a page of its own, so it works without JavaScript."""
    initiative = _visible(initiative_id)
    message = queries.message_or_404(initiative, message_id)
    form = ReportForm()
    report = Once(
        form,
        lambda: conversation.report_message(current_user, message, form.reason.data),
        lambda _report: _conversation_url(initiative),
    )
    if form.validate_on_submit() and commit_or_refuse(form, report):
        flash(_("Thank you. A worker of the team will look at this message."), "success")
        return redirect(_conversation_url(initiative))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("initiatives/report.html", initiative=initiative, message=message, form=form), status


@bp.post("/<id:initiative_id>/messages/<id:message_id>/hide")
@access.owner_or_team
def hide_message(initiative_id: int, message_id: int):
    return _moderate(initiative_id, message_id, conversation.hide_message, _("The message is hidden."))


@bp.post("/<id:initiative_id>/messages/<id:message_id>/restore")
@access.owner_or_team
def restore_message(initiative_id: int, message_id: int):
    return _moderate(initiative_id, message_id, conversation.restore_message, _("The message is shown again."))


def _act(initiative, block: str, key: str, change: Callable[[], object], done: str):
    """Run a service, commit once, and answer; a refusal is shown next to ``key`` with 422."""
    try:
        change()
    except DomainError as error:
        db.session.rollback()
        return show_page(initiative, block, 422, errors={key: error.message})
    db.session.commit()
    return _after(initiative, block, done)


def _act_on_support(initiative_id: int, change: Callable, done: str):
    """Support the initiative or take the support back."""
    initiative = _visible(initiative_id)
    return _act(initiative, "join", "support", lambda: change(current_user, initiative), done)


def _act_on_role(initiative_id: int, change: Callable, done: str):
    """Sign up for or leave the volunteer role chosen in the form."""
    initiative = _visible(initiative_id)
    role = _chosen_role(initiative)
    if role is None:
        return show_page(initiative, "join", 422, errors={"roles": _("Choose one of the tasks.")})
    return _act(initiative, "join", f"role-{role.id}", lambda: change(current_user, role), done)


def _moderate(initiative_id: int, message_id: int, change: Callable, done: str):
    """Hide or restore a message; the service refuses anyone but a worker of the team."""
    initiative = _moderated(initiative_id)
    message = queries.message_or_404(initiative, message_id)
    return _act(initiative, "conversation", f"message-{message.id}", lambda: change(current_user, message), done)


def _after(initiative, block: str, done: str):
    if is_fragment():
        db.session.expire_all()
        return show_page(queries.initiative_or_404(initiative.id), block)
    flash(done, "success")
    anchor = "#join" if block == "join" else "#conversation"
    return redirect(url_for("initiatives.show_initiative", initiative_id=initiative.id) + anchor, 303)


def _conversation_url(initiative) -> str:
    return url_for("initiatives.show_initiative", initiative_id=initiative.id) + "#conversation"


def _visible(initiative_id: int):
    initiative = queries.initiative_or_404(initiative_id)
    if not permissions.can_see(current_user, initiative):
        abort(404)
    return initiative


def _moderated(initiative_id: int):
    initiative = queries.initiative_or_404(initiative_id)
    access.ensure_owner_or_team(initiative.initiator_id, permissions.team_slug(initiative))
    return initiative


def _chosen_role(initiative):
    form = RoleChoiceForm()
    return queries.role_or_none(initiative, form.role_id.data) if form.validate() else None
