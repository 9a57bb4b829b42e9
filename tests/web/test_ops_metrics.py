"""/metrics as Prometheus scrapes it: gated by token or address, the request counters moving, the database's
figures read at scrape time, and the same numbers added up over several processes (gunicorn's workers)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from contextlib import contextmanager
from datetime import timedelta

from prometheus_client.parser import text_string_to_metric_families

from portal import create_app
from portal.extensions import db
from portal.help import services_matches
from portal.help.models import ACCEPTED
from portal.jobs.models import JobRun
from portal.jobs.schedule import JOBS
from portal.outbox.models import OutboxMessage
from portal.outbox.services import MAX_ATTEMPTS
from portal.timeutil import utcnow
from tests.factories.help import make_help_place, make_offer, make_request
from tests.factories.signals import LONELY, make_signal_place, report

TOKEN = "metrics-token-7Gq2xVb9LpR4sNw8ZkT3"


@contextmanager
def _configured(app, **values):
    before = {key: app.config[key] for key in values}
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(before)


def _samples(text: str) -> dict:
    """{(sample name, sorted label items): value} of a scrape."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _scrape(client, **headers) -> dict:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200
    return _samples(response.get_data(as_text=True))


def test_metrics_only_for_the_token_or_an_allowed_address(app, client):
    with _configured(app, METRICS_TOKEN=TOKEN, METRICS_ALLOWED_IPS=("10.0.0.0/8", "192.0.2.7")):
        refused = [
            client.get("/metrics"),
            client.get("/metrics", headers={"Authorization": "Bearer wrong-token"}),
            client.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"}),
            client.get("/metrics", environ_base={"REMOTE_ADDR": "192.0.2.8"}),
        ]
        allowed = [
            client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}),
            client.get("/metrics", environ_base={"REMOTE_ADDR": "10.20.30.40"}),
            client.get("/metrics", environ_base={"REMOTE_ADDR": "192.0.2.7"}),
        ]
    for response in refused:
        assert response.status_code == 404
        assert b"buurtportaal" not in response.data
        assert "Set-Cookie" not in response.headers
    for response in allowed:
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        assert b"buurtportaal_http_requests_total" in response.data
        assert response.headers["Cache-Control"] == "no-store"
        assert "Set-Cookie" not in response.headers


def test_nobody_by_default_in_production(app, client):
    with _configured(app, ENV="production", METRICS_ALLOWED_IPS=None, METRICS_TOKEN=""):
        assert client.get("/metrics").status_code == 404  # not even from the machine itself
    with _configured(app, ENV="development", METRICS_ALLOWED_IPS=None):
        assert client.get("/metrics").status_code == 200  # a developer's own machine


