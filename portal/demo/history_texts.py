"""The words of the demo's past (portal/demo/history.py): the neighbours' names, what they asked and offered, and
what the teams answered; the plans and matters are in history_texts_plans.py. Dutch, short, in residents' own
words; no real person's details (the names are made up from common first and last names, addresses are at the
demo domain or example.org).
"""

from __future__ import annotations

from dataclasses import dataclass

FIRST_NAMES = (
    "Anne", "Bart", "Bas", "Carla", "Daan", "Dirk", "Eline", "Emma", "Esmee", "Evert", "Fenna", "Gerrit", "Geert",
    "Gerda", "Hanneke", "Harm", "Henk", "Hilda", "Ilse", "Inge", "Jeroen", "Jolanda", "Joost", "Karin", "Kees",
    "Lieke", "Lisa", "Luuk", "Maaike", "Marco", "Margriet", "Martijn", "Mirjam", "Niels", "Nienke", "Patrick",
    "Rianne", "Rik", "Roel", "Roos", "Sander", "Sietske", "Sjoerd", "Tineke", "Tjitske", "Ties", "Wim",
    "Willemijn", "Wout", "Ymke", "Ahmed", "Aylin", "Bilal", "Elif", "Fatma", "Hasan", "Leyla", "Mehmet", "Nadia",
    "Omar", "Rachid", "Salma", "Youssef", "Zeynep", "Amina", "Hiba", "Karim", "Agnieszka", "Piotr", "Olena",
    "Dmytro", "Sergio", "Priya", "Rosa", "Mirella", "Ricardo", "Kofi", "Marije", "Jelle", "Froukje",
)  # fmt: skip
LAST_NAMES = (
    "de Boer", "Bakker", "Bos", "Dijkstra", "de Groot", "Hofman", "Huizinga", "Jansen", "de Jong", "Kamminga",
    "Kok", "Kuiper", "Meijer", "Nijboer", "Oosterhuis", "Postma", "Prins", "Schuurman", "Stoel", "Talsma",
    "Visser", "van der Wal", "Wieringa", "Boersma", "Bulthuis", "Dekker", "Elzinga", "Feenstra", "Hovingh",
    "Jonker", "Kremer", "Lubbers", "Oldenhuis", "Pol", "Reinders", "Scholten", "Siersema", "Tuinstra", "Venema",
    "Zuidema", "Yilmaz", "Kaya", "Çelik", "Aydın", "El Amrani", "Bouali", "Benali", "El Ouali", "Haddou",
    "Kowalski", "Nowicki", "Kovalenko", "Shevchenko", "Tahiri", "Mahabier", "Ramdin", "Pinas", "Santos", "Rossi",
    "Hummel", "Smeenk", "Wolters", "Mensinga", "Kloosterhuis",
)  # fmt: skip

# Where each team's neighbours meet: the venues initiatives, projects and activities name.
VENUES = {
    "schilderswijk-centrum": ("de buurtkamer in de Schildersbuurt", "het buurthuis in de Oranjebuurt"),
    "korrewegwijk": ("het buurthuis in De Hoogte", "de buurtkamer in de Indische buurt"),
    "oosterparkwijk": ("het Treslinghuis", "de buurtkamer in de Bloemenbuurt"),
    "rivierenbuurt": ("MFC De Stroming", "de buurtkamer in de Oosterpoort"),
    "de-wijert": ("de Buurtkamer in Helpman", "het wijkcentrum in De Wijert"),
    "corpus-den-hoorn": ("het buurthuis in Corpus den Hoorn", "de buurtkamer in de Hoornse Meer"),
    "beijum": ("de recreatiezaal van de Isebrandtsheerd", "het wijkcentrum in Beijum"),
    "lewenborg": ("Wijkcentrum Lewenborg", "de buurtkamer in Lewenborg-Noord"),
    "vinkhuizen": ("Wijkcentrum De Dame", "de buurtkamer in Vinkhuizen-Zuid"),
    "selwerd": ("Buurthuis Selwerd", "Bibliotheek Paddepoel"),
    "hoogkerk": ("het Dorpshuis in Hoogkerk", "de buurtkamer in Gravenburg"),
}
OTHER_VENUES = ("het buurthuis", "de buurtkamer")

