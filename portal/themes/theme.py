"""A municipality's theme, read from ``portal/themes/<name>.toml``, and the checks it must pass.

A theme names the municipality, points to its logo and favicon (SVG files under ``static/themes/<name>/``) and
gives the colour tokens every page is drawn with. The tokens become CSS custom properties (``--theme-<token>``,
see ``stylesheet``), which ``static/css/portal.css`` hands on to the NL Design System components.

Every theme must pass WCAG 2.1 AA contrast: text colours at least 4.5:1 against the backgrounds they are shown on
(``TEXT_PAIRS``), and the colours that mark something without text (borders of fields, the accent line under the
header, the focus ring) at least 3:1 (``NON_TEXT_PAIRS``). ``problems`` says what is wrong with a theme; the
configuration check refuses a theme with any problem, so a municipality cannot switch to an unreadable look.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

THEMES = Path(__file__).resolve().parent
STATIC = THEMES.parent.parent / "static"
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# A font stack: names, quoted names and commas only, so a theme file cannot smuggle other CSS in.
FONT_STACK = re.compile(r"""^[A-Za-z0-9 ,"'-]{1,200}$""")
DEFAULT_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

# The colour tokens of a theme, and what each one is for.
TOKENS = {
    "text": "body text and headings",
    "text-subtle": "secondary text (hints, dates, counts)",
    "background": "the page",
    "surface": "tinted blocks: the navigation bar, the footer, notes",
    "primary": "the background of primary buttons",
    "primary-hover": "primary buttons under the pointer or pressed",
    "on-primary": "text on primary buttons",
    "accent": "the line under the header (decoration) and the mark of the current page in the navigation (never text)",
    "link": "links",
    "link-hover": "links under the pointer",
    "header-background": "the page header",
    "header-text": "text in the page header",
    "border": "borders of form fields and cards",
    "error": "error messages and the border of a field in error",
    "positive": "confirmations",
    "focus": "the ring around whatever has keyboard focus",
}

# (foreground, background): text must stand out at least 4.5:1 (WCAG 1.4.3, normal-sized text).
TEXT_PAIRS = (
    ("text", "background"),
    ("text", "surface"),
    ("text-subtle", "background"),
    ("text-subtle", "surface"),
    ("link", "background"),
    ("link", "surface"),
    ("link-hover", "background"),
    ("link-hover", "surface"),
    ("on-primary", "primary"),
    ("on-primary", "primary-hover"),
    ("primary", "background"),  # secondary buttons: primary text on the page
    ("header-text", "header-background"),
    ("error", "background"),
    ("positive", "background"),
    ("text", "focus"),  # the skip link shows dark text on the focus colour
)
# (colour, background): a mark without text must stand out at least 3:1 (WCAG 1.4.11).
NON_TEXT_PAIRS = (
    ("accent", "surface"),  # the mark under the current page in the navigation bar
    ("border", "background"),
    ("error", "background"),
    ("focus", "text"),  # the focus ring: the focus colour around a dark outline
)
TEXT_MINIMUM, NON_TEXT_MINIMUM = 4.5, 3.0


class ThemeError(ValueError):
    """A theme that cannot be used; ``problems`` lists every reason."""

    def __init__(self, name: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"Theme {name!r} cannot be used: " + "; ".join(problems))


@dataclass(frozen=True)
class Theme:
    key: str  # the file's name: groningen
    name: str  # the municipality, shown beside the logo: Gemeente Groningen
    logo: str  # under static/: themes/groningen/logo.svg
    favicon: str
    colours: dict[str, str] = field(hash=False)
    font_family: str = DEFAULT_FONT

    def stylesheet(self) -> str:
        """The theme's tokens as CSS custom properties on :root (served as /theme.css)."""
        lines = [f"/* Theme {self.key!r} (portal/themes/{self.key}.toml): {self.name} */", ":root {"]
        lines += [f"  --theme-{token}: {self.colours[token]};" for token in TOKENS]
        lines += [f"  --theme-font-family: {self.font_family};", "}", ""]
        return "\n".join(lines)

    @property
    def version(self) -> str:
        """A short digest of the stylesheet: its URL changes whenever the tokens do."""
        return hashlib.sha256(self.stylesheet().encode()).hexdigest()[:12]


