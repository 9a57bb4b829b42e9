"""Demo content of the team inbox: questions in every status across the teams, some overdue, with replies,
answers back, internal notes, assignments and two or three reply templates per team.

The questions of ``portal.demo.people.QUESTIONS`` (added by the loader) get their answer-by time, status,
worker and conversation here; a few more questions fill every status. Rows are made directly, with times
in the demo's past, so no mail or notification of the past is sent; every question gets its private link.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal import workdays
from portal.accounts.models import User
from portal.demo.people import DEMO_DOMAIN
from portal.extensions import db
from portal.inbox.links import secret_for
from portal.teams.models import ReplyTemplate, Team, TeamQuestion, TeamQuestionMessage
from portal.timeutil import utcnow


def _templates(team: Team) -> list[tuple[str, str]]:
    hours = (team.walk_in_hours or "").strip()
    walk_in = f"Kom gerust langs op het inloopspreekuur van {team.name}"
    walk_in += f" ({hours})." if hours else "."
    walk_in += " Je hoeft geen afspraak te maken; neem je vraag en eventuele brieven mee, dan kijken we samen verder."
    return [
        ("Inloopspreekuur", walk_in),
        (
            "Voedselbank",
            (
                "Voor een voedselpakket kun je je aanmelden bij de Voedselbank Groningen. We helpen je graag met de "
                "aanmelding: neem je laatste loonstrook of uitkeringsspecificatie en een overzicht van je vaste lasten "
                "mee naar het inloopspreekuur."
            ),
        ),
        (
            "Schuldhulp gemeente",
            (
                "Maak je je zorgen over geld of schulden? De gemeente Groningen biedt gratis schuldhulp via de "
                "Gemeentelijke Kredietbank (GKB). Je hoeft het niet alleen te doen: we maken graag samen met je een "
                "eerste afspraak."
            ),
        ),
    ]


# Replies and notes for the questions of people.QUESTIONS, by the start of their message.
CONVERSATIONS = {
    "Wij willen in de Zonnelaan": [
        ("note", "Vorig jaar ook een straatfeest in de Zonnelaan gehad; de vergunning liep toen via de gemeente."),
    ],
    "Mijn buurvrouw van 84": [
        ("note", "Teruggebeld, geen gehoor. Morgen opnieuw proberen."),
    ],
    "Waar kan ik terecht met vragen over het invullen": [
        (
            "reply",
            (
                "Hoi Dirk, met formulieren van de Belastingdienst helpt de Formulierenbrigade je gratis. Ze zitten "
                "elke woensdagochtend bij ons op het inloopspreekuur in Selwerd. Je kunt gewoon binnenlopen."
            ),
        ),
    ],
    "Op het Molukkenplein": [
        ("note", "Doorgezet naar de wijkconciërge; ook melden bij de gemeente (Fixi)."),
    ],
    "Wij hebben een idee voor een moestuin": [
        (
            "reply",
            (
                "Wat een mooi idee! Je kunt het als buurtinitiatief op Buurtportaal zetten; dan denken we mee over een "
                "plek en over een bijdrage uit het wijkbudget. Zal ik een keer langskomen om het te bespreken?"
            ),
        ),
        ("back", "Graag! Dinsdagmiddag na drie uur zijn we meestal thuis."),
        ("reply", "Top, dan kom ik dinsdag om half vier langs. Tot dan!"),
    ],
}

# Extra questions: (team slug, name, contact, message, days ago, status, conversation)
EXTRA = [
    (
        "korrewegwijk",
        "Ilse Jansen",
        "ilse.jansen@example.nl",
        (
            "Sinds mijn scheiding kom ik elke maand tekort. Ik durf het bijna niet te vragen, maar kan ik ergens "
            "terecht voor een voedselpakket?"
        ),
        6,
        "answered",
        [
            ("note", "Mogelijk ook schulden; bij het gesprek vragen naar vaste lasten (vraag achter de vraag)."),
            ("reply", "template:Voedselbank"),
            ("back", "Dank je wel. Ik kom donderdag naar het inloopspreekuur."),
            ("reply", "Fijn, tot donderdag! Vraag naar Pieter, dan helpen we je verder."),
        ],
    ),
    (
        "oosterparkwijk",
        "Hans Meijer",
        "hans.meijer@example.nl",
        "Ik heb een stapel brieven van deurwaarders en weet niet meer waar ik moet beginnen.",
        9,
        "closed",
        [
            ("reply", "template:Schuldhulp gemeente"),
            ("back", "Bedankt, ik heb een afspraak bij de GKB kunnen maken."),
            ("reply", "Goed om te horen, Hans. Laat het weten als je nog iets nodig hebt; we sluiten je vraag nu af."),
        ],
    ),
    (
        "schilderswijk-centrum",
        "Noor Haddad",
        f"noor@{DEMO_DOMAIN}",
        "Mijn moeder (79) woont alleen en eet vaak niet warm. Is er een plek in de buurt waar ze samen kan eten?",
        1,
        "new",
        [],
    ),
    (
        "de-wijert",
        "Lotte van der Meer",
        f"lotte@{DEMO_DOMAIN}",
        "Wij willen met een paar buren een ruilkast voor boeken en speelgoed bij het Helperpark neerzetten. Mag dat?",
        4,
        "in_progress",
        [("note", "Navragen bij de gemeente wie over het Helperpark gaat.")],
    ),
    (
        "lewenborg",
        "R. Pool",
        "050 5423311",
        "Ik ben slecht ter been en mijn tuin groeit dicht. Weten jullie iemand die af en toe kan helpen?",
        7,
        "new",
        [],
    ),
    (
        "hoogkerk",
        "Wietske Hofstee",
        f"wietske@{DEMO_DOMAIN}",
        "Is er in Hoogkerk een plek waar ik als vrijwilliger kan helpen met taalles?",
        2,
        "answered",
        [
            (
                "reply",
                (
                    "Wat fijn dat je wilt helpen! Het Taalcafé in het Dorpshuis zoekt nog taalmaatjes. Zal ik je "
                    "gegevens doorgeven aan de coördinator?"
                ),
            )
        ],
    ),
    (
        "corpus-den-hoorn",
        "Ruben Kramer",
        f"ruben@{DEMO_DOMAIN}",
        "Onze speeltuin aan de Van Lenneplaan is al maanden kapot. Kunnen jullie helpen om dat aan te kaarten?",
        10,
        "in_progress",
        [
            ("reply", "Dank voor je bericht. We hebben het doorgegeven aan de gemeente en houden je op de hoogte."),
            ("back", "Er is nog steeds niets gebeurd. Kunnen we met een paar ouders iets doen?"),
            ("note", "Idee: ouders uitnodigen voor een buurtinitiatief 'speeltuin opknappen'."),
        ],
    ),
    (
        "rivierenbuurt",
        "Marloes Brouwer",
        f"marloes@{DEMO_DOMAIN}",
        "Mijn buurman lijkt erg eenzaam sinds zijn vrouw overleden is. Hoe kan ik hem helpen zonder op te dringen?",
        3,
        "new",
        [],
    ),
]


def _worker(slug: str) -> User | None:
    return User.by_email(f"opbouwwerker.{slug}@{DEMO_DOMAIN}")


def _converse(question: TeamQuestion, script, templates: dict[str, str], worker: User | None) -> None:
    """Add the conversation of ``script`` at times after the question arrived; the first reply is the answer."""
    moment = question.created_at
    for kind, text in script:
        moment += timedelta(hours=5)
        if text.startswith("template:"):
            text = templates[text.removeprefix("template:")]
        resident = kind == "back"
        db.session.add(
            TeamQuestionMessage(
                question=question,
                author_id=question.user_id if resident else getattr(worker, "id", None),
                from_team=not resident,
                internal=kind == "note",
                body=text,
                created_at=moment,
            )
        )
        if kind == "reply" and question.answered_at is None:
            question.answered_at, question.answered_by = moment, worker


def load_inbox_demo() -> None:
    """Add the inbox feature's demo content; flushes, the loader commits."""
    now = utcnow()
    teams = {team.slug: team for team in db.session.scalars(select(Team))}
    templates: dict[str, dict[str, str]] = {}
    for slug, team in teams.items():
        templates[slug] = dict(_templates(team))
        for title, body in templates[slug].items():
            db.session.add(ReplyTemplate(team=team, title=title, body=body, created_at=now - timedelta(days=30)))

    # The loader's questions: their answer-by time, worker and conversation.
    for question in db.session.scalars(select(TeamQuestion).order_by(TeamQuestion.id)):
        team = question.team
        worker = _worker(team.slug)
        question.due_at = workdays.due_at(question.created_at, team.answer_days)
        script = next((lines for start, lines in CONVERSATIONS.items() if question.message.startswith(start)), [])
        question.answered_at, question.answered_by = None, None
        _converse(question, script, templates[team.slug], worker)
        replied = any(kind == "reply" for kind, _text in script)
        question.status = "answered" if replied else ("in_progress" if script else "new")
        if script and worker is not None:
            question.assigned_to = worker
        if script and script[-1][0] == "back":
            question.status = "in_progress"
        secret_for(question)

    for slug, name, contact, message, days_ago, status, script in EXTRA:
        team = teams.get(slug)
        if team is None:
            continue
        worker = _worker(slug)
        owner = User.by_email(contact) if contact.endswith(DEMO_DOMAIN) else None
        created = now - timedelta(days=days_ago, hours=2)
        question = TeamQuestion(
            team=team,
            user_id=getattr(owner, "id", None),
            name=name,
            contact=contact,
            message=message,
            language="nl",
            created_at=created,
            due_at=workdays.due_at(created, team.answer_days),
            status=status,
            assigned_to=worker if status != "new" else None,
        )
        db.session.add(question)
        db.session.flush()
        _converse(question, script, templates[slug], worker)
        if status == "closed":
            question.closed_at = created + timedelta(days=2)
        secret_for(question)
    db.session.flush()
