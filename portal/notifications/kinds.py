"""What each kind of notification says, worded when it is read, in the reader's language.

A notification is stored as a kind and its parameters, never as finished text, so the same
row reads in Dutch for one resident and in English for another, now and after a translation
is corrected.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.initiatives.lifecycle import STATUS_LABELS

INITIATIVE_STATUS = "initiative_status"
INITIATIVE_COMMENT = "initiative_comment"
INITIATIVE_CHANGED = "initiative_changed"
INITIATIVE_CANCELLED = "initiative_cancelled"


@dataclass(frozen=True)
class Kind:
    label: object  # lazy: the preference form's label
    hint: object


KINDS: dict[str, Kind] = {
    INITIATIVE_STATUS: Kind(
        _l("Progress of my initiatives"), _l("When your initiative is reviewed, planned, declined or done.")
    ),
    INITIATIVE_COMMENT: Kind(_l("Comments on my initiatives"), _l("When someone reacts to your initiative.")),
    INITIATIVE_CHANGED: Kind(
        _l("Changes to initiatives I help with"), _l("When the date or the place of an initiative you joined changes.")
    ),
    INITIATIVE_CANCELLED: Kind(
        _l("Cancelled initiatives I help with"), _l("When an initiative you joined does not go ahead.")
    ),
}


def describe(kind: str, params: dict) -> str:
    """One sentence for a notification, in the current locale (wrap in force_locale for mail)."""
    title = params.get("title", "")
    if kind == INITIATIVE_STATUS:
        status = params.get("status", "")
        return _(
            'Your initiative "%(title)s" is now: %(status)s.', title=title, status=STATUS_LABELS.get(status, status)
        )
    if kind == INITIATIVE_COMMENT:
        return _('%(author)s reacted to your initiative "%(title)s".', author=params.get("author", ""), title=title)
    if kind == INITIATIVE_CHANGED:
        return _('The date or place of "%(title)s" has changed.', title=title)
    if kind == INITIATIVE_CANCELLED:
        return _('"%(title)s" has been cancelled.', title=title)
    return _("There is news on Buurtportaal.")
