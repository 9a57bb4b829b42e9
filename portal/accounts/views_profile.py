"""The resident's own account: details, password, and the data rights (download, delete)."""

from __future__ import annotations

import json

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from flask_login.config import COOKIE_NAME

from portal import access
from portal.accounts import auth, homes, queries, services
from portal.accounts.blueprint import bp
from portal.accounts.forms import ChangePasswordForm, DeleteAccountForm, ProfileForm
from portal.accounts.views import end_every_session, page, with_language
from portal.errors import DomainError, apply_to_form
from portal.extensions import db


def _profile_form() -> ProfileForm:
    if request.method == "POST":
        form = ProfileForm()
    else:
        user = current_user
        data = {
            "name": user.name,
            "postcode": user.home_postcode,
            "language": user.locale,
            "neighbourhood": user.area_id,
        }
        form = ProfileForm(data=data)
    form.offer_neighbourhoods(homes.neighbourhood_candidates(form.postcode.data))
    return form


@bp.route("/", methods=["GET", "POST"])
@access.resident
def profile():
    form = _profile_form()
    if form.validate_on_submit():
        try:
            services.update_profile(
                current_user,
                name=form.name.data,
                postcode=form.postcode.data,
                area_id=form.neighbourhood.data,
                locale=form.language.data,
            )
        except DomainError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Your details have been saved."), "success")
            return with_language(redirect(url_for("accounts.profile")), current_user.locale)
    return page("accounts/profile.html", form, user=current_user)


@bp.route("/password", methods=["GET", "POST"])
@access.resident
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            # The new password ended every session, this one too: start a fresh one here.
            auth.begin_session(current_user._get_current_object(), remember=_remembered_here())
            flash(_("Your new password has been saved. You are logged out on your other devices."), "success")
            return redirect(url_for("accounts.profile"))
    return page("accounts/change_password.html", form)


def _remembered_here() -> bool:
    """Whether this browser chose "keep me logged in" (it holds a remember cookie)."""
    return current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in request.cookies


@bp.post("/logout-everywhere")
@access.resident
def logout_everywhere():
    return end_every_session(_("You are logged out on every device."))


@bp.get("/my-data.json")
@access.resident
def export_data():
    body = json.dumps(queries.personal_data(current_user), ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="buurtportaal-my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/delete", methods=["GET", "POST"])
@access.resident
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(current_user._get_current_object(), form.password.data)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            logout_user()
            flash(_("Your account and your personal data have been deleted."), "success")
            return redirect(url_for("pages.home"))
    return page("accounts/delete_account.html", form)
