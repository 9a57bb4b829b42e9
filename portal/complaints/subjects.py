"""What a complaint is about: a resident's question to the team, initiative, help request or signal, or the
team's work in general; who owns it, which team answers for it, how it is named and where it is read.

Complaints sit above every feature whose things a complaint can be about, so they read those models here;
those features link to the complaint form only through ``url_for('complaints.new', about=…, id=…)`` in their
templates and never import this package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from portal.complaints.models import (
    ABOUT_HELP_REQUEST,
    ABOUT_INITIATIVE,
    ABOUT_QUESTION,
    ABOUT_SIGNAL,
    ABOUT_TEAM,
    SUBJECTS,
)
from portal.extensions import db
from portal.help.kinds import KIND_LABELS
from portal.help.models import HelpRequest
from portal.initiatives.models import Initiative
from portal.paging import MAX_ID
from portal.signals.models import Signal
from portal.teams.models import Team, TeamQuestion

MODELS = {
    ABOUT_QUESTION: TeamQuestion,
    ABOUT_INITIATIVE: Initiative,
    ABOUT_HELP_REQUEST: HelpRequest,
    ABOUT_SIGNAL: Signal,
    ABOUT_TEAM: Team,
}

# The pages where a resident reads their own question to a team, and where its team works on it; the first
# endpoint that exists is used (the inbox feature builds the private pages; the team inbox is the fallback).
QUESTION_PAGES_FOR_RESIDENT = ("inbox.own_question",)
QUESTION_PAGES_FOR_TEAM = ("inbox.question",)


@dataclass(frozen=True)
class Subject:
    """A thing a complaint can be about, loaded: its kind, the row (None when it no longer exists) and team."""

    kind: str
    thing: Any
    team: Team

    @property
    def id(self) -> int | None:
        return None if self.kind == ABOUT_TEAM or self.thing is None else self.thing.id


def _owner_id(kind: str, thing) -> int | None:
    return {
        ABOUT_QUESTION: lambda: thing.user_id,
        ABOUT_INITIATIVE: lambda: thing.initiator_id,
        ABOUT_HELP_REQUEST: lambda: thing.user_id,
        ABOUT_SIGNAL: lambda: thing.reporter_id,
    }[kind]()


def _team_of(kind: str, thing) -> Team | None:
    if kind == ABOUT_TEAM:
        return thing
    if kind in (ABOUT_QUESTION, ABOUT_SIGNAL):
        return thing.team
    return thing.area.team if thing.area else None  # initiatives and help requests: their area's team


def _load(kind: str, thing_id) -> Any:
    if kind not in SUBJECTS or not isinstance(thing_id, int) or not 0 < thing_id <= MAX_ID:
        return None
    return db.session.get(MODELS[kind], thing_id)


def subject_for(user, kind: str, thing_id) -> Subject | None:
    """What ``user`` may file a complaint about: their own question, initiative, help request or signal, or
    any team (its work in general). None when it does not exist, is someone else's or has no team: the view
    answers 404 for each alike, so a crafted id never tells whether someone else's thing exists."""
    thing = _load(kind, thing_id)
    if thing is None or user is None:
        return None
    if kind != ABOUT_TEAM and _owner_id(kind, thing) != user.id:
        return None
    team = _team_of(kind, thing)
    return Subject(kind, thing, team) if team is not None else None


def subjects_of(complaints) -> dict[int, Subject]:
    """subject_of() for a list of complaints: one query per kind of thing, never one per complaint."""
    wanted: dict[str, set[int]] = {}
    for complaint in complaints:
        if complaint.subject_kind in MODELS and complaint.subject_kind != ABOUT_TEAM:
            if isinstance(complaint.subject_id, int) and 0 < complaint.subject_id <= MAX_ID:
                wanted.setdefault(complaint.subject_kind, set()).add(complaint.subject_id)
    loaded = {}
    for kind, ids in wanted.items():
        model = MODELS[kind]
        loaded.update(((kind, thing.id), thing) for thing in db.session.scalars(select(model).where(model.id.in_(ids))))
    return {
        complaint.id: Subject(
            complaint.subject_kind,
            complaint.team
            if complaint.subject_kind == ABOUT_TEAM
            else loaded.get((complaint.subject_kind, complaint.subject_id)),
            complaint.team,
        )
        for complaint in complaints
    }


