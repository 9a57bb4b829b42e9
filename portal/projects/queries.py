"""Reading collective projects: the public list, one project's page, a resident's own projects.

What the public may read about the signals a project grew from is counted and named by matter only:
never a signal's text, never who reported it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.extensions import db
from portal.initiatives.models import Initiative
from portal.paging import ListFilters
from portal.projects.models import (
    FINISHED,
    RUNNING,
    STARTING,
    STATUSES,
    Project,
    ProjectActivity,
    ProjectInvitation,
    ProjectParticipant,
    project_initiatives,
)
from portal.projects.services import LINKABLE
from portal.signals import clustering
from portal.signals import services as signal_services
from portal.signals.models import RESIDENT, Signal, SignalCluster, reporter_key
from portal.teams.models import Area, Team
from portal.timeutil import utcnow

PER_PAGE = 12

STATUS_LABELS = {
    STARTING: _l("Starting"),
    RUNNING: _l("Running"),
    FINISHED: _l("Finished"),
}


# --------------------------------------------------------------------------- the list


@dataclass(frozen=True)
class Filters(ListFilters):
    """What the visitor asked for; unknown values are dropped rather than refused."""

    team: str = ""
    status: str = ""

    @classmethod
    def from_args(cls, args) -> Filters:
        return cls.paged(args, team=cls.text(args, "team", 60), status=cls.choice(args, "status", STATUSES))


def projects_found(filters: Filters) -> Select:
    """Projects matching the filters: running first, then starting, then finished; newest first within."""
    # Its team and area in the same query (many-to-one: one row per project).
    query = select(Project).options(joinedload(Project.team), joinedload(Project.area))
    if filters.team:
        query = query.join(Team, Team.id == Project.team_id).where(Team.slug == filters.team)
    if filters.status:
        query = query.where(Project.status == filters.status)
    rank = case({RUNNING: 0, STARTING: 1, FINISHED: 2}, value=Project.status, else_=3)
    return query.order_by(rank, Project.created_at.desc(), Project.id.desc())


def teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def participant_counts(projects: list[Project]) -> dict[int, int]:
    if not projects:
        return {}
    rows = db.session.execute(
        select(ProjectParticipant.project_id, func.count())
        .where(ProjectParticipant.project_id.in_([project.id for project in projects]))
        .group_by(ProjectParticipant.project_id)
    )
    return dict(rows.all())


# --------------------------------------------------------------------------- one project


def upcoming_and_past(project: Project) -> tuple[list[ProjectActivity], list[ProjectActivity]]:
    """Activities from now on (soonest first), and those that ended (latest first)."""
    now = utcnow()
    upcoming, past = [], []
    for activity in project.activities:
        (upcoming if (activity.ends_at or activity.starts_at) >= now else past).append(activity)
    return upcoming, list(reversed(past))


@dataclass(frozen=True)
class SignalSummary:
    """What anyone may know about the signals a project grew from: how many (from residents, from the team's
    partners), and about what; for the team also how many residents reported, were invited and joined."""

    signals: int  # all signals of the linked clusters, as the board counts them
    reporters: int  # different residents among them (each anonymous report apart)
    matters: list[str]
    residents: int = 0  # signals of residents
    partners: int = 0  # signals the team recorded for partners (a GP, a school, the police ...)
    invited: int = 0  # reporters invited to the project
    joined: int = 0  # invited reporters who take part


def signal_summary(project: Project) -> SignalSummary:
    """The signals in the linked clusters, the residents who reported them and the matters they share (words
    of the lexicon only)."""
    clusters = list(project.clusters)
    invited, joined = invitation_counts(project)
    if not clusters:
        return SignalSummary(0, 0, [], invited=invited, joined=joined)
    ids = [cluster.id for cluster in clusters]
    rows = db.session.execute(
        select(Signal.id, Signal.reporter_id, Signal.source, Signal.source_name, Signal.reporter_ref).where(
            Signal.cluster_id.in_(ids)
        )
    ).all()
    residents = [row for row in rows if row.source == RESIDENT]
    reporters = {reporter_key(r.id, r.reporter_id, r.source, r.source_name, r.reporter_ref) for r in residents}
    return SignalSummary(
        signals=len(rows),
        reporters=len(reporters),
        matters=matters_of(clusters),
        residents=len(residents),
        partners=len(rows) - len(residents),
        invited=invited,
        joined=joined,
    )


def invitation_counts(project: Project) -> tuple[int, int]:
    """How many reporters were invited to the project, and how many of them take part (one query)."""
    taking_part = select(ProjectParticipant.user_id).where(ProjectParticipant.project_id == project.id)
    row = db.session.execute(
        select(
            func.count(ProjectInvitation.id),
            func.coalesce(func.sum(case((ProjectInvitation.user_id.in_(taking_part), 1), else_=0)), 0),
        ).where(ProjectInvitation.project_id == project.id)
    ).one()
    return int(row[0]), int(row[1])


def matters_of(clusters: list[SignalCluster]) -> list[str]:
    """The concepts the clusters' signals share, in the reader's language (never their words)."""
    from portal.signals.clustering import _lexicon

    english = getattr(get_locale(), "language", "nl") == "en"
    concepts = _lexicon().concepts
    labels: list[str] = []
    for cluster in clusters:
        for reason in signal_services.explain(cluster):
            if reason.kind != "concept" or reason.key not in concepts:
                continue
            concept = concepts[reason.key]
            label = concept.label_en if english else concept.label_nl
            if label not in labels:
                labels.append(label)
    return labels


def participants(project: Project) -> list[User]:
    return [participant.user for participant in project.participants if participant.user is not None]


def linkable_initiatives(project: Project) -> list[Initiative]:
    """Initiatives in the team's neighbourhoods a worker may link, not linked yet; newest first."""
    linked = select(project_initiatives.c.initiative_id).where(project_initiatives.c.project_id == project.id)
    return list(
        db.session.scalars(
            select(Initiative)
            .join(Area, Area.id == Initiative.area_id)
            .where(Area.team_id == project.team_id, Initiative.status.in_(LINKABLE), Initiative.id.not_in(linked))
            .order_by(Initiative.created_at.desc())
            .limit(200)
        )
    )