# --------------------------------------------------------------------------- neighbourly help

REQUESTS = {
    "groceries": (
        (
            "Ik herstel van een operatie en mag een paar weken niet tillen. Wie kan één keer per week boodschappen "
            "voor me doen? Ik geef een lijstje en het geld mee."
        ),
        "Mijn vader woont alleen en komt slecht de trap af. Wie wil op zaterdag zijn boodschappen meenemen?",
        "Ik heb griep en sta er even alleen voor. Wie kan brood, melk en wat fruit voor me halen?",
        (
            "Sinds mijn heup slechter is, lukt het sjouwen met tassen niet meer. Wie neemt af en toe de zware "
            "boodschappen mee?"
        ),
        "Ik heb geen auto en wil één keer per maand een grote boodschap doen. Wie rijdt mee of neemt het mee?",
        (
            "Ik ben net bevallen en mijn partner werkt veel. Wie kan deze week een paar keer iets uit de supermarkt "
            "meenemen?"
        ),
    ),
    "lift": (
        "Ik moet volgende week naar het UMCG voor een controle. Wie kan me brengen en weer ophalen?",
        "Na mijn staaroperatie mag ik een tijdje niet fietsen. Wie kan me naar de fysiotherapeut brengen?",
        "Ik heb een afspraak in het Martini Ziekenhuis en de bus is voor mij te lastig. Wie rijdt met me mee?",
        "Mijn man woont sinds kort in een verpleeghuis aan de andere kant van de stad. Wie kan me een keer brengen?",
        "Ik moet naar de tandarts en heb een opvouwbare rolstoel. Wie heeft een auto waar die in past?",
        "Ik wil graag naar de ouderengym, maar het is te ver lopen. Wie rijdt op dinsdagochtend?",
    ),
    "odd_jobs": (
        "Er moet een gordijnrail opgehangen worden en ik heb geen boormachine. Wie kan me helpen?",
        "De deur van mijn schuur klemt en sluit niet meer. Wie kan er even naar kijken?",
        "Ik heb een nieuwe kast gekocht, maar krijg hem niet in elkaar. Wie helpt met in elkaar zetten?",
        "De lamp in de gang doet het niet meer en ik durf niet op de trap te staan. Wie kan hem vervangen?",
        "Er drupt een kraan in de keuken. Wie heeft er verstand van en wil even langskomen?",
        "Ik wil een paar schilderijen en een spiegel ophangen. Wie heeft een boor en een uurtje tijd?",
        "Mijn fietsband is lek en ik krijg hem zelf niet geplakt. Wie wil helpen?",
    ),
    "garden": (
        (
            "Mijn tuin is een wildernis geworden sinds ik slecht ter been ben. Wie helpt een middag met snoeien en "
            "wieden?"
        ),
        "De heg moet gesnoeid worden, maar op een trapje staan lukt me niet meer. Wie wil helpen?",
        "Het gras in mijn achtertuin staat kniehoog. Wie heeft een grasmaaier en wil het een keer maaien?",
        "Ik wil graag wat plantjes in mijn voortuin zetten, maar bukken lukt niet meer. Wie helpt mee?",
        "Er liggen veel bladeren in de tuin en de dakgoot zit vol. Wie kan helpen opruimen?",
    ),
    "computer": (
        "Ik heb een nieuwe telefoon en weet niet hoe ik mijn foto's en contacten overzet. Wie helpt?",
        "Ik wil leren videobellen met mijn kleinkinderen. Wie kan het me een keer rustig uitleggen?",
        "Mijn laptop is erg traag en ik krijg steeds meldingen. Wie wil er eens naar kijken?",
        "Ik moet de DigiD-app installeren, maar het lukt me niet. Wie kan me erbij helpen?",
        "Wie kan mij uitleggen hoe ik online mijn bankzaken regel? Ik vind het spannend.",
        "Mijn printer doet het niet meer sinds ik een nieuwe router heb. Wie kan helpen?",
    ),
    "forms": (
        ("Ik heb een brief van de gemeente gekregen over de bijzondere bijstand en begrijp niet wat ik moet invullen."),
        "Wie kan me helpen met de aanvraag van huurtoeslag? Ik ben bang dat ik iets verkeerd invul.",
        "Ik moet voor het eerst zelf belastingaangifte doen. Wie wil met me meekijken?",
        "Er ligt een stapel post waar ik niet aan durf te beginnen. Wie helpt me een middag met ordenen?",
        "Ik wil de energietoeslag aanvragen, maar het formulier is ingewikkeld. Wie helpt?",
        "Wie kan me helpen een bezwaarbrief te schrijven? Het gaat over een parkeerboete die niet klopt.",
    ),
    "language_buddy": (
        (
            "Ik woon sinds een jaar in Groningen en wil beter Nederlands spreken. Wie wil een keer per week koffie "
            "drinken en praten?"
        ),
        (
            "Mijn buurvrouw komt uit Syrië en wil Nederlands oefenen. Wie wil haar taalmaatje zijn? Ze weet dat ik "
            "dit vraag."
        ),
        "I am learning Dutch and would like to practise with a neighbour. Ik begrijp veel, maar praten is moeilijk.",
        "Ik wil oefenen voor mijn inburgeringsexamen. Wie wil samen met mij lezen en praten?",
        "Wie wil met mij Nederlands praten tijdens een wandeling? Ik leer het snelst als ik veel praat.",
    ),
    "company": (
        "Mijn moeder van 88 woont alleen en krijgt weinig bezoek. Wie wil eens per week koffie met haar drinken?",
        "Sinds mijn vrouw is overleden is het stil in huis. Ik zou het fijn vinden als iemand af en toe langskomt.",
        "Ik ben nieuw in de buurt en ken nog niemand. Wie wil een keer samen wandelen?",
        (
            "Mijn buurman van 79 zit veel alleen. Wie wil met hem naar de markt of een rondje lopen? Hij vindt het een "
            "goed idee."
        ),
        "Ik loop met een rollator en durf niet alleen naar het park. Wie loopt af en toe met me mee?",
    ),
    "childminding": (
        "Ik heb donderdag een sollicitatiegesprek. Wie kan een uurtje op mijn zoontje van 4 passen?",
        (
            "Mijn dochter moet op woensdagmiddag van school gehaald worden, maar dan werk ik. Wie kan een paar weken "
            "helpen?"
        ),
        "Ik moet naar het ziekenhuis voor een onderzoek. Wie kan die ochtend op mijn twee kinderen passen?",
    ),
    "cooking": (
        "Na mijn operatie kan ik een paar weken niet goed in de keuken staan. Wie kookt af en toe een portie mee?",
        "Mijn vader eet vaak niet warm sinds hij alleen woont. Wie wil een keer per week een maaltijd brengen?",
        "Ik ben herstellende en heb weinig energie om te koken. Wie heeft zin om samen een pan soep te maken?",
    ),
    "other": (
        "Ik ga een week op vakantie. Wie kan mijn planten water geven en de post binnenleggen?",
        "Wie kan mijn hond uitlaten op de dagen dat ik naar de dagbehandeling ga?",
        "Ik verhuis naar een kleinere woning. Wie helpt een ochtend met dozen inpakken?",
    ),
}
# How often each kind is asked, relatively.
REQUEST_WEIGHTS = {
    "groceries": 12, "lift": 14, "odd_jobs": 14, "garden": 9, "computer": 12, "forms": 12, "language_buddy": 8,
    "company": 10, "childminding": 3, "cooking": 3, "other": 3,
}  # fmt: skip

