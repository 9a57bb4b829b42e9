"""Demo initiatives across Groningen, in every status, with roles, sign-ups, support and talk.

Uses the demo accounts of portal/demo/loader.py (looked up by e-mail). Flushes, never commits:
the demo loader commits once. Loading twice adds nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.demo.loader import DEMO_DOMAIN
from portal.extensions import db
from portal.initiatives import lifecycle, search
from portal.initiatives.models import (
    Initiative,
    InitiativeMessage,
    RoleSignup,
    StatusChange,
    Support,
    VolunteerRole,
)
from portal.teams.models import Area
from portal.timeutil import utcnow

D, S, C, P, DONE, X, W = (
    lifecycle.DRAFT,
    lifecycle.SUBMITTED,
    lifecycle.IN_CONVERSATION,
    lifecycle.PLANNED,
    lifecycle.DONE,
    lifecycle.DECLINED,
    lifecycle.WITHDRAWN,
)
PATHS = {
    D: [D],
    S: [D, S],
    C: [D, S, C],
    P: [D, S, C, P],
    DONE: [D, S, C, P, DONE],
    X: [D, S, C, X],
    W: [D, S, W],
}


@dataclass
class Demo:
    initiator: str  # local part of the demo e-mail address
    area: str  # CBS neighbourhood code
    status: str
    title: str
    description: str
    category: str
    days_ago: int  # when it was created
    place: str | None = None
    proposed: date | None = None
    proposed_time: str | None = None
    planned_in_days: int | None = None
    budget_cents: int | None = None
    budget_breakdown: str | None = None
    materials: str | None = None
    permit: str = "unknown"
    roles: list[tuple[str, int, list[str]]] = field(default_factory=list)  # title, needed, who signed up
    supporters: list[str] = field(default_factory=list)
    messages: list[tuple[str, str, str]] = field(default_factory=list)  # who ("worker" = the team's), kind, body
    reason: str | None = None
    report: str | None = None


TODAY = date.today()
DEMOS = [
    Demo(
        "bewoner",
        "BU00141000",
        P,
        "Straatfeest in de Zonnelaan",
        "Na twee jaar zonder feest willen we weer een straatfeest voor de hele Zonnelaan: muziek, een springkussen "
        "voor de kinderen, soep en een tafel waar iedereen iets lekkers neerzet. Zo leren nieuwe buren elkaar kennen.",
        "meeting",
        40,
        place="Zonnelaan, tussen nummer 20 en 48",
        planned_in_days=24,
        budget_cents=35000,
        budget_breakdown="Springkussen € 180, soep en brood € 90, versiering € 30, EHBO-kist € 50",
        materials="Tafels, stoelen, partytent, verlengsnoeren",
        permit="yes",
        roles=[
            ("Tafels en stoelen neerzetten, zaterdag 10:00", 4, ["samira", "jan"]),
            ("Soep koken voor 60 mensen", 2, ["grietje"]),
            ("Springkussen begeleiden, 14:00-16:00", 2, []),
        ],
        supporters=["samira", "jan", "tomasz", "grietje"],
        messages=[
            ("samira", "comment", "Wat leuk! Ik neem een grote pan mee en mijn buurjongen kan DJ zijn."),
            (
                "worker",
                "update",
                (
                    "De vergunning voor het afsluiten van de straat is aangevraagd bij de gemeente. "
                    "Het budget uit het wijkfonds is toegekend."
                ),
            ),
            ("bewoner", "update", "We beginnen om 13:00. Wie kan er vanaf 10:00 helpen opbouwen?"),
        ],
    ),  # fmt: skip
    Demo(
        "samira",
        "BU00141002",
        C,
        "Taalcafé in Paddepoel",
        "Elke week een uur samen Nederlands praten met een kop koffie, voor nieuwe buren die de taal willen oefenen. "
        "Geen les, gewoon gezellig kletsen over de buurt, de markt en het weer.",
        "neighbours",
        12,
        place="Bibliotheek Paddepoel",
        proposed_time="woensdag 10:00-11:30",
        budget_cents=12000,
        budget_breakdown="Koffie, thee en koek voor een half jaar",
        roles=[("Gespreksmaatje op woensdagochtend", 5, ["tomasz"])],
        supporters=["bewoner", "tomasz"],
        messages=[
            ("worker", "comment", "Mooi idee! Ik bel je deze week om te kijken welke ruimte er is."),
            ("tomasz", "comment", "I would love to join, my Dutch needs practice!"),
        ],
    ),  # fmt: skip
    Demo(
        "jan",
        "BU00140301",
        S,
        "Opruimactie Molukkenplein",
        "Op het Molukkenplein liggen steeds meer zwerfafval en kapotte fietsen. Met een paar buren willen we een "
        "ochtend opruimen en daarna samen koffie drinken. Misschien wil de gemeente grijpers en zakken lenen.",
        "green",
        4,
        place="Molukkenplein",
        proposed=TODAY + timedelta(days=30),
        proposed_time="zaterdagochtend",
        materials="Grijpers, vuilniszakken, handschoenen, een aanhanger voor de fietswrakken",
        roles=[("Afval rapen, zaterdag 9:30-12:00", 8, [])],
        supporters=["bewoner"],
    ),  # fmt: skip
    Demo(
        "tomasz",
        "BU00140900",
        S,
        "Repair café for bikes in Vinkhuizen",
        "Many neighbours have a broken bike in the shed. One Saturday a month, we could fix them together: "
        "people who can repair teach people who cannot. Reparatiecafé voor fietsen, iedereen welkom.",
        "neighbours",
        1,
        place="Square in front of the Vinkhuizen shopping centre",
        proposed_time="first Saturday",
        budget_cents=20000,
        budget_breakdown="Tools € 150, spare parts € 50",
        permit="maybe",
        roles=[("Bike repair volunteer", 3, []), ("Coffee and registration", 1, [])],
    ),  # fmt: skip
    Demo(
        "grietje",
        "BU00141101",
        DONE,
        "Moestuin achter de Isebrandtsheerd",
        "Het grasveld achter onze flat ligt er ongebruikt bij. Samen met de woningcorporatie willen we er een "
        "moestuin maken, met bakken op hoogte zodat ook oudere buren kunnen meedoen.",
        "green",
        120,
        place="Grasveld achter Isebrandtsheerd 100-160",
        planned_in_days=-45,
        budget_cents=80000,
        budget_breakdown="Hout voor zes bakken € 450, aarde € 200, zaad en plantjes € 150",
        materials="Schoppen, kruiwagen, regenton",
        permit="no",
        roles=[("Bakken timmeren", 4, ["jan", "tomasz"]), ("Aarde scheppen", 6, ["samira"])],
        supporters=["bewoner", "jan", "samira"],
        messages=[
            ("jan", "comment", "Ik heb nog een kruiwagen die jullie mogen gebruiken."),
            ("grietje", "update", "De eerste courgettes zijn geoogst!"),
        ],
        report="Met 23 buren hebben we op één zaterdag zes bakken gebouwd en gevuld. Er wordt nu elke week samen "
        "gewied en geoogst; de groente gaat ook naar de voedselbank.",
    ),  # fmt: skip
    Demo(
        "bewoner",
        "BU00141000",
        D,
        "Schaakclub in het buurthuis",
        "Een wekelijkse schaakavond voor jong en oud in Selwerd. Beginners krijgen uitleg van ervaren spelers.",
        "culture",
        2,
        place="Buurthuis Selwerd",
        proposed_time="dinsdagavond",
        roles=[("Uitleg geven aan beginners", 2, [])],
    ),  # fmt: skip
    Demo(
        "jan",
        "BU00140302",
        X,
        "Jeu-de-boulesbaan in het park",
        "Een jeu-de-boulesbaan in het Noorderplantsoen, zodat buren elkaar op zomeravonden kunnen ontmoeten.",
        "play",
        60,
        place="Noorderplantsoen",
        budget_cents=600000,
        budget_breakdown="Aanleg van de baan door een hovenier",
        permit="yes",
        reason="Het Noorderplantsoen is een rijksmonument; een vaste baan mag daar niet. We denken graag mee over "
        "een losse baan op het Kerklaanplein: bel ons gerust.",
    ),  # fmt: skip
    Demo(
        "samira",
        "BU00141001",
        W,
        "Buurtbarbecue Paddepoel-Zuid",
        "Een barbecue op het grasveld bij de Pelsterstraat voor alle buren, met halal en vegetarisch eten.",
        "meeting",
        30,
        place="Grasveld bij de Pelsterstraat",
        reason="We sluiten ons aan bij het straatfeest in de Zonnelaan.",
    ),  # fmt: skip
    Demo(
        "grietje",
        "BU00141101",
        P,
        "Koffieochtend voor ouderen",
        "Elke eerste maandag van de maand koffie en een praatje in de recreatiezaal, zodat ouderen in Beijum "
        "elkaar ontmoeten. Wie slecht ter been is, wordt opgehaald.",
        "neighbours",
        21,
        place="Recreatiezaal Isebrandtsheerd",
        planned_in_days=6,
        budget_cents=7500,
        budget_breakdown="Koffie, thee en taart",
        roles=[("Ophalen en thuisbrengen met de auto", 3, ["jan"]), ("Koffie schenken", 2, ["samira", "bewoner"])],
        supporters=["samira"],
        messages=[("worker", "update", "De recreatiezaal is gereserveerd; de woningcorporatie betaalt de koffie.")],
    ),  # fmt: skip
]


def load_initiatives_demo() -> int:
    """Add the demo initiatives (unless there are initiatives already); returns how many. Flushes."""
    if db.session.scalar(select(func.count(Initiative.id))):
        return 0
    people = _people()
    loaded = 0
    for demo in DEMOS:
        area = db.session.scalar(select(Area).where(Area.code == demo.area))
        initiator = people.get(demo.initiator)
        if area is None or initiator is None:
            continue
        _load(demo, initiator, area, people)
        loaded += 1
    db.session.flush()
    return loaded


def _people() -> dict[str, User]:
    local_parts = {"bewoner", "samira", "jan", "tomasz", "grietje"}
    people = {local: User.by_email(f"{local}@{DEMO_DOMAIN}") for local in local_parts}
    return {local: user for local, user in people.items() if user is not None}


def _team_worker(area: Area) -> User | None:
    if area.team is None:
        return None
    return User.by_email(f"opbouwwerker.{area.team.slug}@{DEMO_DOMAIN}")


def _load(demo: Demo, initiator: User, area: Area, people: dict[str, User]) -> None:
    worker = _team_worker(area)
    created = utcnow() - timedelta(days=demo.days_ago)
    initiative = Initiative(
        title=demo.title, description=demo.description, category=demo.category, status=demo.status,
        initiator_id=initiator.id, area_id=area.id, place=demo.place, proposed_from=demo.proposed,
        proposed_time=demo.proposed_time, budget_cents=demo.budget_cents, budget_breakdown=demo.budget_breakdown,
        materials=demo.materials, permit=demo.permit, report=demo.report, created_at=created, search_terms="",
    )  # fmt: skip
    if demo.planned_in_days is not None:
        start = datetime.combine(TODAY + timedelta(days=demo.planned_in_days), datetime.min.time())
        initiative.planned_start = start + timedelta(hours=12)  # 13:00 or 14:00 in Groningen
        initiative.planned_end = start + timedelta(hours=16)
    search.index_initiative(initiative)
    db.session.add(initiative)
    db.session.flush()
    _timeline(initiative, demo, initiator, worker, created)
    for position, (title, needed, volunteers) in enumerate(demo.roles):
        signed = [people[name] for name in volunteers if name in people]
        role = VolunteerRole(
            initiative_id=initiative.id, title=title, needed=needed, position=position, taken=len(signed)
        )
        db.session.add(role)
        db.session.flush()
        db.session.add_all(RoleSignup(role_id=role.id, user_id=person.id) for person in signed)
    for name in demo.supporters:
        if name in people:
            db.session.add(Support(initiative_id=initiative.id, user_id=people[name].id))
    for number, (who, kind, body) in enumerate(demo.messages, 1):
        author = worker if who == "worker" else people.get(who)
        at = min(created + timedelta(days=number * 2, hours=number), utcnow() - timedelta(hours=number))
        db.session.add(
            InitiativeMessage(
                initiative_id=initiative.id,
                author_id=author.id if author else None,
                kind=kind,
                body=body,
                created_at=at,
            )
        )


def _timeline(initiative, demo: Demo, initiator: User, worker: User | None, created: datetime) -> None:
    """One StatusChange per step on the way to the demo's status, spread over its age."""
    steps = PATHS[demo.status]
    spacing = timedelta(days=demo.days_ago) / (len(steps) + 1)
    previous = None
    for number, status in enumerate(steps):
        at = created + spacing * number
        by_worker = status in (C, P, X) or (status == DONE and worker is not None)
        actor = worker if by_worker and worker is not None else initiator
        reason = demo.reason if status in (X, W) else None
        db.session.add(
            StatusChange(
                initiative_id=initiative.id, actor_id=actor.id, from_status=previous, to_status=status,
                reason=reason, at=at,
            )
        )  # fmt: skip
        if status == S:
            initiative.submitted_at = at
        if by_worker and initiative.first_response_at is None:
            initiative.first_response_at = at
        if status == C:
            initiative.worker_id = actor.id
        previous = status
