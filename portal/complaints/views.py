"""The resident's side of complaints: choosing what it is about, filing it, "my complaints" and one complaint's
page (which shows its team's coordinators and workers the handling page instead, see views_handling).
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.complaints import queries, services, subjects
from portal.complaints.blueprint import bp
from portal.complaints.forms import ComplaintForm
from portal.complaints.models import SUBJECTS, Complaint
from portal.complaints.subjects import Subject
from portal.complaints.views_handling import handling_page
from portal.errors import commit_or_refuse
from portal.extensions import limiter
from portal.help.kinds import KIND_LABELS
from portal.paging import get_or_404, id_or_none
from portal.submissions import Once
from portal.timeutil import utcnow

# Filing is limited per account: a complaint reaches coordinators' mailboxes.
FILINGS_PER_ACCOUNT = "5 per hour; 20 per day"


def _rate_limits_off() -> bool:
    # One Limiter serves every app in the process (tests build several): ask this app's config.
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def _complainant() -> str:
    return f"user:{current_user.id}"


@bp.route("/new", methods=["GET", "POST"])
@access.resident
@limiter.limit(FILINGS_PER_ACCOUNT, methods=["POST"], key_func=_complainant, exempt_when=_rate_limits_off)
def new():
    """``?about=<kind>&id=<id>``: the complaint form about that (the resident's own thing, or a team);
    without a subject, the page to choose what the complaint is about."""
    about, thing_id = request.args.get("about", ""), id_or_none(request.args.get("id"))
    if about not in SUBJECTS:
        return _choose_page(422 if request.method == "POST" else 200)
    if thing_id is None:  # e.g. the choice of a team sent without one: choose again
        return _choose_page(422, _("Choose what your complaint is about."))
    subject = subjects.subject_for(current_user, about, thing_id)
    if subject is None:
        abort(404)  # not there, or not theirs: the same answer, so an id tells nothing about others' things
    form = ComplaintForm()
    if request.method == "POST" and form.validate():
        filing = services.Filing(subject=subject, message=form.message.data)
        once = Once(
            form,
            lambda: services.file_complaint(current_user, filing),
            lambda complaint: url_for("complaints.show", complaint_id=complaint.id),
        )
        if commit_or_refuse(form, once):
            flash(
                _(
                    "Your complaint has been received under number %(reference)s. You get an answer by %(date)s.",
                    reference=once.result.reference,
                    date=_long_date(once.result.due_at),
                ),
                "success",
            )
            return redirect(once.url, 303)
    return _form_page(subject, form, 422 if request.method == "POST" else 200)


def _long_date(value) -> str:
    return format_date(value, "long")


def _form_page(subject: Subject, form: ComplaintForm, status: int):
    return (
        render_template(
            "complaints/new.html",
            form=form,
            subject=subject,
            description=subjects.describe(subject),
            link=subjects.resident_link(subject),
            coordinators=services.coordinators_for(subject.team),
            due=services.due_at(utcnow()),
            weeks=services.ANSWER_WEEKS,
        ),
        status,
    )


def _choose_page(status: int = 200, problem: str | None = None):
    return (
        render_template(
            "complaints/choose.html",
            problem=problem,
            things=queries.own_things(current_user),
            home_team=current_user.home_team,
            teams=queries.all_teams(),
            kind_labels=KIND_LABELS,
        ),
        status,
    )


@bp.get("/mine")
@access.resident
def mine():
    complaints = queries.mine(current_user)
    return render_template(
        "complaints/mine.html",
        complaints=complaints,
        descriptions={key: subjects.describe(subject) for key, subject in subjects.subjects_of(complaints).items()},
        status_labels=queries.STATUS_LABELS,
        now=utcnow(),
    )


@bp.get("/<id:complaint_id>")
@access.owner_or_team
def show(complaint_id: int):
    """The complainant reads their complaint; the team's coordinators handle it and its workers read it."""
    complaint = get_or_404(Complaint, complaint_id)
    if complaint.user_id is not None and complaint.user_id == current_user.id:
        return resident_page(complaint)
    if current_user.works_for(complaint.team.slug):
        return handling_page(complaint)
    if current_user.is_worker:
        abort(403)
    abort(404)  # a resident learns nothing about other people's complaints


def resident_page(complaint: Complaint):
    subject = subjects.subject_of(complaint)
    return render_template(
        "complaints/show.html",
        complaint=complaint,
        description=subjects.describe(subject),
        link=subjects.resident_link(subject),
        status_labels=queries.STATUS_LABELS,
        now=utcnow(),
    )
