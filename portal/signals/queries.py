"""What the community workers' cluster board reads: a team's clusters paged in SQL on the stored counts,
the counts per team, and the words for a page (reasons in the reader's language, representative texts).

The board sorts and pages on the columns `portal.signals.services.refresh` keeps on each cluster; only the
clusters of the page shown are explained (one Clusterer restored for exactly those clusters). What a group
can be taken up in (a project) comes from the features above signals, through `register_take_up_choices`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import get_locale
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased, defer, selectinload

from portal.accounts.models import User
from portal.extensions import db
from portal.paging import ListFilters, page_number
from portal.signals import clustering, lexicon, services, services_summary, themes
from portal.signals.models import DISMISSED, LIVE, MERGED, ClusterEvent, Signal, SignalCluster
from portal.teams.models import Area, Team
from portal.timeutil import utcnow

PER_PAGE = 20
MAX_MERGE_CHOICES = 25  # the merge list: the most similar first, then the most recently active (a list to choose from)

# The board's status filter: open (taken up into a project included), dismissed, or all but merged ones.
SHOW_OPEN, SHOW_DISMISSED, SHOW_ALL = "open", "dismissed", "all"
SHOWS = (SHOW_OPEN, SHOW_DISMISSED, SHOW_ALL)


def theme_label(key: str | None) -> str:
    """The theme in the reader's language; no theme: "I don't know"."""
    return str(themes.theme_label(key))


def source_label(key: str) -> str:
    return str(themes.SOURCE_LABELS.get(key, key))


def reason_label(reason: clustering.Reason, words: dict[str, str] | None = None) -> str:
    """A reason in the reader's language: a concept's own label, a theme's name, or the shared word.

    A shared word is kept as a stem ("energierekeen"); ``words`` (stem → the word the signals use most,
    `shared_words`) turns it back into a real word ("energierekening").
    """
    if reason.kind == "concept":
        concept = clustering._lexicon().concepts.get(reason.key)
        if concept is None:
            return reason.label
        return concept.label_en if getattr(get_locale(), "language", "nl") == "en" else concept.label_nl
    if reason.kind == "theme":
        return theme_label(reason.key)
    return (words or {}).get(reason.key, reason.label)


def reason_labels(reasons: list[clustering.Reason], words: dict[str, str] | None = None) -> list[str]:
    """The reasons' labels in order, a theme left out when a concept already says the same.

    Only what at least two signals share is a reason they belong together: a group of one signal has none.
    """
    labels, seen = [], set()
    for reason in reasons:
        if reason.count < 2:
            continue
        label = reason_label(reason, words)
        if label.casefold() not in seen:
            seen.add(label.casefold())
            labels.append(label)
    return labels