OFFERS = {
    "groceries": (
        "Ik doe twee keer per week boodschappen en neem graag iets mee voor een buur die dat zelf niet kan.",
        "Op zaterdag ga ik naar de markt en de supermarkt. Zet uw lijstje klaar, dan breng ik het langs.",
    ),
    "lift": (
        "Ik heb een auto en overdag vaak tijd. Ik rijd u graag naar het ziekenhuis, de huisarts of de fysio.",
        "Gepensioneerd en een ruime auto: naar een afspraak brengen en weer ophalen doe ik met plezier.",
    ),
    "odd_jobs": (
        "Handig met gereedschap: een lamp ophangen, een kastje in elkaar zetten of een kraan vervangen doe ik graag.",
        "Kleine klusjes in en om het huis? Ik kom met mijn gereedschapskist. Koffie is genoeg.",
    ),
    "garden": (
        "Ik tuinier graag. Snoeien, wieden of gras maaien bij iemand die het zelf niet meer kan: ik help graag.",
        "Een middag in de tuin werken vind ik ontspannend. Heg knippen of bladeren harken, ik doe het graag.",
    ),
    "computer": (
        "Ik help graag met de telefoon, tablet of laptop: videobellen, DigiD of een app installeren.",
        "Computerproblemen of een nieuwe telefoon instellen? Ik leg het rustig uit, zo vaak als nodig.",
    ),
    "forms": (
        "Brieven van instanties en formulieren invullen vind ik niet moeilijk. We kijken er samen rustig naar.",
        "Ik werk op een administratiekantoor en help graag met toeslagen, aangifte of een lastige brief.",
    ),
    "language_buddy": (
        "Samen Nederlands oefenen bij een kop koffie of tijdens een wandeling? Ik ben graag je taalmaatje.",
        "Ik praat graag en veel. Wie Nederlands wil oefenen, is welkom voor een wekelijks gesprek.",
    ),
    "company": (
        "Ik kom graag een keer per week langs voor koffie en een praatje, of we maken samen een wandeling.",
        "Een spelletje, de krant doornemen of gewoon gezelschap: ik heb op doordeweekse middagen tijd.",
    ),
    "childminding": (
        "Moeder van drie; ik pas graag een paar uur op kinderen uit de buurt, na school of op zaterdag.",
        "Ik ben pedagogisch medewerker en pas in mijn vrije tijd graag een middag op kinderen in de buurt.",
    ),
    "cooking": (
        "Ik kook altijd te veel. Een extra portie voor een buur die niet meer zelf kookt is geen moeite.",
        "Eén keer per week een warme maaltijd voor een buur die het zelf even niet lukt: graag gedaan.",
    ),
    "other": (
        "Voor kleine dingen kun je me altijd vragen: planten water geven, de hond uitlaten of de post binnenleggen.",
        "Ik woon al dertig jaar in de buurt en help graag waar het nodig is. Vraag het gewoon.",
    ),
}
PROPOSAL_NOTES = (
    "{helper} woont vlakbij en heeft op deze momenten tijd. Neem gerust contact met elkaar op.",
    "{helper} helpt vaker buren met dit soort dingen en kan deze week al.",
    "Ik denk dat {helper} goed bij jullie past: dichtbij en op dezelfde dagen vrij.",
    "{helper} heeft zich aangemeld als vrijwilliger in de buurt en wil graag helpen.",
    "{helper} heeft hier ervaring mee en woont op loopafstand.",
)
RESPONSES = (
    "Ik woon om de hoek en kan je hier wel mee helpen. Zeg maar wanneer het uitkomt.",
    "Dit doe ik graag. Ik heb zaterdag tijd, past dat?",
    "Ik heb dit vaker gedaan en help je graag. Ik neem contact op als je ja zegt.",
    "Ik ben overdag vaak thuis en kan wel even langskomen.",
    "Geen probleem, ik doe het graag. Deze week kan ik nog.",
)
TEAM_CLOSED = (
    "Hulp gevonden via de thuiszorg.",
    "De mantelzorger pakt dit zelf op.",
    "Doorverwezen naar de Formulierenbrigade.",
    "Opgelost op het inloopspreekuur.",
    "Geregeld via de ouderenadviseur.",
)

