"""Registration and its confirmation link, log-in and log-out, and the links to (re)set a password."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from sqlalchemy.exc import IntegrityError

from portal import access
from portal.accounts import auth, homes, limits, services, tokens
from portal.accounts.blueprint import bp
from portal.accounts.forms import (
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResendConfirmationForm,
    SetPasswordForm,
)
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
    auth.begin_session(user, remember)
    # Workers land on "Vandaag", residents on "Mijn buurt" (the overview feature's pages, by endpoint name).
    default = "overview.today" if user.is_worker else "overview.my_neighbourhood"
    return with_language(redirect(safe_next(target, default)), user.locale)


def end_every_session(message: str):
    """Log the current account out here and on every other device, then go to the home page."""
    user = current_user._get_current_object()
    language = user.locale
    services.end_sessions(user)
    db.session.commit()
    logout_user()
    flash(message, "info")
    return with_language(redirect(url_for("pages.home")), language)


@bp.route("/login", methods=["GET", "POST"])
@access.visitors_only
@limits.on_post("10 per minute")
@limits.per_address(limits.LOGIN_FAILURES_PER_ACCOUNT, count="failures")
def login():
    form = LoginForm(next=request.args.get("next", ""))
    unconfirmed = False
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.LoginRefused as refused:
            apply_to_form(form, refused)
            unconfirmed = refused.reason == services.NOT_CONFIRMED
        else:
            db.session.commit()
            return start_session(user, form.remember.data, form.next.data)
    return page("accounts/login.html", form, unconfirmed=unconfirmed)


@bp.post("/logout")
@access.resident
def logout():
    # Every session of the account ends, not only this browser's: a copied or forgotten cookie ends with it.
    return end_every_session(_("You are logged out."))


@bp.route("/register", methods=["GET", "POST"])
@access.visitors_only
@limits.on_post("5 per minute")
@limits.per_address(limits.MAILS_PER_ADDRESS, count="successes")
def register():
    form = RegisterForm(language=current_language())
    if form.is_submitted():
        form.offer_neighbourhoods(homes.neighbourhood_candidates(form.postcode.data))
    if form.validate_on_submit():
        try:
            services.register_resident(
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
            _commit_registration()
            # The same answer whether or not the address already had an account.
            return with_language(redirect(url_for("accounts.check_your_mail")), form.language.data)
    return page("accounts/register.html", form)


def _commit_registration() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        # The same address registered twice at once: the other registration made the account.
        db.session.rollback()


@bp.get("/register/check-your-mail")
@access.anyone
def check_your_mail():
    return render_template("accounts/check_your_mail.html")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@access.anyone
@limits.on_post("10 per minute")
def confirm_email(token: str):
    try:
        user = services.user_for_token(token, tokens.CONFIRM)
    except tokens.TokenProblem as problem:
        return render_template("accounts/link_problem.html", kind=problem.kind, purpose=tokens.CONFIRM)
    if request.method == "POST":  # a button, so that a mail scanner opening the link confirms nothing
        services.confirm_email(user)
        db.session.commit()
        flash(_("Thank you: your e-mail address is confirmed. You can log in now."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/confirm_email.html", user=user, token=token)


@bp.route("/confirm", methods=["GET", "POST"])
@access.anyone
@limits.on_post("5 per minute")
@limits.per_address(limits.MAILS_PER_ADDRESS)
def resend_confirmation():
    form = ResendConfirmationForm()
    if form.validate_on_submit():
        services.request_confirmation_link(form.email.data)
        db.session.commit()
        flash(
            _(
                "If an account for %(email)s is waiting for confirmation, we have sent a new link to confirm it. "
                "Check your mail, also the spam folder.",
                email=form.email.data,
            ),
            "info",
        )
        return redirect(url_for("accounts.resend_confirmation"))
    return page("accounts/resend_confirmation.html", form)


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
            services.set_password_by_link(user, form.password.data)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Your password has been saved. You are now logged in."), "success")
            return start_session(user)
    return page("accounts/set_password.html", form, purpose=purpose, user=user)
