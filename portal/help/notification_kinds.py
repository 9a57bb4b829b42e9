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
HELP_ARRANGEMENT = "help_arrangement"  # + change: "paused", "resumed", "planned" (+ planned: ISO day)
HELP_CHECKIN = "help_checkin"  # + stage: "started", "ended", "stale" (+ closes: ISO day it is closed unanswered)
HELP_REMINDER = "help_reminder"  # + planned: ISO day (tomorrow)
HELP_STALE_CLOSED = "help_stale_closed"

# The workers of the request's team. Params of each: kind, area (the neighbourhood's name), date (as above).
HELP_TEAM_WAITING = "help_team_waiting"  # + days (waited so far), crisis (bool)
HELP_TEAM_ACCEPTED = "help_team_accepted"
# + by: "requester", "helper" (said no), "withdrawn" (request closed), "no_answer", "ended" (an arrangement ended
# by a side), "stale" (closed when nobody answered the question about a match not heard of)
HELP_TEAM_ENDED = "help_team_ended"
HELP_TEAM_FEEDBACK = "help_team_feedback"  # + side ("requester"/"helper"), worked (bool), note (bool: one was left)
# + side, stage, happened (bool or None), rating ("good"/"mixed"/"bad"/None), flagged (bool), note (bool)
HELP_TEAM_CHECKIN = "help_team_checkin"

ENDED_BY = ("requester", "helper", "withdrawn", "no_answer", "ended", "stale")

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
    if by == "ended":
        return _("A help arrangement for %(kind)s in %(area)s has ended; the helper has a place free again.", **values)
    if by == "stale":
        return _(
            "Nobody answered our question about the help with %(kind)s in %(area)s, so it has been closed.", **values
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


def _arrangement(p: dict) -> str:
    kind = _help_kind(p)
    change = p.get("change")
    if change == "paused":
        return _("Your neighbour has paused the help with %(kind)s for now.", kind=kind)
    if change == "resumed":
        return _("Your neighbour has taken up the help with %(kind)s again.", kind=kind)
    return _(
        "Your neighbour has planned the next time for help with %(kind)s: %(date)s.",
        kind=kind,
        date=kinds.day(p.get("planned")),
    )


def _checkin(p: dict) -> str:
    kind = _help_kind(p)
    stage = p.get("stage")
    if stage == "started":
        return _("The help with %(kind)s has been going for two weeks. Did it happen, and how is it going?", kind=kind)
    if stage == "stale":
        return _(
            "We have not heard about the help with %(kind)s for a while. Is it still going on? Tell us before "
            "%(date)s, or we will close it.",
            kind=kind,
            date=kinds.day(p.get("closes")),
        )
    return _("The help with %(kind)s has ended. Did it happen, and how did it go?", kind=kind)


HOW_IT_WENT = {"good": _l("it goes well"), "mixed": _l("it goes so-so"), "bad": _l("it does not go well")}


def how_it_went(happened, rating) -> str:
    """A check-in's answer in a few words (for the workers)."""
    if happened is False:
        return _("the help did not happen")
    if rating in HOW_IT_WENT:
        return str(HOW_IT_WENT[rating])
    return _("the help happened") if happened else _("no answer to how it went")


def _team_checkin(p: dict) -> str:
    values = {"kind": _help_kind(p), "area": p.get("area", "")}
    requester = p.get("side") == "requester"
    if p.get("flagged"):
        if requester:
            return _("The requester says something went wrong with the help with %(kind)s in %(area)s.", **values)
        return _("The helper says something went wrong with the help with %(kind)s in %(area)s.", **values)
    how = how_it_went(p.get("happened"), p.get("rating"))
    if requester:
        text = _("The requester answered how the help with %(kind)s in %(area)s goes: %(how)s.", how=how, **values)
    else:
        text = _("The helper answered how the help with %(kind)s in %(area)s goes: %(how)s.", how=how, **values)
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
        HELP_ARRANGEMENT,
        _l("Help: my neighbour paused or planned"),
        _l("When the other side of your help arrangement pauses it, takes it up again, or plans the next time."),
        _arrangement,
        group=RESIDENT_GROUP,
    )
    kinds.register(
        HELP_CHECKIN,
        _l("Help: how is it going?"),
        _l("Two weeks into a help arrangement, when it ends, and when we have not heard of it for a while."),
        _checkin,
        group=RESIDENT_GROUP,
    )
    kinds.register(
        HELP_REMINDER,
        _l("Help: a reminder the day before"),
        _l("The day before the next planned time of your help arrangement."),
        lambda p: _(
            "A reminder: the help with %(kind)s is planned for tomorrow, %(date)s.",
            kind=_help_kind(p),
            date=kinds.day(p.get("planned")),
        ),
        group=RESIDENT_GROUP,
    )
    kinds.register(
        HELP_STALE_CLOSED,
        _l("Help: closed for lack of news"),
        _l("When a match is closed because nobody answered our question about it."),
        lambda p: _(
            "We heard nothing more about the help with %(kind)s, so we have closed it. Need help again? You can "
            "ask or offer it once more.",
            kind=_help_kind(p),
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
    kinds.register(
        HELP_TEAM_CHECKIN,
        _l("Help: how an arrangement goes"),
        _l("When a requester or a helper answers our check-in; above all when something went wrong."),
        _team_checkin,
        audience=kinds.WORKERS,
        group=TEAM_GROUP,
    )