def team_areas(team: Team) -> list[Area]:
    return list(db.session.scalars(select(Area).where(Area.team_id == team.id).order_by(Area.name)))


def team_workers(team: Team) -> list[User]:
    """Who may lead a project of the team: its workers (coordinators are not listed but may be kept)."""
    return [worker for worker in team.workers if worker.active and worker.is_worker]


def teams_of(user) -> list[Team]:
    if user.is_coordinator:
        return teams()
    return list(user.teams)


def team_section(team: Team) -> dict | None:
    """The team page's section of its projects (`portal.teams.sections`); None when it has none."""
    projects = projects_of_team(team, 6)
    return {"projects": projects, "status_labels": STATUS_LABELS} if projects else None


# --------------------------------------------------------------------------- a cluster as the start of a project


def open_projects(cluster: SignalCluster) -> list[Project]:
    """The team's projects that have not finished: a group can be taken up in one of them (on its page)."""
    query = select(Project).where(Project.team_id == cluster.team_id, Project.status != FINISHED)
    return list(db.session.scalars(query.order_by(Project.title)))


def cluster_area(cluster: SignalCluster) -> Area | None:
    """The neighbourhood most of the cluster's signals are about."""
    row = db.session.execute(
        select(Signal.area_id, func.count().label("n"))
        .where(Signal.cluster_id == cluster.id, Signal.area_id.is_not(None))
        .group_by(Signal.area_id)
        .order_by(func.count().desc(), Signal.area_id)
        .limit(1)
    ).first()
    return db.session.get(Area, row.area_id) if row else None


def suggested_title(cluster: SignalCluster, area: Area | None) -> str:
    """A first title from the matter the signals share, e.g. "Samen aan de slag: eenzaamheid in Selwerd".

    The matter (youth nuisance) goes before a place or a group (shops, the school): the concepts the most
    signals mention first, matters before the others; none: "Together in <neighbourhood>".
    Never a resident's own words: the title is public and goes out in invitations.
    """
    where = area.name if area is not None else cluster.team.name
    concepts = title_concepts(cluster)
    if not concepts:
        return _("Together in %(area)s", area=where)[:150]
    concept = clustering.concept(concepts[0])
    matter = concept.label_en if getattr(get_locale(), "language", "nl") == "en" else concept.label_nl
    return _("Together: %(matter)s in %(area)s", matter=matter, area=where)[:150]


def title_concepts(cluster: SignalCluster) -> list[str]:
    """The concept keys of the cluster's signals (stored features, one query): matters before places and
    groups, then by how many signals mention them, then by key."""
    known = clustering._lexicon().concepts
    counts: Counter[str] = Counter()
    for stored in db.session.scalars(select(Signal.features).where(Signal.cluster_id == cluster.id)):
        counts.update(
            {f for f in stored or () if f.startswith(clustering.CONCEPT) and f[len(clustering.CONCEPT) :] in known}
        )
    ranked = sorted(
        counts.items(),
        key=lambda item: (clustering.weight(item[0]) < clustering.CONCEPT_WEIGHT, -item[1], item[0]),
    )
    return [feature[len(clustering.CONCEPT) :] for feature, _count in ranked]


# --------------------------------------------------------------------------- a resident's projects


def joined_by(user) -> list[Project]:
    return list(
        db.session.scalars(
            select(Project)
            .join(ProjectParticipant, ProjectParticipant.project_id == Project.id)
            .where(ProjectParticipant.user_id == user.id)
            .order_by(ProjectParticipant.joined_at.desc())
        )
    )


def projects_of_team(team: Team, limit: int = 6) -> list[Project]:
    """The team's projects for its page: running, then starting, then finished; newest first within."""
    rank = case({RUNNING: 0, STARTING: 1, FINISHED: 2}, value=Project.status, else_=3)
    return list(
        db.session.scalars(
            select(Project)
            .where(Project.team_id == team.id)
            .options(joinedload(Project.area))
            .order_by(rank, Project.created_at.desc(), Project.id.desc())
            .limit(limit)
        )
    )


def invited_not_joined(user) -> list[Project]:
    joined = select(ProjectParticipant.project_id).where(ProjectParticipant.user_id == user.id)
    return list(
        db.session.scalars(
            select(Project)
            .join(ProjectInvitation, ProjectInvitation.project_id == Project.id)
            .where(ProjectInvitation.user_id == user.id, Project.id.not_in(joined))
            .order_by(ProjectInvitation.invited_at.desc())
        ).unique()
    )
