"""The lead's messages to a project's participants: written by the team on the project's page, read there by
the participants and the team only (the section is not rendered for anyone else)."""

from __future__ import annotations

from flask import current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from portal import access
from portal.errors import commit_or_refuse
from portal.extensions import limiter
from portal.paging import get_or_404
from portal.projects import services_messages
from portal.projects.blueprint import bp
from portal.projects.forms import LeadMessageForm
from portal.projects.models import Project
from portal.projects.views import project_page
from portal.projects.views_manage import TEAMS_OF
from portal.submissions import Once


def _rate_limits_off() -> bool:
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def _writer() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


@bp.post("/<id:project_id>/messages")
@access.team_worker_of("project_id", TEAMS_OF)
@limiter.limit("10 per minute; 100 per day", key_func=_writer, exempt_when=_rate_limits_off)
def post_message(project_id: int):
    project = get_or_404(Project, project_id)
    form = LeadMessageForm()
    post = Once(
        form,
        lambda: services_messages.post_message(current_user, project, form.lead_message.data),
        lambda message: url_for("projects.show_project", project_id=project.id) + f"#lead-message-{message.id}",
    )
    if form.validate_on_submit() and commit_or_refuse(form, post, {"body": "lead_message"}):
        flash(_("Your message is sent to the participants."), "success")
        return redirect(post.url, 303)
    return project_page(project, 422, message_form=form)
