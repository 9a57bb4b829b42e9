"""The demo's past of neighbourly help (portal/demo/history.py): per team and month the requests that closed, most
of them after a neighbour helped (a match both accepted, done, with feedback), the others expired, withdrawn or
closed by the team, some after a proposal one side declined.

The states are the ones the help services leave: a done request has one done match whose two answers are "yes"
and whose contacts are shared; a declined match has the one "no"; every offer's load is 0 (nothing is live). A
helper's listed offer is paused after their last help (so the past is not suggested for today's requests); an
"I can help" answer is a one-off offer that was never listed. Requests ask for help on weekly time slots, so each
expires 30 days after it was made.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from portal.audit import AuditEntry
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
    by_chance,
    days,
    lazy,
)
from portal.demo.history_texts import OFFERS, PROPOSAL_NOTES, REQUEST_WEIGHTS, REQUESTS, RESPONSES, TEAM_CLOSED
from portal.help.matching import ONCE, SEVERAL, WEEKLY
from portal.help.models import (
    BY_HELPER,
    BY_WORKER,
    CLOSED,
    DECLINED,
    DONE,
    EXPIRED,
    WHEN_SLOTS,
    HelpMatch,
    HelpOffer,
    HelpOfferKind,
    HelpRequest,
)
from portal.help.services import REQUEST_LIFETIME
from portal.help.services_closing import REMIND_BEFORE

# Seasons: more asked in winter, less in the summer holidays.
SEASON = {1: 1.15, 2: 1.1, 3: 1.0, 4: 0.95, 5: 0.95, 6: 0.9, 7: 0.72, 8: 0.7, 9: 1.0, 10: 1.05, 11: 1.1, 12: 1.15}
SLOTS_OF_THE_DAY = ("morning", "afternoon", "evening")
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LANGUAGES = (["nl"],) * 17 + (["nl", "en"], ["nl", "ar"], ["nl", "tr"], ["nl", "pl"], ["nl", "uk"])
# How often help of a kind is needed: company and language practice mostly every week, a lift or a job once.
OFTEN = {
    "groceries": {ONCE: 4, WEEKLY: 5, SEVERAL: 1},
    "lift": {ONCE: 7, SEVERAL: 3},
    "company": {WEEKLY: 8, ONCE: 2},
    "language_buddy": {WEEKLY: 9, SEVERAL: 1},
    "cooking": {WEEKLY: 5, SEVERAL: 3, ONCE: 2},
    "childminding": {ONCE: 7, SEVERAL: 3},
}
RELATED = {
    "groceries": "cooking",
    "lift": "groceries",
    "odd_jobs": "garden",
    "garden": "odd_jobs",
    "computer": "forms",
    "forms": "computer",
    "language_buddy": "company",
    "company": "language_buddy",
    "childminding": "cooking",
    "cooking": "company",
    "other": "groceries",
}


@dataclass(eq=False)
class Helper:
    resident: Resident
    offer: Planned
    kinds: list[str]
    since: datetime
    last_help: datetime | None = None


@dataclass
class HelpPast:
    """The help of the past, planned; ``unmatched`` holds the requests that found nobody (complaints use them)."""

    plan: Plan
    rng: random.Random
    calendar: Calendar
    residents: Residents
    helpers: dict[int, list[Helper]] = field(default_factory=dict)
    unmatched: dict[int, list[tuple[Planned, Resident]]] = field(default_factory=dict)

    def __post_init__(self):
        self.found = Quota(self.rng, 0.2)

    def slots(self) -> list[str]:
        rng = self.rng
        return sorted({f"{rng.choice(WEEK)}-{rng.choice(SLOTS_OF_THE_DAY)}" for _ in range(rng.randint(1, 3))})

    # ----------------------------------------------------------------------- offers

    def _offer(self, helper: Resident, kinds: list[str], at: datetime, listed: bool, text: str) -> Planned:
        rng = self.rng
        offer = self.plan.add(
            HelpOffer,
            user_id=helper.row,
            description=text,
            area_id=helper.place.area_id,
            latitude=helper.place.latitude,
            longitude=helper.place.longitude,
            radius_km=rng.choice((None, 1.5, 2.0, 3.0, 5.0)) if listed else None,
            slots=self.slots() if listed else [],
            regular=listed and rng.random() < 0.7,
            languages=rng.choice(LANGUAGES),
            capacity=rng.randint(1, 3) if listed else 1,
            load=0,
            paused=listed,  # a helper of the past has paused their offer since
            flagged_reason=None,
            listed=listed,
            created_at=at,
            updated_at=at,
        )
        for kind in kinds:
            self.plan.add(HelpOfferKind, offer_id=offer, kind=kind)
        return offer

    def helper_for(self, team: TeamPast, kind: str, at: datetime, requester: Resident) -> Helper:
        """A regular helper of ``team`` who offers ``kind`` (most often one who helped before), or a new one."""
        rng = self.rng
        pool = self.helpers.setdefault(team.id, [])
        ready = [h for h in pool if kind in h.kinds and h.since < at - DAY and h.resident is not requester]
        if ready and rng.random() < 0.8:
            return rng.choice(ready)
        resident = self.residents.pick(team, max(at - days(rng, 1, 25), self.calendar.start + DAY), 0.4, [requester])
        since = between(rng, resident.created_at + HOUR, at - 2 * HOUR)
        kinds = [kind] + ([RELATED[kind]] if rng.random() < 0.4 else [])
        offer = self._offer(resident, kinds, since, True, rng.choice(OFFERS[kind]))
        helper = Helper(resident, offer, kinds, since)
        pool.append(helper)
        return helper

    # ----------------------------------------------------------------------- requests

    def month(self, team: TeamPast, month: Month) -> None:
        """The requests of ``team`` that closed in ``month``: 4 to 15 a month, by the team's size and the season."""
        rng = self.rng
        number = round(8.5 * team.size * SEASON[month.number] * rng.uniform(0.8, 1.2))
        number = min(15, max(4, number))
        for _ in range(round(number * month.share)):
            closed = self.calendar.moment(rng, month, (7, 22))
            if self.found.draw(team.id, team.found_share):
                self._found(team, closed)
            else:
                self._not_found(team, closed)

    def _request(self, team: TeamPast, requester: Resident, created: datetime, kind: str) -> Planned:
        rng = self.rng
        place = requester.place
        return self.plan.add(
            HelpRequest,
            user_id=requester.row,
            kind=kind,
            description=rng.choice(REQUESTS[kind]),
            area_id=place.area_id,
            latitude=place.latitude,
            longitude=place.longitude,
            when=WHEN_SLOTS,
            on_date=None,
            until_date=None,
            slots=self.slots(),
            languages=rng.choice(LANGUAGES),
            urgency=by_chance(rng, {"normal": 80, "low": 10, "high": 10}),
            frequency=by_chance(rng, OFTEN.get(kind, {ONCE: 1})),
            status=DONE,
            crisis=False,
            listed=True,
            created_at=created,
            expires_at=created + REQUEST_LIFETIME,
            reminded_at=None,
            closed_at=None,
            waiting_notified_at=None,
        )

    def _match(self, request: Planned, offer: Planned, origin: str, proposer, note: str, at: datetime) -> Planned:
        return self.plan.add(
            HelpMatch,
            request_id=request,
            offer_id=offer,
            proposed_by_id=proposer,
            origin=origin,
            status=DONE,
            score=round(self.rng.uniform(0.55, 0.92), 2) if origin == BY_WORKER else None,
            reasons=[],
            note=note,
            requester_answer=None,
            helper_answer=None,
            requester_contact=None,
            helper_contact=None,
            requester_feedback=None,
            helper_feedback=None,
            feedback_note=None,
            created_at=at,
            decided_at=None,
            closed_at=None,
        )

    def _declined(self, team: TeamPast, request: Planned, requester: Resident, at: datetime, until: datetime) -> None:
        """A worker's proposal one side said no to, between ``at`` and ``until``."""
        rng = self.rng
        kind = request["kind"]
        helper = self.helper_for(team, kind, at, requester)
        proposer = team.worker_id
        match = self._match(request, helper.offer, BY_WORKER, proposer, self._note(helper), at)
        answered = between(rng, at + 3 * HOUR, min(until - HOUR, at + 2 * DAY))
        side = "helper" if rng.random() < 0.7 else "requester"
        match.values.update(status=DECLINED, decided_at=answered, **{f"{side}_answer": "no"})
        helper.last_help = max(helper.last_help or answered, answered)

    def _note(self, helper: Helper) -> str:
        return self.rng.choice(PROPOSAL_NOTES).format(helper=helper.resident.first_name)

    def _found(self, team: TeamPast, closed: datetime) -> None:
        """A request a neighbour helped with: proposed, both said yes, the help happened, both told us it worked."""
        rng = self.rng
        to_match = timedelta(days=min(14.0, max(0.4, rng.lognormvariate(1.1, 0.65))))  # median 3 days
        accepted = closed - days(rng, 1, 12)
        created = accepted - to_match
        if created < self.calendar.start + DAY:
            return  # asked before the portal's past begins
        kind = by_chance(rng, REQUEST_WEIGHTS)
        requester = self.residents.pick(team, created, new=0.35)
        request = self._request(team, requester, created, kind)
        proposed = created + to_match * rng.uniform(0.3, 0.75)
        if proposed - created > DAY and rng.random() < 0.2:  # someone else was asked first and could not
            self._declined(team, request, requester, created + (proposed - created) * 0.3, proposed)
        if rng.random() < 0.6:
            helper = self.helper_for(team, kind, proposed, requester)
            offer, proposer, note = helper.offer, team.worker_id, self._note(helper)
            match = self._match(request, offer, BY_WORKER, proposer, note, proposed)
            helper.last_help = closed if helper.last_help is None else max(helper.last_help, closed)
            person = helper.resident
        else:
            person = self.residents.pick(team, proposed - days(rng, 0, 10), new=0.3, avoid=[requester])
            note = rng.choice(RESPONSES)
            offer = self.helper_offer_once(person, kind, proposed, closed, note)
            match = self._match(request, offer, BY_HELPER, person.row, note, proposed)
        match.values.update(
            requester_answer="yes",
            helper_answer="yes",
            requester_contact=requester.email,
            helper_contact=person.email,
            requester_feedback="worked" if rng.random() < 0.92 else "not",
            helper_feedback="worked",
            decided_at=accepted,
            closed_at=closed,
        )
        request.values.update(status=DONE, closed_at=closed)

    def helper_offer_once(self, helper: Resident, kind: str, at: datetime, closed: datetime, note: str) -> Planned:
        offer = self._offer(helper, [kind], at, False, note)
        offer["updated_at"] = closed
        return offer

    def _not_found(self, team: TeamPast, closed: datetime) -> None:
        """A request that found nobody: it expired, its requester withdrew it, or the team closed it."""
        rng = self.rng
        how = by_chance(rng, {EXPIRED: 50, "withdrawn": 35, "team": 15})
        if how == EXPIRED:
            created = closed - REQUEST_LIFETIME
        else:
            created = closed - days(rng, 2, 25)
        if created < self.calendar.start + DAY:
            return  # asked before the portal's past begins
        kind = by_chance(rng, REQUEST_WEIGHTS)
        requester = self.residents.pick(team, created, new=0.35)
        request = self._request(team, requester, created, kind)
        request.values.update(status=EXPIRED if how == EXPIRED else CLOSED, closed_at=closed)
        if how == EXPIRED:
            request["reminded_at"] = closed - REMIND_BEFORE
        if rng.random() < 0.3:
            start = created + days(rng, 0.5, min(8.0, (closed - created).days / 2))
            self._declined(team, request, requester, start, closed)
        if how == "team" and team.worker_id is not None:
            self.plan.add(
                AuditEntry,
                at=closed,
                actor_id=team.worker_id,
                action="help.close_request",
                subject=lazy(lambda row: f"help_request:{row.id}", request),
                detail=rng.choice(TEAM_CLOSED),
            )
        self.unmatched.setdefault(team.id, []).append((request, requester))

    def finish(self) -> None:
        """Each listed offer was paused some time after its helper's last help."""
        rng, limit = self.rng, self.calendar.limit - HOUR
        for pool in self.helpers.values():
            for helper in pool:
                last = helper.last_help or helper.since
                helper.offer["updated_at"] = max(helper.since, min(limit, last + days(rng, 5, 60)))


MODELS = (HelpOffer, HelpOfferKind, HelpRequest, HelpMatch)
