"""The initiative page, whole or as one of its htmx regions ("join", "conversation")."""

from __future__ import annotations

from flask_login import current_user

from portal import htmx
from portal.extensions import htmx as htmx_request
from portal.initiatives import conversation, lifecycle, permissions, queries, times  # noqa: F401 - filters
from portal.initiatives.categories import CATEGORIES
from portal.initiatives.forms import PERMIT_LABELS, MessageForm

TEMPLATE = "initiatives/show.html"


def show_page(initiative, block: str = "content", status: int = 200, errors=None, message_form=None):
    """Render the initiative page; an htmx request gets only ``block``.

    ``errors`` maps a region key ("support", "role-<id>", "message-<id>") to a message shown
    next to it. A fragment with an error comes back as 200: htmx only swaps successful
    responses, and the message must be seen. The whole page comes back as ``status``.
    """
    if htmx_request and not htmx_request.boosted and status == 422:
        status = 200
    return htmx.render(TEMPLATE, block, status=status, **context_for(initiative, errors, message_form))


def context_for(initiative, errors=None, message_form=None) -> dict:
    is_team = permissions.is_team_worker(current_user, initiative)
    if message_form is None:
        message_form = MessageForm(formdata=None)
    return {
        "initiative": initiative,
        "categories": CATEGORIES,
        "permit_labels": PERMIT_LABELS,
        "status_labels": lifecycle.STATUS_LABELS,
        "lifecycle": lifecycle,
        "is_initiator": permissions.is_initiator(current_user, initiative),
        "is_team": is_team,
        "sees_names": permissions.sees_names(current_user, initiative),
        "can_edit": permissions.can_edit(current_user, initiative),
        "next_steps": permissions.next_steps(current_user, initiative),
        "is_open": initiative.status in queries.OPEN,
        "support_count": queries.support_count(initiative),
        "supported": queries.supported_by(current_user, initiative),
        "my_roles": queries.role_ids_of(current_user, initiative),
        "messages": queries.messages_of(initiative),
        "reported": queries.reported_by(current_user, initiative),
        "may_post_updates": conversation.may_post_updates(current_user, initiative),
        "may_comment": initiative.status not in conversation.CLOSED
        or conversation.may_post_updates(current_user, initiative),
        "message_form": message_form,
        "errors": errors or {},
        "AUTO_HIDDEN": conversation.AUTO_HIDDEN,
    }