def contrast_ratio(one: str, other: str) -> float:
    """WCAG 2.1 contrast ratio of two colours written #rrggbb (1.0 to 21.0)."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def path_of(name: str) -> Path:
    return THEMES / f"{name}.toml"


def available() -> list[str]:
    """The names of the themes in portal/themes/."""
    return sorted(path.stem for path in THEMES.glob("*.toml"))


def problems(name: str) -> list[str]:
    """Everything that keeps the theme ``name`` from being used (empty: fine)."""
    try:
        _read(name)
    except ThemeError as error:
        return error.problems
    return []


@cache
def load(name: str) -> Theme:
    """The theme ``name``, read once; ThemeError when it has any problem."""
    return _read(name)


def _read(name: str) -> Theme:
    if not NAME.match(name or ""):
        raise ThemeError(name, ["a theme's name is lower-case letters, digits and hyphens, like groningen"])
    path = path_of(name)
    if not path.is_file():
        raise ThemeError(name, [f"there is no {path.name} in portal/themes/ (there are: {', '.join(available())})"])
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ThemeError(name, [f"{path.name} is not valid TOML: {error}"]) from None
    found = _file_problems(name, data)
    colours = {token: str(value) for token, value in (data.get("colours") or {}).items()}
    if not found:
        found = contrast_problems(colours)
    if found:
        raise ThemeError(name, found)
    return Theme(
        key=name,
        name=data["name"],
        logo=f"themes/{name}/{data['logo']}",
        favicon=f"themes/{name}/{data['favicon']}",
        colours=colours,
        font_family=data.get("font_family", DEFAULT_FONT),
    )


def _file_problems(name: str, data: dict) -> list[str]:
    found = []
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        found.append("name: the municipality's name is missing")
    for key in ("logo", "favicon"):
        value = data.get(key)
        if not isinstance(value, str) or not value.endswith(".svg") or "/" in value or value.startswith("."):
            found.append(f"{key}: the name of an SVG file in static/themes/{name}/, like {key}.svg")
        elif not (STATIC / "themes" / name / value).is_file():
            found.append(f"{key}: static/themes/{name}/{value} does not exist")
    if "font_family" in data and not (isinstance(data["font_family"], str) and FONT_STACK.match(data["font_family"])):
        found.append("font_family: a list of font names separated by commas")
    colours = data.get("colours")
    if not isinstance(colours, dict):
        return [*found, "[colours]: the table of colour tokens is missing"]
    for token in TOKENS:
        if token not in colours:
            found.append(f"colours.{token} ({TOKENS[token]}) is missing")
        elif not (isinstance(colours[token], str) and COLOUR.match(colours[token])):
            found.append(f"colours.{token} must be a colour written #rrggbb; it is {colours[token]!r}")
    found += [f"colours.{token} is not a token a theme has" for token in colours if token not in TOKENS]
    return found


def contrast_problems(colours: dict[str, str]) -> list[str]:
    """The pairs of ``colours`` whose contrast is below WCAG 2.1 AA, each with its ratio."""
    found = []
    for pairs, minimum, kind in ((TEXT_PAIRS, TEXT_MINIMUM, "text"), (NON_TEXT_PAIRS, NON_TEXT_MINIMUM, "marks")):
        for front, back in pairs:
            ratio = contrast_ratio(colours[front], colours[back])
            if ratio < minimum:
                found.append(
                    f"colours.{front} {colours[front]} on colours.{back} {colours[back]} has a contrast of "
                    f"{ratio:.2f}:1; {kind} need at least {minimum}:1 (WCAG 2.1 AA)"
                )
    return found
