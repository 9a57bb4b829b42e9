"""The concepts of neighbourly help: what residents ask for and offer, in Dutch and English words.

Read together with the shared concept lexicon (``portal.lexicon_nl``: loneliness, letters and forms,
learning Dutch, health...), in the same format (see there). The second column is the kind of help a
concept points to, or "other" when no kind fits it (a dog to walk, a hem to take up); a request of kind
"other" is matched to the offers of the kinds its text points to as well (``matching_text``).

Written by hand from how residents describe everyday help, before the scenario set was run; concepts were
split and added after the first two held-out runs (see BENCHMARKS.md). A kind's broad concept weighs 1.5
(most offers of that kind mention it, so it tells little among them); the specific ones weigh 3.
"""

from __future__ import annotations

HELP_CONCEPTS = """
shopping | groceries | boodschappen | shopping | 1.5
    boodschap*, *boodschap, *boodschappen*, supermarkt*, *supermarkt, winkel*, *winkel, winkels, albert heijn, jumbo,
    lidl, aldi, coop, markt, weekmarkt, boodschappenlijst*, lijstje, zware|heavy tassen|tas|bags|shopping,
    tassen dragen|sjouwen, kratje*, krat, groceries, grocery, shopping, supermarket, errands, food shopping
pharmacy | groceries | apotheek en medicijnen | pharmacy and medicines
    apotheek*, *apotheek, medicijn*, *medicijnen, pillen, recept ophalen, pharmacy, prescription*, medicine*
parcels | groceries | pakketjes en post | parcels and post
    pakket*, *pakket, pakketje*, postpunt*, postkantoor*, *postkantoor, afhaalpunt*, parcel*, post office
lift_ride | lift | een lift en vervoer | a lift and transport | 1.5
    lift, liftje, rijden, rit, ritje, ritten, brengen halen|ophalen|terug|weg, wegbrengen,
    *vervoer, vervoer, taxi*, met de auto, autorijden, chauffeur*, rijbewijs, auto,
    ride, rides, drive, driving, driver, give a lift, car, pick up, drop off
appointments | lift | ziekenhuis en afspraken | hospital and appointments
    ziekenhuis*, *ziekenhuis, umcg, martini, martiniziekenhuis, polikliniek*, poli, fysio*, *fysiotherapeut,
    afspraak, afspraken, *afspraak, tandarts*, *tandarts, huisarts*, specialist*, bloedprikken, dialyse*, hospital,
    appointment*, physio*, dentist, checkup, dagbesteding*, *dagbesteding
mobility | lift | slecht ter been | mobility
    rolstoel*, *rolstoel, rollator*, *rollator, scootmobiel*, krukken, slecht ter been, slecht lopen|ter,
    lopen moeilijk, kan niet lopen|ver, wheelchair*, walker, walking frame, mobility scooter, crutches
diy | odd_jobs | klussen in huis | odd jobs in the house | 1.5
    klus, klusje*, klussen, klussenier*, *klus, gereedschap*, *gereedschap, handyman, diy, odd job*, toolbox, fix,
    fixing, repair*, repareren, repareer, reparatie*, kapot
hanging | odd_jobs | iets ophangen en boren | hanging things up and drilling
    boor*, boren, geboord, *boormachine, ophangen, opgehangen, hang op, hangen op, gordijnrail*, *rail, rails,
    gordijn*, *gordijnen, roede, plank*, *plank, planken, schilderij*, spiegel*, lamp|lampen ophangen,
    kast ophangen, drill*, shelf, shelves, curtain*, rail, hang up, put up, mount, pictures
assembly | odd_jobs | meubels in elkaar zetten | assembling furniture
    monteren, gemonteerd, in elkaar zetten|gezet, ikea, bouwpakket*, meubel|meubels|kast in elkaar, assemble,
    flat pack, furniture, opbouwen, opgebouwd, ineenzetten, montage*, *montage,
    meubel|meubels|kast|kasten|kastje|*kast|*kasten|bed|bedden|ledikant|tafel|bureau|stoel|stoelen|ladekast|commode
    doos|dozen|pakket|bouwpakket|elkaar|opbouwen|monteren|handleiding|schroeven,
    bookcase|wardrobe|bed|desk|table|cupboard box|boxes|together|build, put together, build furniture
furniture | odd_jobs | meubels | furniture
    meubel*, *meubel, *meubels, meubilair, kast, kasten, kastje, boekenkast*, kledingkast*, ladekast*, linnenkast*,
    bed, bedden, ledikant, tafel, tafels, bureau, commode, dressoir, stoel, stoelen, fauteuil*,
    furniture, bookcase*, wardrobe*, cupboard*, chest of drawers, desk, table, chairs, sofa
painting | odd_jobs | schilderen en behangen | painting and wallpapering
    schilder, schilderen, geschilderd, verf, verven, geverfd, *verven, behang*, kitrand*, kitten, paint*,
    wallpaper*, decorat*
plumbing | odd_jobs | kranen, afvoer en toilet | taps, drains and toilets
    kraan, kranen, *kraan, lekkende kraan|leiding, afvoer*, *afvoer, verstopt*, ontstoppen, toilet*, wc, sifon,
    leiding*, loodgieter*, *loodgieter, geiser, boiler, tap, taps, drain*, plumb*, toilet, leaking, leak
electrics | odd_jobs | elektra en apparaten | electrics and appliances
    stopcontact*, schakelaar*, elektra, elektrisch*, *elektricien, zekering*, stroomstoring, lamp aansluiten|vervangen,
    lampje vervangen, peertje, wasmachine*, *wasmachine, vaatwasser*, droger*, koelkast aansluiten, aansluiten,
    aangesloten, apparaat|apparaten aansluiten|installeren, socket*, electric*, appliance*, washing machine,
    dishwasher, plug in, connect
doors_windows | odd_jobs | deuren, ramen en zonwering | doors, windows and blinds
    rolluik*, *rolluik, zonwering*, *zonwering, jaloezie*, deur klemt|sluit, deurklink*, scharnier*, slot
    vervangen, raam klemt|sluit, hor, horren, vliegenhor*, blinds, shutter*, door sticks, hinge*
moving | odd_jobs | verhuizen en sjouwen | moving and carrying
    verhuiz*, verhuis*, *verhuizing, sjouw*, tillen, optillen, zwaar tillen|werk, dozen, doos, inpakken, uitpakken,
    bank naar, meubels verplaatsen|sjouwen|dragen|tillen, naar boven|beneden dragen|tillen|sjouwen, aanhanger*, busje,
    moving, move house, moving house, carry, carrying, lift heavy, boxes
cleaning | odd_jobs | schoonmaken en opruimen | cleaning and tidying
    schoonmaak*, schoonmaken, schoongemaakt, poets*, stofzuig*, dweil*, ramen lappen|wassen|zemen, lappen,
    zolder opruimen|leeg, opruimen huis|kamer|zolder|schuur|kast, opruimen, opgeruimd, uitzoeken spullen, cleaning,
    clean, hoover*, vacuum*, tidy, tidying, declutter*, mop, windows
bike | odd_jobs | fiets repareren | bike repairs
    fiets|fietsen|fietsje band|lek|kapot|repareren|repareer|maken|maak|ketting|rem|remmen|licht|plakken, lekke band,
    band plakken, *fietsenmaker, fietsband*, binnenband*, fietsketting*, fietslampje*, fietsreparatie*, bandje plakken,
    bike|bicycle repair|fix|tyre|tire|chain|brake, flat tyre, flat tire, puncture
cycling_lessons | other | fietsles | cycling lessons
    fietsles*, *fietsles, leren fietsen, fietsen leren|geleerd|les, learn|learning to cycle|ride, cycling lesson*
sewing | other | naaien en kleding herstellen | sewing and mending
    naai*, *naaimachine, verstel*, kleding herstellen|repareren|maken|korter|innemen, zoom*, korter maken, inkorten,
    ingekort, knoop aanzetten, knoop knoopje, rits*, ritssluiting*, brei*, haak*, sewing, sew, mending, mend,
    alterations, alter, button, knit*
family_history | other | stamboom en familiegeschiedenis | family history
    stamboom*, *stamboom, genealogie*, genealogisch*, familiegeschiedenis, familienaam, voorouders, voorouder*,
    archief, archieven, doopboek*, bevolkingsregister, family tree, genealogy, ancestry, ancestors, family history
ironing | other | strijken en de was | ironing and laundry
    strijk*, *strijken, gestreken, strijkgoed, was doen|vouwen|ophangen, wasgoed, ironing, iron, laundry
hair | other | haren knippen | a haircut
    kapper*, *kapper, haren|haar knippen|knip|knipt|geknipt|wassen|doen, haircut, hairdresser, cut hair
music | other | muziek en muziekles | music and music lessons
    muziekles*, *muziekles, gitaar*, *gitaar, piano*, *piano, keyboard, zingen, zang*, *koor, koor, viool,
    instrument*, music lesson*, guitar, sing, singing, choir, violin
pets | other | huisdieren | pets
    hond, honden, hondje, *hond, uitlaten, uitgelaten, laat uit, rondje hond|honden|lopen, kat, katten, poes, poezen,
    kater, kattenbak*, konijn*, cavia*, vogel voeren, huisdier*, *huisdier, dieren verzorgen|voeren|eten, voeren,
    brokjes, kat|poes eten|voeren, dierenarts*, dog, dogs, puppy, walk the dog, dog walking, walking dogs, cat, cats,
    kitten*, pet, pets, feed, litter tray
gardening | garden | tuinwerk | garden work | 1.5
    tuin*, *tuin, *tuintje, tuinieren, tuinman, tuinwerk*, tuinklus*, compost*, garden*, gardening, yard
planting | garden | spitten en planten | digging and planting
    spit*, gespit, *spitten, omspitten, planten|plant struik|struiken|bollen|boom|heg, bollen, aanleggen, hovenier*,
    *hovenier, border*, dig, digging, planting, landscap*
plants | garden | planten en water geven | plants and watering
    planten water, water geven, plantjes, kamerplant*, bloembak*, *bloembakken, balkon planten|bloemen, moestuin*,
    groenten kweken, potten, water the plants, watering, houseplant*, plants, pots
lawn | garden | gras maaien | mowing the lawn
    gras maaien|kort, grasmaai*, *grasmaaier, maaien, gemaaid, maai, gazon*, lawn*, mow, mowing, mower, grass
pruning | garden | snoeien en de heg | pruning and the hedge
    snoei*, gesnoeid, *snoeien, heg, heggen, *heg, haag, *haag, heggenschaar*, struik*, *struiken,
    bomen snoeien|zagen, takken, hedge*, prune, pruning, trim, trimming, bushes, shrub*, branches
weeding | garden | onkruid en tegels | weeds and paving
    onkruid*, wieden, gewied, schoffel*, tegels voegen|onkruid, voegen, voegenkrabber, bladeren harken|ruimen, harken,
    bladblazer*, weeds, weeding, rake, raking, leaves, paving
fences | garden | schutting en tuinhout | fences and garden wood
    schutting*, *schutting, hek, hekwerk, tuinhek*, tuinhout, beits*, gebeitst, tuinbank*, fence*, gate, shed, schuur
computer_phone | computer | computer en telefoon | computer and phone | 1.5
    computer*, *computer, laptop*, tablet*, ipad*, telefoon*, *telefoon, smartphone*, mobieltje, mobiel, installeren,
    update*, wachtwoord*, inloggen, account, digitaal, digitale, online, phone, mobile, smartphone, tablet, laptop,
    password*, install, technology, tech
phone_apps | computer | apps en videobellen | apps and video calls
    whatsapp*, app, apps, appje, appen, videobellen, beeldbellen, facetime, video call*, videocall*,
    skype, sms, berichtjes, texting
banking | computer | internetbankieren | online banking
    bankieren, internetbankieren, *bankieren, bankapp*, bankzaken, ideal, pinpas*, overschrijv*,
    overmaken, betalen online, online betalen, banking, online banking, bank app, pay online
email | computer | e-mail | e-mail
    email*, e mail, mail, mails, mailen, gemaild, inbox, gmail, outlook, hotmail
photos | computer | foto's | photos
    foto*, *fotos, back up, backup*, cloud, album*, photo*, pictures
printing | computer | printen en scannen | printing and scanning
    printer*, printen, geprint, print*, scannen, gescand, scanner*, scan*, inkt*, cartridge*
tv_internet | computer | tv, wifi en internet | tv, wifi and the internet
    televisie*, tv, *tv, afstandsbediening*, zenders, decoder*, netflix, wifi, internet*, router*, modem*,
    verbinding*, wachtwoord wifi, television, remote, channels, connection, network
government_online | forms | DigiD en instanties | DigiD and the authorities
    digid*, mijn overheid, mijnoverheid, belastingdienst*, belasting*, *belasting, aangifte*, *aangifte, toeslag*,
    *toeslag, huurtoeslag*, zorgtoeslag*, uwv, svb, aow, pensioen*, cjib, duo, uitkering*, *uitkering, bijstand*,
    tax*, tax return, allowance*, benefit*, authorities, pension
municipal_forms | forms | gemeente en Wmo | the municipality and care forms
    wmo, gemeente formulier|brief|website|aanvraag, gemeentelijk*, *gemeente, indicatie*, *voorziening, traplift*,
    huishoudelijke hulp, parkeervergunning*, paspoort*, rijbewijs verlengen, municipality, council
letters_forms | forms | brieven en formulieren | letters and forms | 1.5
    brief, brieven, briefje, post, formulier*, *formulier*, *formulieren, invullen, ingevuld, aanvraag*, aanvragen,
    *aanvraag, papierwerk, papieren, administratie*, *administratie, rekeningen ordenen|uitzoeken|sorteren, ordenen,
    letter, letters, form, forms, fill in, filling in, paperwork, admin
language_practice | language_buddy | Nederlands oefenen | practising Dutch | 1.5
    taalmaatje*, *taalmaatje, nederlands oefenen|leren|praten|spreken|beter, taal*, *taal,
    spreekvaardigheid, conversatie*, uitspraak, woordenschat, inburger*, *inburgering, taalles*, *taalcafe,
    practise|practice|improve|learn dutch, practise, practice, speaking dutch, conversation*, pronunciation,
    vocabulary, language buddy, language
company_visit | company | gezelschap en een praatje | company and a chat | 1.5
    gezelschap, gezellig*, praatje*, *praatje, kletsen, babbel*, bezoek*, *bezoek, visite, langskomen, langs komen,
    kopje koffie|thee, koffie drinken|samen, kopje, koffie, thee, eenzaam*, alleen wonen|woont, company, chat, visit*,
    coffee, tea, lonely, keep company, befriend*, a cuppa, cup of tea|coffee, talk, talking, someone to talk
reading_aloud | company | voorlezen | reading aloud
    voorlezen, voorlees*, voorgelezen, krant|kranten|tijdschrift|boek|boeken|post|brieven lezen|voorlezen,
    slecht zien|ziet, slechtziend*, blind, blinde, read aloud|out|to, reading aloud, newspaper*, poor eyesight,
    audiobook*, luisterboek*
games | company | spelletjes en puzzels | games and puzzles
    spelletje*, *spelletjes, spel, kaarten, kaartspel*, sjoelen, schaken, schaak*, dammen, puzzel*, *puzzel,
    rummikub, scrabble, klaverjas*, bingo, board game*, games, cards, chess, puzzle*
walks | company | wandelen | walks
    wandel*, *wandeling, gewandeld, rondje lopen|wandelen|buiten, ommetje, frisse lucht, naar buiten, park, stukje
    lopen, arm in arm, walk, walks, walking, a stroll, stroll, fresh air, outside
childcare | childminding | oppassen op kinderen | minding children | 1.5
    oppas*, *oppas, oppassen, opgepast, pas|past|passen op kinderen|kind|kleinkinderen|baby|peuter|kleintjes,
    babysit*, kinderopvang*, creche, kinderen spelen|bezighouden, childcare,
    childminding, childminder*, children, kids
babies | childminding | baby's en peuters | babies and toddlers
    baby*, *baby, babys, peuter*, dreumes*, luier*, *luiers, flesje geven, zuigeling*, toddler*, infant*, nappy,
    nappies, diaper*
school_run | childminding | naar en van school | the school run
    van school halen|ophalen, naar school brengen, school halen|ophalen|brengen, schoolplein, uit school, naschools*,
    kinderen halen|ophalen|brengen|wegbrengen, school run, pick up from school, after school
homework | childminding | huiswerk en bijles | homework and tutoring
    huiswerk*, *huiswerk, bijles*, rekenen, wiskunde, lezen oefenen, spelling, voorlezen kinderen|kind, toets*,
    spreekbeurt*, werkstuk*, homework, tutor*, maths, math, reading practice, spelling
meals | cooking | koken en maaltijden | cooking and meals | 1.5
    koken, kook*, kookt, gekookt, maaltijd*, *maaltijd, *maaltijden, eten koken|maken|brengen|klaarmaken, warm eten,
    warme maaltijd, pannetje, pan, soep*, *soep, stamppot*, invriezen, ingevroren, diepvries*, cook, cooking, meal*,
    dinner, lunch, soup, freeze
baking | cooking | bakken | baking
    bakken, gebakken, taart*, *taart, cake*, koek*, *koekjes, brood bakken, bake, baking, biscuit*, cookies
diet | cooking | dieet en bijzondere voeding | special diets
    dieet*, *dieet, zoutloos, zoutarm, zoutvrij, zonder zout, weinig zout, suikervrij, zonder suiker, diabet*,
    suikerziekte, suikerpatient*, glutenvrij, gluten, lactosevrij, halal, vegetarisch*, veganistisch*, vegan*,
    allergie*, *allergie, allergisch, nierpatient*, diet*, salt free, low salt, no salt, sugar free, diabetic,
    vegetarian, allergy, allergies, allergic
"""

# Words every request or offer may use that say nothing about what the help is (weighed as filler).
FILLER_WORDS = frozenset(
    """
    nodig zoek zoeken zoekt wie iemand keer keren per kunnen lukt lukken zelf eens even soms mag moet help helpen
    helpt hulp graag leuk fijn kom komen langs buur buren buurman buurvrouw tijd wil willen bent ben
    need needs help helping someone anyone can could would like please time times
    """.split()
)
