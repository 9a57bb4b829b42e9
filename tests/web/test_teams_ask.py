"""'Ask your team': stored for the team, confirmed by e-mail, bad input refused without losing it."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from portal import create_app
from portal.accounts.models import ROLE_WORKER
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.teams.models import TeamQuestion

GOOD = {
    "name": "Anouk de Vries",
    "contact": "anouk@example.org",
    "message": "Kunnen jullie helpen met een straatfeest?",
}


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _questions(app) -> list[TeamQuestion]:
    with app.app_context():
        questions = list(db.session.scalars(select(TeamQuestion)))
        db.session.expunge_all()
        return questions


def test_a_question_is_stored_for_the_team_and_confirmed_by_mail(app, client, groningen):
    response = client.post("/teams/selwerd/ask", data=GOOD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/teams/selwerd#ask")
    [question] = _questions(app)
    assert (question.name, question.contact, question.message) == (GOOD["name"], GOOD["contact"], GOOD["message"])
    assert question.user_id is None and question.answered_at is None and question.language == "nl"
    with app.app_context():
        [mail] = db.session.scalars(select(OutboxMessage)).all()
        assert mail.recipient == "anouk@example.org" and "WIJ Selwerd" in mail.subject
        assert GOOD["message"] not in mail.body and GOOD["name"] not in mail.body  # nothing the sender typed
        assert "112" in mail.body
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "WIJ Selwerd" in page and 'flash flash-success"' in page


def test_the_confirmation_is_in_the_senders_language(app, client, groningen):
    client.set_cookie("lang", "en")
    client.post("/teams/beijum/ask", data=GOOD)
    [question] = _questions(app)
    assert question.language == "en"
    with app.app_context():
        mail = db.session.scalars(select(OutboxMessage)).one()
        assert "We have received your question to WIJ Beijum" in mail.body


@pytest.mark.parametrize("phone", ["06 12345678", "050-3678000", "+31 6 1234 5678", "0031612345678"])
def test_a_phone_number_is_enough_and_sends_no_mail(app, client, groningen, phone):
    assert client.post("/teams/selwerd/ask", data={**GOOD, "contact": phone}).status_code == 302
    [question] = _questions(app)
    assert question.contact == phone
    assert _count(app, OutboxMessage) == 0


def test_a_logged_in_resident_is_linked_to_the_question(app, auth, client, groningen):
    user_id = auth.as_role().id
    client.post("/teams/selwerd/ask", data=GOOD)
    [question] = _questions(app)
    assert question.user_id == user_id


BAD = [
    ({"name": "", "contact": "", "message": ""}, ("name", "contact", "message")),
    ({**GOOD, "name": "   "}, ("name",)),
    ({**GOOD, "name": "x" * 101}, ("name",)),
    ({**GOOD, "contact": "not an address"}, ("contact",)),
    ({**GOOD, "contact": "anouk@"}, ("contact",)),
    ({**GOOD, "contact": "12345"}, ("contact",)),
    ({**GOOD, "contact": "06 1234 567"}, ("contact",)),
    ({**GOOD, "contact": "a@b"}, ("contact",)),
    ({**GOOD, "message": "x" * 2001}, ("message",)),
    ({**GOOD, "message": "   \n  "}, ("message",)),
    ({**GOOD, "message": "nul\x00byte"}, ("message",)),
    ({**GOOD, "name": "bell\x07"}, ("name",)),
]


@pytest.mark.parametrize(("data", "fields"), BAD)
def test_bad_input_is_refused_kept_and_explained(app, client, groningen, data, fields):
    response = client.post("/teams/selwerd/ask", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html
    for field in fields:
        assert f'id="{field}-error"' in html and f'href="#{field}"' in html
    if data["message"].strip() and "\x00" not in data["message"]:
        assert data["message"][:50] in html  # the question is not lost
    assert _count(app, TeamQuestion) == 0 and _count(app, OutboxMessage) == 0


HOSTILE_NAME = '<script>alert("x")</script>'
HOSTILE_MESSAGE = "Robert'); DROP TABLE team_question;-- <img src=x onerror=alert(1)>"


def test_hostile_input_is_escaped_when_refused(app, client, groningen):
    response = client.post(
        "/teams/selwerd/ask", data={"name": HOSTILE_NAME, "contact": "javascript:alert(1)", "message": HOSTILE_MESSAGE}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert HOSTILE_NAME not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or "&lt;script&gt;alert(&quot;x&quot;)" in html
    assert "DROP TABLE team_question;-- &lt;img src=x onerror=alert(1)&gt;" in html
    assert _count(app, TeamQuestion) == 0


def test_hostile_input_is_stored_verbatim_and_shown_escaped_to_the_team(app, auth, client, groningen):
    data = {"name": HOSTILE_NAME, "contact": "anouk@example.org", "message": HOSTILE_MESSAGE}
    assert client.post("/teams/selwerd/ask", data=data).status_code == 302
    [question] = _questions(app)
    assert question.message == HOSTILE_MESSAGE and question.name == HOSTILE_NAME
    auth.as_role(ROLE_WORKER, team="selwerd")
    html = client.get("/teams/selwerd/inbox").get_data(as_text=True)
    assert HOSTILE_NAME not in html and "<img src=x" not in html
    assert "DROP TABLE team_question;-- &lt;img src=x onerror=alert(1)&gt;" in html


def test_asking_an_unknown_team_is_404(app, client, groningen):
    assert client.post("/teams/nope/ask", data=GOOD).status_code == 404
    assert _count(app, TeamQuestion) == 0


def _strict_app(tmp_path, **config):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'strict.sqlite'}",
            "MAIL_SERVER": "",
            **config,
        }
    )
    with app.app_context():
        upgrade()
        from portal.teams.loader import load_reference_data

        load_reference_data()
        db.session.commit()
    return app


def test_the_form_needs_a_csrf_token(tmp_path):
    app = _strict_app(tmp_path, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=False)
    response = app.test_client().post("/teams/selwerd/ask", data=GOOD)
    assert response.status_code in (400, 422)
    assert _count(app, TeamQuestion) == 0
    with app.app_context():
        db.engine.dispose()


def test_asking_is_rate_limited(tmp_path):
    app = _strict_app(tmp_path, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    client = app.test_client()
    codes = [client.post("/teams/selwerd/ask", data=GOOD).status_code for _ in range(6)]
    assert codes == [302] * 5 + [429]
    assert _count(app, TeamQuestion) == 5
    with app.app_context():
        db.engine.dispose()


# --------------------------------------------------------------------------- mail to a typed address

HOSTILE = {
    "name": "Anouk\r\nhttps://evil.example/login Klik hier om uw account te herstellen",
    "contact": "someone.else@example.org",
    "message": "Uw pakket wacht: https://evil.example/pakket\nBetaal hier €1,99",
}


@pytest.mark.parametrize("name", [HOSTILE["name"], "Anouk https://evil.example/login Klik hier", "<b>Anouk</b>"])
def test_the_confirmation_repeats_nothing_the_sender_typed(app, client, groningen, name):
    client.post("/teams/selwerd/ask", data={**HOSTILE, "name": name})
    with app.app_context():
        mails = db.session.scalars(select(OutboxMessage)).all()
    assert len(mails) == 1  # sent, with fixed text
    for mail in mails:
        for typed in ("Anouk", "evil.example", "Klik hier", "pakket", "Betaal", "1,99"):
            assert typed not in mail.body and typed not in mail.subject


def test_an_address_gets_at_most_its_share_of_confirmations_a_day(app, client, groningen):
    from portal.teams.services import MAILS_PER_ADDRESS

    addresses = ["victim@example.org", "Victim@Example.org"] * 4
    for address in addresses:
        assert client.post("/teams/selwerd/ask", data={**GOOD, "contact": address}).status_code == 302
    assert _count(app, TeamQuestion) == len(addresses)  # every question reaches the team
    with app.app_context():
        recipients = list(db.session.scalars(select(OutboxMessage.recipient)))
    assert len(recipients) == MAILS_PER_ADDRESS and {r.lower() for r in recipients} == {"victim@example.org"}
    client.post("/teams/selwerd/ask", data={**GOOD, "contact": "other@example.org"})
    assert _count(app, OutboxMessage) == MAILS_PER_ADDRESS + 1


class _Clock:
    """The rate limiter's clock (limits' memory storage), moved by hand."""

    def __init__(self) -> None:
        import time

        self.now = time.time()

    def time(self) -> float:
        return self.now


def test_questions_that_mail_are_limited_per_ip(tmp_path, monkeypatch):
    import limits.storage.memory

    clock = _Clock()
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    app = _strict_app(tmp_path, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    client = app.test_client()
    codes = []
    for number in range(6):  # a minute apart, so only the limit on mails can refuse
        codes.append(
            client.post("/teams/selwerd/ask", data={**GOOD, "contact": f"buur{number}@example.org"}).status_code
        )
        clock.now += 61
    assert codes == [302] * 5 + [429]
    # A question with a phone number mails nobody: it is still taken.
    assert client.post("/teams/selwerd/ask", data={**GOOD, "contact": "06 12345678"}).status_code == 302
    assert _count(app, OutboxMessage) == 5 and _count(app, TeamQuestion) == 6
    with app.app_context():
        db.engine.dispose()


def test_guessing_a_private_link_is_rate_limited_and_reading_your_own_is_not(tmp_path):
    import re

    app = _strict_app(tmp_path, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    client = app.test_client()
    client.post("/teams/selwerd/ask", data=GOOD)
    with app.app_context():
        body = db.session.scalars(select(OutboxMessage.body)).one()
    link = re.search(r"/questions/link/[A-Za-z0-9_-]{32}", body).group(0)
    assert {client.get(link).status_code for _ in range(25)} == {200}  # only failed look-ups count
    guesses = [client.get(f"/questions/link/{'A' * 31}{n % 10}").status_code for n in range(21)]
    assert guesses == [404] * 20 + [429]
    with app.app_context():
        db.engine.dispose()
