"""Collective projects as plain functions: invitations, joining, status, news, activities, initiatives."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from portal.accounts import services as account_services
from portal.accounts.queries import personal_data
from portal.audit import AuditEntry
from portal.errors import DomainError
from portal.extensions import db
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.projects import notification_kinds as kinds
from portal.projects import queries, services, services_invitations
from portal.projects.agenda import project_activities
from portal.projects.models import FINISHED, RUNNING, STARTING, ProjectInvitation, ProjectParticipant
from portal.signals import services as signal_services
from portal.signals.models import PROJECT
from portal.timeutil import utcnow
from tests.factories import TEST_PASSWORD, make_user
from tests.factories.initiatives import make_area, make_initiative
from tests.factories.signals import LONELY, make_signal_place, report

ANONYMOUS = "buur.anoniem@example.org"


def lonely_cluster(place, anonymous_email: str | None = ANONYMOUS):
    """Three residents and one anonymous neighbour (with an e-mail) about loneliness: one cluster."""
    first = report(place.residents[0], place.area, LONELY[0])
    report(place.residents[1], place.area, LONELY[1])
    report(place.residents[2], place.area, LONELY[2])
    report(
        None,
        place.area,
        "Niemand komt meer langs bij de ouderen, ze zijn heel eenzaam.",
        contact_email=anonymous_email,
        contact_name="Buurvrouw",
    )
    cluster = first.cluster
    assert cluster.signal_count == 4
    return cluster


def start(place, clusters=(), **fields):
    values = {
        "title": "Samen tegen eenzaamheid",
        "goal": "Elke dinsdag een koffieochtend in het buurthuis, zodat niemand alleen hoeft te zitten.",
        "area": place.area,
        "lead_worker": place.worker,
    }
    values.update(fields)
    return services.create_project(place.worker, place.team, services.ProjectInput(**values), clusters=list(clusters))


def invitations(project, kind=kinds.PROJECT_INVITATION) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.kind == kind)))


def mails_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)))


def test_a_project_from_a_cluster_takes_it_up_and_invites_every_reporter_once(app):
    with app.app_context():
        place = make_signal_place()
        cluster = lonely_cluster(place)
        project = start(place, [cluster])
        assert cluster.project_id == project.id and cluster.status == PROJECT
        assert project.status == STARTING
        invited = invitations(project)
        assert sorted(n.user_id for n in invited) == sorted(r.id for r in place.residents)
        assert all(n.params == {"title": project.title} and n.link == f"/projects/{project.id}" for n in invited)
        anonymous = mails_to(ANONYMOUS)
        assert len(anonymous) == 1 and f"/projects/{project.id}" in anonymous[0].body
        assert "Buurvrouw" not in anonymous[0].body  # fixed text: never the name a visitor typed

        # A new signal joins the cluster of the running project: its reporter is invited at once, once.
        newcomer = make_user(area_id=place.area.id, name="Nieuwe Buur")
        joined = report(newcomer, place.area, "Mijn buurman van 90 is zo eenzaam, hij heeft geen aanspraak meer.")
        assert joined.cluster_id == cluster.id
        assert len(invitations(project)) == 4
        assert [n.user_id for n in invitations(project)].count(newcomer.id) == 1
        assert len(mails_to(ANONYMOUS)) == 1
        assert services_invitations.invite_reporters(project, cluster) == 0
        count = db.session.scalar(
            select(func.count(ProjectInvitation.id)).where(ProjectInvitation.project_id == project.id)
        )
        assert count == 5  # four accounts and one anonymous address
        actions = set(db.session.scalars(select(AuditEntry.action)))
        assert {"projects.create", "signals.take_up"} <= actions


def test_merging_a_cluster_into_a_projects_cluster_invites_its_reporters(app):
    with app.app_context():
        place = make_signal_place()
        project = start(place, [lonely_cluster(place, anonymous_email=None)])
        cluster = project.clusters[0]
        other_reporter = make_user(area_id=place.area.id, name="Andere Buur")
        other = report(other_reporter, place.area, "Schimmel en vocht in de badkamer, de muren zijn zwart.")
        report(None, place.area, "Zwarte schimmel op de muren van de slaapkamer.", contact_email="vocht@example.org")
        assert other.cluster_id != cluster.id
        from portal.signals import services_board

        services_board.merge(place.worker, cluster, other.cluster)
        assert other_reporter.id in {n.user_id for n in invitations(project)}
        assert len(mails_to("vocht@example.org")) == 1
        assert f"/projects/{project.id}" in mails_to("vocht@example.org")[0].body


def test_a_finished_projects_activities_stay_as_they_were(app):
    with app.app_context():
        place = make_signal_place()
        project = start(place)
        day = date.today() + timedelta(days=7)
        activity = services.add_activity(
            place.worker,
            project,
            services.ActivityInput(title="Koffieochtend", day=day, start=time(10), end=time(12), place="Buurthuis"),
        )
        services.set_status(place.worker, project, FINISHED, "Er is nu elke week een koffieochtend.")
        with pytest.raises(DomainError):
            services.change_activity(
                place.worker,
                activity,
                services.ActivityInput(title="Anders", day=day, start=time(11), end=None, place="Elders"),
            )


def test_a_suggested_title_never_quotes_a_resident(app):
    with app.app_context():
        place = make_signal_place()
        signal = report(place.residents[0], place.area, "Mevrouw Jansen op nummer 12 zingt elke nacht heel hard.")
        title = queries.suggested_title(signal.cluster, place.area)
        assert "Jansen" not in title and place.area.name in title


YOUTH_AT_THE_SHOPS = (
    "Hangjongeren bij de supermarkt maken veel lawaai en intimideren mensen.",
    "Bij het winkelcentrum hangen 's avonds groepjes jongeren rond die mensen naroepen.",
    "Ik durf niet meer naar de winkel, daar hangt steeds een groep jongeren.",
)


def test_a_suggested_title_names_the_matter_before_the_place(app):
    with app.app_context(), force_locale("en"):
        place = make_signal_place()
        signals = [report(p, place.area, text) for p, text in zip(place.residents, YOUTH_AT_THE_SHOPS, strict=True)]
        cluster = signals[0].cluster
        assert cluster.signal_count == 3
        # the shops are as common as the youths (every signal), yet come after every matter, even a rarer one
        assert queries.title_concepts(cluster) == ["youth_nuisance", "noise", "facilities", "unsafe"]
        assert queries.suggested_title(cluster, place.area) == "Together: youth nuisance in Zonnebuurt"
        assert queries.suggested_title(cluster, None) == f"Together: youth nuisance in {place.team.name}"


def test_a_suggested_title_falls_back_to_a_place_then_to_the_neighbourhood(app):
    with app.app_context(), force_locale("en"):
        place = make_signal_place()
        shops = report(place.residents[0], place.area, "De supermarkt en de pinautomaat zijn verdwenen.")
        assert queries.title_concepts(shops.cluster) == ["facilities"]
        assert queries.suggested_title(shops.cluster, place.area) == "Together: shops and facilities in Zonnebuurt"
        plain = report(place.residents[1], place.area, "Mevrouw Jansen van nummer 12 is jarig geweest.")
        assert queries.title_concepts(plain.cluster) == []
        assert queries.suggested_title(plain.cluster, place.area) == "Together in Zonnebuurt"


def test_the_summary_counts_every_signal_residents_and_partners_apart_and_the_invitations(app):
    with app.app_context():
        place = make_signal_place()
        cluster = lonely_cluster(place)
        note = signal_services.report(
            None,
            signal_services.SignalInput(text=LONELY[1], area=place.area, source="gp", source_name="Praktijk"),
            recorded_by=place.worker,
        )
        assert note.cluster_id == cluster.id and cluster.signal_count == 5
        project = start(place, [cluster])
        services.join(place.residents[0], project)
        services.join(make_user(area_id=place.area.id, name="Nieuwe Buur"), project)  # not invited: not counted
        summary = queries.signal_summary(project)
        assert (summary.signals, summary.residents, summary.partners) == (5, 4, 1)
        assert (summary.reporters, summary.invited, summary.joined) == (4, 4, 1)
        assert queries.signal_summary(start(place, title="Zonder signalen")) == queries.SignalSummary(0, 0, [])


def test_the_projects_of_a_team_unfinished_first(app):
    with app.app_context():
        place = make_signal_place()
        done = start(place, title="Afgerond")
        services.set_status(place.worker, done, RUNNING)
        services.set_status(place.worker, done, FINISHED, "Het is gelukt.")
        running = start(place, title="Loopt")
        services.set_status(place.worker, running, RUNNING)
        starting = start(place, title="Begint")
        assert queries.projects_of_team(place.team) == [running, starting, done]
        assert queries.projects_of_team(place.team, limit=2) == [running, starting]
        assert queries.projects_of_team(make_signal_place().team) == []


def test_only_the_teams_workers_start_projects_with_a_title_goal_and_a_lead_of_the_team(app):
    with app.app_context():
        place = make_signal_place()
        with pytest.raises(DomainError):
            services.create_project(
                place.other_worker,
                place.team,
                services.ProjectInput("Samen tegen eenzaamheid", "Een doel van het project", None, place.worker),
            )
        with pytest.raises(DomainError) as short:
            start(place, title="Hoi")
        assert short.value.field == "title"
        with pytest.raises(DomainError) as goal:
            start(place, goal="")
        assert goal.value.field == "goal"
        with pytest.raises(DomainError) as lead:
            start(place, lead_worker=place.other_worker)
        assert lead.value.field == "lead_worker_id"
        elsewhere = make_area(None, "Andere buurt")
        with pytest.raises(DomainError) as area:
            start(place, area=elsewhere)
        assert area.value.field == "area_id"
        assert start(place, area=None).area_id is None


def test_a_cluster_of_another_project_is_not_taken_over(app):
    with app.app_context():
        place = make_signal_place()
        cluster = lonely_cluster(place)
        start(place, [cluster])
        second = start(place, title="Een tweede project")
        with pytest.raises(DomainError):
            services.link_cluster(place.worker, second, cluster)


def test_anonymous_reporters_without_an_address_are_not_invited_and_never_listed(app):
    with app.app_context():
        place = make_signal_place()
        cluster = lonely_cluster(place, anonymous_email=None)
        project = start(place, [cluster])
        assert db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.recipient == ANONYMOUS)) == 0
        summary = queries.signal_summary(project)
        assert summary.signals == 4 and summary.reporters == 4
        assert summary.matters and all(text not in " ".join(summary.matters) for text in LONELY)


def test_residents_join_and_leave_until_the_project_finishes(app):
    with app.app_context():
        place = make_signal_place()
        project = start(place)
        resident = place.residents[0]
        services.join(resident, project)
        services.join(resident, project)
        assert len(project.participants) == 1 and services.is_participant(resident, project)
        assert services.leave(resident, project) is True
        assert services.leave(resident, project) is False
        services.join(resident, project)
        services.set_status(place.worker, project, FINISHED, "Twintig buren kwamen wekelijks koffie drinken.")
        with pytest.raises(DomainError):
            services.leave(resident, project)
        with pytest.raises(DomainError):
            services.join(place.residents[1], project)


def test_status_only_moves_forward_and_finishing_needs_an_outcome(app):
    with app.app_context():
        place = make_signal_place()
        project = start(place)
        with pytest.raises(DomainError) as unknown:
            services.set_status(place.worker, project, "paused")
        assert unknown.value.field == "status"
        services.set_status(place.worker, project, RUNNING)
        with pytest.raises(DomainError):
            services.set_status(place.worker, project, STARTING)
        with pytest.raises(DomainError) as outcome:
            services.set_status(place.worker, project, FINISHED, "  ")
        assert outcome.value.field == "outcome"
        assert project.status == RUNNING
        with pytest.raises(DomainError):
            services.set_status(place.other_worker, project, FINISHED, "Het is gelukt, iedereen is blij.")
        services.set_status(place.worker, project, FINISHED, "Het is gelukt, iedereen is blij.")
        assert project.finished_at is not None and project.outcome.startswith("Het is gelukt")
        assert services.next_statuses(project) == []
        statuses = db.session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "projects.status")).all()
        assert statuses == [RUNNING, FINISHED]


def test_news_reaches_participants_and_invited_reporters_once_each(app):
    with app.app_context():
        place = make_signal_place()
        cluster = lonely_cluster(place)
        project = start(place, [cluster])
        services.join(place.residents[0], project)  # invited and joined: told once
        volunteer = make_user(area_id=place.area.id, name="Vera Vrijwilliger")
        services.join(volunteer, project)
        services.join(place.worker, project)  # the author is not told about their own news
        services.add_update(place.worker, project, "De eerste koffieochtend was een succes: vijftien buren!")
        told = invitations(project, kinds.PROJECT_UPDATE)
        assert sorted(n.user_id for n in told) == sorted([*(r.id for r in place.residents), volunteer.id])
        assert len(mails_to(ANONYMOUS)) == 2  # the invitation and the news
        with pytest.raises(DomainError) as empty:
            services.add_update(place.worker, project, " ")
        assert empty.value.field == "body"
        assert project.updates[0].body.startswith("De eerste")


def test_activities_are_checked_stored_in_utc_and_told_to_participants(app):
    with app.test_request_context():
        place = make_signal_place()
        project = start(place)
        services.join(place.residents[0], project)
        day = date.today() + timedelta(days=7)
        bad = services.ActivityInput("Koffieochtend", day, time(10, 0), time(9, 0), "Buurthuis")
        with pytest.raises(DomainError) as end:
            services.add_activity(place.worker, project, bad)
        assert end.value.field == "end"
        with pytest.raises(DomainError) as where:
            services.add_activity(place.worker, project, services.ActivityInput("Koffie", day, time(10), None, ""))
        assert where.value.field == "place"
        with pytest.raises(DomainError) as when:
            services.add_activity(place.worker, project, services.ActivityInput("Koffie", None, time(10), None, "Hal"))
        assert when.value.field == "day"
        activity = services.add_activity(
            place.worker, project, services.ActivityInput("Koffieochtend", day, time(10), time(12), "Buurthuis")
        )
        assert activity.starts_at.hour in (8, 9) and activity.ends_at - activity.starts_at == timedelta(hours=2)
        assert [n.user_id for n in invitations(project, kinds.PROJECT_UPDATE)] == [place.residents[0].id]

        items = project_activities([place.area.id], utcnow())
        assert [item.title for item in items] == ["Koffieochtend"]
        assert items[0].link.endswith(f"/projects/{project.id}")
        assert project_activities([make_area(None).id], utcnow()) == []

        services.change_activity(
            place.worker, activity, services.ActivityInput("Koffieochtend", day, time(14), time(16), "Bibliotheek")
        )
        assert activity.place == "Bibliotheek"
        services.remove_activity(place.worker, activity)
        assert project.activities == []


def test_a_project_of_the_whole_team_area_shows_in_every_neighbourhood_of_the_team(app):
    with app.test_request_context():
        place = make_signal_place()
        other_area = make_area(place.team, "Tweede buurt")
        project = start(place, area=None)
        day = date.today() + timedelta(days=3)
        services.add_activity(place.worker, project, services.ActivityInput("Wandeling", day, time(10), None, "Plein"))
        assert len(project_activities([other_area.id], utcnow())) == 1
        assert len(project_activities([make_area(None).id], utcnow())) == 0


def test_initiatives_of_the_teams_neighbourhoods_are_linked_and_unlinked(app):
    with app.app_context():
        place = make_signal_place()
        project = start(place)
        initiative = make_initiative(place.residents[0], place.area)
        services.link_initiative(place.worker, project, initiative)
        services.link_initiative(place.worker, project, initiative)
        assert project.initiatives == [initiative]
        elsewhere = make_initiative(place.residents[0], make_area(None, "Buiten"))
        with pytest.raises(DomainError) as other:
            services.link_initiative(place.worker, project, elsewhere)
        assert other.value.field == "initiative_id"
        draft = make_initiative(place.residents[0], place.area, status="draft")
        with pytest.raises(DomainError):
            services.link_initiative(place.worker, project, draft)
        services.unlink_initiative(place.worker, project, initiative)
        assert project.initiatives == []
        with pytest.raises(DomainError):
            services.unlink_initiative(place.worker, project, initiative)


def test_data_rights_export_and_forget_participation(app):
    with app.app_context():
        place = make_signal_place()
        cluster = lonely_cluster(place)
        project = start(place, [cluster])
        resident = place.residents[0]
        services.join(resident, project)
        db.session.commit()
        data = personal_data(resident)
        assert data["projects_joined"][0]["project"] == project.title
        assert data["projects_invited_to"][0]["project"] == project.title
        account_services.delete_account(resident, TEST_PASSWORD)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(ProjectParticipant)) == 0
        assert (
            db.session.scalar(select(func.count(ProjectInvitation.id)).where(ProjectInvitation.user_id.is_not(None)))
            == 2
        )
