"""The concept lexicon: Dutch and English words and phrases residents use, mapped to ~55 matters.

Written by hand for the signals of neighbourhood teams; no network, no model. Signals cluster with it
(`portal.signals.clustering`) and help matching reads it too (`portal.help.matching_text`), both through
`portal.text_nl`; it lives in the foundation so that both may. Each concept block has a
header ``key | theme | Dutch label | English label [| weight]`` and comma-separated patterns on indented
lines. The weight (default 3) is lower for concepts that say where or who (school, bus stop, playground)
rather than what the matter is.
A pattern is one or more parts (all within a few words of each other, in any order); a part is one or
more alternatives separated by ``|``. An alternative is a word (matching the word or its Dutch stem),
``word*`` (starts with), ``*word`` (ends with) or ``*word*`` (contains, for compounds). Patterns are
written lower case without accents, as `text_nl.normalise` leaves text.
"""

from __future__ import annotations

# Themes of issue 6 (the report form's choice); a concept belongs to one.
THEMES = (
    "loneliness",
    "money",
    "upbringing",
    "housing",
    "nuisance",
    "safety_traffic",
    "public_space",
    "play_sport",
    "health_care",
    "language_participation",
    "other",
)

CONCEPTS = """
loneliness | loneliness | eenzaamheid | loneliness
    eenzaam*, *eenzaam*, *eenzaamheid, vereenzaam*, isolement, sociaal geisoleerd,
    voel|voelt|voelen|raakt|geraakt geisoleerd, lonely, loneliness, lonesome, isolated, isolation,
    alleenstaand* oudere|ouderen|man|vrouw|buurman|buurvrouw|weduwe,
    niemand|nooit|weinig|geen|nauwelijks langs|bezoek|visite|aanloop,
    niemand|nooit|geen|weinig aanspraak|praatje|gesprek|gesprekje|babbeltje|contact|contacten|gezelschap, aanspraak,
    gezelschap, sociaal contact|contacten|isolement|netwerk, *sociale contacten,
    voel|voelt|voelen|voelde|zit|zitten|zat|helemaal|moederziel alleen,
    alleen thuis|zitten|wonen|woont|overgebleven|gebleven, kent|ken|kennen niemand, niemand kent|ken|kennen,
    niemand om mee, niemand praten|spreken, niemand kijkt|omkijken|omkijkt, kijkt niemand, omkijken naar,
    naar elkaar om, komt|kom|komen deur niet uit, nooit buitenshuis, huis niet uit,
    sinds overlijden|dood|weduwe|weduwnaar, weduwe, weduwnaar,
    mist|mis|missen contact|mensen|gezelschap|praatje|aanspraak, stil in huis,
    nobody|no|noone|nobody visits|visit|visitors|contact|company|talk, alone, nobody to talk, no one to talk,
    miss|misses company, social contact, heeft|heb|hebben|had niemand meer|om,
    praat|praten|spreek|spreekt|spreken|zie|ziet niemand, geen|weinig familie|vrienden|vriendinnen|kennissen
damp_mould | housing | vocht en schimmel | damp and mould
    schimmel*, *schimmel*, beschimmel*, vocht, vochtig*, *vocht*, vochtplek*, condens*, *condens*, muf, muffe, muffig,
    mufheid, zwart|zwarte plek|plekken|vlek|vlekken|uitslag|puntjes, nat|natte muur|muren|plafond|wand|kamer,
    muren|muur nat|zwart, ramen|ruiten beslagen|nat, beslagen, mould*, mold*, moldy, mouldy, damp, dampness,
    black spots, wet walls, condensation, musty, schimmelige, ventilatie*, ventileren, *afzuig*
leak | housing | lekkage | leaking
    lek, lekt, lekken, lekte, lekkage*, *lekkage, daklek*, gaslek*, waterlek*, lekkend*, leak*, leaking, druppelt,
    druppel*, drips, dripping, water door|uit plafond|dak|muur, plafond nat|water|komt, regent binnen, inregen*,
    *regent binnen
housing_repair | housing | onderhoud van de woning | housing repairs
    verhuurder*, huisbaas*, reparatie*, repareren, gerepareerd, onderhoud woning|huis|flat|huurwoning|woningen,
    achterstallig*, kozijn*, *kozijnen, rotte kozijnen|ramen, tocht, tochtig*, tochtstrip*, landlord*, repair*,
    maintenance, housing association, kachel|cv|verwarming|ketel|boiler kapot|stuk|doet|defect|uit, cv-ketel, cvketel,
    *ketel, boiler, woning slecht|verwaarloosd, huis slecht|verwaarloosd, slechte staat, huurwoning*, huurders*,
    huurder*
elevator | housing | lift kapot | broken lift
    lift, liften, lift kapot|stuk|defect|storing|doet, *lift, elevator*, trap lopen|op|af, traplopen, trappen lopen
energy | money | energierekening en kou | energy bills and cold homes
    energierekening*, *energierekening*, energie*, *energie*, gasrekening*, stroomrekening*, *rekening gas|stroom,
    gas stroom|licht, stookkosten, stoken, stook*, verwarming uit|laag|niet|aan|zetten, kachel uit|laag|niet,
    koud huis|woning, huis|woning koud, in de kou, kou, koude, koud, energy*, heating, cold home|house, gas bill*,
    electricity, energiearmoede, energietoeslag*, voorschot*, eindafrekening*, isolatie*, isoleren,
    slecht|niet|slechte geisoleerd|isolatie, deken|dekens|trui, warm douchen|houden|aankleden, stroom, essent, eneco,
    vattenfall
money_worries | money | geldzorgen en schulden | money worries and debts
    schuld*, *schulden, *schuld, geldzorg*, *geldzorgen, geld, geldproblem*, *geldproblemen, rondkomen, rond komen,
    armoede*, arme, krap, krappe, rekening|rekeningen betalen|stapelen|openen|liggen|niet, achterstand*, *achterstand,
    incasso*, deurwaarder*, aanmaning*, toeslag*, *toeslag, budget*, bewind*, schuldhulp*, *schuldhulp*, money, debt*,
    bills, afford, cannot|cant|can pay, pay, poverty, poor, broke, eind|einde van de maand, eind|einde maand,
    geen|weinig|te geld, kan niet betalen, niet meer betalen, betalen, betaal, bijstand*, uitkering*, minima, minimum,
    duur|dure boodschappen|alles|leven, huur betalen, huurachterstand*, lenen, geleend, leningen, *lening, cash, payday,
    loan*
food_poverty | money | voedselbank en honger | food bank and hunger
    voedselbank*, *voedselbank*, honger*, hungry, hunger, geen|zonder eten|ontbijt|lunch|brood, ontbijt,
    lege|leeg koelkast|kast, koelkast leeg, food bank, foodbank, food, eten kopen|betalen, eten op tafel,
    boodschappen betalen|kopen|doen|niet, kledingbank*, *kledingbank
speeding | safety_traffic | te hard rijden | speeding
    hardrijd*, *hardrijders, *hardrijden,
    keihard|hard|snel|rap|hardst rijden|rijdt|rijd|rijden|reed|gereden|scheuren|racen|rijder|rijders,
    autos|auto|scooters|scooter|brommers|brommer|motoren|motors scheuren|scheurt|scheurden,
    ze|jongeren|bestuurders|automobilisten scheuren|scheurt|scheurden,
    scheuren|scheurt|gescheurd door|langs|over|rond, langsscheuren, voorbijscheuren, rondscheuren, racebaan, racen,
    race, racet, racers, raceauto*, snelheid*, *snelheid*, snelheidsdrempel*, drempel*, *drempel*, verkeersdrempel*,
    30 km|kilometer|zone, km per uur, kilometer per uur, 50 km, flitspaal, flitser*, *flits*, plankgas, gas geven,
    optrekken, hard optrekken, jakkeren, jakkert, opgevoerd*, als een gek|idioot|malle, gek gereden|rijden|rijdt,
    rijden|rijdt 50|60|70|80|90|100, speed*, speeding, too fast, racing, drive fast, driving fast,
    ronken|ronkende motoren, motoren, motor brullen, brullen, brullende, snelheidscontrole*, handhaving snelheid,
    *racebaan, scooters|brommers|auto|autos|motors scheuren|racen|crossen|jakkeren, crossen, verkeersbord*
crossing | safety_traffic | gevaarlijke oversteek of kruising | dangerous crossing or junction
    oversteek*, *oversteek*, oversteken, overgestoken, zebra*, zebrapad*, kruispunt*, *kruispunt, kruising*, *kruising,
    verkeerslicht*, stoplicht*, *stoplicht, voetgangerslicht*, rotonde*, *rotonde, crossing*, junction*, zebra crossing,
    traffic light*, roundabout*, klaarover*, *klaarovers, verkeersbrigadier*, middenberm*, overkant, voetganger*,
    *voetgangers, overzicht*, onoverzichtelijk*, *onoverzichtelijk, slecht zicht, zicht belemmerd, dode hoek,
    schoolroute*, *schoolroute, schoolkinderen oversteken,
    gevaarlijk verkeer|oversteken|punt|kruising|situatie|fietspad, verkeersveiligheid*, *verkeersveiligheid,
    verkeersonveilig*, fietspad gevaarlijk|oversteken, voorrang*
traffic | safety_traffic | druk en zwaar verkeer | heavy traffic
    sluipverkeer*, *sluipverkeer, sluiproute*, *sluiproute, vrachtwagen*, *vrachtwagens, vrachtverkeer*, verkeersdrukte,
    druk|drukke verkeer|weg|straat, verkeer druk, veel verkeer|autos|auto, file*, trucks, lorries, lorry, heavy traffic,
    through traffic, rat run, doorgaand verkeer, bouwverkeer*, *bouwverkeer, lawaai verkeer, verkeerslawaai,
    verkeersoverlast, stilstaand verkeer
parking | safety_traffic | parkeeroverlast | parking problems
    parkeer*, *parkeer*, parkeren, geparkeerd, *geparkeerd, foutparkeer*, *foutparkeerders, parking, parked,
    auto|autos|busjes op de stoep|stoep|gras, stoep geparkeerd|vol, dubbel geparkeerd, busje*, bedrijfsbus*, camper*,
    aanhanger*, caravan*, parkeerplaats*, parkeervergunning*, parkeerplek*, *parkeerplek, weesauto*, autowrak*, *wrak,
    blokkeert|blokkeren inrit|uitrit|stoep|doorgang, inrit, uitrit, geen plek auto|parkeren, parkeerdruk, *parkeerdruk,
    ambulance kan niet|erdoor, vuilniswagen kan niet|erdoor, brandweer kan niet
street_light | public_space | straatverlichting | street lighting
    straatverlichting*, *verlichting*, verlicht*, onverlicht*, lantaarn*, *lantaarn*, *lantaren*, lantarenpa*,
    lantaarnpa*, straatlamp*, *lamp, *lampen, lamp|lampen kapot|uit|stuk|defect|brandt|branden|doet|doen|knippert|werkt,
    geen hand voor ogen, licht kapot|uit|stuk|defect|brandt|doet|weg|knippert|werkt, lichten uit, geen licht,
    weinig licht, te donker, aardedonker, pikdonker, stikdonker, donker*, *donker, street light*, streetlight*,
    lamppost*, lamp post*, lights out, light broken, dark, darkness, unlit, paal kapot|uit, lichtmast*
dog_waste | public_space | hondenpoep | dog waste
    hondenpoep*, *poep*, poep, *drol*, drollen, hondendrol*, *stront*, stront, *keutel*, kak, schijt, schijten,
    behoefte doen|doet|doen|gedaan, hun behoefte, honden uitlaten|poepen|schijten|uitlaatplek|uitlaatveld, uitlaat*,
    *uitlaatplek*, uitlaatveld*, hondenuitlaat*, poepzak*, *poepzakje*, hondenbezitter*, baasjes, baasje,
    opruimen hond|honden|poep|drollen, ruimt|ruimen niet op, trap|trapt|getrapt|stap|stapt|gestapt poep|drol|erin,
    dog poo, dog poop, dog mess, dog waste, dog dirt, dog fouling, dogs foul, poo, poop, *poop, fouling, hondentoilet*,
    hondenstront*
loose_dogs | nuisance | loslopende en agressieve honden | loose and aggressive dogs
    loslopend*, loslopende honden|hond, los lopen|lopende|loopt hond|honden, hond|honden niet aangelijnd|los,
    aangelijnd, aanlijn*, aanlijnplicht, zonder lijn|riem, lijn|riem los, bijt*, gebeten, bijtende, bijtincident*,
    agressief*|agressieve|gevaarlijke hond|honden|vechthond|pitbull, vechthond*, pitbull*, staffords*, off lead,
    off the lead, off leash, aggressive dog|dogs, dog bite|bit, vliegt aan, aangevallen hond|honden
litter | public_space | zwerfafval | litter
    zwerfafval*, *zwerfafval*, zwerfvuil*, *zwerfvuil*, afval, *afval, rommel*, *rommel, troep*, *troep, vuil, vuile,
    vuiler, zooi, viezigheid, vies, vieze, smerig*, rotzooi*, plastic*, blikje*, blikjes, flesje*, peuk*, *peuken,
    sigarettenpeuk*, verpakking*, *verpakkingen, papiertje*, chipszak*, litter*, littered, rubbish, trash, garbage,
    waste, mess, messy, dirty, cans, bottles, wrappers, opruim*, prikker*, afvalbak*, prullenbak*, *prullenbak*,
    vuilnisbak*, afvalbakken, bakken vol|overvol, rondslingeren*, rondslingert, ligt overal|vol, ligt vol, zwerft,
    zwerven, schoonmaak*, schoon, vegen, veegt, veegwagen*
dumping | public_space | gedumpt afval en vuilniszakken | dumped waste and bin bags
    dump*, gedumpt, *gedumpt, illegaal afval|gedumpt|storten, illegale dump*, bijplaats*, *bijplaatsing*, grofvuil*,
    *grofvuil*, matras*, *matras, bankstel*, *bankstel, meubel*, *meubels, vuilniszak*, *vuilniszak*, *vuilniszakken,
    afvalzak*, vuilniszakken, zakken naast|bij|liggen|staan|open, naast de container, naast container|containers,
    bij de container|containers, fly tipping, flytipping, fly tipped, dumped, bin bags, binbags, rubbish bags, sofa,
    mattress*, koelkast straat|stoep, oud ijzer, stoep gezet|neergezet, buiten gezet, opengescheurd, opengereten,
    opengepikt, kapotte zakken
containers | public_space | volle containers en kliko's | full containers and wheelie bins
    container*, *container*, ondergrondse*, kliko*, *kliko*, minicontainer*, *minicontainers, vuilophaal*,
    vuilnisophaal*, ophaaldienst*, *ophaaldienst, inzamel*, *inzamelpunt*, niet opgehaald,
    opgehaald afval|vuil|kliko|container, ophalen afval|vuil|kliko|container, geleegd, legen, leegt, niet geleegd,
    overvol, container|containers|bak|bakken|kliko|klikos vol|overvol|zit|zitten, afvalpas*, pasje, wheelie bin*, bin,
    bins, bin collection, collection, emptied, overflowing, full bins, vuilniswagen*, papiercontainer*, glasbak*,
    *glasbak*, plasticcontainer*, gft, restafval*, milieuperron*, *perron*
youth_nuisance | nuisance | overlast van jongeren | youth nuisance
    hangjongeren*, *hangjongeren*, hangjeugd*, hangplek*, *hangplek*,
    hangen|hangt|rondhangen|rondhangt|hing jongeren|jongens|jeugd|tieners|pubers|groep|groepje|groepen|groepjes,
    jongeren|jongens|jeugd|tieners|pubers overlast|overlastgevend*|lawaai|schreeuwen|intimideren|intimiderend|groep,
    jongeren|jongens|jeugd|tieners|pubers groepje|groepen|groepjes|rondhangen|vernielen|gooien|treiteren|brutaal,
    groep|groepje|groepen|groepjes jongeren|jongens|tieners|pubers|jeugd|kinderen, jeugdoverlast*, *jeugdoverlast,
    jongerenoverlast*, jongerenoverlast, rondhangen, rondhangende, treiter*, *getreiter, youth*, teenagers, teens,
    gangs, gang, hanging around, youngsters, kids hanging, loitering, boys hanging, portiek hangen|jongeren|jongens,
    bankjes jongeren|hangen, scooterjongens, jongeren scooters|brommers, rondjes rijden|scooters|brommers, rondjes,
    schreeuwen jongeren, tot laat buiten, intimid*, intimiderend*, uitdagen, uitdagend, provoceren, naroepen,
    nageroepen, straatintimidatie
drugs | nuisance | drugsoverlast | drugs
    drug*, *drugs*, dealer*, *dealer*, deal*, gedeald, *dealen, wiet*, *wiet*, hasj*, blow*, *blowen, joint*, lachgas*,
    *lachgas*, ballon|ballonnen|ballonnetjes lachgas|gas|patronen|straat, ballonnetjes, gasflessen, gasfles*, patronen,
    patroontjes, cocaine, coke, heroine, crack, xtc, speed pillen, pillen, spuit*, naald*, *naalden, gebruikers, junk*,
    verslaafd*, *verslaafden, verslaving*, wietlucht, wietgeur, wiet lucht|stank|geur|ruik, ruikt naar wiet, weed,
    cannabis, marijuana, dealing, needles, syringes, nitrous, laughing gas, balloons, canisters, drugsrunner*, runners,
    handel, *handel, handeltjes, overdracht*, auto draaiende motor, draaiende motor, kort stilstaan,
    steeds andere autos, drugspand*, hennep*, *hennep*, kwekerij*, *kwekerij, stoned, gebruiken drugs
noise | nuisance | geluidsoverlast | noise
    geluid*, *geluid*, geluidsoverlast*, lawaai*, *lawaai*, herrie*, *herrie, kabaal, muziek, *muziek,
    harde|hard|luide|luid|keiharde|keihard muziek|bas|boxen|speaker|geluid|stemmen, bonk*, gebonk*, dreun*, *gedreun,
    bas, bassen, speaker*, boxen, schreeuw*, geschreeuw*, gegil, gillen, feest*, *feest, feestje*, party*, parties,
    loud, noise*, noisy, music, herrieschoppers, slapen|slaap niet|kan|kunnen|wakker, uit mijn slaap, wakker gehouden,
    wakker, nachtrust, *nachtrust, nachts herrie|lawaai|muziek|geluid, tot laat, diep in de nacht, midden in de nacht,
    bovenburen, onderburen, *buren lawaai|herrie|geluid, blaf*, *blaffen, geblaf*, blaft, barking, terras*, *terras,
    kroeg*, *kroeg, cafe, horeca*, gehorig*, can't sleep, cant sleep, sleep, dichtslaande|dichtslaan deuren, claxon*,
    toeter*, getoeter
rats | public_space | ratten en ongedierte | rats and vermin
    rat, ratten, *ratten, ratte, rattenplaag*, ratje*, muis, muizen, *muizen, ongedierte*, *ongedierte, knaagdier*,
    kakkerlak*, vlooien, bedwants*, *bedwantsen, rats, mice, mouse, vermin, pest control, cockroach*,
    ongediertebestrijding*, *bestrijding, plaagdier*, vogels|eenden|duiven voeren, brood voeren, gevoerd, voeren, voert,
    voeden, rattengif, gif, knagen, geknaagd, holen, gaten tuin|grond
vandalism | safety_traffic | vandalisme en vernielingen | vandalism
    vandal*, vernield*, *vernield, vernieling*, vernielen, vernielt, vernielingen, vernielzucht*,
    kapot gemaakt|getrapt|gegooid|geslagen, kapotgemaakt, kapotgetrapt, ingegooid, ruit|ruiten ingegooid|kapot, beklad*,
    bekladding*, graffiti, tags, tag, gespoten, gespoten op, smashed, vandalised, vandalized, vandalism, broken windows,
    bushokje kapot|vernield, brandstichting, in brand, brand container|auto|gesticht, autobrand*, *brand, fire, arson,
    vernielzuchtig, slopen, gesloopt, spiegels afgebroken, krassen, bekrast
theft | safety_traffic | inbraak en diefstal | burglary and theft
    inbra*, *inbraak*, ingebroken, inbreker*, *inbrekers, diefstal*, *diefstal*, gestolen, jatten, gejat, steel*,
    stelen, stal, fietsendief*, burglar*, break in, breakin, broken into, stolen, theft, steal*,
    pakketje|pakketjes|pakket gestolen|weg|kwijt, pakketdief*, opengebroken, openbreken, beroofd, beroving*, overval*,
    zakkenroller*, dief, dieven, *dieven, gestolen fiets|fietsen|scooter, fiets weg|gejat, robbed, robbery,
    kentekenplaten, katalysator*, autokraak*, *kraak, ingebroken auto
unsafe | safety_traffic | onveilig gevoel | feeling unsafe | 2
    onveilig*, *onveilig*, onveilige, eng, enge, griezelig*, bang, angst*, *angstig, durf|durft|durven niet,
    niet veilig, niet meer veilig, unsafe, scared, afraid, frightened, onprettig*, onbehaaglijk*, bedreig*, *bedreigd,
    lastiggevallen, lastig gevallen, lastigvallen, nagefloten, nafluiten, achtervolgd, harassed, harassment, threatened,
    avond straat|alleen|lopen|buiten, avonds straat|alleen|lopen|buiten, alleen over straat, onveiligheid*,
    veiligheidsgevoel*, schichtig, wantrouw*, louche, schimmig, verdacht*, verdachte, suspicious, steekpartij*, messen,
    mes, vechtpartij*, schietpartij*, vechten, vechtpartijen
fireworks | nuisance | vuurwerkoverlast | fireworks
    vuurwerk*, *vuurwerk*, knallen, knal*, *knallen, geknal*, rotjes, rotje, cobra*, nitraat*, firework*, bangers,
    explosie*, *explosie, explosief*, oud en nieuw, oudjaar, jaarwisseling*, *bom, bommetje*, strijker*, mortier*,
    shells, afgestoken, afsteken, knalvuurwerk, ontploffing*, klappen, klap
playground | play_sport | speeltuin en speelplekken | playgrounds | 2
    speeltuin*, *speeltuin*, speeltoestel*, *speeltoestel*, speelplek*, *speelplek*, speelplaats*, *speelplaats*,
    glijbaan*, schommel*, *schommel, klimrek*, *klimrek, zandbak*, *zandbak, wipwap*, speelveld*, speelgelegenheid*,
    speelvoorziening*, speelruimte*, *speelruimte, speelterrein*, playground*, swings, swing, slide, slides,
    climbing frame, sandpit, play area, buiten spelen, kinderen spelen|speelplek|buitenspelen|spelen,
    spelen kinderen|buiten|straat, buitenspelen*, nergens spelen, geen plek spelen, speel*, speelde, speelt, spelen,
    speeltoestellen
sports_field | play_sport | trapveld en sportvoorzieningen | sports fields | 2
    trapveld*, *trapveld*, voetbalveld*, *voetbalveld*, voetbal*, *voetbal, sportveld*, *sportveld*, veldje, *veldje,
    goal, goals, doeltjes, basketbal*, *basketbal, basket, pannakooi*, panna*, *kooi, sportvoorziening*, sportplek*,
    sporten, sport*, football*, pitch, sports, court, kunstgras*, tennis*, skate*, *skatebaan, skatepark*, fitness*,
    *fitness, beweegtuin*, beweeg*, bewegen, hardlopen, atletiek*, zwembad*, *zwembad, zwemmen, zwemles*, swimming, pool
youth_activities | play_sport | niets te doen voor kinderen en jongeren | nothing to do for young people
    niks|niets doen|aanbod|activiteiten, niks te doen, niets te doen, nergens heen|naartoe, verveel*, verveling*,
    *verveling, vervelen, bored, boredom, nothing to do, nowhere to go,
    activiteit*|activiteiten jongeren|kinderen|jeugd|tieners|kids|pubers, jongerenwerk*, jongerenwerker*, jeugdwerk*,
    jongerencentrum*, jeugdhonk*, *honk, tienerwerk*, tienerclub*, jongerenclub*, youth club*, youth centre,
    youth center, clubhuis*, *clubhuis, vakantie activiteiten|kinderen|programma, zomervakantie*, buurtsport*,
    buurtsportcoach*, kinderactiviteit*, *activiteiten, knutsel*, kinderclub*, naschools*, vrije tijd, vrijetijd*,
    hobby*, club, clubje, vereniging*, lid worden
meeting_place | language_participation | ontmoetingsplek en buurthuis | meeting place
    buurthuis*, *buurthuis*, buurtcentrum*, *buurtcentrum*, wijkcentrum*, *wijkcentrum*, wijkgebouw*, ontmoet*,
    *ontmoeting*, ontmoetingsplek*, ontmoetingsruimte*, samenkomen, samen komen, bij elkaar komen, koffieochtend*,
    *koffieochtend*, koffie drinken|samen|ochtend, kopje koffie, inloop*, *inloop, huiskamer buurt|wijk,
    buurthuiskamer*, wijkhuiskamer*, community centre, community center, meeting place, get together, buurtkamer*,
    buurtfeest*, buurtbarbecue*, straatfeest*, ontmoetingscentrum*, geen plek samen|elkaar|ontmoeten,
    plek samen|elkaar|ontmoeten, samen eten, buurtmaaltijd*, maaltijd*, eettafel*, *eettafel, buurtrestaurant*, soos,
    soosje, societeit, vergader*, zaaltje, buurtvereniging*, dorpshuis*, *dorpshuis, wijkgebouw*, *wijkgebouw,
    recreatiezaal*, gemeenschappelijke ruimte
language | language_participation | taal en Nederlands leren | language and learning Dutch
    taal*, *taalles, *taalcafe, *taalcursus, *taalmaatje, moedertaal,
    nederlands leren|spreken|praten|begrijpen|les|lessen|cursus|oefenen,
    spreek|spreekt|spreken|praat|praten geen|slecht|weinig nederlands, nederlandse taal, taalles*, *taalles*, taalcafe*,
    taalmaatje*, inburger*, *inburgering*, dutch lessons|class|classes|course, learn dutch, learning dutch, speak dutch,
    language*, verstaan, tolk*, vertal*, *vertaler, analfabet*, laaggeletterd*, *laaggeletterdheid, lezen schrijven,
    kan niet lezen, nt2, conversatie*, oefenen nederlands, spreekvaardigheid
paperwork | language_participation | formulieren, brieven en digitale hulp | forms, letters and digital help
    formulier*, *formulier*, *formulieren, brieven, brief, post, papierwerk, papieren, administratie*, *administratie,
    digid, digitaal*, digitale, *digitaal, computer*, *computer, internet, aanvragen, aanvraag*, *aanvraag, invullen,
    ingevuld, belastingaangifte, belastingdienst, gemeente brief, brieven begrijp|begrijpen|snappen|lezen, forms,
    letters, paperwork, mijnoverheid, inloggen, wifi, website*, email, e-mail, mail, mails, printen, scannen, uploaden,
    mijn overheid, uwv, svb, cjib, boete*, *boete, belasting*, aanslag*, instanties, loket
parenting | upbringing | opvoeding | parenting
    opvoed*, *opvoeding*, opvoedingsvraag*, opvoedingsondersteuning, puber*, *pubers, luisteren|luistert niet,
    driftbui*, *driftbuien, handen vol kinderen|kind, moeite|hulp|steun kinderen|kind|zoon|dochter|opvoeding,
    alleenstaande|alleenstaand moeder|vader|ouder|ouders, single mother|mom|mum|parent|dad, parenting, tantrums,
    ouderschap*, zwanger*, baby*, peuter*, kleuter*, kinderopvang*, consultatiebureau*, echtscheiding*, scheiding*,
    gescheiden, ruzie thuis, kind|kinderen|zoon|dochter ruzie|moeilijk|lastig|boos,
    ouders hulp|steun|moeite|handelingsverlegen|cursus|avond, opvoedcursus*, ouderavond*, oudercafe*, gezinshulp*,
    grenzen stellen|aangeven, grenzen, machteloos, andere ouders, als ouder, ouders tips|avond|vragen, jeugdzorg*,
    *jeugdzorg, jeugdhulp*, cjg, centrum jeugd, thuissituatie*, schermtijd*, gamen, gamet, gaming
school | upbringing | school en spijbelen | school and truancy | 1.5
    school, scholen, *school, schooltijd*, spijbel*, thuiszitter*, schoolverzuim*, verzuim*, huiswerk*,
    huiswerkbegeleiding*, bijles*, homework, truancy, truant, leerplicht*, leerplichtambtenaar, mentor*, juf, meester,
    leraar*, leerkracht*, docent*, klas, klasgenoten, schoolplein*, *schoolplein, basisschool*, middelbare, vmbo, mbo,
    schooladvies*, schoolspullen, schoolreisje*, zittenblijven, blijft zitten, cijfers, rapport
bullying | upbringing | pesten en uitschelden | bullying and abuse
    pesten, gepest, pester*, pesterij*, *pesterijen, getreiter, buitengesloten, bullied, bullying, bully, bullies,
    uitgescholden, scheldt, schelden, scheldwoorden, discrimin*, *discriminatie, racisme*, racist*, racistisch*,
    uitgelachen, uitlachen, gekleineerd, buitensluiten
caregiving | health_care | mantelzorg | informal care
    mantelzorg*, *mantelzorg*, *mantelzorger*,
    zorg|zorgt|zorgen voor mijn|haar|zijn|moeder|vader|man|vrouw|partner|ouders|zoon|dochter|broer|zus, overbelast*,
    *overbelasting, uitgeput, respijt*, *respijtzorg, ontlast, ontlasten, adempauze, even vrij, carer*, caregiver*,
    caring for, overloaded, exhausted, burn out|outje, burnout*, geen tijd voor mezelf|mijzelf|zichzelf,
    tijd voor mezelf, draagt alles, alles alleen doen, hulp thuis, zware zorg, verzorgen, verzorgt, verzorging*,
    dagbesteding*, *dagbesteding
dementia | health_care | dementie en vergeetachtigheid | dementia
    dement*, *dementie, alzheimer*, vergeetachtig*, geheugen*, *geheugen, dementia, forgetful, memory, verdwaald,
    verdwaalt, dwaalt, dwalen, de weg kwijt, in de war, verward oudere|buurman|buurvrouw|man|vrouw, herkent niet,
    herkende niet, gaat achteruit, achteruitgang
health | health_care | zorg en gezondheid | health and care access | 1.5
    huisarts*, *huisarts*, dokter*, *dokter, arts, wachtlijst*, *wachtlijst*, wachttijd*, *wachttijd, apotheek*,
    *apotheek, medicijn*, *medicijnen, medicatie*, ziekenhuis*, *ziekenhuis, thuiszorg*, *thuiszorg*, wijkverpleeg*,
    wijkverpleging*, wijkzuster*, gp, doctor*, fysio*, *fysiotherapeut, tandarts*, *tandarts, gezondheid*, *gezondheid,
    ziek, zieke, ziekte*, *ziekte, ziekten, chronisch*, pijn, pain, health, sick, illness, ill, nurse, zorgverzekering*,
    eigen risico, zorgkosten*, ongezond*, gezond*, overgewicht*, diabetes, suiker, hartpatient*, rolstoel, rollator*,
    hulpmiddel*, wmo, indicatie*, huishoudelijke hulp, *hulp huishouden, huishoudelijk*, verpleeghuis*, verzorgingshuis*
mental_health | health_care | psychische problemen en verward gedrag | mental health and confused behaviour
    psychisch*, *psychische, psychiatr*, depress*, *depressie, somber*, somberheid*, verward*, *verward,
    verward persoon|gedrag|man|vrouw, verwarde, ggz, *ggz, angststoorni*, suicid*, zelfmoord*, zelfdoding*, stress*,
    *stress, mental health, mental*, depressed, confused, confused person|man|woman, paniek*, overspannen*, psycholoog*,
    psychotisch*, psychose*, trauma*, *trauma, zichzelf iets aandoen, schreeuwt tegen zichzelf, praat tegen zichzelf,
    raar gedrag, vreemd gedrag, wanen, hoort stemmen, donkere gedachten, niet goed in zijn|haar vel, in zijn|haar vel,
    ptss, autisme*, adhd, verslavingszorg
neighbour_conflict | nuisance | burenruzie | neighbour disputes
    burenruzie*, *burenruzie*, ruzie*|conflict*|onenigheid buren|buurman|buurvrouw|bovenburen|onderburen|buurjongen,
    ruzie, ruzies, *ruzie, ruziemaken, burenconflict*, buurtbemiddeling*, *buurtbemiddeling*, bemiddeling*,
    bemiddelaar*, dispute*, quarrel*, argument*, row with neighbours, neighbour dispute, neighbours argue, conflict*,
    *conflict, spanning*, spanningen, scheldpartij*, woordenwisseling*,
    buurman|buurvrouw|buren boos|agressief|dreigt|dreigen, haat, vete, erfgrens, schutting*, heg buren|buurman
smell_smoke | nuisance | stank en rook | smell and smoke
    houtkachel*, *houtkachel*, houtrook*, *houtrook, houtstook*, *houtstook, *rook*, rook, rookoverlast*, open haard*,
    vuurkorf*, *vuurkorf, barbecue*, bbq, stank*, *stank*, stinkt, stinken, stonk, stinkend*, ruik*, geur*, *geur,
    lucht, luchtje, luchtjes, luchtkwaliteit*, fijnstof*, smell*, smoke, smoky, wood burner*, wood stove*, woodburner*,
    stove, stench, rioollucht*, riool stinkt|stank, adem, benauwd, astma*, hoesten, sigarettenrook, rokers, rookt,
    roken balkon|galerij, smoking, fumes, uitlaatgassen
flooding | public_space | wateroverlast en riolering | flooding and drains
    wateroverlast*, *wateroverlast*, water straat|kelder|tuin|staat|blijft|loopt|weg|afvoer|stoep, plas,
    plassen water|straat|stoep|weg, waterplassen, riool*, *riool*, *riolering, put|putten verstopt|vol|dicht, kolk*,
    *kolken, verstopt*, verstopping*, afvoer*, *afvoer, overstroom*, onderlopen, ondergelopen, flood*, drain*, puddle*,
    regenwater*, hemelwater*, regen*, *regen, hoosbui*, *bui, stortbui*, kelder*, natte voeten, blijft staan,
    staat water, water staat|blijft, gemaal, sloot*, *sloot, greppel*
pavement | public_space | kapotte stoep en wegdek | broken pavement and road surface
    stoeptegel*, *stoeptegel*, tegel*, *tegels,
    stoep kapot|scheef|los|slecht|gat|gaten|omhoog|ongelijk|hobbelig|opgedrukt, losliggend*, oneffen*, *hobbelpiste,
    losse tegels|stenen|klinkers|tegel, scheve|scheef tegels|tegel|stoep|stenen, kuil*, *kuilen,
    gat|gaten weg|stoep|fietspad|straat|wegdek, gaten in, wegdek*, *wegdek, asfalt*, *asfalt, hobbel*, *hobbels,
    hobbelig*, struikel*, gestruikeld, *gestruikeld, boomwortel*, *boomwortels, wortels, opgedrukt,
    fietspad kapot|slecht|gaten|hobbelig|scheuren|wortels, pothole*, uneven, tripped, paving, pavement*, sidewalk*,
    klinker*, *klinkers, bestrating*, *bestrating, verzakt*, verzakking*, opgebroken, herstraten, bestraten, gevallen,
    rollator stoep|struikelen
accessibility | health_care | toegankelijkheid | accessibility | 2
    rolstoel*, *rolstoel*, rollator*, *rollator*, scootmobiel*, *scootmobiel*, toegankelijk*, *toegankelijk*,
    ontoegankelijk*, invalide*, gehandicapt*, *gehandicapt*, handicap*, beperking*, *beperking, mindervalide*,
    minder mobiel|mobiele, slechtziend*, blind*, blinden, doof, slechthorend*, geleidelijn*, wheelchair*,
    mobility scooter*, disabled, disability, accessible, accessibility, step free, oprit*, hellingbaan*, stoepje,
    afrit*, drempel rolstoel|rollator|scootmobiel, invalidenparkeer*, gehandicaptenparkeer*, kinderwagen*
greenery | public_space | groenonderhoud | green maintenance
    gras, grasmat*, graskant*, grasstrook*, grasmaai*, *gras, onkruid*, *onkruid, maaien, gemaaid, maait,
    snoei*, *snoeien, struik*, *struiken, heg, heggen, haag,
    hagen, boom, bomen, *bomen, takken, *takken, tak, overhangend*, overwoekerd*, overwoekert, verwilderd*, plantsoen*,
    *plantsoen, perk, perken, *perken, groenvoorziening*, groenstrook*, *groenstrook*,
    groen onderhoud|onderhouden|verwaarloosd|gemaaid|gesnoeid|overwoekerd|bijhouden|bijgehouden, openbaar groen,
    groenonderhoud*, bladeren, blad, weeds, hedge*, overgrown, mowing, mow, grass, trees, tree, branches, berm, bermen,
    brandnetel*, bloembak*, *bloembakken, bloemen, planten, beplanting*, *beplanting, park onderhoud|verwaarloosd,
    verwaarloosd*, groeit dicht|vol, dichtgegroeid, oerwoud*, *oerwoud, braam, bramen, boomspiegel*, omgevallen, gekapt,
    boomkap*, bladblazer*
benches | public_space | bankjes en zitplekken | benches
    bankje*, *bankje*, bankjes, zitplek*, *zitplek*, zitbank*, *zitbank, benches, bench, zitten buiten|park, rustpunt*,
    rustplek*, even zitten, uitrusten, picknicktafel*, *picknicktafel, zitje, zitjes, parkbank*
bike_parking | public_space | fietsparkeren en weesfietsen | bike parking
    fietsenrek*, *fietsenrek*, fietsenstalling*, *fietsenstalling*, stalling*, *stalling, weesfiets*, *weesfietsen,
    fietswrak*, *fietswrakken, fietsen stoep|overal|blokkeren|liggen|staan|gestald|stallen|weg, gestald, stallen,
    fietsklem*, nietjes, bike rack*, bicycles, bikes parked, bike parking, cycle parking, fietsparkeer*, fietsparkeren,
    fietsenkelder*, verroest*, roestig*, racks, rekken, fietsen weghalen|weggehaald|verwijderen|zonder|kapotte|oude,
    zonder zadel|wiel|wielen, abandoned bikes|bicycles, bikes everywhere
public_transport | safety_traffic | bus en openbaar vervoer | public transport | 1.5
    bus, bussen, bushalte*, bushokje*, *bushalte*, buslijn*, *buslijn, dienstregeling*, ov, openbaar vervoer, qbuzz,
    arriva, trein*, station, halte*, *halte, bus stop*, busstop*, public transport, regiotaxi*, *taxi, taxi, belbus*,
    buurtbus*, verbinding*, *verbinding, rijdt niet meer, opgeheven, ov-kaart, ovkaart
facilities | other | winkels en voorzieningen | shops and facilities | 1.5
    supermarkt*, *supermarkt, winkel*, *winkel, *winkels, pinautomaat*, geldautomaat*, pinnen, pinpas*, postkantoor*,
    postpunt*, brievenbus*, *brievenbus, shop*, supermarket*, cash machine, atm, bakker*, bibliotheek*, *bibliotheek,
    bieb, apotheek weg|dicht, voorziening*, *voorzieningen, winkelcentrum*,
    gesloten winkel|supermarkt|bieb|bibliotheek|postkantoor, verdwenen winkel|supermarkt|pinautomaat, markt*
birds | public_space | meeuwen en duiven | gulls and pigeons
    meeuw*, meeuwen, *meeuwen, duif, duiven, *duiven, vogel*, *vogels, kraai*, *kraaien, kauw*, *kauwen, gulls, gull,
    seagull*, pigeon*, birds, bird, vogelpoep*, *vogelpoep, zwanen, ganzen, eenden, nesten, nest
insects | public_space | wespen, rupsen en insecten | wasps, caterpillars and insects
    wesp*, *wespen*, eikenprocessierups*, processierups*, *processierups*, rups*, *rupsen, brandharen, muggen, mug,
    vliegen, insect*, *insecten, wasps, wasp, caterpillar*, mosquito*, bijen, hoornaar*, wespennest*
heat | public_space | hitte en schaduw | heat and shade
    hitte*, *hitte, heet, hete, warmte*, *warmte, schaduw*, *schaduw, verkoeling, hittestress, heatwave*, heat, shade,
    tropisch*, tropische, bloedheet, snikheet, zomer warm|heet|hitte, benauwd warm, te warm, oververhit*, zonwering,
    airco, drinkwater*, watertappunt*, drinkfontein*
snow_ice | public_space | gladheid | ice and snow
    glad, gladheid*, *gladheid, gladde, strooien, gestrooid, strooit, strooiwagen*, pekel*, ijzel*, sneeuw*, *sneeuw,
    bevroren, ijs, ice, icy, slippery, gritting, gritted, snow, uitglijden, uitgegleden
homelessness | housing | dakloosheid | homelessness
    dakloos*, dakloze*, *daklozen, thuisloos*, thuisloze*, *thuislozen, homeless*, op straat slapen|geslapen|slaapt,
    slaapt buiten|straat|portiek, buiten slapen, zwerver*, *zwervers, bankslaper*, bankslapen, rough sleeping,
    rough sleeper*, nachtopvang*, *nachtopvang, opvang, daklozenopvang*, geen dak boven, slaapplek*, *slaapplek, tent,
    tentje, slapen in portiek|auto|tent
housing_shortage | housing | woningnood en overbewoning | housing shortage and overcrowding
    woningnood*, *woningnood, woningtekort*, *woningtekort, woningzoek*, woningzoekend*, huurwoning vinden|zoeken,
    woning|huis|huurwoning|kamer|woonruimte vinden|zoeken|zoek|gevonden, wachtlijst woning|huurwoning|sociale|huur,
    wachttijd woning, urgentie*, inschrijfduur*, kamerverhuur*, verkamer*, *verkamering, overbewoning*, *overbewoning,
    studentenhuis*, studenten*, *studenten, kamerbewoner*, arbeidsmigrant*, *arbeidsmigranten, huisjesmelker*,
    te klein huis|woning, kleine woning, housing shortage, waiting list, overcrowd*, students, student, short stay,
    airbnb, huurprijs*, huurprijzen, hoge huur, huurverhoging*, *huurverhoging, betaalbare woning*, sociale huur*,
    doorstroming, scheefwonen
alcohol | nuisance | drankoverlast | alcohol nuisance
    alcohol*, *alcohol, dronken*, *dronken, drank*, *drank, bier*, *bier, zuip*, *zuipen, drinkers, drunk*, beschonken*,
    dronkenlap*, zatlap*, blikjes bier, bierblikjes, dronkenschap, alcoholist*, *alcoholisten, alcoholverbod*, pils
domestic_violence | safety_traffic | huiselijk geweld | domestic violence
    huiselijk geweld, mishandel*, *mishandeling, slaan, klappen krijgen, geweld, *geweld, veilig thuis,
    domestic violence, abuse, abused, kindermishandeling*, schreeuwen slaan, gegil buren,
    hoor gillen|schreeuwen kinderen|vrouw, blauwe plekken, dreigt|bedreigt vrouw|kinderen|partner, agressie thuis
screens | upbringing | telefoons, gamen en sociale media | phones, gaming and social media
    telefoon*, *telefoon, mobiel, mobieltje*, mobielgebruik, *mobielgebruik, mobiele telefoon, smartphone*, schermtijd*,
    *schermtijd, scherm, schermen, gamen, gamet, game, games, gaming, gamer*, social media, sociale media, groepsapp*,
    *groepsapp, app, apps, appen, tiktok, instagram, snapchat, whatsapp, youtube, tablet*, ipad*, playstation, fortnite,
    online pesten, sexting, screen time, screens, phone, phones
newcomers | language_participation | nieuwkomers en kennismaken | newcomers and getting to know each other
    nieuwkomer*, *nieuwkomers, statushouder*, *statushouders, vluchteling*, *vluchtelingen, asielzoeker*, eritrea*,
    syrie*, syrisch*, turkije, turks*, turkse, turkey, afghan*, oekrain*, ukrain*, somali*, irak*, pools*, polen,
    arabisch*, moved here, new here, net verhuisd, pas verhuisd, sinds kort hier|wonen, kennismaken, kennismaking*,
    kennis maken, meet the neighbours, meet neighbours, nieuwe buren|bewoners, buitenlandse, buitenlanders, integratie*,
    integreren, cultuur*, culturen
child_costs | money | kosten van school, sport en clubs voor kinderen | costs of school, sport and clubs for children
    ouderbijdrage*, *ouderbijdrage, schoolreis*, *schoolreisje, schoolkamp*, excursie*, *excursie, schoolspullen,
    schoolkosten, gymschoenen, gymspullen, contributie*, *contributie, zwemles*, *zwemles, zwemdiploma*, jeugdfonds*,
    *jeugdfonds*, sportfonds*, kindpakket*, kinderpakket*, brugklas laptop|spullen|kosten,
    club|clubje|voetbalclub|vereniging|sportclub te duur, kosten school|sport|club|clubs|vereniging|kinderen,
    kan niet betalen kinderen|kind|zoon|dochter, niet betalen school|club|sport|zwemles|uitje,
    geen geld voor zwemles|sport|club|school|schoolreis|uitje|verjaardag, school trip, school fees
work | language_participation | werk en meedoen | work and participation
    werkloos*, *werkloosheid, werkzoek*, werkplek*, betaald werk, werk zoeken|vinden|zoekt|vindt|zoek|vind, baan, banen,
    bijbaan*, sollicit*, *sollicitatie*, vacature*, job, jobs, unemployed, unemployment, vrijwillig*, *vrijwilliger*,
    vrijwilligerswerk*, meedoen, participatie*, re-integratie*, reintegratie*, stage*, *stage, opleiding*, *opleiding,
    cursus*, *cursus, werkervaring*, werkgever*, uitzendbureau*, *uitzendbureau, dagbesteding werk
construction | nuisance | bouw- en werkzaamheden | construction and roadworks
    bouw*, bouwput*, *bouwplaats*, bouwplaats*, werkzaamheden*, *werkzaamheden, wegwerkzaamheden*, trilling*,
    *trillingen, heipal*, heien, *heien, steiger*, *steigers, construction, roadworks, building site, sloop*, *sloop,
    gesloopt, renovatie*, *renovatie, verbouw*, *verbouwing*, boren, boor*, gebouwd, aannemer*, *aannemer, bouwlawaai*,
    bouwhekken, hekken, afzetting*, omleiding*, *omleiding, afgesloten, stremming*, nieuwbouw*, *nieuwbouw, laagbouw,
    hoogbouw, scheuren muur|huis|gevel, scheur muur|huis|gevel, aardbeving*, *aardbeving*
"""

