"""Demo complaints: a handful of residents who were not satisfied with how a WIJ-team handled their matter.

They go through portal.complaints.services on the day each step happened, so the coordinator's list, the
notifications and the history are what the site itself would have made: two new complaints, two in progress
(one past its six weeks: overdue), one answered and two closed after an answer (one of them answered late).
Each is about something its resident really has in the demo (a signal, an initiative, a help request) or about
a team's work in general. The demo's one coordinator belongs to no team, so every complaint reaches them.
Flushes, never commits; loading twice adds nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.complaints import services
from portal.complaints.models import ABOUT_HELP_REQUEST, ABOUT_INITIATIVE, ABOUT_SIGNAL, ABOUT_TEAM, Complaint
from portal.complaints.subjects import subject_for
from portal.demo.people import DEMO_DOMAIN, DEMO_LOGINS, mails_of_the_past
from portal.extensions import db
from portal.help.models import HelpRequest
from portal.initiatives.models import Initiative
from portal.notifications.models import Notification
from portal.signals.models import Signal
from portal.teams.models import Team
from portal.timeutil import utcnow

READ_AFTER = timedelta(days=1)  # notifications older than this were read


@dataclass(frozen=True)
class Demo:
    by: str  # a demo resident's e-mail local part
    about: str
    find: str  # the title of the initiative, the start of the signal's text, the kind of help, or the team's slug
    days_ago: float
    text: str
    taken_up: float | None = None  # days ago a coordinator took it up (assigned it)
    answered: float | None = None  # days ago it was answered
    answer: str | None = None
    closed: float | None = None


DEMOS = [
    Demo(
        "jan",
        ABOUT_SIGNAL,
        "De oversteek bij de school aan de Sumatralaan",
        days_ago=70,
        text=(
            "In augustus heb ik gemeld dat de oversteek bij de school aan de Sumatralaan levensgevaarlijk is. "
            "Ik zie op mijn pagina alleen 'ontvangen' staan en er is nooit iemand bij me langs geweest. "
            "Ondertussen is er bijna een kind aangereden. Ik wil weten wat er met mijn melding is gedaan."
        ),
        taken_up=66,
        answered=41,
        answer=(
            "Beste Jan,\n\nDank je voor je klacht, en je hebt gelijk: we hadden je moeten laten weten wat we met je "
            "melding deden. Meerdere ouders meldden hetzelfde; we hebben het samen met de school en de gemeente "
            "opgepakt en er komt in het voorjaar een verhoogde oversteek met verlichting. Onze opbouwwerker Pieter "
            "belt je deze week om het toe te lichten.\n\nMet vriendelijke groet,\nCoördinator WIJ Groningen"
        ),
        closed=34,
    ),
    Demo(
        "wietske",
        ABOUT_TEAM,
        "hoogkerk",
        days_ago=62,
        text=(
            "Drie keer ben ik naar het inloopspreekuur in Hoogkerk gegaan en drie keer was er niemand, zonder briefje "
            "op de deur. Ik woon niet naast de deur en loop slecht. Zet het dan tenminste op de website."
        ),
        taken_up=50,
        answered=12,
        answer=(
            "Beste Wietske,\n\nExcuses dat je drie keer voor een dichte deur stond, en dat ons antwoord zo lang op "
            "zich liet wachten. Het spreekuur viel uit door ziekte en dat hebben we niet goed doorgegeven. Vanaf nu "
            "staat een wijziging altijd op de teampagina en hangt er een briefje op de deur.\n\n"
            "Met vriendelijke groet,\nCoördinator WIJ Groningen"
        ),
        closed=10,
    ),
    Demo(
        "tomasz",
        ABOUT_SIGNAL,
        "There is black mould",
        days_ago=48,
        text=(
            "I reported black mould in our bedroom in July. Since then nobody from the team contacted me, and my "
            "daughter keeps coughing. I was told the team would talk to the housing corporation. What happened?"
        ),
        taken_up=45,  # taken up, but not answered within six weeks: overdue
    ),
    Demo(
        "esther",
        ABOUT_INITIATIVE,
        "Klimwand voor tieners in Lewenborg",
        days_ago=30,
        text=(
            "Ons plan voor een klimwand werd afgewezen met één zin. Niemand heeft met ons gesproken, terwijl we "
            "twintig handtekeningen van jongeren hadden. Ik vind dat jullie dat beter hadden moeten uitleggen."
        ),
        taken_up=27,
        answered=6,
        answer=(
            "Beste Esther,\n\nJe hebt gelijk dat één zin te weinig uitleg was. De klimwand past niet binnen het "
            "budget voor bewonersinitiatieven, maar de jongerenwerker wil graag met jullie kijken naar een kleinere "
            "versie of een ander fonds. Hamid neemt contact met je op.\n\nMet vriendelijke groet,\n"
            "Coördinator WIJ Groningen"
        ),
    ),
    Demo(
        "samira",
        ABOUT_SIGNAL,
        "De bankjes bij de vijver in Paddepoel",
        days_ago=20,
        text=(
            "Ik meldde dat de bankjes bij de vijver zijn weggehaald. De opbouwwerker zei aan de telefoon dat het "
            "'niet aan het WIJ-team is'. Dat vond ik een onvriendelijk antwoord; ouderen zitten daar elke dag."
        ),
        taken_up=18,
    ),
    Demo(
        "grietje",
        ABOUT_TEAM,
        "beijum",
        days_ago=5,
        text=(
            "Ik heb twee keer gebeld met een vraag over huishoudelijke hulp voor mijn moeder en twee keer werd "
            "beloofd dat iemand terugbelt. Er belt niemand."
        ),
    ),
    Demo(
        "bewoner",
        ABOUT_HELP_REQUEST,
        "odd_jobs",
        days_ago=1.5,
        text=(
            "Mijn hulpvraag voor een klusje staat al een week open. Op de site staat dat een opbouwwerker meekijkt, "
            "maar niemand heeft gereageerd. Is er wel iemand die hiernaar kijkt?"
        ),
    ),
]


def load_complaints_demo() -> int:
    """Add the demo complaints (once); flushes, the loader commits. Returns how many were added."""
    if db.session.scalar(select(func.count(Complaint.id))):
        return 0
    coordinator = User.by_email(DEMO_LOGINS["coordinator"])
    now, added = utcnow(), 0
    for demo in DEMOS:
        resident = User.by_email(f"{demo.by}@{DEMO_DOMAIN}")
        thing = _find(demo, resident)
        subject = subject_for(resident, demo.about, thing.id if thing is not None else None)
        if subject is None or coordinator is None:
            continue
        at = _when(now, demo.days_ago, getattr(thing, "created_at", None))
        with _dated(now, at):
            complaint = services.file_complaint(resident, services.Filing(subject, demo.text), now=at)
        if demo.taken_up is not None:
            taken = max(at + timedelta(hours=3), now - timedelta(days=demo.taken_up))
            with _dated(now, taken):
                services.assign(coordinator, complaint, coordinator.id, now=taken)
        if demo.answered is not None:
            answered = now - timedelta(days=demo.answered)
            with _dated(now, answered):
                services.answer(coordinator, complaint, demo.answer or "", now=answered)
        if demo.closed is not None:
            closed = now - timedelta(days=demo.closed)
            with _dated(now, closed):
                services.set_status(coordinator, complaint, "closed", now=closed)
        added += 1
    db.session.flush()
    return added


def _find(demo: Demo, resident: User | None):
    if resident is None:
        return None
    if demo.about == ABOUT_TEAM:
        return db.session.scalar(select(Team).where(Team.slug == demo.find))
    if demo.about == ABOUT_INITIATIVE:
        model, owned = Initiative, [Initiative.initiator_id == resident.id, Initiative.title == demo.find]
    elif demo.about == ABOUT_SIGNAL:
        model, owned = Signal, [Signal.reporter_id == resident.id, Signal.text.startswith(demo.find)]
    else:
        model, owned = HelpRequest, [HelpRequest.user_id == resident.id, HelpRequest.kind == demo.find]
    return db.session.scalars(select(model).where(*owned).order_by(model.id)).first()


def _when(now: datetime, days_ago: float, subject_created: datetime | None) -> datetime:
    """The day of filing: ``days_ago``, but never before what it is about (a day after it, at the earliest)."""
    at = now - timedelta(days=days_ago)
    if subject_created is not None:
        at = max(at, min(subject_created + timedelta(days=1), now - timedelta(hours=2)))
    return at


@contextmanager
def _dated(now: datetime, at: datetime) -> Iterator[None]:
    """Notifications and mails made inside happened ``at``: read when older than READ_AFTER, mails already sent."""
    first = db.session.scalar(select(func.max(Notification.id))) or 0
    with mails_of_the_past():
        yield
    db.session.flush()
    for notification in db.session.scalars(select(Notification).where(Notification.id > first)):
        notification.created_at = at
        notification.read_at = at + timedelta(hours=3) if at < now - READ_AFTER else None
        if notification.emailed_at is not None:
            notification.emailed_at = at
        notification.digest_due = False if at < now - READ_AFTER else notification.digest_due
