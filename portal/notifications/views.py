"""Everyone's notifications: the list, opening one (which marks it read), marking them read, and how to
receive them."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from portal import access, cache, page_cache
from portal.extensions import db
from portal.htmx import is_fragment, render
from portal.i18n import current_language
from portal.notifications import queries, services
from portal.notifications.blueprint import bp
from portal.notifications.forms import preferences_form
from portal.notifications.kinds import RESIDENTS, WORKERS, describe, kinds_for
from portal.notifications.models import person_tag
from portal.paging import page_number
from portal.urls import link_maker

PER_PAGE = 20


# Where a page shared by several people (portal.page_cache.member_page) holds the reader's own unread count.
UNREAD_MARKER = "<!--unread-notifications-of-this-person-->"


def unread_notifications() -> int:
    """The logged-in person's unread notifications, read once per request."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        if cache.quicker_than_a_query():  # kept until this person's notifications change
            user_id = current_user.id
            g.unread_notifications = cache.cached(
                f"notifications.unread:{user_id}", (person_tag(user_id),), lambda: queries.unread_count(current_user)
            )
        else:
            g.unread_notifications = queries.unread_count(current_user)
    return g.unread_notifications


def unread_badge() -> Markup:
    """The count after "Notifications" in the navigation (nothing when all are read); the marker while a
    shared page is built, filled in for each person when it is sent."""
    if page_cache.building_shell():
        return Markup(UNREAD_MARKER)  # noqa: S704 - a constant of this module
    unread = unread_notifications()
    if not unread:
        return Markup("")
    return Markup(
        ' <span class="utrecht-badge-counter count-badge" aria-hidden="true">{}</span><span class="sr-only">{}</span>'
    ).format(unread, ngettext("(%(num)d unread)", "(%(num)d unread)", unread))


def _kept_badge() -> page_cache.KeptPart | None:
    """With Redis, the badge is kept (per person and language) until their notifications change."""
    if not cache.quicker_than_a_query():
        return None
    user_id = current_user.id
    return page_cache.KeptPart(
        f"notifications.badge:{user_id}:{current_language()}", (person_tag(user_id),), lambda: str(unread_badge())
    )


page_cache.hole(UNREAD_MARKER, unread_badge, kept=_kept_badge)


@bp.app_context_processor
def unread_notifications_processor() -> dict:
    """``unread_badge()`` in every template: the count for the nav."""
    return {"unread_badge": unread_badge}


def _page_number() -> int:
    return page_number(request.values.get("page"))


def _list_page(message: str | None = None):
    page = db.paginate(queries.notifications_of(current_user), page=_page_number(), per_page=PER_PAGE, error_out=False)
    g.unread_notifications = unread = queries.unread_count(current_user)  # the navigation shows it too
    return render(
        "notifications/list.html",
        "notifications",
        page=page,
        texts={notification.id: describe(notification.kind, notification.params) for notification in page.items},
        open_link=link_maker("notifications.open_notification", "notification_id"),
        read_link=link_maker("notifications.mark_read", "notification_id"),
        unread=unread,
        message=message,
    )


def _after_marking(message: str):
    db.session.commit()
    if is_fragment():
        return _list_page(message)
    flash(message, "success")
    return redirect(url_for("notifications.list_notifications", page=_page_number()), 303)


@bp.get("/")
@access.resident
def list_notifications():
    # Built once until this person's notifications change (their own count and token put in when sent).
    return page_cache.member_page(
        lambda: _list_page().get_data(as_text=True),
        person_tag(current_user.id),
        scope=f"person:{current_user.id}",
    )


@bp.get("/<id:notification_id>/open")
@access.resident
def open_notification(notification_id: int):
    """Open one of your own notifications: it is marked read and you go to what it is about (only ever a page
    of this site); one without a link brings you back to the list."""
    notification = services.open_notification(current_user, notification_id)
    if notification is None:
        abort(404)
    db.session.commit()
    return redirect(services.local_path(notification.link) or url_for("notifications.list_notifications"), 303)


@bp.post("/<id:notification_id>/read")
@access.resident
def mark_read(notification_id: int):
    services.mark_read(current_user, notification_id)
    return _after_marking(_l("Marked as read."))


@bp.post("/read")
@access.resident
def mark_all_read():
    services.mark_all_read(current_user)
    return _after_marking(_l("All notifications are marked as read."))


@bp.route("/preferences", methods=["GET", "POST"])
@access.resident
def preferences():
    form = preferences_form(
        current_user, data=None if request.method == "POST" else services.preferences_for(current_user)
    )
    if form.validate_on_submit():
        services.set_preferences(current_user, form.choices())
        db.session.commit()
        flash(_l("Your choices have been saved."), "success")
        return redirect(url_for("notifications.preferences"), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("notifications/preferences.html", form=form, sections=_sections()), status


def _sections() -> list[tuple[str, list[str]]]:
    """The kinds the user can choose, per audience: theirs as a resident, then (workers) those of the team's work."""
    kinds = kinds_for(current_user)
    sections = [
        (RESIDENTS, [name for name, kind in kinds.items() if kind.audience == RESIDENTS]),
        (WORKERS, [name for name, kind in kinds.items() if kind.audience == WORKERS]),
    ]
    return [(audience, names) for audience, names in sections if names]
