"""The team inbox as a workflow in the test client: ask → told → assign → note → reply (from a template) →
the resident reads → answers back → close; for a resident with an account and for an asker without one,
through the private link mailed to them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal import workdays
from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER, User
from portal.audit import AuditEntry
from portal.extensions import db
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.teams.models import ReplyTemplate, TeamQuestion, TeamQuestionMessage
from tests.factories import make_user, team_by_slug

LINK = re.compile(r"https?://[^\s]+/questions/link/([A-Za-z0-9_-]{32})")


@pytest.fixture
def people(app, groningen):
    with app.app_context():
        selwerd, beijum = team_by_slug("selwerd"), team_by_slug("beijum")
        users = {
            "resident": make_user(name="Anouk de Vries", email="anouk@example.org", locale="en"),
            "neighbour": make_user(),
            "worker": make_user(ROLE_WORKER, teams=[selwerd], name="Wim Werker", locale="en"),
            "colleague": make_user(ROLE_WORKER, teams=[selwerd], name="Cor Collega", locale="nl"),
            "beijum": make_user(ROLE_WORKER, teams=[beijum], name="Bea Beijum"),
            "coordinator": make_user(ROLE_COORDINATOR),
        }
        template = ReplyTemplate(team=selwerd, title="Inloop", body="Kom gerust langs op het inloopspreekuur.")
        db.session.add(template)
        db.session.commit()
        ids = {key: user.id for key, user in users.items()} | {"template": template.id}
        db.session.remove()
    return ids


def _one(app, model, *conditions):
    with app.app_context():
        row = db.session.scalars(select(model).where(*conditions)).one()
        db.session.expunge(row)
        return row


def _count(app, model, *conditions) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def _notifications(app, kind) -> list[int]:
    with app.app_context():
        return sorted(db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def _mails(app, recipient) -> list[OutboxMessage]:
    with app.app_context():
        mails = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == recipient)))
        db.session.expunge_all()
        return mails


def _english(client):
    client.set_cookie("lang", "en")
    return client


ASK = {"name": "Anouk de Vries", "contact": "anouk@example.org", "message": "Kan iemand helpen met mijn formulieren?"}


def test_a_resident_with_an_account_asks_and_follows_the_whole_way(app, auth, people):
    resident = _english(auth.client(people["resident"]))
    response = resident.post("/teams/selwerd/ask", data=ASK)
    assert response.status_code == 302
    question = _one(app, TeamQuestion)
    reference = f"V-{question.id:06d}"
    assert question.user_id == people["resident"] and question.status == "new"
    assert question.due_at == workdays.due_at(question.created_at, 2) and question.access_digest
    page = resident.get(response.headers["Location"]).get_data(as_text=True)
    assert reference in page and "My questions" in page

    # Told: every worker of Selwerd, once; nobody of another team.
    assert _notifications(app, "inbox_question_new") == sorted([people["worker"], people["colleague"]])
    [worker_mail] = _mails(app, _one(app, User, User.id == people["worker"]).email)
    assert reference in worker_mail.subject and "WIJ Selwerd" in worker_mail.body
    with app.app_context():
        told = db.session.scalars(
            select(Notification).where(
                Notification.user_id == people["worker"], Notification.kind == "inbox_question_new"
            )
        ).one()
    assert f"/notifications/{told.id}/open" in worker_mail.body  # the mail's link opens the question, marked read
    opened = auth.client(people["worker"]).get(f"/notifications/{told.id}/open")
    assert opened.headers["Location"].endswith(f"/teams/selwerd/inbox/{question.id}")
    assert ASK["message"] not in worker_mail.body  # the resident's words stay in the portal

    # The confirmation: the reference and the private link, nothing the sender typed.
    [confirmation] = _mails(app, "anouk@example.org")
    assert reference in confirmation.subject and LINK.search(confirmation.body)
    assert ASK["message"] not in confirmation.body and ASK["name"] not in confirmation.body

    # The worker assigns it to themselves, writes a note, starts a reply from a template and sends it.
    worker = _english(auth.client(people["worker"]))
    base = f"/teams/selwerd/inbox/{question.id}"
    html = worker.get(base).get_data(as_text=True)
    assert ASK["message"] in html and reference in html and "anouk@example.org" in html
    assert worker.post(f"{base}/assign", data={"worker": "me"}).status_code == 303
    assigned = _one(app, TeamQuestion)
    assert assigned.assigned_to_id == people["worker"] and assigned.status == "in_progress"
    worker.post(f"{base}/note", data={"body": "Intern: eerder langs geweest bij de inloop."})
    filled = worker.get(f"{base}?template={people['template']}").get_data(as_text=True)
    assert "Kom gerust langs op het inloopspreekuur.</textarea>" in filled
    fragment = worker.get(f"{base}?template={people['template']}", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True) and "inloopspreekuur" in fragment.get_data(as_text=True)
    response = worker.post(f"{base}/reply", data={"body": "Kom gerust langs op het inloopspreekuur, dinsdag."})
    assert response.status_code == 303
    answered = _one(app, TeamQuestion)
    assert answered.status == "answered" and answered.answered_by_id == people["worker"]
    assert answered.answered_at is not None
    actions = [entry.action for entry in _audit(app)]
    assert actions == ["team_question.assigned", "team_question.noted", "team_question.replied"]

    # The resident is told in the app (and by mail, as they chose) and reads the reply, never the note.
    assert _notifications(app, "inbox_question_replied") == [people["resident"]]
    told = _mails(app, "anouk@example.org")[-1]
    assert "WIJ Selwerd answered your question " + reference in told.body and "/open" in told.body
    link = told.body.split("http://127.0.0.1:5000", 2)[1].split()[0]  # the notification's "open" link
    assert resident.get(link).headers["Location"].endswith(f"/questions/{question.id}")
    listing = resident.get("/questions/mine").get_data(as_text=True)
    assert reference in listing and f'href="/questions/{question.id}"' in listing
    own = resident.get(f"/questions/{question.id}")
    text = own.get_data(as_text=True)
    assert "dinsdag." in text and "Intern:" not in text and "Wim Werker" not in text
    assert own.headers["Referrer-Policy"] == "no-referrer"

    # The resident answers back: in progress again, the assigned worker is told (not the colleague).
    response = resident.post(f"/questions/{question.id}", data={"body": "Dank je! Mag mijn buurvrouw ook mee?"})
    assert response.status_code == 303
    assert _one(app, TeamQuestion).status == "in_progress"
    assert _notifications(app, "inbox_answer_back") == [people["worker"]]
    assert "Mag mijn buurvrouw ook mee?" in worker.get(base).get_data(as_text=True)

    # Closed: still readable, no longer answered back (a clear message), nothing stored.
    worker.post(f"{base}/status", data={"status": "closed"})
    closed = _one(app, TeamQuestion)
    assert closed.status == "closed" and closed.closed_at is not None
    text = resident.get(f"/questions/{question.id}").get_data(as_text=True)
    assert "This question is closed." in text and "Send my answer" not in text
    refused = resident.post(f"/questions/{question.id}", data={"body": "Nog één ding"})
    assert refused.status_code == 422 and "This question is closed." in refused.get_data(as_text=True)
    assert _count(app, TeamQuestionMessage, TeamQuestionMessage.from_team.is_(False)) == 1

    # Others: a neighbour cannot read it; the team's worker reads the resident's page but answers from the inbox.
    assert auth.client(people["neighbour"]).get(f"/questions/{question.id}").status_code == 403
    assert auth.client(people["beijum"]).get(f"/questions/{question.id}").status_code == 403
    away = worker.post(f"/questions/{question.id}", data={"body": "Namens de bewoner"})
    assert away.status_code == 303 and away.headers["Location"].endswith(base)


def _audit(app) -> list[AuditEntry]:
    with app.app_context():
        entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        db.session.expunge_all()
        return entries


def test_an_asker_without_an_account_follows_through_the_private_link(app, auth, people):
    visitor = _english(auth.client(None))
    visitor.post("/teams/selwerd/ask", data={**ASK, "contact": "gast@example.org"})
    question = _one(app, TeamQuestion)
    [confirmation] = _mails(app, "gast@example.org")
    secret = LINK.search(confirmation.body).group(1)
    link = f"/questions/link/{secret}"

    response = visitor.get(link)
    assert response.status_code == 200 and ASK["message"] in response.get_data(as_text=True)
    assert response.headers["Referrer-Policy"] == "no-referrer" and "no-store" in response.headers["Cache-Control"]
    assert "Do not share the link" in response.get_data(as_text=True)

    worker = auth.client(people["worker"])
    worker.post(f"/teams/selwerd/inbox/{question.id}/note", data={"body": "Geheime notitie"})
    worker.post(f"/teams/selwerd/inbox/{question.id}/reply", data={"body": "Je kunt terecht bij de Voedselbank."})
    reply_mail = _mails(app, "gast@example.org")[-1]
    assert "Je kunt terecht bij de Voedselbank." in reply_mail.body and link in reply_mail.body
    assert "Geheime notitie" not in reply_mail.body
    assert _notifications(app, "inbox_question_replied") == []  # no account to tell in the app

    page = visitor.get(link).get_data(as_text=True)
    assert "Voedselbank" in page and "Geheime notitie" not in page
    response = visitor.post(link, data={"body": "Waar zit de Voedselbank?"})
    assert response.status_code == 303 and response.headers["Location"].endswith(link)
    assert _one(app, TeamQuestion).status == "in_progress"
    assert _notifications(app, "inbox_answer_back") == [people["worker"]]  # the worker who replied took it

    worker.post(f"/teams/selwerd/inbox/{question.id}/status", data={"status": "closed"})
    closed = visitor.get(link).get_data(as_text=True)
    assert "This question is closed." in closed and "Voedselbank" in closed
    assert visitor.post(link, data={"body": "Nog iets"}).status_code == 422

    # Any other secret, of any shape, is nothing.
    for wrong in ("A" * 32, secret[:-1] + ("A" if secret[-1] != "A" else "B"), "kort", "x" * 300):
        assert visitor.get(f"/questions/link/{wrong}").status_code == 404


def test_a_phone_only_asker_gets_no_mail_and_the_worker_is_told_to_call(app, auth, people):
    _english(auth.client(None)).post("/teams/selwerd/ask", data={**ASK, "contact": "06 12345678"})
    question = _one(app, TeamQuestion)
    assert _count(app, OutboxMessage, OutboxMessage.recipient == "06 12345678") == 0
    html = _english(auth.client(people["worker"])).get(f"/teams/selwerd/inbox/{question.id}").get_data(as_text=True)
    assert "Call them with the answer" in html and 'href="tel:0612345678"' in html


def test_a_reply_posted_twice_is_stored_once(app, auth, people):
    _english(auth.client(None)).post("/teams/selwerd/ask", data={**ASK, "contact": "gast@example.org"})
    question = _one(app, TeamQuestion)
    worker = auth.client(people["worker"])
    page = worker.get(f"/teams/selwerd/inbox/{question.id}").get_data(as_text=True)
    key = re.search(r'action="/teams/selwerd/inbox/\d+/reply".*?name="form_key"[^>]*value="([^"]+)"', page, re.S)
    data = {"body": "Eén antwoord", "form_key": key.group(1)}
    first = worker.post(f"/teams/selwerd/inbox/{question.id}/reply", data=data)
    second = worker.post(f"/teams/selwerd/inbox/{question.id}/reply", data=data)
    assert first.status_code == 303 and second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert _count(app, TeamQuestionMessage) == 1
    assert len(_mails(app, "gast@example.org")) == 2  # the confirmation and one reply


@pytest.mark.parametrize(
    ("path", "data", "kept"),
    [
        ("reply", {"body": ""}, None),
        ("reply", {"body": "x" * 5001}, "x" * 5001),
        ("note", {"body": "   "}, None),
        ("assign", {"worker": "999999"}, None),
        ("assign", {"worker": "beijum"}, None),
        ("status", {"status": "gone"}, None),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_lost(app, auth, people, path, data, kept):
    _english(auth.client(None)).post("/teams/selwerd/ask", data={**ASK, "contact": "gast@example.org"})
    question = _one(app, TeamQuestion)
    if data.get("worker") == "beijum":
        data = {"worker": str(people["beijum"])}
    worker = _english(auth.client(people["worker"]))
    response = worker.post(f"/teams/selwerd/inbox/{question.id}/{path}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'utrecht-form-field-error-message error-message"' in html
    if kept:
        assert kept in html
    after = _one(app, TeamQuestion)
    assert (after.status, after.assigned_to_id, after.answered_at) == ("new", None, None)
    assert _count(app, TeamQuestionMessage) == 0


def test_the_answer_back_refuses_an_empty_text(app, auth, people):
    resident = _english(auth.client(people["resident"]))
    resident.post("/teams/selwerd/ask", data=ASK)
    question = _one(app, TeamQuestion)
    response = resident.post(f"/questions/{question.id}", data={"body": ""})
    assert response.status_code == 422 and "Write your answer." in response.get_data(as_text=True)


def test_a_coordinator_can_reply_but_cannot_assign_to_themselves(app, auth, people):
    _english(auth.client(None)).post("/teams/selwerd/ask", data={**ASK, "contact": "gast@example.org"})
    question = _one(app, TeamQuestion)
    coordinator = _english(auth.client(people["coordinator"]))
    assert coordinator.post(f"/teams/selwerd/inbox/{question.id}/assign", data={"worker": "me"}).status_code == 422
    ok = coordinator.post(f"/teams/selwerd/inbox/{question.id}/assign", data={"worker": str(people["colleague"])})
    assert ok.status_code == 303 and _one(app, TeamQuestion).assigned_to_id == people["colleague"]
    coordinator.post(f"/teams/selwerd/inbox/{question.id}/reply", data={"body": "Namens het team"})
    assert _one(app, TeamQuestion).answered_by_id == people["coordinator"]