def shared_words(stems_by_cluster: dict[int, Iterable[str]]) -> dict[int, dict[str, str]]:
    """Per cluster: each of the given stems → the word its signals write most often with that stem.

    The signals' texts of all these clusters are read in one query; ties go to the alphabetically first word
    (the shorter of "rekening" and "rekeningen").
    """
    wanted = {cluster_id: set(stems) for cluster_id, stems in stems_by_cluster.items() if stems}
    if not wanted:
        return {}
    counts: dict[int, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    rows = db.session.execute(select(Signal.cluster_id, Signal.text).where(Signal.cluster_id.in_(list(wanted))))
    for cluster_id, text in rows:
        stems = wanted[cluster_id]
        for word in clustering.tokens(text):
            stem = clustering.stem(word)
            if stem in stems:
                counts[cluster_id][stem][word] += 1
    return {
        cluster_id: {
            stem: min(words.items(), key=lambda item: (-item[1], item[0]))[0] for stem, words in by_stem.items()
        }
        for cluster_id, by_stem in counts.items()
    }


# --------------------------------------------------------------------------- the board


@dataclass(frozen=True)
class Filters(ListFilters):
    """What the worker asked for; unknown values fall back to the defaults rather than being refused.

    ``slug`` is the team of the board (in the URL's path), so every page link names it too.
    """

    show: str = SHOW_OPEN
    theme: str = ""
    slug: str = ""

    @classmethod
    def from_args(cls, args, slug: str = "") -> Filters:
        show = cls.choice(args, "show", SHOWS, SHOW_OPEN)
        return cls.paged(args, show=show, theme=cls.choice(args, "theme", lexicon.THEMES), slug=slug)


def board_query(team: Team, filters: Filters) -> Select:
    """The team's clusters for the board: recurring first, then the most recent activity."""
    query = select(SignalCluster).where(SignalCluster.team_id == team.id, SignalCluster.signal_count > 0)
    if filters.show == SHOW_OPEN:
        query = query.where(SignalCluster.status.in_(LIVE))
    elif filters.show == SHOW_DISMISSED:
        query = query.where(SignalCluster.status == DISMISSED)
    else:
        query = query.where(SignalCluster.status != MERGED)
    if filters.theme:
        query = query.where(
            exists()
            .where(Signal.cluster_id == SignalCluster.id, Signal.theme == filters.theme)
            .correlate(SignalCluster)
        )
    return query.options(selectinload(SignalCluster.project), defer(SignalCluster.summary)).order_by(
        SignalCluster.recurring.desc(),
        SignalCluster.last_at.is_(None),
        SignalCluster.last_at.desc(),
        SignalCluster.id.desc(),
    )


def board_page(team: Team, filters: Filters):
    """One page of the board (a Flask-SQLAlchemy pagination)."""
    return db.paginate(board_query(team, filters), page=filters.page, per_page=PER_PAGE, error_out=False)


@dataclass(frozen=True)
class TeamCounts:
    open: int = 0
    recurring: int = 0


def team_counts(teams: list[Team]) -> dict[int, TeamCounts]:
    """Per team id: its open clusters (project ones included) and how many of them recur; one query."""
    live = SignalCluster.status.in_(LIVE) & (SignalCluster.signal_count > 0)
    query = (
        select(
            SignalCluster.team_id,
            func.sum(case((live, 1), else_=0)),
            func.sum(case((live & SignalCluster.recurring.is_(True), 1), else_=0)),
        )
        .where(SignalCluster.team_id.in_([team.id for team in teams]))
        .group_by(SignalCluster.team_id)
    )
    return {
        team_id: TeamCounts(int(open_ or 0), int(recurring or 0))
        for team_id, open_, recurring in db.session.execute(query)
    }


def explanations(team: Team, cluster_ids: list[int], now: datetime | None = None) -> dict[int, list[str]]:
    """Why each cluster's signals belong together, as labels in the reader's language; only these clusters.

    Read from the clusters' stored summaries (`services_summary`); a cluster whose summary is of an older version
    is worked out from its signals. Shared words are shown as the word the signals use, not its stem; a group of
    one signal has no reasons.
    """
    if not cluster_ids:
        return {}
    result = {}
    for cluster_id, stored in services_summary.stored_reasons(cluster_ids).items():
        result[cluster_id] = reason_labels(stored.reasons, stored.words) if stored.size >= 2 else []
    old = [cluster_id for cluster_id in cluster_ids if cluster_id not in result]
    if old:
        result |= _worked_out_explanations(team, old, now)
    return result


def _worked_out_explanations(team: Team, cluster_ids: list[int], now: datetime | None = None) -> dict[int, list[str]]:
    """`explanations` from the clusters' signals, for summaries of an older version (until the backfill)."""
    clusterer = services.clusterer_for(team, now or utcnow(), clusters=cluster_ids)
    reasons = {
        cluster_id: clusterer.explain(cluster_id) if clusterer.clusters[cluster_id].size >= 2 else []
        for cluster_id in cluster_ids
        if cluster_id in clusterer.clusters
    }
    words = shared_words(
        {cluster_id: [r.key for r in found if r.kind == "term"] for cluster_id, found in reasons.items()}
    )
    return {cluster_id: reason_labels(found, words.get(cluster_id)) for cluster_id, found in reasons.items()}


def cluster_reasons(cluster: SignalCluster, now: datetime | None = None) -> list[str]:
    """Why one cluster's signals belong together (`explanations`), for its own page."""
    return explanations(cluster.team, [cluster.id], now).get(cluster.id, [])


def representatives(cluster_ids: list[int]) -> dict[int, Signal]:
    """The representative signal of each cluster (`services.representatives`)."""
    return services.representatives(cluster_ids)


def teams_for(user) -> list[Team]:
    """The teams whose board a worker sees: their own, or every team for a coordinator."""
    if user.is_coordinator:
        return list(db.session.scalars(select(Team).order_by(Team.name)))
    return list(user.teams)


def team_themes(team: Team) -> list[str]:
    """The themes that occur in the team's signals, in the order of the report form."""
    used = set(db.session.scalars(select(Signal.theme).where(Signal.team_id == team.id).distinct()))
    return [theme for theme in lexicon.THEMES if theme in used]


# --------------------------------------------------------------------------- one cluster


SIGNALS_PER_PAGE = 25
EVENTS_PER_PAGE = 20


@dataclass(frozen=True)
class ClusterFilters(ListFilters):
    """Which page of a group's signals (``page``) and of its history (``history``) is shown."""

    history: int = 1

    @classmethod
    def from_args(cls, args) -> ClusterFilters:
        return cls.paged(args, history=page_number(args.get("history", 1)))

    def history_links(self) -> HistoryLinks:
        """What the history's pager builds its links with: the history's page changes, the signals' page stays."""
        return HistoryLinks(self)


@dataclass(frozen=True)
class HistoryLinks:
    filters: ClusterFilters

    def args(self, page: int = 1) -> dict:
        return self.filters.args(history=page)


def _signal_columns():
    reporter, recorder = aliased(User), aliased(User)
    query = (
        select(
            Signal.id,
            Signal.text,
            Signal.theme,
            Signal.place,
            Signal.created_at,
            Signal.source,
            Signal.source_name,
            Signal.reporter_id,
            Signal.contact_name,
            Signal.contact_email,
            Signal.contact_phone,
            reporter.name.label("reporter_name"),
            recorder.name.label("recorded_by_name"),
            Area.name.label("area_name"),
        )
        .outerjoin(reporter, reporter.id == Signal.reporter_id)
        .outerjoin(recorder, recorder.id == Signal.recorded_by_id)
        .outerjoin(Area, Area.id == Signal.area_id)
    )
    return query


def signals_page(cluster: SignalCluster, page: int = 1):
    """One page of the cluster's signals, oldest first, as rows with whatever the page shows about them
    (a Flask-SQLAlchemy pagination; its total is the stored count, so nothing is counted)."""
    query = _signal_columns().where(Signal.cluster_id == cluster.id).order_by(Signal.created_at, Signal.id)
    return _rows_page(query, page, SIGNALS_PER_PAGE, cluster.signal_count)


def signals_of(cluster: SignalCluster) -> list:
    """All of the cluster's signals, oldest first, as rows (`signals_page`)."""
    query = _signal_columns().where(Signal.cluster_id == cluster.id).order_by(Signal.created_at, Signal.id)
    return list(db.session.execute(query))


def page_of_signal(cluster: SignalCluster, signal_id: int) -> int:
    """The page of the cluster's signals on which ``signal_id`` is shown (1 when it is not in the cluster)."""
    signal = db.session.get(Signal, signal_id)
    if signal is None or signal.cluster_id != cluster.id:
        return 1
    before = db.session.scalar(
        select(func.count()).where(
            Signal.cluster_id == cluster.id,
            or_(
                Signal.created_at < signal.created_at,
                and_(Signal.created_at == signal.created_at, Signal.id < signal.id),
            ),
        )
    )
    return before // SIGNALS_PER_PAGE + 1


def history_page(cluster: SignalCluster, page: int = 1):
    """One page of the cluster's events, newest first, with their actors and projects (a pagination)."""
    query = (
        select(ClusterEvent)
        .where(ClusterEvent.cluster_id == cluster.id)
        .options(selectinload(ClusterEvent.actor), selectinload(ClusterEvent.project))
        .order_by(ClusterEvent.at.desc(), ClusterEvent.id.desc())
    )
    return db.paginate(query, page=page, per_page=EVENTS_PER_PAGE, error_out=False)


def history(cluster: SignalCluster) -> list[ClusterEvent]:
    """The cluster's events, newest first, with their actors and projects."""
    return list(
        db.session.scalars(
            select(ClusterEvent)
            .where(ClusterEvent.cluster_id == cluster.id)
            .options(selectinload(ClusterEvent.actor), selectinload(ClusterEvent.project))
            .order_by(ClusterEvent.at.desc(), ClusterEvent.id.desc())
        )
    )


def event_signals(events: list[ClusterEvent]) -> dict[int, object]:
    """The texts of the signals the events name, as rows with ``id`` and ``text`` by id (one query): a
    moved-out signal is no longer in the cluster."""
    ids = {event.signal_id for event in events if event.signal_id}
    if not ids:
        return {}
    return {row.id: row for row in db.session.execute(select(Signal.id, Signal.text).where(Signal.id.in_(ids)))}


def projects_by_id(events: list[ClusterEvent]) -> dict[int, object]:
    """The projects the events name, by id (loaded with the `history`)."""
    return {event.project_id: event.project for event in events if event.project is not None}


class _RowsPage(Pagination):
    """A page of rows whose total is known (a cluster's stored count), for the `pager` macro."""

    def _query_items(self) -> list:
        query = self._query_args["query"]
        return list(db.session.execute(query.limit(self.per_page).offset(self._query_offset)))

    def _query_count(self) -> int:
        return self._query_args["total"]


def _rows_page(query: Select, page: int, per_page: int, total: int) -> Pagination:
    return _RowsPage(page=page, per_page=per_page, error_out=False, count=True, query=query, total=total)


# Functions that give what a group may be taken up in (projects: the team's projects that have not finished),
# registered by the features above signals from their init_app.
TAKE_UP_CHOICES: list[Callable[[SignalCluster], list]] = []


def register_take_up_choices(choices: Callable[[SignalCluster], list]) -> None:
    """Offer ``choices(cluster)`` on a group's page (registering the same function again changes nothing)."""
    if choices not in TAKE_UP_CHOICES:
        TAKE_UP_CHOICES.append(choices)


def take_up_choices(cluster: SignalCluster) -> list:
    """What the group may be taken up in, from every registered feature."""
    return [choice for choices in TAKE_UP_CHOICES for choice in choices(cluster)]


@dataclass(frozen=True)
class MergeChoice:
    cluster: object  # a row: id, signal_count
    text: str  # the representative text
    similar: bool  # ranked by the clusterer (resembles this cluster), not only listed


def merge_choices(
    cluster: SignalCluster, representative: Signal | None, now: datetime | None = None
) -> list[MergeChoice]:
    """The team's other live clusters, the most similar to this one's representative signal first.

    Ranked on the stored summaries of the clusters that share a feature with it (`services.clusterer_for`: no signal
    is read), around the time of the representative signal; then the most recently active others. The
    representatives' texts are read for the choices shown only (their ids are stored in the summaries).
    """
    now = now or utcnow()
    ranked: list[int] = []
    if representative is not None:
        point = services._as_point(representative, cluster.team.slug)
        # Only the clusters sharing a feature with it that can be among the most alike are restored (one more: this
        # cluster itself is among them).
        around = representative.created_at or now
        clusterer = services.clusterer_for(cluster.team, around, near=point, limit=MAX_MERGE_CHOICES + 1)
        ranked = [
            candidate.cluster_id
            for candidate in clusterer.candidates(point)
            if candidate.score > 0 and candidate.cluster_id != cluster.id
        ][:MAX_MERGE_CHOICES]
    others = select(SignalCluster.id, SignalCluster.signal_count).where(
        SignalCluster.team_id == cluster.team_id,
        SignalCluster.status.in_(LIVE),
        SignalCluster.id != cluster.id,
        SignalCluster.signal_count > 0,
    )
    recent = list(
        db.session.execute(
            others.order_by(SignalCluster.last_at.desc(), SignalCluster.id.desc()).limit(MAX_MERGE_CHOICES)
        )
    )
    by_id = {other.id: other for other in recent}
    missing = [cluster_id for cluster_id in ranked if cluster_id not in by_id]
    if missing:
        by_id.update({other.id: other for other in db.session.execute(others.where(SignalCluster.id.in_(missing)))})
    ranked = [cluster_id for cluster_id in ranked if cluster_id in by_id]
    similar = set(ranked)
    order = (ranked + [other.id for other in recent if other.id not in similar])[:MAX_MERGE_CHOICES]
    texts = services.representative_texts(order)
    return [MergeChoice(by_id[cluster_id], texts.get(cluster_id, ""), cluster_id in similar) for cluster_id in order]
