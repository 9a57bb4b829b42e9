"""The notifications the projects feature sends, registered with the notifications registry."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.notifications import kinds

PROJECT_INVITATION = "project_invitation"  # params: title
PROJECT_UPDATE = "project_update"  # params: title


def register() -> None:
    kinds.register(
        PROJECT_INVITATION,
        _l("Projects: an invitation"),
        _l("When something you noticed becomes a collective project that you can join."),
        lambda p: _(
            'What you noticed is now part of the collective project "%(title)s". You are welcome to join.',
            title=p.get("title", ""),
        ),
    )
    kinds.register(
        PROJECT_UPDATE,
        _l("Projects: news"),
        _l("News, new activities and the outcome of projects you joined or reported for."),
        lambda p: _('News from the project "%(title)s".', title=p.get("title", "")),
    )
