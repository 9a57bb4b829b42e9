"""Neighbourly help: does the matcher's first suggestion agree with the helper a worker would choose?

Reads the scenarios in tests/scenarios/help (see the README there), turns each into matching's facts as
`services_suggestions` turns stored rows into them, ranks the offers, and compares the first with the
worker's choice. `python -m tests.benchmarks help-scenarios` writes the result to BENCHMARKS.md;
tests/unit/test_help_scenarios.py keeps the held-out agreement from falling.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from portal.help import matching, matching_text

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios" / "help"
# The sets in the order they were written; any other file there (a new blind set, "blind.json" →
# "blind", "blind_2.json" → "blind-2") follows in the order of its name, so a set added later is
# evaluated without anyone listing it here.
KNOWN_ORDER = ("tuning", "held-out", "fresh", "fresh-2")
# Set to a comma-separated list of splits to evaluate only those (e.g. while tuning, so that a blind set
# is neither opened nor shown): HELP_SCENARIO_SPLITS=tuning,held-out,fresh,fresh-2
ONLY_ENV = "HELP_SCENARIO_SPLITS"
HOME = (53.2194, 6.5665)  # the requester's home; offers lie `km` north of it
KM_PER_DEGREE = math.pi / 180 * matching.EARTH_RADIUS_KM
REQUESTER_AREA = 1


@dataclass(frozen=True)
class Outcome:
    id: str
    split: str
    choice: str
    first: str | None  # the matcher's first suggestion (None: it suggested nobody)
    why: str
    ranking: list[tuple[str, float]]

    @property
    def agrees(self) -> bool:
        return self.first == self.choice


def split_name(path: Path) -> str:
    """A scenario file's split, from its name alone ("fresh_2.json" → "fresh-2")."""
    return path.stem.replace("_", "-")


def splits(only: str | None = None) -> dict[str, Path]:
    """Every scenario set in tests/scenarios/help by split name, the known ones first, others by name.

    Only the file names are read here; ``only`` (default: the HELP_SCENARIO_SPLITS environment variable)
    keeps just the splits it names, so the others are never opened.
    """
    only = os.environ.get(ONLY_ENV, "") if only is None else only
    wanted = {name.strip() for name in only.split(",") if name.strip()} if only else None
    found = {split_name(path): path for path in SCENARIOS.glob("*.json")}
    order = [name for name in KNOWN_ORDER if name in found] + sorted(set(found) - set(KNOWN_ORDER))
    return {name: found[name] for name in order if wanted is None or name in wanted}


SPLITS = splits()


def load(split: str) -> tuple[datetime, list[dict]]:
    data = json.loads(splits("")[split].read_text(encoding="utf-8"))
    assert all(item.get("split", data.get("split")) == data.get("split") for item in data["scenarios"])
    return datetime.fromisoformat(data["now"]), data["scenarios"]


def request_facts(item: dict, now: datetime, user_id: int = 1) -> matching.RequestFacts:
    """The scenario's request as the adapter makes it from a stored request."""
    asked = item["request"]
    first = date.fromisoformat(asked["date"]) if asked.get("date") else None
    last = date.fromisoformat(asked["until"]) if asked.get("until") else None
    stored = asked.get("slots", []) if asked["when"] == "slots" else matching.date_slots(first, last, asked["parts"])
    return matching.RequestFacts(
        id=1,
        user_id=user_id,
        kind=asked["kind"],
        lat=HOME[0],
        lon=HOME[1],
        area_id=REQUESTER_AREA,
        slots=matching.needed_slots(asked["when"], first, last, stored),
        languages=tuple(asked["languages"]),
        created_at=now - timedelta(days=asked.get("waiting_days", 0)),
        urgency=asked.get("urgency", "normal"),
        frequency=asked["frequency"],
        words=matching_text.features(asked["text"]),
        text=asked["text"],
    )


