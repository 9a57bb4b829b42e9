"""Notifications: stored for the in-app list, and mailed at once, in a daily or weekly digest, or never.

Each resident (and each worker, for the kinds workers receive) chooses per kind. Mail goes through the
outbox in the same transaction as the change that caused it; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select, update

from portal import cache
from portal.extensions import db
from portal.i18n import babel_locale
from portal.notifications.kinds import KINDS, describe, heading, kinds_for
from portal.notifications.models import (
    DAILY,
    FREQUENCIES,
    IMMEDIATELY,
    WEEKLY,
    Notification,
    NotificationPreference,
    person_tag,
)
from portal.outbox.services import queue_mail
from portal.timeutil import utcnow
from portal.urls import absolute_url


def frequency_for(user, kind: str) -> str:
    """How ``user`` wants ``kind`` by mail; immediately unless they chose otherwise."""
    chosen = db.session.get(NotificationPreference, (user.id, kind))
    return chosen.frequency if chosen else IMMEDIATELY


def preferences_for(user) -> dict[str, str]:
    """Every kind the user can receive, with the user's choice (defaults filled in)."""
    return {kind: frequency_for(user, kind) for kind in kinds_for(user)}


def set_preferences(user, choices: dict[str, str]) -> None:
    """Store the user's choice per kind; unknown kinds, kinds not for this user or frequencies are ignored. Flushes."""
    allowed = kinds_for(user)
    for kind, frequency in choices.items():
        if kind not in allowed or frequency not in FREQUENCIES:
            continue
        preference = db.session.get(NotificationPreference, (user.id, kind))
        if preference is None:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, frequency=frequency))
        else:
            preference.frequency = frequency
    db.session.flush()


def _locale(user) -> str:
    language = user.locale if user.locale in current_app.config["LANGUAGES"] else None
    return babel_locale(language or current_app.config["BABEL_DEFAULT_LOCALE"])


def _footer() -> str:
    return _(
        "You can choose which messages you receive by mail, and how often: %(url)s",
        url=absolute_url("/notifications/preferences"),
    )


