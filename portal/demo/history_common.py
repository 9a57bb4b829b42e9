"""What every part of the demo's past (portal/demo/history.py) shares: the plan of rows, the calendar, the teams
and the residents who did things.

The past is planned first, in plain Python, and inserted at the end with one executemany per table
(``Plan.insert``): a planned row may point at another planned row (or at a function of them), which becomes
its id when the rows are inserted. So thousands of rows cost a handful of statements, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import bisect
import random
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select, text

from portal.accounts.models import ROLE_RESIDENT, User
from portal.demo.history_texts import FIRST_NAMES, LAST_NAMES, OTHER_VENUES, VENUES
from portal.demo.people import DEMO_DOMAIN
from portal.extensions import db
from portal.teams.models import NEIGHBOURHOOD, Area, PostcodeArea, Team
from portal.workdays import AMSTERDAM, local_date

HISTORY_DOMAIN = f"buren.{DEMO_DOMAIN}"  # the neighbours of the past; never one of the printed demo log-ins
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


# --------------------------------------------------------------------------- the plan of rows


class Planned:
    """One row to insert; ``values`` may hold other Planned rows or callables, resolved when it is inserted."""

    __slots__ = ("id", "model", "values")

    def __init__(self, model, values: dict):
        self.model, self.values, self.id = model, values, None

    def __getitem__(self, key):
        return self.values[key]

    def __setitem__(self, key, value) -> None:
        self.values[key] = value


def _resolved(value):
    if isinstance(value, Planned):
        return value.id
    if callable(value):
        return value()
    return value


class Plan:
    def __init__(self):
        self.rows: dict[type, list[Planned]] = defaultdict(list)

    def add(self, model, **values) -> Planned:
        row = Planned(model, values)
        self.rows[model].append(row)
        return row

    def count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def insert(self, models: Iterable) -> None:
        """Insert the planned rows of each model, in this order, one executemany per table.

        A table with an ``id`` gets the ids after its highest one, given here (a bulk INSERT that returned them
        in order would run row by row on SQLite); on PostgreSQL its sequence then moves past them. The demo
        loads alone, so nobody takes an id in between."""
        postgresql = db.session.get_bind().dialect.name == "postgresql"
        for model in models:
            rows = self.rows.get(model, [])
            if not rows:
                continue
            table = model.__table__
            numbered = "id" in table.c and table.c.id.primary_key
            if numbered:
                first = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
                for offset, row in enumerate(rows):
                    row.id = first + offset
            params = [{key: _resolved(value) for key, value in row.values.items()} for row in rows]
            keys = set(params[0])
            assert all(set(values) == keys for values in params), model  # one statement shape per table
            if numbered:
                for row, values in zip(rows, params, strict=True):
                    values["id"] = row.id
            db.session.execute(insert(table), params)
            if numbered and postgresql:
                db.session.execute(
                    text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)"),
                    {"table": table.name, "last": rows[-1].id},
                )


# --------------------------------------------------------------------------- the calendar


@dataclass(frozen=True)
class Month:
    start: date
    end: date  # the first day after it (or today, for the current month)
    share: float  # how much of the month lies in the past (1 for every month but the current one)
    index: int  # 0 for the first month of the past

    @property
    def number(self) -> int:
        return self.start.month


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def utc(day: date, hours: float) -> datetime:
    """The naive-UTC moment ``hours`` after the start of the Amsterdam day ``day``."""
    local = datetime.combine(day, time(0), AMSTERDAM) + timedelta(hours=hours)
    return local.astimezone(UTC).replace(tzinfo=None)


class Calendar:
    """The months of the past: from the first day of the month ``months`` before this one up to yesterday.

    Nothing of the past happens today, so the stored daily counts up to yesterday hold all of it."""

    def __init__(self, now: datetime, months: int):
        self.today = local_date(now)
        self.limit = utc(self.today, 0)
        first = self.today.replace(day=1)
        for _ in range(months):
            first = (first - DAY).replace(day=1)
        self.first = first
        self.start = utc(first, 0)
        self.months: list[Month] = []
        day = first
        while day < self.today:
            end = _next_month(day)
            share = min(1.0, (self.today - day).days / (end - day).days)
            self.months.append(Month(day, min(end, self.today), share, len(self.months)))
            day = end

    def moment(self, rng: random.Random, month: Month, hours: tuple[float, float] = (8, 21)) -> datetime:
        """A moment in ``month`` (in the past), on a day picked at random, between ``hours`` local time."""
        day = month.start + timedelta(days=rng.randrange((month.end - month.start).days))
        return utc(day, rng.uniform(*hours))

    def past(self, moment: datetime) -> bool:
        return moment < self.limit - HOUR


def between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment in [start, end] (start when the span is empty)."""
    if end <= start:
        return start
    return start + timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


def days(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=rng.uniform(low, high))


# --------------------------------------------------------------------------- the teams


@dataclass
class Place:
    area_id: int
    name: str
    weight: int
    latitude: float | None
    longitude: float | None
    pc4: str | None

    @property
    def with_article(self) -> str:
        """ "de Rivierenbuurt", "Paddepoel-Noord": how a sentence names the neighbourhood."""
        if self.name.lower().endswith(("buurt", "wijk", "poort", "kwartier")):
            return f"de {self.name}"
        return self.name


@dataclass
class TeamPast:
    """A team and how it works: its size (by inhabitants) and its own habits, for the figures to differ."""

    id: int
    slug: str
    name: str
    answer_days: int
    worker_id: int | None
    places: list[Place]
    size: float
    found_share: float  # help requests that find a neighbour
    realised_share: float  # decided initiatives that are done
    in_time_share: float  # questions answered within the answer-by time
    venues: tuple[str, ...] = field(default_factory=tuple)

    def place(self, rng: random.Random) -> Place:
        return rng.choices(self.places, weights=[place.weight for place in self.places])[0]

    def place_of(self, area_id: int) -> Place:
        return next(place for place in self.places if place.area_id == area_id)

    def venue(self, rng: random.Random) -> str:
        return rng.choice(self.venues or OTHER_VENUES)


