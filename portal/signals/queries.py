"""What the community workers' cluster board reads: a team's clusters paged in SQL on the stored counts,
the counts per team, and the words for a page (reasons in the reader's language, representative texts).

The board sorts and pages on the columns `portal.signals.services.refresh` keeps on each cluster; only the
clusters of the page shown are explained, from their stored summaries (`services_summary`; worked out from their
signals while a summary is of an older version). A group's page reads its lists as rows, each in one statement
built once. What a group can be taken up in (a project) comes from the features above signals, through
`register_take_up_choices`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask_babel import get_locale
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Integer, Select, and_, bindparam, case, exists, func, or_, select, union_all
from sqlalchemy.orm import aliased, defer, joinedload, selectinload

from portal import cache as shared_cache
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


def board_query(team: Team, filters: Filters, *columns) -> Select:
    """The team's clusters for the board (``columns`` of them, else the clusters): recurring first, then the most
    recent activity."""
    query = select(*(columns or (SignalCluster,))).where(
        SignalCluster.team_id == team.id, SignalCluster.signal_count > 0
    )
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
    return query.order_by(*_board_order())


def _board_order() -> tuple:
    return (
        SignalCluster.recurring.desc(),
        SignalCluster.last_at.is_(None),
        SignalCluster.last_at.desc(),
        SignalCluster.id.desc(),
    )


def board_page(team: Team, filters: Filters) -> Pagination:
    """One page of the board (a Flask-SQLAlchemy pagination of clusters, each with its summary and project).

    The page's clusters are chosen and counted first (the count of all of them in every row), then only those are
    read whole."""
    chosen = board_query(team, filters, SignalCluster.id, func.count().over().label("total"))
    return _CountedPage(
        page=filters.page,
        per_page=PER_PAGE,
        error_out=False,
        chosen=chosen,
        counted_by=lambda: select(func.count()).select_from(board_query(team, filters, SignalCluster.id).subquery()),
    )


class _CountedPage(Pagination):
    """A page of the board: ``chosen`` (rows of cluster ids, each with the count of them all) is paged, and those
    clusters are loaded in its order; a page beyond the last is counted with the statement ``counted_by()`` builds
    (built only then)."""

    def _query_items(self) -> list:
        page = self._query_args["chosen"].limit(self.per_page).offset(self._query_offset).subquery()
        query = select(SignalCluster, page.c.total).join(page, page.c.id == SignalCluster.id)
        rows = db.session.execute(query.options(selectinload(SignalCluster.project)).order_by(*_board_order())).all()
        self._total = rows[0].total if rows else None
        return [row[0] for row in rows]

    def _query_count(self) -> int:
        if self._total is not None:
            return self._total
        return 0 if self.page == 1 else db.session.scalar(self._query_args["counted_by"]())


@dataclass(frozen=True)
class BoardWords:
    """What the board shows of its clusters' summaries: why each one's signals belong together and its
    representative signal's text, by cluster id."""

    reasons: dict[int, list[str]]
    texts: dict[int, str]


def board_words(team: Team, clusters: list[SignalCluster]) -> BoardWords:
    """`explanations` and the representatives' texts of the board's clusters, read from the summaries loaded with
    them (`board_page`: PostgreSQL would parse a summary's JSON again for each key read from it); one query, for
    the texts. A cluster whose summary is of an older version is worked out from its signals."""
    reasons, chosen, old = {}, {}, []
    for cluster in clusters:
        summary = cluster.summary
        if not services_summary.is_current(summary):
            old.append(cluster.id)
            continue
        stored = services_summary.reasons_of(summary)
        reasons[cluster.id] = reason_labels(stored.reasons, stored.words) if stored.size >= 2 else []
        if summary.get("representative") is not None:
            chosen[cluster.id] = summary["representative"]
    if old:
        reasons |= explanations(team, old)
        chosen |= services.representative_ids(old)
    texts = {}
    if chosen:
        rows = db.session.execute(
            select(Signal.id, Signal.cluster_id, Signal.text).where(Signal.id.in_(list(chosen.values())))
        )
        found = {row.id: row for row in rows}
        texts = {
            cluster_id: found[signal_id].text
            for cluster_id, signal_id in chosen.items()
            if signal_id in found and found[signal_id].cluster_id == cluster_id
        }
    return BoardWords(reasons, texts)


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


