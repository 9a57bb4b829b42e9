"""Demo initiatives across Groningen, in every status, with roles, sign-ups, support and talk; private
conversations with the team and the notifications of each initiative's story are in initiatives_news.py.

Uses the demo accounts of portal/demo/people.py (looked up by e-mail). Flushes, never commits:
the demo loader commits once. Loading twice adds nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.demo.initiatives_news import load_news
from portal.demo.people import DEMO_DOMAIN, RESIDENTS
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
        "samira",
        "BU00141002",
        S,
        "Taalcafé in de bibliotheek van Paddepoel",
        "Elke woensdagochtend koffie en Nederlands oefenen voor nieuwe buren, met vrijwilligers die geduldig "
        "luisteren. De bibliotheek heeft een ruimte vrij; we zoeken nog mensen die willen meepraten en iemand "
        "die de koffie regelt.",
        "neighbours",
        3,
        place="Bibliotheek Paddepoel, Zonnelaan",
        proposed_time="woensdagochtend 10:00-11:30",
        roles=[("Gesprekspartner aan tafel", 4, []), ("Koffie en thee zetten", 1, [])],
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
    # The teams the demos above do not reach: Schilderswijk/Centrum, Oosterparkwijk, Rivierenbuurt,
    # De Wijert, Corpus den Hoorn, Lewenborg and Hoogkerk.
    Demo(
        "noor",
        "BU00140202",
        S,
        "WhatsApp-groep voor een veilige Schildersbuurt",
        "De laatste maanden zijn er bij ons in de straat drie keer fietsen gestolen en een keer is er ingebroken in "
        "een schuurtje. Ik wil een WhatsApp-groep voor de buurt beginnen, met duidelijke afspraken: alleen melden wat "
        "echt opvalt, eerst 112 bellen bij gevaar, geen foto's van mensen. Met bordjes aan het begin van de straat, "
        "en twee keer per jaar een avondwandeling met buren en de wijkagent.",
        "safety",
        6,
        place="Rond de Jozef Israëlsstraat",
        proposed_time="kennismakingsavond op een doordeweekse avond",
        budget_cents=21000,
        budget_breakdown="Vier bordjes WhatsApp Buurtpreventie € 120, flyers voor 300 brievenbussen € 40, "
        "koffie en thee voor de kennismakingsavond € 50",
        permit="maybe",
        roles=[
            ("Beheerder van de groep (afspraken bewaken)", 2, []),
            ("Flyers rondbrengen in de straat", 4, ["marloes"]),
        ],
        supporters=["marloes", "jan"],
        messages=[
            (
                "jan",
                "comment",
                (
                    "Bij ons in de Indische buurt werkt zo'n groep goed. Spreek wel af dat er niet "
                    "gekletst wordt, anders haakt iedereen af."
                ),
            ),
        ],
    ),  # fmt: skip
    Demo(
        "yusuf",
        "BU00140402",
        P,
        "Buurtdiner in het Treslinghuis",
        "Vorig jaar hebben we met een paar gezinnen in de Ramadan een iftar gehouden voor de hele straat. Dat was zo "
        "gezellig dat we het nu voor iedereen in de Oosterparkwijk willen doen: een lange tafel, iedereen kookt iets "
        "uit zijn eigen keuken. Halal en vegetarisch eten is er genoeg; wie niet kan koken neemt brood of fruit mee.",
        "meeting",
        35,
        place="Treslinghuis, Oosterparkwijk",
        planned_in_days=17,
        budget_cents=30000,
        budget_breakdown="Huur van de zaal € 75, borden, bekers en servetten € 45, rijst, soep en thee € 130, "
        "kleurplaten en spelletjes voor de kinderen € 50",
        materials="Lange tafels, grote pannen, een paar rijstkokers, verlengsnoeren",
        permit="no",
        roles=[
            ("Koken voor ongeveer 15 mensen (je eigen gerecht)", 6, ["jan", "noor", "marloes"]),
            ("Tafels dekken en zaal inrichten, 15:00", 3, ["tomasz"]),
            ("Afwassen en opruimen", 4, []),
        ],
        supporters=["jan", "noor", "marloes", "samira"],
        messages=[
            ("samira", "comment", "Mooi initiatief! Ik maak harira, daar kan de hele tafel van eten."),
            (
                "worker",
                "update",
                (
                    "De zaal in het Treslinghuis is vastgelegd en het wijkbudget betaalt de zaalhuur "
                    "en het eten. Laat vóór de 10e weten met hoeveel mensen jullie ongeveer komen."
                ),
            ),
            ("yusuf", "update", "We zitten al op 40 aanmeldingen! Wie nog tafels heeft: laat het weten."),
        ],
    ),  # fmt: skip
    Demo(
        "marloes",
        "BU00140103",
        C,
        "Sinterklaas bezoekt de Rivierenbuurt",
        "Veel kinderen in onze buurt gaan niet naar de grote intocht in de stad, dat is te druk en te ver. Wij willen "
        "dat Sinterklaas en een paar Pieten een middag door de Rivierenbuurt lopen, met een kleine intocht en daarna "
        "chocolademelk en pepernoten in De Stroming. Elk kind krijgt een klein cadeautje.",
        "culture",
        16,
        place="MFC De Stroming, Merwedestraat",
        proposed_time="zaterdagmiddag voor pakjesavond, 14:00-16:30",
        budget_cents=45000,
        budget_breakdown="Huur pakken en schmink € 150, 60 kleine cadeautjes € 180, chocolademelk en pepernoten € 70, "
        "muzikant € 50",
        materials="Een versierde bakfiets voor de cadeautjes, een mooie stoel voor de Sint",
        permit="maybe",
        roles=[
            ("Piet zijn (roetveegpiet)", 3, ["lotte"]),
            ("Chocolademelk schenken", 2, ["yusuf"]),
            ("Cadeautjes inpakken, de avond ervoor", 4, ["lotte", "noor"]),
        ],
        supporters=["lotte", "yusuf", "noor", "bewoner"],
        messages=[
            (
                "worker",
                "comment",
                (
                    "Leuk plan! De grote zaal van De Stroming is die middag vrij. Voor een korte "
                    "optocht over de stoep is geen vergunning nodig; ik zoek nog uit of de straat dicht moet."
                ),
            ),
            ("marloes", "update", "Een buurman uit de Merwedestraat wil Sinterklaas zijn. Er is al een baard!"),
        ],
    ),  # fmt: skip
    Demo(
        "lotte",
        "BU00140604",
        S,
        "Minibieb in Helpman",
        "Ik wil een buurtbibliotheekje in mijn voortuin zetten: een kastje met een deurtje waar iedereen een boek uit "
        "mag pakken of in mag zetten. Mijn buurman timmert het van oude kozijnen. Graag ook een plankje met "
        "kinderboeken en boeken in andere talen.",
        "culture",
        3,
        place="Voortuin vlak bij de Helperbrink",
        proposed=TODAY + timedelta(days=21),
        budget_cents=8500,
        budget_breakdown="Hout, scharnieren en een plexiglas deurtje € 55, verf en beits € 20, bordje € 10",
        materials="Boeken om mee te beginnen (graag!)",
        permit="no",
        roles=[("Om de week kijken of het kastje netjes is", 2, ["ruben"])],
        supporters=["ruben", "marloes"],
        messages=[("marloes", "comment", "Ik heb nog twee dozen kinderboeken op zolder, ik breng ze langs.")],
    ),  # fmt: skip
    Demo(
        "lotte",
        "BU00140604",
        P,
        "Brei- en haakclub op donderdagmiddag",
        "Elke donderdagmiddag samen breien en haken, met koffie. Beginners zijn welkom: er is altijd iemand die het "
        "kan uitleggen. Wat we maken (mutsen, sjaals, dekentjes) geven we aan de voedselbank, of je houdt het "
        "zelf.",
        "neighbours",
        28,
        place="Buurtkamer in Helpman",
        proposed_time="donderdag 14:00-16:00",
        planned_in_days=5,
        budget_cents=15000,
        budget_breakdown="Wol en haakkatoen € 90, breinaalden en haaknaalden voor beginners € 35, koffie en koek € 25",
        roles=[("Uitleg geven aan beginners", 3, ["grietje"]), ("Koffie zetten", 1, ["ruben"])],
        supporters=["grietje", "ruben", "esther"],
        messages=[
            ("grietje", "comment", "Ik kom graag, ook al woon ik in Beijum. Ik neem mijn patronenboek mee."),
            (
                "worker",
                "update",
                (
                    "De buurtkamer is elke donderdagmiddag voor jullie gereserveerd. Er staat een "
                    "kast waarin jullie de wol kunnen bewaren."
                ),
            ),
        ],
    ),  # fmt: skip
    Demo(
        "ruben",
        "BU00140700",
        DONE,
        "Repair café in Corpus den Hoorn",
        "Een middag waarop buren hun kapotte spullen meenemen en samen met handige vrijwilligers repareren: "
        "broodroosters, lampen, kleding, fietsen. Niet weggooien maar maken, en ondertussen een kop koffie.",
        "neighbours",
        130,
        place="Buurthuis in Corpus den Hoorn",
        planned_in_days=-40,
        budget_cents=40000,
        budget_breakdown="Gereedschap en soldeerbout € 180, naaimachinegaren en klein materiaal € 70, "
        "koffie, thee en cake € 60, flyers € 40, verlengsnoeren en een stekkerdoos € 50",
        materials="Tafels, een naaimachine, verlengsnoeren",
        permit="no",
        roles=[
            ("Reparateur elektrische apparaten", 3, ["tomasz", "jan"]),
            ("Naaien en verstellen", 2, ["lotte"]),
            ("Ontvangst en koffie", 2, ["esther"]),
        ],
        supporters=["lotte", "jan", "esther", "bewoner"],
        messages=[
            ("worker", "update", "Het buurthuis is gereserveerd en de flyers zijn gedrukt. Succes!"),
            ("lotte", "comment", "Ik neem mijn naaimachine mee, dan kunnen we ritsen vervangen."),
            ("ruben", "update", "De flyers hangen bij de supermarkt en in de bushokjes. Neem je kapotte spullen mee!"),
        ],
        report="Er kwamen ongeveer 45 buren langs met 38 spullen, waarvan er 29 weer werken: broodroosters, "
        "staande lampen, een koffiezetapparaat en veel broeken met kapotte ritsen. Zeven vrijwilligers hebben "
        "geholpen. We willen het nu elke derde zaterdag van de maand doen.",
    ),  # fmt: skip
    Demo(
        "ruben",
        "BU00140700",
        P,
        "Bomen planten op het grasveld achter de flats",
        "Op het grasveld achter de flats staan geen bomen meer sinds de oude populieren zijn gekapt. In de zomer "
        "is het er bloedheet. Met de gemeente willen we er acht nieuwe bomen planten, samen met de kinderen uit de "
        "buurt, die elk een boom mogen 'adopteren'.",
        "green",
        45,
        place="Grasveld achter de flats, Corpus den Hoorn",
        planned_in_days=12,
        budget_cents=12000,
        budget_breakdown="Gieters en werkhandschoenen € 50, naambordjes voor de bomen € 30, "
        "warme chocolademelk en koek € 40 (de bomen zelf betaalt de gemeente)",
        materials="Schoppen, kruiwagens",
        permit="yes",
        roles=[
            ("Planten, zaterdag vanaf 10:00", 10, ["lotte", "marloes", "esther"]),
            ("De eerste zomer water geven", 4, []),
        ],
        supporters=["lotte", "marloes"],
        messages=[
            (
                "worker",
                "update",
                (
                    "De gemeente levert acht linden en plant ze met jullie in. De plantgaten worden de "
                    "dag ervoor gegraven."
                ),
            ),
        ],
    ),  # fmt: skip
    Demo(
        "esther",
        "BU00141201",
        X,
        "Klimwand voor tieners in Lewenborg",
        "De tieners in Lewenborg hangen 's avonds bij het winkelcentrum rond omdat er niets voor hen is. Een "
        "klimwand aan de zijkant van de gymzaal zou een mooie plek zijn om te sporten en elkaar te zien.",
        "play",
        50,
        place="Zijmuur van de gymzaal in Lewenborg-Zuid",
        budget_cents=1800000,
        budget_breakdown="Klimwand met grepen en valondergrond € 15.000, keuring en onderhoud € 3.000",
        permit="yes",
        supporters=["wietske", "yusuf"],
        messages=[
            (
                "worker",
                "comment",
                (
                    "Dank je wel voor het idee, ik heb het besproken met de gemeente en de school. "
                    "Ik bel je volgende week."
                ),
            ),
        ],
        reason="Een vaste klimwand moet elk jaar worden gekeurd en de gemeente wil er buiten schooltijd toezicht "
        "bij; dat kunnen we uit het wijkbudget niet betalen. Het idee is goed: we helpen graag met een maandelijkse "
        "klimmiddag in een klimhal in de stad, met vervoer, en met het jongerenwerk voor de tieners. Bel ons gerust.",
    ),  # fmt: skip
    Demo(
        "esther",
        "BU00141201",
        P,
        "Zaalvoetbaltoernooi voor kinderen",
        "Een voetbaltoernooi voor kinderen van 8 tot 12 jaar uit Lewenborg, Drielanden en Ruischerbrug. Teams van "
        "vijf, jongens en meisjes door elkaar, iedereen krijgt een medaille. Ouders zorgen voor fruit en ranja.",
        "play",
        33,
        place="Gymzaal in Lewenborg",
        planned_in_days=38,
        budget_cents=27500,
        budget_breakdown="Zaalhuur voor een middag € 120, 60 medailles € 90, fruit en ranja € 40, "
        "fluitjes en hesjes € 25",
        permit="no",
        roles=[
            ("Scheidsrechter (je kent de regels)", 3, ["ruben"]),
            ("Teams begeleiden", 8, ["yusuf", "wietske"]),
            ("Fruit snijden en ranja schenken", 2, []),
        ],
        supporters=["yusuf", "wietske", "ruben"],
        messages=[
            (
                "worker",
                "update",
                (
                    "De gymzaal is voor jullie gereserveerd van 13:00 tot 17:00. Het jongerenwerk "
                    "komt helpen met de indeling van de teams."
                ),
            ),
            ("esther", "update", "Er zijn al 9 teams aangemeld! Opgeven kan nog tot een week van tevoren."),
        ],
    ),  # fmt: skip
    Demo(
        "wietske",
        "BU00140801",
        S,
        "Vrijmarkt en kinderspelen op Koningsdag",
        "Sinds de oranjevereniging gestopt is, gebeurt er in Hoogkerk-Zuid op Koningsdag (27 april) bijna niets meer. "
        "Wij willen een vrijmarkt voor de kinderen op het grasveld bij de speeltuin, met spelletjes zoals koekhappen, "
        "zaklopen en spijkerpoepen, en oranjetompoucen voor iedereen. We beginnen nu, want de vergunning kost tijd.",
        "meeting",
        9,
        place="Grasveld bij de speeltuin, Hoogkerk-Zuid",
        proposed_time="Koningsdag, 9:00-14:00",
        budget_cents=38000,
        budget_breakdown="Springkussen € 160, prijsjes voor de spelletjes € 60, oranjetompoucen € 90, "
        "vlaggetjes en versiering € 40, EHBO-kist € 30",
        materials="Kleden voor de vrijmarkt, zakken om in te lopen, een partytent",
        permit="yes",
        roles=[
            ("Spelletjes begeleiden", 6, ["esther"]),
            ("Opbouwen en opruimen", 4, []),
            ("Kraam met koffie en tompoucen", 2, []),
        ],
        supporters=["esther"],
        messages=[("esther", "comment", "Goed plan! Vroeger was het in Hoogkerk altijd zo gezellig op Koningsdag.")],
    ),  # fmt: skip
    Demo(
        "wietske",
        "BU00140801",
        C,
        "Jeu-de-boulesavond in Hoogkerk",
        "In de zomer willen we elke woensdagavond jeu de boules spelen op het pleintje naast de speeltuin. Er liggen "
        "al tegels, we hebben alleen een stuk grind nodig, een paar sets ballen en een bankje. Zo komen jong en oud "
        "elkaar tegen, ook de mensen die niet meer zo goed ter been zijn.",
        "play",
        20,
        place="Pleintje naast de speeltuin, Hoogkerk-Zuid",
        proposed_time="woensdagavond vanaf 19:00, mei tot september",
        budget_cents=65000,
        budget_breakdown="Grind en kantopsluiting € 350, vier sets jeu-de-boulesballen € 160, bankje € 140",
        permit="maybe",
        roles=[("Grind aanvoeren en aanharken", 4, ["esther"]), ("Sleutelbeheer van de ballenkist", 1, [])],
        supporters=["esther", "ruben"],
        messages=[
            (
                "worker",
                "comment",
                (
                    "Ik heb het pleintje bekeken, het is een mooie plek. Ik vraag bij de gemeente na "
                    "of het grind er mag komen; daarna plannen we een datum."
                ),
            ),
        ],
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
    local_parts = {local for _name, local, *_rest in RESIDENTS}
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
    signups = []
    for position, (title, needed, volunteers) in enumerate(demo.roles):
        signed = [people[name] for name in volunteers if name in people]
        role = VolunteerRole(
            initiative_id=initiative.id, title=title, needed=needed, position=position, taken=len(signed)
        )
        db.session.add(role)
        db.session.flush()
        db.session.add_all(RoleSignup(role_id=role.id, user_id=person.id) for person in signed)
        signups += [(person, role) for person in signed]
    supporters = [people[name] for name in demo.supporters if name in people]
    for person in supporters:
        db.session.add(Support(initiative_id=initiative.id, user_id=person.id))
    # The private conversation with the team, and the notifications this initiative's story gave.
    load_news(initiative, initiator, worker, supporters, signups, demo.reason)
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
