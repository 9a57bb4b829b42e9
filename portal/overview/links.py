"""Where the overviews link to: the page to act on each waiting item, and each kind's whole list."""

from __future__ import annotations

from flask import url_for

from portal.overview import queries_today as today


def item_url(item: today.Waiting) -> str:
    """The page where a worker acts on a waiting item."""
    if item.kind == today.QUESTIONS:
        return url_for("inbox.question", slug=item.detail["team_slug"], question_id=item.id)
    if item.kind == today.COMPLAINTS:
        return url_for("complaints.show", complaint_id=item.id)
    if item.kind == today.INITIATIVES:
        return url_for("initiatives.show_initiative", initiative_id=item.id)
    if item.kind == today.HELP_REQUESTS:
        return url_for("help.console_request", request_id=item.id)
    if item.kind == today.PROPOSALS:
        return url_for("help.console_request", request_id=item.detail["request_id"])
    return url_for("signals.cluster", cluster_id=item.id)


def section_url(kind: str, team=None) -> str:
    """The whole list of one kind, for one team or all the viewer's teams."""
    slug = team.slug if team is not None else None
    if kind == today.QUESTIONS:
        return url_for("inbox.team_inbox", slug=slug) if slug else url_for("teams.my_inboxes")
    if kind == today.COMPLAINTS:
        return url_for("complaints.handling_list", **({"team": slug} if slug else {}))
    if kind == today.INITIATIVES:
        return url_for("initiatives.queue", team=slug)
    if kind in (today.HELP_REQUESTS, today.PROPOSALS):
        return url_for("help.console", team=slug)
    if slug:
        return url_for("signals.board", slug=slug)
    return url_for("signals.board_index")


def question_url(question) -> str:
    """The resident's own page of their question."""
    return url_for("inbox.own_question", question_id=question.id)


def my_questions_url() -> str:
    return url_for("inbox.my_questions")


def complaint_url(complaint) -> str:
    return url_for("complaints.show", complaint_id=complaint.id)


def my_complaints_url() -> str:
    return url_for("complaints.mine")
