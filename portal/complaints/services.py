"""Filing and handling complaints: the resident files, the team's coordinators are told, a coordinator takes it
up, assigns it, answers and closes it. Every change is audit-logged; nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from portal import audit
from portal.accounts.models import ROLE_COORDINATOR, User
from portal.complaints import notification_kinds
from portal.complaints.models import ANSWERED, CLOSED, IN_PROGRESS, NEW, Complaint
from portal.complaints.subjects import Subject
from portal.errors import DomainError
from portal.extensions import db
from portal.notifications.services import notify, notify_all
from portal.timeutil import utcnow

ANSWER_WEEKS = 6
"""Weeks the team has to answer a complaint, counted in calendar days from its receipt.

The Algemene wet bestuursrecht (art. 9:11, first paragraph) gives an administrative body six weeks to handle
a complaint about its conduct; the municipality's WIJ-teams answer within that term. (The law allows four
more weeks with a written notice to the complainant, art. 9:11 second paragraph; that is done outside the
portal and the due time here stays the norm the figures measure against.)
"""

MIN_MESSAGE, MAX_MESSAGE = 10, 4000
MAX_ANSWER = 8000

# The statuses a coordinator can set by hand; "answered" only comes with an answer (answer()).
MANUAL = {NEW: (IN_PROGRESS, CLOSED), IN_PROGRESS: (CLOSED,), ANSWERED: (CLOSED,), CLOSED: ()}


def due_at(received: datetime) -> datetime:
    """The answer-by time of a complaint received at ``received`` (naive UTC): six weeks of calendar days."""
    return received + timedelta(weeks=ANSWER_WEEKS)


def coordinators_for(team) -> list[User]:
    """Who a complaint about ``team`` reaches: the coordinators among the team's members, or, when the team has
    none, every active coordinator."""
    own = [user for user in team.workers if user.active and user.role == ROLE_COORDINATOR]
    if own:
        return own
    return list(
        db.session.scalars(select(User).where(User.role == ROLE_COORDINATOR, User.active.is_(True)).order_by(User.name))
    )


def _subject_ref(complaint: Complaint) -> str:
    return f"complaint:{complaint.id}"


def _check_text(text: str | None, field: str, minimum: int, maximum: int) -> str:
    text = (text or "").strip()
    if len(text) < minimum:
        raise DomainError(_("Please write at least %(num)d characters.", num=minimum), field)
    if len(text) > maximum:
        raise DomainError(_("Please keep it under %(num)d characters.", num=maximum), field)
    return text


# --------------------------------------------------------------------------- the resident files


@dataclass(frozen=True)
class Filing:
    """What the resident sends: the complaint's subject (checked: theirs, or a team) and their words."""

    subject: Subject
    message: str


def file_complaint(user: User, filing: Filing, now: datetime | None = None) -> Complaint:
    """Store the complaint, confirm it to the resident (art. 9:9 Awb: receipt confirmed in writing) and tell
    the team's coordinators. Flushes."""
    now = now or utcnow()
    message = _check_text(filing.message, "message", MIN_MESSAGE, MAX_MESSAGE)
    complaint = Complaint(
        team_id=filing.subject.team.id,
        user_id=user.id,
        subject_kind=filing.subject.kind,
        subject_id=filing.subject.id,
        message=message,
        status=NEW,
        due_at=due_at(now),
        created_at=now,
    )
    db.session.add(complaint)
    db.session.flush()
    params = _params(complaint)
    notify(user, notification_kinds.COMPLAINT_NEWS, {**params, "event": "received"}, link(complaint))
    notify_all(
        (person for person in coordinators_for(filing.subject.team) if person.id != user.id),
        notification_kinds.COMPLAINT_FILED,
        params,
        link(complaint),
    )
    return complaint