# --------------------------------------------------------------------------- the team inbox

QUESTIONS = (
    (
        "Kan ik bij jullie terecht voor hulp met mijn huurtoeslag? Ik snap de brief van de Belastingdienst niet.",
        "Ja, dat kan. Kom gerust naar het inloopspreekuur en neem de brief mee; dan kijken we er samen naar.",
    ),
    (
        "Mijn buurman van 82 lijkt steeds verwarder. Bij wie kan ik dit melden?",
        (
            "Goed dat je het meldt. Wil je ons even bellen, zodat we weten om wie het gaat? Dan gaan we langs en "
            "overleggen we zo nodig met de huisarts."
        ),
    ),
    (
        "Is er in de buurt een plek waar mijn zoon van 14 na school kan sporten?",
        (
            "In het buurthuis is op woensdag en vrijdag gratis zaalvoetbal voor jongeren. De jongerenwerker vertelt er "
            "graag meer over."
        ),
    ),
    (
        "Ik wil graag vrijwilligerswerk doen in de wijk. Waar kan ik me melden?",
        (
            "Wat leuk! Je kunt een hulpaanbod op Buurtportaal zetten, en we zoeken ook mensen voor het taalcafé. "
            "Zullen we een keer kennismaken?"
        ),
    ),
    (
        "Hoe vraag ik geld aan uit het buurtbudget voor een straatfeest?",
        (
            "Zet je idee als buurtinitiatief op Buurtportaal. We nemen binnen een week contact op om het plan en de "
            "begroting door te nemen."
        ),
    ),
    (
        "Ik heb schulden en durf mijn post niet meer open te maken. Wat kan ik doen?",
        (
            "Je bent niet de enige en je hoeft het niet alleen te doen. We maken graag een afspraak om samen je post "
            "te openen en schuldhulp van de GKB in te schakelen."
        ),
    ),
    (
        "Waar kan ik een voedselpakket aanvragen?",
        (
            "Voor een voedselpakket meld je je aan bij de Voedselbank Groningen. We helpen je graag met de aanmelding "
            "op het inloopspreekuur."
        ),
    ),
    (
        "Mijn moeder heeft dementie en ik zorg voor haar. Ik ben zo moe. Is er steun voor mantelzorgers?",
        (
            "Wat goed dat je het vraagt. Er is respijtzorg en er is een mantelzorgcafé in de wijk. Onze "
            "mantelzorgconsulent belt je deze week."
        ),
    ),
    (
        "Ik woon sinds kort in de wijk. Zijn er activiteiten om buren te leren kennen?",
        (
            "Welkom! Elke dinsdag is er een koffieochtend in het buurthuis, en op Buurtportaal staat de agenda van je "
            "buurt."
        ),
    ),
    (
        "Kunnen jullie helpen bij het aanvragen van een Wmo-voorziening? Ik heb een traplift nodig.",
        "Ja. Een Wmo-consulent komt bij je thuis voor een gesprek over wat je nodig hebt. We plannen dat samen in.",
    ),
    (
        "Onze bovenburen maken elke nacht lawaai. Praten helpt niet meer. Wat kunnen we doen?",
        (
            "Vervelend. Buurtbemiddeling helpt om samen in gesprek te gaan, met iemand erbij die neutraal is. Zal ik "
            "je aanmelden?"
        ),
    ),
    (
        "Is er huiswerkbegeleiding in de buurt voor mijn dochter van 11?",
        (
            "In de bibliotheek is op maandag en donderdag gratis huiswerkbegeleiding. Ze kan zonder aanmelding "
            "binnenlopen."
        ),
    ),
    (
        "Ik kan mijn energierekening bijna niet meer betalen. Is er een regeling?",
        (
            "Er is een energietoeslag van de gemeente, en een energiecoach kijkt graag met je waar je kunt besparen. "
            "Kom langs op het spreekuur."
        ),
    ),
    (
        "Wie kan mij helpen met de aanvraag voor kinderopvangtoeslag?",
        "De Formulierenbrigade helpt je gratis. Ze zitten op woensdagochtend bij ons in het wijkcentrum.",
    ),
    (
        "Is er een taalcafé in de buurt? Ik wil beter Nederlands leren.",
        "Ja, elke donderdagmiddag in het buurthuis. Iedereen is welkom, je hoeft je niet aan te melden.",
    ),
    (
        "Mijn vader wil graag samen eten met anderen. Is er een eettafel in de wijk?",
        "Op vrijdag is er een buurtmaaltijd voor vijf euro in het buurthuis. Aanmelden kan tot woensdag bij ons.",
    ),
    (
        "Wie gaat over de speeltuin bij ons in de straat? Er is een schommel kapot.",
        "Dat is de gemeente. Meld het via de Fixi-app; wij geven het ook door aan de wijkbeheerder.",
    ),
    (
        "Mag ik een ruilkastje voor boeken bij ons in de straat neerzetten?",
        (
            "Leuk idee! In je eigen voortuin mag dat gewoon. Wil je het op de stoep zetten, dan vragen we het voor je "
            "na bij de gemeente."
        ),
    ),
    (
        "Ik zoek een maatje voor mijn zoon met autisme, om samen iets leuks te doen.",
        "Via het maatjesproject in de wijk zoeken we iemand die bij hem past. Zullen we eerst een keer kennismaken?",
    ),
    (
        "Hoe start ik een buurtapp-groep voor onze straat?",
        "Goed initiatief! We hebben een stappenplan met tips voor afspraken in de groep. Ik stuur het je toe.",
    ),
    (
        "Is er hulp bij het vinden van werk? Ik zit al een jaar thuis.",
        "Ja, de werkcoach van het team heeft op dinsdag spreekuur. Zal ik een afspraak voor je maken?",
    ),
    (
        "Kan ik via jullie een rollator lenen voor een paar weken?",
        (
            "Dat kan bij de uitleenservice van de thuiszorgwinkel. Lukt ophalen niet, dan zoeken we een buur die hem "
            "haalt."
        ),
    ),
    (
        "Ik maak me zorgen over een gezin in onze straat. De kinderen zijn vaak alleen thuis.",
        (
            "Dank je dat je het laat weten. We nemen het serieus en kijken voorzichtig hoe we het gezin kunnen "
            "steunen. Bel ons gerust als je meer ziet."
        ),
    ),
    (
        "Waar kan ik terecht met vragen over mijn AOW?",
        "Op het inloopspreekuur helpen we je op weg, en de SVB heeft een spreekuur in de bibliotheek.",
    ),
    (
        "Wij willen met de buren de straat vergroenen. Helpen jullie daarbij?",
        "Graag! Er is budget voor geveltuinen en boomspiegels. Zet het idee op Buurtportaal, dan denken we mee.",
    ),
    (
        "Kan er iemand langskomen om met mijn oma te praten? Ze voelt zich vaak alleen.",
        "We komen graag kennismaken. Daarna kijken we samen of een maatje of de koffieochtend iets voor haar is.",
    ),
    (
        "Is er een plek waar ik gratis kleding voor mijn kinderen kan halen?",
        (
            "Bij de kledingbank kun je eens per maand gratis kleding uitzoeken. Je hebt een verwijzing nodig; die "
            "geven wij."
        ),
    ),
    (
        "Ik wil graag een cursus om beter met de computer om te gaan.",
        "De bibliotheek geeft de gratis cursus Klik & Tik. We helpen je graag met aanmelden.",
    ),
    (
        "Mijn fiets is gestolen en ik kan niet naar mijn werk. Weten jullie iets?",
        "Via de fietsbank kun je voor weinig geld een opgeknapte fiets krijgen. We sturen je een verwijzing.",
    ),
    (
        "Kunnen jullie helpen met een aanvraag voor een tegemoetkoming in de kosten van de sportclub?",
        "Ja, via het Kindpakket van de gemeente. We vullen de aanvraag graag samen met je in.",
    ),
)
THANKS = (
    "Dank je wel, dat ga ik doen!",
    "Fijn, ik kom donderdag langs.",
    "Bedankt voor de snelle reactie.",
    "Super, dank voor het meedenken!",
    "Dank u wel, ik bel morgen.",
)
NOTES = (
    "Doorgezet naar de collega van schuldhulp.",
    "Terugbellen lukte niet; antwoord per mail gestuurd.",
    "Bekende van het team; gesprek ingepland.",
    "Even afgestemd met de wijkverpleegkundige.",
)

