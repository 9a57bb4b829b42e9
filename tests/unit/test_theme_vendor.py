"""The NL Design System's stylesheet is vendored at the version the lock pins (static/vendor/utrecht.lock), with
its licence and a note of where it came from, and it has every component class the templates use."""

from __future__ import annotations

import re
from pathlib import Path

from portal.themes.web import UTRECHT_CSS, UTRECHT_CSS_VERSION

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"


def _lock() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (VENDOR / "utrecht.lock").read_text().splitlines() if "=" in line)
    return {key: value for key, value in pairs}


def test_the_version_the_pages_link_is_the_one_the_lock_pins():
    lock = _lock()
    assert lock["VERSION"] == UTRECHT_CSS_VERSION
    assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", lock["INTEGRITY"])
    folder = VENDOR / f"utrecht-component-library-css-{UTRECHT_CSS_VERSION}"
    assert (ROOT / "static" / UTRECHT_CSS) == folder / "index.css"
    assert sorted(path.name for path in folder.iterdir()) == ["LICENSE.md", "README.md", "index.css"]
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (folder / "LICENSE.md").read_text()
    note = (folder / "README.md").read_text()
    assert f"@utrecht/component-library-css@{UTRECHT_CSS_VERSION}" in note and lock["INTEGRITY"] in note
    assert [path.name for path in VENDOR.glob("utrecht-component-library-css-*")] == [folder.name]  # no leftovers


def test_every_component_class_the_templates_use_exists_in_the_vendored_stylesheet():
    """After an update, a class the components renamed fails here instead of silently losing its look."""
    css = (ROOT / "static" / UTRECHT_CSS).read_text()
    defined = set(re.findall(r"\.(utrecht-[a-z0-9_-]+)", css))
    used = {}
    for template in (ROOT / "templates").rglob("*.html"):
        for name in re.findall(r"utrecht-[a-z0-9_-]*[a-z0-9]", template.read_text()):
            used.setdefault(name, template.relative_to(ROOT).as_posix())
    # Classes finished by a template expression (utrecht-alert--{{ kind }}) are checked by their known values.
    for kind in ("ok", "info", "warning", "error"):
        used[f"utrecht-alert--{kind}"] = "templates/_macros/alerts.html"
    missing = {name: where for name, where in used.items() if name not in defined}
    assert not missing, missing
