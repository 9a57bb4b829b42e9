"""The CSV of the items behind an indicators dashboard: one row per item of the period, with its lifecycle times.

The same choice as the page (grain, period, team or area) and the same dialect as ``exports``: UTF-8 with a
byte-order mark, semicolon-separated, one header row. No personal data: no names, addresses, texts or titles
written by residents, no account ids. One query per kind of item, whatever the number of items.

Which items belong to the period: the moment that puts the item in the period in the indicators (``sources``).
Where the indicators count an item by more than one moment, it is in the file when *any* of them falls in the
period, so that each indicator can be counted again from the file by its own column:

* help requests: closed in the period (done, closed or expired);
* initiatives (submitted ones only): submitted, first responded to, or decided in the period;
* questions to the team: first answered in the period;
* complaints: received in the period;
* signals: reported in the period;
* projects: running at any moment of the period (started before its end and not finished before its start),
  which holds those started, finished or running at its end.

Where: as the indicators' scope rule (``definitions``). Help requests and initiatives belong to the team that
serves their neighbourhood today; signals and projects to their own team; questions and complaints to a team
only, so they are not in the file of a district or neighbourhood. A team's file holds only that team's items.

Columns:

``kind``              ``help_request``, ``initiative``, ``question``, ``complaint``, ``signal`` or ``project``
``item``              an opaque number per kind: the same item has the same number in every file (as long as the
                      portal's secret key stays the same), but it cannot be traced to the portal's records
``team``              the team's slug
``district``          the CBS code of the item's district (empty without an area)
``neighbourhood``     the CBS code of the item's neighbourhood; only in a team's file for its own workers (empty
                      elsewhere: per-item rows would show a neighbourhood's small numbers)
``created``           help request made; initiative submitted; question asked; complaint received; signal
                      reported; project started
``first_response``    help request: the first match proposed; initiative: the team's first response; question:
                      the team's first reply (the moment the indicators time)
``decided``           help request: the match both sides accepted; initiative: the step to done, declined or
                      withdrawn
``done_or_answered``  help request: closed; initiative: done; question: closed; complaint: answered; project:
                      finished
``due``               question: the team's answer-by time; complaint: its due time (six weeks)
``outcome``           help request: ``found`` (a match both sides accepted) or ``not_found``; initiative: ``done``,
                      ``declined`` or ``withdrawn`` (empty while undecided); question: ``in_time`` or ``late``
                      (empty without an answer-by time); complaint: ``in_time``, ``late`` (answered late, or not
                      answered and past due) or empty (not answered, still within its term); project:
                      ``starting``, ``running`` or ``finished``
``theme``             signal: its theme's code (empty when the reporter did not know)
``recurring``         signal: ``yes`` when its group of signals is a recurring matter, else ``no``
``taken_up``          signal: ``yes`` when its group is taken up in a collective project, else ``no``

Times are ISO 8601 in UTC, to the second: ``2026-11-03T09:12:00Z``; empty when the moment has not come (yet).
Rows go kind by kind in the order above, each kind by its ``created`` time. The items are read from today's data,
never from the stored history: what was deleted since (an account, the retention purge) is not in the file.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import aliased

from portal.complaints.models import Complaint
from portal.extensions import db
from portal.help.models import ACCEPTED, DONE, HelpMatch, HelpRequest
from portal.indicators.compute import scope_condition
from portal.indicators.exports import BOM, DELIMITER
from portal.indicators.periods import Period, Scope
from portal.indicators.sources import NO_AREA
from portal.initiatives import lifecycle
from portal.initiatives.models import Initiative, StatusChange
from portal.projects.models import Project
from portal.signals.models import MERGED, Signal, SignalCluster
from portal.teams.models import DISTRICT, Area, Team, TeamQuestion

COLUMNS = (
    "kind",
    "item",
    "team",
    "district",
    "neighbourhood",
    "created",
    "first_response",
    "decided",
    "done_or_answered",
    "due",
    "outcome",
    "theme",
    "recurring",
    "taken_up",
)
HELP_REQUEST, INITIATIVE, QUESTION, COMPLAINT, SIGNAL, PROJECT = (
    "help_request",
    "initiative",
    "question",
    "complaint",
    "signal",
    "project",
)
KINDS = (HELP_REQUEST, INITIATIVE, QUESTION, COMPLAINT, SIGNAL, PROJECT)
FOUND, NOT_FOUND, IN_TIME, LATE = "found", "not_found", "in_time", "late"


# --------------------------------------------------------------------------- the opaque item number

HALF_BITS = 24
HALF = (1 << HALF_BITS) - 1
ROUNDS = 4


def number_key(secret_key: str) -> bytes:
    """The key of the item numbers, derived from the portal's secret key (never the secret key itself)."""
    return hmac.digest(secret_key.encode(), b"indicators: item numbers", "sha256")


