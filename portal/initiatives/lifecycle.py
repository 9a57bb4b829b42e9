"""The lifecycle of an initiative, as data: which step each role may take, and what it needs.

draft → submitted → in conversation → planned → done, or declined (with a reason), or
withdrawn by the initiator. The server refuses every other step. Plain functions, no
database: tests call them directly with a table of allowed and refused transitions.
"""

from __future__ import annotations

from portal.domain import DomainError
from portal.domain import lazy_gettext as _l

DRAFT = "draft"
SUBMITTED = "submitted"
IN_CONVERSATION = "in_conversation"
PLANNED = "planned"
DONE = "done"
DECLINED = "declined"
WITHDRAWN = "withdrawn"
STATUSES = (DRAFT, SUBMITTED, IN_CONVERSATION, PLANNED, DONE, DECLINED, WITHDRAWN)
FINAL = (DONE, DECLINED, WITHDRAWN)

INITIATOR = "initiator"
WORKER = "worker"  # a worker of the team serving the initiative's area, or a coordinator
OTHER = "other"

STATUS_LABELS = {
    DRAFT: _l("Draft"),
    SUBMITTED: _l("Submitted"),
    IN_CONVERSATION: _l("In conversation"),
    PLANNED: _l("Planned"),
    DONE: _l("Done"),
    DECLINED: _l("Declined"),
    WITHDRAWN: _l("Withdrawn"),
}

# (from, to) → roles that may take the step
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (DRAFT, SUBMITTED): frozenset({INITIATOR}),
    (DRAFT, WITHDRAWN): frozenset({INITIATOR}),
    (SUBMITTED, IN_CONVERSATION): frozenset({WORKER}),
    (SUBMITTED, DECLINED): frozenset({WORKER}),
    (SUBMITTED, WITHDRAWN): frozenset({INITIATOR}),
    (IN_CONVERSATION, PLANNED): frozenset({WORKER}),
    (IN_CONVERSATION, DECLINED): frozenset({WORKER}),
    (IN_CONVERSATION, WITHDRAWN): frozenset({INITIATOR}),
    (PLANNED, DONE): frozenset({WORKER, INITIATOR}),
    (PLANNED, DECLINED): frozenset({WORKER}),
    (PLANNED, WITHDRAWN): frozenset({INITIATOR}),
}


def allowed_targets(current: str, role: str) -> list[str]:
    """The statuses ``role`` may move an initiative in ``current`` status to, in lifecycle order."""
    return [target for target in STATUSES if role in TRANSITIONS.get((current, target), ())]


def check_transition(current: str, target: str, role: str, *, reason=None, planned_start=None, report=None) -> None:
    """Raise DomainError unless ``role`` may move ``current`` → ``target`` with what it needs."""
    roles = TRANSITIONS.get((current, target))
    if roles is None:
        raise DomainError(
            _l(
                "An initiative that is %(current)s cannot become %(target)s.",
                current=STATUS_LABELS.get(current, current),
                target=STATUS_LABELS.get(target, target),
            ),
            "status",
        )
    if role not in roles:
        raise DomainError(_l("You may not take this step for this initiative."), "status")
    if target == DECLINED and not (reason or "").strip():
        raise DomainError(_l("Give the initiator a reason why the initiative is declined."), "reason")
    if target == PLANNED and planned_start is None:
        raise DomainError(_l("Choose the date on which the initiative takes place."), "planned_start")
    if target == DONE and not (report or "").strip():
        raise DomainError(_l("Write a short report of how it went."), "report")
