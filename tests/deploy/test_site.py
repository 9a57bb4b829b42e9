"""The nginx site of deploy/nginx-buurtportaal.conf, as visitors and the monitoring meet it."""

from __future__ import annotations

import re

from portal import create_app
from tests.deploy.conftest import ROOT
from tests.deploy.support import Visitor

SITE = ROOT / "deploy" / "nginx-buurtportaal.conf"


def test_plain_http_is_sent_to_https(cluster):
    answer = Visitor().get(cluster.http_url + "/teams/?page=2")
    assert answer.status == 301
    assert answer.location.startswith("https://")
    assert answer.location.endswith("/teams/?page=2")


def test_a_resident_logs_in_through_the_https_site(cluster):
    """nginx passes the scheme and the host (with its port) on: the app's same-origin check of the form accepts
    the browser's Referer, and its cookies are Secure and host-only."""
    resident = Visitor(context=cluster.context)
    answer = resident.log_in(cluster.url)
    assert answer.status in (302, 303), answer.status
    cookie = next(value for value in answer.headers.get_all("Set-Cookie") if value.startswith("__Host-session="))
    assert "Secure" in cookie
    assert resident.is_logged_in(cluster.url)
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_visitor_cannot_choose_the_address_the_log_in_limit_counts(cluster):
    """nginx adds the visitor's address to X-Forwarded-For and the app (TRUSTED_PROXIES=1) believes only that one:
    a different made-up address on every post does not escape the 10 posts a minute of one address."""
    visitor = Visitor(context=cluster.context)
    token = visitor.get(cluster.url + "/account/login").csrf_token()
    for attempt in range(1, 31):
        form = {"csrf_token": token, "email": f"x{attempt}@spoof.example", "password": "wrong", "next": ""}
        made_up = f"192.0.2.{attempt}, 10.9.8.{attempt}"
        answer = visitor.post(cluster.url + "/account/login", form, headers={"X-Forwarded-For": made_up})
        if answer.status == 429:
            break
        assert answer.status == 422, answer.status  # the form, refused
    assert answer.status == 429
    assert attempt <= 11


def test_static_files_come_from_disk_with_cache_headers(cluster):
    visitor = Visitor(context=cluster.context)
    htmx = next((ROOT / "static" / "js").glob("htmx-*/htmx.min.js"))
    versioned = visitor.get(f"{cluster.url}/static/{htmx.relative_to(ROOT / 'static').as_posix()}")
    assert versioned.status == 200
    assert versioned.body == htmx.read_bytes()
    assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"

    stylesheet = visitor.get(cluster.url + "/static/css/portal.css")
    assert stylesheet.status == 200
    assert stylesheet.body == (ROOT / "static" / "css" / "portal.css").read_bytes()
    assert stylesheet.headers["Cache-Control"] == "no-cache"
    again = visitor.get(cluster.url + "/static/css/portal.css", headers={"If-None-Match": stylesheet.headers["ETag"]})
    assert again.status == 304


def test_metrics_are_served_to_the_monitoring_never_through_the_site(cluster):
    bearer = {"Authorization": f"Bearer {cluster.metrics_token}"}
    through_site = Visitor(context=cluster.context).get(cluster.url + "/metrics", headers=bearer)
    assert through_site.status == 404
    assert Visitor().get(cluster.instance("b") + "/metrics").status == 404  # no token

    # Each worker of an instance counts its own requests in PROMETHEUS_MULTIPROC_DIR; any worker's scrape adds all.
    visitor = Visitor()
    for _ in range(20):
        assert visitor.get(cluster.instance("b") + "/privacy").status == 200
    scrapes = [visitor.get(cluster.instance("b") + "/metrics", headers=bearer) for _ in range(6)]
    assert {scrape.status for scrape in scrapes} == {200}
    counts = {privacy_pages(scrape.text) for scrape in scrapes}
    assert len(counts) == 1, counts
    assert counts.pop() >= 20


def privacy_pages(metrics: str) -> float:
    """The number of privacy pages answered with 200, as the metrics count them."""
    line = re.search(
        r'^buurtportaal_http_requests_total\{endpoint="pages.privacy",status="200"\} (\S+)$', metrics, re.M
    )
    assert line, "the privacy pages' counter"
    return float(line.group(1))


def test_the_upload_limit_of_the_site_is_the_applications():
    size = re.search(r"^\s*client_max_body_size (\d+)m;", SITE.read_text(), re.MULTILINE)
    assert size, "client_max_body_size in megabytes"
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert int(size.group(1)) * 1024 * 1024 == app.config["MAX_CONTENT_LENGTH"]
