"""Factories for signal and project tests: a team area with a worker and three residents, and signals in it.

They need an application context and flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.accounts.models import ROLE_WORKER
from portal.signals import services
from portal.signals.services import SignalInput
from tests.factories.accounts import make_team, make_user
from tests.factories.initiatives import make_area


@dataclass
class SignalPlace:
    team: object
    area: object
    worker: object
    residents: list
    other_worker: object


def make_signal_place() -> SignalPlace:
    team = make_team("WIJ Signaalteam")
    area = make_area(team, "Zonnebuurt")
    other_team = make_team("WIJ Elders")
    return SignalPlace(
        team=team,
        area=area,
        worker=make_user(ROLE_WORKER, teams=[team], name="Wendy Werker"),
        residents=[make_user(area_id=area.id, name=name) for name in ("Riet Vos", "Hamid Bakr", "Sanne Smit")],
        other_worker=make_user(ROLE_WORKER, teams=[other_team], name="Otto Anders"),
    )


def report(reporter, area, text: str, theme: str | None = None, when: datetime | None = None, **fields):
    """A stored signal (placed into its cluster)."""
    return services.report(reporter, SignalInput(text=text, area=area, theme=theme, **fields), now=when)


LONELY = (
    "Mijn buurvrouw is heel eenzaam, er komt nooit iemand langs.",
    "Veel ouderen in onze straat zitten alleen thuis en hebben geen aanspraak.",
    "Ik voel me eenzaam sinds mijn man overleden is, ik spreek bijna niemand.",
)
DAMP = "Schimmel en vocht in de badkamer, de muren zijn zwart."
