"""Two teams with one of everything that can wait for a team, for the overview tests ("Vandaag", "Mijn buurt").

``make_world(name, now)`` builds one team's area with a worker and residents and, waiting for the team: an
overdue and a fresh question (plus an answered one), a complaint, a submitted initiative without a response
(plus one a worker already answered), an open help request, a proposal unanswered for a week and a recurring
matter. Dates are set relative to ``now`` so tests can freeze the clock by passing ``now`` on.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from portal.accounts.models import ROLE_WORKER
from portal.complaints.models import Complaint
from portal.extensions import db
from portal.help.models import PROPOSED, HelpMatch
from portal.initiatives import lifecycle
from portal.signals.models import OPEN, Signal, SignalCluster
from portal.teams.models import QUESTION_ANSWERED, QUESTION_IN_PROGRESS, QUESTION_NEW, TeamQuestion
from tests.factories import make_team, make_user
from tests.factories.help import make_offer, make_request
from tests.factories.initiatives import make_area, make_initiative

NOW = datetime(2026, 12, 4, 8, 0)  # a Friday morning, 09:00 in Groningen
_tokens = itertools.count(1)


@dataclass
class World:
    team: object
    area: object
    worker: object
    resident: object
    helper: object
    old_question: object
    new_question: object
    answered_question: object
    complaint: object
    initiative: object
    answered_initiative: object
    help_request: object
    match: object
    cluster: object


def make_world(name: str, now: datetime = NOW, latitude: float = 53.24) -> World:
    team = make_team(f"WIJ {name}", slug=name.lower())
    area = make_area(team, f"{name}buurt")
    area.latitude, area.longitude = latitude, 6.55
    worker = make_user(ROLE_WORKER, teams=[team], name=f"Werker {name}")
    resident = make_user(area_id=area.id, name=f"Bewoner {name}")
    helper = make_user(area_id=area.id, name=f"Helper {name}")

    def question(text, created, due, status=QUESTION_NEW):
        row = TeamQuestion(
            team=team, user_id=resident.id, name=f"Vrager {name}", contact="vrager@example.org", message=text,
            created_at=created, due_at=due, status=status,
        )  # fmt: skip
        db.session.add(row)
        return row

    old_question = question(
        f"Oude vraag {name}", now - timedelta(days=5), now - timedelta(days=3), QUESTION_IN_PROGRESS
    )
    new_question = question(f"Nieuwe vraag {name}", now - timedelta(hours=1), now + timedelta(days=2))
    answered_question = question(f"Beantwoorde vraag {name}", now - timedelta(days=9), now - timedelta(days=7))
    answered_question.status, answered_question.answered_at = QUESTION_ANSWERED, now - timedelta(days=8)
    complaint = Complaint(
        team=team, user_id=resident.id, subject_kind="team", message=f"Klacht {name}",
        due_at=now - timedelta(days=1), created_at=now - timedelta(days=12),
    )  # fmt: skip
    db.session.add(complaint)

    initiative = make_initiative(resident, area, lifecycle.SUBMITTED, title=f"Initiatief {name}")
    initiative.submitted_at = now - timedelta(days=20)
    answered_initiative = make_initiative(resident, area, lifecycle.SUBMITTED, title=f"Opgepakt initiatief {name}")
    answered_initiative.submitted_at, answered_initiative.first_response_at = now - timedelta(days=30), now

    help_request = make_request(resident, kind="groceries", description=f"Boodschappen gezocht in {name}")
    help_request.created_at = now - timedelta(days=2)
    asked = make_request(make_user(area_id=area.id), kind="garden", description=f"Tuinhulp gezocht in {name}")
    offer = make_offer(helper, kinds=("garden",))
    match = HelpMatch(request_id=asked.id, offer_id=offer.id, status=PROPOSED, created_at=now - timedelta(days=8))
    db.session.add(match)

    cluster = SignalCluster(
        team_id=team.id, status=OPEN, recurring=True, recurring_since=now - timedelta(days=3),
        signal_count=3, reporter_count=3, first_at=now - timedelta(days=30), last_at=now - timedelta(days=3),
    )  # fmt: skip
    db.session.add(cluster)
    db.session.flush()
    db.session.add(
        Signal(
            text=f"Zwerfafval bij de speeltuin in {name}", team_id=team.id, area_id=area.id, cluster_id=cluster.id,
            follow_token=f"follow-{name}-{next(_tokens)}", features=["afval"],
        )
    )  # fmt: skip
    db.session.flush()
    return World(
        team, area, worker, resident, helper, old_question, new_question, answered_question, complaint,
        initiative, answered_initiative, help_request, match, cluster,
    )  # fmt: skip


def text_of(response) -> str:
    """The main part of a page as text, whitespace collapsed (for sentences that span elements)."""
    import html
    import re

    page = response.get_data(as_text=True)
    main = re.search(r"<main.*?</main>", page, re.S).group(0)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main))).strip()


def dutch(app, msgid: str, **values) -> str:
    """The Dutch of ``msgid`` (a plural one when ``num`` is given), from the catalogue; the test is skipped while
    the catalogue does not have it yet (translations are merged from /tmp/nl after each wave)."""
    import pytest
    from flask_babel import force_locale, gettext, ngettext

    with app.test_request_context(), force_locale("nl"):
        if "num" in values:
            english, translated = msgid % values, ngettext(msgid, msgid, values["num"])
        else:
            english, translated = msgid % values if values else msgid, gettext(msgid, **values)
    if translated == english:
        pytest.skip(f"no Dutch for {msgid!r} in the catalogue yet")
    return translated