def offer_facts(item: dict, now: datetime) -> list[matching.OfferFacts]:
    """The scenario's offers, ids in the order listed, each `km` north of the requester's home."""
    return [
        matching.OfferFacts(
            id=10 + n,
            user_id=100 + n,
            kinds=frozenset(offer["kinds"]),
            lat=HOME[0] + offer["km"] / KM_PER_DEGREE,
            lon=HOME[1],
            area_id=REQUESTER_AREA if offer["same_neighbourhood"] else 100 + n,
            radius_km=offer["radius_km"],
            slots=frozenset(offer["slots"]),
            languages=frozenset(offer["languages"]),
            capacity=offer["capacity"],
            load=offer["load"],
            regular=offer["regular"],
            words=matching_text.features(offer["text"]),
            created_at=now - timedelta(days=offer["offered_days_ago"]),
        )
        for n, offer in enumerate(item["offers"])
    ]


def evaluate(split: str) -> list[Outcome]:
    now, items = load(split)
    outcomes = []
    for item in items:
        offers = offer_facts(item, now)
        names = {offer.id: given["name"] for offer, given in zip(offers, item["offers"], strict=True)}
        ranked = matching.rank(request_facts(item, now), offers, now, limit=None)
        outcomes.append(
            Outcome(
                id=item["id"],
                split=split,
                choice=item["choice"],
                first=names[ranked[0].offer_id] if ranked else None,
                why=item["why"],
                ranking=[(names[s.offer_id], round(s.score, 1)) for s in ranked],
            )
        )
    return outcomes


def agreement(outcomes: list[Outcome]) -> float:
    return sum(outcome.agrees for outcome in outcomes) / len(outcomes)


def benchmark() -> tuple[str, str]:
    results = {split: evaluate(split) for split in splits()}
    rows = [
        f"| {split} | {len(outcomes)} | {sum(o.agrees for o in outcomes)} | **{agreement(outcomes):.1%}** |"
        for split, outcomes in results.items()
    ]
    misses = [
        f"- `{o.id}` ({o.split}): the worker chose {o.choice} ({o.why}); the matcher put first {o.first or 'nobody'}"
        f" ({', '.join(f'{name} {value}' for name, value in o.ranking)})."
        for outcomes in results.values()
        for o in outcomes
        if not o.agrees
    ]
    print("Neighbourly help: scenarios")
    print("\n".join(rows))
    print("\n".join(misses) or "no misses")
    body = "\n".join(
        [
            "## Neighbourly help: scenarios",
            "",
            (
                "Top-1 agreement with the helper an experienced community worker would propose first, on the"
                " scenarios in `tests/scenarios/help` (one request, two or three offers, the worker's choice and"
                " why), written from a worker's judgement before the matcher ran on them. Each held-out set was"
                " run blind once; what happened then, and after, is below. The numbers in this table are today's."
            ),
            "",
            "| set | scenarios | agreed | top-1 agreement |",
            "| --- | ---: | ---: | ---: |",
            *rows,
            "",
            "Target: at least 95 % on scenarios the matcher was never tuned on.",
            "",
            *(["Misses today:", "", *misses, ""] if misses else ["No misses today.", ""]),
            HISTORY,
            "",
            "- Reproduce: `make bench` (or `.venv/bin/python -m tests.benchmarks help-scenarios`).",
        ]
    )
    return "help-scenarios", body


