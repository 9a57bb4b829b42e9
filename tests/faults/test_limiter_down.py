"""Rate-limit storage down does not take the site down (issue 12, point 5).

A real gunicorn serves the app with rate limits and CSRF on and ``RATELIMIT_STORAGE_URI`` pointing at a
closed port, as when Redis has stopped. Log-in and registration keep working; the limiter says so in the
log and keeps counting in the process's memory, so log-in is still throttled.
"""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from tests.accounts_support import registration
from tests.factories import create_user
from tests.faults.conftest import assert_no_server_errors

CLOSED_PORT = 1  # tcpmux: nothing listens here


def _is_closed(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except OSError:
        return True


def test_log_in_and_registration_work_while_the_rate_limit_storage_is_down(app, groningen, start_server):
    if not _is_closed(CLOSED_PORT):
        pytest.skip(f"something listens on 127.0.0.1:{CLOSED_PORT}")
    storage = f"redis://127.0.0.1:{CLOSED_PORT}/0"
    server = start_server(env={"RATELIMIT_ENABLED": "true", "RATELIMIT_STORAGE_URI": storage, "FAULTS_CSRF": "on"})
    _user_id, email = create_user(app)

    resident = server.browser().log_in(email)
    assert resident.get("/account/").status == 200

    answer = server.browser().submit("/account/register", registration(email="nieuw.adres@example.org"))
    assert answer.status in (200, 302, 303), f"registration answered {answer.status}\n{server.log()}"
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.email == "nieuw.adres@example.org")) is not None

    assert "Rate limit storage unreachable - falling back to in-memory storage" in server.log()

    # Meanwhile the limits count in the process's memory: guessing passwords is still stopped.
    guesser = server.browser()
    answers = [guesser.submit("/account/login", {"email": email, "password": "wrong-guess"}) for _ in range(12)]
    assert_no_server_errors(answers, server)
    assert 429 in [answer.status for answer in answers], [answer.status for answer in answers]
