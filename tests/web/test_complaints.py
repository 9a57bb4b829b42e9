"""Complaints in the test client: a resident files one about their own matter, the team's coordinator is told,
assigns, answers and closes it, and the resident reads the answer; nobody else learns anything about it."""

from __future__ import annotations

import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from portal import create_app
from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.audit import AuditEntry
from portal.complaints.models import Complaint
from portal.extensions import db
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.teams.models import Area, TeamQuestion
from tests.factories import make_user, team_by_slug
from tests.factories.help import make_request
from tests.factories.initiatives import make_initiative
from tests.factories.signals import report

TEXT = "Ik heb drie weken niets gehoord op mijn vraag en niemand belde terug, terwijl dat wel was beloofd."


@pytest.fixture
def world(app, groningen):
    """Selwerd with a coordinator who is one of its members, a coordinator of no team, a worker of Selwerd and
    one of Beijum, and two residents of Selwerd, the first with a question, initiative, help request and signal."""
    with app.app_context():
        selwerd, beijum = team_by_slug("selwerd"), team_by_slug("beijum")
        home = db.session.scalars(select(Area).where(Area.code == "BU00141000")).one()
        people = {
            "team_coordinator": make_user(ROLE_COORDINATOR, teams=[selwerd], name="Carla Coördinator", locale="en"),
            "other_coordinator": make_user(ROLE_COORDINATOR, name="Otto Overal", locale="en"),
            "worker": make_user(ROLE_WORKER, teams=[selwerd], name="Wim Werker", locale="en"),
            "beijum_worker": make_user(ROLE_WORKER, teams=[beijum], name="Bea Beijum", locale="en"),
            "resident": make_user(area_id=home.id, name="Anouk de Vries", locale="en"),
            "neighbour": make_user(area_id=home.id, name="Nina Buur"),
        }
        resident = people["resident"]
        question = TeamQuestion(team=selwerd, user_id=resident.id, name="Anouk", contact="a@example.org", message="?")
        db.session.add(question)
        things = {
            "question": question,
            "initiative": make_initiative(resident, home),
            "help_request": make_request(resident),
            "signal": report(resident, home, "Veel zwerfafval bij de speeltuin aan de Zonnelaan"),
        }
        db.session.commit()
        ids = {name: user.id for name, user in people.items()}
        ids.update({f"{kind}_id": thing.id for kind, thing in things.items()})
        ids["selwerd_id"], ids["beijum_id"] = selwerd.id, beijum.id
        db.session.remove()
    return ids


def _file(client, about, thing_id, text=TEXT):
    return client.post(f"/complaints/new?about={about}&id={thing_id}", data={"message": text})


def _notifications(app, user_id, kind=None) -> list[Notification]:
    with app.app_context():
        query = select(Notification).where(Notification.user_id == user_id)
        if kind:
            query = query.where(Notification.kind == kind)
        found = list(db.session.scalars(query))
        db.session.remove()
    return found


def _complaints(app) -> list[Complaint]:
    with app.app_context():
        found = list(db.session.scalars(select(Complaint).order_by(Complaint.id)))
        db.session.expunge_all()
        db.session.remove()
    return found


def _mails_to(app, user_id) -> list[OutboxMessage]:
    with app.app_context():
        from portal.accounts.models import User

        address = db.session.get(User, user_id).email
        found = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)))
        db.session.remove()
    return found


# --------------------------------------------------------------------------- the whole flow


