"""The request log and request ids, as an operator reads the log and a resident quotes a reference.

One line per request with its id, method, endpoint, status, duration and role, and nothing a resident typed:
no e-mail address, no query string, no path (a private link's token is in the path). An unhandled error is
logged with its traceback in the same shape, and its page shows the request id.
"""

from __future__ import annotations

import json
import logging
import re

import pytest

from portal import create_app
from portal.ops.logs import JsonFormatter

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def request_lines(caplog):
    """The portal's log lines of the test so far, as the JSON formatter writes them."""
    caplog.set_level(logging.INFO, logger="portal")
    formatter = JsonFormatter()

    def lines(logger: str = "portal.requests") -> list[str]:
        return [formatter.format(record) for record in caplog.records if record.name == logger]

    return lines


def test_one_line_per_request_with_its_shape(client, request_lines):
    response = client.get("/privacy", headers={"X-Request-ID": "proxy-7f3a.1_b"})
    [line] = request_lines()
    entry = json.loads(line)
    assert entry.keys() == {
        "time", "level", "logger", "message", "method", "endpoint", "status", "duration_ms", "role", "request_id"
    }  # fmt: skip
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["time"])
    assert (entry["method"], entry["endpoint"], entry["status"], entry["role"]) == (
        "GET",
        "pages.privacy",
        200,
        "visitor",
    )
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
    assert entry["request_id"] == response.headers["X-Request-ID"] == "proxy-7f3a.1_b"


@pytest.mark.parametrize("role", ["resident", "worker", "coordinator"])
def test_the_role_is_logged_never_the_person(auth, client, request_lines, role):
    account = auth.as_role(role)
    client.get("/privacy")
    entry = json.loads(request_lines()[-1])
    assert entry["role"] == role
    assert account.email not in request_lines()[-1]


def test_no_address_query_string_or_text_in_the_log_when_a_resident_asks_a_question(
    auth, client, groningen, request_lines
):
    account = auth.as_role("resident")
    secret_text = "Mijn buurman Piet de Groot op nummer 12 drinkt te veel"
    response = client.post(
        "/teams/selwerd/ask?email=vraag%40example.org&postcode=9741AB",
        data={"name": "Anouk de Vries", "contact": "anouk@example.org", "message": secret_text},
    )
    assert response.status_code == 302
    client.get("/?postcode=9741AB&email=zoek%40example.org")
    log = "\n".join(request_lines())
    entries = [json.loads(line) for line in request_lines()]
    assert [(e["method"], e["endpoint"], e["status"]) for e in entries] == [
        ("POST", "teams.ask_team", 302),
        ("GET", "pages.home", 200),
    ]
    for private in ("@", account.email, "anouk", "Anouk", "Piet", "9741", "postcode", "?", "/teams/selwerd"):
        assert private not in log, private


def test_a_private_link_token_stays_out_of_the_log(client, request_lines):
    client.get("/account/reset/secret-reset-token-abc123")
    client.get("/signals/follow/a-follow-token-xyz789")
    log = "\n".join(request_lines())
    assert "secret-reset-token" not in log and "a-follow-token" not in log
    assert [json.loads(line)["endpoint"] for line in request_lines()] == ["accounts.reset_password", "signals.follow"]


@pytest.mark.parametrize(
    "offered",
    [None, "", "x" * 129, "has space", "semi;colon", "line\nbreak", "ünïcode", "<script>", "a/b"],
)
def test_an_insane_request_id_is_replaced(client, offered):
    headers = {} if offered is None else {"X-Request-ID": offered}
    try:
        response = client.get("/healthz/live", headers=headers)
    except ValueError:  # the test client itself refuses a header with a line break
        assert "\n" in offered
        return
    assert HEX_ID.fullmatch(response.headers["X-Request-ID"])


def test_each_request_gets_its_own_id(client):
    ids = {client.get("/healthz/live").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_the_longest_sane_id_is_kept(client):
    offered = "A-z0._" * 21 + "ab"  # 128 characters
    assert client.get("/healthz/live", headers={"X-Request-ID": offered}).headers["X-Request-ID"] == offered


def test_the_error_page_shows_the_reference(client):
    client.set_cookie("lang", "en")
    response = client.get("/no-such-page", headers={"X-Request-ID": "resident-call-42"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "resident-call-42"
    assert "Reference: <code>resident-call-42</code>" in response.get_data(as_text=True)


def test_an_error_is_logged_with_its_traceback_and_its_page_shows_the_reference(tmp_path, request_lines):
    app = create_app(
        {
            "TESTING": True,
            "PROPAGATE_EXCEPTIONS": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'errors.sqlite'}",
        }
    )

    @app.get("/boom/<secret>")
    def boom(secret):
        raise RuntimeError("internal detail")

    boom.access = "anyone"
    client = app.test_client()
    client.set_cookie("lang", "en")
    response = client.get("/boom/private-token-123")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert f"Reference: <code>{request_id}</code>" in response.get_data(as_text=True)
    [error_line] = request_lines("portal.errors")
    error = json.loads(error_line)
    assert error["level"] == "ERROR"
    assert error["request_id"] == request_id and error["endpoint"] == "boom"
    assert error["message"] == "Unhandled RuntimeError in boom"
    assert error["exception"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: internal detail" in error["exception"]
    assert "private-token-123" not in error_line
    [request_line] = request_lines()
    assert json.loads(request_line)["status"] == 500
    assert json.loads(request_line)["request_id"] == request_id
