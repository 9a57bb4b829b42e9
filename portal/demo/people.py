"""The demo's people and its past: accounts, the team inbox, and mails that belong to the demo's past.

Every feature's demo content (portal/demo/<feature>.py) looks its residents and workers up by e-mail
from here; portal/demo/people.py loads them all in order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
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


@contextmanager
def quiet_outbox() -> Iterator[None]:
    """Without a mail server the outbox logs every mail; the demo's past mails need not fill the console."""
    log = logging.getLogger("portal.outbox")
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(level)


@contextmanager
def mails_of_the_past() -> Iterator[None]:
    """Around a feature's demo content: the mails it queues belong to the demo's past, so they are marked sent
    (never delivered by `flask outbox send`) and, without a mail server, not printed to the console."""
    from portal.outbox.models import OutboxMessage

    first = db.session.scalar(select(func.max(OutboxMessage.id))) or 0
    with quiet_outbox():
        yield
    db.session.flush()
    for mail in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id > first)):
        mail.sent_at = mail.created_at
    db.session.flush()


def user(name: str, email: str, role: str, password_hash: str, **fields) -> User:
    """The demo account with this address, made (with its address confirmed, so it can log in) when missing."""
    user = User.by_email(email)
    if user is None:
        fields.setdefault("email_confirmed_at", utcnow())
        user = User(email=email, name=name, role=role, password_hash=password_hash, **fields)
        db.session.add(user)
    return user
