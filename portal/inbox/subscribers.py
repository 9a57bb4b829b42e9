"""The inbox's answers to other features' events (connected on import by ``blueprint.init_app``)."""

from __future__ import annotations

from portal import events
from portal.inbox import services


@events.team_question_asked.connect
def welcome_the_question(question, *, may_mail: bool = False, **_) -> None:
    """A resident asked a team: its private link, the confirmation mail and the team's workers told."""
    services.welcome(question, may_mail=may_mail)