def test_the_address_is_the_one_behind_the_proxy(tmp_path):
    """Behind one trusted proxy on the same machine, a stranger's request arrives from 127.0.0.1: it is the
    forwarded address that counts."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'proxy.sqlite'}",
            "TRUSTED_PROXIES": 1,
            "METRICS_ALLOWED_IPS": ("127.0.0.1", "10.0.0.0/8"),
        }
    )
    client = app.test_client()
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    assert client.get("/metrics", headers={"X-Forwarded-For": "10.1.1.1"}).status_code == 200


def test_requests_are_counted_by_endpoint_and_status(client):
    before = _scrape(client)
    client.get("/privacy")
    client.get("/privacy")
    client.get("/no-such-page/with-a-token-abc123")
    after = _scrape(client)

    def moved(name, **labels):
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert moved("buurtportaal_http_requests_total", endpoint="pages.privacy", status="200") == 2
    assert moved("buurtportaal_http_request_duration_seconds_count", endpoint="pages.privacy") == 2
    assert moved("buurtportaal_http_requests_total", endpoint="unmatched", status="404") == 1
    labels = {value for (_name, items) in after for _key, value in items}
    assert not any("/" in value for value in labels)  # endpoints, never paths


def test_figures_from_the_database(app, client):
    now = utcnow()
    with app.app_context():
        place = make_signal_place()
        for resident, text in zip(place.residents, LONELY, strict=True):
            report(resident, place.area, text, theme="loneliness")
        report(place.residents[0], place.area, "Schimmel en vocht in de badkamer.", theme="housing")
        helping = make_help_place()
        offers = [make_offer(helping.helper), make_offer(helping.helper)]
        requests = [make_request(helping.requester), make_request(helping.requester)]
        services_matches.propose(helping.worker, requests[0], offers[0])
        accepted = services_matches.propose(helping.worker, requests[1], offers[1])
        accepted.requester_answer = accepted.helper_answer = "yes"
        accepted.status = ACCEPTED
        db.session.add(JobRun(name="outbox", last_success_at=now - timedelta(seconds=30), runs=3))
        db.session.commit()
    before = _scrape(client)  # the mail these changes queued is in the outbox already
    with app.app_context():
        db.session.add_all(
            [
                OutboxMessage(recipient="a@example.org", subject="s", body="b", created_at=now - timedelta(minutes=10)),
                OutboxMessage(recipient="b@example.org", subject="s", body="b", attempts=2),
                OutboxMessage(recipient="c@example.org", subject="s", body="b", attempts=MAX_ATTEMPTS),
                OutboxMessage(recipient="d@example.org", subject="s", body="b", sent_at=now),
            ]
        )
        db.session.commit()
    figures = _scrape(client)

    def figure(name, **labels):
        return figures[(f"buurtportaal_{name}", tuple(sorted(labels.items())))]

    def added(name):
        return figure(name) - before[(f"buurtportaal_{name}", ())]

    assert figure("metrics_database_up") == 1
    assert added("outbox_queued_messages") == 2  # the new one and the failing one; not the given-up nor the sent
    assert added("outbox_failing_messages") == 1
    assert added("outbox_given_up_messages") == 1
    assert 600 <= figure("outbox_oldest_unsent_age_seconds") < 660
    assert figure("signals_placed") == 4
    assert figure("signal_clusters_recurring") == 1
    assert figure("help_matches_proposed") == 2
    assert figure("help_matches_accepted") == 1
    outbox_job = next(job for job in JOBS if job.name == "outbox")
    assert figure("job_last_success_timestamp_seconds", job="outbox") > 0
    assert figure("job_fresh", job="outbox") == 1
    assert figure("job_max_age_seconds", job="outbox") == outbox_job.max_age.total_seconds()
    assert figure("job_last_success_timestamp_seconds", job="privacy-purge") == 0  # never ran
    assert figure("job_fresh", job="privacy-purge") == 0


def test_a_scrape_without_the_database_still_answers(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:////nonexistent-folder/x.sqlite"})
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    figures = _samples(response.get_data(as_text=True))
    assert figures[("buurtportaal_metrics_database_up", ())] == 0
    assert ("buurtportaal_outbox_queued_messages", ()) not in figures


def test_workers_numbers_add_up_in_multi_process_mode(tmp_path):
    """Under gunicorn each worker is a process of its own: with PROMETHEUS_MULTIPROC_DIR, a scrape answered by one
    counts the requests every worker answered (here a forked child and its parent), and child_exit tidies up."""
    folder = tmp_path / "prometheus"
    folder.mkdir()
    script = textwrap.dedent(
        f"""
        import os
        from types import SimpleNamespace
        from flask_migrate import upgrade
        from portal import create_app
        from portal.ops.metrics import child_exit

        app = create_app({{"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///{tmp_path / "multi.sqlite"}"}})
        with app.app_context():
            upgrade()
        pid = os.fork()
        if pid == 0:
            client = app.test_client()
            for _ in range(3):
                client.get("/privacy")
            os._exit(0)
        os.waitpid(pid, 0)
        child_exit(None, SimpleNamespace(pid=pid))
        client = app.test_client()
        client.get("/privacy")
        print(client.get("/metrics").get_data(as_text=True))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**_environment(), "PROMETHEUS_MULTIPROC_DIR": str(folder)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = _samples(result.stdout)
    key = ("buurtportaal_http_requests_total", (("endpoint", "pages.privacy"), ("status", "200")))
    assert figures[key] == 4
    assert figures[("buurtportaal_metrics_database_up", ())] == 1
    assert len(list(folder.glob("counter_*.db"))) == 2  # one file per process


def _environment() -> dict:
    import os

    return {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
