"""Reporting a problem with the portal's accessibility: it reaches every active coordinator (a notification, mailed
as each chose) and the statement's contact address (a mail through the outbox), and the audit log notes that it
happened, without personal data. No table keeps the report: the notifications and the mail are the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request
from flask_babel import force_locale
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from portal import audit
from portal.accounts.models import ROLE_COORDINATOR, User
from portal.extensions import db
from portal.i18n import babel_locale
from portal.notifications.kinds import describe
from portal.notifications.services import notify_all, subject_of
from portal.outbox.services import queue_mail
from portal.pages.notification_kinds import ACCESSIBILITY_PROBLEM
from portal.urls import absolute_url

HIDDEN = "…"  # stands for the secret of a private link in a reported address


@dataclass(frozen=True)
class ProblemReport:
    page: str  # from page_of(): a path on this site without secrets, what the reporter typed, or ""
    problem: str
    contact: str  # an e-mail address or phone number, or ""


def _own_hosts() -> set[str]:
    hosts = {urlsplit(current_app.config["BASE_URL"]).netloc}
    if has_request_context():
        hosts.add(request.host)
    return hosts


def page_of(typed: str | None) -> str:
    """What the reporter gave as the page, made safe to keep. An address on this site becomes its path, without
    the query string and with the secret of a private link (a part of the URL named ``…token``) replaced by "…";
    anything else (another site, "the agenda") stays as typed."""
    text = (typed or "").strip()
    parts = urlsplit(text)
    if not text or (parts.netloc and parts.netloc not in _own_hosts()) or not (parts.netloc or text.startswith("/")):
        return text
    path = parts.path or "/"
    try:
        _endpoint, arguments = current_app.url_map.bind("localhost").match(path)
    except (HTTPException, RequestRedirect):
        return path
    for name, value in arguments.items():
        if name.endswith("token"):
            path = path.replace(str(value), HIDDEN)
    return path


def active_coordinators() -> list[User]:
    return list(
        db.session.scalars(select(User).where(User.role == ROLE_COORDINATOR, User.active.is_(True)).order_by(User.id))
    )


def report_accessibility_problem(report: ProblemReport, contact_email: str = "") -> int:
    """Tell every active coordinator, mail the statement's contact address (if any), note it in the audit log;
    the number of coordinators told. Flushes; the caller commits."""
    params = {"page": report.page, "problem": report.problem, "contact": report.contact}
    here = report.page.startswith("/")  # a path on this site, secrets left out by page_of
    link = report.page if here and HIDDEN not in report.page else None
    told = notify_all(active_coordinators(), ACCESSIBILITY_PROBLEM, params, link)
    if contact_email:
        with force_locale(babel_locale(current_app.config["BABEL_DEFAULT_LOCALE"])):
            text = describe(ACCESSIBILITY_PROBLEM, params)
            body = "\n\n".join(part for part in (text, absolute_url(link) if link else "") if part)
            queue_mail(contact_email, subject_of(text), body)
    where = report.page if here else ("(an address elsewhere or a description)" if report.page else "(no page given)")
    detail = f"{len(told)} coordinator(s) told" + ("; mailed the statement's contact address" if contact_email else "")
    audit.record(None, "accessibility_problem_reported", where[:120], detail)
    db.session.flush()
    return len(told)