def subject_of(text: str, limit: int = 100) -> str:
    """A mail subject from a notification's text: whole when short, else its first sentence when that is short,
    else cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    first = text.split(". ", 1)[0]
    if len(first) < len(text) and len(first) < limit:
        return first.rstrip(".") + "."
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def mail_link(notification: Notification) -> str:
    """The link a mail gives for a notification: through its "open" page, so following it from the mail marks it
    read in the portal too (after logging in, when needed); empty when the notification links nowhere."""
    return absolute_url(f"/notifications/{notification.id}/open") if notification.link else ""


def _mail_now(user, notification: Notification) -> None:
    with force_locale(_locale(user)):
        text = describe(notification.kind, notification.params)
        body = "\n\n".join(
            part
            for part in (
                _("Hello %(name)s,", name=user.first_name or user.name),
                text,
                mail_link(notification),
                _footer(),
            )
            if part
        )
        queue_mail(user.email, subject_of(text), body)
    notification.emailed_at = utcnow()


def notify(user, kind: str, params: dict, link: str | None) -> Notification | None:
    """Tell ``user`` about something: always in the app, by mail as the user chose for ``kind``.

    ``params`` are what the wording needs ({"title", "status"} for "initiative_status",
    {"title", "author"} for "initiative_comment", {"title"} otherwise); ``link`` is a path
    on this site. Returns None when there is nobody to tell (no user, or a closed account).
    Flushes; the caller commits.
    """
    if user is None or not user.active:
        return None
    notification = Notification(user_id=user.id, kind=kind, params=dict(params), link=link, created_at=utcnow())
    db.session.add(notification)
    db.session.flush()  # its id is in the mail's link
    frequency = frequency_for(user, kind)
    if frequency == IMMEDIATELY:
        _mail_now(user, notification)
    elif frequency in (DAILY, WEEKLY):
        notification.digest_due = True
    db.session.flush()
    return notification


def notify_all(users: Iterable, kind: str, params: dict, link: str | None) -> list[Notification]:
    """notify() for each distinct user, e.g. every volunteer of an initiative."""
    seen, sent = set(), []
    for user in users:
        if user is not None and user.id not in seen:
            seen.add(user.id)
            if (notification := notify(user, kind, params, link)) is not None:
                sent.append(notification)
    return sent


def workers_of(team) -> list:
    """The active accounts that work for ``team`` (its members with a worker or coordinator role)."""
    return [user for user in team.workers if user.active and user.is_worker]


def notify_team_workers(team, kind: str, params: dict, link: str | None, *, exclude=None) -> list[Notification]:
    """notify() each worker of ``team`` (never the workers of other teams); ``exclude``: the one who acted."""
    excluded = getattr(exclude, "id", None)
    return notify_all((user for user in workers_of(team) if user.id != excluded), kind, params, link)


def digest_sections(notifications: list[Notification]) -> list[tuple[str, list[Notification]]]:
    """The notifications under their headings (the kinds' groups, in the features' order), oldest first
    within each; headings in the current locale."""
    rank: dict[str, int] = {}
    for index, kind in enumerate(KINDS.values()):
        rank.setdefault(kind.heading, index)
    sections: dict[str, list[Notification]] = {}
    ordered = sorted(notifications, key=lambda n: (rank.get(heading(n.kind), len(KINDS)), n.created_at, n.id))
    for notification in ordered:
        sections.setdefault(heading(notification.kind), []).append(notification)
    return list(sections.items())


def _digest_body(user, notifications: list[Notification], frequency: str) -> tuple[str, str]:
    if frequency == DAILY:
        subject = ngettext(
            "%(num)d message from Buurtportaal today",
            "%(num)d messages from Buurtportaal today",
            len(notifications),
        )
        opening = _("This is what happened today:")
    else:
        subject = ngettext(
            "%(num)d message from Buurtportaal this week",
            "%(num)d messages from Buurtportaal this week",
            len(notifications),
        )
        opening = _("This is what happened this week:")
    lines = [_("Hello %(name)s,", name=user.first_name or user.name), opening]
    for title, items in digest_sections(notifications):
        section = [title, "-" * len(title)]
        for notification in items:
            item = "- " + describe(notification.kind, notification.params)
            if notification.link:
                item += "\n  " + mail_link(notification)
            section.append(item)
        lines.append("\n".join(section[:2]) + "\n\n" + "\n\n".join(section[2:]))
    lines.append(_footer())
    return subject, "\n\n".join(lines)


def send_digests(frequency: str = WEEKLY) -> int:
    """Queue one mail per person with the notifications waiting for their ``frequency`` digest.

    The daily run (DAILY) takes what waits for a daily digest, and what waited for one when the person has
    since chosen otherwise; the weekly run takes everything still waiting. Returns the number of mails
    queued. Flushes; the command that calls it commits.
    """
    from portal.accounts.models import User

    waiting = db.session.scalars(
        select(Notification)
        .where(Notification.digest_due.is_(True))
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
        .with_for_update()
    )
    mails = 0
    for user_id, group in groupby(waiting, key=lambda notification: notification.user_id):
        notifications, user = list(group), db.session.get(User, user_id)
        if frequency == DAILY:
            notifications = [n for n in notifications if frequency_for(user, n.kind) != WEEKLY]
            if not notifications:
                continue
        if user.active:
            with force_locale(_locale(user)):
                queue_mail(user.email, *_digest_body(user, notifications, frequency))
            mails += 1
        for notification in notifications:
            notification.digest_due = False
            notification.emailed_at = utcnow() if user.active else None
    db.session.flush()
    return mails


def mark_read(user, notification_id: int) -> bool:
    """Mark one of the user's own notifications read; False if it is not theirs or unknown."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    cache.changed(person_tag(user.id))
    return result.rowcount > 0


def open_notification(user, notification_id: int) -> Notification | None:
    """The user's own notification, now marked read; None when it is unknown or someone else's. Flushes."""
    notification = db.session.scalar(
        select(Notification).where(Notification.id == notification_id, Notification.user_id == user.id)
    )
    if notification is not None and notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return notification


def local_path(link: str | None) -> str | None:
    """Where a stored link may send the reader: a path on this site (an absolute link on the public address
    becomes its path); None for anything else, so opening a notification is never an open redirect."""
    link = (link or "").strip()
    if not link or any(ord(char) < 32 or char == "\\" for char in link):
        return None
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        base = urlsplit(current_app.config["BASE_URL"])
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None
        link = parts._replace(scheme="", netloc="").geturl()
    if not link.startswith("/") or link.startswith("//"):
        return None
    return link


def mark_all_read(user) -> int:
    """Mark every unread notification of the user read; returns how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    cache.changed(person_tag(user.id))
    return result.rowcount
