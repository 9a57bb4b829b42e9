"""Demo neighbourly help across Groningen: offers, open requests, and matches in every state, with a few weekly
arrangements (help given, a pause, check-in answers, one flagged).

Uses the demo accounts of portal/demo/people.py (looked up by e-mail) and goes through
portal.help.services, so loads, statuses, places and notifications are what the app itself
would have made; afterwards the timestamps are moved back so the city has a past. The Selwerd
team (the demo worker's) has open requests with suggestions, and the demo resident Anouk has a
proposed match to answer. Flushes, never commits: the demo loader commits once. Loading twice
adds nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.demo.notifications import choose_digests, news_of_the_past
from portal.demo.people import DEMO_DOMAIN, RESIDENTS, mails_of_the_past
from portal.extensions import db
from portal.help import services, services_arrangements, services_matches, services_team
from portal.help.models import (
    ACCEPTED,
    DECLINED,
    DONE,
    PROPOSED,
    WHEN_DATE,
    WHEN_PERIOD,
    WHEN_SLOTS,
    HelpMatch,
    HelpOffer,
    HelpRequest,
)
from portal.help.services import OfferInput, RequestInput
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.teams.models import Area
from portal.timeutil import utcnow

# Fictitious numbers, given only to the residents who share a phone number in a demo match.
PHONES = {
    "jan": "06 12345101",
    "yusuf": "06 12345102",
    "marloes": "06 12345103",
    "grietje": "06 12345104",
    "esther": "06 12345105",
}
WEEKDAY_MORNINGS = ["mon-morning", "tue-morning", "wed-morning", "thu-morning", "fri-morning"]


@dataclass
class Offer:
    key: str  # how the requests below refer to it
    helper: str  # local part of the demo e-mail address
    kinds: list[str]
    description: str
    radius_km: float | None  # None: their own neighbourhood
    slots: list[str]
    languages: list[str]
    capacity: int = 1
    regular: bool = False
    paused: bool = False
    days_ago: int = 30


@dataclass
class CheckIn:
    """One side's answer to the check-in two weeks into an arrangement."""

    side: str  # "requester" or "helper"
    days_ago: float
    rating: str
    note: str | None = None
    flagged: bool = False
    happened: bool = True


@dataclass
class Match:
    outcome: str  # PROPOSED, ACCEPTED, DONE or DECLINED
    offer: str | None = None  # an Offer key; the team's worker proposes it
    responder: str | None = None  # or a resident who said "I can help" to the request themselves
    note: str = ""  # the worker's words to both sides, or the responder's message
    after_days: float = 1.0  # proposed this long after the request
    helper_shares: str = "phone"  # "phone" or "email"
    requester_shares: str = "phone"
    declined_by: str = "helper"
    done_after_days: float = 5.0  # the help happened this long after the proposal
    requester_feedback: tuple[bool, str | None] | None = None
    helper_feedback: tuple[bool, str | None] | None = None
    # A recurring arrangement (the request weekly or several times), ACCEPTED: when help was given (days ago, by
    # the helper), when it was paused (by the requester), the next planned day, and the two-week check-in's answers.
    given_days_ago: list[int] = field(default_factory=list)
    paused_days_ago: float | None = None
    next_in_days: int | None = None
    checkins: list[CheckIn] = field(default_factory=list)


@dataclass
class Request:
    requester: str
    kind: str
    description: str
    days_ago: float
    area: str | None = None  # CBS code when the help is needed outside the requester's own neighbourhood
    slots: list[str] = field(default_factory=list)
    when: str = WHEN_SLOTS
    starts_in_days: int | None = None  # a date, or the first day of a period (moved to a weekday)
    ends_in_days: int | None = None  # the last day of a period
    urgency: str = "normal"
    languages: list[str] = field(default_factory=lambda: ["nl"])
    match: Match | None = None
    frequency: str = "once"


