"""Demo collective projects: what the teams started from the recurring signals the signals demo left open.

Runs after portal/signals/demo.py. For each demo project below it looks for an open, recurring cluster of
its team about its matter (the lexicon's concepts); when the signals demo did not leave one, it reports
a few signals itself, the way residents would, so there is always something to take up. Everything goes
through portal.projects.services: the reporters are invited, participants join, activities and news are
added, and the status moves forward, one project per status. Activities fall in the coming weeks (the
finished project's in the past), so the neighbourhood agenda shows them. The mails this causes are marked
sent: they belong to the demo's past. Flushes, never commits. Loading twice adds nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.demo.people import DEMO_DOMAIN, mails_of_the_past
from portal.extensions import db
from portal.initiatives.models import Initiative
from portal.projects import services, services_messages
from portal.projects.models import FINISHED, RUNNING, STARTING, Project
from portal.signals import services as signal_services
from portal.signals.models import OPEN, SignalCluster
from portal.signals.services import SignalInput
from portal.teams.models import Area, Team
from portal.timeutil import utcnow


@dataclass(frozen=True)
class Activity:
    in_days: int  # from today; negative: it happened already
    start: time
    end: time | None
    title: str
    place: str
    description: str | None = None
    weekday: int | None = None  # 0 = Monday: moved forward to that day of the week (the Tuesday coffee)

    def day(self, today: date) -> date:
        day = today + timedelta(days=self.in_days)
        return day if self.weekday is None else day + timedelta(days=(self.weekday - day.weekday()) % 7)


@dataclass(frozen=True)
class Fallback:
    """A signal to report when the signals demo left no cluster about the matter."""

    area: str
    text: str
    by: str | None  # a demo resident's e-mail local part, or None (anonymous)
    theme: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Demo:
    team: str
    concepts: tuple[str, ...]  # the cluster is about one of these
    area: str | None  # CBS neighbourhood code; None: the team's whole area
    title: str
    goal: str
    status: str
    started_days_ago: int
    activities: list[Activity] = field(default_factory=list)
    updates: list[tuple[int, str]] = field(default_factory=list)  # days ago, news
    participants: list[str] = field(default_factory=list)  # demo residents' e-mail local parts
    messages: list[tuple[int, str]] = field(default_factory=list)  # days ago, the lead's word to the participants
    initiatives: list[str] = field(default_factory=list)  # titles of demo initiatives to link
    outcome: str | None = None
    fallback: list[Fallback] = field(default_factory=list)


DEMOS = [
    Demo(
        team="selwerd",
        concepts=("loneliness",),
        area="BU00141000",
        title="Samen tegen eenzaamheid in Selwerd: koffieochtend op dinsdag",
        goal=(
            "Verschillende buren lieten ons weten dat vooral oudere bewoners in Selwerd weinig aanspraak hebben. "
            "Elke dinsdagochtend is er koffie in het buurthuis, en vrijwilligers gaan langs bij wie de deur "
            "moeilijk uit komt. Zo kent iedereen in de buurt minstens één buur om een praatje mee te maken."
        ),
        status=RUNNING,
        started_days_ago=24,
        activities=[
            Activity(-7, time(10), time(12), "Koffieochtend", "Buurthuis Selwerd, Eikenlaan 288", weekday=1),
            Activity(
                1,
                time(10),
                time(12),
                "Koffieochtend",
                "Buurthuis Selwerd, Eikenlaan 288",
                "Koffie, thee en een spelletje. Iemand ophalen? Laat het ons weten, dan regelen we een buur.",
                weekday=1,
            ),
            Activity(8, time(10), time(12), "Koffieochtend", "Buurthuis Selwerd, Eikenlaan 288", weekday=1),
            Activity(
                13,
                time(14),
                time(15, 30),
                "Wandeling door het Selwerderpark",
                "Verzamelen bij de ingang van het buurthuis",
                "Een rustige wandeling van een half uur, met wie wil daarna thee.",
            ),
        ],
        updates=[
            (20, "Het buurthuis stelt elke dinsdagochtend de grote zaal beschikbaar. We beginnen volgende week!"),
            (6, "De eerste koffieochtend was gezellig: veertien buren, en twee van hen kwamen voor het eerst."),
        ],
        participants=["bewoner", "samira"],
        messages=[
            (
                9,
                (
                    "Fijn dat jullie meedoen! Kunnen jullie dinsdag om 9:30 komen om de zaal klaar te zetten? "
                    "De sleutel ligt bij de beheerder."
                ),
            ),
            (
                2,
                (
                    "Mevrouw Jansen van nummer 14 wil graag opgehaald worden voor de koffieochtend. Wie loopt er "
                    "dinsdag om 9:45 even langs? Laat het me weten via het team."
                ),
            ),
        ],
        initiatives=["Taalcafé in Paddepoel"],
        fallback=[
            Fallback("BU00141000", "Mijn buurvrouw is heel eenzaam, er komt nooit iemand langs.", "bewoner"),
            Fallback("BU00141000", "Veel ouderen in de flat zitten alleen thuis, ze hebben geen aanspraak.", "samira"),
            Fallback(
                "BU00141000",
                "Sinds mijn man overleden is spreek ik bijna niemand meer.",
                None,
                email="buurvrouw.selwerd@example.org",
            ),
        ],
    ),
    Demo(
        team="vinkhuizen",
        concepts=("damp_mould",),
        area="BU00140900",
        title="Schimmelvrij wonen in Vinkhuizen",
        goal=(
            "In de flats van Vinkhuizen-Noord hebben veel huishoudens last van vocht en schimmel. Samen met de "
            "woningcorporatie brengen we in kaart welke woningen het betreft, leren we bewoners hoe ze goed "
            "ventileren zonder hoge stookkosten, en zorgen we dat reparaties sneller gebeuren."
        ),
        status=STARTING,
        started_days_ago=5,
        activities=[
            Activity(
                8,
                time(19, 30),
                time(21),
                "Bewonersavond over vocht en schimmel",
                "Wijkcentrum De Dame, Siersteenlaan 3",
                "Met de woningcorporatie en een energiecoach. Vragen stellen kan ook in het Engels.",
            ),
            Activity(
                15,
                time(10),
                time(13),
                "Spreekuur: laat je woning bekijken",
                "Wijkcentrum De Dame, Siersteenlaan 3",
            ),
        ],
        updates=[
            (3, "De woningcorporatie doet mee en komt naar de bewonersavond. Neem gerust foto's van je woning mee."),
        ],
        participants=["tomasz"],
        messages=[
            (
                2,
                (
                    "Thanks for joining! For the residents' evening: please write down which rooms have mould, "
                    "and since when. The housing corporation asked for it. Bedankt!"
                ),
            ),
        ],
        fallback=[
            Fallback("BU00140900", "Schimmel en vocht in de badkamer, de muren zijn zwart.", "tomasz", "housing"),
            Fallback("BU00140900", "Bij ons in de flat is alles vochtig, de ramen zijn elke ochtend nat.", None),
            Fallback(
                "BU00140900",
                "Zwarte plekken op het plafond van de slaapkamer, het ruikt muf.",
                None,
                email="bewoner.vinkhuizen@example.org",
            ),
        ],
    ),
    Demo(
        team="korrewegwijk",
        concepts=("crossing", "school", "speeding"),
        area="BU00140301",
        title="Veilig naar school in de Korrewegwijk",
        goal=(
            "Ouders en de school zien elke ochtend gevaarlijke situaties bij de oversteek naar de school. Samen "
            "met ouders, de school en de gemeente zoeken we een veiligere oversteek, en tot die er is staan "
            "er klaar-overs."
        ),
        status=RUNNING,
        started_days_ago=40,
        activities=[
            Activity(
                4,
                time(8),
                time(8, 45),
                "Klaar-overs bij de oversteek",
                "Hoek Molukkenstraat en Korreweg",
                "Wie één ochtend per week wil helpen: hesjes liggen klaar bij de conciërge.",
            ),
            Activity(
                18,
                time(19),
                time(20, 30),
                "Buurtoverleg met de gemeente over de oversteek",
                "OBS De Kleine Wereld, aula",
            ),
        ],
        updates=[
            (30, "De school doet mee; we tellen een week lang hoe hard er gereden wordt."),
            (12, "De telling is klaar: een op de drie auto's rijdt te hard. De gemeente komt praten."),
        ],
        participants=["jan"],
        messages=[
            (
                5,
                (
                    "Voor de klaar-overs: de hesjes en het bordje liggen bij de conciërge. Wil je doorgeven welke "
                    "ochtend je kunt? Dan maak ik een rooster."
                ),
            ),
        ],
        fallback=[
            Fallback("BU00140301", "De oversteek bij de school is gevaarlijk, auto's rijden veel te hard.", "jan"),
            Fallback("BU00140301", "Mijn kind moet elke ochtend oversteken bij de school, het is niet veilig.", None),
            Fallback(
                "BU00140301",
                "Bij het zebrapad voor de school stoppen auto's bijna nooit.",
                None,
                email="ouder.korrewegwijk@example.org",
            ),
        ],
    ),
    Demo(
        team="lewenborg",
        concepts=("energy", "money_worries"),
        area=None,
        title="Energiecafé Lewenborg: samen de rekening omlaag",
        goal=(
            "Veel bewoners van Lewenborg schrokken van hun energierekening. In het energiecafé helpen buren "
            "elkaar met tochtstrips, radiatorfolie en het lezen van de rekening, en wijzen we de weg naar "
            "regelingen."
        ),
        status=FINISHED,
        started_days_ago=120,
        activities=[
            Activity(-90, time(14), time(16), "Energiecafé", "Wijkcentrum Lewenborg, Kardingerplein"),
            Activity(-60, time(14), time(16), "Energiecafé", "Wijkcentrum Lewenborg, Kardingerplein"),
            Activity(-30, time(14), time(16), "Tochtstrips plakken met buren", "Wijkcentrum Lewenborg"),
        ],
        updates=[
            (100, "Het eerste energiecafé is op woensdagmiddag. Neem je energierekening mee!"),
            (45, "Er zijn al 60 woningen voorzien van tochtstrips en radiatorfolie."),
        ],
        participants=["esther"],
        outcome=(
            "In drie energiecafés hielpen twaalf vrijwilligers 85 huishoudens. Gemiddeld besparen zij nu "
            "zo'n 20 euro per maand. Vier buren gaan door als vaste energiecoach in het wijkcentrum."
        ),
        fallback=[
            Fallback("BU00141201", "Mijn energierekening is zo hoog, ik kan het niet meer betalen.", "esther"),
            Fallback("BU00141201", "Het gas is duur en het huis tocht, we zitten in de kou.", None),
            Fallback("BU00141201", "Veel buren hebben schulden door de hoge energierekening.", None),
        ],
    ),
]


def load_projects_demo() -> int:
    """Add the demo projects (unless there are projects already); returns how many. Flushes."""
    if db.session.scalar(select(func.count(Project.id))):
        return 0
    people = _people()
    loaded = 0
    with mails_of_the_past():
        for demo in DEMOS:
            team = db.session.scalar(select(Team).where(Team.slug == demo.team))
            worker = people.get(f"opbouwwerker.{demo.team}")
            if team is None or worker is None:
                continue
            _load(demo, team, worker, people)
            loaded += 1
    return loaded


def _people() -> dict[str, User]:
    rows = db.session.scalars(select(User).where(User.email.like(f"%@{DEMO_DOMAIN}")))
    return {user.email.split("@")[0]: user for user in rows}


def _area(code: str | None) -> Area | None:
    return db.session.scalar(select(Area).where(Area.code == code)) if code else None


def _cluster_about(team: Team, concepts: tuple[str, ...]) -> SignalCluster | None:
    """The team's biggest open recurring cluster whose signals share one of the concepts."""
    clusters = db.session.scalars(
        select(SignalCluster)
        .where(SignalCluster.team_id == team.id, SignalCluster.status == OPEN, SignalCluster.recurring.is_(True))
        .where(SignalCluster.project_id.is_(None))
        .order_by(SignalCluster.signal_count.desc(), SignalCluster.id)
    )
    for cluster in clusters:
        keys = {reason.key for reason in signal_services.explain(cluster) if reason.kind == "concept"}
        if keys & set(concepts):
            return cluster
    return None


