"""The two overviews people land on after logging in: "Vandaag" for workers, "Mijn buurt" for residents."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import format_timedelta
from flask_login import current_user

from portal import access
from portal.help.wording import REQUEST_STATUS_LABELS
from portal.help.wording import words as help_words
from portal.initiatives.lifecycle import STATUS_LABELS as INITIATIVE_STATUS_LABELS
from portal.overview import links, norms, queries_today, wording
from portal.overview import queries_neighbourhood as near
from portal.overview.blueprint import bp
from portal.projects.queries import STATUS_LABELS as PROJECT_STATUS_LABELS
from portal.signals.scrub import scrub
from portal.signals.themes import PROGRESS_LABELS
from portal.timeutil import utcnow


@bp.get("/today")
@access.worker
def today():
    """Everything waiting for the worker's team(s), per kind, oldest first; coordinators see every team."""
    now = utcnow()
    overview = queries_today.today(current_user, str(request.args.get("team", ""))[:60], now)
    return render_template(
        "overview/today.html",
        overview=overview,
        kinds=queries_today,
        norms=norms,
        item_url=links.item_url,
        section_url=links.section_url,
        waited=lambda since: format_timedelta(now - since, threshold=1.0),
        kind_labels=help_words()["kind_labels"],
        answer_labels=wording.ANSWER_LABELS,
        subject_labels=wording.COMPLAINT_SUBJECT_LABELS,
        headings=wording.SECTION_HEADINGS,
        list_links=wording.LIST_LINKS,
    )


@bp.get("/my-neighbourhood")
@access.resident
def my_neighbourhood():
    """The resident's team and how to reach it, their own things, and what happens near them."""
    user = current_user
    team = user.home_team
    area_ids = near.home_area_ids(user)
    signals, progress = near.own_signals(user)
    questions, replies = near.own_questions(user)
    return render_template(
        "overview/my_neighbourhood.html",
        user=user,
        team=team,
        initiatives=near.own_initiatives(user),
        help_requests=near.own_help_requests(user),
        help_offers=near.own_help_offers(user),
        matches_to_answer=near.matches_to_answer(user),
        signals=signals,
        progress=progress,
        projects=near.own_projects(user),
        questions=questions,
        replies=replies,
        complaints=near.own_complaints(user),
        agenda=near.coming_agenda(area_ids),
        to_support=near.initiatives_to_support(user, area_ids),
        requests_near=near.requests_for_my_offers(user),
        to_join=near.projects_to_join(user, team),
        question_url=links.question_url,
        my_questions_url=links.my_questions_url(),
        complaint_url=links.complaint_url,
        my_complaints_url=links.my_complaints_url(),
        initiative_labels=INITIATIVE_STATUS_LABELS,
        request_labels=REQUEST_STATUS_LABELS,
        progress_labels=PROGRESS_LABELS,
        project_labels=PROJECT_STATUS_LABELS,
        question_labels=wording.QUESTION_STATUS_LABELS,
        complaint_labels=wording.COMPLAINT_STATUS_LABELS,
        subject_labels=wording.COMPLAINT_SUBJECT_LABELS,
        kind_labels=help_words()["kind_labels"],
        urgency_labels=help_words()["urgency_labels"],
        public_text=help_words()["public_text"],
        scrub=scrub,
    )
