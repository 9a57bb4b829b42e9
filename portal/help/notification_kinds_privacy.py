"""The notification of requests held for the team (a new kind, registered beside notification_kinds).

A request whose words touch a sensitive matter (debts, health, mental health, violence at home, suicide) or
suggest a crisis waits for a worker of its team before any neighbour sees it. The workers are told what kind
of help and where, never the resident's words nor the topic: a mail must not carry someone's troubles.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.help.kinds import KIND_LABELS
from portal.notifications import kinds

HELP_TEAM_HELD = "help_team_held"  # params: kind, area (the neighbourhood's name), crisis (bool)

TEAM_GROUP = _l("Neighbourly help in your team")


def _held(p: dict) -> str:
    values = {"kind": str(KIND_LABELS.get(p.get("kind", ""), p.get("kind", ""))).lower(), "area": p.get("area", "")}
    if p.get("crisis"):
        return _(
            "A new request for help with %(kind)s in %(area)s suggests a crisis: call the resident.",
            **values,
        )
    return _(
        "A new request for help with %(kind)s in %(area)s touches a private matter. Neighbours see it only "
        "after a worker of the team has looked at it.",
        **values,
    )


def register() -> None:
    kinds.register(
        HELP_TEAM_HELD,
        _l("Help: a request waits for the team to look at it first"),
        _l("When a request in your team's neighbourhoods touches a private matter or suggests a crisis."),
        _held,
        audience=kinds.WORKERS,
        group=TEAM_GROUP,
    )
