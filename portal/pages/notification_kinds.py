"""The notification the pages feature sends: an accessibility problem someone reported, to every coordinator.

Parameters hold the report as it was sent: ``page`` (a path on this site with any private link's secret left out,
or what the reporter typed), ``problem`` (their words) and ``contact`` (an e-mail address or phone number, or "").
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.notifications import kinds

ACCESSIBILITY_PROBLEM = "accessibility_problem"  # to every active coordinator


def _problem(p: dict) -> str:
    text = _(
        "Someone reported an accessibility problem on %(page)s: “%(problem)s”",
        page=p.get("page") or _("a page they did not name"),
        problem=p.get("problem", ""),
    )
    contact = p.get("contact")
    answer = _("Answer them at %(contact)s.", contact=contact) if contact else _("They left no contact details.")
    return f"{text} {answer}"


def register() -> None:
    kinds.register(
        ACCESSIBILITY_PROBLEM,
        _l("Accessibility: a reported problem"),
        _l("When someone reports a problem with the accessibility of the portal (coordinators only)."),
        _problem,
        audience=kinds.WORKERS,
    )
