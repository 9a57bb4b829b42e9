"""Residents' pages for signals (routes on portal.signals.blueprint.bp).

Report what you notice in your neighbourhood, with "is this it?" suggestions of similar open
signals (live with htmx while typing, or with a button without JavaScript; both count against the
rate limit); follow what happened to it through a private link; and a resident's own signals. Workers
record signals for partners on the same form. The rules live in services; a refusal comes back as
DomainError and is shown next to its field, with everything the reporter typed kept.

Nothing personal reaches anyone else: a resident's text is scrubbed (`portal.signals.scrub`) before it
is stored, suggestions show a neutral summary instead of anyone's words, and the pages that show a
reporter their own signal scrub it again (signals stored before scrubbing existed).
"""

from __future__ import annotations

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal import access
from portal.errors import DomainError, apply_to_form
from portal.extensions import db, limiter
from portal.htmx import is_fragment, render
from portal.i18n import current_language
from portal.initiatives.queries import neighbourhood_choices
from portal.paging import ListFilters
from portal.signals import services, services_reporters
from portal.signals.blueprint import bp
from portal.signals.forms import ReportForm, optional_id
from portal.signals.models import PARTNER_SOURCES, Signal
from portal.signals.queries_suggestions import candidate_clusters, kept_choice, suggestions_for
from portal.signals.scrub import scrub
from portal.signals.themes import PROGRESS_LABELS, SOURCE_LABELS, THEME_LABELS, theme_label
from portal.submissions import Once
from portal.teams import finder
from portal.teams.models import NEIGHBOURHOOD, Area
from portal.teams.postcodes import parse_postcode
from portal.urls import external_url

PER_PAGE = 10
MAX_TOKEN = 64


def _rate_limits_off() -> bool:
    # One Limiter serves every app in the process (tests build several): ask this app's config.
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def _mails_nobody() -> bool:
    """Only a report that would mail a link to an address a visitor typed counts against the mail limit."""
    if _rate_limits_off() or "check" in request.form or current_user.is_authenticated:
        return True
    return not (request.form.get("contact_email") or "").strip()


def _words() -> dict:
    return {
        "theme_label": theme_label,
        "theme_labels": THEME_LABELS,
        "source_labels": SOURCE_LABELS,
        "progress_labels": PROGRESS_LABELS,
        "format_date": format_date,
        "project_url": _project_url,
        "scrub": scrub,
    }


def _project_url(project) -> str | None:
    """The project's page, once the projects feature has it."""
    if project is None or "projects.show_project" not in current_app.view_functions:
        return None
    return url_for("projects.show_project", project_id=project.id)


def _is_worker() -> bool:
    return current_user.is_authenticated and current_user.is_worker


# --------------------------------------------------------------------------- where it is


def _chosen_area(area_id: int | None) -> Area | None:
    area = db.session.get(Area, area_id) if area_id else None
    return area if area is not None and area.kind == NEIGHBOURHOOD else None


def area_of(postcode_text: str | None, area_id: int | None) -> Area | None:
    """The neighbourhood a report is about: from the postcode, else the one picked from the list.

    A picked neighbourhood that lies in the postcode wins (a postcode may span several). Raises
    DomainError on "postcode" or "area_id"; None when neither was given (the services refuse that).
    """
    chosen = _chosen_area(area_id)
    if not postcode_text:
        return chosen
    postcode = parse_postcode(postcode_text)
    if postcode is None:
        raise DomainError(_("Enter a Dutch postcode, such as 9741 AB or 9741."), "postcode")
    placement = finder.place_postcode(postcode)
    if placement.status == finder.OUTSIDE:
        message = _("%(postcode)s is not in the municipality of Groningen. Check the postcode.", postcode=postcode)
        raise DomainError(message, "postcode")
    if chosen is not None and chosen.id in {area.id for area in placement.neighbourhoods}:
        return chosen
    if placement.status == finder.SPLIT:
        message = _(
            "Postcode %(postcode)s covers more than one neighbourhood. Choose the one it is about.", postcode=postcode
        )
        raise DomainError(message, "area_id")
    return placement.default_area


# --------------------------------------------------------------------------- "is this it?"


def _quiet_area(postcode_text: str | None, area_id: int | None) -> Area | None:
    try:
        return area_of(postcode_text, area_id)
    except DomainError:
        return None


# --------------------------------------------------------------------------- reporting


def _report_form() -> ReportForm:
    form = ReportForm()
    form.area_id.choices = [SelectChoice("", _("Choose a neighbourhood")), *neighbourhood_choices()]
    return form


def _report_page(form: ReportForm, suggestions: list | None, checked: bool = False):
    status = 422 if form.errors else 200
    return render_template(
        "signals/report.html",
        form=form,
        suggestions=suggestions,
        checked=checked,
        is_worker=_is_worker(),
        partner_sources=PARTNER_SOURCES,
        **_words(),
    ), status


def _refusal(form: ReportForm, error: DomainError) -> None:
    """Roll back what the service did and show its message next to the field (or on top)."""
    db.session.rollback()
    field = {"area": "area_id"}.get(error.field, error.field)
    if field == "source" and not _is_worker():
        field = None  # a resident never sees the source field
    apply_to_form(form, DomainError(error.message, field if field in form._fields else None))


