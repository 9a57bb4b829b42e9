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
HELP_MATCH_PROPOSED = "help_match_proposed"
HELP_MATCH_DECLINED = "help_match_declined"
HELP_CONTACT_SHARED = "help_contact_shared"
HELP_FEEDBACK = "help_feedback"
HELP_REQUEST_EXPIRING = "help_request_expiring"
SIGNAL_DISMISSED = "signal_dismissed"
PROJECT_INVITATION = "project_invitation"
PROJECT_UPDATE = "project_update"


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
    HELP_MATCH_PROPOSED: Kind(
        _l("Help: a neighbour proposed"), _l("When a worker or a neighbour proposes a match for your offer or request.")
    ),
    HELP_MATCH_DECLINED: Kind(_l("Help: a match did not go ahead"), _l("When the other side says no or withdraws.")),
    HELP_CONTACT_SHARED: Kind(
        _l("Help: contact details shared"), _l("When both of you said yes and can now reach each other.")
    ),
    HELP_FEEDBACK: Kind(_l("Help: did it work?"), _l("After the help has happened, we ask how it went.")),
    HELP_REQUEST_EXPIRING: Kind(
        _l("Help: my request is about to expire"), _l("A few days before your open request expires.")
    ),
    SIGNAL_DISMISSED: Kind(
        _l("Signals: the team decided"), _l("When the team closes a group of signals you reported in, with the reason.")
    ),
    PROJECT_INVITATION: Kind(
        _l("Projects: an invitation"),
        _l("When something you noticed becomes a collective project that you can join."),
    ),
    PROJECT_UPDATE: Kind(
        _l("Projects: news"), _l("News, new activities and the outcome of projects you joined or reported for.")
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
    if kind.startswith("help_"):
        from portal.help.kinds import KIND_LABELS

        label = str(KIND_LABELS.get(params.get("kind", ""), params.get("kind", ""))).lower()
        if kind == HELP_MATCH_PROPOSED:
            return _("A match has been proposed for help with %(kind)s. Say yes or no.", kind=label)
        if kind == HELP_MATCH_DECLINED:
            return _("A match for help with %(kind)s does not go ahead.", kind=label)
        if kind == HELP_CONTACT_SHARED:
            return _("You both said yes to help with %(kind)s: you can now see how to reach each other.", kind=label)
        if kind == HELP_FEEDBACK:
            return _("The help with %(kind)s is done. Did it work? Let us know.", kind=label)
        if kind == HELP_REQUEST_EXPIRING:
            return _("Your request for help with %(kind)s expires in a few days. Do you still need it?", kind=label)
    if kind == SIGNAL_DISMISSED:
        return _(
            "The neighbourhood team looked at what you noticed and will not take it further: %(reason)s",
            reason=params.get("reason", ""),
        )
    if kind == PROJECT_INVITATION:
        return _(
            'What you noticed is now part of the collective project "%(title)s". You are welcome to join.',
            title=title,
        )
    if kind == PROJECT_UPDATE:
        return _('News from the project "%(title)s".', title=title)
    return _("There is news on Buurtportaal.")