def _params(complaint: Complaint) -> dict:
    """The news of a complaint for a notification: its number, team, kind of subject and due time (no words of
    the resident: a mail about a complaint never carries what it says)."""
    return {
        "reference": complaint.reference,
        "team": complaint.team.name if complaint.team else "",
        "about": complaint.subject_kind,
        "due": complaint.due_at.isoformat(),
    }


def link(complaint: Complaint) -> str:
    """The complaint's page (the resident's view for the complainant, the handling page for the team): a path,
    as notifications store it (this also runs outside a request, e.g. in the demo loader)."""
    return f"/complaints/{complaint.id}"


# --------------------------------------------------------------------------- coordinators handle


def assignable(complaint: Complaint) -> list[User]:
    """The colleagues a complaint can be given to: the active coordinators, the team's own first."""
    own = {user.id for user in complaint.team.workers}
    everyone = db.session.scalars(select(User).where(User.role == ROLE_COORDINATOR, User.active.is_(True)))
    return sorted(everyone, key=lambda user: (user.id not in own, user.name.lower()))


def assign(actor: User, complaint: Complaint, assignee_id: int | None, now: datetime | None = None) -> None:
    """Give the complaint to a colleague (or to nobody); a new complaint is then in progress. The colleague is
    told. Flushes."""
    if complaint.status == CLOSED:
        raise DomainError(_("This complaint is closed."), "assignee")
    assignee = None
    if assignee_id is not None:
        assignee = next((user for user in assignable(complaint) if user.id == assignee_id), None)
        if assignee is None:
            raise DomainError(_("Choose a coordinator from the list."), "assignee")
    if (assignee.id if assignee else None) == complaint.assigned_to_id:
        return
    complaint.assigned_to = assignee
    complaint.assigned_to_id = assignee.id if assignee else None
    _record(actor, complaint, "complaints.assign", assignee.name if assignee else None, now)
    if assignee is not None and complaint.status == NEW:
        _set(actor, complaint, IN_PROGRESS, now)
    if assignee is not None and assignee.id != actor.id:
        notify(assignee, notification_kinds.COMPLAINT_ASSIGNED, _params(complaint), link(complaint))
    db.session.flush()


def _record(actor: User, complaint: Complaint, action: str, detail: str | None, now: datetime | None) -> None:
    entry = audit.record(actor, action, _subject_ref(complaint), detail)
    entry.at = now or utcnow()


def _set(actor: User, complaint: Complaint, status: str, now: datetime | None = None) -> None:
    before = complaint.status
    complaint.status = status
    if status == CLOSED:
        complaint.closed_at = now or utcnow()
    _record(actor, complaint, "complaints.status", f"{before} -> {status}", now)


def set_status(actor: User, complaint: Complaint, status: str, now: datetime | None = None) -> None:
    """Take the complaint up (in progress) or close it; "answered" comes with an answer only. Flushes."""
    if status not in MANUAL.get(complaint.status, ()):
        raise DomainError(_("This complaint cannot go to that status now."), "status")
    _set(actor, complaint, status, now)
    if status == CLOSED:
        notify(
            complaint.user,
            notification_kinds.COMPLAINT_NEWS,
            {**_params(complaint), "event": "closed"},
            link(complaint),
        )
    db.session.flush()


def answer(actor: User, complaint: Complaint, text: str, now: datetime | None = None) -> None:
    """Store the team's answer, mark the complaint answered and tell the resident (in the portal, and by mail as
    they chose). A complaint is answered once; the answer is final. Flushes."""
    if complaint.status not in (NEW, IN_PROGRESS):
        raise DomainError(_("This complaint has already been answered or closed."), "answer")
    complaint.answer = _check_text(text, "answer", 1, MAX_ANSWER)
    complaint.answered_at = now or utcnow()
    complaint.answered_by_id = actor.id
    _set(actor, complaint, ANSWERED, now)
    notify(
        complaint.user,
        notification_kinds.COMPLAINT_NEWS,
        {**_params(complaint), "event": "answered"},
        link(complaint),
    )
    db.session.flush()
