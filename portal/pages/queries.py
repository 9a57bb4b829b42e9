"""What the home page shows a visitor of what happens in the city: the next events, new initiatives, projects.

Each list is a few rows read through the query functions of the feature that owns them (pages is above them all),
with a LIMIT in the database: the home page costs the same number of queries for an empty city and a busy one.
Only what their public pages show: no drafts, no declined or withdrawn initiatives.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.extensions import db
from portal.initiatives import lifecycle
from portal.initiatives.agenda import AgendaItem, agenda_items, start_of_today
from portal.initiatives.models import Initiative
from portal.initiatives.queries import Filters as InitiativeFilters
from portal.initiatives.queries import initiatives_found
from portal.projects.models import RUNNING, STARTING, Project
from portal.projects.queries import Filters as ProjectFilters
from portal.projects.queries import projects_found

EVENTS = 4
INITIATIVES = 4
PROJECTS = 3
OPEN_INITIATIVES = (lifecycle.SUBMITTED, lifecycle.IN_CONVERSATION, lifecycle.PLANNED)


@dataclass(frozen=True)
class CityNow:
    """What is happening in the city, for the home page."""

    events: list[AgendaItem]
    initiatives: list[Initiative]
    projects: list[Project]


def coming_events(limit: int = EVENTS) -> list[AgendaItem]:
    """The next events in the whole city from today on, from every agenda source (initiatives, projects)."""
    return agenda_items(None, start_of_today(), limit=limit)


def recent_initiatives(limit: int = INITIATIVES) -> list[Initiative]:
    """The newest initiatives that are still open to support or to join, as the public list orders them."""
    query = initiatives_found(InitiativeFilters(), None).where(Initiative.status.in_(OPEN_INITIATIVES))
    return list(db.session.scalars(query.limit(limit)))


def running_projects(limit: int = PROJECTS) -> list[Project]:
    """Collective projects under way (running first, then starting), newest first, with their teams."""
    query = projects_found(ProjectFilters()).where(Project.status.in_((RUNNING, STARTING)))
    return list(db.session.scalars(query.limit(limit)))


def city_now() -> CityNow:
    return CityNow(coming_events(), recent_initiatives(), running_projects())
