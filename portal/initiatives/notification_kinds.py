"""The notifications the initiatives feature sends, registered with the notifications registry.

A notification carries the news itself in its parameters (the title, a short excerpt, a date as an ISO
string), never finished text: ``describe`` words it in the reader's language when it is shown or mailed.
Parameters added later are optional, so notifications stored before still read (in their older wording).

Privacy of the wording: ``describe`` is used for the in-app list *and* for mail, and a mail may be read by
others (a shared address, a phone on the table). The private conversation's kinds therefore never repeat
what was written ("… wrote to you about …"); their ``excerpt`` parameter is kept for an in-app-only
wording, and the link leads to the message. Supporters are never named (the initiative page shows only
their number); volunteers are named by first name, as the page shows them to everyone.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.initiatives import times
from portal.initiatives.lifecycle import DECLINED, PLANNED, STATUS_LABELS, WITHDRAWN
from portal.notifications import kinds

# For the initiator and the volunteers (residents).
INITIATIVE_STATUS = "initiative_status"  # params: title, status; reason (declined/withdrawn); start, place (planned)
INITIATIVE_COMMENT = "initiative_comment"  # params: title, author; excerpt
INITIATIVE_CHANGED = "initiative_changed"  # params: title; start, place
INITIATIVE_CANCELLED = "initiative_cancelled"  # params: title; reason
INITIATIVE_SUPPORTED = "initiative_supported"  # params: title, count (supporters now)
INITIATIVE_SIGNUP = "initiative_signup"  # params: title, task, name (first name), taken, needed
INITIATIVE_TEAM_WROTE = "initiative_team_wrote"  # params: title, author; excerpt (never worded: see above)
# For the workers of the initiative's team.
INITIATIVE_SUBMITTED = "initiative_submitted"  # params: title, area
INITIATIVE_REPORTED = "initiative_reported"  # params: title, count, hidden
INITIATIVE_INITIATOR_WROTE = "initiative_initiator_wrote"  # params: title, author; excerpt (never worded)

EXCERPT = 200  # characters of a text carried in a notification


def excerpt(text: str | None, limit: int = EXCERPT) -> str:
    """The start of a text on one line: whole when short, else cut at a word with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _status(params: dict) -> str:
    status, title = params.get("status", ""), params.get("title", "")
    when = times.spoken_day_and_time(params.get("start"))
    if status == PLANNED and when:
        if params.get("place"):
            return _(
                'Your initiative "%(title)s" is planned on %(when)s, at %(place)s.',
                title=title,
                when=when,
                place=params["place"],
            )
        return _('Your initiative "%(title)s" is planned on %(when)s.', title=title, when=when)
    label = STATUS_LABELS.get(status, status)
    if status in (DECLINED, WITHDRAWN) and params.get("reason"):
        return _(
            'Your initiative "%(title)s" is now: %(status)s. Reason: %(reason)s',
            title=title,
            status=label,
            reason=params["reason"],
        )
    return _('Your initiative "%(title)s" is now: %(status)s.', title=title, status=label)


def _comment(params: dict) -> str:
    author, title = params.get("author", ""), params.get("title", "")
    if params.get("excerpt"):
        return _(
            '%(author)s reacted to your initiative "%(title)s": "%(excerpt)s"',
            author=author,
            title=title,
            excerpt=params["excerpt"],
        )
    return _('%(author)s reacted to your initiative "%(title)s".', author=author, title=title)


def _changed(params: dict) -> str:
    title, when = params.get("title", ""), times.spoken_day_and_time(params.get("start"))
    if when and params.get("place"):
        return _(
            '"%(title)s" has changed: it is now on %(when)s, at %(place)s.',
            title=title,
            when=when,
            place=params["place"],
        )
    if when:
        return _('"%(title)s" has changed: it is now on %(when)s.', title=title, when=when)
    return _('The date or place of "%(title)s" has changed.', title=title)


