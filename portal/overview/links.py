"""Where the overviews link to: the page to act on each waiting item, and each kind's whole list.

Some pages are built by other features at the same time as this one (the inbox's question pages, the
complaints' pages); for those the first endpoint of a list that exists is used, with a fallback that always
exists, so a page never fails on a link.
"""

from __future__ import annotations

from flask import current_app, url_for

from portal.overview import queries_today as today

# A question on the team's side, and the resident's own page of their question (portal/inbox).
QUESTION_PAGES_FOR_TEAM = ("inbox.question", "inbox.team_question")
QUESTION_PAGES_FOR_RESIDENT = ("inbox.own_question", "inbox.my_question")
TEAM_INBOXES = ("inbox.team_inbox", "teams.inbox")
ALL_INBOXES = ("teams.my_inboxes", "inbox.my_inboxes")
RESIDENT_QUESTIONS = ("inbox.my_questions",)
COMPLAINT_PAGES = ("complaints.show",)
COMPLAINT_LISTS = ("complaints.handling_list",)
MY_COMPLAINTS = ("complaints.mine",)


def first_endpoint(candidates: tuple[str, ...]) -> str | None:
    return next((name for name in candidates if name in current_app.view_functions), None)


def _build(candidates: tuple[str, ...], ids: dict, **extra) -> str | None:
    """A URL of the first existing endpoint; ``ids`` are the values its URL may need (only those it has)."""
    endpoint = first_endpoint(candidates)
    if endpoint is None:
        return None
    needed = next((set(rule.arguments) for rule in current_app.url_map.iter_rules(endpoint)), set())
    if not needed <= set(ids) | set(extra):
        return None
    return url_for(endpoint, **{key: value for key, value in ids.items() if key in needed}, **extra)


def item_url(item: today.Waiting) -> str:
    """The page where a worker acts on a waiting item."""
    if item.kind == today.QUESTIONS:
        ids = {"question_id": item.id, "slug": item.detail.get("team_slug")}
        return _build(QUESTION_PAGES_FOR_TEAM, ids) or _build(TEAM_INBOXES, ids) or url_for("overview.today")
    if item.kind == today.COMPLAINTS:
        return _build(COMPLAINT_PAGES, {"complaint_id": item.id}) or url_for("overview.today")
    if item.kind == today.INITIATIVES:
        return url_for("initiatives.show_initiative", initiative_id=item.id)
    if item.kind == today.HELP_REQUESTS:
        return url_for("help.console_request", request_id=item.id)
    if item.kind == today.PROPOSALS:
        return url_for("help.console_request", request_id=item.detail["request_id"])
    return url_for("signals.cluster", cluster_id=item.id)


def section_url(kind: str, team=None) -> str | None:
    """The whole list of one kind, for one team or all the viewer's teams."""
    slug = team.slug if team is not None else None
    if kind == today.QUESTIONS:
        if slug:
            return _build(TEAM_INBOXES, {"slug": slug})
        return _build(ALL_INBOXES, {})
    if kind == today.COMPLAINTS:
        return _build(COMPLAINT_LISTS, {}, **({"team": slug} if slug else {}))
    if kind == today.INITIATIVES:
        return url_for("initiatives.queue", team=slug)
    if kind in (today.HELP_REQUESTS, today.PROPOSALS):
        return url_for("help.console", team=slug)
    if slug:
        return url_for("signals.board", slug=slug)
    return url_for("signals.board_index")


def question_url(question) -> str | None:
    """The resident's own page of their question, or their list of questions; None while neither exists."""
    return _build(QUESTION_PAGES_FOR_RESIDENT, {"question_id": question.id}) or my_questions_url()


def my_questions_url() -> str | None:
    return _build(RESIDENT_QUESTIONS, {})


def complaint_url(complaint) -> str | None:
    return _build(COMPLAINT_PAGES, {"complaint_id": complaint.id})


def my_complaints_url() -> str | None:
    return _build(MY_COMPLAINTS, {})