def test_file_notify_assign_answer_read_close(app, auth, world):
    resident = auth.client(world["resident"])
    form = resident.get(f"/complaints/new?about=question&id={world['question_id']}")
    page = form.get_data(as_text=True)
    assert form.status_code == 200
    assert "How your question to WIJ Selwerd" in page
    assert "within 6 weeks" in page and "9:11" in page and 'href="tel:112"' in page

    filed = _file(resident, "question", world["question_id"])
    assert filed.status_code == 303
    [complaint] = _complaints(app)
    assert filed.headers["Location"].endswith(f"/complaints/{complaint.id}")
    assert complaint.team_id == world["selwerd_id"]
    assert (complaint.subject_kind, complaint.subject_id, complaint.status) == ("question", world["question_id"], "new")
    assert (complaint.due_at - complaint.created_at).days == 42
    reference = f"K-{complaint.id:06d}"
    assert reference in resident.get(filed.headers["Location"]).get_data(as_text=True)

    # Only the coordinator of Selwerd hears of it (in the app and by mail); the resident has a confirmation.
    [told] = _notifications(app, world["team_coordinator"], "complaint_filed")
    assert told.params["reference"] == reference and told.link == f"/complaints/{complaint.id}"
    assert _mails_to(app, world["team_coordinator"])
    assert TEXT not in _mails_to(app, world["team_coordinator"])[0].body  # the mail never carries the words
    for nobody in ("other_coordinator", "worker", "beijum_worker", "neighbour"):
        assert _notifications(app, world[nobody]) == []
    [received] = _notifications(app, world["resident"], "complaint_news")
    assert received.params["event"] == "received"

    coordinator = auth.client(world["team_coordinator"])
    listing = coordinator.get("/complaints").get_data(as_text=True)
    assert reference in listing and "WIJ Selwerd" in listing

    assigned = coordinator.post(f"/complaints/{complaint.id}/assign", data={"assignee": world["other_coordinator"]})
    assert assigned.status_code == 303
    assert [n.kind for n in _notifications(app, world["other_coordinator"])] == ["complaint_assigned"]
    assert _complaints(app)[0].status == "in_progress"

    answer = "Je hebt gelijk: we hadden je binnen twee dagen moeten terugbellen. Wim belt je deze week."
    answered = auth.client(world["other_coordinator"]).post(
        f"/complaints/{complaint.id}/answer", data={"answer": answer}
    )
    assert answered.status_code == 303
    stored = _complaints(app)[0]
    assert (stored.status, stored.answer, stored.answered_by_id) == ("answered", answer, world["other_coordinator"])
    news = _notifications(app, world["resident"], "complaint_news")
    assert [n.params["event"] for n in news] == ["received", "answered"]
    assert any(reference in mail.subject or reference in mail.body for mail in _mails_to(app, world["resident"])[1:])

    own = resident.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert answer in own and reference in own and "Answered in time" in own and "Ombudsman Groningen" in own
    assert reference in resident.get("/complaints/mine").get_data(as_text=True)

    closed = coordinator.post(f"/complaints/{complaint.id}/status", data={"status": "closed"})
    assert closed.status_code == 303
    assert _complaints(app)[0].status == "closed" and _complaints(app)[0].closed_at is not None
    with app.app_context():
        actions = db.session.execute(
            select(AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.subject == f"complaint:{complaint.id}")
            .order_by(AuditEntry.id)
        ).all()
        db.session.remove()
    assert actions == [
        ("complaints.assign", "Otto Overal"),
        ("complaints.status", "new -> in_progress"),
        ("complaints.status", "in_progress -> answered"),
        ("complaints.status", "answered -> closed"),
    ]


