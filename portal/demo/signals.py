"""Demo signals across Groningen: what residents and partners noticed over the last five months.

Every team has signals; in seven teams several people noticed the same matter, so their signals come out
as a recurring cluster (loneliness among older residents and scooters racing on the Zernikelaan in Selwerd,
damp and mould in the Vinkhuizen flats, an unsafe crossing near a school in Korrewegwijk, youth at the
Beijum shopping centre, energy bills in Lewenborg, litter around the containers in Oosterparkwijk, speeding
in Hoogkerk). They are left open: portal/demo/projects.py runs next and turns some of them into collective
projects (the Zernikelaan stays open, for the Selwerd worker of the printed demo log-in to take up). One
resident's one-off signal in the Rivierenbuurt is dismissed with a reason, so her follow page shows it.

Texts are in residents' own words: short, sometimes misspelled, a few in English. Reporters are the demo
residents of portal/demo/people.py (looked up by e-mail), anonymous people (some leave an e-mail address
at example.org) and partners whose signal the team's demo worker records. Everything goes through
portal.signals.services in date order with ``now`` set to the moment of the report, so the clusters are
what the site itself would have made. Flushes, never commits: the demo loader commits once. Loading twice
adds nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.demo.notifications import news_of_the_past
from portal.demo.people import DEMO_DOMAIN, mails_of_the_past
from portal.extensions import db
from portal.signals import services, services_board
from portal.signals.models import Signal, SignalCluster
from portal.signals.services import SignalInput
from portal.teams.models import Area
from portal.timeutil import utcnow

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Partner:
    source: str  # a models.PARTNER_SOURCES key
    name: str


LEFIER = Partner("housing_corporation", "Lefier")
HUISMEESTER = Partner("housing_corporation", "De Huismeester")
NIJESTEE = Partner("housing_corporation", "Nijestee")
GP_SELWERD = Partner("gp", "Huisartsenpraktijk Selwerd")
SCHOOL_KORREWEG = Partner("school", "OBS De Kleine Wereld")
POLICE = Partner("police", "Politie wijkagent Beijum")
FOOD_BANK = Partner("other", "Voedselbank Groningen")


@dataclass(frozen=True)
class Demo:
    days_ago: float
    area: str  # CBS neighbourhood code
    text: str
    by: str | Partner = ANONYMOUS  # a demo resident's e-mail local part, ANONYMOUS, or a partner
    theme: str | None = None
    place: str | None = None
    contact: tuple[str | None, str] | None = None  # an anonymous reporter's (name, e-mail)
    locale: str = "nl"


SIGNALS = [
    # --- Selwerd: loneliness among older residents (recurring) ----------------------------------------
    Demo(
        142,
        "BU00141000",
        "Mijn buurvrouw van 86 zit de hele dag alleen, er komt bijna nooit iemand langs. Ze is echt eenzaam.",
        "bewoner",
        "loneliness",
        "Zonnelaan",
    ),
    Demo(
        118,
        "BU00141002",
        "In onze flat wonen veel ouderen die geen aanspraak hebben. Sinds de koffieochtend gestopt is zien ze "
        "niemand meer.",
        "samira",
        "loneliness",
        "Paddepoel, flat aan de Eikenlaan",
    ),
    Demo(
        97,
        "BU00141000",
        "ik ben 79 en voel me erg eensaam, mijn kinderen wonen ver weg en niemand komt langs",
        ANONYMOUS,
        None,
        None,
        ("Mevrouw Kuiper", "a.kuiper@example.org"),
    ),
    Demo(
        74,
        "BU00141001",
        "Praktijk ziet steeds meer oudere patiënten die vooral eenzaam zijn en alleen komen voor een praatje.",
        GP_SELWERD,
        "loneliness",
    ),
    Demo(
        40,
        "BU00141000",
        "Oudere buurman zit alleen thuis sinds zijn vrouw is overleden, hij heeft niemand om mee te praten.",
        ANONYMOUS,
        "loneliness",
    ),
    # Selwerd: one-offs
    Demo(
        55,
        "BU00141002",
        "De bankjes bij de vijver in Paddepoel zijn weggehaald, waar moeten we nu zitten?",
        "samira",
        "public_space",
        "vijver Paddepoel",
    ),
    Demo(
        12,
        "BU00141004",
        "Op de Zernikelaan wordt 's avonds keihard gereden door scooters.",
        ANONYMOUS,
        "safety_traffic",
    ),
    # --- Selwerd: speeding scooters on the Zernikelaan (recurring, left open for the team to take up) ---
    Demo(
        9,
        "BU00141004",
        "Scooters scheuren elke avond over de Zernikelaan, mijn kinderen durven niet meer over te steken.",
        "bewoner",
        "safety_traffic",
        "Zernikelaan bij de Zernikeschool",
    ),
    Demo(
        6,
        "BU00141002",
        "Er wordt veel te hard gereden op de Zernikelaan, vooral door brommers. Kan er een drempel komen?",
        "samira",
        "safety_traffic",
    ),
    Demo(
        3,
        "BU00141004",
        "gisteravond weer scooters die racen op de zernikelaan, levensgevaarlijk met al die fietsers",
        ANONYMOUS,
        None,
        None,
        ("Gerrit", "gerrit.paddepoel@example.org"),
    ),
    # --- Vinkhuizen: damp and mould in the flats (recurring) ------------------------------------------
    Demo(
        130,
        "BU00140900",
        "There is black mould on the walls in our bedroom and bathroom, the flat is always damp. My son keeps "
        "coughing.",
        "tomasz",
        "housing",
        "flat Siersteenlaan",
        locale="en",
    ),
    Demo(
        109,
        "BU00140901",
        "Schimmel op de muren in de badkamer en slaapkamer, het is altijd vochtig in de flat. Verhuurder doet niks.",
        ANONYMOUS,
        "housing",
        None,
        (None, "vinkhuizen.huurder@example.org"),
    ),
    Demo(
        88,
        "BU00140901",
        "Meerdere huurders in de portiekflats melden vocht en schimmel. We willen samen met WIJ kijken hoe we "
        "bewoners kunnen helpen met ventileren.",
        LEFIER,
        "housing",
        "portiekflats Vinkhuizen-Zuid",
    ),
    Demo(
        61,
        "BU00140900",
        "zwarte schimmel in de slaapkamer van de kinderen, het ruikt muf en de muren zijn nat",
        ANONYMOUS,
        None,
    ),
    Demo(
        23,
        "BU00140900",
        "Damp and mould again in the flat after the rain, the wallpaper is coming off.",
        ANONYMOUS,
        "housing",
        None,
        ("Ola", "ola.w@example.org"),
        "en",
    ),
    # Vinkhuizen: one-off
    Demo(
        46,
        "BU00140902",
        "Het speeltuintje aan het Hoendiep heeft een kapotte schommel, al maanden.",
        ANONYMOUS,
        "play_sport",
        "Hoendiep",
    ),
    # --- Korrewegwijk: unsafe crossing near a school (recurring) --------------------------------------
    Demo(
        125,
        "BU00140301",
        "De oversteek bij de school aan de Sumatralaan is levensgevaarlijk, auto's stoppen niet voor de kinderen.",
        "jan",
        "safety_traffic",
        "Sumatralaan bij de basisschool",
    ),
    Demo(
        104,
        "BU00140301",
        "Mijn dochter moet elke ochtend oversteken bij school en er is geen zebrapad. Gevaarlijk!!",
        ANONYMOUS,
        "safety_traffic",
        None,
        ("Lisa", "lisa.bosma@example.org"),
    ),
    Demo(
        83,
        "BU00140301",
        "Ouders maken zich zorgen over de gevaarlijke oversteekplaats voor de school; er was bijna een ongeluk "
        "met een leerling.",
        SCHOOL_KORREWEG,
        "safety_traffic",
        "Sumatralaan",
    ),
    Demo(
        50,
        "BU00140300",
        "onveilige oversteek bij de school, auto's rijden te hard en de kinderen moeten tussen geparkeerde auto's "
        "door oversteken",
        ANONYMOUS,
        None,
    ),
    # Korrewegwijk: one-off
    Demo(
        31,
        "BU00140302",
        "Op het Molukkenplein liggen steeds weer kapotte fietsen en grofvuil.",
        "jan",
        "public_space",
        "Molukkenplein",
    ),
    # --- Beijum: youth nuisance at the shopping centre (recurring) ------------------------------------
    Demo(
        120,
        "BU00141101",
        "Elke avond hangen jongeren bij het winkelcentrum, ze schreeuwen en gooien met blikjes. Ik durf er na "
        "donker niet meer langs.",
        "grietje",
        "nuisance",
        "winkelcentrum Beijum",
    ),
    Demo(
        96,
        "BU00141100",
        "hangjongeren bij het winkelcentrum maken veel herrie met hun scooters tot laat in de avond",
        ANONYMOUS,
        "nuisance",
    ),
    Demo(
        72,
        "BU00141101",
        "Meldingen van jeugdoverlast rond het winkelcentrum in de avonduren; we zoeken samen met WIJ naar een "
        "plek voor de jongeren.",
        POLICE,
        "nuisance",
        "winkelcentrum Beijum",
    ),
    Demo(
        35,
        "BU00141100",
        "Groep jongeren hangt rond bij het winkelcentrum en de supermarkt, ze vallen mensen lastig.",
        ANONYMOUS,
        None,
        None,
        (None, "beijum.bewoner@example.org"),
    ),
    # Beijum: one-off
    Demo(
        64,
        "BU00141102",
        "Veel hondenpoep op het grasveld waar de kinderen spelen in De Hunze.",
        ANONYMOUS,
        "public_space",
    ),
    # --- Lewenborg: money worries and energy bills (recurring) ----------------------------------------
    Demo(
        115,
        "BU00141201",
        "Ik kan mijn energierekening niet meer betalen en zet de verwarming uit. Ik denk dat meer mensen in de "
        "buurt dit hebben.",
        "esther",
        "money",
    ),
    Demo(
        92,
        "BU00141200",
        "De energierekening is zo hoog geworden, we zitten met de kachel uit in de kou en hebben schulden",
        ANONYMOUS,
        "money",
        None,
        ("Henk", "henk.lewenborg@example.org"),
    ),
    Demo(
        69,
        "BU00141200",
        "Gezinnen uit Lewenborg vertellen dat ze hun energierekening niet kunnen betalen en geld tekort komen "
        "voor boodschappen.",
        FOOD_BANK,
        "money",
    ),
    Demo(
        27,
        "BU00141202",
        "hoge energie rekening, geen geld meer voor de verwarming. Wie kan helpen met de rekeningen?",
        ANONYMOUS,
        None,
    ),
    # Lewenborg: one-off
    Demo(
        8,
        "BU00141201",
        "Het buurthuis is op zaterdag dicht, er is in het weekend geen ontmoetingsplek voor de buurt.",
        ANONYMOUS,
        "language_participation",
    ),
    # --- Oosterparkwijk: litter around the containers (recurring) -------------------------------------
    Demo(
        110,
        "BU00140402",
        "Bij de containers aan de Bloemstraat ligt altijd afval naast de container, vuilniszakken en dozen. "
        "Het stinkt.",
        "yusuf",
        "public_space",
        "containers Bloemstraat",
    ),
    Demo(
        86,
        "BU00140401",
        "De ondergrondse containers zijn steeds vol en mensen zetten hun vuilniszakken ernaast, de meeuwen "
        "trekken ze open.",
        ANONYMOUS,
        "public_space",
    ),
    Demo(
        58,
        "BU00140402",
        "Huurders klagen over zwerfafval en vuilniszakken rond de containers bij onze complexen.",
        HUISMEESTER,
        "public_space",
        "Bloemenbuurt",
    ),
    Demo(
        19,
        "BU00140403",
        "Rotzooi bij de kontainers, alles ligt op straat. Wanneer wordt dit opgeruimd??",
        ANONYMOUS,
        None,
        None,
        (None, "florabuurt@example.org"),
    ),
    # Oosterparkwijk: one-off
    Demo(
        40,
        "BU00140404",
        "Ik zou graag Nederlands willen oefenen met buren, is er een taalcafé in de Oosterparkwijk?",
        ANONYMOUS,
        "language_participation",
    ),
    # --- Hoogkerk: speeding through the village (recurring) -------------------------------------------
    Demo(
        100,
        "BU00140801",
        "Er wordt veel te hard gereden op de Zuiderweg, vooral 's avonds. Een keer gaat het mis.",
        "wietske",
        "safety_traffic",
        "Zuiderweg",
    ),
    Demo(
        66,
        "BU00140800",
        "auto's scheuren door het dorp, veel te hard, de kinderen kunnen niet veilig fietsen",
        ANONYMOUS,
        "safety_traffic",
    ),
    Demo(
        33,
        "BU00140801",
        "Cars are speeding through our street every day, it is not safe for the children.",
        ANONYMOUS,
        None,
        None,
        ("Mark", "mark.h@example.org"),
        "en",
    ),
    # --- One-offs in the other teams --------------------------------------------------------------------
    Demo(
        90,
        "BU00140202",
        "De fietsenrekken in de Schildersbuurt staan vol weesfietsen, er is geen plek meer om te parkeren.",
        "noor",
        "public_space",
        "Schildersbuurt",
    ),
    Demo(
        15,
        "BU00140001",
        "Drankoverlast op het plein achter de Oosterstraat, elk weekend glas op straat.",
        ANONYMOUS,
        "nuisance",
    ),
    Demo(
        52,
        "BU00140103",
        "De straatlantaarn voor ons huis in de Rivierenbuurt is al weken kapot, het is 's avonds aardedonker.",
        "marloes",
        "public_space",
        "Merwedestraat",
    ),
    Demo(
        21,
        "BU00140101",
        "Is er in de Oosterpoort iets voor mantelzorgers? Ik zorg voor mijn moeder en loop op mijn tandvlees.",
        ANONYMOUS,
        "health_care",
        None,
        ("Ingrid", "ingrid.oosterpoort@example.org"),
    ),
    Demo(
        80,
        "BU00140604",
        "Er zijn in Helpman veel nieuwe gezinnen komen wonen, het zou leuk zijn om elkaar beter te leren kennen.",
        "lotte",
        "language_participation",
        "Helpman",
    ),
    Demo(
        11,
        "BU00140605",
        "De stoep in De Wijert ligt helemaal scheef door boomwortels, met de rollator struikel ik bijna.",
        ANONYMOUS,
        "public_space",
    ),
    Demo(
        44,
        "BU00140700",
        "Het trapveldje in Corpus den Hoorn is afgesloten, de kinderen hebben nergens meer om te voetballen.",
        "ruben",
        "play_sport",
    ),
    Demo(
        6,
        "BU00140701",
        "Veel ratten rond de vijver bij de Hoornse Meer.",
        ANONYMOUS,
        "public_space",
    ),
    Demo(
        57,
        "BU00140701",
        "In onze galerijflat bij de Hoornse Meer is de lift al twee weken kapot; ouderen komen hun huis niet uit.",
        NIJESTEE,
        "housing",
    ),
]

# The one-off that the team dismisses, with the reason its reporter reads on her follow page.
DISMISSED_TEXT = "De straatlantaarn voor ons huis"
DISMISS_REASON = (
    "Een kapotte lantaarnpaal repareert de gemeente. We hebben hem voor je gemeld bij de gemeente "
    "(telefoon 14 050); dat kun je voortaan ook zelf doen."
)


def _reporter(by: str | Partner, users: dict[str, User]) -> User | None:
    if isinstance(by, Partner) or by == ANONYMOUS:
        return None
    return users[by]


def load_signals_demo() -> int:
    """Report the demo signals (oldest first) and dismiss one; the number of signals stored."""
    if db.session.scalar(select(func.count(Signal.id))):
        return 0
    areas = {area.code: area for area in db.session.scalars(select(Area).where(Area.code.like("BU%")))}
    users = {
        user.email.split("@")[0]: user
        for user in db.session.scalars(select(User).where(User.email.like(f"%@{DEMO_DOMAIN}")))
    }
    now = utcnow()
    with news_of_the_past(_became_recurring):  # the teams heard then that a matter recurs
        stored = _report_all(areas, users, now)
    with mails_of_the_past():  # the dismissal tells its reporter, in the demo's past
        _dismiss_one(users, now)
    return stored


def _became_recurring(notification) -> datetime | None:
    """When the cluster a worker's notification is about became recurring (the moment they were told)."""
    if not (notification.link or "").startswith("/signals/clusters/"):
        return None
    cluster = db.session.get(SignalCluster, int(notification.link.rsplit("/", 1)[1]))
    return cluster.recurring_since if cluster is not None else None


