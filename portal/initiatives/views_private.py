"""The private conversation on an initiative: a page of its own for the initiator and the team.

Anyone else is refused (403): the owner-or-team rule, with the team of the initiative's area. Posting is
a plain form (it works without JavaScript); an htmx post gets the conversation region back.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from portal import access, htmx
from portal.errors import commit_or_refuse
from portal.extensions import db, limiter
from portal.initiatives import permissions, queries, services_private
from portal.initiatives.blueprint import bp
from portal.initiatives.forms import PrivateMessageForm
from portal.submissions import Once

TEMPLATE = "initiatives/private.html"


def _rate_limits_off() -> bool:
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def _writer() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


@bp.route("/<id:initiative_id>/private", methods=["GET", "POST"])
@access.owner_or_team
@limiter.limit("10 per minute; 100 per day", methods=["POST"], key_func=_writer, exempt_when=_rate_limits_off)
def private_conversation(initiative_id: int):
    initiative = queries.initiative_or_404(initiative_id)
    access.ensure_owner_or_team(initiative.initiator_id, permissions.team_slug(initiative))
    if not permissions.can_see(current_user, initiative):
        abort(404)
    if request.method == "GET":
        return _page(initiative, PrivateMessageForm(formdata=None))
    form = PrivateMessageForm()
    post = Once(
        form,
        lambda: services_private.post_private_message(current_user, initiative, form.body.data),
        lambda message: services_private.link(initiative, message),
    )
    if form.validate_on_submit() and commit_or_refuse(form, post):
        if htmx.is_fragment():
            db.session.expire_all()
            return _page(initiative, PrivateMessageForm(formdata=None), sent=True)
        flash(_("Your message is sent. Only you and the team can read it."), "success")
        return redirect(post.url, 303)
    return _page(initiative, form, 200 if htmx.is_fragment() else 422)


def _page(initiative, form: PrivateMessageForm, status: int = 200, sent: bool = False):
    """The whole page, or for htmx only the conversation (an error comes back as 200 so htmx shows it)."""
    return htmx.render(
        TEMPLATE,
        "private",
        status=status,
        initiative=initiative,
        messages=services_private.messages_of(initiative),
        form=form,
        is_initiator=permissions.is_initiator(current_user, initiative),
        sent=sent,
    )
