"""A theme per municipality (issue 17): every theme file passes WCAG 2.1 AA contrast, pair by pair, and a theme
that would not is refused with its reasons, as is one that could write other CSS into the page."""

from __future__ import annotations

import tomllib

import pytest

from portal.config import Settings
from portal.themes import theme as themes

THEME_FILES = sorted(themes.THEMES.glob("*.toml"))


def _colours(path) -> dict[str, str]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["colours"]


def test_the_contrast_ratio_is_wcags():
    assert themes.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert themes.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert themes.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    # Groningen's brand red: just enough for text on white, too little on the brand grey.
    assert themes.contrast_ratio("#e60004", "#ffffff") == pytest.approx(4.81, abs=0.01)
    assert themes.contrast_ratio("#e60004", "#f3f3f3") < themes.TEXT_MINIMUM


def test_there_are_two_themes_and_groningen_is_the_default():
    assert {"groningen", "voorbeeld"} <= set(themes.available())
    assert Settings().THEME == "groningen"
    assert themes.load("groningen").name == "Gemeente Groningen"
    assert themes.load("voorbeeld").name == "Gemeente Voorbeeld"


@pytest.mark.parametrize("path", THEME_FILES, ids=lambda path: path.stem)
@pytest.mark.parametrize(("front", "back"), themes.TEXT_PAIRS, ids="-on-".join)
def test_text_in_every_theme_passes_aa(path, front, back):
    colours = _colours(path)
    ratio = themes.contrast_ratio(colours[front], colours[back])
    assert ratio >= 4.5, f"{path.name}: {front} {colours[front]} on {back} {colours[back]} is {ratio:.2f}:1"


@pytest.mark.parametrize("path", THEME_FILES, ids=lambda path: path.stem)
@pytest.mark.parametrize(("front", "back"), themes.NON_TEXT_PAIRS, ids="-on-".join)
def test_marks_in_every_theme_pass_aa(path, front, back):
    colours = _colours(path)
    ratio = themes.contrast_ratio(colours[front], colours[back])
    assert ratio >= 3.0, f"{path.name}: {front} {colours[front]} on {back} {colours[back]} is {ratio:.2f}:1"


@pytest.mark.parametrize("path", THEME_FILES, ids=lambda path: path.stem)
def test_every_theme_loads_with_its_logo_and_favicon(path):
    assert themes.problems(path.stem) == []
    chosen = themes.load(path.stem)
    for image in (chosen.logo, chosen.favicon):
        svg = (themes.STATIC / image).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "<script" not in svg


def test_groningen_keeps_its_brand_colours():
    """The brand red marks (the line under the header); text and buttons use darker reds that pass."""
    colours = themes.load("groningen").colours
    assert colours["accent"] == "#e60004"
    assert (colours["text"], colours["surface"], colours["positive"]) == ("#0e0301", "#f3f3f3", "#4d6a51")
    assert colours["primary"] != "#e60004" and colours["link"] != "#e60004"


def test_the_stylesheet_holds_every_token_and_its_address_follows_the_tokens():
    chosen = themes.load("groningen")
    css = chosen.stylesheet()
    assert css.count("--theme-") == len(themes.TOKENS) + 1  # the colours and the font
    assert "--theme-accent: #e60004;" in css and "--theme-font-family: system-ui" in css
    other = themes.Theme(**{**vars(chosen), "colours": {**chosen.colours, "link": "#8c0002"}})
    assert other.version != chosen.version


@pytest.fixture
def theme_folder(tmp_path, monkeypatch):
    """A portal/themes and static/themes of our own, with a copy of Groningen as 'proef'."""
    monkeypatch.setattr(themes, "THEMES", tmp_path / "themes")
    monkeypatch.setattr(themes, "STATIC", tmp_path / "static")
    (tmp_path / "themes").mkdir()
    (tmp_path / "static" / "themes" / "proef").mkdir(parents=True)
    for name in ("logo.svg", "favicon.svg"):
        (tmp_path / "static" / "themes" / "proef" / name).write_text("<svg/>")
    source = (themes.Path(__file__).resolve().parents[2] / "portal" / "themes" / "groningen.toml").read_text()

    def write(**changes) -> str:
        body = source
        for old, new in changes.items():
            body = body.replace(old, new)
        (tmp_path / "themes" / "proef.toml").write_text(body)
        return "proef"

    return write


def test_a_copy_of_a_good_theme_passes(theme_folder):
    assert themes.problems(theme_folder()) == []


def test_a_theme_whose_links_fail_contrast_is_refused(theme_folder):
    name = theme_folder(**{'link = "#b30003"': 'link = "#e60004"'})
    found = themes.problems(name)
    assert any("colours.link #e60004 on colours.surface #f3f3f3 has a contrast of 4.33:1" in p for p in found), found
    with pytest.raises(themes.ThemeError):
        themes._read(name)


def test_a_theme_cannot_write_other_css_into_the_page(theme_folder):
    name = theme_folder(**{'text = "#0e0301"': 'text = "red; } body { display: none"'})
    assert any("colours.text must be a colour written #rrggbb" in p for p in themes.problems(name))
    name = theme_folder(**{'name = "Gemeente Groningen"': 'name = "Gemeente Groningen"\nfont_family = "x; } *{"'})
    assert any(p.startswith("font_family") for p in themes.problems(name))


def test_a_theme_needs_every_token_and_its_pictures(theme_folder):
    name = theme_folder(**{'positive = "#4d6a51"\n': "", 'logo = "logo.svg"': 'logo = "../../secret.svg"'})
    found = themes.problems(name)
    assert any(p.startswith("colours.positive") and "missing" in p for p in found)
    assert any(p.startswith("logo:") for p in found)


def test_an_unknown_or_odd_theme_name_is_refused():
    assert "there is no nergens.toml" in themes.problems("nergens")[0]
    assert "lower-case letters" in themes.problems("../config")[0]


def test_the_configuration_check_refuses_a_theme_that_cannot_be_used():
    problems = Settings(THEME="nergens").problems()
    assert any(p.startswith("THEME 'nergens': there is no nergens.toml") for p in problems), problems
    assert not any(p.startswith("THEME") for p in Settings(THEME="voorbeeld").problems())