@dataclass(frozen=True)
class PageSummary:
    """What a group's page shows of its summary: the representative signal and why its signals belong together."""

    representative: Signal | None
    reasons: list[str]


def _page_parts(representative) -> tuple:
    """What a group's page reads of a cluster's summary, and its representative signal (``representative``, an alias
    of signals, joined)."""
    return (*services_summary.part_columns(("version", "size", "reasons", "words")), representative)


def _join_representative(query: Select, representative) -> Select:
    return query.outerjoin(
        representative, services_summary.is_representative(representative.id, representative.cluster_id)
    )


@cache
def _page_summary_statement() -> Select:
    """A cluster's stored reasons and representative signal (parameter: cluster_id)."""
    representative = aliased(Signal)
    query = select(*_page_parts(representative)).where(SignalCluster.id == bindparam("cluster_id"))
    return _join_representative(query, representative)


@cache
def _cluster_statement() -> Select:
    """A cluster with its team, its stored reasons and its representative signal (parameter: cluster_id); of the
    summary only those parts are read."""
    representative = aliased(Signal)
    query = select(SignalCluster, *_page_parts(representative)).where(SignalCluster.id == bindparam("cluster_id"))
    query = query.options(joinedload(SignalCluster.team), defer(SignalCluster.summary))
    return _join_representative(query, representative)


def _page_summary_of(cluster: SignalCluster, row) -> PageSummary:
    """The `PageSummary` of a row of `_page_parts`; worked out as before for an older summary."""
    if row is None or row.version != services_summary.VERSION:
        return PageSummary(services.representative(cluster), cluster_reasons(cluster))
    stored = services_summary.reasons_of(row._mapping)
    return PageSummary(row[-1], reason_labels(stored.reasons, stored.words) if stored.size >= 2 else [])


def page_summary(cluster: SignalCluster) -> PageSummary:
    """The cluster's representative signal and reasons (`representatives`, `cluster_reasons`) in one query: the
    stored summary's parts with the representative signal joined."""
    return _page_summary_of(cluster, db.session.execute(_page_summary_statement(), {"cluster_id": cluster.id}).first())


def cluster_for_page(cluster_id: int) -> tuple[SignalCluster, PageSummary] | None:
    """The cluster with its team and its `page_summary`, in one query (None: there is no such cluster)."""
    row = db.session.execute(_cluster_statement(), {"cluster_id": cluster_id}).first()
    return None if row is None else (row[0], _page_summary_of(row[0], row))


def representatives(cluster_ids: list[int]) -> dict[int, Signal]:
    """The representative signal of each cluster (`services.representatives`)."""
    return services.representatives(cluster_ids)


def teams_for(user) -> list[Team]:
    """The teams whose board a worker sees: their own, or every team for a coordinator."""
    if user.is_coordinator:
        return list(db.session.scalars(select(Team).order_by(Team.name)))
    return list(user.teams)


def team_themes(team: Team) -> list[str]:
    """The themes that occur in the team's signals, in the order of the report form; kept in the shared cache until
    a signal changes, where reading it is quicker than the query (which reads all the team's signals)."""

    def build() -> list[str]:
        used = set(db.session.scalars(select(Signal.theme).where(Signal.team_id == team.id).distinct()))
        return [theme for theme in lexicon.THEMES if theme in used]

    if shared_cache.quicker_than_a_query():
        return shared_cache.cached(f"signals.team_themes:{team.id}", (Signal.__tablename__,), build)
    return build()


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


# The statements of a group's page are built once, with their parameters bound when they run: building one (columns,
# aliases, subqueries) costs the page more than running it.


def _limit():
    return bindparam("limit", type_=Integer)


def _signal_columns(signals=Signal) -> Select:
    """``signals`` (an alias of the signal table) as rows with what a group's page shows of each signal."""
    reporter, recorder = aliased(User), aliased(User)
    query = (
        select(
            signals.id,
            signals.text,
            signals.theme,
            signals.place,
            signals.created_at,
            signals.source,
            signals.source_name,
            signals.reporter_id,
            signals.contact_name,
            signals.contact_email,
            signals.contact_phone,
            reporter.name.label("reporter_name"),
            recorder.name.label("recorded_by_name"),
            Area.name.label("area_name"),
        )
        .outerjoin(reporter, reporter.id == signals.reporter_id)
        .outerjoin(recorder, recorder.id == signals.recorded_by_id)
        .outerjoin(Area, Area.id == signals.area_id)
    )
    return query


