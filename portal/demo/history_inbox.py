"""The demo's past questions to the teams and complaints (portal/demo/history.py).

Questions: per team 5 to 20 a month, each with its answer-by time as the inbox sets it (``workdays.due_at`` from
the team's ``answer_days``), answered by the team's worker (mostly well within that time, some late), with the
reply, sometimes a thank-you back or an internal note, and closed since: nothing of the past waits in an inbox.
Every question gets its private link, as the inbox gives one to each.

Complaints: a few per team and quarter, about the team's work or about a help request that found nobody, taken
up and answered by the coordinator (most within the six weeks), most closed after the answer; each step is in
the audit log, as the complaints services record it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import update

from portal import workdays
from portal.audit import AuditEntry
from portal.complaints.models import ABOUT_HELP_REQUEST, ABOUT_TEAM, ANSWERED, CLOSED, IN_PROGRESS, NEW, Complaint
from portal.complaints.services import due_at as complaint_due
from portal.demo.history_common import (
    DAY,
    HOUR,
    Calendar,
    Month,
    Plan,
    Planned,
    Residents,
    TeamPast,
    between,
    days,
    lazy,
)
from portal.demo.history_help import HelpPast
from portal.demo.history_texts import COMPLAINTS, FIRST_NAMES, NOTES, QUESTIONS, SIGNATURE, THANKS
from portal.extensions import db
from portal.inbox.links import secret_for
from portal.teams.models import QUESTION_CLOSED, TeamQuestion, TeamQuestionMessage

# Fewer questions in the summer holidays and around Christmas.
SEASON = {7: 0.75, 8: 0.7, 12: 0.85}


@dataclass
class InboxPast:
    plan: Plan
    rng: random.Random
    calendar: Calendar
    residents: Residents
    coordinator_id: int | None
    coordinator_name: str

    # ----------------------------------------------------------------------- questions

    def questions(self, team: TeamPast, month: Month) -> None:
        rng = self.rng
        number = min(20, max(5, round(10 * team.size * SEASON.get(month.number, 1.0) * rng.uniform(0.8, 1.25))))
        for _ in range(round(number * month.share)):
            hours = (8, 18) if rng.random() < 0.7 else (7, 23)
            self._question(team, self.calendar.moment(rng, month, hours))

    def _question(self, team: TeamPast, created: datetime) -> None:
        rng, plan = self.rng, self.plan
        due = workdays.due_at(created, team.answer_days)
        if rng.random() < team.in_time_share:
            share = rng.uniform(0.03, 0.85) ** 1.6  # most answers come early
            answered = created + max(timedelta(minutes=25), (due - created) * share)
        else:
            answered = due + timedelta(hours=rng.uniform(2, 96))
        closed = answered + days(rng, 0.5, 10)
        if not self.calendar.past(answered):
            return  # it would still wait for its answer today
        closed = min(closed, self.calendar.limit - HOUR)
        question_text, reply = rng.choice(QUESTIONS)
        if rng.random() < 0.7:
            asker = self.residents.pick(team, created, new=0.3)
            user_id, name, contact = asker.row, asker.name, asker.email
        else:
            first = rng.choice(FIRST_NAMES)
            user_id, name, contact = None, first, f"{first.lower()}{rng.randint(10, 99)}@example.org"
        question = plan.add(
            TeamQuestion,
            team_id=team.id,
            user_id=user_id,
            name=name,
            contact=contact,
            message=question_text,
            language="nl",
            created_at=created,
            answered_at=answered,
            answered_by_id=team.worker_id,
            status=QUESTION_CLOSED,
            assigned_to_id=team.worker_id,
            due_at=due,
            reply_due_at=None,
            closed_at=closed,
            access_digest=None,
        )
        messages = []
        if rng.random() < 0.15:
            messages.append((True, True, rng.choice(NOTES), between(rng, created + timedelta(minutes=10), answered)))
        messages.append((True, False, reply, answered))
        if rng.random() < 0.3:
            messages.append((False, False, rng.choice(THANKS), between(rng, answered + HOUR, closed)))
        for from_team, internal, body, at in messages:
            plan.add(
                TeamQuestionMessage,
                question_id=question,
                author_id=team.worker_id if from_team else user_id,
                from_team=from_team,
                internal=internal,
                body=body,
                created_at=at,
            )

    @staticmethod
    def give_private_links(plan: Plan) -> None:
        """Each question's private link, as the inbox gives it (the link's secret is made from the id)."""
        changes = []
        for row in plan.rows.get(TeamQuestion, []):
            question = SimpleNamespace(id=row.id, created_at=row["created_at"], access_digest=None)
            secret_for(question)
            changes.append({"id": row.id, "access_digest": question.access_digest})
        if changes:
            db.session.execute(update(TeamQuestion), changes)

    # ----------------------------------------------------------------------- complaints

    def complaints(self, team: TeamPast, month: Month, help_past: HelpPast) -> None:
        """None to two a month: a few a quarter."""
        rng = self.rng
        roll = rng.random() * (1 / month.share if month.share else 100)
        number = 0 if roll < 0.55 else (1 if roll < 0.9 else 2)
        for _ in range(number):
            self._complaint(team, self.calendar.moment(rng, month, (8, 22)), help_past)

    def _complaint(self, team: TeamPast, created: datetime, help_past: HelpPast) -> None:
        rng, plan = self.rng, self.plan
        if self.coordinator_id is None:
            return
        text = rng.choice(COMPLAINTS)
        subject_kind, subject_id, complainant = ABOUT_TEAM, None, None
        if text.about_help:
            earlier = [
                (request, requester)
                for request, requester in help_past.unmatched.get(team.id, [])
                if created - 60 * DAY < request["closed_at"] < created - DAY
            ]
            if not earlier:
                text = rng.choice([other for other in COMPLAINTS if not other.about_help])
            else:
                request, complainant = rng.choice(earlier)
                subject_kind, subject_id = ABOUT_HELP_REQUEST, request
        if complainant is None:
            complainant = self.residents.pick(team, created, new=0.2)
        due = complaint_due(created)
        taken = created + days(rng, 0.1, 5)
        answered = created + days(rng, 5, 40) if rng.random() < 0.85 else due + days(rng, 1, 20)
        if not self.calendar.past(answered):
            answered = between(rng, taken + HOUR, self.calendar.limit - 2 * HOUR)
        if not self.calendar.past(answered) or answered <= taken:
            return  # it would still be open today
        closed = answered + days(rng, 2, 14)
        closed = closed if rng.random() < 0.7 and self.calendar.past(closed) else None
        answer = f"Beste {complainant.first_name},\n\n{text.answer}\n\n{SIGNATURE}"
        complaint = plan.add(
            Complaint,
            team_id=team.id,
            user_id=complainant.row,
            subject_kind=subject_kind,
            subject_id=subject_id,
            message=text.message,
            status=CLOSED if closed else ANSWERED,
            due_at=due,
            assigned_to_id=self.coordinator_id,
            answer=answer,
            answered_at=answered,
            answered_by_id=self.coordinator_id,
            closed_at=closed,
            created_at=created,
        )
        steps = [
            (taken, "complaints.assign", self.coordinator_name),
            (taken, "complaints.status", f"{NEW} -> {IN_PROGRESS}"),
            (answered, "complaints.status", f"{IN_PROGRESS} -> {ANSWERED}"),
        ]
        if closed:
            steps.append((closed, "complaints.status", f"{ANSWERED} -> {CLOSED}"))
        for at, action, detail in steps:
            self.plan.add(
                AuditEntry,
                at=at,
                actor_id=self.coordinator_id,
                action=action,
                subject=lazy(_complaint_ref, complaint),
                detail=detail,
            )


def _complaint_ref(complaint: Planned) -> str:
    return f"complaint:{complaint.id}"


MODELS = (TeamQuestion, TeamQuestionMessage, Complaint)
