"""The demo's past signals and projects (portal/demo/history.py).

Per team and month a few one-off signals (a broken street light, a noisy neighbour), each in a cluster of its
own that the team closed with a reason after a few days. Every few months several neighbours noticed the same
matter (``history_texts_plans.MATTERS``): three to six signals from at least two reporters within weeks, so the cluster
became recurring at the signal that made it so (the clustering rules' minimum of signals and reporters); the team
closed most of those with what was done about them, and took a few up in a collective project that ran for some
months and has finished (``history_texts_plans.PROJECTS``), with its participants, invitations, news and an activity.

Rows are made directly, with the fields the signals services keep (counts, first and last signal, the stored
features, a follow link per signal, an event per step); nothing of it is open today.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from portal.demo.history_common import (
    DAY,
    HOUR,
    Calendar,
    Month,
    Plan,
    Planned,
    Resident,
    Residents,
    TeamPast,
    between,
    days,
    utc,
)
from portal.demo.history_texts_plans import MATTERS, ONE_OFF_REASONS, ONE_OFF_SIGNALS, PROJECTS, Matter, PastProject
from portal.projects.models import (
    FINISHED,
    Project,
    ProjectActivity,
    ProjectInvitation,
    ProjectParticipant,
    ProjectUpdate,
)
from portal.signals import clustering
from portal.signals.models import DISMISSED, PROJECT, RESIDENT, ClusterEvent, Signal, SignalCluster
from portal.signals.services import ADDED, CREATED, DISMISSED_EVENT, TAKEN_UP
from portal.workdays import local_date

ANONYMOUS = "anonymous"


@dataclass
class Reporter:
    resident: Resident | None = None  # an account
    partner: tuple[str, str] | None = None  # (source, name), recorded by the team's worker
    email: str | None = None  # an anonymous reporter's address, if they left one
    key: str = ""  # who counts as one reporter (models.reporter_key)


@dataclass
class SignalsPast:
    plan: Plan
    rng: random.Random
    calendar: Calendar
    residents: Residents

    def __post_init__(self):
        config = current_app.config
        self.min_signals, self.min_reporters = config["SIGNAL_MIN_SIGNALS"], config["SIGNAL_MIN_REPORTERS"]
        self.anonymous = 0

    # ----------------------------------------------------------------------- reporters

    def _reporter(self, team: TeamPast, at: datetime, partner: tuple[str, str] | None = None) -> Reporter:
        rng = self.rng
        roll = rng.random()
        if partner is not None or roll < 0.1:
            source, name = partner or rng.choice((("housing_corporation", "Lefier"), ("police", "Wijkagent")))
            return Reporter(partner=(source, name), key=f"partner:{source}:{name.casefold()}")
        if roll < 0.35:
            self.anonymous += 1
            email = f"buur{self.anonymous}@example.org" if rng.random() < 0.5 else None
            return Reporter(email=email, key=f"anonymous:{self.anonymous}")
        resident = self.residents.pick(team, at, new=0.25)
        return Reporter(resident=resident, key=f"user:{id(resident)}")

    def _signal(self, team: TeamPast, reporter: Reporter, text: str, theme: str, place, at, cluster) -> Planned:
        partner = reporter.partner
        area = reporter.resident.place if reporter.resident else team.place(self.rng)
        return self.plan.add(
            Signal,
            text=text,
            theme=theme,
            team_id=team.id,
            area_id=area.area_id,
            place=place,
            reporter_id=reporter.resident.row if reporter.resident else None,
            reporter_ref=None,
            contact_name=None,
            contact_email=reporter.email,
            contact_phone=None,
            locale="nl",
            source=partner[0] if partner else RESIDENT,
            source_name=partner[1] if partner else None,
            recorded_by_id=team.worker_id if partner else None,
            external_id=None,
            follow_token=secrets.token_urlsafe(24),
            features=sorted(clustering.features(text, theme)),
            cluster_id=cluster,
            created_at=at,
        )

    def _cluster(self, team: TeamPast, first: datetime) -> Planned:
        return self.plan.add(
            SignalCluster,
            team_id=team.id,
            status=DISMISSED,
            signal_count=0,
            reporter_count=0,
            recurring=False,
            recurring_since=None,
            first_at=first,
            last_at=first,
            dismissed_reason=None,
            merged_into_id=None,
            project_id=None,
            summary=None,
            created_at=first,
            updated_at=first,
            closed_at=None,
        )

    def _event(self, cluster: Planned, action: str, at: datetime, **values) -> None:
        fields = {"signal_id": None, "other_cluster_id": None, "project_id": None, "actor_id": None, "detail": None}
        self.plan.add(ClusterEvent, cluster_id=cluster, action=action, at=at, **(fields | values))

    def _close(self, team: TeamPast, cluster: Planned, reason: str, at: datetime) -> None:
        cluster.values.update(status=DISMISSED, dismissed_reason=reason, closed_at=at, updated_at=at)
        self._event(cluster, DISMISSED_EVENT, at, actor_id=team.worker_id, detail=reason)

    # ----------------------------------------------------------------------- one-offs

    def month(self, team: TeamPast, month: Month) -> None:
        rng = self.rng
        number = min(9, max(2, round(4.5 * team.size * rng.uniform(0.6, 1.4))))
        for _ in range(round(number * month.share)):
            at = self.calendar.moment(rng, month, (7, 23))
            closed = at + days(rng, 1, 20)
            if not self.calendar.past(closed):
                closed = between(rng, at + 2 * HOUR, self.calendar.limit - HOUR)
                if not self.calendar.past(closed):
                    continue  # it would be open on the board today
            theme, text, place = rng.choice(ONE_OFF_SIGNALS)
            cluster = self._cluster(team, at)
            signal = self._signal(team, self._reporter(team, at), text, theme, place, at, cluster)
            cluster.values.update(signal_count=1, reporter_count=1)
            self._event(cluster, CREATED, at, signal_id=signal)
            self._close(team, cluster, rng.choice(ONE_OFF_REASONS[theme]), closed)

    # ----------------------------------------------------------------------- recurring matters

    def matters(self, team: TeamPast, taken_up: set[str]) -> None:
        """Three to five recurring matters over the past; closed with what was done about them."""
        rng = self.rng
        months = self.calendar.months
        choices = [matter for matter in MATTERS if matter.key not in taken_up]
        for matter in rng.sample(choices, rng.randint(3, 5)):
            month = months[rng.randrange(1, len(months))]
            start = self.calendar.moment(rng, month, (8, 21))
            found = self.recurring(team, matter, start)
            if found is None:
                continue
            cluster, since, last = found
            closed = since + days(rng, 3, 25)
            closed = max(closed, last + HOUR)
            if not self.calendar.past(closed):
                self._undo(cluster)
                continue
            self._close(team, cluster, matter.dismissed, closed)

    def recurring(self, team: TeamPast, matter: Matter, start: datetime):
        """The signals of ``matter`` from ``start`` on; (cluster, recurring since, last signal) or None when they
        would reach into today."""
        rng = self.rng
        texts = rng.sample(matter.texts, min(len(matter.texts), rng.randint(3, 6)))
        moments = sorted(start + days(rng, 0, 45) for _ in texts)
        moments[0] = start
        if not self.calendar.past(moments[-1] + DAY):
            return None
        place = rng.choice((None, "Bij de flat", "In onze straat", "Rond het winkelcentrum", "Bij de school"))
        cluster = self._cluster(team, start)
        keys: set[str] = set()
        since = None
        for number, (text, at) in enumerate(zip(texts, moments, strict=True)):
            partner = matter.partner if number == 1 and matter.partner and rng.random() < 0.6 else None
            reporter = self._reporter(team, at, partner)
            if number and reporter.key in keys:  # the same neighbour again: another one
                reporter = Reporter(resident=self.residents.register(team, at - days(rng, 0.1, 10)))
                reporter.key = f"user:{id(reporter.resident)}"
            keys.add(reporter.key)
            signal = self._signal(team, reporter, text, matter.theme, place, at, cluster)
            self._event(cluster, CREATED if number == 0 else ADDED, at, signal_id=signal)
            if since is None and number + 1 >= self.min_signals and len(keys) >= self.min_reporters:
                since = at
        cluster.values.update(
            signal_count=len(texts),
            reporter_count=len(keys),
            recurring=since is not None,
            recurring_since=since,
            last_at=moments[-1],
            updated_at=moments[-1],
        )
        return cluster, since or moments[-1], moments[-1]

    def _undo(self, cluster: Planned) -> None:
        """Forget a cluster that would still be open today, with its signals and events."""
        for model, column in ((Signal, "cluster_id"), (ClusterEvent, "cluster_id")):
            self.plan.rows[model] = [row for row in self.plan.rows[model] if row[column] is not cluster]
        self.plan.rows[SignalCluster].remove(cluster)

    # ----------------------------------------------------------------------- projects

    def project(self, team: TeamPast, past: PastProject) -> None:
        """The recurring matter a project grew from, and the project, finished since."""
        rng, plan = self.rng, self.plan
        matter = next(matter for matter in MATTERS if matter.key == past.matter)
        months = self.calendar.months
        month = months[rng.randrange(1, max(2, len(months) - 7))]
        found = self.recurring(team, matter, self.calendar.moment(rng, month, (8, 21)))
        if found is None:
            return
        cluster, since, last = found
        started = max(since, last) + days(rng, 3, 12)
        finished = started + days(rng, 90, 170)
        if not self.calendar.past(finished + 7 * DAY):
            self._undo(cluster)
            return
        place = team.place(rng)
        project = plan.add(
            Project,
            title=past.title.format(area=place.with_article),
            goal=past.goal,
            team_id=team.id,
            area_id=place.area_id,
            lead_worker_id=team.worker_id,
            status=FINISHED,
            outcome=past.outcome,
            created_at=started,
            updated_at=finished,
            finished_at=finished,
        )
        cluster.values.update(status=PROJECT, project_id=project, closed_at=finished, updated_at=started)
        self._event(cluster, TAKEN_UP, started, project_id=project, actor_id=team.worker_id)
        invited = set()
        for row in plan.rows[Signal]:
            if row["cluster_id"] is cluster and row["reporter_id"] is not None and row["reporter_id"] not in invited:
                invited.add(row["reporter_id"])
                plan.add(ProjectInvitation, project_id=project, user_id=row["reporter_id"], signal_id=None,
                         invited_at=started)  # fmt: skip
        joined: set[Resident] = set()
        for _ in range(rng.randint(*past.participants)):
            at = started + days(rng, 1, 40)
            person = self.residents.pick(team, at, new=0.2, avoid=joined)
            if person not in joined:
                joined.add(person)
                plan.add(ProjectParticipant, project_id=project, user_id=person.row, joined_at=at)
        span = finished - started
        for number, body in enumerate(past.updates, 1):
            at = started + span * number / (len(past.updates) + 1)
            plan.add(ProjectUpdate, project_id=project, author_id=team.worker_id, body=body, created_at=at)
        day = local_date(started + span / 2)
        starts = utc(day, 14)
        venue = team.venue(rng)
        plan.add(
            ProjectActivity,
            project_id=project,
            title=past.activity,
            starts_at=starts,
            ends_at=utc(day, 16),
            place=venue[0].upper() + venue[1:],
            description=None,
            created_at=started + DAY,
            updated_at=started + DAY,
        )


def projects_of(team: TeamPast) -> list[PastProject]:
    return [past for past in PROJECTS if past.team == team.slug]


MODELS = (
    Project,
    SignalCluster,
    Signal,
    ClusterEvent,
    ProjectInvitation,
    ProjectParticipant,
    ProjectUpdate,
    ProjectActivity,
)
