"""Who hears from a collective project: the reporters it invites, and the news its people are told.

The residents whose signals a project grew from are invited once each: accounts in the app (and by mail as
they chose), anonymous reporters who left an e-mail address by mail through the outbox, in the same words
as the signals' own mails. Participants and invited reporters hear the project's news, each person once.
Functions flush or queue; the caller commits.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.notifications.services import notify_all
from portal.projects import notification_kinds as kinds
from portal.projects.models import Project, ProjectInvitation, ProjectParticipant
from portal.signals import services_reporters as signal_reporters
from portal.signals.models import Signal, SignalCluster


def link(project: Project) -> str:
    """The path of the project's page (the view ``projects.show_project``); works outside a request."""
    return f"/projects/{project.id}"


def _invited_users(project: Project) -> set[int]:
    return set(
        db.session.scalars(
            select(ProjectInvitation.user_id).where(
                ProjectInvitation.project_id == project.id, ProjectInvitation.user_id.is_not(None)
            )
        )
    )


def _invited_signals(project: Project) -> list[Signal]:
    return list(
        db.session.scalars(
            select(Signal)
            .join(ProjectInvitation, ProjectInvitation.signal_id == Signal.id)
            .where(ProjectInvitation.project_id == project.id)
            .order_by(Signal.id)
        )
    )


def _participant_ids(project: Project) -> set[int]:
    return set(
        db.session.scalars(select(ProjectParticipant.user_id).where(ProjectParticipant.project_id == project.id))
    )


def _mail_anonymous(signal: Signal, kind: str, project: Project, news: dict | None = None) -> None:
    """Mail someone who reported without an account; the same words as the signals' own mails."""
    signal_reporters.mail_anonymous(signal, kind, {"title": project.title, **(news or {})}, link(project))


def invite_reporters(project: Project, cluster: SignalCluster) -> int:
    """Invite everyone who reported in the cluster and was not invited yet; how many were invited.

    Accounts get a PROJECT_INVITATION notification (and a mail, as they chose); an anonymous report that
    left an e-mail address gets one mail per address. Partners' signals are not invited.
    """
    accounts, anonymous = signal_reporters.reporters(cluster)
    invited, participants = _invited_users(project), _participant_ids(project)
    fresh = [user for user in accounts if user.id not in invited and user.id not in participants]
    for user in fresh:
        db.session.add(ProjectInvitation(project_id=project.id, user_id=user.id))
    notify_all(fresh, kinds.PROJECT_INVITATION, {"title": project.title}, link(project))
    mailed = {(signal.contact_email or "").casefold() for signal in _invited_signals(project)}
    count = len(fresh)
    for signal in anonymous:
        address = signal.contact_email.casefold()
        if address in mailed:
            continue
        mailed.add(address)
        db.session.add(ProjectInvitation(project_id=project.id, signal_id=signal.id))
        _mail_anonymous(signal, kinds.PROJECT_INVITATION, project)
        count += 1
    db.session.flush()
    return count


def invitation_for(user, project: Project) -> ProjectInvitation | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(ProjectInvitation).where(
            ProjectInvitation.project_id == project.id, ProjectInvitation.user_id == user.id
        )
    )


def tell_everyone(project: Project, exclude=None, news: dict | None = None) -> int:
    """PROJECT_UPDATE to participants and invited reporters (each person once); anonymous ones by mail.

    ``news`` is what happened, for the wording (see ``notification_kinds``): the news' text, or the new status
    and the outcome.
    """
    ids = (_participant_ids(project) | _invited_users(project)) - ({exclude.id} if exclude is not None else set())
    people = list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id))) if ids else []
    params = {"title": project.title, **(news or {})}
    told = len(notify_all(people, kinds.PROJECT_UPDATE, params, link(project)))
    mailed = set()
    for signal in _invited_signals(project):
        address = (signal.contact_email or "").casefold()
        if address and address not in mailed:
            mailed.add(address)
            _mail_anonymous(signal, kinds.PROJECT_UPDATE, project, news)
            told += 1
    return told
