"""'Mijn buurt': a resident's team, their own things with their status, what happens near them, and nothing of
another resident's private matters; the home page never asks a logged-in resident for their postcode."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.accounts.models import ROLE_WORKER, User
from portal.extensions import db
from portal.help.models import HelpRequest
from portal.initiatives import lifecycle
from portal.initiatives.models import Support
from portal.projects.models import RUNNING, STARTING, Project, ProjectActivity, ProjectParticipant
from portal.signals.models import Signal
from portal.teams.models import QUESTION_NEW, TeamQuestion, TeamQuestionMessage
from portal.timeutil import utcnow
from tests.factories import create_user, make_user
from tests.factories.help import make_offer, make_request
from tests.factories.initiatives import make_initiative
from tests.overview_support import dutch, make_world, text_of


def _own_things(world, now):
    """The resident of ``world``: a signal, a project joined, an offer, an answer to a question; and what is
    happening near them (a planned initiative, a project to join, a neighbour's request that fits the offer)."""
    resident = world.resident
    db.session.add(
        Signal(text="Losse stoeptegels bij de bakker", team_id=world.team.id, area_id=world.area.id,
               reporter_id=resident.id, follow_token=f"own-{resident.id}", features=[])
    )  # fmt: skip
    joined = Project(title="Samen de speeltuin opknappen", goal="Een mooie speeltuin", team=world.team, status=RUNNING)
    to_join = Project(title="Buurtmoestuin aanleggen", goal="Groenten kweken", team=world.team, status=STARTING)
    db.session.add_all([joined, to_join])
    db.session.flush()
    db.session.add(ProjectParticipant(project_id=joined.id, user_id=resident.id))
    db.session.add(
        ProjectActivity(project_id=to_join.id, title="Eerste spadesteek", starts_at=now + timedelta(days=2),
                        place="Achter de flat")
    )  # fmt: skip
    make_offer(resident, kinds=("odd_jobs",), description="Ik hang graag lampen op.")
    db.session.add_all(
        [
            TeamQuestionMessage(question_id=world.answered_question.id, from_team=True, body="Kom dinsdag langs."),
            TeamQuestionMessage(
                question_id=world.answered_question.id,
                from_team=True,
                internal=True,
                body="Interne notitie: lastige beller",
            ),
        ]  # fmt: skip
    )
    neighbour = make_user(area_id=world.area.id, name="Nina Geheimnaam", phone="06 98765432")
    make_request(neighbour, kind="odd_jobs", description="Wie hangt mijn lamp op? Bel 06 98765432.")
    planned = make_initiative(neighbour, world.area, lifecycle.PLANNED, title="Buurtbarbecue in de zomer")
    supported = make_initiative(neighbour, world.area, lifecycle.SUBMITTED, title="Al gesteund initiatief")
    db.session.add(Support(initiative_id=supported.id, user_id=resident.id))
    # The neighbour's private matters, never on the resident's page.
    make_initiative(neighbour, world.area, lifecycle.DRAFT, title="Geheim concept van Nina")
    db.session.add(
        TeamQuestion(team=world.team, user_id=neighbour.id, name="Nina Geheimnaam", contact="nina@example.org",
                     message="Privévraag van Nina over haar schulden", status=QUESTION_NEW, due_at=now)
    )  # fmt: skip
    db.session.add(
        Signal(text="Nina's eigen signaal over de buren", team_id=world.team.id, area_id=world.area.id,
               reporter_id=neighbour.id, follow_token=f"nina-{neighbour.id}", features=[])
    )  # fmt: skip
    crisis = make_request(neighbour, kind="odd_jobs", description="Noodgeval, niet openbaar")
    crisis.crisis = True
    return planned, to_join


@pytest.fixture
def home(app):
    with app.app_context():
        now = utcnow()
        world = make_world("Noord", now)
        other = make_world("Zuid", now, latitude=53.10)
        world.resident.locale = "en"
        planned, to_join = _own_things(world, now)
        db.session.commit()
        ids = {
            "resident": world.resident.id,
            "other_resident": other.resident.id,
            "team": world.team.slug,
            "initiative": world.initiative.id,
            "planned": planned.id,
            "to_join": to_join.id,
            "request": world.help_request.id,
            "complaint": world.complaint.id,
            "area": world.area.id,
        }
        db.session.remove()
    return ids


def test_a_resident_sees_their_team_and_their_own_things_with_their_status(app, auth, home):
    page = text_of(auth.client(home["resident"]).get("/my-neighbourhood"))
    assert "Your team is: WIJ Noord" in page and "Ask your team a question" in page
    assert "Initiatief Noord" in page and "Submitted" in page
    assert "You asked: Groceries" in page and "You offer: Odd jobs" in page
    assert "Losse stoeptegels bij de bakker" in page and "Still open" in page
    assert "Samen de speeltuin opknappen" in page
    assert "Oude vraag Noord" in page and "The team is working on it" in page
    assert "Answer from WIJ Noord: Kom dinsdag langs." in page
    assert "About the team's work" in page and "Received" in page  # the complaint


def test_what_happens_near_them(app, auth, home):
    client = auth.client(home["resident"])
    html = client.get("/my-neighbourhood").get_data(as_text=True)
    page = text_of(client.get("/my-neighbourhood"))
    coming = page[page.index("Coming up") : page.index("Initiatives you can support")]
    assert "Eerste spadesteek" in coming and "Buurtbarbecue in de zomer" in coming
    support = page[page.index("Initiatives you can support") : page.index("Help requests that match")]
    assert "Buurtbarbecue in de zomer" in support
    assert "Al gesteund initiatief" not in support and "Initiatief Noord" not in support  # supported; their own
    fits = page[page.index("Help requests that match") : page.index("Projects you can join")]
    assert "Odd jobs" in fits and "(contact details hidden)" in fits
    join = page[page.index("Projects you can join") :]
    assert "Buurtmoestuin aanleggen" in join and "Samen de speeltuin" not in join
    assert f'href="/projects/{home["to_join"]}"' in html


def test_nothing_of_another_residents_private_matters(app, auth, home):
    html = auth.client(home["resident"]).get("/my-neighbourhood").get_data(as_text=True)
    for private in (
        "Geheimnaam",
        "98765432",
        "Geheim concept",
        "Privévraag",
        "eigen signaal",
        "Noodgeval",
        "Interne notitie",
        "Zuid",  # the other team's residents
    ):
        assert private not in html, private


def test_a_resident_without_a_home_is_told_what_to_do(app, auth, groningen):
    user_id, _email = create_user(app, locale="en")
    page = text_of(auth.client(user_id).get("/my-neighbourhood"))
    assert "We do not know where you live yet" in page and "Add your postcode" in page
    assert "You have not started an initiative yet." in page and "Share an idea for your neighbourhood" in page
    assert "Offer your help, and the requests near you that match it show up here." in page


def test_in_dutch(app, auth, home):
    with app.app_context():
        db.session.get(User, home["resident"]).locale = "nl"
        db.session.commit()
    page = text_of(auth.client(home["resident"]).get("/my-neighbourhood"))
    assert "Ingediend" in page  # an initiative's status, already in the catalogue
    assert dutch(app, "My neighbourhood") in page and dutch(app, "Your things") in page


def test_the_number_of_queries_does_not_grow_with_what_there_is(app, auth, home, statements):
    client = auth.client(home["resident"])
    first = statements(lambda: client.get("/my-neighbourhood"))
    with app.app_context():
        resident = db.session.get(User, home["resident"])
        area = resident.area
        for number in range(8):
            make_initiative(resident, area, lifecycle.SUBMITTED, title=f"Nog een idee {number}")
            make_request(resident, kind="groceries")
            db.session.add(
                Signal(text=f"Signaal {number}", team_id=area.team_id, area_id=area.id, reporter_id=resident.id,
                       follow_token=f"more-{number}", features=[])
            )  # fmt: skip
            db.session.add(
                TeamQuestion(team_id=area.team_id, user_id=resident.id, name="B", contact="b@example.org",
                             message=f"Vraag {number}", due_at=utcnow())
            )  # fmt: skip
            neighbour = make_user(area_id=area.id)
            make_initiative(neighbour, area, lifecycle.PLANNED, title=f"Buurtfeest {number}")
            make_request(neighbour, kind="odd_jobs")
        db.session.commit()
    second = statements(lambda: client.get("/my-neighbourhood"))
    assert second == first, (first, second)


# --------------------------------------------------------------------------- the home page


def test_the_home_page_never_asks_a_logged_in_resident_for_their_postcode(app, auth, home, client):
    assert 'name="postcode"' in client.get("/").get_data(as_text=True)  # visitors: the finder
    page = auth.client(home["resident"]).get("/").get_data(as_text=True)
    assert 'name="postcode"' not in page
    assert 'href="/my-neighbourhood"' in page and 'href="/teams/find"' in page  # another team stays reachable
    assert "WIJ Noord" in page


def test_workers_keep_the_finder_on_the_home_page(app, auth, groningen):
    user_id, _email = create_user(app, ROLE_WORKER, teams=("selwerd",))
    page = auth.client(user_id).get("/").get_data(as_text=True)
    assert 'name="postcode"' in page and 'href="/today"' in page


def test_the_navigation_leads_each_role_to_its_overview(app, auth, home, groningen):
    worker_id, _email = create_user(app, ROLE_WORKER, teams=("selwerd",))
    resident_nav = auth.client(home["resident"]).get("/teams/").get_data(as_text=True)
    worker_nav = auth.client(worker_id).get("/teams/").get_data(as_text=True)
    assert 'href="/my-neighbourhood"' in resident_nav and 'href="/today"' not in resident_nav
    assert 'href="/today"' in worker_nav


def test_requests_of_others_are_only_the_public_ones(app, home):
    """The matching list never holds a request the public help list would not show."""
    from portal.overview import queries_neighbourhood as near

    with app.test_request_context(), app.app_context():
        resident = db.session.get(User, home["resident"])
        found = near.requests_for_my_offers(resident)
        assert found and all(not item.crisis and item.listed and item.user_id != resident.id for item in found)
        assert all(isinstance(item, HelpRequest) for item in found)
