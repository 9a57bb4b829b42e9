"""The demo initiatives' private conversations with the team, and the notifications their story gave.

Called by ``portal/demo/initiatives.py`` for each initiative it loads: the initiator and the team's worker
talked privately about some of them; the worker heard of each submitted initiative, the initiator of new
supporters, volunteers, the planned date or the reason of a decline, and of the team's last private
message. Older notifications are read, the newest not. Rows are written directly, with their times in the
demo's past; no mail is queued. Flushes, never commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.extensions import db
from portal.initiatives import lifecycle, times
from portal.initiatives import notification_kinds as kinds
from portal.initiatives.models import Initiative, PrivateMessage
from portal.initiatives.services import link_to
from portal.initiatives.services_private import link as private_link
from portal.notifications.models import Notification
from portal.timeutil import utcnow

INITIATOR, WORKER = "initiator", "worker"

# Initiative title → the private conversation, oldest first: who wrote ("initiator" or "worker") and what.
PRIVATE: dict[str, list[tuple[str, str]]] = {
    "Straatfeest in de Zonnelaan": [
        (
            INITIATOR,
            (
                "Ik durfde het niet in de reacties te zetten: twee buren aan het eind van de straat willen niet dat de "
                "straat dicht gaat. Hoe pak ik dat aan zonder ruzie?"
            ),
        ),
        (
            WORKER,
            (
                "Goed dat je het hier vraagt. Zal ik met je langsgaan? Vaak helpt het als de muziek om 20:00 stopt en "
                "zij de eerste soep krijgen. Ik kan dinsdag of donderdag na 15:00."
            ),
        ),
        (INITIATOR, "Donderdag om 15:30 past mij goed. Dank je wel!"),
    ],
    "Taalcafé in Paddepoel": [
        (
            WORKER,
            (
                "De bibliotheek heeft de leeszaal op woensdag van 10:00 tot 12:00 vrij. Wil je dat ik de sleutel "
                "regel, of doe je dat liever zelf?"
            ),
        ),
        (
            INITIATOR,
            (
                "Graag via jou, ik vind bellen in het Nederlands nog spannend. Mag ik ook vragen of er een "
                "vergoeding is voor koffie?"
            ),
        ),
        (WORKER, "Ik regel de sleutel. De koffie kan uit het wijkbudget; ik stuur je het formulier."),
    ],
    "Opruimactie Molukkenplein": [
        (
            INITIATOR,
            (
                "Een van de kapotte fietsen is van een buurman die het moeilijk heeft. Ik wil hem niet in de "
                "openbare reacties noemen. Kunnen jullie eerst met hem praten?"
            ),
        ),
    ],
    "Repair café for bikes in Vinkhuizen": [
        (
            INITIATOR,
            "Sorry for writing in English. Do I need a permit for the square, or is a small table with tools okay?",
        ),
        (
            WORKER,
            (
                "No problem, English is fine! For a table and a few bikes you do not need a permit. I will check "
                "with the shopping centre and call you this week."
            ),
        ),
    ],
    "Jeu-de-boulesbaan in het park": [
        (INITIATOR, "Ik ben best teleurgesteld. Is er echt geen andere plek mogelijk?"),
        (
            WORKER,
            (
                "Dat begrijp ik. Het park is van de gemeente en daar mag geen vaste baan komen. Het schoolplein "
                "aan de Molukkenstraat is misschien een optie: zal ik de school vragen?"
            ),
        ),
    ],
    "Sinterklaas bezoekt de Rivierenbuurt": [
        (
            INITIATOR,
            (
                "De Sint wil graag een vergoeding voor zijn pak. Kan dat uit het wijkbudget, of moeten we dat zelf "
                "betalen?"
            ),
        ),
        (WORKER, "Een huurpak kan uit het wijkbudget, tot 75 euro. Bewaar de bon, dan regel ik de rest."),
    ],
}


def load_news(initiative: Initiative, initiator, worker, supporters: list, signups: list, reason: str | None) -> None:
    """The private conversation (when PRIVATE has one) and the notifications of the initiative's story.

    ``supporters`` and ``signups`` are the demo's people in order; ``signups`` as (person, role).
    """
    if initiative.status == lifecycle.DRAFT or initiative.submitted_at is None:
        return
    now = utcnow()
    start = initiative.submitted_at
    last_from_team = _conversation(initiative, initiator, worker, start, now)
    if worker is not None:
        area = initiative.area.name if initiative.area is not None else ""
        _add(worker, kinds.INITIATIVE_SUBMITTED, {"title": initiative.title, "area": area}, link_to(initiative),
             start + timedelta(minutes=2), read=initiative.status != lifecycle.SUBMITTED)  # fmt: skip
    span = max(now - start, timedelta(hours=2))
    for count, _person in enumerate(supporters, 1):
        at = start + span * count / (len(supporters) + 2)
        _add(initiator, kinds.INITIATIVE_SUPPORTED, {"title": initiative.title, "count": count}, link_to(initiative),
             at, read=count < len(supporters))  # fmt: skip
    for number, (person, role) in enumerate(signups, 1):
        at = start + span * (number + 0.5) / (len(signups) + 2)
        params = {"title": initiative.title, "task": role.title, "name": person.first_name,
                  "taken": min(number, role.needed), "needed": role.needed}  # fmt: skip
        _add(initiator, kinds.INITIATIVE_SIGNUP, params, link_to(initiative) + "#join", at, read=number < len(signups))
    if initiative.status in (lifecycle.PLANNED, lifecycle.DONE) and initiative.planned_start is not None:
        params = {
            "title": initiative.title,
            "status": lifecycle.PLANNED,
            "start": times.stored_iso(initiative.planned_start),
        }
        if initiative.place:
            params["place"] = initiative.place
        _add(initiator, kinds.INITIATIVE_STATUS, params, link_to(initiative), start + span / 2,
             read=initiative.status == lifecycle.DONE)  # fmt: skip
    if initiative.status == lifecycle.DECLINED and reason:
        params = {"title": initiative.title, "status": lifecycle.DECLINED, "reason": kinds.excerpt(reason)}
        _add(initiator, kinds.INITIATIVE_STATUS, params, link_to(initiative), now - span / 3, read=True)
    if last_from_team is not None:
        message, at = last_from_team
        params = {"title": initiative.title, "author": message.author.first_name if message.author else "",
                  "excerpt": kinds.excerpt(message.body)}  # fmt: skip
        _add(initiator, kinds.INITIATIVE_TEAM_WROTE, params, private_link(initiative, message), at,
             read=at < now - timedelta(days=2))  # fmt: skip


def _conversation(initiative: Initiative, initiator, worker, start: datetime, now: datetime):
    """Store the private conversation; returns the team's last message and its time (or None).

    The worker is told of the initiator's messages (the newest unread)."""
    lines = PRIVATE.get(initiative.title, [])
    if not lines or worker is None:
        return None
    span = max(now - start - timedelta(hours=3), timedelta(hours=len(lines)))
    last_from_team = None
    for number, (who, body) in enumerate(lines, 1):
        at = start + span * number / (len(lines) + 1)
        author = worker if who == WORKER else initiator
        message = PrivateMessage(
            initiative_id=initiative.id, author_id=author.id, from_team=who == WORKER, body=body, created_at=at
        )
        db.session.add(message)
        db.session.flush()
        message.author = author
        if who == WORKER:
            last_from_team = (message, at)
        else:
            params = {"title": initiative.title, "author": initiator.first_name, "excerpt": kinds.excerpt(body)}
            _add(worker, kinds.INITIATIVE_INITIATOR_WROTE, params, private_link(initiative, message), at,
                 read=number < len(lines))  # fmt: skip
    return last_from_team


def _add(user, kind: str, params: dict, link: str, at: datetime, read: bool) -> None:
    at = min(at, utcnow() - timedelta(minutes=5))
    db.session.add(
        Notification(
            user_id=user.id,
            kind=kind,
            params=params,
            link=link,
            created_at=at,
            read_at=min(at + timedelta(hours=3), utcnow()) if read else None,
            emailed_at=at,
        )
    )