# What happened while tuning, written by hand (the tables above are measured on every run).
HISTORY = """How the sets were used, in order (commits in brackets):

1. Help's concept lexicon (ab679ff), then 52 scenarios: 26 for tuning, 26 held out (0fad3c3), then the
   matcher. Its weights were chosen by trying a few round variants on the tuning set only (26 of 26).
2. **Held-out, one blind run: 24 of 26 (92.3 %).** Both misses were a text against a few hundred metres:
   `h18` (a low-salt diet: the cook who mentions diets was 0.6 km further) and `h23` (a printer: the
   helper who names printers was 0.5 km further). After looking: text 25 % and distance 20 % (were 20 %
   and 25 %), and help's filler words weigh little. The held-out set then agreed on 26, no longer blind.
3. 28 fresh scenarios, written next (7abfafd). **One blind run: 24 of 28 (85.7 %).** All four misses were
   about words: `f12` (cycling lessons: no word in common, nobody suggested), `f23` (a dripping tap: a
   handyman's "klusjes" counted as much as a plumber's "kranen"), `f24` (online banking: both helpers
   only "computer"), `f25` (kind other, a roller shutter: the handyman who names them was out of reach of
   the kind gate). After looking: a kind's broad concept weighs 1.5 instead of 3 and specific concepts
   were added (plumbing, electrics, assembling furniture, painting, online banking, e-mail, photos,
   printing, tv and wifi, babies, the school run, baking, games, cycling lessons); kind other reaches any
   offer whose text shares something, and an unrelated "other" offer comes last at half its score
   instead of not at all. Tuning, held-out and fresh then agreed on every scenario.
4. 28 more scenarios, fresh-2, written next (5091035). **One blind run of the final matcher: 25 of 28
   (89.3 %).** Misses: `g06` (a bookcase "in de doos" and "meubels in elkaar zetten" share no word),
   `g14` ("voorleest" and "lees voor": a separable verb), `g20` ("stamboom" and "stamboomonderzoek": a
   compound). Nothing was changed for them then.
5. After looking at those misses, the texts are read as a Dutch reader reads them, by general rules
   (`portal.text_nl`, used by help only; signals' clustering reads words as before):
   - a compound is read as its parts too: the longest last part that is a known word (the lexicons',
     common and generic words, and a list of frequent compound parts in `portal.lexicon_nl`), with a
     linking -s- or -e- dropped ("dorps|huis"), the rest known or split again, or one unknown word when
     both are five letters or more ("stamboom|onderzoek"); inflections of known words and places are no
     compounds;
   - a separable verb is one word: a particle ending a clause ("ik lees graag voor", "wie vult het in?")
     is joined to the clause's finite verb, found next to its subject, as the infinitive ("voorlezen",
     "invullen"), and a joined third person is read as its infinitive ("voorleest"); "af en toe" and
     "in en om het huis" are no verbs;
   - a verb's forms are one verb: a third person meets the lexicon's first person ("repareert",
     "repareer") and a bare stem its infinitive ("ik breng": "brengen");
   - help's lexicon gained furniture (a bookcase, a bed, a wardrobe are furniture), more words for
     assembling it, reading aloud, family history, ironing, a haircut, music, and English words.
   `g14` and `g20` agree by the first two rules alone, `g06` by the furniture concept. Every set now
   agrees on every scenario, but fresh-2 is no longer blind either.
6. Any other file in `tests/scenarios/help` (a new blind set, `blind*.json`) is evaluated by its file
   name without being listed anywhere; its first run is the fair estimate for requests the matcher has
   not seen. While tuning, `HELP_SCENARIO_SPLITS=tuning,held-out,fresh,fresh-2` keeps it unopened.

Reading: the blind runs (92.3 %, 85.7 %, 89.3 %) fell short of the 95 % target. Every blind miss turned
on the texts (at first how much they weigh, then words the matcher did not connect), none on the other
rules: time, the parts of a date, languages, regularity, distance as km, load and ties agreed with the
worker in every blind scenario that turned on them. The later misses were texts where a worker knows two
different words mean the same thing (compounds, separable verbs, words the lexicon did not know); the
rules of step 5 read the first two in general, the third still needs the lexicon to grow with real
residents' texts. The same person wrote the lexicon, the scenarios and the matcher, so even the blind
sets share the writer's vocabulary.

The matcher before this work (shared slots over the smaller schedule, distance relative to the helper's
radius, language neutral without languages, texts and regularity ignored, ties by id) agreed on 9 of 26
(tuning), 10 of 26 (held-out), 12 of 28 (fresh) and 6 of 28 (fresh-2): these scenarios were written
around the cases the issue names, so they are harder than everyday requests (the issue found about 80 %
there)."""