def _oldest_first(query: Select, signals=Signal) -> Select:
    return query.where(signals.cluster_id == bindparam("cluster_id")).order_by(signals.created_at, signals.id)


@cache
def _signals_statement() -> Select:
    """A page of a cluster's signals, oldest first (parameters: cluster_id, limit, offset).

    The cluster's signals are numbered first (by their cluster's index) and only the page's are joined: ordered and
    limited in one step, PostgreSQL walks the index on the time of all the city's signals instead, until it has met
    enough of this cluster's (slow for a large cluster, the slower the more recent its signals).
    """
    number = func.row_number().over(order_by=(Signal.created_at, Signal.id)).label("number")
    numbered = select(Signal.id, number).where(Signal.cluster_id == bindparam("cluster_id")).subquery()
    offset = bindparam("offset", type_=Integer)
    page = select(numbered).where(numbered.c.number > offset, numbered.c.number <= offset + _limit())
    page = page.subquery()
    signals = aliased(Signal)
    query = _signal_columns(signals).join(page, page.c.id == signals.id)
    return query.order_by(page.c.number)


def signals_page(cluster: SignalCluster, page: int = 1) -> Pagination:
    """One page of the cluster's signals, oldest first, as rows with whatever the page shows about them
    (a Flask-SQLAlchemy pagination; its total is the stored count, so nothing is counted)."""
    return _StatementPage(
        page=page,
        per_page=SIGNALS_PER_PAGE,
        error_out=False,
        statement=_signals_statement(),
        values={"cluster_id": cluster.id},
        total=cluster.signal_count,
    )


def signals_of(cluster: SignalCluster) -> list:
    """All of the cluster's signals, oldest first, as rows (`signals_page`)."""
    return list(db.session.execute(_oldest_first(_signal_columns()), {"cluster_id": cluster.id}))


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


def _with_what_events_name(events) -> Select:
    """``events`` (a selectable of a cluster's events) as rows with what the history shows of each: who acted
    (``actor_name``), the text of the signal it names (``signal_text``) and its project's title (``project_title``);
    newest first."""
    actor = aliased(User)
    project = ClusterEvent.project.property.entity.class_  # the projects feature's, through the relationship
    return (
        select(
            events,
            actor.name.label("actor_name"),
            Signal.text.label("signal_text"),
            project.title.label("project_title"),
        )
        .outerjoin(actor, actor.id == events.c.actor_id)
        .outerjoin(Signal, Signal.id == events.c.signal_id)
        .outerjoin(project, project.id == events.c.project_id)
        .order_by(events.c.at.desc(), events.c.id.desc())
    )


def _events_newest_first(*columns) -> Select:
    """A cluster's events, newest first (parameter: cluster_id)."""
    events = (ClusterEvent.id, ClusterEvent.action, ClusterEvent.signal_id, ClusterEvent.other_cluster_id)
    events += (ClusterEvent.project_id, ClusterEvent.actor_id, ClusterEvent.detail, ClusterEvent.at)
    query = select(*events, *columns).where(ClusterEvent.cluster_id == bindparam("cluster_id"))
    return query.order_by(ClusterEvent.at.desc(), ClusterEvent.id.desc())


@cache
def _history_statement() -> Select:
    """A page of a cluster's history (parameters: cluster_id, limit, offset): the page's events are chosen, each with
    the count of all of them (``total``), before who and what they name are joined to those few."""
    chosen = _events_newest_first(func.count().over().label("total"))
    chosen = chosen.limit(_limit()).offset(bindparam("offset", type_=Integer))
    return _with_what_events_name(chosen.subquery())


@cache
def _events_counted() -> Select:
    return select(func.count()).where(ClusterEvent.cluster_id == bindparam("cluster_id"))


@cache
def _all_events_statement() -> Select:
    return _with_what_events_name(_events_newest_first().subquery())


def history_page(cluster: SignalCluster, page: int = 1) -> Pagination:
    """One page of the cluster's events as rows (`history`), newest first, counted in the same query."""
    return _StatementPage(
        page=page,
        per_page=EVENTS_PER_PAGE,
        error_out=False,
        statement=_history_statement(),
        values={"cluster_id": cluster.id},
        total=None,
        counted_by=_events_counted(),
    )


