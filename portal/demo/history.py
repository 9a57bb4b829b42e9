"""The demo's past: about fifteen months of every team's work, so the indicators' dashboards show a living city.

The feature demos (portal/demo/<feature>.py) tell today's stories: a few open requests, a question waiting for
an answer, a project starting. Here every one of the eleven teams gets the work it did before: per month the help
requests that closed (most after a neighbour helped), the initiatives it decided (most realised), the questions
it answered (most in time) and a few complaints, the residents who registered, the signals they reported (some
becoming recurring matters, a few taken up in projects), the offers of help and the volunteers. Numbers follow
the team's size and the season; each team has its own habits (how often help is found, how fast it answers).

Everything of the past is finished: requests closed, initiatives decided, questions closed, complaints answered,
clusters closed or in a finished project, offers paused. So what workers see as open work today ("Vandaag", the
console, the inbox, the board) is exactly what the feature demos made. The residents of the past have addresses
at ``HISTORY_DOMAIN`` and a password nobody knows; they are neighbours in the story, not demo log-ins.

Deterministic for a given day (a fixed seed); planned in Python and inserted in bulk (history_common.Plan).
Loaded after every feature's demo, which each load only into an empty table. Flushes, never commits; loading
twice adds nothing the second time.
"""

from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.accounts.passwords import unusable_password_hash
from portal.audit import AuditEntry
from portal.demo import history_help, history_inbox, history_initiatives, history_signals
from portal.demo.history_common import HISTORY_DOMAIN, Calendar, Plan, Residents, teams_of_the_past
from portal.demo.history_help import HelpPast
from portal.demo.history_inbox import InboxPast
from portal.demo.history_initiatives import InitiativesPast
from portal.demo.history_signals import SignalsPast, projects_of
from portal.demo.people import DEMO_LOGINS
from portal.extensions import db
from portal.timeutil import utcnow

SEED = 20260114
MONTHS = 15

__all__ = ["HISTORY_DOMAIN", "MONTHS", "load_history_demo", "plan_history"]


def load_history_demo() -> int:
    """Add the teams' past (unless it is there already); returns the number of rows added. Flushes."""
    if db.session.scalar(select(func.count(User.id)).where(User.email.like(f"%@{HISTORY_DOMAIN}"))):
        return 0
    db.session.flush()
    plan = plan_history(utcnow())
    if plan is None:
        return 0
    plan.insert(
        (
            User,
            *history_help.MODELS,
            *history_initiatives.MODELS,
            *history_inbox.MODELS,
            AuditEntry,
            *history_signals.MODELS,
        )
    )
    InboxPast.give_private_links(plan)
    return plan.count()


def plan_history(now: datetime) -> Plan | None:
    """The rows of the past up to the day before ``now``'s day, not inserted yet (None without teams)."""
    rng = random.Random(SEED)  # noqa: S311 - the demo's made-up past, the same every time
    calendar = Calendar(now, MONTHS)
    teams = teams_of_the_past(rng)
    if not teams or not calendar.months:
        return None
    coordinator = User.by_email(DEMO_LOGINS["coordinator"])
    plan = Plan()
    residents = Residents(plan, rng, calendar, unusable_password_hash())
    help_past = HelpPast(plan, rng, calendar, residents)
    initiatives = InitiativesPast(plan, rng, calendar, residents)
    inbox = InboxPast(
        plan, rng, calendar, residents, coordinator.id if coordinator else None, coordinator.name if coordinator else ""
    )
    signals = SignalsPast(plan, rng, calendar, residents)

    for month in calendar.months:
        for team in teams:
            # Neighbours who registered and did nothing the figures see (yet); many when the portal was new.
            joined = (14 if month.index == 0 else 3) * team.size * rng.uniform(0.5, 1.5)
            for _ in range(round(joined * month.share)):
                residents.register(team, calendar.moment(rng, month, (7, 23)))
            help_past.month(team, month)
            initiatives.month(team, month)
            inbox.questions(team, month)
            inbox.complaints(team, month, help_past)
            signals.month(team, month)
    for team in teams:
        projects = projects_of(team)
        for past in projects:
            signals.project(team, past)
        signals.matters(team, {past.matter for past in projects})
    help_past.finish()
    return plan
