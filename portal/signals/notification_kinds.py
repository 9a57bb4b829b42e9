"""The notifications the signals feature sends, registered with the notifications registry."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.notifications import kinds

SIGNAL_DISMISSED = "signal_dismissed"  # params: reason


def register() -> None:
    kinds.register(
        SIGNAL_DISMISSED,
        _l("Signals: the team decided"),
        _l("When the team closes a group of signals you reported in, with the reason."),
        lambda p: _(
            "The neighbourhood team looked at what you noticed and will not take it further: %(reason)s",
            reason=p.get("reason", ""),
        ),
    )
