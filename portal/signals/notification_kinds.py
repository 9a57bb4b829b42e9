"""The notifications the signals feature sends, registered with the notifications registry."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.notifications import kinds
from portal.signals.themes import THEME_LABELS

SIGNAL_DISMISSED = "signal_dismissed"  # params: reason
# The workers of the cluster's team, once per cluster. Params: theme (the most common theme, or None),
# area (the neighbourhood most of its signals are about), signals, reporters (the counts at that moment).
SIGNAL_TEAM_RECURRING = "signal_team_recurring"


def _recurring(p: dict) -> str:
    values = {
        "area": p.get("area") or "",
        "signals": int(p.get("signals") or 0),
        "reporters": int(p.get("reporters") or 0),
    }
    theme = THEME_LABELS.get(p.get("theme") or "")
    if theme is not None:
        return _(
            "Signals about %(theme)s in %(area)s have become a recurring matter. %(signals)d signals from "
            "%(reporters)d different reporters.",
            theme=str(theme).lower(),
            **values,
        )
    return _(
        "Signals in %(area)s have become a recurring matter. %(signals)d signals from %(reporters)d different "
        "reporters.",
        **values,
    )


def register() -> None:
    kinds.register(
        SIGNAL_DISMISSED,
        _l("Signals: the team decided"),
        _l("When the team closes a group of signals you reported in, with the reason."),
        lambda p: _(
            "The neighbourhood team looked at what you noticed and will not take it further: %(reason)s",
            reason=p.get("reason", ""),
        ),
        group=_l("Signals"),
    )
    kinds.register(
        SIGNAL_TEAM_RECURRING,
        _l("Signals: a matter became recurring"),
        _l("When signals in your team's neighbourhoods become a recurring matter (once per group)."),
        _recurring,
        audience=kinds.WORKERS,
        group=_l("Signals in your team"),
    )