OFFERS = [
    Offer(
        "samira",
        "samira",
        ["language_buddy", "forms"],
        "Ik woon al twintig jaar in Paddepoel en weet hoe lastig brieven van de gemeente of de Belastingdienst "
        "kunnen zijn. Samen een brief lezen en beantwoorden, of gewoon Nederlands oefenen bij een kop thee: "
        "ik doe het graag. أتكلم العربية أيضاً — ik spreek ook Arabisch en Frans.",
        2.0,
        ["wed-morning", "wed-afternoon", "sat-afternoon"],
        ["nl", "ar", "fr"],
        capacity=2,
        regular=True,
        days_ago=60,
    ),  # fmt: skip
    Offer(
        "jan-klussen",
        "jan",
        ["odd_jobs", "garden"],
        "Gepensioneerd timmerman met een volle gereedschapskist. Een plank ophangen, een druppende kraan, een "
        "klemmende deur of de heg snoeien: ik kom graag langs. Materiaal betaalt u zelf, koffie is genoeg.",
        3.0,
        ["thu-afternoon", "sat-morning", "sat-afternoon"],
        ["nl"],
        capacity=2,
        days_ago=45,
    ),  # fmt: skip
    Offer(
        "jan-rijden",
        "jan",
        ["lift"],
        "Ik heb een auto en tijd. Naar het Martini Ziekenhuis, het UMCG, de huisarts of de fysiotherapeut: ik "
        "breng u, wacht in de hal met een krant en breng u weer thuis.",
        6.0,
        ["mon-afternoon", "tue-afternoon", "wed-morning", "wed-afternoon", "fri-morning"],
        ["nl"],
        days_ago=40,
    ),  # fmt: skip
    Offer(
        "tomasz",
        "tomasz",
        ["computer"],
        "I work in IT and I'm happy to help with phones, tablets and laptops: WhatsApp video calls with family, "
        "the DigiD app, online banking, a printer that won't print. Ik spreek een beetje Nederlands; English "
        "and Polish are fine too.",
        4.0,
        ["tue-evening", "thu-evening", "sun-afternoon"],
        ["en", "pl", "nl"],
        capacity=3,
        regular=True,
        days_ago=25,
    ),  # fmt: skip
    Offer(
        "anouk",
        "bewoner",
        ["cooking"],
        "Op woensdag kook ik altijd te veel. Een bord stamppot, soep of ovenschotel voor een buur die niet "
        "(meer) zelf kookt is geen moeite; ik breng het warm langs.",
        None,
        ["wed-evening"],
        ["nl", "en"],
        capacity=2,
        regular=True,
        days_ago=35,
    ),  # fmt: skip
    Offer(
        "grietje",
        "grietje",
        ["company"],
        "Ik ben 71 en loop elke middag een rondje om de Beijumer plas. Wie wil er mee? Een wandeling, of "
        "koffie en een praatje bij u thuis, gerust in het Gronings.",
        None,
        ["mon-afternoon", "wed-afternoon", "fri-afternoon"],
        ["nl"],
        capacity=2,
        regular=True,
        days_ago=90,
    ),  # fmt: skip
    Offer(
        "noor",
        "noor",
        ["groceries", "company", "language_buddy"],
        "Ik ben student en woon in de Schildersbuurt. Boodschappen meenemen, een wandeling door het "
        "Noorderplantsoen of samen Nederlands oefenen (ik spreek ook Arabisch en Engels): een paar uur per week "
        "help ik graag.",
        3.0,
        ["mon-evening", "wed-afternoon", "wed-evening", "sat-morning"],
        ["nl", "ar", "en"],
        capacity=2,
        regular=True,
        days_ago=21,
    ),  # fmt: skip
    Offer(
        "yusuf",
        "yusuf",
        ["lift", "language_buddy"],
        "Ik werk in ploegendienst en heb doordeweeks 's ochtends vaak vrij. Ik rijd u naar het UMCG of het "
        "Martini Ziekenhuis en haal u weer op. Wie Turks spreekt en Nederlands wil oefenen is ook welkom: "
        "Türkçe de konuşabiliriz.",
        5.0,
        [*WEEKDAY_MORNINGS, "fri-afternoon"],
        ["nl", "tr"],
        capacity=2,
        days_ago=50,
    ),  # fmt: skip
    Offer(
        "marloes",
        "marloes",
        ["childminding"],
        "Moeder van twee (6 en 9). Na school of op zaterdagochtend kan uw kind bij ons komen spelen, of ik pas "
        "bij u thuis op. Alleen in de Rivierenbuurt, dan kunnen de kinderen lopen.",
        None,
        ["tue-afternoon", "thu-afternoon", "sat-morning"],
        ["nl", "en"],
        regular=True,
        days_ago=30,
    ),  # fmt: skip
    Offer(
        "lotte",
        "lotte",
        ["language_buddy", "garden"],
        "Ik heb een jaar in Kyiv gewoond en spreek redelijk Oekraïens. Nieuwe buren help ik graag met het "
        "Nederlands: Давайте поговоримо! En wie hulp zoekt in de tuin: wieden en snoeien vind ik heerlijk.",
        2.5,
        ["wed-evening", "sat-morning", "sun-afternoon"],
        ["nl", "uk", "en"],
        capacity=2,
        days_ago=18,
    ),  # fmt: skip
    Offer(
        "ruben",
        "ruben",
        ["forms", "computer"],
        "Ik werk bij een administratiekantoor. Toeslagen, de belastingaangifte, een brief van de gemeente of "
        "DUO die u niet begrijpt: we kijken er samen naar. Ook hulp met DigiD en MijnOverheid.",
        3.0,
        ["mon-evening", "tue-evening", "thu-evening"],
        ["nl", "en"],
        capacity=3,
        regular=True,
        days_ago=28,
    ),  # fmt: skip
    Offer(
        "esther",
        "esther",
        ["groceries", "computer"],
        "Op dinsdag en vrijdag doe ik boodschappen bij de Albert Heijn in Lewenborg en neem graag iets voor u "
        "mee. Mijn kleinkinderen hebben me wegwijs gemaakt op de tablet, dus beeldbellen uitleggen lukt ook.",
        3.0,
        ["tue-morning", "fri-morning", "sun-afternoon"],
        ["nl"],
        capacity=2,
        regular=True,
        days_ago=70,
    ),  # fmt: skip
    Offer(
        "wietske",
        "wietske",
        ["cooking", "company"],
        "Eén keer per week een extra portie soep of stamppot voor een buur die niet meer zelf kookt, en dan "
        "even samen aan tafel. Na mijn knieoperatie zet ik dit een paar weken op pauze.",
        None,
        ["thu-evening", "sun-afternoon"],
        ["nl"],
        paused=True,
        days_ago=80,
    ),  # fmt: skip
]

