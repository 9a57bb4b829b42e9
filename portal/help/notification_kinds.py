"""The notifications the help feature sends, registered with the notifications registry.

Residents hear about their own matches; the workers of a request's team (the team of its neighbourhood) hear
when a request waits too long without a proposal, when a match is accepted or does not go ahead, and when
someone says whether the help worked. Workers' notifications never carry what a resident wrote: a
feedback note is only announced (the team reads it in the console), so no mail holds it.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.help.kinds import KIND_LABELS
from portal.notifications import kinds

# Residents. Params of each: kind (the kind of help); date (ISO day the help is needed, when it has one).
HELP_MATCH_PROPOSED = "help_match_proposed"
HELP_MATCH_DECLINED = "help_match_declined"
HELP_CONTACT_SHARED = "help_contact_shared"
HELP_FEEDBACK = "help_feedback"
HELP_REQUEST_EXPIRING = "help_request_expiring"

# The workers of the request's team. Params of each: kind, area (the neighbourhood's name), date (as above).
HELP_TEAM_WAITING = "help_team_waiting"  # + days (waited so far), crisis (bool)
HELP_TEAM_ACCEPTED = "help_team_accepted"
HELP_TEAM_ENDED = "help_team_ended"  # + by: "requester", "helper" (said no), "withdrawn" (request closed), "no_answer"
HELP_TEAM_FEEDBACK = "help_team_feedback"  # + side ("requester"/"helper"), worked (bool), note (bool: one was left)

ENDED_BY = ("requester", "helper", "withdrawn", "no_answer")

RESIDENT_GROUP = _l("Neighbourly help")
TEAM_GROUP = _l("Neighbourly help in your team")


def _help_kind(params: dict) -> str:
    return str(KIND_LABELS.get(params.get("kind", ""), params.get("kind", ""))).lower()


def _proposed(p: dict) -> str:
    when = kinds.day(p.get("date"))
    if when:
        return _(
            "A match has been proposed for help with %(kind)s on %(date)s. Say yes or no.",
            kind=_help_kind(p),
            date=when,
        )
    return _("A match has been proposed for help with %(kind)s. Say yes or no.", kind=_help_kind(p))


def _contact_shared(p: dict) -> str:
    when = kinds.day(p.get("date"))
    if when:
        return _(
            "You both said yes to help with %(kind)s on %(date)s: you can now see how to reach each other.",
            kind=_help_kind(p),
            date=when,
        )
    return _("You both said yes to help with %(kind)s: you can now see how to reach each other.", kind=_help_kind(p))


def _waiting(p: dict) -> str:
    values = {"kind": _help_kind(p), "area": p.get("area", ""), "days": int(p.get("days") or 0)}
    if p.get("crisis"):
        return _(
            "A request for help with %(kind)s in %(area)s has waited %(days)d days for the team: its text suggests an "
            "emergency. Call the resident.",
            **values,
        )
    return _("A request for help with %(kind)s in %(area)s has waited %(days)d days for a proposal.", **values)


def _accepted(p: dict) -> str:
    when = kinds.day(p.get("date"))
    values = {"kind": _help_kind(p), "area": p.get("area", "")}
    if when:
        return _("Both said yes: help with %(kind)s in %(area)s goes ahead on %(date)s.", date=when, **values)
    return _("Both said yes: help with %(kind)s in %(area)s goes ahead.", **values)


def _ended(p: dict) -> str:
    values = {"kind": _help_kind(p), "area": p.get("area", "")}
    by = p.get("by")
    if by == "requester":
        return _(
            "The requester said no to the match for help with %(kind)s in %(area)s; the request is open again.",
            **values,
        )
    if by == "helper":
        return _(
            "The helper said no to the match for help with %(kind)s in %(area)s; the request is open again.", **values
        )
    if by == "no_answer":
        return _(
            "Nobody answered the match for help with %(kind)s in %(area)s within a week; the request is open again.",
            **values,
        )
    return _("The requester withdrew the request for help with %(kind)s in %(area)s that had a match.", **values)


def _feedback(p: dict) -> str:
    values = {"kind": _help_kind(p), "area": p.get("area", "")}
    requester = p.get("side") == "requester"
    if p.get("worked"):
        if requester:
            text = _("The requester says the help with %(kind)s in %(area)s worked.", **values)
        else:
            text = _("The helper says the help with %(kind)s in %(area)s worked.", **values)
    elif requester:
        text = _("The requester says the help with %(kind)s in %(area)s did not work.", **values)
    else:
        text = _("The helper says the help with %(kind)s in %(area)s did not work.", **values)
    if p.get("note"):
        text += " " + _("There is a note for the team: read it in the portal.")
    return text


def register() -> None:
    kinds.register(
        HELP_MATCH_PROPOSED,
        _l("Help: a neighbour proposed"),
        _l("When a worker or a neighbour proposes a match for your offer or request."),
        _proposed,
        group=RESIDENT_GROUP,
    )
    kinds.register(
        HELP_MATCH_DECLINED,
        _l("Help: a match did not go ahead"),
        _l("When the other side says no or withdraws."),
        lambda p: _("A match for help with %(kind)s does not go ahead.", kind=_help_kind(p)),
        group=RESIDENT_GROUP,
    )
    kinds.register(
        HELP_CONTACT_SHARED,
        _l("Help: contact details shared"),
        _l("When both of you said yes and can now reach each other."),
        _contact_shared,
        group=RESIDENT_GROUP,
    )
    kinds.register(
        HELP_FEEDBACK,
        _l("Help: did it work?"),
        _l("After the help has happened, we ask how it went."),
        lambda p: _("The help with %(kind)s is done. Did it work? Let us know.", kind=_help_kind(p)),
        group=RESIDENT_GROUP,
    )
    kinds.register(
        HELP_REQUEST_EXPIRING,
        _l("Help: my request is about to expire"),
        _l("A few days before your open request expires."),
        lambda p: _(
            "Your request for help with %(kind)s expires in a few days. Do you still need it?", kind=_help_kind(p)
        ),
        group=RESIDENT_GROUP,
    )
    kinds.register(
        HELP_TEAM_WAITING,
        _l("Help: a request waits for a proposal"),
        _l("When a request in your team's neighbourhoods has waited a few days without a proposal (once per request)."),
        _waiting,
        audience=kinds.WORKERS,
        group=TEAM_GROUP,
    )
    kinds.register(
        HELP_TEAM_ACCEPTED,
        _l("Help: a match was accepted"),
        _l("When both neighbours said yes to a match in your team's neighbourhoods."),
        _accepted,
        audience=kinds.WORKERS,
        group=TEAM_GROUP,
    )
    kinds.register(
        HELP_TEAM_ENDED,
        _l("Help: a match in the team did not go ahead"),
        _l("When one side says no, nobody answers within a week, or the requester withdraws."),
        _ended,
        audience=kinds.WORKERS,
        group=TEAM_GROUP,
    )
    kinds.register(
        HELP_TEAM_FEEDBACK,
        _l("Help: feedback after a match"),
        _l("When a requester or a helper says whether the help worked."),
        _feedback,
        audience=kinds.WORKERS,
        group=TEAM_GROUP,
    )
