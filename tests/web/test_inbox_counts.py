"""The team inbox's filter counts (counted in one query) agree with the questions each filter lists, and its
pager counts the same."""

from __future__ import annotations

# ruff: noqa: F811 - the team inbox tests' `inbox` fixture, imported, is every test's argument
import re

from portal.inbox import queries
from tests.web.test_teams_inbox import inbox  # noqa: F401 - the fixture

EXPECTED = {"open": 2, "new": 1, "in_progress": 1, "answered": 1, "closed": 1, "overdue": 1, "mine": 1, "all": 4}


def test_each_filter_counts_what_it_lists(auth, inbox):
    client = auth.client(inbox["worker"])
    html = client.get("/teams/selwerd/inbox").get_data(as_text=True)
    counts = dict(re.findall(r'show=(\w+)[^"]*"[^>]*>[^<(]+\((\d+)\)</a>', html))
    counts.setdefault("open", re.search(r'href="/teams/selwerd/inbox"[^>]*>[^<(]+\((\d+)\)', html).group(1))
    assert {key: int(value) for key, value in counts.items()} == EXPECTED
    for show, expected in EXPECTED.items():
        listed = client.get(f"/teams/selwerd/inbox?show={show}").get_data(as_text=True)
        assert listed.count('class="card question') == expected, show


def test_the_pager_counts_the_filters_questions(auth, inbox, monkeypatch):
    monkeypatch.setattr(queries, "PER_PAGE", 3)
    client = auth.client(inbox["worker"])
    first = client.get("/teams/selwerd/inbox?show=all").get_data(as_text=True)
    assert first.count('class="card question') == 3 and 'rel="next"' in first
    second = client.get("/teams/selwerd/inbox?show=all&page=2").get_data(as_text=True)
    assert second.count('class="card question') == 1 and 'rel="next"' not in second
    assert 'rel="next"' not in client.get("/teams/selwerd/inbox").get_data(as_text=True)  # 2 open: one page