REQUESTS = [
    # Selwerd (the demo worker's team): Anouk's own request, with a match waiting for her answer.
    Request(
        "bewoner",
        "odd_jobs",
        "In de woonkamer moet een boekenplank aan de muur, maar ik heb geen boormachine en weet niet of het een "
        "betonmuur is. En de keukenkraan drupt al weken. Wie wil op een zaterdag even komen kijken?",
        6,
        slots=["sat-morning", "sat-afternoon"],
        match=Match(
            PROPOSED,
            offer="jan-klussen",
            after_days=4.3,
            note="Jan is gepensioneerd timmerman en woont vlakbij, in de Indische buurt. Hij heeft op zaterdag "
            "tijd en neemt zijn eigen boormachine mee.",
        ),
    ),  # fmt: skip
    Request(
        "samira",
        "computer",
        "Ik wil met mijn familie in Marokko beeldbellen via WhatsApp op de laptop, in plaats van op mijn kleine "
        "telefoon. Wie kan dat één keer samen met mij instellen?",
        3,
        slots=["tue-evening", "thu-evening"],
        languages=["nl", "ar"],
    ),  # fmt: skip
    Request(
        "jan",
        "groceries",
        "Mijn moeder (86) woont in de Tuinwijk en loopt sinds een val met een rollator. Ik werk zelf overdag. Wie "
        "kan de komende weken één keer per week boodschappen voor haar meenemen? Ze heeft een lijstje klaar.",
        9,
        area="BU00141005",
        slots=["wed-afternoon", "sat-morning"],
        urgency="high",
    ),  # fmt: skip
    Request(
        "samira",
        "lift",
        "Ik heb om 9:30 een afspraak bij de oogarts in het UMCG. Na de oogdruppels mag ik niet fietsen. Wie kan "
        "me brengen en na afloop weer ophalen?",
        2,
        when=WHEN_DATE,
        starts_in_days=8,
        languages=["nl", "ar"],
    ),  # fmt: skip
    Request(
        "bewoner",
        "company",
        "Mijn buurvrouw van 84 komt de deur bijna niet meer uit sinds haar man is overleden. Ze zou het fijn "
        "vinden als iemand eens per week een rondje met haar loopt of koffie komt drinken. Ze weet dat ik dit "
        "voor haar vraag.",
        1.2,
        slots=["mon-afternoon", "wed-afternoon", "fri-afternoon"],
    ),  # fmt: skip
    # A proposal that has waited more than a week for Samira's answer: on the worker's "Vandaag".
    Request(
        "samira",
        "garden",
        "Achter mijn huis is een klein tuintje vol onkruid en bramen. Ik krijg het alleen niet meer bijgehouden "
        "sinds mijn knieoperatie. Wie helpt me één zaterdag om het op te ruimen? Ik zorg voor koffie en koek.",
        11,
        slots=["sat-morning"],
        match=Match(
            PROPOSED,
            offer="jan-klussen",
            after_days=2.5,
            note="Jan snoeit graag en heeft zelf een groene container voor het tuinafval.",
        ),
    ),  # fmt: skip
    # The other teams.
    Request(
        "tomasz",
        "language_buddy",
        "I'd like to practise my Dutch with a neighbour: a coffee and a chat once a week, about anything. I "
        "understand a lot but I'm shy to speak. Ik wil graag beter Nederlands praten!",
        14,
        slots=["wed-morning", "sat-afternoon"],
        urgency="low",
        languages=["en", "pl", "nl"],
    ),  # fmt: skip
    Request(
        "grietje",
        "computer",
        "Mijn kleindochter woont in Canada. Ik heb een tablet gekregen en wil leren hoe ik met haar kan "
        "beeldbellen, maar ik durf er nog niet zo aan te komen.",
        20,
        slots=["tue-morning", "sun-afternoon"],
        match=Match(
            DONE,
            offer="esther",
            after_days=1.5,
            helper_shares="phone",
            requester_shares="phone",
            note="Esther woont in Lewenborg en belt zelf met haar kleinkinderen; ze legt het graag rustig uit.",
            done_after_days=6,
            requester_feedback=(True, "Esther is twee keer geweest. Nu bel ik elke zondag met Emma in Toronto!"),
            helper_feedback=(True, "Gezellige middagen, en Grietje leert snel."),
        ),
    ),  # fmt: skip
    Request(
        "marloes",
        "lift",
        "Dinsdagochtend heb ik een controle bij de cardioloog in het Martini Ziekenhuis. Mijn man heeft de auto "
        "nodig voor zijn werk en met de bus moet ik twee keer overstappen. Wie kan me brengen?",
        8,
        slots=["tue-morning"],
        match=Match(
            ACCEPTED,
            offer="yusuf",
            after_days=1.0,
            helper_shares="phone",
            requester_shares="phone",
            note="Yusuf rijdt vaker buren naar het ziekenhuis en heeft dinsdagochtend vrij.",
        ),
    ),  # fmt: skip
    Request(
        "wietske",
        "lift",
        "Na mijn knieoperatie mag ik zes weken niet autorijden. Twee keer per week moet ik naar de "
        "fysiotherapeut in het Martini Ziekenhuis. Wie kan een paar keer rijden? Ik betaal de benzine graag.",
        1,
        when=WHEN_PERIOD,
        starts_in_days=3,
        ends_in_days=45,
        urgency="high",
    ),  # fmt: skip
    # Help that lasts: weekly arrangements. Grietje's groceries with Esther started twelve days ago (the browser
    # test of an arrangement plays it through); Lotte and Ruben paused theirs for a holiday; Jan's check-in says
    # something went wrong (on the Korrewegwijk team's list of check-ins, to handle).
    Request(
        "grietje",
        "groceries",
        "Sinds mijn heup niet meer wil, haal ik de zware boodschappen niet meer zelf. Wie neemt één keer per week "
        "melk, aardappelen en koffie voor me mee? Het lijstje en het geld liggen klaar.",
        13,
        slots=["thu-afternoon", "sat-morning"],
        frequency="weekly",
        match=Match(
            ACCEPTED,
            offer="esther",
            after_days=0.5,
            note="Esther doet zelf op donderdag boodschappen bij de supermarkt aan de Kardinge-kant.",
        ),
    ),  # fmt: skip
    Request(
        "lotte",
        "computer",
        "Ik ben net begonnen met een cursus en moet alles op de laptop doen: mails, Word, bestanden opslaan. Wie "
        "wil een paar weken één avond per week naast me zitten tot ik het zelf kan?",
        20,
        slots=["tue-evening", "thu-evening"],
        frequency="weekly",
        match=Match(
            ACCEPTED,
            offer="ruben",
            after_days=0.6,
            helper_shares="email",
            note="Ruben woont in Corpus den Hoorn, vlakbij, en helpt vaker buren met de computer.",
            given_days_ago=[17, 10],
            checkins=[
                CheckIn("requester", 4.5, "good", "Ruben legt het geduldig uit; ik kan nu zelf mailen."),
                CheckIn("helper", 4.2, "mixed", "Gaat goed, maar de laptop is erg traag."),
            ],
            paused_days_ago=3,
        ),
    ),  # fmt: skip
    Request(
        "jan",
        "computer",
        "Ik wil mijn foto's van de telefoon op de computer zetten en leren ordenen in mapjes. Wie komt een paar "
        "weken op maandagavond langs om het samen te doen?",
        19,
        slots=["mon-evening"],
        frequency="weekly",
        match=Match(
            ACCEPTED,
            offer="tomasz",
            after_days=0.4,
            helper_shares="email",
            note="Tomasz werkt in de ICT en heeft op maandagavond tijd.",
            given_days_ago=[15, 8],
            checkins=[
                CheckIn(
                    "requester",
                    3.0,
                    "bad",
                    "Tomasz kwam vorige week niet en reageert niet meer op mijn berichten. Ik weet niet of hij nog "
                    "komt.",
                    flagged=True,
                ),
                CheckIn("helper", 3.5, "good"),
            ],
            next_in_days=4,
        ),
    ),  # fmt: skip
    Request(
        "noor",
        "forms",
        "Ik heb een brief van de Belastingdienst over mijn huurtoeslag en begrijp niet precies wat ik moet "
        "terugbetalen en wanneer. Wie wil er samen met mij naar kijken voordat de termijn verloopt?",
        5,
        slots=["mon-evening", "tue-evening"],
        urgency="high",
        languages=["nl", "ar", "en"],
    ),  # fmt: skip
    Request(
        "yusuf",
        "childminding",
        "Mijn vrouw en ik werken allebei op woensdag- en donderdagmiddag. Wie wil een paar uur op onze dochter "
        "(7) passen tot een van ons thuis is? Ze is rustig en leest graag.",
        11,
        slots=["wed-afternoon", "thu-afternoon"],
        languages=["nl", "tr"],
        match=Match(
            DECLINED,
            offer="marloes",
            after_days=2.0,
            declined_by="helper",
            note="Marloes woont in de Rivierenbuurt, iets verder weg, maar past op donderdagmiddag op. Lukt dat?",
        ),
    ),  # fmt: skip
    Request(
        "marloes",
        "forms",
        "Onze wasmachine is kapot en ik wil bijzondere bijstand aanvragen bij de gemeente. Het formulier is lang "
        "en ik weet niet welke papieren ik moet meesturen. Wie helpt me op een avond?",
        17,
        slots=["mon-evening", "thu-evening"],
    ),  # fmt: skip
    Request(
        "lotte",
        "odd_jobs",
        "Mijn fiets heeft een lekke achterband en het achterlicht doet het niet meer. Ik heb twee linkerhanden. "
        "Wie wil me laten zien hoe je een band plakt?",
        4,
        slots=["sat-morning", "sun-afternoon"],
        urgency="low",
        match=Match(
            PROPOSED,
            responder="ruben",
            after_days=1.5,
            helper_shares="email",
            note="Ik woon in Corpus den Hoorn, vlak bij Helpman. Band plakken en een nieuw lampje zetten kan ik "
            "wel; zaterdagochtend? Ik neem bandenlichters en plakspullen mee.",
        ),
    ),  # fmt: skip
    Request(
        "esther",
        "other",
        "Ik ga een week naar mijn zus in Friesland. Wie wil mijn kat Minoes eten geven en even aaien? De sleutel "
        "breng ik vooraf langs.",
        7,
        when=WHEN_PERIOD,
        starts_in_days=25,
        ends_in_days=32,
        urgency="low",
    ),  # fmt: skip
]