def subject_of(complaint) -> Subject:
    """The subject of a stored complaint (its thing is None when it has since been removed)."""
    thing = (
        complaint.team if complaint.subject_kind == ABOUT_TEAM else _load(complaint.subject_kind, complaint.subject_id)
    )
    return Subject(complaint.subject_kind, thing, complaint.team)


# --------------------------------------------------------------------------- naming and linking


def kind_label(kind: str) -> str:
    """What kind of thing, for lists and filters: "Question to the team", "Initiative", …"""
    return {
        ABOUT_QUESTION: _("Question to the team"),
        ABOUT_INITIATIVE: _("Initiative"),
        ABOUT_HELP_REQUEST: _("Help request"),
        ABOUT_SIGNAL: _("Signal"),
        ABOUT_TEAM: _("The team's work in general"),
    }.get(kind, kind)


def _excerpt(text: str | None, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def describe(subject: Subject, for_team: bool = False) -> str:
    """One line naming what the complaint is about: to the resident ("your initiative …") or, ``for_team``, to
    the coordinators and workers who handle it."""
    thing, team = subject.thing, subject.team
    if subject.kind == ABOUT_TEAM:
        return _("How %(team)s does its work in general", team=team.name)
    if thing is None:
        return _("%(kind)s (no longer in the portal)", kind=kind_label(subject.kind))
    if subject.kind == ABOUT_QUESTION:
        date = format_date(thing.created_at, "long")
        if for_team:
            return _("How the question to %(team)s of %(date)s was handled", team=team.name, date=date)
        return _("How your question to %(team)s of %(date)s was handled", team=team.name, date=date)
    if subject.kind == ABOUT_INITIATIVE:
        if for_team:
            return _('How the initiative "%(title)s" was handled', title=thing.title)
        return _('How your initiative "%(title)s" was handled', title=thing.title)
    if subject.kind == ABOUT_HELP_REQUEST:
        kind, date = KIND_LABELS.get(thing.kind, thing.kind), format_date(thing.created_at, "long")
        if for_team:
            return _('How the help request "%(kind)s" of %(date)s was handled', kind=kind, date=date)
        return _('How your help request "%(kind)s" of %(date)s was handled', kind=kind, date=date)
    date = format_date(thing.created_at, "long")
    if for_team:
        return _("How the signal of %(date)s was handled", date=date)
    return _('How your signal of %(date)s was handled: "%(text)s"', date=date, text=_excerpt(thing.text))


def _first_page(endpoints: tuple[str, ...], **values) -> str | None:
    for endpoint in endpoints:
        if endpoint in current_app.view_functions:
            return url_for(endpoint, **values)
    return None


def resident_link(subject: Subject) -> str | None:
    """Where the resident reads what the complaint is about (None when it no longer exists)."""
    thing = subject.thing
    if thing is None:
        return None
    if subject.kind == ABOUT_TEAM:
        return url_for("teams.show_team", slug=thing.slug)
    if subject.kind == ABOUT_QUESTION:
        return _first_page(QUESTION_PAGES_FOR_RESIDENT, question_id=thing.id) or url_for(
            "teams.show_team", slug=thing.team.slug
        )
    if subject.kind == ABOUT_INITIATIVE:
        return url_for("initiatives.show_initiative", initiative_id=thing.id)
    if subject.kind == ABOUT_HELP_REQUEST:
        return url_for("help.show_request", request_id=thing.id)
    return url_for("signals.follow", follow_token=thing.follow_token)


def team_link(subject: Subject) -> str | None:
    """Where the team's workers and coordinators find what the complaint is about (None when it is gone)."""
    thing = subject.thing
    if thing is None:
        return None
    if subject.kind == ABOUT_TEAM:
        return url_for("teams.show_team", slug=thing.slug)
    if subject.kind == ABOUT_QUESTION:
        return _first_page(QUESTION_PAGES_FOR_TEAM, slug=thing.team.slug, question_id=thing.id) or url_for(
            "teams.inbox", slug=thing.team.slug, state="all"
        )
    if subject.kind == ABOUT_INITIATIVE:
        return url_for("initiatives.show_initiative", initiative_id=thing.id)
    if subject.kind == ABOUT_HELP_REQUEST:
        return url_for("help.console_request", request_id=thing.id)
    if thing.cluster_id is not None:
        return url_for("signals.cluster", cluster_id=thing.cluster_id)
    return url_for("signals.board", slug=thing.team.slug)
