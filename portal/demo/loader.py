"""Groningen demo data: reference data plus demo accounts and a lived-in team inbox.

Loaded by `make run` when the database is empty. The log-in details are printed in
development only; the demo password is refused in production. Each feature's demo content
loads in turn, then the teams' past (portal/demo/history.py); after the commit the indicators'
daily counts are stored for every day up to yesterday, so the dashboards read the past from them.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from portal.accounts.models import ROLE_COORDINATOR, ROLE_RESIDENT, ROLE_WORKER, User
from portal.demo.complaints import load_complaints_demo
from portal.demo.help import load_help_demo
from portal.demo.history import load_history_demo
from portal.demo.inbox import load_inbox_demo
from portal.demo.initiatives import load_initiatives_demo
from portal.demo.notifications import load_notifications_demo
from portal.demo.people import DEMO_DOMAIN, DEMO_LOGINS, DEMO_PASSWORD, QUESTIONS, RESIDENTS, WORKER_NAMES, user
from portal.demo.projects import load_projects_demo
from portal.demo.signals import load_signals_demo
from portal.extensions import db
from portal.indicators import snapshots
from portal.indicators.cli import yesterday
from portal.teams.models import Area, Team, TeamQuestion
from portal.timeutil import utcnow


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
        users[local] = user(
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
            worker = user(name, f"opbouwwerker.{slug}@{DEMO_DOMAIN}", ROLE_WORKER, password_hash)
            worker.teams = [teams[slug]]
    user("Coördinator WIJ Groningen", DEMO_LOGINS["coordinator"], ROLE_COORDINATOR, password_hash)
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
    load_initiatives_demo()
    load_help_demo()
    load_notifications_demo()
    load_signals_demo()
    load_projects_demo()
    load_inbox_demo()
    load_complaints_demo()
    load_history_demo()  # after every feature's demo: each of them loads only into an empty table
    db.session.commit()
    store_indicator_history()
    return dict(DEMO_LOGINS)


def store_indicator_history() -> int:
    """Take the indicators' daily snapshot of every day from the first data up to yesterday (what the nightly
    run would have stored); commits. Returns the number of days taken."""
    return snapshots.backfill(yesterday())
