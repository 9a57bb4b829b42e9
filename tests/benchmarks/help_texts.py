"""Texts for the generated city's help offers and requests: a few phrases of their kind, some filler and
a street, so that texts differ (as residents' do) and text analysis is measured with the rest."""

from __future__ import annotations

import random

PHRASES = {
    "groceries": [
        "boodschappen doen",
        "naar de supermarkt",
        "zware tassen dragen",
        "medicijnen ophalen bij de apotheek",
    ],
    "lift": [
        "een lift naar het ziekenhuis",
        "met de auto naar de tandarts",
        "rijden naar de fysio",
        "ik zit in een rolstoel",
    ],
    "odd_jobs": ["een lamp ophangen", "een kast in elkaar zetten", "de kraan lekt", "gordijnen ophangen", "verhuizen"],
    "garden": ["gras maaien", "de heg snoeien", "onkruid wieden", "de tuin opruimen", "planten water geven"],
    "computer": ["hulp met de telefoon", "whatsapp en videobellen", "de laptop is traag", "internetbankieren leren"],
    "forms": [
        "een brief van de gemeente",
        "formulier invullen",
        "huurtoeslag aanvragen",
        "DigiD en de belastingdienst",
    ],
    "language_buddy": ["Nederlands oefenen", "taalmaatje", "beter Nederlands spreken", "samen praten"],
    "company": ["een kopje koffie", "samen wandelen", "een spelletje doen", "een praatje maken", "voorlezen"],
    "childminding": ["oppassen op de kinderen", "kinderen van school halen", "huiswerk maken", "op de baby passen"],
    "cooking": ["een warme maaltijd", "soep koken", "zoutarm koken", "een taart bakken"],
    "other": ["de hond uitlaten", "de kat voeren", "kleding herstellen", "de fietsband plakken", "leren breien"],
}
FILLER = ["graag", "even", "af en toe", "in de buurt", "als het uitkomt", "op een rustig moment", "samen", "fijn"]
STREETS = ["Dorpsstraat", "Kerklaan", "Zonnelaan", "Vinkenstraat", "Paterswoldseweg", "Oosterweg", "Eikenlaan"]


def text_of(rng: random.Random, kinds) -> str:
    """One or two phrases of each kind, some filler, and sometimes a street and a number."""
    words = [phrase for kind in sorted(kinds) for phrase in rng.sample(PHRASES[kind], rng.randint(1, 2))]
    words += rng.sample(FILLER, rng.randint(1, 3))
    if rng.random() < 0.5:
        words.append(f"{rng.choice(STREETS)} {rng.randint(1, 200)}")
    rng.shuffle(words)
    return ", ".join(words).capitalize() + "."


def with_texts(offers: list, requests: list, seed: int) -> tuple[list, list, dict]:
    """The generated offers and requests with a text each (analysed as the adapter does), offers helping
    regularly or now and then, and requests needed once, weekly or a few times; drawn from their own
    random stream, so the rest of the city stays as it was. Returns the texts by offer id too."""
    from dataclasses import replace

    from portal.help import matching_text

    rng = random.Random(seed + 1)
    texts = {}
    with_words = []
    for offer in offers:
        texts[offer.id] = text_of(rng, offer.kinds)
        words = matching_text.features(texts[offer.id])
        with_words.append(replace(offer, regular=rng.random() < 0.4, words=words))
    asked = []
    for request in requests:
        text = text_of(rng, {request.kind})
        frequency = rng.choices(("once", "weekly", "several"), weights=(6, 3, 1))[0]
        asked.append(replace(request, frequency=frequency, words=matching_text.features(text), text=text))
    return with_words, asked, texts