# --------------------------------------------------------------------------- complaints


@dataclass(frozen=True)
class ComplaintText:
    message: str
    answer: str
    about_help: bool = False  # about the resident's own help request that found no neighbour


COMPLAINTS = (
    ComplaintText(
        "Ik heb drie weken gewacht op een reactie op mijn vraag. Niemand heeft me teruggebeld.",
        "Excuses dat het zo lang duurde. Je vraag bleef liggen bij een collega die ziek was. Een vraag wordt nu "
        "altijd binnen twee werkdagen door een ander opgepakt. Je opbouwwerker belt je deze week.",
    ),
    ComplaintText(
        "Het inloopspreekuur was zonder aankondiging dicht. Ik ben voor niets gekomen.",
        "Het spreekuur viel uit door ziekte en dat hebben we niet goed laten weten. Een wijziging staat voortaan op "
        "de teampagina en op de deur.",
    ),
    ComplaintText(
        "De opbouwwerker was onvriendelijk aan de telefoon en liet me niet uitpraten.",
        "Dank dat je dit meldt. Ik heb het met mijn collega besproken; het spijt ons dat je je niet gehoord voelde. "
        "Hij belt je graag om het goed te maken.",
    ),
    ComplaintText(
        "Ik kreeg een afspraak op een tijd waarvan ik had gezegd dat ik niet kon.",
        "Excuses voor die vergissing. We hebben een nieuwe afspraak gemaakt op een tijd die jou past.",
    ),
    ComplaintText(
        "Er werd beloofd dat iemand langs zou komen, maar er kwam niemand en er werd ook niet afgebeld.",
        "Dat had niet mogen gebeuren. De afspraak stond niet in de agenda van de collega. We komen volgende week "
        "dinsdag langs; je krijgt van tevoren een bevestiging.",
    ),
    ComplaintText(
        "Ik moest mijn verhaal drie keer aan verschillende mensen vertellen.",
        "Je hebt gelijk dat dat vervelend is. Je hebt nu één vaste contactpersoon in het team.",
    ),
    ComplaintText(
        "Mijn melding over de kapotte lantaarnpalen is afgesloten terwijl er niets is gebeurd.",
        "We hadden het doorgegeven aan de gemeente, maar hadden moeten uitleggen dat het herstel bij hen ligt. We "
        "hebben opnieuw aangedrongen en houden je op de hoogte.",
    ),
    ComplaintText(
        "Mijn hulpvraag stond weken open en niemand liet iets van zich horen.",
        "Het was die weken druk en er was niet snel een vrijwilliger. We hadden je moeten laten weten hoe het "
        "ervoor stond. Vraag gerust opnieuw; we kijken dan zelf met je mee.",
        about_help=True,
    ),
    ComplaintText(
        "Er is nooit iemand voor mijn hulpvraag gevonden en ik kreeg daar ook geen bericht over.",
        "Dat spijt ons. Als er niet snel een buur gevonden wordt, belt een opbouwwerker je voortaan binnen een "
        "week om samen naar een andere oplossing te zoeken.",
        about_help=True,
    ),
)
SIGNATURE = "Met vriendelijke groet,\nCoördinator WIJ Groningen"
