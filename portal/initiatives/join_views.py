"""Joining in and the conversation: support, sign up, leave, comment, report, hide and restore.

Every action is a plain form post that redirects back to the initiative; an htmx request gets
the changed region of the page instead.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.errors import DomainError, apply_to_form
from portal.extensions import db
from portal.extensions import htmx as htmx_request
from portal.initiatives import conversation, joining, permissions, queries
from portal.initiatives.blueprint import bp
from portal.initiatives.forms import MessageForm, ReportForm, RoleChoiceForm
from portal.initiatives.pages import show_page


@bp.post("/<int:initiative_id>/support")
@access.resident
def support_initiative(initiative_id: int):
    initiative = _visible(initiative_id)
    return _act(
        initiative,
        "join",
        "support",
        lambda: joining.support(current_user, initiative),
        _("Thank you for supporting this initiative."),
    )


@bp.post("/<int:initiative_id>/support/withdraw")
@access.resident
def withdraw_support(initiative_id: int):
    initiative = _visible(initiative_id)
    return _act(
        initiative,
        "join",
        "support",
        lambda: joining.withdraw_support(current_user, initiative),
        _("You no longer support this initiative."),
    )


@bp.post("/<int:initiative_id>/signup")
@access.resident
def sign_up(initiative_id: int):
    initiative = _visible(initiative_id)
    role = _chosen_role(initiative)
    if role is None:
        return show_page(initiative, "join", 422, errors={"roles": _("Choose one of the tasks.")})
    return _act(
        initiative,
        "join",
        f"role-{role.id}",
        lambda: joining.sign_up(current_user, role),
        _("You have signed up. The initiator will be in touch."),
    )


@bp.post("/<int:initiative_id>/leave")
@access.resident
def leave_role(initiative_id: int):
    initiative = _visible(initiative_id)
    role = _chosen_role(initiative)
    if role is None:
        return show_page(initiative, "join", 422, errors={"roles": _("Choose one of the tasks.")})
    return _act(
        initiative,
        "join",
        f"role-{role.id}",
        lambda: joining.leave(current_user, role),
        _("You have given your place back."),
    )


@bp.post("/<int:initiative_id>/messages")
@access.resident
def post_message(initiative_id: int):
    initiative = _visible(initiative_id)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            conversation.post_message(current_user, initiative, form.body.data, form.kind.data)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            return _after(initiative, "conversation", _("Your message is posted."))
    return show_page(initiative, "conversation", 422, message_form=form)


@bp.route("/<int:initiative_id>/messages/<int:message_id>/report", methods=["GET", "POST"])
@access.resident
def report_message(initiative_id: int, message_id: int):
    """Report a message as inappropriate; a page of its own, so it works without JavaScript."""
    initiative = _visible(initiative_id)
    message = queries.message_or_404(initiative, message_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            conversation.report_message(current_user, message, form.reason.data)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Thank you. A worker of the team will look at this message."), "success")
            return redirect(url_for("initiatives.show_initiative", initiative_id=initiative.id) + "#conversation")
    status = 422 if form.errors or form.form_errors else 200
    return render_template("initiatives/report.html", initiative=initiative, message=message, form=form), status


@bp.post("/<int:initiative_id>/messages/<int:message_id>/hide")
@access.owner_or_team
def hide_message(initiative_id: int, message_id: int):
    initiative = _moderated(initiative_id)
    message = queries.message_or_404(initiative, message_id)
    return _act(
        initiative,
        "conversation",
        f"message-{message.id}",
        lambda: conversation.hide_message(current_user, message),
        _("The message is hidden."),
    )


@bp.post("/<int:initiative_id>/messages/<int:message_id>/restore")
@access.owner_or_team
def restore_message(initiative_id: int, message_id: int):
    initiative = _moderated(initiative_id)
    message = queries.message_or_404(initiative, message_id)
    return _act(
        initiative,
        "conversation",
        f"message-{message.id}",
        lambda: conversation.restore_message(current_user, message),
        _("The message is shown again."),
    )


def _act(initiative, block: str, key: str, change, done: str):
    """Run a service, commit once, and answer; a refusal is shown next to ``key`` with 422."""
    try:
        change()
    except DomainError as error:
        db.session.rollback()
        return show_page(initiative, block, 422, errors={key: error.message})
    db.session.commit()
    return _after(initiative, block, done)


def _after(initiative, block: str, done: str):
    if htmx_request and not htmx_request.boosted:
        db.session.expire_all()
        return show_page(queries.initiative_or_404(initiative.id), block)
    flash(done, "success")
    anchor = "#join" if block == "join" else "#conversation"
    return redirect(url_for("initiatives.show_initiative", initiative_id=initiative.id) + anchor, 303)


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
