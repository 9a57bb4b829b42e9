"""The pager macro: a page with two lists names each list's page navigation apart (two landmarks, two names)."""

from __future__ import annotations

from flask import render_template_string

from portal.help.queries_console import RowPage

TWO_PAGERS = """{% from "_macros/pager.html" import pager %}
{{ pager(first, 'help.console', target=None) }}
{{ pager(second, 'help.console', target=None, label="Pages of matches") }}"""


def test_a_second_pager_has_its_own_landmark_name(app):
    with app.test_request_context():
        html = render_template_string(TWO_PAGERS, first=_two_pages(), second=_two_pages())
    labels = [chunk.split('"')[0] for chunk in html.split('aria-label="')[1:]]
    assert labels == ["Pagina's", "Pages of matches"]


def _two_pages():
    return RowPage(page=1, per_page=1, items=[1, 2])
