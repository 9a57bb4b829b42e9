"""The demo projects load on top of the demo signals, consistent with the services, once."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.demo.projects import load_projects_demo
from portal.extensions import db
from portal.initiatives.agenda import agenda_items, start_of_today
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.projects import notification_kinds as kinds
from portal.projects.models import FINISHED, RUNNING, STARTING, Project, ProjectInvitation
from portal.projects.queries import signal_summary, upcoming_and_past
from portal.signals.models import PROJECT
from portal.timeutil import utcnow


def _check_demo() -> list[Project]:
    projects = list(db.session.scalars(select(Project).order_by(Project.id)))
    assert len(projects) >= 3
    assert {STARTING, RUNNING, FINISHED} <= {project.status for project in projects}
    assert len({project.team_id for project in projects}) >= 3
    for project in projects:
        assert project.clusters and all(cluster.status == PROJECT for cluster in project.clusters)
        assert signal_summary(project).signals >= 3
        assert project.lead_worker.works_for(project.team.slug)
        assert project.participants and project.updates and project.activities
        upcoming, past = upcoming_and_past(project)
        if project.status == FINISHED:
            assert project.outcome and not upcoming and past
        else:
            assert upcoming and all(a.starts_at > utcnow() for a in upcoming)
    invited = db.session.scalar(select(func.count(ProjectInvitation.id)))
    assert invited >= 3
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.kind == kinds.PROJECT_INVITATION))
    # The mails of the demo's past (invitations, news, the signals demo's dismissal) are never delivered.
    assert not db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.sent_at.is_(None))).all()
    links = {item.link for item in agenda_items(None, start_of_today())}
    assert sum(any(link.endswith(f"/projects/{p.id}") for link in links) for p in projects) >= 2
    return projects


def test_the_demo_projects_grow_from_the_demo_signals_and_load_once(app):
    with app.test_request_context():
        from portal.demo.loader import load_demo

        load_demo()
        projects = _check_demo()
        titles = {project.title for project in projects}
        assert "Schimmelvrij wonen in Vinkhuizen" in titles
        assert any(project.initiatives for project in projects)
        assert load_projects_demo() == 0
        assert db.session.scalar(select(func.count(Project.id))) == len(projects)
        db.session.remove()


def test_without_demo_signals_the_projects_report_their_own(app, monkeypatch):
    import portal.demo.loader

    monkeypatch.setattr(portal.demo.loader, "load_signals_demo", lambda: 0)
    with app.test_request_context():
        from portal.demo.loader import load_demo

        load_demo()
        _check_demo()
        db.session.remove()
