"""Two app servers sharing PostgreSQL and Redis behind nginx: what a resident and an operator notice.

A log-in holds on either server and survives restarts of both; the log-in limits count across servers; a server
stopped under load (as `systemctl stop` or a rolling upgrade does) costs no visitor a request.
"""

from __future__ import annotations

import threading
import time
from http.client import HTTPException, HTTPSConnection
from urllib.parse import urlsplit

from portal.demo.people import DEMO_DOMAIN
from tests.deploy.support import Visitor


def test_a_resident_logged_in_through_one_instance_is_logged_in_on_the_other(cluster):
    resident = Visitor()
    answer = resident.log_in(cluster.instance("a"))
    assert answer.status in (302, 303), answer.status

    assert resident.is_logged_in(cluster.instance("b"))
    assert resident.is_logged_in(cluster.instance("a"))
    assert not Visitor().is_logged_in(cluster.instance("b"))

    # Logging out on B ends the session on A too.
    profile = resident.get(cluster.instance("b") + "/account/")
    resident.post(cluster.instance("b") + "/account/logout", {"csrf_token": profile.csrf_token()})
    assert not resident.is_logged_in(cluster.instance("a"))


def refused_at(bases: list[str], email_for) -> int:
    """Post wrong passwords to the log-in form, taking ``bases`` in turn; the number of the first post refused
    (429). ``email_for(attempt)`` is the address typed; one visitor address throughout."""
    visitor = Visitor()
    token = visitor.get(bases[0] + "/account/login").csrf_token()
    for attempt in range(1, 31):
        base = bases[(attempt - 1) % len(bases)]
        form = {"csrf_token": token, "email": email_for(attempt), "password": "not-the-password", "next": ""}
        answer = visitor.post(base + "/account/login", form)
        if answer.status == 429:
            return attempt
        assert answer.status == 422, f"attempt {attempt} on {base}: {answer.status}"  # the form, refused
    raise AssertionError("30 failed log-ins and no refusal")


def test_failed_log_ins_for_one_account_are_limited_across_instances_as_on_one(cluster):
    a, b = cluster.instance("a"), cluster.instance("b")
    # Two demo residents of their own: an account past its limit cannot log in for a minute.
    on_one = refused_at([a], lambda attempt: f"jan@{DEMO_DOMAIN}")
    on_both = refused_at([a, b], lambda attempt: f"samira@{DEMO_DOMAIN}")
    assert on_both == on_one == 6  # LOGIN_FAILURES_PER_ACCOUNT: 5 failures per minute


def test_log_in_posts_from_one_address_are_limited_across_instances_as_on_one(cluster):
    a, b = cluster.instance("a"), cluster.instance("b")
    on_one = refused_at([a], lambda attempt: f"nobody-{attempt}@one.example")
    on_both = refused_at([a, b], lambda attempt: f"nobody-{attempt}@both.example")
    assert on_both == on_one == 11  # 10 log-in posts per minute from one address


def test_an_instance_stopped_under_load_costs_no_request(cluster):
    """4 visitors load pages through nginx without pause while instance A is stopped (SIGTERM, as systemd does):
    A finishes what it is answering, nginx passes the rest to B. Every answer is 200."""
    site = urlsplit(cluster.url)
    answers: list[tuple[float, object]] = []
    done = threading.Event()

    def visitor() -> None:
        connection = HTTPSConnection(site.hostname, site.port, context=cluster.context, timeout=30)
        try:
            while not done.is_set():
                try:
                    connection.request("GET", "/teams/")
                    response = connection.getresponse()
                    response.read()
                    answers.append((time.monotonic(), response.status))
                except (OSError, HTTPException) as error:
                    answers.append((time.monotonic(), repr(error)))
                    connection.close()
        finally:
            connection.close()

    threads = [threading.Thread(target=visitor) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.5)
        stopping = time.monotonic()
        cluster.stop("a")
        stopped = time.monotonic()
        time.sleep(1.5)
    finally:
        done.set()
        for thread in threads:
            thread.join(30)
    cluster.start("a")

    assert [outcome for _, outcome in answers if outcome != 200] == []
    assert sum(1 for moment, _ in answers if moment < stopping) > 20
    assert sum(1 for moment, _ in answers if moment > stopped) > 20  # B answered alone afterwards


def test_sessions_survive_a_restart_of_both_instances(cluster):
    resident = Visitor()
    assert resident.log_in(cluster.instance("a")).status in (302, 303)

    cluster.stop("a")
    cluster.stop("b")
    cluster.start("a")
    cluster.start("b")

    assert resident.is_logged_in(cluster.instance("a"))
    assert resident.is_logged_in(cluster.instance("b"))
