"""Signals in the database: reporting, and placing each signal into its cluster at once.

The clustering itself is the pure `portal.signals.clustering`; this module restores a team's open clusters
from the stored features, places the new signal, and keeps the stored counts and history up to date. The
workers' changes to clusters are in `services_board`, what reporters read and are told in
`services_reporters`. A signal that joins a cluster sends `events.signal_joined_cluster` (projects invite
its reporter when a running project took the cluster up). Functions flush; the caller commits.

Concurrency: everything that changes a team's clusters (placing a signal here, the workers' changes in
`services_board`) first takes the team's lock with `lock_team` and then reads what it changes afresh, so
two reports sent at the same moment are placed one after the other, and a cluster's stored counts and
summary always match its signals (`services_verify` checks that: `flask signals verify`).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, false, func, or_, select, update

from portal import events
from portal.audit import record
from portal.errors import DomainError
from portal.extensions import db
from portal.signals import clustering, lexicon, services_features, services_summary
from portal.signals.models import (
    FINISHED_PROJECT,
    LIVE,
    OPEN,
    PARTNER_SOURCES,
    RESIDENT,
    ClusterEvent,
    Signal,
    SignalCluster,
    reporter_key,
)
from portal.signals.services_recurring import note_recurring
from portal.teams.models import Area, Team
from portal.timeutil import utcnow

MIN_TEXT, MAX_TEXT = 10, 2000
SUGGESTION_SCORE = 0.2  # "is this it?" shows open clusters at least this alike (placing needs THRESHOLD)

# ClusterEvent actions
CREATED, ADDED, JOINED, MERGED_IN, MERGED_AWAY, MOVED_OUT, MOVED_IN = (
    "created",
    "added",
    "joined",  # the reporter chose this cluster ("is this it?")
    "merged_in",
    "merged_away",
    "moved_out",
    "moved_in",
)
DISMISSED_EVENT, REOPENED, TAKEN_UP, RELEASED = "dismissed", "reopened", "taken_up", "released"


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Rules:
    window_days: int
    min_signals: int
    min_reporters: int

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.window_days)


def rules() -> Rules:
    config = current_app.config
    return Rules(config["SIGNAL_WINDOW_DAYS"], config["SIGNAL_MIN_SIGNALS"], config["SIGNAL_MIN_REPORTERS"])


# --------------------------------------------------------------------------- reporting


@dataclass
class SignalInput:
    text: str
    area: Area | None  # a neighbourhood (from a postcode or picked)
    theme: str | None = None  # None: "I don't know"
    place: str | None = None
    contact_name: str | None = None  # only for a report without an account
    contact_email: str | None = None
    contact_phone: str | None = None
    source: str = RESIDENT
    source_name: str | None = None  # the partner organisation's name
    join_cluster_id: int | None = None  # the reporter said "this is it" to a suggested cluster
    created_at: datetime | None = None  # for imported signals: when the partner noted it
    external_id: str | None = None
    locale: str = "nl"


_PHONE = re.compile(r"^\+?[0-9 ()-]{8,20}$")


def _clean(value: str | None, limit: int) -> str | None:
    value = (value or "").strip()
    return value[:limit] if value else None


def check_text(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) < MIN_TEXT:
        raise DomainError(_("Describe what you notice in a few words (at least 10 characters)."), "text")
    if len(text) > MAX_TEXT:
        raise DomainError(_("Use at most %(max)d characters.", max=MAX_TEXT), "text")
    return text


def _check_theme(theme: str | None) -> str | None:
    if not theme:
        return None
    if theme not in lexicon.THEMES:
        raise DomainError(_('Choose a theme from the list, or "I don\'t know".'), "theme")
    return theme


def _check_area(area: Area | None) -> Team:
    if area is None:
        raise DomainError(_("Choose the neighbourhood it is about, or give a postcode."), "area")
    if area.team is None:
        raise DomainError(_("No WIJ-team works in this neighbourhood yet; choose another."), "area")
    return area.team


def _check_contact(data: SignalInput) -> tuple[str | None, str | None, str | None]:
    name, email, phone = _clean(data.contact_name, 100), _clean(data.contact_email, 254), _clean(data.contact_phone, 30)
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            raise DomainError(
                _("Give a valid e-mail address, for example naam@voorbeeld.nl."), "contact_email"
            ) from None
    if phone and not _PHONE.match(phone):
        raise DomainError(_("Give a phone number with digits only, for example 06 12345678."), "contact_phone")
    return name, email, phone


def report(reporter, data: SignalInput, recorded_by=None, now: datetime | None = None) -> Signal:
    """Store a signal and place it, at once, into its cluster. ``reporter`` is the account or None.

    A worker recording a signal for a partner passes ``recorded_by`` and a partner ``data.source``.
    """
    now = now or utcnow()
    text = check_text(data.text)
    theme = _check_theme(data.theme)
    team = _check_area(data.area)
    source = data.source or RESIDENT
    if source not in (RESIDENT, *PARTNER_SOURCES):
        raise DomainError(_("Choose where the signal comes from."), "source")
    if source != RESIDENT and (recorded_by is None or not recorded_by.is_worker) and data.external_id is None:
        raise DomainError(_("Only workers record signals for partners."), "source")
    name, email, phone = (None, None, None) if reporter is not None else _check_contact(data)
    signal = Signal(
        text=text,
        theme=theme,
        team_id=team.id,
        area_id=data.area.id,
        place=_clean(data.place, 200),
        reporter_id=reporter.id if reporter is not None else None,
        contact_name=name,
        contact_email=email,
        contact_phone=phone,
        source=source,
        source_name=_clean(data.source_name, 120) if source != RESIDENT else None,
        recorded_by_id=recorded_by.id if recorded_by is not None else None,
        external_id=data.external_id,
        follow_token=secrets.token_urlsafe(24),
        features=sorted(clustering.features(text, theme)),
        created_at=data.created_at or now,
        locale=data.locale if data.locale in ("nl", "en") else "nl",
    )
    db.session.add(signal)
    db.session.flush()
    place(signal, team, data.join_cluster_id, now)
    if recorded_by is not None and source != RESIDENT:
        record(recorded_by, "signals.record_for_partner", f"signal:{signal.id}", source)
    return signal


# --------------------------------------------------------------------------- locking

# The key space of PostgreSQL's advisory locks taken here ("Sg"), so they never meet another feature's.
TEAM_LOCK = 0x5367


def lock_team(team_id: int) -> None:
    """Hold the team's clustering lock until the transaction ends: its signals are placed one at a time.

    On PostgreSQL a transaction-level advisory lock on the team; on SQLite, which has one writer at a time,
    the database's write lock, taken by a write that changes no row (as BEGIN IMMEDIATE would). Whoever
    waited reads the clusters afterwards and sees what the previous holder committed. Take it before any
    cluster is read, and before any cluster's row is locked (`locked_clusters`): always in that order.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(TEAM_LOCK, team_id)))
    else:
        quiet = update(Team).where(Team.id == team_id, false()).values(id=Team.id)
        db.session.execute(quiet, execution_options={"synchronize_session": False})