def _report_fallback(demo: Demo, people: dict[str, User], now: datetime) -> None:
    for number, signal in enumerate(demo.fallback):
        area = _area(signal.area)
        if area is None:
            continue
        data = SignalInput(text=signal.text, area=area, theme=signal.theme, contact_email=signal.email)
        when = now - timedelta(days=demo.started_days_ago + 20 - number * 5)
        signal_services.report(people.get(signal.by) if signal.by else None, data, now=when)


def _load(demo: Demo, team: Team, worker: User, people: dict[str, User]) -> Project:
    now = utcnow()
    cluster = _cluster_about(team, demo.concepts)
    if cluster is None:
        _report_fallback(demo, people, now)
        cluster = _cluster_about(team, demo.concepts)
    started = now - timedelta(days=demo.started_days_ago)
    project = services.create_project(
        worker,
        team,
        services.ProjectInput(demo.title, demo.goal, _area(demo.area), worker),
        clusters=[cluster] if cluster is not None else [],
        now=started,
    )
    project.created_at = started
    for number, local in enumerate(demo.participants):
        if local in people:
            services.join(people[local], project, now=started + timedelta(days=1 + number))
    for title in demo.initiatives:
        initiative = db.session.scalar(select(Initiative).where(Initiative.title == title))
        if initiative is not None and initiative.status in services.LINKABLE:
            services.link_initiative(worker, project, initiative)
    today = date.today()
    for activity in demo.activities:
        data = services.ActivityInput(
            activity.title,
            activity.day(today),
            activity.start,
            activity.end,
            activity.place,
            activity.description,
        )
        services.add_activity(worker, project, data)
    for days_ago, body in sorted(demo.updates, key=lambda item: -item[0]):
        services.add_update(worker, project, body, now=now - timedelta(days=days_ago))
    for days_ago, body in sorted(demo.messages, key=lambda item: -item[0]):
        services_messages.post_message(worker, project, body, now=now - timedelta(days=days_ago, hours=2))
    if demo.status in (RUNNING, FINISHED):
        services.set_status(worker, project, RUNNING, now=started + timedelta(days=3))
    if demo.status == FINISHED:
        services.set_status(worker, project, FINISHED, demo.outcome, now=now - timedelta(days=14))
    db.session.flush()
    return project