def history(cluster: SignalCluster) -> list:
    """All the cluster's events as rows, newest first, with who acted (``actor_name``), the text of the signal an event
    names (``signal_text``) and the title of its project (``project_title``)."""
    return list(db.session.execute(_all_events_statement(), {"cluster_id": cluster.id}))


class _StatementPage(Pagination):
    """A page of rows of a statement built once (``statement`` with the parameters ``values``, ``limit`` and
    ``offset``), for the `pager` macro. Its ``total`` is given when it is stored (a cluster's count of signals); when
    it is None the rows carry it (a window count in their ``total`` column), and a page beyond the last is counted
    with ``counted_by``."""

    def _query_items(self) -> list:
        values = self._query_args["values"] | {"limit": self.per_page, "offset": self._query_offset}
        return db.session.execute(self._query_args["statement"], values).all()

    def _query_count(self) -> int:
        if self._query_args["total"] is not None:
            return self._query_args["total"]
        if self.items:
            return self.items[0].total
        if self.page == 1:
            return 0
        # A page beyond the last: counted apart.
        return db.session.scalar(self._query_args["counted_by"], self._query_args["values"])


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
    cluster: object  # id, signal_count
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
    similar = set(ranked)  # all live (the clusterer ranks only live clusters with signals)
    recent = []
    if len(ranked) < MAX_MERGE_CHOICES:  # the most recently active others fill up the list
        values = {"team_id": cluster.team_id, "cluster_id": cluster.id}
        recent = list(db.session.scalars(_most_recent_statement(), values))
    order = (ranked + [cluster_id for cluster_id in recent if cluster_id not in similar])[:MAX_MERGE_CHOICES]
    found = _with_representative_texts(order)
    return [
        MergeChoice(found[cluster_id], found[cluster_id].text, cluster_id in similar)
        for cluster_id in order
        if cluster_id in found
    ]


@cache
def _most_recent_statement() -> Select:
    """The ids of the team's (parameter: team_id) most recently active live clusters other than this one
    (cluster_id): those of each live status apart, each read backwards along the index on (team, status, last_at)
    (of all live ones at once, PostgreSQL reads and sorts every live cluster of the team)."""
    recent = (SignalCluster.last_at.desc(), SignalCluster.id.desc())
    latest = []
    for status in LIVE:
        query = select(SignalCluster.id, SignalCluster.last_at).where(
            SignalCluster.team_id == bindparam("team_id"),
            SignalCluster.status == status,
            SignalCluster.id != bindparam("cluster_id"),
            SignalCluster.signal_count > 0,
        )
        latest.append(select(query.order_by(*recent).limit(MAX_MERGE_CHOICES).subquery()))
    latest = union_all(*latest).subquery()
    return select(latest.c.id).order_by(latest.c.last_at.desc(), latest.c.id.desc()).limit(MAX_MERGE_CHOICES)


@cache
def _choices_statement() -> Select:
    """The clusters (parameter: ids) with their counts, summary versions and the texts of their stored
    representatives."""
    return (
        select(SignalCluster.id, SignalCluster.signal_count, *services_summary.part_columns(("version",)), Signal.text)
        .outerjoin(Signal, services_summary.is_representative(Signal.id, Signal.cluster_id))
        .where(SignalCluster.id.in_(bindparam("ids", expanding=True)))
    )


@dataclass(frozen=True)
class _Choice:
    id: int
    signal_count: int
    text: str  # its representative's


def _with_representative_texts(cluster_ids: list[int]) -> dict[int, _Choice]:
    """The clusters with their counts and the texts of their representatives (`services.representative_texts`), in
    one query: the stored representatives joined (only these clusters' summaries are read: PostgreSQL parses a
    summary's JSON again for each key read from it)."""
    if not cluster_ids:
        return {}
    rows = db.session.execute(_choices_statement(), {"ids": cluster_ids}).all()
    old = [row.id for row in rows if row.version != services_summary.VERSION]
    # Summaries of an older version: their representatives are worked out from their signals.
    worked_out = services.representative_texts(old) if old else {}
    return {
        row.id: _Choice(row.id, row.signal_count, worked_out.get(row.id, "") if row.id in old else row.text or "")
        for row in rows
    }
