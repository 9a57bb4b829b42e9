"""The accessibility statement (/toegankelijkheid) and its form to report a problem."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import access
from portal.extensions import db, limiter
from portal.pages import services, statement
from portal.pages.blueprint import bp
from portal.pages.forms import AccessibilityReportForm
from portal.submissions import Once
from portal.teams.forms import normalise_contact

# The statuses of the Dutch model statement, as the register words them.
STATUS_LABELS = {
    "A": _l("fully compliant"),
    "B": _l("partially compliant"),
    "C": _l("first measures taken"),
    "D": _l("not compliant"),
}
STATUS_MEANINGS = {
    "A": _l("An independent audit shows that the site meets every requirement."),
    "B": _l(
        "An independent audit shows that the site meets part of the requirements. "
        "Every problem found has a date by which it is fixed."
    ),
    "C": _l(
        "Measures have been taken, but no independent audit has shown yet how far the site meets the requirements."
    ),
    "D": _l("The site does not meet the requirements yet."),
}
RESEARCH_KINDS = {
    "audit": _l("An independent audit (WCAG-EM)"),
    "self": _l("Our own checks, not an independent audit"),
}


def _rate_limits_off() -> bool:
    # One Limiter serves every app in the process (tests build several): ask this app's config.
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def current_statement() -> statement.Statement:
    """The statement the settings name; the pages feature checked at start-up that it loads."""
    return statement.load(current_app.config["ACCESSIBILITY_STATEMENT"])


@bp.route("/toegankelijkheid", methods=["GET", "POST"])
@access.anyone
@limiter.limit("5 per minute; 20 per day", methods=["POST"], exempt_when=_rate_limits_off)
def accessibility():
    """The statement in the form of the Dutch model, and the form that reports a problem to the coordinators."""
    chosen = current_statement()
    form = AccessibilityReportForm()
    if request.method == "GET":
        form.page.data = services.page_of(request.args.get("page") or _same_site_referrer())
    elif form.validate_on_submit():
        return _send_report(form, chosen)
    html = render_template(
        "pages/accessibility.html",
        statement=chosen,
        form=form,
        scope=chosen.scope or (current_app.config["BASE_URL"],),
        status_labels=STATUS_LABELS,
        status_meanings=STATUS_MEANINGS,
        research_kinds=RESEARCH_KINDS,
        long_date=lambda day: format_date(day, "long"),
    )
    return html, 422 if form.errors else 200


def _send_report(form: AccessibilityReportForm, chosen: statement.Statement):
    """Store nothing but tell the coordinators (once per form), commit, and say when the answer comes."""
    report = services.ProblemReport(
        page=services.page_of(form.page.data),
        problem=form.problem.data,
        contact=normalise_contact(form.contact.data or "") or "",
    )
    send = Once(
        form,
        lambda: services.report_accessibility_problem(report, chosen.contact_email),
        lambda _told: url_for("pages.accessibility", _anchor="report"),
    )
    send()
    db.session.commit()
    flash(_("Thank you. Your report has reached the people who look after the portal."), "success")
    if report.contact:
        days = chosen.answer_days
        answer = ngettext(
            "You get an answer within %(num)d working day.", "You get an answer within %(num)d working days.", days
        )
        flash(answer, "info")
    return redirect(send.url, 303)


def _same_site_referrer() -> str:
    """The page the visitor came from, when it is on this site (the footer link is on every page)."""
    referrer = request.referrer or ""
    if urlsplit(referrer).netloc == request.host and urlsplit(referrer).path != request.path:
        return referrer
    return ""
