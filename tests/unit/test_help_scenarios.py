"""The scenario set: a worker's first choice for each request, and the matcher's agreement with it.

The agreement per set may not fall below what BENCHMARKS.md records ("Neighbourly help: scenarios").
Only the tuning set was tuned on while it was still unseen; the others were measured blind once and
their first results are recorded there, with what happened after.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.benchmarks import help_scenarios
from tests.benchmarks.help_scenarios import SPLITS, evaluate, load

# Scenarios agreed with now. The blind first runs (BENCHMARKS.md): held-out 24 of 26, fresh 24 of 28, fresh-2
# 25 of 28 (all three looked at and improved on after: compounds, separable verbs, more concepts), blind-3 53 of
# 54 (written by someone else, never tuned on). A set added later has no floor until its first run is recorded.
RECORDED = {"tuning": 26, "held-out": 26, "fresh": 28, "fresh-2": 28, "blind-3": 53}


def test_there_are_at_least_40_scenarios_each_with_a_named_choice_and_a_reason():
    ids = Counter()
    total = 0
    for split in SPLITS:
        _now, items = load(split)
        total += len(items)
        for item in items:
            ids[item["id"]] += 1
            names = [offer["name"] for offer in item["offers"]]
            assert len(names) >= 2 and len(set(names)) == len(names), item["id"]
            assert item["choice"] in names and item["why"].strip(), item["id"]
    assert total >= 40
    assert max(ids.values()) == 1  # every scenario once


@pytest.mark.parametrize("split", list(SPLITS))
def test_agreement_with_the_worker_does_not_fall(split):
    outcomes = evaluate(split)
    if split not in RECORDED:
        pytest.skip(f"{split}: a new set has no recorded agreement yet (its first run is the blind one)")
    misses = [f"{o.id}: {o.choice} wanted, {o.first} first ({o.ranking})" for o in outcomes if not o.agrees]
    assert sum(o.agrees for o in outcomes) >= RECORDED[split], "\n".join(misses)


def test_the_scenarios_are_read_as_the_adapter_reads_stored_rows():
    now, items = load("tuning")
    dated = next(item for item in items if item["request"]["when"] == "date")
    facts = help_scenarios.request_facts(dated, now)
    assert facts.slots == {"thu-morning"}  # Thursday 5 March 2026, in the morning
    assert facts.languages == tuple(dated["request"]["languages"]) and facts.words


def test_every_scenario_file_is_a_set_named_by_its_file_and_a_new_one_needs_no_listing(tmp_path, monkeypatch):
    for name in ("fresh_2.json", "tuning.json", "zz_new.json", "blind.json", "held_out.json"):
        (tmp_path / name).write_text("not read", encoding="utf-8")  # only names are read
    monkeypatch.setattr(help_scenarios, "SCENARIOS", tmp_path)
    assert list(help_scenarios.splits("")) == ["tuning", "held-out", "fresh-2", "blind", "zz-new"]
    assert list(help_scenarios.splits("tuning, fresh-2")) == ["tuning", "fresh-2"]
