"""The words of the demo's past plans and matters (portal/demo/history.py): the initiatives residents proposed, the
signals they reported, the matters several of them noticed, and the projects the teams ran about some of those.
Dutch, in residents' own words; places are the neighbourhood's own (filled in per team).
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------- initiatives


@dataclass(frozen=True)
class InitiativeText:
    category: str
    title: str  # with {area} (the neighbourhood, with its article) or {venue}
    description: str
    report: str
    roles: tuple[tuple[str, int], ...] = (("Opbouwen en opruimen", 4),)


INITIATIVES = (
    InitiativeText(
        "meeting",
        "Straatfeest in {area}",
        "Eén middag de straat autovrij, met muziek, spelletjes voor de kinderen en een lange tafel waar iedereen "
        "iets lekkers neerzet.",
        "Zo'n tachtig buren kwamen langs. De kinderen speelden de hele middag op straat en we hebben afgesproken "
        "het volgend jaar weer te doen.",
        (("Tafels en stoelen opbouwen", 4), ("Kinderspelletjes begeleiden", 3)),
    ),
    InitiativeText(
        "green",
        "Geveltuintjes in {area}",
        "Met buren tegels uit de stoep halen en smalle geveltuintjes aanleggen met vaste planten. Groener, koeler "
        "en beter voor de bijen.",
        "Twaalf huizen hebben nu een geveltuin. De gemeente haalde de tegels op en de planten kwamen uit het "
        "buurtbudget.",
        (("Tegels wippen en grond aanvullen", 6),),
    ),
    InitiativeText(
        "other",
        "Repair Café in {venue}",
        "Eén zaterdag per maand repareren vrijwilligers samen met buren kapotte lampen, fietsen, kleding en kleine "
        "apparaten. Weggooien is zonde.",
        "Op de eerste middag zijn 27 spullen gerepareerd, van een broodrooster tot een winterjas. Het Repair Café "
        "gaat elke maand door.",
        (("Reparateur van elektrische apparaten", 2), ("Gastvrouw of gastheer aan de koffietafel", 2)),
    ),
    InitiativeText(
        "meeting",
        "Burendag in {area}",
        "Op Burendag samen het pleintje opknappen en daarna soep eten. Iedereen is welkom, jong en oud.",
        "Met dertig buren hebben we de bankjes geschilderd en de plantenbakken gevuld. De soep was voor drie uur op.",
        (("Bankjes schilderen", 6), ("Soep koken", 2)),
    ),
    InitiativeText(
        "green",
        "Plukmoestuin in {area}",
        "Een kleine moestuin waar buren samen groente en kruiden kweken. Wie wil, doet mee; wie wil, mag plukken.",
        "De moestuin draait. Twintig buren hebben een vaste beurt om water te geven en de eerste courgettes zijn "
        "al gedeeld.",
        (("Moestuinbakken bouwen", 4), ("Water geven in de zomer", 6)),
    ),
    InitiativeText(
        "neighbours",
        "Koffieochtend voor ouderen in {venue}",
        "Elke week een ochtend koffie, een spelletje en een praatje voor ouderen die weinig mensen zien.",
        "Er komen elke week vijftien tot twintig mensen. Twee vrijwilligers halen wie slecht ter been is thuis op.",
        (("Koffie schenken", 3), ("Ophalen met de auto", 2)),
    ),
    InitiativeText(
        "play",
        "Voetbaltoernooi voor de jeugd in {area}",
        "Een middag straatvoetbal voor kinderen van 8 tot 14 jaar, met teams uit verschillende straten en een prijs "
        "voor het sportiefste team.",
        "Acht teams deden mee. Het sportiefste team kreeg een taart; veel ouders bleven kijken en kletsen.",
        (("Scheidsrechter", 2), ("Limonade en fruit uitdelen", 2)),
    ),
    InitiativeText(
        "culture",
        "Buitenbioscoop in {area}",
        "Op een zomeravond een film op een groot scherm buiten, met popcorn en dekens. Voor jong en oud.",
        "Ruim honderd buren keken mee. Het weer zat mee en de popcorn was gratis dankzij het buurtbudget.",
        (("Scherm en stoelen neerzetten", 4),),
    ),
    InitiativeText(
        "green",
        "Opruimactie in {area}",
        "Met een groep buren een ochtend zwerfafval prikken in de straten en het park, en daarna samen koffie.",
        "We haalden 24 zakken afval op. De gemeente leende grijpers en haalde de zakken dezelfde dag op.",
        (("Afval prikken", 10),),
    ),
    InitiativeText(
        "neighbours",
        "Taalcafé in {venue}",
        "Elke week samen Nederlands praten bij een kop thee, voor nieuwe buren die de taal willen oefenen. Geen "
        "les, gewoon gezellig kletsen.",
        "Het taalcafé heeft een vaste groep van twaalf deelnemers en zes taalmaatjes. We gaan door na de zomer.",
        (("Taalmaatje op het taalcafé", 6),),
    ),
    InitiativeText(
        "play",
        "Speelmiddag op het plein in {area}",
        "Een middag met stoepkrijt, springtouwen, sjoelbakken en een springkussen, zodat kinderen uit de buurt "
        "elkaar leren kennen.",
        "Meer dan veertig kinderen speelden mee. De ouders maakten een groepsapp om vaker samen te spelen.",
        (("Springkussen begeleiden", 2), ("Spelletjes uitzetten", 3)),
    ),
    InitiativeText(
        "meeting",
        "Buurtbarbecue in {area}",
        "Een barbecue voor alle buren, met vegetarisch en halal eten. Iedereen neemt een salade of toetje mee.",
        "Ongeveer zestig buren aten mee. Nieuwe bewoners vertelden dat ze nu eindelijk hun buren kennen.",
        (("Barbecue bedienen", 2), ("Opbouwen en opruimen", 4)),
    ),
    InitiativeText(
        "safety",
        "Buurtpreventie in {area}",
        "Met een groep buren 's avonds een rondje lopen en letten op open ramen, kapotte verlichting en andere "
        "dingen die niet kloppen, in overleg met de wijkagent.",
        "Twaalf vrijwilligers lopen nu om beurten. Kapotte lampen geven we meteen door aan de gemeente.",
        (("Avondronde lopen", 8),),
    ),
    InitiativeText(
        "culture",
        "Kunstroute langs de voordeuren in {area}",
        "Buren die schilderen, fotograferen of beeldhouwen zetten een middag hun deur open. Bezoekers lopen een "
        "route door de wijk.",
        "Zestien huizen deden mee en honderden bezoekers liepen de route. Volgend jaar laten we een kaart drukken.",
        (("Route uitzetten en bordjes ophangen", 3),),
    ),
    InitiativeText(
        "neighbours",
        "Samen eten in {venue}",
        "Eén keer per maand koken buren voor buren. Voor een kleine bijdrage eet je een warme maaltijd in gezelschap.",
        "Elke maand schuiven zo'n 35 mensen aan. De kookploeg bestaat uit zes vaste vrijwilligers.",
        (("Meekoken", 4), ("Tafels dekken en afwassen", 3)),
    ),
    InitiativeText(
        "green",
        "Boomspiegels adopteren in {area}",
        "De kale grond rond de straatbomen beplanten met bloemen en bijvriendelijke planten, en ze samen onderhouden.",
        "Achttien boomspiegels zijn beplant. Elke boom heeft nu een vaste buur die water geeft.",
        (("Planten en water geven", 8),),
    ),
    InitiativeText(
        "play",
        "Trapveldje opknappen in {area}",
        "Het trapveld ligt vol kuilen en de doelen zijn kapot. Samen met de gemeente en de jongeren willen we het "
        "veld weer speelbaar maken.",
        "De doelen zijn vervangen en het veld is geëgaliseerd. De jongeren schilderden zelf de lijnen.",
        (("Lijnen schilderen met de jongeren", 4),),
    ),
    InitiativeText(
        "culture",
        "Muziekmiddag in {venue}",
        "Een middag livemuziek van buren en het koor uit de wijk, met koffie en cake. Voor iedereen toegankelijk.",
        "Drie bandjes en het buurtkoor traden op voor zo'n zeventig bezoekers.",
        (("Geluid en podium", 2), ("Koffie en cake", 2)),
    ),
    InitiativeText(
        "neighbours",
        "Klussendag voor ouderen in {area}",
        "Een dag waarop handige buren kleine klusjes doen bij ouderen: een lamp vervangen, een kastje ophangen, de "
        "tuin winterklaar maken.",
        "Vijftien vrijwilligers deden 32 klusjes bij ouderen in de buurt.",
        (("Klusser met eigen gereedschap", 8),),
    ),
    InitiativeText(
        "meeting",
        "Nieuwjaarsborrel in {venue}",
        "Met oliebollen en warme chocolademelk het nieuwe jaar beginnen, met de hele buurt.",
        "Een gezellige drukte: zo'n negentig buren proostten op het nieuwe jaar.",
        (("Oliebollen bakken", 3),),
    ),
    InitiativeText(
        "green",
        "Bloembakken op de galerij in {area}",
        "De galerijflat is grijs en kaal. Met bloembakken en klimplanten maken we hem groener en gezelliger.",
        "Alle drie de galerijen hebben nu bloembakken. Bewoners ruilen onderling stekjes.",
        (("Bakken vullen en planten", 5),),
    ),
    InitiativeText(
        "play",
        "Kinderkookclub in {venue}",
        "Op woensdagmiddag koken kinderen uit de buurt samen een gezonde maaltijd, met hulp van een paar ouders.",
        "Tien kinderen koken nu elke week. Ze maakten zelfs een receptenboekje voor de buurt.",
        (("Meekoken met de kinderen", 3),),
    ),
    InitiativeText(
        "safety",
        "Veilig oversteken bij de school in {area}",
        "Ouders willen klaar-overs bij de school en betere borden, zodat kinderen veilig kunnen oversteken.",
        "Er staan nu elke ochtend klaar-overs en de gemeente plaatste extra borden.",
        (("Klaar-over op schooldagen", 6),),
    ),
    InitiativeText(
        "culture",
        "Voorleesochtend in {venue}",
        "Op zaterdagochtend lezen buren voor aan kleine kinderen, in het Nederlands en in andere talen.",
        "Elke zaterdag komen tien tot vijftien kinderen. Er wordt voorgelezen in vier talen.",
        (("Voorlezer", 4),),
    ),
    InitiativeText(
        "neighbours",
        "Ruilkast voor boeken en speelgoed in {area}",
        "Een kast die tegen weer kan, waar buren boeken, speelgoed en spellen ruilen. Neem iets mee, laat iets achter.",
        "De ruilkast staat er en is bijna altijd vol. Een buurman bouwde hem van oud hout.",
        (("Kast bouwen en schilderen", 2),),
    ),
    InitiativeText(
        "meeting",
        "Sinterklaasfeest voor de kinderen in {area}",
        "Een middag met Sinterklaas, pepernoten en een cadeautje voor elk kind uit de buurt, ook voor gezinnen "
        "met weinig geld.",
        "Vijfenvijftig kinderen kregen een cadeautje. Winkels uit de wijk droegen bij.",
        (("Cadeautjes inpakken", 4), ("Zaal versieren", 3)),
    ),
    InitiativeText(
        "green",
        "Samen composteren in {area}",
        "Een gezamenlijke compostbak waar buren hun groente- en fruitafval kwijt kunnen. De compost gaat naar de "
        "geveltuinen.",
        "Veertig huishoudens doen mee en de eerste compost ging naar de plantenbakken.",
        (("Compostbak bouwen", 3),),
    ),
    InitiativeText(
        "play",
        "Skatedag in {area}",
        "Een dag met skateles, muziek en een wedstrijd voor jongeren, samen met de jongerenwerker.",
        "Ruim zestig jongeren deden mee. Er is nu elke vrijdag een skateavond.",
        (("Muziek en EHBO", 2),),
    ),
    InitiativeText(
        "neighbours",
        "Wandelgroep in {area}",
        "Elke dinsdagochtend een rustige wandeling van een uur door de wijk, met koffie na afloop. Voor iedereen "
        "die in beweging wil blijven.",
        "De wandelgroep heeft twintig vaste lopers. Op donderdag is er nu ook een snellere groep.",
        (("Wandelbegeleider", 3),),
    ),
    InitiativeText(
        "other",
        "Fietsenwerkplaats in {area}",
        "Een werkplaats waar jongeren en buren samen fietsen opknappen en weggeven aan wie er een nodig heeft.",
        "In een half jaar zijn 45 fietsen opgeknapt en weggegeven.",
        (("Fietsenmaker", 3),),
    ),
    InitiativeText(
        "culture",
        "Verhalenavond over vroeger in {area}",
        "Oudere buren vertellen met oude foto's hoe de wijk vroeger was. Jongere buren zijn welkom om te luisteren "
        "en te vragen.",
        "Een volle zaal. De verhalen en foto's zijn gebundeld in een boekje voor de bibliotheek.",
        (("Foto's verzamelen en inscannen", 2),),
    ),
    InitiativeText(
        "safety",
        "Meer licht in het park in {area}",
        "Het pad door het park is 's avonds donker en voelt niet prettig. We willen met de gemeente kijken naar "
        "extra verlichting.",
        "Na een schouw met de gemeente zijn er vier nieuwe lantaarnpalen geplaatst.",
        (("Meelopen met de schouw", 4),),
    ),
    InitiativeText(
        "meeting",
        "Kennismaken met nieuwe buren in {area}",
        "In de nieuwe woningen wonen veel mensen die elkaar nog niet kennen. Een borrel om kennis te maken.",
        "Veertig nieuwe bewoners kwamen. Er is nu een buurtapp en een plan voor een zomerfeest.",
        (("Hapjes maken", 3),),
    ),
    InitiativeText(
        "neighbours",
        "Maatjes voor mantelzorgers in {area}",
        "Mantelzorgers even ontlasten: buren houden een middag gezelschap, zodat de mantelzorger iets voor "
        "zichzelf kan doen.",
        "Acht maatjes zijn gekoppeld aan mantelzorgers in de buurt.",
        (("Maatje voor een middag per week", 8),),
    ),
    InitiativeText(
        "play",
        "Spelletjesavond in {venue}",
        "Elke maand een avond bordspellen voor alle leeftijden. Er zijn spellen, maar neem gerust je eigen "
        "favoriet mee.",
        "Elke maand spelen zo'n dertig buren mee, van 8 tot 84 jaar.",
        (("Spellen uitleggen", 3),),
    ),
    InitiativeText(
        "other",
        "Informatieavond zonnepanelen in {venue}",
        "Samen uitzoeken hoe buren aan zonnepanelen komen, ook als je huurt, met een energiecoach erbij.",
        "Zestig bewoners kwamen. Twintig huishoudens doen mee aan een gezamenlijke inkoop.",
        (("Zaal klaarzetten", 2),),
    ),
)
DECLINE_REASONS = (
    "Dit plan past helaas niet binnen het buurtbudget van dit jaar. We denken graag mee over een kleinere versie.",
    "Voor deze plek geeft de gemeente geen toestemming. We zoeken graag samen naar een andere plek.",
    "Er loopt al een vergelijkbaar initiatief in de buurt; we brengen jullie graag met elkaar in contact.",
    "Zonder vergunning om de straat af te sluiten kan het op deze datum helaas niet doorgaan.",
)
WITHDRAW_REASONS = (
    "We hebben te weinig mensen gevonden om het te organiseren. Misschien volgend jaar.",
    "Door omstandigheden lukt het ons nu niet. Bedankt voor het meedenken.",
    "We doen het toch met de straat zelf, zonder budget.",
    "Ik ga verhuizen, dus ik trek het plan in.",
)
THANK_YOU_UPDATES = (
    "Bedankt aan iedereen die heeft geholpen! Volgend jaar weer?",
    "Wat een mooie dag. Dank aan alle vrijwilligers en aan het team voor de steun.",
    "De foto's hangen in het buurthuis. Dank jullie wel allemaal!",
)

# --------------------------------------------------------------------------- signals

# One-off signals: (theme, text, place) — the team closes them with one of the theme's reasons.
ONE_OFF_SIGNALS = (
    ("public_space", "De lantaarnpaal voor ons huis is al twee weken kapot. Het is 's avonds erg donker.", None),
    ("public_space", "Bij de glasbak ligt steeds afval naast de container.", "Bij de glasbak"),
    ("public_space", "De stoeptegels liggen scheef, mijn moeder is er bijna over gestruikeld.", None),
    ("public_space", "Er liggen al dagen vuilniszakken naast de container bij de flat.", "Bij de flat"),
    ("public_space", "Het bankje bij de bushalte is kapot. Ouderen kunnen nergens meer zitten.", "Bij de bushalte"),
    ("public_space", "Veel hondenpoep op het grasveld waar de kinderen spelen.", "Grasveld"),
    ("public_space", "Het fietsenrek bij de flat staat vol weesfietsen, er is geen plek meer.", "Bij de flat"),
    ("public_space", "De struiken langs het fietspad zijn zo hoog dat je niet ziet wie eraan komt.", "Fietspad"),
    ("public_space", "Na een regenbui staat de straat steeds blank, de put loopt niet weg.", None),
    ("public_space", "'s Avonds zie ik ratten bij de containers achter de flat.", "Achter de flat"),
    ("nuisance", "Elk weekend harde muziek tot diep in de nacht uit een woning verderop.", None),
    ("nuisance", "Jongeren hangen 's avonds bij het winkelcentrum en laten veel rommel achter.", "Winkelcentrum"),
    ("nuisance", "Er wordt vaak vuurwerk afgestoken bij de speeltuin, ook lang na oud en nieuw.", "Speeltuin"),
    ("nuisance", "Een loslopende hond in het park blaft naar kinderen. De eigenaar doet er niets aan.", "Park"),
    ("nuisance", "De buren stoken hun houtkachel en de rook komt ons huis binnen.", None),
    ("safety_traffic", "Auto's rijden veel te hard door onze straat, en er spelen hier kinderen.", None),
    ("safety_traffic", "Bij het kruispunt bij de school gaat het 's ochtends bijna mis.", "Bij de school"),
    ("safety_traffic", "Deze maand zijn er drie fietsen gestolen uit onze fietsenstalling.", "Fietsenstalling"),
    ("safety_traffic", "Busjes parkeren op de stoep; met de kinderwagen moet ik de weg op.", None),
    ("safety_traffic", "Het fietspad is 's avonds slecht verlicht, ik fiets er niet graag.", "Fietspad"),
    ("loneliness", "Mijn buurman van 90 zie ik bijna nooit meer buiten. Ik vraag me af of hij nog mensen ziet.", None),
    ("loneliness", "Sinds de koffieochtend gestopt is, hebben de ouderen in onze flat weinig aanspraak.", None),
    ("money", "Veel gezinnen in onze straat hebben moeite om de boodschappen te betalen.", None),
    ("money", "Ik merk dat buren de verwarming niet meer aan durven te zetten vanwege de kosten.", None),
    ("upbringing", "Ouders in de buurt hebben vragen over opvoeden, maar weten niet waar ze heen kunnen.", None),
    ("upbringing", "Kinderen uit onze straat spijbelen vaak en hangen dan rond bij het winkelcentrum.", None),
    ("housing", "In onze flat is de lift al een week kapot. Oudere bewoners komen de deur niet uit.", "Flat"),
    ("housing", "Er zit schimmel in de badkamer en de corporatie reageert niet op mijn melding.", None),
    ("housing", "Het lekt bij ons door het plafond als het hard regent.", None),
    ("play_sport", "De schommel in de speeltuin is al maanden kapot.", "Speeltuin"),
    ("play_sport", "Er is in onze buurt geen plek waar tieners kunnen sporten.", None),
    ("health_care", "Een buurvrouw is de laatste tijd erg vergeetachtig en raakt soms de weg kwijt.", None),
    ("health_care", "Met een rollator kom je bijna niet in het winkelcentrum, de drempels zijn te hoog.", None),
    ("language_participation", "Nieuwe buren uit Oekraïne weten de weg nog niet en spreken weinig Nederlands.", None),
    ("language_participation", "Veel mensen in de buurt hebben hulp nodig bij brieven en digitale formulieren.", None),
    ("other", "Sinds de bakker weg is, is er geen winkel meer op loopafstand.", None),
)
ONE_OFF_REASONS = {
    "public_space": (
        "Doorgegeven aan de gemeente via Fixi; het is inmiddels opgelost.",
        "Gemeld bij de wijkbeheerder van de gemeente; die pakt het op.",
    ),
    "nuisance": (
        "Besproken met de wijkagent; hij houdt het in de gaten.",
        "We hebben de melder gebeld en buurtbemiddeling aangeboden.",
    ),
    "safety_traffic": (
        "Doorgegeven aan de gemeente en de wijkagent.",
        "Besproken in het wijkoverleg; de gemeente kijkt naar de situatie.",
    ),
    "loneliness": ("We zijn langs geweest en hebben een maatje gekoppeld.",),
    "money": ("Besproken met de melder; we wijzen buren op het spreekuur over geldzaken.",),
    "upbringing": ("Besproken met de jeugdwerker en de school.",),
    "housing": ("Doorgegeven aan de woningcorporatie; de reparatie is gepland.",),
    "play_sport": ("Gemeld bij de gemeente; de jongerenwerker denkt mee over een plek.",),
    "health_care": ("Afgestemd met de wijkverpleegkundige, die is langs geweest.",),
    "language_participation": ("We hebben het taalcafé en de Formulierenbrigade onder de aandacht gebracht.",),
    "other": ("Besproken met de melder en doorgegeven aan de gemeente.",),
}


@dataclass(frozen=True)
class Matter:
    """Something several neighbours notice, so its signals come out as a recurring cluster."""

    key: str
    theme: str
    texts: tuple[str, ...]
    dismissed: str  # how the team closed it, for the reporters
    partner: tuple[str, str] | None = None  # (source, name) of a partner that reported it too


MATTERS = (
    Matter(
        "loneliness",
        "loneliness",
        (
            "In onze flat wonen veel ouderen die bijna niemand zien.",
            "Mijn buurvrouw is erg eenzaam sinds haar man overleden is.",
            "Oudere buren hebben weinig aanspraak, vooral in het weekend.",
            "Op het bankje zitten steeds dezelfde mensen alleen; ik denk dat ze eenzaam zijn.",
            "Meneer op de hoek krijgt nooit bezoek en zegt dat hij zich alleen voelt.",
        ),
        "Samen met de ouderenadviseur bezoeken we de buren om wie het gaat; de koffieochtend is weer elke week open.",
    ),
    Matter(
        "litter",
        "public_space",
        (
            "De containers bij de flat zitten altijd vol en er staan zakken naast.",
            "Overal zwerfafval rond de containers, het stinkt.",
            "Vuilniszakken naast de container trekken meeuwen en ratten aan.",
            "Weer volle containers en afval op straat.",
            "Kan de container vaker geleegd worden? Het afval ligt op de stoep.",
        ),
        "De gemeente leegt de containers hier nu twee keer per week; de wijkconciërge houdt het in de gaten.",
    ),
    Matter(
        "speeding",
        "safety_traffic",
        (
            "Er wordt veel te hard gereden in onze straat.",
            "Auto's scheuren hier langs, heel gevaarlijk voor de kinderen.",
            "Scooters rijden met hoge snelheid over het fietspad.",
            "Kunnen er drempels komen? Iedereen rijdt te hard.",
            "Weer bijna een ongeluk door een auto die te hard reed.",
        ),
        "Besproken met de gemeente en de wijkagent: er komen snelheidscontroles en een extra drempel.",
        ("school", "Basisschool in de wijk"),
    ),
    Matter(
        "damp",
        "housing",
        (
            "Er zit schimmel op de muren van de slaapkamer.",
            "Vocht en schimmel in onze flat, de kinderen hoesten veel.",
            "De corporatie doet niets aan de schimmel in de badkamer.",
            "Ook bij ons vochtplekken en schimmel, net als bij de buren.",
            "Schimmel achter de kast, de ventilatie werkt niet.",
        ),
        "Met de woningcorporatie afgesproken dat alle woningen in de flat worden nagekeken en de ventilatie wordt "
        "vervangen.",
        ("housing_corporation", "Lefier"),
    ),
    Matter(
        "youth",
        "nuisance",
        (
            "Jongeren hangen 's avonds bij het winkelcentrum en maken veel lawaai.",
            "Overlast van een groep jongeren bij de speeltuin.",
            "Hangjongeren bij de bushalte, oudere buren durven er niet langs.",
            "Elke avond herrie van jongeren op scooters op het plein.",
        ),
        "De jongerenwerker is met de groep in gesprek; op vrijdagavond is er nu een inloop in het buurthuis.",
        ("police", "Wijkagent"),
    ),
    Matter(
        "lights",
        "public_space",
        (
            "De straatverlichting in het park doet het niet.",
            "Het is zo donker op het fietspad, de lampen zijn kapot.",
            "Al weken kapotte lantaarnpalen, het voelt 's avonds niet prettig.",
            "Slechte verlichting bij de tunnel, ik fiets er in het donker niet meer langs.",
        ),
        "Gemeld bij de gemeente; de lantaarnpalen zijn gerepareerd en bij de tunnel komt extra licht.",
    ),
    Matter(
        "energy",
        "money",
        (
            "Mijn energierekening is veel te hoog, ik kan het niet betalen.",
            "Het huis tocht en we zitten in de kou om gas te besparen.",
            "Veel buren maken zich zorgen over de energierekening.",
            "De verwarming gaat bij ons niet meer aan, het is te duur.",
        ),
        "Er is een energiecoach voor de buurt en we helpen buren met de aanvraag van de energietoeslag.",
        ("other", "Voedselbank Groningen"),
    ),
    Matter(
        "dogs",
        "public_space",
        (
            "Overal hondenpoep op het grasveld.",
            "Het speelveld ligt vol hondenpoep, kinderen kunnen er niet spelen.",
            "Kunnen er meer afvalbakken voor hondenpoep komen?",
            "Weer hondenpoep op de stoep voor de school.",
        ),
        "De gemeente plaatst extra afvalbakken en borden; de handhavers komen vaker langs.",
    ),
    Matter(
        "playground",
        "play_sport",
        (
            "De speeltuin is verwaarloosd, de glijbaan is kapot.",
            "Er is geen speelplek meer voor kleine kinderen in de buurt.",
            "De speeltoestellen zijn oud en niet meer veilig.",
            "Kinderen spelen op straat omdat de speeltuin kapot is.",
        ),
        "De gemeente vervangt dit jaar de speeltoestellen; bewoners denken mee over de inrichting.",
    ),
    Matter(
        "noise",
        "nuisance",
        (
            "Geluidsoverlast van feestjes in het weekend, tot laat in de nacht.",
            "Harde muziek uit een woning op de hoek, elke avond.",
            "Lawaai van de buren, we slapen slecht.",
            "Weer herrie 's nachts in de straat.",
        ),
        "Buurtbemiddeling heeft met de buren gesproken; sindsdien is het rustiger.",
    ),
    Matter(
        "paperwork",
        "language_participation",
        (
            "Veel ouderen hier snappen de brieven van de gemeente niet.",
            "Buren vragen mij steeds om hulp met DigiD en formulieren.",
            "Er is in de buurt veel behoefte aan hulp bij digitale formulieren.",
            "Mensen weten niet hoe ze toeslagen online moeten aanvragen.",
        ),
        "De Formulierenbrigade heeft nu elke week een spreekuur in het buurthuis.",
    ),
    Matter(
        "parking",
        "safety_traffic",
        (
            "Auto's parkeren op de stoep, met de rollator kom ik er niet langs.",
            "Parkeeroverlast bij de school, elke ochtend chaos.",
            "Busjes staan dubbel geparkeerd in onze smalle straat.",
            "Er wordt steeds op de stoep en in het gras geparkeerd.",
        ),
        "Gemeld bij de gemeente: er komen paaltjes en er wordt vaker gehandhaafd.",
    ),
)


@dataclass(frozen=True)
class PastProject:
    """A collective project a team ran in the past, grown from a recurring matter; finished now."""

    team: str
    matter: str  # a Matter key
    title: str  # with {area}
    goal: str
    outcome: str
    updates: tuple[str, ...]
    activity: str  # the title of its activity, at one of the team's venues
    participants: tuple[int, int] = (5, 10)


PROJECTS = (
    PastProject(
        "rivierenbuurt",
        "loneliness",
        "Koffie en aanspraak in {area}",
        "Ouderen die weinig mensen zien een vaste plek en vaste gezichten geven: een wekelijkse koffieochtend en "
        "buren die op bezoek gaan.",
        "Twintig ouderen komen nu elke week naar de koffieochtend. Acht buren gaan regelmatig bij iemand op bezoek.",
        (
            "De eerste koffieochtend is op dinsdag. Iedereen is welkom, ook als je gewoon even wilt kijken.",
            "Er zijn nu zes buren die op bezoek gaan bij ouderen die niet meer naar buiten komen.",
        ),
        "Koffieochtend",
    ),
    PastProject(
        "schilderswijk-centrum",
        "litter",
        "Schone straten in {area}",
        "Samen met de gemeente en de bewoners de containers en de straten rond de flats schoon houden.",
        "Met vaste opruimochtenden en extra leegbeurten ligt er veel minder afval. Vijftien buren zijn "
        "zwerfafvalpeter of -meter geworden.",
        (
            "De gemeente leegt de containers vanaf deze maand vaker. Zaterdag is de eerste opruimochtend.",
            "Al vijftien buren hebben een grijper en prikken elke week een rondje.",
        ),
        "Opruimochtend",
    ),
    PastProject(
        "beijum",
        "damp",
        "Droog en gezond wonen in {area}",
        "Met de woningcorporatie vocht en schimmel aanpakken en bewoners uitleg geven over ventileren en stoken.",
        "Alle 64 woningen in de flat zijn nagekeken; in 22 is de ventilatie vervangen. Bewoners kregen een "
        "vochtmeter en tips.",
        (
            "De corporatie komt in alle woningen kijken. Je krijgt een brief met de datum.",
            "In de eerste twintig woningen is de nieuwe ventilatie geplaatst.",
        ),
        "Informatieavond over vocht en ventileren",
    ),
    PastProject(
        "corpus-den-hoorn",
        "youth",
        "Een plek voor de jeugd in {area}",
        "Met jongeren zelf een plek en activiteiten bedenken, zodat ze niet meer bij het winkelcentrum hoeven te "
        "hangen.",
        "Er is een inloop op vrijdagavond in het buurthuis met gemiddeld 25 jongeren, en een zomerprogramma dat ze "
        "zelf bedachten.",
        (
            "De jongeren kozen zelf: een inloop op vrijdagavond, met muziek en een pingpongtafel.",
            "Het zomerprogramma staat: voetbal, een filmavond en een dagje zwemmen.",
        ),
        "Inloopavond voor jongeren",
    ),
    PastProject(
        "de-wijert",
        "speeding",
        "Veilig naar school in {area}",
        "Samen met ouders, school en gemeente de route naar school veiliger maken.",
        "Er liggen twee nieuwe drempels en er staan elke ochtend klaar-overs bij de school.",
        (
            "Met ouders en de gemeente liepen we de schoolroute. Er komen twee drempels.",
            "Er zijn genoeg klaar-overs voor alle ochtenden. Dank aan alle ouders!",
        ),
        "Schouw van de schoolroute",
    ),
)