# Words that say too little on their own to tie signals together (beyond the stop words).
GENERIC_WORDS = frozenset(
    """
    buurt wijk straat straten weg laan plein hoek flat flats huis huizen woning woningen portiek galerij
    overlast probleem problemen last melding meldingen gemeente bewoners bewoner buren buurman buurvrouw
    mensen iemand niemand iedereen elke iedere vaak steeds weer alweer altijd nooit soms elke dag avond
    avonds nachts ochtend middag week weken maand maanden jaar jaren tijd tijdje sinds laatst laatste
    erg heel echt zeer best gewoon eigenlijk helemaal beetje veel weinig vind vinden vond denk denken
    zien zie ziet gezien horen hoor hoort gehoord doen doet gedaan gaan gaat ging komen komt kwam
    hebben heeft had hadden maken maakt gemaakt zitten zit staat staan stond ligt liggen lag
    graag alsjeblieft svp aub help hulp vraag vragen vraagt wil willen wilt kunnen kan kon moet moeten
    zou zouden mag mogen laat laten meer minder goed goede slecht slechte groot grote klein kleine
    nieuw nieuwe oud oude lang lange kort korte paar twee drie vier vijf tien honderd eerste
    please problem issue neighbourhood neighborhood street area people someone every always again
    really very still lot lots since week weeks month months year years day days night time
    thing things get got make made see seen hear heard going come comes know need needs want
    kinderen kind ouders ouderen oudere jongeren mevrouw meneer man vrouw moeder vader
    """.split()
)