def load_help_demo() -> int:
    """Add the demo offers, requests and matches (unless there are offers already); returns how many. Flushes."""
    if db.session.scalar(select(func.count(HelpOffer.id))):
        return 0
    before = _rows()
    people = _people()
    now = utcnow()
    choose_digests()  # the Selwerd worker's daily digest applies to the team's news from the start
    # Requests held for the team tell its workers by mail too: those mails belong to the demo's past.
    with mails_of_the_past():
        offers: dict[str, HelpOffer] = {}
        for demo in OFFERS:
            if (helper := people.get(demo.helper)) is not None and helper.area is not None:
                offers[demo.key] = _offer(demo, helper, now)
        for demo in REQUESTS:
            requester = people.get(demo.requester)
            if requester is None or requester.area is None:
                continue
            request = _request(demo, requester, now)
            if demo.match is not None:
                _match(demo.match, request, offers, people, now)
    _tell_about_waiting(now)
    db.session.flush()
    # A place taken or given back updates the offer "now"; it happened at the match's last step.
    for match in db.session.scalars(select(HelpMatch).order_by(HelpMatch.id)):
        last_step = match.closed_at or match.decided_at or match.created_at
        if not match.offer.paused:
            match.offer.updated_at = max(match.offer.created_at, last_step)
    db.session.flush()
    return _rows() - before