def item_number(key: bytes, kind: str, item_id: int) -> int:
    """``item_id`` of ``kind`` as an opaque number below 2**48 (15 digits at most, so a spreadsheet keeps it).

    A keyed permutation (a Feistel network whose rounds are keyed BLAKE2b): two items of one kind never share a
    number, and without the key a number says nothing about the record it stands for.
    """
    left, right = item_id >> HALF_BITS & HALF, item_id & HALF
    for round_number in range(ROUNDS):
        mixed = hashlib.blake2b(f"{kind}:{round_number}:{right}".encode(), digest_size=3, key=key).digest()
        left, right = right, left ^ int.from_bytes(mixed, "big")
    return left << HALF_BITS | right


# --------------------------------------------------------------------------- one query per kind


def _in(moment, start: datetime, end: datetime):
    return and_(moment >= start, moment < end)


def _both_accepted():
    return or_(
        HelpMatch.status.in_((ACCEPTED, DONE)),
        and_(HelpMatch.requester_answer == "yes", HelpMatch.helper_answer == "yes"),
    )


def _help_requests() -> Select:
    proposed = (
        select(func.min(HelpMatch.created_at))
        .where(HelpMatch.request_id == HelpRequest.id)
        .correlate(HelpRequest)
        .scalar_subquery()
    )
    accepted = (
        select(func.min(HelpMatch.decided_at))
        .where(HelpMatch.request_id == HelpRequest.id, _both_accepted(), HelpMatch.decided_at.is_not(None))
        .correlate(HelpRequest)
        .scalar_subquery()
    )
    return select(
        HelpRequest.id.label("id"),
        Area.team_id.label("team_id"),
        HelpRequest.area_id.label("area_id"),
        HelpRequest.created_at.label("created"),
        proposed.label("first_response"),
        accepted.label("decided"),
        HelpRequest.closed_at.label("done"),
    ).join(Area, Area.id == HelpRequest.area_id)


def _help_request_row(row, now: datetime) -> dict:
    outcome = "" if row.done is None else FOUND if row.decided is not None else NOT_FOUND
    return {
        "created": row.created,
        "first_response": row.first_response,
        "decided": row.decided,
        "done_or_answered": row.done,
        "outcome": outcome,
    }


def _initiatives() -> Select:
    decided = (
        select(func.max(StatusChange.at))
        .where(StatusChange.initiative_id == Initiative.id, StatusChange.to_status.in_(lifecycle.FINAL))
        .correlate(Initiative)
        .scalar_subquery()
    )
    return (
        select(
            Initiative.id.label("id"),
            Area.team_id.label("team_id"),
            Initiative.area_id.label("area_id"),
            Initiative.submitted_at.label("created"),
            Initiative.first_response_at.label("first_response"),
            case((Initiative.status.in_(lifecycle.FINAL), decided)).label("decided"),
            Initiative.status.label("status"),
        )
        .join(Area, Area.id == Initiative.area_id)
        .where(Initiative.submitted_at.is_not(None))
    )


def _initiative_row(row, now: datetime) -> dict:
    final = row.status in lifecycle.FINAL
    return {
        "created": row.created,
        "first_response": row.first_response,
        "decided": row.decided if final else None,
        "done_or_answered": row.decided if row.status == lifecycle.DONE else None,
        "outcome": row.status if final else "",
    }


def _questions() -> Select:
    return select(
        TeamQuestion.id.label("id"),
        TeamQuestion.team_id.label("team_id"),
        NO_AREA.label("area_id"),
        TeamQuestion.created_at.label("created"),
        TeamQuestion.answered_at.label("first_response"),
        TeamQuestion.closed_at.label("done"),
        TeamQuestion.due_at.label("due"),
    )


def _question_row(row, now: datetime) -> dict:
    outcome = ""
    if row.due is not None and row.first_response is not None:
        outcome = IN_TIME if row.first_response <= row.due else LATE
    return {
        "created": row.created,
        "first_response": row.first_response,
        "done_or_answered": row.done,
        "due": row.due,
        "outcome": outcome,
    }


def _complaints() -> Select:
    return select(
        Complaint.id.label("id"),
        Complaint.team_id.label("team_id"),
        NO_AREA.label("area_id"),
        Complaint.created_at.label("created"),
        Complaint.answered_at.label("done"),
        Complaint.due_at.label("due"),
    )


def _complaint_row(row, now: datetime) -> dict:
    # As the indicator counts it: answered at or before the due time is in time; answered after it, or not
    # answered and past it, is late; not answered within its term is neither.
    if row.done is not None:
        outcome = IN_TIME if row.done <= row.due else LATE
    else:
        outcome = LATE if row.due < now else ""
    return {"created": row.created, "done_or_answered": row.done, "due": row.due, "outcome": outcome}


