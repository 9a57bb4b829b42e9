"""The notifications the initiatives feature sends, registered with the notifications registry."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.initiatives.lifecycle import STATUS_LABELS
from portal.notifications import kinds

INITIATIVE_STATUS = "initiative_status"  # params: title, status
INITIATIVE_COMMENT = "initiative_comment"  # params: title, author
INITIATIVE_CHANGED = "initiative_changed"  # params: title
INITIATIVE_CANCELLED = "initiative_cancelled"  # params: title


def _status(params: dict) -> str:
    status = params.get("status", "")
    return _(
        'Your initiative "%(title)s" is now: %(status)s.',
        title=params.get("title", ""),
        status=STATUS_LABELS.get(status, status),
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
        lambda p: _(
            '%(author)s reacted to your initiative "%(title)s".', author=p.get("author", ""), title=p.get("title", "")
        ),
    )
    kinds.register(
        INITIATIVE_CHANGED,
        _l("Changes to initiatives I help with"),
        _l("When the date or the place of an initiative you joined changes."),
        lambda p: _('The date or place of "%(title)s" has changed.', title=p.get("title", "")),
    )
    kinds.register(
        INITIATIVE_CANCELLED,
        _l("Cancelled initiatives I help with"),
        _l("When an initiative you joined does not go ahead."),
        lambda p: _('"%(title)s" has been cancelled.', title=p.get("title", "")),
    )