@bp.route("/report", methods=["GET", "POST"])
@access.anyone
@limiter.limit("20 per hour; 50 per day", methods=["POST"], exempt_when=_rate_limits_off)
@limiter.limit(services_reporters.MAILS_PER_IP, methods=["POST"], exempt_when=_mails_nobody)
def report():
    form = _report_form()
    if request.method == "GET":
        if current_user.is_authenticated and current_user.area_id:
            form.area_id.data = current_user.area_id
        return _report_page(form, None)
    checking = "check" in request.form
    valid = form.validate() if not checking else True
    area = None
    try:
        area = area_of(form.postcode.data, form.area_id.data)
    except DomainError as error:
        apply_to_form(form, error)
        valid = False
    clusters = None
    if checking or not valid or form.join_cluster_id.data is not None:  # a report stored as it is needs none
        clusters = candidate_clusters(area, form.text.data, form.theme.data)
        form.join_cluster_id.data = kept_choice(clusters, form.join_cluster_id.data)
    if checking:
        _check_searchable(form, area)
    elif valid:
        signal = _store(form, area)
        if signal is not None:
            return redirect(url_for("signals.follow", follow_token=signal.follow_token), 303)
    if clusters is None:  # the report was refused: the page shows the suggestions again
        clusters = candidate_clusters(area, form.text.data, form.theme.data)
    found = suggestions_for(clusters, form.text.data, form.join_cluster_id.data)
    return _report_page(form, found, checked=checking and not form.errors)


def _check_searchable(form: ReportForm, area: Area | None) -> None:
    """Before looking for similar signals: say what is missing (a text long enough, where it is)."""
    try:
        services.check_text(form.text.data)
    except DomainError as error:
        apply_to_form(form, error)
    if area is None and not form.postcode.errors and not form.area_id.errors:
        apply_to_form(form, DomainError(_("Choose the neighbourhood it is about, or give a postcode."), "area_id"))


def _store(form: ReportForm, area: Area) -> Signal | None:
    partner = _is_worker() and form.source.data in PARTNER_SOURCES
    anonymous = not current_user.is_authenticated
    if partner and not form.source_name.data:
        apply_to_form(form, DomainError(_("Give the name of the organisation, for example Lefier."), "source_name"))
        return None
    data = form.to_input(area, current_language(), partner=partner, anonymous=anonymous)
    reporter = None if partner or anonymous else current_user._get_current_object()
    recorded_by = current_user._get_current_object() if _is_worker() else None
    store = Once(
        form,
        lambda: services.report(reporter, data, recorded_by=recorded_by),
        lambda signal: url_for("signals.follow", follow_token=signal.follow_token),
    )
    try:
        signal = store()
    except DomainError as error:
        _refusal(form, error)
        return None
    if signal.contact_email:
        services_reporters.mail_follow_link(signal)
    db.session.commit()
    flash(_("Thank you for your signal! The WIJ-team of the neighbourhood reads it."), "success")
    if data.text != (form.text.data or ""):
        flash(
            _(
                "We left personal details (a phone number, an e-mail address, a house number or a name) out of "
                "your description."
            ),
            "info",
        )
    return signal


@bp.get("/report/similar")
@access.anyone
@limiter.limit("60 per minute", exempt_when=_rate_limits_off)
def similar():
    """ "Is this it?" while typing: the suggestions for htmx, or the whole form without it."""
    args = request.args
    area_id = optional_id(args.get("area_id"))
    area = _quiet_area(args.get("postcode", "")[:40], area_id)
    clusters = candidate_clusters(area, args.get("text", "")[: services.MAX_TEXT], args.get("theme"))
    chosen = kept_choice(clusters, optional_id(args.get("join_cluster_id")))
    found = suggestions_for(clusters, args.get("text", "")[: services.MAX_TEXT], chosen)
    searched = area is not None and len(args.get("text", "").strip()) >= services.MIN_TEXT
    if is_fragment():
        return render_template(
            "signals/_suggestions.html", suggestions=found, checked=searched, chosen=chosen, **_words()
        )
    form = ReportForm(formdata=args)
    form.area_id.choices = [SelectChoice("", _("Choose a neighbourhood")), *neighbourhood_choices()]
    form.join_cluster_id.data = chosen
    return _report_page(form, found, checked=searched)


# --------------------------------------------------------------------------- following a signal


@bp.get("/follow/<follow_token>")
@access.anyone
def follow(follow_token: str):
    signal = None
    if len(follow_token) <= MAX_TOKEN:
        signal = db.session.scalar(select(Signal).where(Signal.follow_token == follow_token))
    if signal is None:
        abort(404)
    html = render_template(
        "signals/follow.html",
        signal=signal,
        progress=services_reporters.progress(signal),
        follow_url=external_url("signals.follow", follow_token=signal.follow_token),
        **_words(),
    )
    response = make_response(html)
    # The link is the key to the signal: keep it out of other sites' logs, search engines and shared caches.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- my signals


@bp.get("/mine")
@access.resident
def mine():
    filters = ListFilters.paged(request.args)  # only pages: the pager's links
    query = (
        select(Signal).where(Signal.reporter_id == current_user.id).order_by(Signal.created_at.desc(), Signal.id.desc())
    )
    results = db.paginate(query, page=filters.page, per_page=PER_PAGE, error_out=False)
    return render(
        "signals/mine.html",
        "results",
        results=results,
        progress={signal.id: services_reporters.progress(signal) for signal in results.items},
        filters=filters,
        **_words(),
    )