def test_the_form_page_is_in_dutch_for_a_dutch_resident(app, auth, world):
    page = auth.client(world["neighbour"]).get(f"/complaints/new?about=team&id={world['selwerd_id']}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="nl">' in text
    assert "6 weken" in text and "Algemene wet bestuursrecht" in text


@pytest.mark.parametrize("about", ["question", "initiative", "help_request", "signal"])
def test_each_kind_of_own_thing_can_be_complained_about_and_reaches_its_team(app, auth, world, about):
    response = _file(auth.client(world["resident"]), about, world[f"{about}_id"])
    assert response.status_code == 303
    [complaint] = _complaints(app)
    assert (complaint.subject_kind, complaint.team_id) == (about, world["selwerd_id"])


@pytest.mark.parametrize("about", ["question", "initiative", "help_request", "signal"])
def test_someone_elses_thing_is_404_and_stores_nothing(app, auth, world, about):
    neighbour = auth.client(world["neighbour"])
    assert neighbour.get(f"/complaints/new?about={about}&id={world[f'{about}_id']}").status_code == 404
    assert _file(neighbour, about, world[f"{about}_id"]).status_code == 404
    # A thing that does not exist answers the same.
    assert neighbour.get(f"/complaints/new?about={about}&id=999999").status_code == 404
    assert _complaints(app) == []


@pytest.mark.parametrize(
    "query", ["about=question&id=abc", "about=question", "about=team", "about=team&id=99999999999999"]
)
def test_a_subject_without_a_usable_id_asks_to_choose_again(auth, world, query):
    response = auth.client(world["resident"]).get(f"/complaints/new?{query}")
    assert response.status_code == 422
    assert "Choose what your complaint is about." in response.get_data(as_text=True)


def test_without_a_subject_the_resident_chooses_among_their_own_things(auth, world):
    page = auth.client(world["resident"]).get("/complaints/new").get_data(as_text=True)
    assert f"about=initiative&amp;id={world['initiative_id']}" in page
    assert f"about=signal&amp;id={world['signal_id']}" in page
    assert f"about=team&amp;id={world['selwerd_id']}" in page
    other = auth.client(world["neighbour"]).get("/complaints/new").get_data(as_text=True)
    assert f"about=initiative&amp;id={world['initiative_id']}" not in other


def test_any_resident_may_complain_about_a_teams_work_visitors_log_in_first(app, auth, client, world):
    url = f"/complaints/new?about=team&id={world['beijum_id']}"
    response = client.get(url)
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert "complaints" in response.headers["Location"]  # and come back afterwards
    assert _file(auth.client(world["neighbour"]), "team", world["beijum_id"]).status_code == 303
    [complaint] = _complaints(app)
    assert (complaint.subject_kind, complaint.subject_id, complaint.team_id) == ("team", None, world["beijum_id"])


def test_a_team_without_its_own_coordinator_reaches_every_coordinator(app, auth, world):
    _file(auth.client(world["resident"]), "team", world["beijum_id"])
    for coordinator in ("team_coordinator", "other_coordinator"):
        assert [n.kind for n in _notifications(app, world[coordinator])] == ["complaint_filed"]
    assert _notifications(app, world["beijum_worker"]) == []


def test_bad_input_is_refused_with_the_text_kept(app, auth, world):
    response = _file(auth.client(world["resident"]), "question", world["question_id"], text="Slecht")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Slecht" in page and "error-message" in page
    assert _complaints(app) == []


def test_a_form_posted_twice_stores_once(app, auth, world):
    resident = auth.client(world["resident"])
    page = resident.get(f"/complaints/new?about=question&id={world['question_id']}").get_data(as_text=True)
    key = re.search(r'name="form_key"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="form_key"', page
    )
    data = {"message": TEXT, "form_key": key.group(1)}
    url = f"/complaints/new?about=question&id={world['question_id']}"
    first, second = resident.post(url, data=data), resident.post(url, data=data)
    assert first.status_code == 303 and second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert len(_complaints(app)) == 1


# --------------------------------------------------------------------------- who reads and who acts


def test_who_may_read_a_complaint(app, auth, world):
    _file(auth.client(world["resident"]), "question", world["question_id"])
    [complaint] = _complaints(app)
    url = f"/complaints/{complaint.id}"
    assert auth.client(world["neighbour"]).get(url).status_code == 404  # no hint that it exists
    assert auth.client(world["beijum_worker"]).get(url).status_code == 403
    worker_page = auth.client(world["worker"]).get(url)
    assert worker_page.status_code == 200 and TEXT in worker_page.get_data(as_text=True)
    assert "/answer" not in worker_page.get_data(as_text=True)  # workers read, coordinators act
    assert auth.client(world["worker"]).post(f"{url}/answer", data={"answer": "Sorry"}).status_code == 403
    assert "/answer" in auth.client(world["other_coordinator"]).get(url).get_data(as_text=True)
    # The Beijum worker's list does not show Selwerd's complaints; the Selwerd worker's does.
    assert complaint.reference not in auth.client(world["beijum_worker"]).get("/complaints").get_data(as_text=True)
    assert complaint.reference in auth.client(world["worker"]).get("/complaints").get_data(as_text=True)
    assert auth.client(world["resident"]).get("/complaints").status_code == 403


def test_the_list_filters_by_team_and_status_and_marks_overdue(app, auth, world):
    resident = auth.client(world["resident"])
    _file(resident, "team", world["selwerd_id"])
    _file(resident, "team", world["beijum_id"])
    with app.app_context():
        late = db.session.scalars(select(Complaint).where(Complaint.team_id == world["beijum_id"])).one()
        late.due_at = late.created_at.replace(year=late.created_at.year - 1)
        db.session.commit()
        db.session.remove()
    coordinator = auth.client(world["other_coordinator"])
    everything = coordinator.get("/complaints").get_data(as_text=True)
    assert everything.count('<tr class="is-overdue">') == 1 and everything.count("<tr>") == 2  # header + one
    selwerd_only = coordinator.get("/complaints?team=selwerd").get_data(as_text=True)
    assert selwerd_only.count("<tr") == 2 and "Overdue" not in selwerd_only  # the header and one complaint
    beijum = coordinator.get("/complaints?team=beijum").get_data(as_text=True)
    assert "Overdue: the answer was due by" in beijum
    assert "No complaints match" in coordinator.get("/complaints?status=closed").get_data(as_text=True)
    assert coordinator.get("/complaints?status=junk&team=nowhere&page=x").status_code == 200


def test_only_a_coordinator_may_answer_and_an_answer_is_final(app, auth, world):
    _file(auth.client(world["resident"]), "question", world["question_id"])
    [complaint] = _complaints(app)
    coordinator = auth.client(world["team_coordinator"])
    empty = coordinator.post(f"/complaints/{complaint.id}/answer", data={"answer": "  "})
    assert empty.status_code == 422
    assert coordinator.post(f"/complaints/{complaint.id}/answer", data={"answer": "Ons antwoord"}).status_code == 303
    again = coordinator.post(f"/complaints/{complaint.id}/answer", data={"answer": "Een ander antwoord"})
    assert again.status_code == 422 and "Een ander antwoord" in again.get_data(as_text=True)
    assert _complaints(app)[0].answer == "Ons antwoord"
    wrong = coordinator.post(f"/complaints/{complaint.id}/status", data={"status": "new"})
    assert wrong.status_code == 422
    assert coordinator.post(f"/complaints/{complaint.id}/assign", data={"assignee": world["worker"]}).status_code == 422


# --------------------------------------------------------------------------- links from the resident's things


def test_the_owner_finds_the_complaint_link_on_their_things_and_others_do_not(app, auth, world):
    with app.app_context():
        from portal.signals.models import Signal

        token = db.session.get(Signal, world["signal_id"]).follow_token
        db.session.remove()
    pages = {
        "initiative": f"/initiatives/{world['initiative_id']}",
        "help_request": f"/help/requests/{world['help_request_id']}",
        "signal": f"/signals/follow/{token}",
        "question": f"/questions/{world['question_id']}",
    }
    for about, url in pages.items():
        link = f"/complaints/new?about={about}&amp;id={world[f'{about}_id']}"
        assert link in auth.client(world["resident"]).get(url).get_data(as_text=True), about
        others = auth.client(world["neighbour"]).get(url)
        assert link not in others.get_data(as_text=True), about


def test_the_team_page_links_to_a_complaint_about_the_team(auth, client, world):
    link = f"/complaints/new?about=team&amp;id={world['selwerd_id']}"
    assert link in client.get("/teams/selwerd").get_data(as_text=True)
    assert link in auth.client(world["neighbour"]).get("/teams/selwerd").get_data(as_text=True)


# --------------------------------------------------------------------------- rate limit


def test_filing_is_rate_limited_per_account(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'strict.sqlite'}",
            "MAIL_SERVER": "",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        upgrade()
        from portal.teams.loader import load_reference_data

        load_reference_data()
        team_id = team_by_slug("selwerd").id
        user = make_user(name="Veel Klager")
        db.session.commit()
        session_id = user.get_id()
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = session_id, True
    codes = [
        client.post(f"/complaints/new?about=team&id={team_id}", data={"message": f"{TEXT} ({n})"}).status_code
        for n in range(6)
    ]
    assert codes == [303] * 5 + [429]
    with app.app_context():
        assert db.session.scalar(select(func.count(Complaint.id))) == 5
        db.engine.dispose()


def test_the_lists_cost_the_same_number_of_queries_for_one_complaint_or_five(app, auth, world, statements):
    resident = auth.client(world["resident"])
    coordinator = auth.client(world["team_coordinator"])
    _file(resident, "question", world["question_id"])
    coordinator.post("/complaints/1/assign", data={"assignee": str(world["team_coordinator"])})
    one = (
        statements(lambda: resident.get("/complaints/mine")),
        statements(lambda: coordinator.get("/complaints")),
    )
    for about in ("initiative", "help_request", "signal"):
        _file(resident, about, world[f"{about}_id"])
    _file(resident, "team", world["selwerd_id"])
    with app.app_context():
        for complaint in db.session.scalars(select(Complaint)):
            complaint.assigned_to_id = world["team_coordinator"] if complaint.id % 2 else world["other_coordinator"]
        db.session.commit()
    five = (
        statements(lambda: resident.get("/complaints/mine")),
        statements(lambda: coordinator.get("/complaints")),
    )
    assert len(_complaints(app)) == 5
    # One query per kind of thing on "Mijn klachten" (at most four more), none per complaint on the list.
    assert five[0] <= one[0] + 4 and five[1] <= one[1] + 1, (one, five)