def _rows() -> int:
    return sum(db.session.scalar(select(func.count(model.id))) for model in (HelpOffer, HelpRequest, HelpMatch))


def _people() -> dict[str, User]:
    local_parts = {local for _name, local, *_rest in RESIDENTS}
    people = {local: User.by_email(f"{local}@{DEMO_DOMAIN}") for local in local_parts}
    return {local: user for local, user in people.items() if user is not None}


def _team_worker(area: Area | None) -> User | None:
    if area is None or area.team is None:
        return None
    return User.by_email(f"opbouwwerker.{area.team.slug}@{DEMO_DOMAIN}")


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _offer(demo: Offer, helper: User, now: datetime) -> HelpOffer:
    data = OfferInput(
        kinds=demo.kinds, description=demo.description, radius_km=demo.radius_km, slots=demo.slots,
        regular=demo.regular, languages=demo.languages, capacity=demo.capacity,
    )  # fmt: skip
    offer = services.save_offer(helper, data)
    if demo.paused:
        services.set_paused(helper, offer, True)
    offer.created_at = now - timedelta(days=demo.days_ago)
    offer.updated_at = now - timedelta(days=min(demo.days_ago, 9)) if demo.paused else offer.created_at
    return offer


def _request(demo: Request, requester: User, now: datetime) -> HelpRequest:
    created = now - timedelta(days=demo.days_ago)
    on_date = until_date = None
    if demo.starts_in_days is not None:
        on_date = _weekday(now.date() + timedelta(days=demo.starts_in_days))
    if demo.ends_in_days is not None:
        until_date = max(on_date, now.date() + timedelta(days=demo.ends_in_days))
    area = db.session.scalar(select(Area).where(Area.code == demo.area)) if demo.area else None
    data = RequestInput(
        kind=demo.kind, description=demo.description, area=area, when=demo.when, on_date=on_date,
        until_date=until_date, slots=demo.slots, urgency=demo.urgency, languages=demo.languages,
        frequency=demo.frequency,
    )  # fmt: skip
    # Created "back then": created_at is that moment and expires_at counts from it.
    return services.create_request(requester, data, now=created)


