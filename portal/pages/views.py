"""Home page, language switch and the privacy statement."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request
from flask_login import current_user

from portal import access
from portal.extensions import csrf, db
from portal.i18n import LANGUAGE_COOKIE
from portal.initiatives import lifecycle
from portal.page_cache import public_page
from portal.pages import queries
from portal.pages.blueprint import bp
from portal.projects.queries import STATUS_LABELS as PROJECT_STATUS_LABELS
from portal.teams.forms import FinderForm
from portal.urls import safe_next


@bp.get("/")
@access.anyone
@public_page()
def home():
    """For visitors: the team finder first, then what they can do here and what is happening in the city.

    Logging in leads to "Mijn buurt" or "Vandaag"; a resident who comes back here is never asked for their postcode
    again: they see their team and the way to "Mijn buurt" instead, and can still look up another team.
    """
    if current_user.is_authenticated and not current_user.is_worker:
        return render_template("pages/home.html", resident=current_user, team=current_user.home_team)
    return render_template(
        "pages/home.html",
        form=FinderForm(),
        city=queries.city_now(),
        initiative_labels=lifecycle.STATUS_LABELS,
        project_labels=PROJECT_STATUS_LABELS,
    )


@bp.post("/language")
@csrf.exempt
@access.anyone
def set_language():
    """Remember the chosen language: on the account for residents, in a cookie for visitors.

    A visitor's choice only sets a cookie in their own browser, so their switch carries no CSRF token: a token
    would make every page personal and keep it out of the shared page cache (portal/page_cache.py). A resident's
    choice changes their account, so theirs is checked as every other form is.
    """
    if current_user.is_authenticated and current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()
    language = request.form.get("language", "")
    target = safe_next(request.form.get("next"))
    if language not in current_app.config["LANGUAGES"]:
        return redirect(target)
    if current_user.is_authenticated:
        current_user.locale = language
        db.session.commit()
    response = redirect(target)
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.get("/privacy")
@access.anyone
@public_page()
def privacy():
    return render_template("pages/privacy.html")
