"""The demo's past initiatives (portal/demo/history.py): per team one to three a month decided, about two in three
of them done (with a report, volunteers who signed up for its roles, and neighbours who supported it), the others
declined by the team with a reason or withdrawn by their initiator.

Each went the lifecycle's way (``portal.initiatives.lifecycle``), one StatusChange per step: draft → submitted →
in conversation (the worker's first response, 1 to 8 days after submitting) → planned → done; or declined from
submitted or in conversation; or withdrawn. Titles come from a list of ordinary neighbourhood plans, each at most
once per team, placed in the initiator's own neighbourhood or at one of the team's venues.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import select

from portal.demo.history_common import (
    DAY,
    HOUR,
    Calendar,
    Month,
    Plan,
    Planned,
    Quota,
    Resident,
    Residents,
    TeamPast,
    between,
    days,
    utc,
)
from portal.demo.history_texts_plans import (
    DECLINE_REASONS,
    INITIATIVES,
    THANK_YOU_UPDATES,
    WITHDRAW_REASONS,
    InitiativeText,
)
from portal.extensions import db
from portal.initiatives import lifecycle, search
from portal.initiatives.models import Initiative, InitiativeMessage, RoleSignup, StatusChange, Support, VolunteerRole
from portal.teams.models import Area
from portal.workdays import local_date

# Seasons: street parties and gardens in spring and summer, less in the dark months.
SEASON = {1: 0.6, 2: 0.7, 3: 0.9, 4: 1.1, 5: 1.3, 6: 1.4, 7: 1.0, 8: 0.9, 9: 1.3, 10: 1.1, 11: 0.8, 12: 0.9}
D, S, C, P, DONE, X, W = (
    lifecycle.DRAFT,
    lifecycle.SUBMITTED,
    lifecycle.IN_CONVERSATION,
    lifecycle.PLANNED,
    lifecycle.DONE,
    lifecycle.DECLINED,
    lifecycle.WITHDRAWN,
)
BUDGETS = (7500, 12000, 15000, 25000, 35000, 50000)


@dataclass
class InitiativesPast:
    plan: Plan
    rng: random.Random
    calendar: Calendar
    residents: Residents
    unused: dict[int, list[InitiativeText]] = field(default_factory=dict)

    def __post_init__(self):
        self.realised = Quota(self.rng, 0.25)
        self.today: dict[int, list[str]] = defaultdict(list)  # the titles of today's demo initiatives, per team
        for team_id, title in db.session.execute(
            select(Area.team_id, Initiative.title).join(Area, Area.id == Initiative.area_id).order_by(Initiative.id)
        ):
            self.today[team_id].append(title.casefold())

    def _text(self, team: TeamPast) -> InitiativeText:
        """A plan this team has not had yet, nor has today (the list starts again once every plan was used)."""
        if not self.unused.get(team.id):
            fresh = [text for text in INITIATIVES if not self._known(team, text)]
            self.unused[team.id] = self.rng.sample(fresh, len(fresh))
        return self.unused[team.id].pop()

    def _known(self, team: TeamPast, text: InitiativeText) -> bool:
        """Whether one of today's initiatives of the team is this plan ("Repair café in ..." for "Repair Café")."""
        kind = text.title.split(" in {")[0].casefold()
        return any(title.startswith(kind) for title in self.today[team.id])

    def month(self, team: TeamPast, month: Month) -> None:
        """The initiatives of ``team`` decided in ``month``: at least one in a whole month, at most three."""
        rng = self.rng
        number = min(3, max(1, round(1.3 * team.size * SEASON[month.number] * rng.uniform(0.6, 1.4))))
        for _ in range(round(number * month.share)):
            decided = self.calendar.moment(rng, month, (9, 20))
            if self.realised.draw(team.id, team.realised_share):
                outcome = DONE
            else:
                outcome = X if rng.random() < 0.6 else W
            self._initiative(team, decided, outcome)

    def _steps(self, decided: datetime, outcome: str) -> list[tuple[str, datetime]]:
        """The lifecycle's steps back from the decision: (status, moment), the draft first."""
        rng = self.rng
        if outcome == DONE:
            done = decided
            planned_for = done - days(rng, 1, 6)
            planned = planned_for - days(rng, 7, 40)
            talking = planned - days(rng, 5, 25)
            steps = [(C, talking), (P, planned), (DONE, done)]
        elif outcome == X and rng.random() < 0.5:  # declined at once
            steps = [(X, decided)]
        elif outcome == X:
            steps = [(C, decided - days(rng, 5, 30)), (X, decided)]
        elif rng.random() < 0.5:  # withdrawn before the team responded
            steps = [(W, decided)]
        else:
            steps = [(C, decided - days(rng, 5, 30)), (W, decided)]
        first_after = days(rng, 1, 8) if steps[0][0] in (C, X) else days(rng, 2, 20)
        submitted = steps[0][1] - first_after
        created = submitted - days(rng, 0.1, 4)
        return [(D, created), (S, submitted), *steps]

    def _initiative(self, team: TeamPast, decided: datetime, outcome: str) -> None:
        rng, plan = self.rng, self.plan
        steps = self._steps(decided, outcome)
        created = steps[0][1]
        if created < self.calendar.start + DAY:
            return  # begun before the portal's past
        text = self._text(team)
        initiator = self.residents.pick(team, created, new=0.3)
        venue = team.venue(rng)
        words = {"area": initiator.place.with_article, "venue": venue}
        title = text.title.format(**words)
        title = title[0].upper() + title[1:]
        place = venue[0].upper() + venue[1:] if "{venue}" in text.title else initiator.place.name
        report = text.report if outcome == DONE else None
        moments = dict(steps)
        responded = moments.get(C) or (moments.get(X) if X in moments and C not in moments else None)
        planned_start = None
        if outcome == DONE:
            day = local_date(moments[DONE] - days(rng, 1, 6))
            planned_start = utc(day, rng.choice((10, 13, 14, 19)))
        initiative = plan.add(
            Initiative,
            title=title,
            description=text.description,
            category=text.category,
            status=outcome,
            initiator_id=initiator.row,
            area_id=initiator.place.area_id,
            worker_id=team.worker_id if C in moments else None,
            place=place,
            proposed_from=None,
            proposed_until=None,
            proposed_time=None,
            planned_start=planned_start,
            planned_end=planned_start + timedelta(hours=rng.choice((2, 3, 4))) if planned_start else None,
            budget_cents=rng.choice(BUDGETS) if outcome == DONE and rng.random() < 0.7 else None,
            budget_breakdown=None,
            materials=None,
            permit=rng.choice(("no", "yes", "unknown")),
            report=report,
            search_terms=search_terms(title, text.description, place, report),
            created_at=created,
            submitted_at=moments[S],
            first_response_at=responded,
            updated_at=steps[-1][1],
        )
        previous = None
        for status, at in steps:
            by_worker = status in (C, P, X, DONE)
            reason = None
            if status == X:
                reason = rng.choice(DECLINE_REASONS)
            elif status == W:
                reason = rng.choice(WITHDRAW_REASONS)
            plan.add(
                StatusChange,
                initiative_id=initiative,
                actor_id=team.worker_id if by_worker else initiator.row,
                from_status=previous,
                to_status=status,
                reason=reason,
                at=at,
            )
            previous = status
        self._supporters(team, initiative, initiator, moments[S], moments.get(C) or steps[-1][1])
        if outcome == DONE:
            self._roles(team, initiative, initiator, text, moments[C], planned_start or moments[DONE])
            if rng.random() < 0.4:
                plan.add(
                    InitiativeMessage,
                    initiative_id=initiative,
                    author_id=initiator.row,
                    kind="update",
                    body=rng.choice(THANK_YOU_UPDATES),
                    created_at=min(moments[DONE] + days(rng, 0.1, 3), self.calendar.limit - HOUR),
                    hidden=False,
                    hidden_reason=None,
                    reviewed_at=None,
                    report_count=0,
                )

    def _supporters(self, team: TeamPast, initiative: Planned, initiator: Resident, start, end) -> None:
        rng = self.rng
        chosen: set[Resident] = {initiator}
        for _ in range(rng.randint(1, 8)):
            at = between(rng, start + HOUR, end)
            person = self.residents.pick(team, at, new=0.15, avoid=chosen)
            if person in chosen:
                continue
            chosen.add(person)
            self.plan.add(Support, initiative_id=initiative, user_id=person.row, created_at=at)

    def _roles(self, team, initiative: Planned, initiator: Resident, text: InitiativeText, start, end) -> None:
        """The roles of a done initiative, with the neighbours who signed up while it was planned."""
        rng = self.rng
        signed: set[Resident] = {initiator}
        for position, (title, needed) in enumerate(text.roles):
            taken = rng.randint(max(1, needed - 2), needed)
            role = self.plan.add(
                VolunteerRole, initiative_id=initiative, title=title, needed=needed, position=position, taken=taken
            )
            for _ in range(taken):
                at = between(rng, start + HOUR, end - HOUR)
                person = self.residents.pick(team, at, new=0.25, avoid=signed)
                while person in signed:  # everyone signs up once per initiative
                    person = self.residents.register(team, at - days(rng, 0.1, 5))
                signed.add(person)
                self.plan.add(RoleSignup, role_id=role, user_id=person.row, created_at=at)


@cache
def _terms(text: str) -> frozenset[str]:
    return frozenset(search.search_terms(text).split())


def search_terms(*texts: str | None) -> str:
    """``search.search_terms`` of the texts, each text stemmed once (the plans' words come back many times)."""
    terms = frozenset().union(*(_terms(text) for text in texts if text))
    return f" {' '.join(sorted(terms))} " if terms else ""


MODELS = (Initiative, StatusChange, VolunteerRole, RoleSignup, Support, InitiativeMessage)