STOP_WORDS = frozenset(
    """
    aan af al alle alles als alsof an and are at be ben bent bij binnen but by daar daarom dan dat de der
    deze die dit doch door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe
    hun ik in is ja je jij jou jouw jullie kan kon kunnen maar me meer men met mij mijn moet na naar niet
    niets nog nu of om omdat ons onze ook op over reeds te tegen toch toen tot u uit uw van veel voor want
    waren was wat we wel werd wie wij wil willen wordt worden zal ze zei zelf zich zij zijn zo zonder zou
    z n m t s d hen hare zulke sommige ieder welke waar wanneer waarom waardoor daardoor hierdoor erdoor
    ermee erop eraan ervan erin eruit ernaar ertoe hierbij daarbij daarna daarvoor hiervoor nou hoor he
    a an the of to in on for with that this these those it its is are was were be been being have has had
    do does did i me my we our you your he him his she her they them their there here what which who
    when where why how not no nor so than too very can will just don should now or if then as by from
    about into over after before up down out off again further once all any both each few more most other
    some such only own same am
    """.split()
)

# Ordinary words that must not be "repaired" into a lexicon word (they are spelled right already).
COMMON_WORDS = frozenset(
    """
    staat staan straat stad stond steeds stuk stukken stil stille stilte stap stapt stappen stoel stoer stom
    maken maakt laken lachen lachte lopen loopt liep liepen leven leeft lezen leest licht lichte
    hebben heeft hadden zouden kunnen konden moeten mochten willen wilden mogen gaan gaat ging gingen
    komen komt kwam kwamen zeggen zegt zei zeiden vragen vraagt vroeg vroegen denken denkt dacht
    zien ziet zag zagen weten weet wist horen hoort hoorde voelen voelt voelde voel zoeken zoekt zocht
    wonen woont woonde werken werkt werkte spelen speelt speelde praten praat praatte helpen helpt hielp
    rijden rijdt reed reden fietsen fietst lopen wachten wacht wachtte bellen belt belde gebeld
    hallo beste groet groeten bedankt dank dankjewel alvast graag goedemorgen goedemiddag
    jammer helaas inmiddels ondertussen afgelopen vorige vorig volgende volgend binnenkort eindelijk
    zaterdag zondag maandag dinsdag woensdag donderdag vrijdag weekend weekenden januari februari maart
    april mei juni juli augustus september oktober november december zomer winter lente herfst
    gemeente wijkagent politie agent handhaving handhavers boa boas wijkteam woningcorporatie
    groningen stad dorp buurt wijk flat flats straat straten plein laan hoek huis huizen tuin tuinen
    moeder vader ouders kinderen kind zoon dochter oma opa broer zus man vrouw buurman buurvrouw buren
    iemand niemand iedereen mensen bewoners bewoner ouderen oudere jongeren jongens meisjes tieners
    mijn jouw zijn haar onze jullie hun hem wij zij dat deze die dit wat wie waar hoe waarom wanneer
    heel erg echt zeer best vrij nogal tamelijk ongeveer bijna zeker misschien waarschijnlijk gewoon
    goed beter best slecht slechter groot groter klein kleiner nieuw nieuwe oud oude jong jonge lang
    alleen samen elkaar ander andere anders overal nergens ergens hier daar ginds buiten binnen boven
    onder achter voor naast tussen tegenover langs rond rondom door over sinds tijdens vanaf totdat
    dagen weken maanden jaren uren minuten avond avonden nacht nachten ochtend ochtenden middag middagen
    vaak soms altijd nooit steeds weer alweer elke iedere meestal zelden regelmatig dagelijks wekelijks
    plek plekken plaats plaatsen ruimte ruimtes kant kanten deel delen stuk eind einde begin midden
    auto autos fiets fietsen scooter scooters brommer brommers bus trein weg wegen pad paden
    water vuur aarde lucht zon regen wind sneeuw ijs boom bomen gras bloem bloemen plant planten
    deur deuren raam ramen muur muren dak daken vloer trap trappen kamer kamers keuken badkamer
    geld werk school zorg hulp steun vraag vragen antwoord probleem problemen oplossing oplossingen
    last overlast melding meldingen klacht klachten idee ideeen plan plannen actie acties
    gevaarlijk gevaarlijke veilig veilige rustig rustige druk drukke stil stille schoon schone vies
    kapot kapotte stuk heel hele nat natte droog droge koud koude warm warme donker donkere licht lichte
    lief lieve aardig aardige vriendelijk boos bozig verdrietig blij bang moe ziek gezond
    vinden vind vond gevonden houden houdt hield gehouden laten laat liet gelaten zetten zet zette
    nemen neemt nam genomen geven geeft gaf gegeven brengen brengt bracht gebracht halen haalt haalde
    kopen koopt kocht gekocht betalen betaalt betaalde betaald krijgen krijgt kreeg gekregen
    blijven blijft bleef gebleven worden wordt werd geworden hebben heeft zijn is was waren
    maar want omdat terwijl hoewel zodat toen nadat voordat zodra indien tenzij ofwel noch
    rijdt rijd rijden reed reden rijder rijders gereden kijk kijkt kijken keek gekeken
    redden gered drukken gedrukt dozen doos gasten gast trekken trekt getrokken
    staat stonden liggen ligt lag lagen zitten zit zat zaten hangen hangt hing hingen
    """.split()
)