def _cancelled(params: dict) -> str:
    if params.get("reason"):
        return _(
            '"%(title)s" has been cancelled. Reason: %(reason)s', title=params.get("title", ""), reason=params["reason"]
        )
    return _('"%(title)s" has been cancelled.', title=params.get("title", ""))


def _supported(params: dict) -> str:
    count = params.get("count") or 1
    return ngettext(
        '%(num)d neighbour now supports your idea "%(title)s".',
        '%(num)d neighbours now support your idea "%(title)s".',
        count,
        title=params.get("title", ""),
    )


def _signup(params: dict) -> str:
    return _(
        '%(name)s signed up for "%(task)s" of your initiative "%(title)s" (%(taken)d of %(needed)d places taken).',
        name=params.get("name") or _("A neighbour"),
        task=params.get("task", ""),
        title=params.get("title", ""),
        taken=params.get("taken") or 0,
        needed=params.get("needed") or 0,
    )


def _team_wrote(params: dict) -> str:
    return _(
        '%(author)s of the team sent you a private message about your initiative "%(title)s".',
        author=params.get("author") or _("A worker"),
        title=params.get("title", ""),
    )


def _submitted(params: dict) -> str:
    return _(
        'A new initiative in %(area)s is waiting for your team: "%(title)s".',
        area=params.get("area", ""),
        title=params.get("title", ""),
    )


def _reported(params: dict) -> str:
    if params.get("hidden"):
        return _(
            'A comment on "%(title)s" was reported %(count)d times and is now hidden until a worker looks at it.',
            title=params.get("title", ""),
            count=params.get("count") or 0,
        )
    return _('A comment on "%(title)s" was reported as inappropriate.', title=params.get("title", ""))


def _initiator_wrote(params: dict) -> str:
    return _(
        '%(author)s sent your team a private message about the initiative "%(title)s".',
        author=params.get("author") or _("The initiator"),
        title=params.get("title", ""),
    )


def register() -> None:
    kinds.register(
        INITIATIVE_STATUS,
        _l("Progress of my initiatives"),
        _l("When your initiative is reviewed, planned, declined or done."),
        _status,
    )
    kinds.register(
        INITIATIVE_COMMENT,
        _l("Comments on my initiatives"),
        _l("When someone reacts to your initiative."),
        _comment,
    )
    kinds.register(
        INITIATIVE_CHANGED,
        _l("Changes to initiatives I help with"),
        _l("When the date or the place of an initiative you joined changes."),
        _changed,
    )
    kinds.register(
        INITIATIVE_CANCELLED,
        _l("Cancelled initiatives I help with"),
        _l("When an initiative you joined does not go ahead."),
        _cancelled,
    )
    kinds.register(
        INITIATIVE_SUPPORTED,
        _l("New supporters of my initiatives"),
        _l("When a neighbour supports your idea. A digest gathers them."),
        _supported,
    )
    kinds.register(
        INITIATIVE_SIGNUP,
        _l("Volunteers for my initiatives"),
        _l("When a neighbour signs up for a task of your initiative."),
        _signup,
    )
    kinds.register(
        INITIATIVE_TEAM_WROTE,
        _l("Private messages from the team"),
        _l("When a worker of the team writes to you about your initiative. The e-mail does not repeat the message."),
        _team_wrote,
    )
    kinds.register(
        INITIATIVE_SUBMITTED,
        _l("Team: new initiatives"),
        _l("When a resident submits an initiative in your team's area."),
        _submitted,
        audience=kinds.WORKERS,
    )
    kinds.register(
        INITIATIVE_REPORTED,
        _l("Team: reported comments"),
        _l("When a comment on an initiative of your team is first reported, and when reports hide it."),
        _reported,
        audience=kinds.WORKERS,
    )
    kinds.register(
        INITIATIVE_INITIATOR_WROTE,
        _l("Team: private messages from initiators"),
        _l("When an initiator writes to your team about their initiative. The e-mail does not repeat the message."),
        _initiator_wrote,
        audience=kinds.WORKERS,
    )