def _contact(user: User, how: str) -> str:
    if how == "phone":
        if not user.phone:
            user.phone = PHONES.get(user.email.split("@")[0])
        if user.phone:
            return user.phone
    return user.email


def _match(demo: Match, request: HelpRequest, offers: dict[str, HelpOffer], people: dict, now: datetime) -> None:
    """Play the match through the services, step by step at its moment in the past."""
    requester = request.user
    proposed_at = _before(now, request.created_at + timedelta(days=demo.after_days))
    read = proposed_at < now - timedelta(days=2)
    if demo.responder is not None:
        helper = people.get(demo.responder)
        if helper is None or helper.area is None:
            return
        with _dated(proposed_at, read):
            match = services_matches.respond_to_request(
                helper, request, demo.note, _contact(helper, demo.helper_shares)
            )
        match.offer.created_at = match.offer.updated_at = min(match.offer.created_at, proposed_at)
    else:
        offer, worker = offers.get(demo.offer or ""), _team_worker(request.area)
        if offer is None or worker is None:
            return
        with _dated(proposed_at, read):
            match = services_matches.propose(worker, request, offer, demo.note, now=proposed_at)
        helper = offer.user
    match.created_at = proposed_at

    helper_at = _before(now, proposed_at + timedelta(hours=7))
    requester_at = _before(now, proposed_at + timedelta(hours=20))
    if demo.outcome == DECLINED:
        side = helper if demo.declined_by == "helper" else requester
        with _dated(helper_at, helper_at < now - timedelta(days=2)):
            services_matches.answer(side, match, False, now=helper_at)
        return
    if match.helper_answer is None:
        with _dated(helper_at, helper_at < now - timedelta(days=2)):
            services_matches.answer(helper, match, True, _contact(helper, demo.helper_shares), now=helper_at)
    if demo.outcome == PROPOSED:
        return  # the requester has not answered yet
    with _dated(requester_at, requester_at < now - timedelta(days=2)):
        services_matches.answer(requester, match, True, _contact(requester, demo.requester_shares), now=requester_at)
    if demo.outcome == ACCEPTED and services_arrangements.is_recurring(match):
        _arrangement(demo, match, requester_at, now)
    if demo.outcome != DONE:
        return
    done_at = _before(now, proposed_at + timedelta(days=demo.done_after_days))
    with _dated(done_at, True):
        services_matches.finish(requester, match, now=done_at)
    for hours, (person, feedback) in enumerate(((requester, demo.requester_feedback), (helper, demo.helper_feedback))):
        if feedback is not None:
            feedback_at = _before(now, done_at + timedelta(hours=18 + 5 * hours))
            with _dated(feedback_at, feedback_at < now - timedelta(days=2)):  # the team hears of it then
                services_matches.give_feedback(person, match, *feedback)