# Frequent misspellings edit distance does not reach (phonetic or run-together), to the word meant.
MISSPELLINGS = {
    "hondepoep": "hondenpoep",
    "hondenpoepp": "hondenpoep",
    "hondestront": "hondenstront",
    "lantarenpaal": "lantaarnpaal",
    "lantaarpaal": "lantaarnpaal",
    "lantenpaal": "lantaarnpaal",
    "lantaarns": "lantaarn",
    "lichtpaal": "lantaarnpaal",
    "eenzaamhijd": "eenzaamheid",
    "eensaam": "eenzaam",
    "eenzamm": "eenzaam",
    "schimmmel": "schimmel",
    "sgimmel": "schimmel",
    "vogt": "vocht",
    "vochd": "vocht",
    "focht": "vocht",
    "ratte": "ratten",
    "ratjes": "ratten",
    "rattten": "ratten",
    "vuilniszakke": "vuilniszakken",
    "vuilnizakken": "vuilniszakken",
    "fuilniszakken": "vuilniszakken",
    "zwerfafal": "zwerfafval",
    "hangjongere": "hangjongeren",
    "hangjongens": "hangjongeren",
    "lawaaij": "lawaai",
    "lawai": "lawaai",
    "herie": "herrie",
    "muziekk": "muziek",
    "muzik": "muziek",
    "hardrijers": "hardrijders",
    "hardrijden": "hardrijden",
    "scheure": "scheuren",
    "drempels": "drempel",
    "snelheit": "snelheid",
    "parkere": "parkeren",
    "geparkeert": "geparkeerd",
    "verlichtingg": "verlichting",
    "donkker": "donker",
    "speeltuintje": "speeltuin",
    "speeltuinn": "speeltuin",
    "schomel": "schommel",
    "glijbaam": "glijbaan",
    "energierekenig": "energierekening",
    "energie-rekening": "energierekening",
    "rekeninge": "rekeningen",
    "schulde": "schulden",
    "schult": "schuld",
    "geltzorgen": "geldzorgen",
    "mantelzorgr": "mantelzorger",
    "dementerend": "dementerend",
    "huisarst": "huisarts",
    "inbraken": "inbraak",
    "ingebrooken": "ingebroken",
    "gestoolen": "gestolen",
    "fuurwerk": "vuurwerk",
    "vuurwerrk": "vuurwerk",
    "wiett": "wiet",
    "weed": "weed",
    "dealers": "dealer",
    "drugsdealers": "drugsdealer",
    "lachgaz": "lachgas",
    "stoepteggels": "stoeptegels",
    "tegeltjes": "tegels",
    "kuile": "kuilen",
    "onveillig": "onveilig",
    "onvijlig": "onveilig",
    "onveilich": "onveilig",
    "eng": "eng",
    "alleen": "alleen",
    "allenig": "alleen",
    "alleene": "alleen",
    "niemant": "niemand",
    "nimand": "niemand",
    "niemad": "niemand",
    "iemant": "iemand",
    "langs": "langs",
    "lans": "langs",
    "aanspaak": "aanspraak",
    "aansprak": "aanspraak",
    "contackt": "contact",
    "kontakt": "contact",
    "kontact": "contact",
    "buurthuiz": "buurthuis",
    "buurhuis": "buurthuis",
    "taalles": "taalles",
    "nederlans": "nederlands",
    "nederlandse": "nederlands",
    "nedelands": "nederlands",
    "formulieren": "formulieren",
    "formulier": "formulier",
    "formulieree": "formulieren",
    "briefen": "brieven",
    "brieve": "brieven",
    "opvoeden": "opvoeden",
    "opvoding": "opvoeding",
    "puberr": "puber",
    "ikke": "ik",
    "ff": "even",
    "idd": "inderdaad",
    "nie": "niet",
    "nt": "niet",
    "wnt": "want",
    "mn": "mijn",
    "zn": "zijn",
    "sws": "sowieso",
    "gwn": "gewoon",
    "ipv": "in plaats van",
    "auto's": "autos",
    "dr": "er",
    "savonds": "avonds",
    "snachts": "nachts",
    "smorgens": "morgens",
    "smiddags": "middags",
    "sochtends": "ochtends",
    "trottoir": "stoep",
    "trottoirs": "stoepen",
}

