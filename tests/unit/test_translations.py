"""Every user-facing string is in both catalogues, translated, with matching placeholders."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("nl", "en")
PLACEHOLDER = re.compile(r"%\(\w+\)s|%\w|\{\w*\}")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "pyproject.toml",
            "-k",
            "_l",
            "--ignore-dirs",
            ".* .venv node_modules build",
            "-o",
            str(pot),
            "--no-location",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return read_po(handle)


def _catalogue(language: str):
    with (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(extracted, language):
    catalogue = _catalogue(language)
    missing = [
        message.id
        for message in extracted
        if message.id
        and (
            catalogue.get(message.id, message.context) is None
            or not all(_strings(catalogue.get(message.id, message.context)))
        )
    ]
    assert missing == [], f"{len(missing)} messages missing from translations/{language}: {missing[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_fuzzy_translations_and_placeholders_match(language):
    catalogue = _catalogue(language)
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for translated in _strings(message):
            if translated and sorted(PLACEHOLDER.findall(translated)) != wanted:
                problems.append(f"placeholders differ: {message.id!r} -> {translated!r}")
    assert problems == []