def teams_of_the_past(rng: random.Random) -> list[TeamPast]:
    """Every team with neighbourhoods where people live, and its demo worker."""
    postcodes: dict[int, str] = {}
    for pc4, area_id, _share in db.session.execute(
        select(PostcodeArea.pc4, PostcodeArea.area_id, PostcodeArea.share).order_by(
            PostcodeArea.area_id, PostcodeArea.share.desc(), PostcodeArea.pc4
        )
    ):
        postcodes.setdefault(area_id, pc4)
    teams = []
    for team in db.session.scalars(select(Team).order_by(Team.id)):
        areas = db.session.scalars(
            select(Area).where(Area.team_id == team.id, Area.kind == NEIGHBOURHOOD).order_by(Area.code)
        )
        places = [
            Place(area.id, area.name, area.inhabitants, area.latitude, area.longitude, postcodes.get(area.id))
            for area in areas
            if (area.inhabitants or 0) >= 200
        ]
        if not places:
            continue
        worker = User.by_email(f"opbouwwerker.{team.slug}@{DEMO_DOMAIN}")
        inhabitants = sum(place.weight for place in places)
        teams.append(
            TeamPast(
                id=team.id,
                slug=team.slug,
                name=team.name,
                answer_days=team.answer_days,
                worker_id=worker.id if worker else None,
                places=places,
                size=min(1.5, max(0.7, inhabitants / 18000)),
                found_share=rng.uniform(0.62, 0.78),
                realised_share=rng.uniform(0.58, 0.72),
                in_time_share=rng.uniform(0.82, 0.95),
                venues=VENUES.get(team.slug, ()),
            )
        )
    return teams


# --------------------------------------------------------------------------- the residents


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    return "".join(ch for ch in folded if ch.isalnum() and ord(ch) < 128)


@dataclass(eq=False)
class Resident:
    row: Planned
    team: TeamPast
    place: Place
    name: str
    email: str
    created_at: datetime

    @property
    def id(self) -> int | None:
        return self.row.id

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


class Residents:
    """The team's residents of the past, registered over the months; ``pick`` one who had registered by then,
    or (now and then, or when nobody had yet) one who registered a little before."""

    def __init__(self, plan: Plan, rng: random.Random, calendar: Calendar, password_hash: str):
        self.plan, self.rng, self.calendar, self.password_hash = plan, rng, calendar, password_hash
        self.by_team: dict[int, list[tuple[datetime, int, Resident]]] = defaultdict(list)
        self.emails: set[str] = set()
        self.registered = 0

    def register(self, team: TeamPast, at: datetime, place: Place | None = None) -> Resident:
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local = f"{_ascii(first)}.{_ascii(last)}"
        email, number = f"{local}@{HISTORY_DOMAIN}", 1
        while email in self.emails:
            number += 1
            email = f"{local}{number}@{HISTORY_DOMAIN}"
        self.emails.add(email)
        place = place or team.place(rng)
        postcode = f"{place.pc4} {rng.choice('ABCDEGHJKLMNPRSTVWX')}{rng.choice('ABCDEGHJKLMNPRSTVWX')}"
        row = self.plan.add(
            User,
            email=email,
            name=f"{first} {last}",
            password_hash=self.password_hash,
            home_postcode=postcode if place.pc4 else None,
            area_id=place.area_id,
            locale="en" if rng.random() < 0.08 else "nl",
            role=ROLE_RESIDENT,
            active=True,
            created_at=at,
            email_confirmed_at=at + timedelta(minutes=rng.uniform(2, 90)),
            last_login_at=None,
        )
        resident = Resident(row, team, place, f"{first} {last}", email, at)
        self.registered += 1
        bisect.insort(self.by_team[team.id], (at, self.registered, resident), key=lambda item: (item[0], item[1]))
        return resident

    def pick(self, team: TeamPast, at: datetime, new: float = 0.3, avoid: Iterable[Resident] = ()) -> Resident:
        """A resident of ``team`` registered before ``at``; with chance ``new`` one who registers shortly before."""
        rng = self.rng
        avoid = set(avoid)
        known = self.by_team[team.id]
        ready = bisect.bisect_left(known, at - HOUR, key=lambda item: item[0])
        if ready and rng.random() >= new:
            for _attempt in range(6):
                resident = known[rng.randrange(ready)][2]
                if resident not in avoid:
                    return resident
        start = self.calendar.start
        moment = between(rng, max(start, at - days(rng, 0.1, 20)), at - HOUR) if at - HOUR > start else start
        return self.register(team, moment)


class Quota:
    """Yes with a share of the draws in the long run, by chance but without long runs of bad luck (each key
    starts at a random point, so teams do not all have their good and bad months at once)."""

    def __init__(self, rng: random.Random, jitter: float):
        self.rng, self.jitter = rng, jitter
        self.credit: dict = {}

    def draw(self, key, share: float) -> bool:
        if key not in self.credit:
            self.credit[key] = self.rng.random()
        self.credit[key] += share + self.rng.uniform(-self.jitter, self.jitter)
        if self.credit[key] >= 1:
            self.credit[key] -= 1
            return True
        return False


def by_chance(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def lazy(function: Callable, *args) -> Callable[[], object]:
    """A value computed when its row is inserted (e.g. from the ids of rows inserted before it)."""
    return lambda: function(*args)