def locked_clusters(*cluster_ids: int) -> dict[int, SignalCluster]:
    """The clusters read afresh (what an earlier read left in the session is overwritten), their rows locked
    lowest id first (FOR NO KEY UPDATE on PostgreSQL; SQLite has one writer at a time); id → cluster."""
    query = (
        select(SignalCluster)
        .where(SignalCluster.id.in_(sorted(set(cluster_ids))))
        .order_by(SignalCluster.id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    return {cluster.id: cluster for cluster in db.session.scalars(query)}


# --------------------------------------------------------------------------- clustering in the database


def _as_point(signal: Signal, team_slug: str) -> clustering.Signal:
    return clustering.Signal(
        id=signal.id,
        text=signal.text,
        team=team_slug,
        created=signal.created_at,
        reporter=signal.reporter_key,
        theme=signal.theme,
        features=frozenset(signal.features or ()),
    )


def _new_clusterer() -> clustering.Clusterer:
    settings = rules()
    return clustering.Clusterer(
        window_days=settings.window_days, min_signals=settings.min_signals, min_reporters=settings.min_reporters
    )


def _restore_signals(clusterer: clustering.Clusterer, team_slug: str, cluster_ids: list[int]) -> None:
    """Put the stored signals of the clusters back, one by one (only the columns clustering needs)."""
    columns = (Signal.id, Signal.cluster_id, Signal.created_at, Signal.theme, Signal.features, Signal.reporter_id)
    columns += (Signal.source, Signal.source_name, Signal.reporter_ref)
    query = select(*columns).where(Signal.cluster_id.in_(cluster_ids)).order_by(Signal.created_at, Signal.id)
    for row in db.session.execute(query):
        point = clustering.Signal(
            id=row.id,
            text="",
            team=team_slug,
            created=row.created_at,
            reporter=reporter_key(row.id, row.reporter_id, row.source, row.source_name, row.reporter_ref),
            theme=row.theme,
            features=frozenset(row.features or ()),
        )
        clusterer.restore(point, row.cluster_id)


# The most recently active live clusters of a team a signal is compared with: far more than a team has within the
# window (a city's busiest team has about 400), so it bounds the work without changing where signals go.
MAX_LIVE_CLUSTERS = 1500
_RANKING = ("size", "norm2", "centroid", "matters")  # what ranking needs of a stored summary


def _reach(team: Team, around: datetime) -> tuple:
    """The team's live clusters a signal of ``around`` may join: active within the window around it."""
    window = rules().window
    return (
        SignalCluster.team_id == team.id,
        SignalCluster.status.in_(LIVE),
        SignalCluster.signal_count > 0,
        SignalCluster.last_at >= around - window,
        SignalCluster.first_at <= around + window,  # later ones are out of reach too
        # A finished project's signals stay with it; the matter noticed again starts a new cluster.
        ~SignalCluster.project.has(status=FINISHED_PROJECT),
    )


def _most_recent(reach: tuple) -> tuple:
    """``reach`` narrowed to its `MAX_LIVE_CLUSTERS` most recently active clusters."""
    edge = db.session.execute(
        select(SignalCluster.last_at, SignalCluster.id)
        .where(*reach)
        .order_by(SignalCluster.last_at.desc(), SignalCluster.id.desc())
        .offset(MAX_LIVE_CLUSTERS - 1)
        .limit(1)
    ).first()
    if edge is None:
        return reach
    later = or_(
        SignalCluster.last_at > edge.last_at, and_(SignalCluster.last_at == edge.last_at, SignalCluster.id >= edge.id)
    )
    return (*reach, later)


def clusterer_for(
    team: Team,
    around: datetime,
    clusters: Iterable[int] | None = None,
    near: clustering.Signal | None = None,
    least: float = 0.0,
    limit: int | None = None,
) -> clustering.Clusterer:
    """A Clusterer holding the team's live clusters active within the window around ``around``, to rank them.

    Those come back from their stored summaries (fast: no signal is read, and of each summary only what ranking
    needs is restored); at most the `MAX_LIVE_CLUSTERS` most recently active. With ``clusters``, exactly those clusters
    (whatever their status or age) are rebuilt from their signals.

    With ``near`` (a signal of ``around``), the Clusterer only ranks that signal: it holds the clusters that can be
    among its ``limit`` most alike scoring at least ``least`` (`services_features`), each with only the features it
    shares with the signal, read from the rows of its centroid (no summary is read). Its candidates for the signal
    are exactly those of a Clusterer holding every live cluster.
    """
    clusterer = _new_clusterer()
    if clusters is not None:
        _restore_signals(clusterer, team.slug, list(clusters))
        return clusterer
    columns = (SignalCluster.id, SignalCluster.first_at, SignalCluster.last_at, SignalCluster.summary)
    if near is None:
        query = (
            select(*columns)
            .where(*_reach(team, around))
            .order_by(SignalCluster.last_at.desc(), SignalCluster.id.desc())
            .limit(MAX_LIVE_CLUSTERS)
        )
        _restore_summaries(clusterer, team.slug, db.session.execute(query))
        return clusterer
    reach = _most_recent(_reach(team, around))
    vector = clustering.unit_vector(near.feature_set())
    shared, norms = services_features.shared(team.id, vector, reach)
    wanted = services_features.within_reach(services_features.bounds(vector, shared, norms), least, limit)
    ranking = (SignalCluster.id, SignalCluster.first_at, SignalCluster.last_at, SignalCluster.signal_count)
    ranking += (SignalCluster.norm2, SignalCluster.matters)
    # Clusters whose centroid is not stored as rows (no summary yet) are always ranked.
    query = select(*ranking).where(or_(SignalCluster.id.in_(wanted), and_(SignalCluster.norm2.is_(None), *reach)))
    old = []
    for row in db.session.execute(query):
        if row.norm2 is None or row.matters is None:
            old.append(row.id)
            continue
        summary = {"size": row.signal_count, "norm2": row.norm2, "centroid": shared[row.id], "matters": row.matters}
        clusterer.restore_summary(row.id, team.slug, row.first_at, row.last_at, summary)
    if old:
        _restore_summaries(clusterer, team.slug, db.session.execute(select(*columns).where(SignalCluster.id.in_(old))))
    return clusterer


def _restore_summaries(clusterer: clustering.Clusterer, team_slug: str, rows: Iterable) -> None:
    """Put clusters back from their stored summaries (rows of id, first_at, last_at, summary); from their signals
    when they have none."""
    without_summary = []
    for row in rows:
        if not row.summary:
            without_summary.append(row.id)
            continue
        # What ranking needs: the feature counts are left out when the summary names its matters.
        summary = {key: row.summary[key] for key in _RANKING} if "matters" in row.summary else row.summary
        clusterer.restore_summary(row.id, team_slug, row.first_at, row.last_at, summary)
    if without_summary:
        _restore_signals(clusterer, team_slug, without_summary)


def candidates(team: Team, text: str, theme: str | None, now: datetime | None = None, limit: int = 3):
    """The live clusters of the team a text resembles, most alike first: [(SignalCluster, score)]."""
    now = now or utcnow()
    if len((text or "").strip()) < MIN_TEXT:
        return []
    point = clustering.Signal(id=0, text=text, team=team.slug, created=now, theme=theme if theme else None)
    clusterer = clusterer_for(team, now, near=point, least=SUGGESTION_SCORE, limit=limit)
    found = [c for c in clusterer.candidates(point) if c.score >= SUGGESTION_SCORE][:limit]
    stored = {
        c.id: c
        for c in db.session.scalars(select(SignalCluster).where(SignalCluster.id.in_([c.cluster_id for c in found])))
    }
    return [(stored[c.cluster_id], c.score) for c in found if c.cluster_id in stored]


def accepts_signals(cluster: SignalCluster) -> bool:
    """Open, or taken up in a project that has not finished."""
    if cluster.status not in LIVE:
        return False
    return cluster.project is None or cluster.project.status != FINISHED_PROJECT


def place(signal: Signal, team: Team, chosen: int | None = None, now: datetime | None = None) -> SignalCluster:
    """Put a stored signal into the cluster the reporter chose, the most alike live cluster, or a new one.

    Under the team's lock (`lock_team`): signals of one team are placed one at a time, each seeing the
    clusters as the previous one left them.
    """
    now = now or utcnow()
    lock_team(team.id)
    cluster = None
    action = ADDED
    if chosen is not None:
        cluster = locked_clusters(chosen).get(chosen)
        if cluster is None or cluster.team_id != team.id or not accepts_signals(cluster):
            cluster = None
        else:
            action = JOINED
    if cluster is None:
        point = _as_point(signal, team.slug)
        clusterer = clusterer_for(team, signal.created_at, near=point, least=clustering.THRESHOLD, limit=1)
        best = clusterer.candidates(point, limit=1)
        if best and best[0].score >= clusterer.threshold:
            cluster = locked_clusters(best[0].cluster_id).get(best[0].cluster_id)
    if cluster is None:
        cluster = SignalCluster(team_id=team.id, status=OPEN, created_at=now)
        db.session.add(cluster)
        db.session.flush()
        action = CREATED
    signal.cluster_id = cluster.id
    db.session.add(ClusterEvent(cluster_id=cluster.id, action=action, signal_id=signal.id, at=now))
    db.session.flush()
    refresh(cluster, added=signal)
    note_recurring(cluster, now)  # the team hears once when the matter starts to recur
    events.signal_joined_cluster.send(cluster, signal=signal)
    return cluster


def tally(cluster: SignalCluster, rows: Sequence | None = None) -> dict:
    """What the cluster's signals say of it: signal and reporter counts, time span, recurring per the rules.

    ``rows``: the cluster's signals (`services_summary.members`), when already read.
    """
    settings = rules()
    rows = services_summary.members(cluster.id) if rows is None else rows
    signal_count = len(rows)
    reporter_count = len({reporter_key(r.id, r.reporter_id, r.source, r.source_name, r.reporter_ref) for r in rows})
    return {
        "signal_count": signal_count,
        "reporter_count": reporter_count,
        "first_at": min((r.created_at for r in rows), default=None),
        "last_at": max((r.created_at for r in rows), default=None),
        "recurring": signal_count >= settings.min_signals and reporter_count >= settings.min_reporters,
    }


def _restore_rows(clusterer: clustering.Clusterer, team_slug: str, cluster_id: int, rows: Sequence) -> None:
    for row in rows:
        point = clustering.Signal(
            id=row.id,
            text="",
            team=team_slug,
            created=row.created_at,
            reporter=reporter_key(row.id, row.reporter_id, row.source, row.source_name, row.reporter_ref),
            theme=row.theme,
            features=frozenset(row.features or ()),
        )
        clusterer.restore(point, cluster_id)


def rebuilt_summary(cluster: SignalCluster, rows: Sequence | None = None) -> dict | None:
    """The cluster's summary rebuilt from all its signals (None without signals): what placing needs
    (`clustering.Clusterer.summary`) and what the board shows (`services_summary.described`)."""
    rows = services_summary.members(cluster.id) if rows is None else rows
    if not rows:
        return None
    clusterer = _new_clusterer()
    _restore_rows(clusterer, cluster.team.slug, cluster.id, rows)
    return services_summary.described(cluster.id, clusterer.summary(cluster.id), rows)


def refresh(cluster: SignalCluster, added: Signal | None = None) -> SignalCluster:
    """Recount the cluster's signals, reporters and time span; recurring per the rules; its summary.

    Every change of a cluster's signals ends here, so its summary (what placing needs, and what the board shows:
    `services_summary`) always matches them. With ``added`` (the one signal just put in), the stored summary is
    brought up to date with that signal alone, when it held exactly the others; otherwise it is rebuilt from all
    the cluster's signals.
    """
    rows = services_summary.members(cluster.id)
    for name, value in tally(cluster, rows).items():
        setattr(cluster, name, value)
    stored = cluster.summary
    previous = None
    if not cluster.signal_count:
        cluster.summary = None
    elif added is not None and (stored or {"size": 0})["size"] == cluster.signal_count - 1:
        previous = stored
        slug = cluster.team.slug
        clusterer = _new_clusterer()
        if stored:
            clusterer.restore_summary(cluster.id, slug, cluster.first_at, cluster.last_at, stored)
        clusterer.restore(_as_point(added, slug), cluster.id)
        cluster.summary = services_summary.described(cluster.id, clusterer.summary(cluster.id), rows, stored, added)
    else:
        cluster.summary = rebuilt_summary(cluster, rows)
    services_features.store(cluster, previous)
    db.session.flush()
    return cluster


def explain(cluster: SignalCluster) -> list[clustering.Reason]:
    """Why the cluster's signals belong together: shared concepts, themes, words (from its stored summary)."""
    stored = services_summary.stored_reasons([cluster.id]).get(cluster.id)
    if stored is not None:
        return stored.reasons
    clusterer = clusterer_for(cluster.team, utcnow(), clusters=[cluster.id])
    return clusterer.explain(cluster.id) if cluster.id in clusterer.clusters else []


def _worked_out_representatives(ids: list[int], residents_only: bool) -> dict[int, int]:
    """The representative of each cluster worked out from its signals' stored features (an old summary)."""
    query = select(Signal.id, Signal.cluster_id, Signal.features).where(Signal.cluster_id.in_(ids))
    if residents_only:
        query = query.where(Signal.source == RESIDENT)
    features: dict[int, dict[int, frozenset[str]]] = {}
    for signal_id, cluster_id, stored in db.session.execute(query.order_by(Signal.created_at, Signal.id)):
        features.setdefault(cluster_id, {})[signal_id] = frozenset(stored or ())
    return {cluster_id: clustering.representative(sets) for cluster_id, sets in features.items()}


def representative_ids(cluster_ids: Iterable[int], residents_only: bool = False) -> dict[int, int]:
    """Per cluster: the id of the signal closest to what it is about (ties: the earliest); with ``residents_only``,
    never a partner's note. Read from the stored summaries; worked out from the signals for an old summary."""
    ids = list(dict.fromkeys(cluster_ids))
    if not ids:
        return {}
    stored = services_summary.stored_representatives(ids, residents_only)
    chosen = {cluster_id: signal_id for cluster_id, signal_id in stored.items() if signal_id is not None}
    old = [cluster_id for cluster_id in ids if cluster_id not in stored]
    if old:
        chosen |= _worked_out_representatives(old, residents_only)
    return chosen


def representatives(cluster_ids: Iterable[int], residents_only: bool = False) -> dict[int, Signal]:
    """The signal closest to what each cluster is about (`representative_ids`); only the chosen signals are loaded."""
    chosen = representative_ids(cluster_ids, residents_only)
    if not chosen:
        return {}
    loaded = {s.id: s for s in db.session.scalars(select(Signal).where(Signal.id.in_(list(chosen.values()))))}
    return {
        cluster_id: loaded[signal_id]
        for cluster_id, signal_id in chosen.items()
        if signal_id in loaded and loaded[signal_id].cluster_id == cluster_id
    }


def representative_texts(cluster_ids: Iterable[int]) -> dict[int, str]:
    """The text of each cluster's representative signal (only the texts are read)."""
    chosen = representative_ids(cluster_ids)
    if not chosen:
        return {}
    rows = db.session.execute(
        select(Signal.id, Signal.cluster_id, Signal.text).where(Signal.id.in_(list(chosen.values())))
    )
    texts = {row.id: (row.cluster_id, row.text) for row in rows}
    return {
        cluster_id: texts[signal_id][1]
        for cluster_id, signal_id in chosen.items()
        if signal_id in texts and texts[signal_id][0] == cluster_id
    }


def representative(cluster: SignalCluster, residents_only: bool = False) -> Signal | None:
    """The signal closest to what the cluster is about; with ``residents_only``, never a partner's note."""
    return representatives([cluster.id], residents_only).get(cluster.id)
