"""The asker's side: "My questions", a question's own page (logged in), and the private link (no log-in)."""

from __future__ import annotations

from flask import abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.errors import commit_or_refuse
from portal.extensions import limiter
from portal.inbox import links, queries, services
from portal.inbox.blueprint import bp
from portal.inbox.forms import AnswerBackForm
from portal.paging import get_or_404
from portal.submissions import Once
from portal.teams.models import QUESTION_CLOSED, TeamQuestion
from portal.teams.queries import reference

# Guessing a private link: only failed look-ups count (someone reading their own question is never stopped).
GUESSES_PER_IP = "20 per hour; 50 per day"


def _rate_limits_off() -> bool:
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def _not_found(response) -> bool:
    return response.status_code == 404


@bp.get("/questions/mine")
@access.resident
def my_questions():
    return render_template(
        "inbox/my_questions.html",
        questions=[(question, reference(question.id)) for question in queries.questions_of(current_user)],
    )


def _page(question: TeamQuestion, form: AnswerBackForm, action: str, status: int = 200):
    html = render_template(
        "inbox/resident_question.html",
        question=question,
        reference=reference(question.id),
        messages=queries.conversation(question, with_notes=False),
        form=form,
        action=action,
        closed=question.status == QUESTION_CLOSED,
        private_link=action if current_user.is_anonymous else None,
    )
    response = make_response(html, status)
    # The private link is the key to the question: keep it out of other sites' logs and search engines.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _answer_back(question: TeamQuestion, action: str):
    form = AnswerBackForm()
    if form.validate_on_submit():
        once = Once(form, lambda: services.answer_back(question, form.body.data), lambda _message: action)
        if commit_or_refuse(form, once):
            flash(_("Your answer has been sent to the team."), "success")
            return redirect(action, 303)
    return _page(question, form, action, 422)


def _owned(question_id: int) -> TeamQuestion:
    question = get_or_404(TeamQuestion, question_id)
    access.ensure_owner_or_team(question.user_id, question.team.slug)
    return question


@bp.get("/questions/<id:question_id>")
@access.owner_or_team
def own_question(question_id: int):
    question = _owned(question_id)
    return _page(question, AnswerBackForm(), url_for("inbox.own_question", question_id=question.id))


@bp.post("/questions/<id:question_id>")
@access.owner_or_team
def answer_own_question(question_id: int):
    question = _owned(question_id)
    if question.user_id != current_user.id:
        # A worker of the team answers from the team inbox, not in the resident's name.
        flash(_("Reply to the resident from the team inbox."), "info")
        return redirect(url_for("inbox.question", slug=question.team.slug, question_id=question.id), 303)
    return _answer_back(question, url_for("inbox.own_question", question_id=question.id))


def _by_link(question_token: str) -> TeamQuestion:
    question = links.question_for_secret(question_token)
    if question is None:
        abort(404)
    return question


@bp.get("/questions/link/<question_token>")
@access.anyone
@limiter.shared_limit(GUESSES_PER_IP, "question-link", deduct_when=_not_found, exempt_when=_rate_limits_off)
def private_question(question_token: str):
    question = _by_link(question_token)
    return _page(question, AnswerBackForm(), url_for("inbox.private_question", question_token=question_token))


@bp.post("/questions/link/<question_token>")
@access.anyone
@limiter.shared_limit(GUESSES_PER_IP, "question-link", deduct_when=_not_found, exempt_when=_rate_limits_off)
def answer_by_link(question_token: str):
    question = _by_link(question_token)
    return _answer_back(question, url_for("inbox.private_question", question_token=question_token))
