"""What an indicators page shows, read from its query string: the grain, the period and the place.

``?grain=month&period=2026-11-01&team=selwerd&area=WK001401``

* ``grain``: ``week``, ``month`` (the default), ``quarter`` or ``year``;
* ``period``: any day (``YYYY-MM-DD``) in the period to show, or ``YYYY-MM`` for a month; default today;
* ``team``: a team's slug (the coordinator's dashboard only); ``area``: a district's or neighbourhood's CBS code.

``parse`` is pure: junk raises ``BadChoice`` naming the field, which the page answers with a 400 and a message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.indicators.periods import GRAINS

DEFAULT_GRAIN = "month"
EARLIEST = date(2000, 1, 1)
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
AREA_CODE = re.compile(r"^(WK|BU)[0-9]{4,10}$")
MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")


class BadChoice(ValueError):
    """The query string asks for something that is not there; ``field`` names the parameter."""

    def __init__(self, field: str, message) -> None:
        super().__init__(str(field))
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Choice:
    grain: str
    day: date
    team: str | None = None
    area: str | None = None

    def query(self, **changes) -> dict[str, str]:
        """The query string for this choice (with ``changes``), for links and the CSV."""
        values = {"grain": self.grain, "period": self.day.isoformat(), "team": self.team, "area": self.area}
        values.update(changes)
        return {key: value for key, value in values.items() if value}


def _day(text: str, today: date) -> date:
    month = MONTH.match(text)
    try:
        day = date(int(month[1]), int(month[2]), 1) if month else date.fromisoformat(text)
    except ValueError:
        raise BadChoice("period", _l("Choose a period as a date, for example 2026-11-01.")) from None
    if not EARLIEST <= day <= today:
        raise BadChoice("period", _l("Choose a period between 2000 and today.")) from None
    return day


def parse(args: Mapping[str, str], today: date, *, allow_team: bool = True) -> Choice:
    """The choice in ``args`` (a request's query string); empty values mean the default."""
    grain = (args.get("grain") or DEFAULT_GRAIN).strip()
    if grain not in GRAINS:
        raise BadChoice("grain", _l("Choose a week, month, quarter or year."))
    period = (args.get("period") or "").strip()
    day = _day(period, today) if period else today
    team = (args.get("team") or "").strip() or None
    if team is not None and (not allow_team or not SLUG.match(team)):
        raise BadChoice("team", _l("There is no such team."))
    area = (args.get("area") or "").strip().upper() or None
    if area is not None and not AREA_CODE.match(area):
        raise BadChoice("area", _l("There is no such district or neighbourhood."))
    return Choice(grain=grain, day=day, team=team, area=area)
