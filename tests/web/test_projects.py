"""Collective projects on the site: pages in both languages, the team's forms, privacy, the agenda."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.projects import services
from portal.projects.models import FINISHED, RUNNING, Project, ProjectActivity, ProjectParticipant
from portal.signals import services as signal_services
from portal.signals.models import SignalCluster
from portal.signals.services import SignalInput
from portal.teams.models import Area
from tests.factories import make_user
from tests.factories.initiatives import make_initiative
from tests.factories.signals import LONELY, make_signal_place, report

SECRET = "Niemand komt meer langs bij de ouderen, ze zijn heel eenzaam."


@pytest.fixture
def place(app):
    """A team with a recurring cluster about loneliness (three residents, one anonymous) and a project of it."""
    with app.app_context():
        where = make_signal_place()
        where.worker.locale = "en"  # the messages are checked in English, whatever Dutch the catalogue has
        for resident, text in zip(where.residents, LONELY, strict=True):
            signal = report(resident, where.area, text)
        report(None, where.area, SECRET, contact_email="anoniem@example.org", contact_name="Geheime Buur")
        cluster = signal.cluster
        second = report(where.residents[0], where.area, "Schimmel en vocht in de badkamer, de muren zijn zwart.")
        project = services.create_project(
            where.worker,
            where.team,
            services.ProjectInput(
                "Samen tegen eenzaamheid",
                "Elke dinsdag koffie in het buurthuis voor wie weinig aanspraak heeft.",
                where.area,
                where.worker,
            ),
            clusters=[cluster],
        )
        services.add_activity(
            where.worker,
            project,
            services.ActivityInput("Koffieochtend", date.today() + timedelta(days=5), time(10), time(12), "Buurthuis"),
        )
        services.join(where.residents[1], project)
        initiative = make_initiative(where.residents[2], where.area, title="Taalcafé in de Zonnebuurt")
        db.session.commit()
        ids = {
            "project": project.id,
            "activity": project.activities[0].id,
            "worker": where.worker.id,
            "other_worker": where.other_worker.id,
            "residents": [resident.id for resident in where.residents],
            "resident_names": [resident.name for resident in where.residents],
            "cluster": cluster.id,
            "second_cluster": second.cluster_id,
            "code": where.area.code,
            "initiative": initiative.id,
            "team": where.team.slug,
        }
        db.session.remove()
    return ids


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def page(client, url, language="nl"):
    client.set_cookie("lang", language)
    return client.get(url)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_public_pages_show_the_project_but_no_reporter_names_or_signal_texts(app, place, language):
    client = app.test_client()
    listing = page(client, "/projects", language)
    assert listing.status_code == 200 and "Samen tegen eenzaamheid" in listing.get_data(as_text=True)
    response = page(client, f"/projects/{place['project']}", language)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and f'<html lang="{language}">' in body
    assert "Koffieochtend" in body and "Buurthuis" in body and "Wendy Werker" in body
    for name in place["resident_names"]:
        assert name not in body
    assert "Geheime Buur" not in body and "anoniem@example.org" not in body
    assert SECRET not in body and all(text not in body for text in LONELY)
    assert "/account/login" in body  # a visitor is asked to log in to join
    assert ("eenzaamheid" if language == "nl" else "loneliness") in body


def test_the_teams_workers_see_participant_names_and_forms(auth, place):
    body = page(auth.client(place["worker"]), f"/projects/{place['project']}").get_data(as_text=True)
    assert place["resident_names"][1] in body
    assert 'action="/projects/{}/status"'.format(place["project"]) in body
    other = page(auth.client(place["other_worker"]), f"/projects/{place['project']}").get_data(as_text=True)
    assert place["resident_names"][1] not in other and "/status" not in other


def test_a_resident_joins_leaves_and_sees_invitations_in_my_projects(app, auth, place):
    invited = auth.client(place["residents"][0])
    mine = page(invited, "/projects/mine")
    assert mine.status_code == 200 and "Samen tegen eenzaamheid" in mine.get_data(as_text=True)
    assert invited.post(f"/projects/{place['project']}/join").status_code == 302
    with app.app_context():
        assert db.session.get(ProjectParticipant, (place["project"], place["residents"][0])) is not None
    assert invited.post(f"/projects/{place['project']}/leave").status_code == 302
    with app.app_context():
        assert db.session.get(ProjectParticipant, (place["project"], place["residents"][0])) is None


def test_joining_a_finished_project_is_refused_with_a_message(app, auth, place):
    with app.app_context():
        project = db.session.get(Project, place["project"])
        project.status, project.outcome = FINISHED, "Het is gelukt."
        db.session.commit()
    response = auth.client(place["residents"][0]).post(f"/projects/{place['project']}/join")
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'class="error-message" role="alert"' in body


def test_workers_of_another_team_get_403(auth, place):
    other = auth.client(place["other_worker"])
    assert other.get(f"/projects/{place['project']}/edit").status_code == 403
    assert other.post(f"/projects/{place['project']}/updates", data={"body": "Nieuws"}).status_code == 403
    assert other.get(f"/projects/activities/{place['activity']}/edit").status_code == 403
    assert other.get(f"/projects/new?cluster_id={place['second_cluster']}").status_code == 403
    assert auth.client(place["residents"][0]).get("/projects/new").status_code == 403


def test_a_worker_starts_a_project_from_a_cluster_with_a_suggested_title(app, auth, place):
    client = auth.client(place["worker"])
    form = page(client, f"/projects/new?cluster_id={place['second_cluster']}", "en")
    body = form.get_data(as_text=True)
    assert form.status_code == 200 and "damp and mould" in body
    empty = client.post(f"/projects/new?cluster_id={place['second_cluster']}", data={"title": "", "goal": ""})
    assert empty.status_code == 422 and "Give the project a title." in empty.get_data(as_text=True)
    with app.app_context():
        team = db.session.get(SignalCluster, place["second_cluster"]).team.slug
    data = {
        "team": team,
        "title": "Schimmelvrij wonen",
        "goal": "Samen met de corporatie vocht en schimmel aanpakken.",
        "area_id": "",
        "lead_worker_id": str(place["worker"]),
    }
    saved = client.post(f"/projects/new?cluster_id={place['second_cluster']}", data=data)
    assert saved.status_code == 302
    with app.app_context():
        project = db.session.scalar(select(Project).where(Project.title == "Schimmelvrij wonen"))
        assert [cluster.id for cluster in project.clusters] == [place["second_cluster"]]
        assert project.area_id is None


def test_bad_input_is_answered_with_422_and_the_message_next_to_the_field(auth, place):
    client = auth.client(place["worker"])
    client.set_cookie("lang", "en")
    project = place["project"]
    bad_activity = {"title": "Koffie", "day": "2030-05-05", "start": "10:00", "end": "09:00", "place": "Hal"}
    response = client.post(f"/projects/{project}/activities/new", data=bad_activity)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "The end must be after the start." in body
    assert 'value="Koffie"' in body and 'value="Hal"' in body  # nothing typed is lost
    missing = client.post(f"/projects/{project}/activities/new", data={})
    assert missing.status_code == 422 and "Choose the date." in missing.get_data(as_text=True)
    status = client.post(f"/projects/{project}/status", data={"status": FINISHED, "outcome": ""})
    assert status.status_code == 422 and "what the project achieved" in status.get_data(as_text=True)
    news = client.post(f"/projects/{project}/updates", data={"body": ""})
    assert news.status_code == 422 and "Write the news." in news.get_data(as_text=True)
    link = client.post(f"/projects/{project}/initiatives", data={"initiative_id": "999999"})
    assert link.status_code == 422 and "Choose an initiative" in link.get_data(as_text=True)
    edit = client.post(f"/projects/{project}/edit", data={"title": "Hoi", "goal": "Een mooi doel voor iedereen"})
    assert edit.status_code == 422 and "Between 5 and 150 characters." in edit.get_data(as_text=True)


def test_the_team_changes_status_posts_news_links_initiatives_and_plans_activities(app, auth, place):
    client = auth.client(place["worker"])
    project = place["project"]
    assert client.post(f"/projects/{project}/status", data={"status": RUNNING}).status_code == 302
    assert client.post(f"/projects/{project}/updates", data={"body": "De eerste ochtend was fijn."}).status_code == 302
    linked = client.post(f"/projects/{project}/initiatives", data={"initiative_id": str(place["initiative"])})
    assert linked.status_code == 302
    new = {"title": "Wandeling", "day": "2030-05-05", "start": "14:00", "end": "15:00", "place": "Park"}
    assert client.post(f"/projects/{project}/activities/new", data=new).status_code == 302
    edit = page(client, f"/projects/activities/{place['activity']}/edit")
    assert edit.status_code == 200 and 'value="10:00"' in edit.get_data(as_text=True)  # Groningen time
    assert client.post(f"/projects/activities/{place['activity']}/delete").status_code == 302  # asks again
    assert client.post(f"/projects/activities/{place['activity']}/delete", data={"confirm": "yes"}).status_code == 302
    body = page(client, f"/projects/{project}").get_data(as_text=True)
    assert "De eerste ochtend was fijn." in body and "Taalcafé in de Zonnebuurt" in body and "Wandeling" in body
    with app.app_context():
        assert db.session.get(ProjectActivity, place["activity"]) is None
        assert db.session.get(Project, project).status == RUNNING
    unlinked = client.post(f"/projects/{project}/initiatives/unlink", data={"initiative_id": str(place["initiative"])})
    assert unlinked.status_code == 302


def test_the_agenda_and_its_feed_show_the_projects_activity(app, place):
    client = app.test_client()
    agenda = page(client, f"/initiatives/agenda/{place['code']}").get_data(as_text=True)
    assert "Koffieochtend" in agenda and f"/projects/{place['project']}" in agenda
    feed = client.get(f"/initiatives/agenda/{place['code']}.ics").get_data(as_text=True)
    assert "SUMMARY:Koffieochtend" in feed and f"project-activity-{place['activity']}@buurtportaal" in feed


def test_the_list_filters_by_team_and_status(app, place):
    with app.app_context():
        make_user(name="Niemand")
        db.session.commit()
    client = app.test_client()
    assert "Samen tegen eenzaamheid" in page(client, "/projects?status=starting").get_data(as_text=True)
    assert "Samen tegen eenzaamheid" not in page(client, "/projects?status=finished").get_data(as_text=True)
    assert "Samen tegen eenzaamheid" not in page(client, "/projects?team=selwerd").get_data(as_text=True)


HUGE = "99999999999999999999"


def test_crafted_huge_numbers_are_no_server_error(app, auth, place):
    visitor = app.test_client()
    assert visitor.get(f"/projects?page={HUGE}").status_code == 200
    assert visitor.get(f"/projects?page={HUGE}&team={HUGE}&status={HUGE}").status_code == 200
    assert visitor.get(f"/projects?page=-{HUGE}").status_code == 200
    client = auth.client(place["worker"])
    assert client.get(f"/projects/new?cluster_id={HUGE}").status_code == 404
    assert client.post(f"/projects/new?cluster_id={HUGE}", data={"title": "x"}).status_code == 404
    assert client.get(f"/projects/{HUGE}").status_code == 404
    with app.app_context():
        team = db.session.get(SignalCluster, place["cluster"]).team.slug
    data = {
        "team": team,
        "title": "Een nieuw project",
        "goal": "Samen iets moois maken in de buurt.",
        "area_id": HUGE,
        "lead_worker_id": HUGE,
    }
    started = client.post("/projects/new", data=data)
    assert started.status_code == 422  # no neighbourhood is fine, but a project needs a lead worker
    assert "Een nieuw project" in started.get_data(as_text=True)
    edited = client.post(f"/projects/{place['project']}/edit", data={**data, "title": "Samen tegen eenzaamheid"})
    assert edited.status_code == 422
    for action in ("initiatives", "initiatives/unlink"):
        response = client.post(f"/projects/{place['project']}/{action}", data={"initiative_id": HUGE})
        assert response.status_code == 422


def test_a_group_is_taken_up_in_an_existing_project_and_unlinked_again(app, auth, place):
    worker = auth.client(place["worker"])
    cluster_page = worker.get(f"/signals/clusters/{place['second_cluster']}").get_data(as_text=True)
    assert "Take up in this project" in cluster_page and "Samen tegen eenzaamheid" in cluster_page
    response = worker.post(
        f"/projects/clusters/{place['second_cluster']}/take-up", data={"project_id": str(place["project"])}
    )
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/projects/{place['project']}")
    with app.app_context():
        assert db.session.get(SignalCluster, place["second_cluster"]).project_id == place["project"]
    shown = worker.get(f"/projects/{place['project']}").get_data(as_text=True)
    assert f"/signals/clusters/{place['second_cluster']}" in shown
    # A project id of another team, or none, is refused with a message.
    refused = worker.post(f"/projects/clusters/{place['cluster']}/take-up", data={"project_id": "99999999999999"})
    assert refused.status_code == 422 and "Choose a project of the team from the list." in refused.get_data(
        as_text=True
    )
    # Unlinking gives the group back to the board, open.
    response = worker.post(
        f"/projects/{place['project']}/clusters/unlink", data={"cluster_id": str(place["second_cluster"])}
    )
    assert response.status_code == 302
    with app.app_context():
        cluster = db.session.get(SignalCluster, place["second_cluster"])
        assert cluster.project_id is None and cluster.status == "open"
    # Another team's worker may do neither.
    other = auth.client(place["other_worker"])
    assert other.post(f"/projects/clusters/{place['second_cluster']}/take-up", data={}).status_code == 403
    assert other.post(f"/projects/{place['project']}/clusters/unlink", data={}).status_code == 403


def test_a_coordinator_is_offered_once_as_lead_of_a_new_project(app, auth, place):
    with app.app_context():
        coordinator = make_user("coordinator", name="Carla Coördinator")
        db.session.commit()
        coordinator_id = coordinator.id
    html = auth.client(coordinator_id).get("/projects/new").get_data(as_text=True)
    assert html.count(f'value="{coordinator_id}"') == 1


def partner_signal(app, place) -> None:
    """A GP's note, recorded by the worker, joins the project's group of four residents' signals."""
    with app.app_context():
        worker = db.session.get(User, place["worker"])
        area = db.session.get(Area, db.session.get(SignalCluster, place["cluster"]).team.areas[0].id)
        note = signal_services.report(
            None,
            SignalInput(text=LONELY[1], area=area, source="gp", source_name="Huisartsenpraktijk Zon"),
            recorded_by=worker,
        )
        assert note.cluster_id == place["cluster"]
        assert db.session.get(SignalCluster, place["cluster"]).signal_count == 5
        db.session.commit()