def _arrangement(demo: Match, match: HelpMatch, accepted_at: datetime, now: datetime) -> None:
    """An accepted arrangement's life so far: help given, the two-week check-in and its answers, a pause and
    the next planned day, each through the services at its moment."""
    requester, helper = match.request.user, match.offer.user
    for days_ago in sorted(demo.given_days_ago, reverse=True):
        at = _before(now, now - timedelta(days=days_ago) + timedelta(hours=3))
        with _dated(at, True):
            occurrence = services_arrangements.record_occurrence(
                helper, match, (now - timedelta(days=days_ago)).date(), now=at
            )
        occurrence.created_at = at
    if demo.checkins:
        asked_at = _before(now, accepted_at + services_arrangements.CHECKIN_AFTER)
        with _dated(asked_at, True):
            services_arrangements.ask_checkin(match, services_arrangements.STARTED, asked_at)
        for answer in demo.checkins:
            at = _before(now, now - timedelta(days=answer.days_ago))
            person = requester if answer.side == "requester" else helper
            data = services_arrangements.CheckInInput(answer.happened, answer.rating, answer.note, answer.flagged)
            with _dated(at, at < now - timedelta(days=2)):
                services_arrangements.answer_checkin(person, match, services_arrangements.STARTED, data, now=at)
    if demo.paused_days_ago is not None:
        at = _before(now, now - timedelta(days=demo.paused_days_ago))
        with _dated(at, True):
            services_arrangements.pause(requester, match, now=at)
    if demo.next_in_days is not None:
        with _dated(now - timedelta(hours=2), False):
            services_arrangements.plan_next(helper, match, (now + timedelta(days=demo.next_in_days)).date(), now=now)


