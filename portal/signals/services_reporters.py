"""What reporters read and are told: where their signal is now and what became of it, the follow link, and
the notifications and mails that reach everyone who reported in a cluster.

An account is told in the app (and by mail as they chose); someone who reported without an account but left
an e-mail address gets a mail in the language they used. Functions flush or queue; the caller commits.

Such an address was typed by a visitor and may be anyone's, so these mails hold fixed text only (no name, no
word the visitor typed: the greeting is "Hello,") and an address gets at most MAILS_PER_ADDRESS of them a day,
counted in the outbox (so across processes); the route that reports limits them per IP (MAILS_PER_IP).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.i18n import babel_locale
from portal.outbox.models import OutboxMessage
from portal.signals.models import (
    DISMISSED,
    FINISHED_PROJECT,
    MERGED,
    OPEN,
    PROJECT,
    RESIDENT,
    Signal,
    SignalCluster,
)
from portal.timeutil import utcnow

MAILS_PER_ADDRESS = 5  # mails a day, at most, to an address a visitor typed with a signal
MAILS_PER_IP = "5 per hour; 10 per day"  # anonymous reports from one IP address that mail a link


def current_cluster(signal: Signal) -> SignalCluster | None:
    """The cluster a signal is in now (following merges)."""
    cluster, seen = signal.cluster, set()
    while cluster is not None and cluster.status == MERGED and cluster.merged_into_id and cluster.id not in seen:
        seen.add(cluster.id)
        cluster = db.session.get(SignalCluster, cluster.merged_into_id)
    return cluster


@dataclass(frozen=True)
class Progress:
    """What happened to a signal, as its reporter reads it."""

    status: str  # "open", "project", "finished" (its project has finished) or "dismissed"
    recurring: bool
    others: int  # how many other signals share its cluster
    project: object | None = None
    reason: str | None = None


def progress(signal: Signal) -> Progress:
    cluster = current_cluster(signal)
    if cluster is None:
        return Progress(OPEN, False, 0)
    others = max(cluster.signal_count - 1, 0)
    if cluster.status == PROJECT and cluster.project is not None:
        status = FINISHED_PROJECT if cluster.project.status == FINISHED_PROJECT else PROJECT
        return Progress(status, cluster.recurring, others, project=cluster.project)
    if cluster.status == DISMISSED:
        return Progress(DISMISSED, cluster.recurring, others, reason=cluster.dismissed_reason)
    return Progress(OPEN, cluster.recurring, others)


def reporters(cluster: SignalCluster) -> tuple[list, list[Signal]]:
    """The accounts that reported the cluster's signals, and the anonymous signals that left an e-mail."""
    signals = db.session.scalars(
        select(Signal).where(Signal.cluster_id == cluster.id).options(selectinload(Signal.reporter))
    ).all()
    accounts = {s.reporter.id: s.reporter for s in signals if s.reporter is not None and s.reporter.active}
    anonymous = [s for s in signals if s.reporter_id is None and s.source == RESIDENT and s.contact_email]
    return list(accounts.values()), anonymous


def follow_link(signal: Signal) -> str:
    """The path of the reporter's follow page (the view `signals.follow`); works outside a request too."""
    return f"/signals/follow/{signal.follow_token}"


def mails_to(address: str, now: datetime | None = None) -> int:
    """How many mails went to ``address`` (in any case) in the last 24 hours, as the outbox holds them."""
    since = (now or utcnow()) - timedelta(days=1)
    query = select(func.count()).where(
        func.lower(OutboxMessage.recipient) == address.strip().lower(), OutboxMessage.created_at >= since
    )
    return db.session.scalar(query) or 0


def may_mail(address: str | None, now: datetime | None = None) -> bool:
    """Whether an address a visitor typed may get another mail today (MAILS_PER_ADDRESS)."""
    return bool(address) and mails_to(address, now) < MAILS_PER_ADDRESS


def _mail(signal: Signal, subject: str, text: str, link: str) -> bool:
    """Queue a mail to the signal's address: fixed text and a link, never the reporter's name or words."""
    from portal.outbox.services import queue_mail
    from portal.urls import absolute_url

    if not may_mail(signal.contact_email):
        return False
    footer = _("You receive this mail because you left your e-mail address with a signal on Buurtportaal.")
    queue_mail(signal.contact_email, subject, "\n\n".join((_("Hello,"), text, absolute_url(link), footer)))
    return True


def mail_follow_link(signal: Signal) -> bool:
    """Send an anonymous reporter the private link to their signal, in the language of their report.

    False when the address had its share of mails today (the follow page shows the link all the same).
    """
    with force_locale(babel_locale(signal.locale)):
        text = _(
            "Thank you for your signal. Through this private link you can follow what the WIJ-team does with it. "
            "Keep the link to yourself: anyone who has it can read your signal."
        )
        return _mail(signal, _("Your signal on Buurtportaal"), text, follow_link(signal))


def mail_anonymous(signal: Signal, kind: str, params: dict, link: str) -> bool:
    """Mail someone who reported without an account but left an e-mail address, in the language they used.

    The text is the notification's (the team's or a project's words, never the reporter's); False when the
    address had its share of mails today.
    """
    from portal.notifications.kinds import describe
    from portal.notifications.services import subject_of

    with force_locale(babel_locale(signal.locale)):
        text = describe(kind, params)
        return _mail(signal, subject_of(text), text, link)


def tell_reporters(cluster: SignalCluster, kind: str, params: dict, link_for=None) -> int:
    """Tell everyone who reported a signal in the cluster: in the app, or by mail for an anonymous e-mail.

    ``link_for(signal)`` gives the link per signal (default: the reporter's follow page). Returns how many
    people were told.
    """
    from portal.notifications.services import notify

    told = 0
    accounts, anonymous = reporters(cluster)
    signals_by_user = {}
    for signal in cluster.signals:
        if signal.reporter_id is not None:
            signals_by_user.setdefault(signal.reporter_id, signal)
    for user in accounts:
        signal = signals_by_user[user.id]
        link = link_for(signal) if link_for else follow_link(signal)
        if notify(user, kind, params, link) is not None:
            told += 1
    mailed = set()
    for signal in anonymous:  # one mail per address, however many signals it left
        if signal.contact_email.casefold() in mailed:
            continue
        mailed.add(signal.contact_email.casefold())
        if mail_anonymous(signal, kind, params, link_for(signal) if link_for else follow_link(signal)):
            told += 1
    return told


def signals_of(user) -> list[Signal]:
    """A resident's own signals, newest first."""
    return list(
        db.session.scalars(
            select(Signal).where(Signal.reporter_id == user.id).order_by(Signal.created_at.desc(), Signal.id.desc())
        )
    )
