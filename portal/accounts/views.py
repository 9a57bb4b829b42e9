"""Registration, log-in and log-out, and the links to (re)set a password."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from portal import access
from portal.accounts import homes, limits, services, tokens
from portal.accounts.blueprint import bp
from portal.accounts.forms import ForgotPasswordForm, LoginForm, RegisterForm, SetPasswordForm
from portal.errors import DomainError, apply_to_form
from portal.extensions import db
from portal.i18n import LANGUAGE_COOKIE, current_language
from portal.urls import safe_next


def page(template: str, form, **context):
    """Render a form page; 422 when the form came back with errors."""
    return render_template(template, form=form, **context), 422 if form.errors else 200


def with_language(response, language: str):
    """Keep the account's language in the cookie, so it stays after logging out."""
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def start_session(user, remember: bool = False, target: str | None = None):
    login_user(user, remember=remember)
    default = "teams.my_inboxes" if user.is_worker else "accounts.profile"
    return with_language(redirect(safe_next(target, default)), user.locale)


@bp.route("/login", methods=["GET", "POST"])
@access.visitors_only
@limits.on_post("10 per minute")
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as refused:
            apply_to_form(form, refused)
        else:
            db.session.commit()
            return start_session(user, form.remember.data, form.next.data)
    return page("accounts/login.html", form)


@bp.post("/logout")
@access.resident
def logout():
    language = current_user.locale
    logout_user()
    flash(_("You are logged out."), "info")
    return with_language(redirect(url_for("pages.home")), language)


@bp.route("/register", methods=["GET", "POST"])
@access.visitors_only
@limits.on_post("5 per minute")
def register():
    form = RegisterForm(language=current_language())
    if form.is_submitted():
        form.offer_neighbourhoods(homes.neighbourhood_candidates(form.postcode.data))
    if form.validate_on_submit():
        try:
            user = services.register_resident(
                name=form.name.data,
                email=form.email.data,
                password=form.password.data,
                postcode=form.postcode.data,
                area_id=form.neighbourhood.data,
                locale=form.language.data,
            )
        except DomainError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Welcome to Buurtportaal! Your account is ready."), "success")
            return start_session(user, target=url_for("accounts.profile"))
    return page("accounts/register.html", form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@access.anyone
@limits.on_post("5 per minute")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _(
                "If an account exists for %(email)s, we have sent a link to choose a new password. "
                "Check your mail, also the spam folder.",
                email=form.email.data,
            ),
            "info",
        )
        return redirect(url_for("accounts.forgot_password"))
    return page("accounts/forgot_password.html", form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@access.anyone
@limits.on_post("10 per minute")
def reset_password(token: str):
    return _password_link(token, tokens.RESET)


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@access.anyone
@limits.on_post("10 per minute")
def welcome(token: str):
    return _password_link(token, tokens.WELCOME)


def _password_link(token: str, purpose: str):
    try:
        user = services.user_for_token(token, purpose)
    except tokens.TokenProblem as problem:
        return render_template("accounts/link_problem.html", kind=problem.kind, purpose=purpose)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            services.set_password(user, form.password.data)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Your password has been saved. You are now logged in."), "success")
            return start_session(user)
    return page("accounts/set_password.html", form, purpose=purpose, user=user)