def _tell_about_waiting(now: datetime) -> None:
    """The teams told of the requests that waited too long for a proposal, on the day each one had waited so."""
    waited = timedelta(days=services_team.waiting_days())
    moments: dict[int, datetime] = {}

    def moment_of(notification: Notification) -> datetime | None:
        request = db.session.get(HelpRequest, int(notification.link.rsplit("/", 1)[1]))
        if request.id not in moments:
            moments[request.id] = min(request.created_at + waited + timedelta(hours=7), now - timedelta(hours=1))
            request.waiting_notified_at = moments[request.id]
        notification.params = {
            **notification.params,
            "days": max(waited.days, (moments[request.id] - request.created_at).days),
        }
        return moments[request.id]

    with news_of_the_past(moment_of):
        services_team.tell_about_waiting(now)


def _before(now: datetime, moment: datetime) -> datetime:
    """``moment``, but at the latest an hour ago."""
    return min(moment, now - timedelta(hours=1))


def _last_id(model) -> int:
    return db.session.scalar(select(func.max(model.id))) or 0


@contextmanager
def _dated(at: datetime, read: bool) -> Iterator[None]:
    """Notifications and mails made inside happened ``at``: read (if old enough) and sent back then."""
    notifications, mails = _last_id(Notification), _last_id(OutboxMessage)
    yield
    db.session.flush()
    for notification in db.session.scalars(select(Notification).where(Notification.id > notifications)):
        notification.created_at = at
        notification.read_at = at + timedelta(hours=2) if read else None
        if notification.emailed_at is not None:
            notification.emailed_at = at
    for mail in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id > mails)):
        mail.created_at = mail.next_attempt_at = mail.sent_at = at
