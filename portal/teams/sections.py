"""The registry of sections on a team's page that higher features contribute (e.g. its collective projects).

Teams sit below those features, so the team page cannot import them: a feature registers a template and
a function that gives the template's context for a team (or None to leave the section out) from its
``init_app``. The page shows the sections in the order they were registered, between the team's areas and
the "ask your team" form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal.teams.models import Team


@dataclass(frozen=True)
class Section:
    template: str  # rendered with the team page's context plus ``section``
    context: Callable[[Team], dict | None]


SECTIONS: dict[str, Section] = {}


def register(template: str, context: Callable[[Team], dict | None]) -> None:
    """Add a section (registering the same template again replaces it, so a second app is harmless)."""
    SECTIONS[template] = Section(template, context)


def sections_for(team: Team) -> list[tuple[str, dict]]:
    """(template, context) of every section that has something to show for ``team``."""
    found = ((section.template, section.context(team)) for section in SECTIONS.values())
    return [(template, context) for template, context in found if context]