def _report_all(areas: dict[str, Area], users: dict[str, User], now: datetime) -> int:
    """Report every demo signal at its moment, oldest first; how many were stored."""
    stored = 0
    for demo in sorted(SIGNALS, key=lambda d: -d.days_ago):
        area = areas.get(demo.area)
        if area is None or area.team is None:
            continue
        when = (now - timedelta(days=demo.days_ago)).replace(hour=9, minute=0, second=0, microsecond=0)
        when += timedelta(minutes=(stored * 37) % 600)  # spread over the day
        name, email = demo.contact or (None, None)
        partner = demo.by if isinstance(demo.by, Partner) else None
        data = SignalInput(
            text=demo.text,
            area=area,
            theme=demo.theme,
            place=demo.place,
            contact_name=name,
            contact_email=email,
            source=partner.source if partner else "resident",
            source_name=partner.name if partner else None,
            locale=demo.locale,
        )
        worker = users.get(f"opbouwwerker.{area.team.slug}") if partner else None
        services.report(_reporter(demo.by, users), data, recorded_by=worker, now=when)
        stored += 1
    return stored


def _dismiss_one(users: dict[str, User], now) -> None:
    signal = db.session.scalars(select(Signal).where(Signal.text.startswith(DISMISSED_TEXT))).first()
    if signal is None or signal.cluster is None or signal.cluster.recurring:
        return
    worker = users.get(f"opbouwwerker.{signal.team.slug}")
    if worker is not None:
        services_board.dismiss(worker, signal.cluster, DISMISS_REASON, now=signal.created_at + timedelta(days=2))
