"""Prometheus metrics at /metrics, in the text format of ``prometheus_client``.

Two kinds:

* Counted per request in the process that answers it: requests by Flask endpoint (a bounded set, never the
  path) and status, and their duration by endpoint. Under gunicorn each worker is its own process, so set
  ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder before gunicorn starts (systemd's ``RuntimeDirectory=`` makes a
  fresh one): every worker writes its numbers there and a scrape, answered by any worker, adds them up. The gunicorn
  config calls ``child_exit`` when a worker ends.
* Read from the database at scrape time, by the process that answers the scrape (``DatabaseCollector``): the
  outbox, signals and recurring matters, help matches and the scheduled jobs' last runs. Nothing of these is
  kept in a process, so they are right whichever worker answers and however many there are. They are gauges, not
  counters: deleting data (a team, an account's help requests) can lower them, which a counter must never do.

Who may read them: a request with ``Authorization: Bearer <METRICS_TOKEN>``, or from an address in
``METRICS_ALLOWED_IPS`` (the visitor's address after ProxyFix, so set ``TRUSTED_PROXIES`` behind a proxy). Anyone
else gets 404, as for a page that does not exist: nothing tells a stranger there is something to guess at.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import case, func, select

from portal.config import by_environment
from portal.extensions import db
from portal.help.models import HelpMatch
from portal.jobs.status import job_states
from portal.outbox.models import OutboxMessage
from portal.outbox.services import MAX_ATTEMPTS
from portal.signals.models import Signal, SignalCluster
from portal.timeutil import utcnow

MULTIPROC_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
PREFIX = "buurtportaal"
# Seconds: most pages answer within a tenth of a second; the dashboards of a whole city may take a few.
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

# No "_created" series beside each counter and histogram: a second series per label set that nobody graphs (and
# multi-process mode leaves them out anyway).
disable_created_metrics()

# This process's request metrics. Their own registry, not the library's global one: a scrape builds its registry
# anew (this one, or all processes' files in multi-process mode) beside the database collector.
_LIVE = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    f"{PREFIX}_http_requests",
    "HTTP requests answered, by Flask endpoint and status code.",
    ["endpoint", "status"],
    registry=_LIVE,
)
DURATION = Histogram(
    f"{PREFIX}_http_request_duration_seconds",
    "Time from the start of a request to its answer, by Flask endpoint.",
    ["endpoint"],
    buckets=DURATION_BUCKETS,
    registry=_LIVE,
)


def observe_request(endpoint: str, status: int, seconds: float) -> None:
    REQUESTS.labels(endpoint=endpoint, status=str(status)).inc()
    DURATION.labels(endpoint=endpoint).observe(seconds)


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROC_DIR_VARIABLE) or None


def child_exit(server, worker) -> None:
    """gunicorn's ``child_exit`` hook: tidy up after a worker that ended (its live gauges' files).

    Its counters and histograms stay in the folder, so the totals do not drop when a worker is replaced.
    """
    if multiprocess_dir():
        multiprocess.mark_process_dead(worker.pid)


def exposition() -> bytes:
    """Every metric in Prometheus's text format: this process's (or all workers') requests, and the database's."""
    registry = CollectorRegistry()
    if multiprocess_dir():
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Collected(_LIVE))
    registry.register(DatabaseCollector())
    return generate_latest(registry)


class _Collected:
    """A registry's metrics as one collector of another registry."""

    def __init__(self, source: CollectorRegistry):
        self.source = source

    def collect(self) -> Iterator[Metric]:
        return self.source.collect()


# --------------------------------------------------------------------------- from the database, at scrape time


def _gauge(name: str, documentation: str, value: float, labels: Mapping[str, str] | None = None) -> GaugeMetricFamily:
    family = GaugeMetricFamily(f"{PREFIX}_{name}", documentation, labels=list(labels or ()))
    family.add_metric(list((labels or {}).values()), value)
    return family


def _timestamp(moment: datetime | None) -> float:
    """A naive UTC time as Unix seconds; 0 for never."""
    return moment.replace(tzinfo=UTC).timestamp() if moment else 0.0


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


class DatabaseCollector:
    """What the database says now, read at each scrape (a handful of aggregate queries).

    If the database cannot be read, ``buurtportaal_metrics_database_up`` is 0 and the other database figures are
    left out, rather than the scrape failing: the request metrics still arrive.
    """

    def collect(self) -> Iterator[Metric]:
        try:
            families = list(self._read())
        except Exception:  # the database is down: say so, and give what this process knows
            db.session.rollback()
            yield _gauge("metrics_database_up", "Whether the database could be read for this scrape.", 0)
            return
        yield _gauge("metrics_database_up", "Whether the database could be read for this scrape.", 1)
        yield from families

    def _read(self) -> Iterable[Metric]:
        now = utcnow()
        yield from _outbox(now)
        yield from _participation()
        yield from _jobs(now)


def _outbox(now: datetime) -> Iterable[Metric]:
    unsent = OutboxMessage.sent_at.is_(None)
    trying = unsent & (OutboxMessage.attempts < MAX_ATTEMPTS)
    queued, failing, given_up, oldest = db.session.execute(
        select(
            _count(trying),
            _count(trying & (OutboxMessage.attempts > 0)),
            _count(unsent & (OutboxMessage.attempts >= MAX_ATTEMPTS)),
            func.min(case((trying, OutboxMessage.created_at))),
        )
    ).one()
    yield _gauge("outbox_queued_messages", "Mail not delivered yet and still tried (failed ones included).", queued)
    yield _gauge(
        "outbox_oldest_unsent_age_seconds",
        "Age of the oldest mail not yet delivered and still being tried; 0 when there is none.",
        max((now - oldest).total_seconds(), 0.0) if oldest else 0.0,
    )
    yield _gauge("outbox_failing_messages", "Mail whose delivery failed at least once, tried again later.", failing)
    yield _gauge(
        "outbox_given_up_messages",
        f"Mail given up on after {MAX_ATTEMPTS} failed deliveries (kept until the retention purge).",
        given_up,
    )


def _participation() -> Iterable[Metric]:
    signals = db.session.scalar(select(func.count(Signal.id)))
    became_recurring = SignalCluster.recurring_since.is_not(None)
    recurring = db.session.scalar(select(func.count(SignalCluster.id)).where(became_recurring))
    both_said_yes = (HelpMatch.requester_answer == "yes") & (HelpMatch.helper_answer == "yes")
    proposed, accepted = db.session.execute(select(func.count(HelpMatch.id), _count(both_said_yes))).one()
    yield _gauge("signals_placed", "Signals placed (as stored now).", signals)
    yield _gauge("signal_clusters_recurring", "Clusters of signals that became a recurring matter.", recurring)
    yield _gauge("help_matches_proposed", "Help matches proposed (as stored now).", proposed)
    yield _gauge("help_matches_accepted", "Help matches both sides said yes to (as stored now).", accepted)


def _jobs(now: datetime) -> Iterable[Metric]:
    """Every scheduled job, also one that never ran (0), from its JobRun row: alert on ``fresh == 0``."""
    families = {
        "last_success": (
            "job_last_success_timestamp_seconds",
            "When each scheduled job last succeeded (Unix time; 0: never).",
        ),
        "last_failure": (
            "job_last_failure_timestamp_seconds",
            "When each scheduled job last failed (Unix time; 0: never).",
        ),
        "max_age": ("job_max_age_seconds", "How old a job's last success may be before the job counts as stale."),
        "fresh": ("job_fresh", "1 while a job's last success is within its max age, else 0."),
    }
    metrics = {
        key: GaugeMetricFamily(f"{PREFIX}_{name}", text, labels=["job"]) for key, (name, text) in families.items()
    }
    for state in job_states(now):
        metrics["last_success"].add_metric([state.name], _timestamp(state.last_success_at))
        metrics["last_failure"].add_metric([state.name], _timestamp(state.last_failure_at))
        metrics["max_age"].add_metric([state.name], state.max_age.total_seconds())
        metrics["fresh"].add_metric([state.name], 1.0 if state.fresh else 0.0)
    return metrics.values()


# --------------------------------------------------------------------------- who may read them


def networks(entries: Iterable[str] | str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """METRICS_ALLOWED_IPS as networks (an address alone is a network of one)."""
    if isinstance(entries, str):
        entries = entries.split(",")
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def may_read(config: Mapping, remote_addr: str | None, authorization: str | None) -> bool:
    """Whether a request may read the metrics: the right bearer token, or an allowed address."""
    token = config["METRICS_TOKEN"]
    scheme, _, offered = (authorization or "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(offered.strip().encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks(by_environment(config, "METRICS_ALLOWED_IPS")))
