"""Groningen demo data: reference data plus demo accounts and a lived-in team inbox.

Loaded by `make run` when the database is empty. The log-in details are printed in
development only; the demo password is refused in production.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from portal.accounts.models import ROLE_COORDINATOR, ROLE_RESIDENT, ROLE_WORKER, User
from portal.extensions import db
from portal.teams.models import Area, Team, TeamQuestion
from portal.timeutil import utcnow

DEMO_PASSWORD = "buurt-demo-2026"  # noqa: S105 - demo data, printed in development only
DEMO_DOMAIN = "demo.buurtportaal.example"
DEMO_LOGINS = {
    "resident": f"bewoner@{DEMO_DOMAIN}",
    "worker": f"opbouwwerker.selwerd@{DEMO_DOMAIN}",
    "coordinator": f"coordinator@{DEMO_DOMAIN}",
}

# (name, e-mail local part, postcode, neighbourhood code, language)
RESIDENTS = [
    ("Anouk de Vries", "bewoner", "9741 AB", "BU00141000", "nl"),
    ("Samira El Idrissi", "samira", "9742 CD", "BU00141002", "nl"),
    ("Jan Bakker", "jan", "9715 AK", "BU00140301", "nl"),
    ("Tomasz Nowak", "tomasz", "9743 BX", "BU00140900", "en"),
    ("Grietje Oosting", "grietje", "9736 HT", "BU00141101", "nl"),
    # One resident for each team the residents above do not live in (portal/teams/data/neighbourhoods.csv)
    ("Noor Haddad", "noor", "9718 TC", "BU00140202", "nl"),  # Schildersbuurt: WIJ Schilderswijk/Centrum
    ("Yusuf Demir", "yusuf", "9713 TL", "BU00140402", "nl"),  # Bloemenbuurt: WIJ Oosterparkwijk
    ("Marloes Brouwer", "marloes", "9725 HC", "BU00140103", "nl"),  # Rivierenbuurt: WIJ Rivierenbuurt
    ("Lotte van der Meer", "lotte", "9722 EH", "BU00140604", "nl"),  # Helpman: WIJ De Wijert
    ("Ruben Kramer", "ruben", "9728 JN", "BU00140700", "nl"),  # Corpus den Hoorn: WIJ Corpus den Hoorn
    ("Esther Kloosterman", "esther", "9732 LB", "BU00141201", "nl"),  # Lewenborg-Zuid: WIJ Lewenborg
    ("Wietske Hofstee", "wietske", "9744 CK", "BU00140801", "nl"),  # Hoogkerk-Zuid: WIJ Hoogkerk
]

# Worker first names per team slug; the address is opbouwwerker.<slug>@...
WORKER_NAMES = {
    "schilderswijk-centrum": "Femke Hoekstra",
    "korrewegwijk": "Pieter Smit",
    "oosterparkwijk": "Yasmina Bouzid",
    "rivierenbuurt": "Klaas Dijkstra",
    "de-wijert": "Ingrid Mulder",
    "corpus-den-hoorn": "Erik Veenstra",
    "beijum": "Sanne Kuipers",
    "lewenborg": "Hamid Rahimi",
    "vinkhuizen": "Marieke Wiersma",
    "selwerd": "Bram Zijlstra",
    "hoogkerk": "Linda Boer",
}

# (team slug, name, contact, message, days ago, answered)
QUESTIONS = [
    (
        "selwerd",
        "Anouk de Vries",
        f"bewoner@{DEMO_DOMAIN}",
        (
            "Wij willen in de Zonnelaan een straatfeest organiseren in juni. Kunnen jullie helpen met een vergunning "
            "en is er misschien budget voor een springkussen?"
        ),
        2,
        False,
    ),
    (
        "selwerd",
        "M. Hoving",
        "06 12345678",
        (
            "Mijn buurvrouw van 84 komt de deur bijna niet meer uit. Zij wil graag iemand om mee te wandelen. "
            "Is daar iets voor in de wijk?"
        ),
        5,
        False,
    ),
    (
        "selwerd",
        "Dirk",
        "dirk@example.nl",
        "Waar kan ik terecht met vragen over het invullen van formulieren van de Belastingdienst?",
        12,
        True,
    ),
    (
        "korrewegwijk",
        "Jan Bakker",
        f"jan@{DEMO_DOMAIN}",
        "Op het Molukkenplein liggen steeds meer grofvuil en kapotte fietsen. Wie kan ik daarover aanspreken?",
        1,
        False,
    ),
    (
        "vinkhuizen",
        "Tomasz Nowak",
        f"tomasz@{DEMO_DOMAIN}",
        "Is there a language café in Vinkhuizen where I can practise Dutch with neighbours?",
        3,
        False,
    ),
    (
        "beijum",
        "Grietje Oosting",
        f"grietje@{DEMO_DOMAIN}",
        "Wij hebben een idee voor een moestuin achter de flat aan de Isebrandtsheerd. Hoe pakken we dat aan?",
        8,
        True,
    ),
    (
        "oosterparkwijk",
        "Fatima",
        "06 98765432",
        "Ik zoek iemand die mijn zoon (10) een paar keer per week kan helpen met huiswerk.",
        4,
        False,
    ),
]


def database_is_empty() -> bool:
    """True when no team has been loaded yet: the signal for `make run` to load the demo."""
    return not db.session.scalar(select(func.count(Team.id)))


def load_demo() -> dict[str, str]:
    """Load reference data and demo content, then commit. Returns role → e-mail log-ins."""
    from portal.teams.loader import load_reference_data

    load_reference_data()
    db.session.flush()
    password_hash = generate_password_hash(DEMO_PASSWORD, method="scrypt")
    areas = {area.code: area for area in db.session.scalars(select(Area))}
    teams = {team.slug: team for team in db.session.scalars(select(Team))}

    users: dict[str, User] = {}
    for name, local, postcode, area_code, language in RESIDENTS:
        users[local] = _user(
            name,
            f"{local}@{DEMO_DOMAIN}",
            ROLE_RESIDENT,
            password_hash,
            home_postcode=postcode,
            area=areas.get(area_code),
            locale=language,
        )
    for slug, name in WORKER_NAMES.items():
        if slug in teams:
            worker = _user(name, f"opbouwwerker.{slug}@{DEMO_DOMAIN}", ROLE_WORKER, password_hash)
            worker.teams = [teams[slug]]
    _user("Coördinator WIJ Groningen", DEMO_LOGINS["coordinator"], ROLE_COORDINATOR, password_hash)
    db.session.flush()

    now = utcnow()
    for slug, name, contact, message, days_ago, answered in QUESTIONS:
        team = teams.get(slug)
        if team is None:
            continue
        sender = users.get(contact.split("@")[0]) if contact.endswith(DEMO_DOMAIN) else None
        created = now - timedelta(days=days_ago, hours=3)
        db.session.add(
            TeamQuestion(
                team=team,
                user_id=sender.id if sender else None,
                name=name,
                contact=contact,
                message=message,
                created_at=created,
                answered_at=created + timedelta(days=1) if answered else None,
            )
        )
    db.session.flush()
    # Each feature brings its own demo content; imported here because they use this module's accounts.
    from portal.help.demo import load_help_demo
    from portal.initiatives.demo import load_initiatives_demo
    from portal.notifications.demo import load_notifications_demo
    from portal.projects.demo import load_projects_demo
    from portal.signals.demo import load_signals_demo

    load_initiatives_demo()
    load_help_demo()
    load_notifications_demo()
    load_signals_demo()
    load_projects_demo()
    db.session.commit()
    return dict(DEMO_LOGINS)


@contextmanager
def mails_of_the_past() -> Iterator[None]:
    """Around a feature's demo content: the mails it queues belong to the demo's past, so they are marked sent
    (never delivered by `flask outbox send`) and, without a mail server, not printed to the console."""
    from portal.outbox.models import OutboxMessage

    first = db.session.scalar(select(func.max(OutboxMessage.id))) or 0
    log = logging.getLogger("portal.outbox")
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(level)
    db.session.flush()
    for mail in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id > first)):
        mail.sent_at = mail.created_at
    db.session.flush()


def _user(name: str, email: str, role: str, password_hash: str, **fields) -> User:
    user = User.by_email(email)
    if user is None:
        user = User(email=email, name=name, role=role, password_hash=password_hash, **fields)
        db.session.add(user)
    return user
