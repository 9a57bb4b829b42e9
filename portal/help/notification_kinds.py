"""The notifications the help feature sends, registered with the notifications registry."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.help.kinds import KIND_LABELS
from portal.notifications import kinds

HELP_MATCH_PROPOSED = "help_match_proposed"  # params of each: kind (the kind of help)
HELP_MATCH_DECLINED = "help_match_declined"
HELP_CONTACT_SHARED = "help_contact_shared"
HELP_FEEDBACK = "help_feedback"
HELP_REQUEST_EXPIRING = "help_request_expiring"


def _help_kind(params: dict) -> str:
    return str(KIND_LABELS.get(params.get("kind", ""), params.get("kind", ""))).lower()


def register() -> None:
    kinds.register(
        HELP_MATCH_PROPOSED,
        _l("Help: a neighbour proposed"),
        _l("When a worker or a neighbour proposes a match for your offer or request."),
        lambda p: _("A match has been proposed for help with %(kind)s. Say yes or no.", kind=_help_kind(p)),
    )
    kinds.register(
        HELP_MATCH_DECLINED,
        _l("Help: a match did not go ahead"),
        _l("When the other side says no or withdraws."),
        lambda p: _("A match for help with %(kind)s does not go ahead.", kind=_help_kind(p)),
    )
    kinds.register(
        HELP_CONTACT_SHARED,
        _l("Help: contact details shared"),
        _l("When both of you said yes and can now reach each other."),
        lambda p: _(
            "You both said yes to help with %(kind)s: you can now see how to reach each other.", kind=_help_kind(p)
        ),
    )
    kinds.register(
        HELP_FEEDBACK,
        _l("Help: did it work?"),
        _l("After the help has happened, we ask how it went."),
        lambda p: _("The help with %(kind)s is done. Did it work? Let us know.", kind=_help_kind(p)),
    )
    kinds.register(
        HELP_REQUEST_EXPIRING,
        _l("Help: my request is about to expire"),
        _l("A few days before your open request expires."),
        lambda p: _(
            "Your request for help with %(kind)s expires in a few days. Do you still need it?", kind=_help_kind(p)
        ),
    )
