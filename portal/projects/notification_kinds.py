"""The notifications the projects feature sends, registered with the notifications registry.

The parameters carry the news itself (the news' text, an activity's date as an ISO string and its place,
the lead's message); ``describe`` words it in the reader's language. Parameters added later are optional,
so notifications stored before still read, in their older wording.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.initiatives import times
from portal.notifications import kinds

PROJECT_INVITATION = "project_invitation"  # params: title
PROJECT_UPDATE = "project_update"  # params: title; text (news) | activity, start, place | status, outcome
PROJECT_MESSAGE = "project_message"  # params: title, author, text (the lead's message to participants)
PROJECT_JOINED = "project_joined"  # params: title, name, count (for the lead worker)


def _update(params: dict) -> str:
    title = params.get("title", "")
    if params.get("text"):
        return _('News from the project "%(title)s": %(text)s', title=title, text=params["text"])
    when = times.spoken_day_and_time(params.get("start"))
    if params.get("activity") and when:
        return _(
            'New activity of the project "%(title)s": %(activity)s, %(when)s, at %(place)s.',
            title=title,
            activity=params["activity"],
            when=when,
            place=params.get("place", ""),
        )
    if params.get("status") == "finished":
        if params.get("outcome"):
            return _('The project "%(title)s" has finished: %(outcome)s', title=title, outcome=params["outcome"])
        return _('The project "%(title)s" has finished.', title=title)
    if params.get("status") == "running":
        return _('The project "%(title)s" is under way.', title=title)
    return _('News from the project "%(title)s".', title=title)


def _message(params: dict) -> str:
    return _(
        '%(author)s, lead of "%(title)s", writes to the participants: %(text)s',
        author=params.get("author") or _("The lead"),
        title=params.get("title", ""),
        text=params.get("text", ""),
    )


def _joined(params: dict) -> str:
    return ngettext(
        '%(name)s joined your project "%(title)s" (%(num)d participant now).',
        '%(name)s joined your project "%(title)s" (%(num)d participants now).',
        params.get("count") or 1,
        name=params.get("name") or _("A resident"),
        title=params.get("title", ""),
    )


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
        _update,
    )
    kinds.register(
        PROJECT_MESSAGE,
        _l("Projects: messages from the lead"),
        _l("When the lead of a project you joined writes to its participants."),
        _message,
    )
    kinds.register(
        PROJECT_JOINED,
        _l("Team: residents joining my projects"),
        _l("When a resident joins a project you lead."),
        _joined,
        audience=kinds.WORKERS,
    )
