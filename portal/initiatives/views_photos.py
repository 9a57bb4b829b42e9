"""The photos' routes: the initiator's or team's page to add and remove them, and the images themselves."""

from __future__ import annotations

from flask import abort, current_app, flash, make_response, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user

from portal import access, paging
from portal.errors import commit_or_refuse
from portal.extensions import db, limiter
from portal.htmx import is_fragment, render
from portal.initiatives import lifecycle, permissions, services_photos
from portal.initiatives.blueprint import bp
from portal.initiatives.forms import PhotoForm, RemoveForm
from portal.initiatives.models import Initiative, InitiativePhoto


@bp.get("/<id:initiative_id>/photos")
@access.owner_or_team
def manage_photos(initiative_id: int):
    return _manage_page(_initiative_for_manager(initiative_id), PhotoForm())


def _rate_limits_off() -> bool:
    # One Limiter serves every app in the process (tests build several): ask this app's config.
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def _uploader() -> str:
    """The account that uploads (its id: get_id() would change with every new session token)."""
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


# Each upload costs a second of work and up to ~160 MB while it is decoded: limited per account,
# and per address (several accounts, or a team's office behind one address).
@bp.post("/<id:initiative_id>/photos")
@access.owner_or_team
@limiter.limit("10 per minute; 100 per day", key_func=_uploader, exempt_when=_rate_limits_off)
@limiter.limit("30 per minute; 300 per day", exempt_when=_rate_limits_off)
def upload_photo(initiative_id: int):
    initiative = _initiative_for_manager(initiative_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        return _manage_page(initiative, form, 422)
    raw = form.photo.data.read(services_photos.MAX_BYTES + 1)
    if not commit_or_refuse(form, lambda: services_photos.upload_photo(initiative, raw, form.alt_text.data)):
        return _manage_page(initiative, form, 422)
    flash(_l("The photo has been added."), "success")
    return redirect(url_for("initiatives.manage_photos", initiative_id=initiative.id), 303)


@bp.post("/<id:initiative_id>/photos/remove")
@access.owner_or_team
def delete_photo(initiative_id: int):
    initiative = _initiative_for_manager(initiative_id)
    form = RemoveForm()
    removed = form.validate_on_submit() and services_photos.remove_photo(initiative, form.photo_id.data or 0)
    db.session.commit()
    message = _l("The photo has been removed.") if removed else None
    if is_fragment():
        return _manage_page(initiative, PhotoForm(formdata=None), message=message)
    if message:
        flash(message, "success")
    return redirect(url_for("initiatives.manage_photos", initiative_id=initiative.id), 303)


@bp.get("/<id:initiative_id>/photos/<id:photo_id>")
@access.anyone
def photo(initiative_id: int, photo_id: int):
    return _serve(initiative_id, photo_id, thumbnail=False)


@bp.get("/<id:initiative_id>/photos/<id:photo_id>/thumbnail")
@access.anyone
def photo_thumbnail(initiative_id: int, photo_id: int):
    return _serve(initiative_id, photo_id, thumbnail=True)


def _initiative_for_manager(initiative_id: int) -> Initiative:
    initiative = paging.get_or_404(Initiative, initiative_id)
    access.ensure_owner_or_team(initiative.initiator_id, permissions.team_slug(initiative))
    return initiative


def _manage_page(initiative: Initiative, form: PhotoForm, status: int = 200, message: str | None = None):
    return render(
        "initiatives/photos.html",
        "photos",
        status,
        initiative=initiative,
        form=form,
        max_photos=services_photos.MAX_PHOTOS,
        max_megapixels=services_photos.MAX_PIXELS // 1_000_000,
        message=message,
    )


def _serve(initiative_id: int, photo_id: int, thumbnail: bool):
    photo = paging.get_or_404(InitiativePhoto, photo_id)
    if photo.initiative_id != initiative_id:
        abort(404)
    draft = photo.initiative.status == lifecycle.DRAFT
    if draft and not permissions.may_manage_photos(current_user, photo.initiative):
        abort(404)  # a draft's photos are as invisible as the draft
    response = make_response(photo.thumbnail if thumbnail else photo.data)
    response.headers["Content-Type"] = photo.content_type
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    response.cache_control.max_age = 24 * 3600  # a removed photo should not linger in shared caches for long
    response.cache_control.private = draft or None
    response.cache_control.public = not draft or None
    response.set_etag(f"photo-{photo.id}-{'thumbnail' if thumbnail else 'full'}")
    response.last_modified = photo.created_at
    return response.make_conditional(request)
