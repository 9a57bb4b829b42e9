"""The lifecycle as a table: every (from, to, role) combination is either allowed or refused.

The allowed steps are written out here by hand, from the issue, so that a change to the
transition table in portal/initiatives/lifecycle.py has to be made in both places.
"""

from __future__ import annotations

from datetime import datetime
from itertools import product

import pytest

from portal.errors import DomainError
from portal.initiatives import lifecycle
from portal.initiatives.lifecycle import (
    DECLINED,
    DONE,
    DRAFT,
    IN_CONVERSATION,
    INITIATOR,
    OTHER,
    PLANNED,
    STATUSES,
    SUBMITTED,
    WITHDRAWN,
    WORKER,
)

ROLES = (INITIATOR, WORKER, OTHER)

ALLOWED = {
    (DRAFT, SUBMITTED, INITIATOR),
    (DRAFT, WITHDRAWN, INITIATOR),
    (SUBMITTED, IN_CONVERSATION, WORKER),
    (SUBMITTED, DECLINED, WORKER),
    (SUBMITTED, WITHDRAWN, INITIATOR),
    (IN_CONVERSATION, PLANNED, WORKER),
    (IN_CONVERSATION, DECLINED, WORKER),
    (IN_CONVERSATION, WITHDRAWN, INITIATOR),
    (PLANNED, DONE, WORKER),
    (PLANNED, DONE, INITIATOR),
    (PLANNED, DECLINED, WORKER),
    (PLANNED, WITHDRAWN, INITIATOR),
}

# What each step needs, so that an allowed step is tried with it.
NEEDS = {"reason": "Past niet bij het budget", "planned_start": datetime(2026, 6, 13, 14, 0), "report": "Het was mooi."}

EVERY_COMBINATION = list(product(STATUSES, STATUSES, ROLES))


def _label(combination) -> str:
    return "-".join(combination)


@pytest.mark.parametrize("combination", EVERY_COMBINATION, ids=_label)
def test_every_combination_is_allowed_or_refused_as_the_table_says(app, combination):
    current, target, role = combination
    with app.test_request_context():
        if combination in ALLOWED:
            lifecycle.check_transition(current, target, role, **NEEDS)
        else:
            with pytest.raises(DomainError) as refused:
                lifecycle.check_transition(current, target, role, **NEEDS)
            assert refused.value.field == "status"
            assert str(refused.value.message)  # a clear message, never empty


def test_the_table_and_allowed_targets_agree(app):
    for current, role in product(STATUSES, ROLES):
        expected = [target for target in STATUSES if (current, target, role) in ALLOWED]
        assert lifecycle.allowed_targets(current, role) == expected


def test_final_statuses_have_no_way_out():
    for current, target, role in EVERY_COMBINATION:
        if current in lifecycle.FINAL:
            assert (current, target, role) not in ALLOWED
            assert lifecycle.allowed_targets(current, role) == []


def test_a_refusal_names_both_statuses(app):
    with app.test_request_context():
        with pytest.raises(DomainError) as refused:
            lifecycle.check_transition(DONE, DRAFT, INITIATOR)
        assert "Done" in str(refused.value.message) or "Afgerond" in str(refused.value.message)


@pytest.mark.parametrize(
    ("current", "target", "role", "missing", "field"),
    [
        (SUBMITTED, DECLINED, WORKER, "reason", "reason"),
        (IN_CONVERSATION, DECLINED, WORKER, "reason", "reason"),
        (PLANNED, DECLINED, WORKER, "reason", "reason"),
        (IN_CONVERSATION, PLANNED, WORKER, "planned_start", "planned_start"),
        (PLANNED, DONE, INITIATOR, "report", "report"),
        (PLANNED, DONE, WORKER, "report", "report"),
    ],
)
def test_a_step_without_what_it_needs_is_refused_on_that_field(app, current, target, role, missing, field):
    needs = {**NEEDS, missing: None}
    with app.test_request_context():
        with pytest.raises(DomainError) as refused:
            lifecycle.check_transition(current, target, role, **needs)
        assert refused.value.field == field


def test_a_reason_of_only_spaces_is_no_reason(app):
    with app.test_request_context():
        with pytest.raises(DomainError):
            lifecycle.check_transition(SUBMITTED, DECLINED, WORKER, reason="   ")
