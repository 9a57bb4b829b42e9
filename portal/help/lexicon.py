"""The concepts of neighbourly help: what residents ask for and offer, in Dutch and English words.

Read together with the shared concept lexicon (``portal.lexicon_nl``: loneliness, letters and forms,
learning Dutch, health...), in the same format (see there). The second column is the kind of help a
concept points to, or "other" when no kind fits it (a dog to walk, a hem to take up); a request of kind
"other" is matched to the offers of the kinds its text points to as well (``matching_text``).

Written by hand from how residents describe everyday help, before the scenario set was run.
"""

from __future__ import annotations

HELP_CONCEPTS = """
shopping | groceries | boodschappen | shopping
    boodschap*, *boodschap, *boodschappen*, supermarkt*, *supermarkt, winkel*, *winkel, winkels, albert heijn, jumbo,
    lidl, aldi, coop, markt, weekmarkt, boodschappenlijst*, lijstje, zware|heavy tassen|tas|bags|shopping,
    tassen dragen|sjouwen, kratje*, krat, groceries, grocery, shopping, supermarket, apotheek ophalen|halen,
    medicijnen ophalen|halen|brengen, pharmacy, prescription*
lift_ride | lift | een lift en vervoer | a lift and transport
    lift, liftje, rijden, rit, ritje, ritten, brengen halen|ophalen|terug|weg, wegbrengen,
    ophalen afspraak|ziekenhuis,
    *vervoer, vervoer, taxi*, auto ziekenhuis|afspraak|brengen|rijden, met de auto, autorijden, chauffeur*, rijbewijs,
    ride, rides, drive, driving, driver, give a lift, car, pick up, drop off
appointments | lift | ziekenhuis en afspraken | hospital and appointments
    ziekenhuis*, *ziekenhuis, umcg, martini, martiniziekenhuis, polikliniek*, poli, fysio*, *fysiotherapeut,
    tandarts*, *tandarts, huisarts*, specialist*, bloedprikken, dialyse*, hospital, appointment*, physio*, dentist,
    checkup
mobility | lift | slecht ter been | mobility
    rolstoel*, *rolstoel, rollator*, *rollator, scootmobiel*, krukken, slecht ter been, slecht lopen|ter,
    lopen moeilijk,
    kan niet lopen|ver, wheelchair*, walker, walking frame, mobility scooter, crutches
diy | odd_jobs | klussen in huis | odd jobs in the house
    klus, klusje*, klussen, klussenier*, *klus, boor*, boren, geboord, *boormachine, schroef*, schroev*,
    *schroevendraaier,
    ophangen, opgehangen, hang op, hangen op, gordijnrail*, *rail, rails, gordijn*, *gordijnen, roede, plank*, *plank,
    planken, schilderij*, spiegel*, lamp ophangen|aansluiten|vervangen, lampen ophangen, stopcontact*, monteren,
    gemonteerd, in elkaar zetten|gezet, ikea, kast monteren|ophangen, bouwpakket*, schilder*, verven, geverfd,
    behang*,
    kitrand*, kraan*, *kraan, lekkende, deurklink*, handyman, diy, drill*, screw*,
    shelf, shelves, curtain*, rail, hang up, put up, mount, assemble, flat pack, paint*, wallpaper*, fix, fixing,
    repair*,
    odd job*, tap, toolbox, gereedschap*
moving | odd_jobs | verhuizen en sjouwen | moving and carrying
    verhuiz*, verhuis*, *verhuizing, sjouw*, tillen, optillen, zwaar tillen|werk, dozen, doos, inpakken, uitpakken,
    bank naar, meubels verplaatsen|sjouwen|dragen|tillen, naar boven|beneden dragen|tillen|sjouwen, aanhanger*, busje,
    moving, move house, moving house, carry, carrying, lift heavy, boxes
cleaning | odd_jobs | schoonmaken en opruimen | cleaning and tidying
    schoonmaak*, schoonmaken, schoongemaakt, poets*, stofzuig*, dweil*, ramen lappen|wassen|zemen, lappen, zolder
    opruimen|leeg, opruimen huis|kamer|zolder|schuur|kast, uitzoeken spullen, schuur, zolder, cleaning, clean,
    hoover*,
    vacuum*, tidy, tidying, declutter*, mop, windows
bike | odd_jobs | fiets repareren | bike repairs
    fiets band|lek|kapot|repareren|maken|ketting|rem|remmen|licht, lekke band, band plakken, *fietsenmaker,
    fietsband*,
    binnenband*, fietsketting*, fietslampje*, bandje plakken, bike|bicycle repair|fix|tyre|tire|chain|brake,
    flat tyre,
    flat tire, puncture
sewing | other | naaien en kleding herstellen | sewing and mending
    naai*, *naaimachine, verstel*, kleding herstellen|repareren|maken|korter|innemen, zoom*, korter maken, inkorten,
    ingekort, knoop aanzetten, knoop knoopje, rits*, ritssluiting*, sewing, sew, mending, mend, hem, hems,
    alterations,
    alter, button
pets | other | huisdieren | pets
    hond, honden, hondje, *hond, uitlaten, uitgelaten, laat uit, rondje hond|honden|lopen, kat, katten, poes, poezen,
    kater, kattenbak*, konijn*, cavia*, vogel voeren, huisdier*, *huisdier, dieren verzorgen|voeren|eten, voeren,
    brokjes,
    dierenarts*, dog, dogs, puppy, walk the dog, dog walking, walking dogs, cat, cats, kitten*, pet, pets, feed,
    litter tray
plants | garden | planten en water geven | plants and watering
    planten water, water geven, plantjes, kamerplant*, bloembak*, *bloembakken, balkon planten|bloemen, moestuin*,
    groenten kweken, potten, water the plants, watering, houseplant*, plants, pots
lawn | garden | gras maaien | mowing the lawn
    gras maaien|kort, grasmaai*, *grasmaaier, maaien, gemaaid, maai, gazon*, lawn*, mow, mowing, mower, grass
pruning | garden | snoeien en de heg | pruning and the hedge
    snoei*, gesnoeid, *snoeien, heg, heggen, *heg, haag, *haag, heggenschaar*, struik*, *struiken,
    bomen snoeien|zagen,
    takken, hedge*, prune, pruning, trim, trimming, bushes, shrub*, branches
weeding | garden | onkruid en tegels | weeds and paving
    onkruid*, wieden, gewied, schoffel*, tegels voegen|onkruid, voegen, voegenkrabber, bladeren harken|ruimen, harken,
    bladblazer*, weeds, weeding, rake, raking, leaves, paving
gardening | garden | tuinwerk | garden work
    tuin*, *tuin, *tuintje, tuinieren, tuinman, tuinwerk*, tuinklus*, spitten, bollen planten, compost*, schutting*,
    garden*, gardening, yard
computer_phone | computer | computer en telefoon | computer and phone
    computer*, *computer, laptop*, tablet*, ipad*, telefoon*, *telefoon, smartphone*, mobieltje, mobiel, whatsapp*,
    app, apps, appje, appen, videobellen, beeldbellen, facetime, email*, mail, mailen, internet*, wifi, router,
    printer*, printen, scannen, installeren, update*, wachtwoord*, inloggen, account, foto*, *fotos, bankieren,
    internetbankieren, bankapp*, phone, mobile, smartphone, tablet, laptop, video call*, videocall*, password*,
    online, install, photos, printer, digitaal, digitale, technology, tech
government_online | forms | DigiD en instanties | DigiD and the authorities
    digid*, mijn overheid, mijnoverheid, belastingdienst*, belasting*, *belasting, aangifte*, *aangifte, toeslag*,
    *toeslag, huurtoeslag*, zorgtoeslag*, uwv, svb, aow, pensioen*, gemeente formulier|brief|website, cjib, duo,
    tax*, tax return, allowance*, benefit*, authorities, pension
letters_forms | forms | brieven en formulieren | letters and forms
    brief, brieven, briefje, post, formulier*, *formulier*, *formulieren, invullen, ingevuld, aanvraag*, aanvragen,
    *aanvraag, papierwerk, papieren, administratie*, *administratie, rekeningen ordenen|uitzoeken|sorteren, ordenen,
    uitleggen brief|brieven|post, begrijp|snap brief|brieven|post, lezen brief|brieven|post, schrijven brief,
    letter, letters, form, forms, fill in, filling in, paperwork, admin
language_practice | language_buddy | Nederlands oefenen | practising Dutch
    taalmaatje*, *taalmaatje, nederlands oefenen|leren|praten|spreken|beter, taal*, *taal,
    spreekvaardigheid, conversatie*, uitspraak, woordenschat, inburger*, *inburgering, taalles*, *taalcafe,
    practise|practice|improve|learn dutch, practise, practice, speaking dutch, conversation*, pronunciation,
    vocabulary, language buddy, language
company_visit | company | gezelschap en een praatje | company and a chat
    gezelschap, gezellig*, praatje*, *praatje, kletsen, babbel*, bezoek*, *bezoek, visite, langskomen, langs komen,
    kopje koffie|thee, koffie drinken|samen, kopje, thee, spelletje*, *spelletjes, kaarten, sjoelen, schaken, dammen,
    puzzel*, voorlezen, samen eten|koken|kijken|wandelen|fietsen, eenzaam*, alleen wonen|woont, company, chat, visit*,
    coffee, tea, cards, board game*, games, read aloud, lonely, keep company
walks | company | wandelen | walks
    wandel*, *wandeling, gewandeld, rondje lopen|wandelen|buiten, ommetje, frisse lucht, naar buiten, park, stukje
    lopen, arm in arm, walk, walks, walking, a stroll, stroll, fresh air, outside
childcare | childminding | oppassen op kinderen | minding children
    oppas*, *oppas, oppassen, opgepast, babysit*, kinderen halen|ophalen|brengen|wegbrengen, van
    school halen|ophalen, naar school brengen, schoolplein, kinderopvang*, creche, baby*, peuter*, kleuter*,
    kinderen spelen|bezighouden, kinderwagen, childcare, childminding, childminder*, school run, children, kids,
    toddler*, baby
homework | childminding | huiswerk en bijles | homework and tutoring
    huiswerk*, *huiswerk, bijles*, rekenen, wiskunde, lezen oefenen, spelling, voorlezen kinderen|kind, toets*,
    spreekbeurt*, werkstuk*, homework, tutor*, maths, math, reading practice, spelling
meals | cooking | koken en maaltijden | cooking and meals
    koken, kook*, kookt, gekookt, maaltijd*, *maaltijd, *maaltijden, eten koken|maken|brengen|klaarmaken, warm eten,
    warme maaltijd, pannetje, pan, soep*, *soep, stamppot*, bakken, taart*, recept*, invriezen, ingevroren,
    diepvries*,
    cook, cooking, meal*, dinner, lunch, soup, bake, baking, recipe*, freeze
diet | cooking | dieet en bijzondere voeding | special diets
    dieet*, *dieet, zoutloos, zoutarm, zoutvrij, zonder zout, weinig zout, suikervrij, zonder suiker, diabet*,
    suikerziekte, suikerpatient*, glutenvrij, gluten, lactosevrij, halal, vegetarisch*, veganistisch*, vegan*,
    allergie*, *allergie, allergisch, nierpatient*, diet*, salt free, low salt, no salt, sugar free, diabetic,
    vegetarian, allergy, allergies, allergic
"""