def test_the_project_counts_the_signals_as_the_board_does_residents_and_partners_apart(app, auth, place):
    partner_signal(app, place)
    public = text_of(page(app.test_client(), f"/projects/{place['project']}", "en"))
    assert "This project grew from 5 signals: 4 from residents and 1 from a partner of the team." in public
    assert "Huisartsenpraktijk" not in public and "residents reported" not in public
    team = text_of(page(auth.client(place["worker"]), f"/projects/{place['project']}", "en"))
    # four residents reported: three with an account and an anonymous neighbour, invited by e-mail; one joined
    assert "4 residents reported; 4 invited; 1 joined" in team


def test_the_project_page_links_the_team_to_its_signals_board(app, auth, place):
    board_link = f'href="/signals/board/{place["team"]}"'
    assert board_link in page(auth.client(place["worker"]), f"/projects/{place['project']}").get_data(as_text=True)
    assert board_link not in page(app.test_client(), f"/projects/{place['project']}").get_data(as_text=True)


def test_the_list_names_the_team_once_and_an_empty_list_points_to_reporting_a_signal(app, place):
    with app.app_context():
        project = db.session.get(Project, place["project"])
        project.area_id = None
        team = project.team.name
        db.session.commit()
    listing = text_of(page(app.test_client(), "/projects", "en"))
    assert listing.count(team) == 2  # the team filter's option, and once on the card
    assert f"{team} · {team}" not in listing and 'class="empty-next"' not in listing
    empty = text_of(page(app.test_client(), "/projects?status=finished", "en"))
    assert "No projects match what you chose." in empty
    assert re.search(r'class="empty-next">[^<]*<a href="/signals/report">Report a signal</a>', empty)


def test_without_any_project_the_list_says_so_and_points_to_reporting_a_signal(app):
    empty = text_of(page(app.test_client(), "/projects", "en"))
    assert "There are no collective projects yet." in empty and "No projects match" not in empty
    assert 'class="empty-next"' in empty


def test_the_team_page_lists_the_teams_projects(app, place):
    with app.app_context():
        slug = db.session.get(Project, place["project"]).team.slug
    html = app.test_client().get(f"/teams/{slug}").get_data(as_text=True)
    assert "Samen tegen eenzaamheid" in html and f"/projects/{place['project']}" in html