def _signals() -> Select:
    recurring = and_(SignalCluster.recurring.is_(True), SignalCluster.status != MERGED)
    return select(
        Signal.id.label("id"),
        Signal.team_id.label("team_id"),
        Signal.area_id.label("area_id"),
        Signal.created_at.label("created"),
        Signal.theme.label("theme"),
        case((recurring, 1), else_=0).label("recurring"),
        case((SignalCluster.project_id.is_not(None), 1), else_=0).label("taken_up"),
    ).outerjoin(SignalCluster, SignalCluster.id == Signal.cluster_id)


def _signal_row(row, now: datetime) -> dict:
    return {
        "created": row.created,
        "theme": row.theme or "",
        "recurring": "yes" if row.recurring else "no",
        "taken_up": "yes" if row.taken_up else "no",
    }


def _projects() -> Select:
    return select(
        Project.id.label("id"),
        Project.team_id.label("team_id"),
        Project.area_id.label("area_id"),
        Project.created_at.label("created"),
        Project.finished_at.label("done"),
        Project.status.label("status"),
    )


def _project_row(row, now: datetime) -> dict:
    return {"created": row.created, "done_or_answered": row.done, "outcome": row.status}


@dataclass(frozen=True)
class Kind:
    """One kind of item: its query (labelled ``id``, ``team_id``, ``area_id``, ``created`` and what else it
    needs), which of its rows belong to a period, and how a row is written."""

    name: str
    source: Callable[[], Select]
    in_period: Callable  # (columns, start, end) -> SQL condition
    write: Callable[[object, datetime], dict]


ITEM_KINDS = (
    Kind(HELP_REQUEST, _help_requests, lambda c, start, end: _in(c.done, start, end), _help_request_row),
    Kind(
        INITIATIVE,
        _initiatives,
        lambda c, start, end: or_(
            _in(c.created, start, end), _in(c.first_response, start, end), _in(c.decided, start, end)
        ),
        _initiative_row,
    ),
    Kind(QUESTION, _questions, lambda c, start, end: _in(c.first_response, start, end), _question_row),
    Kind(COMPLAINT, _complaints, lambda c, start, end: _in(c.created, start, end), _complaint_row),
    Kind(SIGNAL, _signals, lambda c, start, end: _in(c.created, start, end), _signal_row),
    Kind(
        PROJECT,
        _projects,
        lambda c, start, end: and_(c.created < end, or_(c.done.is_(None), c.done >= start)),
        _project_row,
    ),
)


def _query(kind: Kind, start: datetime, end: datetime, within: Iterable[Scope]) -> Select:
    """The kind's items of [start, end) in every scope of ``within``, with their team's slug and area's codes."""
    sub = kind.source().subquery()
    hood, district = aliased(Area), aliased(Area)
    return (
        select(
            sub,
            Team.slug.label("team_slug"),
            hood.kind.label("area_kind"),
            hood.code.label("area_code"),
            district.code.label("district_code"),
        )
        .select_from(sub)
        .outerjoin(Team, Team.id == sub.c.team_id)
        .outerjoin(hood, hood.id == sub.c.area_id)
        .outerjoin(district, district.id == hood.parent_id)
        .where(kind.in_period(sub.c, start, end), *(scope_condition(sub.c, scope) for scope in within))
        .order_by(sub.c.created, sub.c.id)
    )


def _time(value: datetime | None) -> str:
    """A stored (naive UTC) moment as ``2026-11-03T09:12:00Z``; empty for none."""
    return value.isoformat(timespec="seconds") + "Z" if value is not None else ""


def item_rows(
    period: Period, within: Iterable[Scope], *, neighbourhoods: bool, key: bytes, now: datetime
) -> list[list[str]]:
    """The file's rows (without the header): every kind's items of ``period`` that lie in all of ``within``.

    ``neighbourhoods``: whether the neighbourhood's code is given (a team's file for its own workers only);
    ``key``: ``number_key`` of the portal's secret key; ``now`` (naive UTC): which complaints are past due."""
    start, end = period.utc_bounds
    within = list(within)
    out = []
    for kind in ITEM_KINDS:
        for row in db.session.execute(_query(kind, start, end, within)):
            values = kind.write(row, now)
            in_district = row.area_kind == DISTRICT
            district = row.area_code if in_district else row.district_code
            hood = row.area_code if neighbourhoods and not in_district else None
            out.append(
                [
                    kind.name,
                    str(item_number(key, kind.name, row.id)),
                    row.team_slug or "",
                    district or "",
                    hood or "",
                    *(
                        _time(values.get(column))
                        for column in ("created", "first_response", "decided", "done_or_answered", "due")
                    ),
                    values.get("outcome", ""),
                    values.get("theme", ""),
                    values.get("recurring", ""),
                    values.get("taken_up", ""),
                ]
            )
    return out


def csv_text(rows: list[list[str]]) -> str:
    """The whole file: BOM, header, rows (the dialect of ``exports``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return BOM + buffer.getvalue()
