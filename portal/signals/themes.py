"""Words for signals on the residents' pages: the themes and the partners a worker records for."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.signals import lexicon
from portal.signals.models import DISMISSED, FINISHED_PROJECT, OPEN, PARTNER_SOURCES, PROJECT, RESIDENT

# The themes of lexicon.THEMES, in that order.
THEME_LABELS = {
    "loneliness": _l("Loneliness"),
    "money": _l("Money worries"),
    "upbringing": _l("Bringing up children"),
    "housing": _l("Housing and damp"),
    "nuisance": _l("Nuisance"),
    "safety_traffic": _l("Safety and traffic"),
    "public_space": _l("Litter and public space"),
    "play_sport": _l("Play and sport"),
    "health_care": _l("Health and care"),
    "language_participation": _l("Language and taking part"),
    "other": _l("Something else"),
}
assert tuple(THEME_LABELS) == lexicon.THEMES  # a theme added to the lexicon needs a label here

SOURCE_LABELS = {
    RESIDENT: _l("A resident"),
    "housing_corporation": _l("Housing corporation"),
    "gp": _l("GP practice"),
    "school": _l("School"),
    "police": _l("Police"),
    "other": _l("Another partner"),
}
assert tuple(SOURCE_LABELS) == (RESIDENT, *PARTNER_SOURCES)

PROGRESS_LABELS = {
    OPEN: _l("Still open"),
    PROJECT: _l("Taken up in a project"),
    FINISHED_PROJECT: _l("Tackled in a project that has finished"),
    DISMISSED: _l("Closed by the team"),
}


def theme_label(theme: str | None):
    """The theme's label, or "I don't know" for a signal without one."""
    return THEME_LABELS.get(theme, theme) if theme else _l("I don't know")
