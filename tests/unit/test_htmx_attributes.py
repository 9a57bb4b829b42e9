"""htmx's attributes are written data-hx-* everywhere (issue 17): valid HTML, so the Nu HTML Checker in the browser
tests needs no exception for them; htmx reads both forms. This catches a bare hx-* in any template, also in one
the browser crawl does not reach."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BARE = re.compile(r"(?<![\w-])hx-[a-z]+(?:-[a-z]+)*(?::[a-z:-]+)?=")


def test_no_template_or_module_writes_a_bare_hx_attribute():
    found = []
    for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "portal").rglob("*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if BARE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "write data-hx-* instead:\n" + "\n".join(found)


def test_the_pattern_finds_what_it_should():
    assert BARE.search('<form hx-get="/x">') and BARE.search("<a hx-on:click='x'>")
    assert not BARE.search('<form data-hx-get="/x">') and not BARE.search('<meta name="htmx-config" content="">')