# Separable-verb particles: "ik vul het formulier in" is "invullen", "wie leest de krant voor" is "voorlezen".
PARTICLES = frozenset(
    """
    aan af bij door in mee na om op terug toe uit voor weg langs schoon vast open dicht neer
    """.split()
)

# Words that end a clause's particle position (a particle before them is still the clause's last word).
CLAUSE_JOINERS = frozenset("en of maar want omdat als zodat dan terwijl".split())

# Subjects before or after which the finite verb of a main clause stands ("ik lees", "lees ik", "wie haalt").
SUBJECTS = frozenset("ik je jij u hij zij ze we wij jullie wie iemand men".split())
PRONOUNS = frozenset("ik jij u hij zij we wij jullie".split())  # after an inverted verb ("lees ik")

# Frequent words that are parts of compounds residents write ("stamboom|onderzoek", "boodschappen|hulp"),
# beyond the lexicon's, common, generic and filler words: a compound is read as its parts too when its
# last part is one of the known words and the rest is known as well (or long enough to be a word itself).
COMPOUND_PARTS = frozenset(
    """
    onderzoek hulp hulpje dienst diensten werk werkje les lessen cursus club groep middag avond ochtend dag
    kast kastje kasten tafel tafels stoel stoelen bank bed bedden bureau lamp lampen klok klokken boek boeken
    brief brieven papier papieren krant kranten blad tijdschrift post pakje doos dozen zak zakken tas tassen
    maatje maatjes vriend vriendin vrijwilliger vrijwilligers project projecten plan idee avondje uitje
    reparatie onderhoud vervanging aanleg gesprek gesprekken praatje bezoek bezoekje wandeling rondje
    fiets fietsen auto wagen kar karretje machine apparaat apparaten telefoon scherm computer
    keuken kamer zolder kelder schuur tuin balkon gang hal trap deur raam muur vloer plafond dak
    hond honden kat katten dier dieren vogel vogels plant planten boom bomen bloem bloemen gras
    kind kinderen baby school klas oma opa ouder ouders familie gezin buur buren buurt wijk
    geld rekening rekeningen zorg dokter arts pil pillen recept eten maaltijd soep brood taart koek
    kleding kleren jas broek rok gordijn gordijnen tapijt kussen stof draad knoop rits
    geschiedenis verhaal verhalen foto fotos album archief muziek lied liedjes spel spelletje
    ophalen brengen halen maken zetten leggen hangen lezen schrijven invullen opruimen schoonmaken
    """.split()
)
