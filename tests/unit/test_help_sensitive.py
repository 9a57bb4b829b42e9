"""The sensitive-content check of help requests (portal.help.safety.sensitive_topics), phrasing by phrasing.

Each phrasing in portal/help/data/sensitive_phrasings.csv says which topics a community worker would say it
touches: debts and money troubles, health, mental health, violence at home, suicide; or none, for harmless
look-alikes ("schuldig aan een taart", "geweldig", "ziek van het wachten"). A hit holds the request for the
team; a miss lets private troubles be read by neighbours, a false hit only makes a worker look first.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from portal.help import safety

PHRASINGS = Path(safety.__file__).parent / "data" / "sensitive_phrasings.csv"


def _phrasings() -> list:
    with PHRASINGS.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return [pytest.param(row["text"], row["topics"].split(), id=row["text"][:60]) for row in rows]


CASES = _phrasings()


def test_the_list_holds_at_least_sixty_phrasings_with_hits_and_harmless_look_alikes():
    hits = [case for case in CASES if case.values[1]]
    harmless = [case for case in CASES if not case.values[1]]
    assert len(CASES) >= 60
    assert len(hits) >= 30 and len(harmless) >= 20
    assert {topic for case in hits for topic in case.values[1]} == set(safety.SENSITIVE_TOPICS)


@pytest.mark.parametrize(("text", "topics"), CASES)
def test_each_phrasing_gets_the_topics_a_worker_would_name(text, topics):
    assert sorted(safety.sensitive_topics(text)) == sorted(topics)


def test_topics_come_in_a_fixed_order_and_only_once():
    text = "Ik ben ziek, heb schulden en een depressie; de deurwaarder komt en ik word ziek van de zorgen"
    assert safety.sensitive_topics(text) == ["debt", "health", "mental_health"]


def test_accents_capitals_and_hyphens_do_not_matter():
    for text in ("SUÏCIDE", "Burn-out", "burnout", "burn out", "Zelfmoord-gedachten"):
        assert safety.sensitive_topics(text), text


def test_one_slip_is_forgiven_in_long_words_only():
    assert safety.sensitive_topics("deurwaaderskosten") == ["debt"]  # a slip at the start of a compound
    assert safety.sensitive_topics("Mijn schuur is vol") == []  # "schuur" is not a slipped "schuld"
    assert safety.sensitive_topics("een ziek kind") == ["health"]


def test_empty_and_missing_texts_touch_nothing():
    assert safety.sensitive_topics(None) == []
    assert safety.sensitive_topics("   ") == []


def test_the_check_is_a_pure_function_without_flask_or_a_database():
    code = (
        "import sys; import portal.help.safety as s; s.sensitive_topics('schulden'); "
        "bad = [m for m in ('flask', 'sqlalchemy', 'flask_sqlalchemy') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(safety.__file__).parents[2])
