"""Every indicator has its exact definition, and the README states the same words."""

from __future__ import annotations

from pathlib import Path

from portal.indicators.definitions import GROUP_LABELS, INDICATORS, KEYS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_indicator_is_defined_once_in_a_known_group():
    assert len(KEYS) == len(INDICATORS) == len(set(KEYS))
    for indicator in INDICATORS:
        assert indicator.group in GROUP_LABELS
        assert indicator.kind in ("share", "count", "duration")
        assert str(indicator.definition).endswith(".") and len(str(indicator.definition)) > 20


def test_the_readme_gives_every_definition_word_for_word():
    readme = " ".join(README.read_text(encoding="utf-8").split())
    for indicator in INDICATORS:
        assert f"`{indicator.key}` ({indicator.label}) | {indicator.definition} |" in readme, indicator.key
