"""Pages at city scale under load: `python -m tests.benchmarks pages` (part of `make bench`).

Not an algorithm or a query alone: the page a person waits for, served as in production. The generated city
(`tests/benchmarks/pages_city.py`, on the indicators' generator) is written into PostgreSQL (``BENCH_DATABASE_URL``,
or a database made on 127.0.0.1:5432 and dropped afterwards; ``BENCH_KEEP=1`` keeps it as
``buurtportaal_bench_pages`` and a rerun reuses it). The portal (`wsgi:app`, ENV=production, Redis for the rate
limits) and a bare Flask + Jinja page of 7 KB (`tests/benchmarks/bare_app.py`, the ceiling of the stack) run side
by side under gunicorn with deploy/gunicorn.conf.py and 2 sync workers. Each page is loaded with
``wrk -t2 -c32`` (logged-in pages with a session cookie got by logging in through the server) and timed alone
from one client; then signals are posted one after another, and the workers' memory is read.
"""

from __future__ import annotations

import html.parser
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.benchmarks.__main__ import ROOT, machine

WRK = os.environ.get("BENCH_WRK", "/usr/bin/wrk")
SECONDS = int(os.environ.get("BENCH_PAGES_SECONDS", "8"))
CEILING_SECONDS = max(2, SECONDS // 3)
CLIENTS, THREADS, WORKERS = 32, 2, 2
ALONE_RUNS, ALONE_BUDGET_S = 20, 8.0
POSTS = 100
KEPT_DATABASE = "buurtportaal_bench_pages"
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "14"))  # and the next one, for the caches
PUBLIC_SHARE, WORKER_MS, BEST_SET_DISTRICT_MS, P99_MS, POST_P95_MS, RSS_MB = 0.25, 50, 200, 1000, 100, 150
FORWARDED = {"X-Forwarded-Proto": "https"}  # as nginx in front sends it (TRUSTED_PROXIES=1)


# --- The database ------------------------------------------------------------------------------------------


@contextmanager
def city() -> Iterator[tuple[str, float | None, object, dict]]:
    """(database URI, seconds the build took or None when reused, Facts, sizes); a made database is dropped."""
    from tests.benchmarks.indicators import PG_SERVER, _maintain

    keep = os.environ.get("BENCH_KEEP") == "1"
    made = None
    if os.environ.get("BENCH_DATABASE_URL"):
        uri = os.environ["BENCH_DATABASE_URL"]
    else:
        name = KEPT_DATABASE if keep else f"buurtportaal_bench_pages_{os.getpid()}"
        if not (keep and _exists(name) and _has_city(PG_SERVER + name)):
            _maintain(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        made = None if keep else name
        uri = PG_SERVER + name
    try:
        yield _build_or_reuse(uri)
    finally:
        if made:
            _maintain(f'DROP DATABASE IF EXISTS "{made}" WITH (FORCE)')


def _exists(name: str) -> bool:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from tests.benchmarks.indicators import PG_SERVER

    engine = create_engine(PG_SERVER + "postgres", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar())
    finally:
        engine.dispose()


def _has_city(uri: str) -> bool:
    """Whether the database holds a whole city (its last table is written in the same transaction as the rest)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from tests.benchmarks.pages_city import N_NOTIFICATIONS

    engine = create_engine(uri, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM notification")).scalar() >= N_NOTIFICATIONS
    except Exception:  # noqa: BLE001 - no such table, or no such database: no city
        return False
    finally:
        engine.dispose()


def _build_or_reuse(uri: str) -> tuple[str, float | None, object, dict]:
    import logging

    from flask_migrate import upgrade
    from sqlalchemy import inspect, select

    from portal import create_app
    from portal.extensions import db
    from portal.indicators.periods import utc_midnight
    from portal.teams.loader import load_reference_data
    from portal.teams.models import Area
    from portal.timeutil import utcnow
    from portal.workdays import local_date
    from tests.benchmarks import pages_city
    from tests.benchmarks.__main__ import _refresh_counts_in_sql
    from tests.benchmarks.indicators import _analyze, generate, load, reference_places

    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "TESTING": True, "MAIL_SERVER": ""})
    logging.getLogger("portal.requests").setLevel(logging.WARNING)
    built_s, size = None, {}
    with app.app_context():
        present = _has_city(uri)
        if not present and inspect(db.engine).get_table_names():
            raise RuntimeError(f"{uri} is neither empty nor a whole city of an earlier run: give an empty database")
        upgrade()
        if not present:
            started = time.perf_counter()
            load_reference_data()
            db.session.commit()
            coordinates = {
                a.id: (a.latitude, a.longitude)
                for a in db.session.execute(select(Area.id, Area.latitude, Area.longitude))
                if a.latitude is not None
            }
            end = utc_midnight(local_date(utcnow()))
            data = generate(reference_places(), end)
            added, merges = pages_city.extend(data, end, coordinates)
            print(f"pages: city generated in {time.perf_counter() - started:.0f} s; writing it", flush=True)
            load(data)
            pages_city.store_merges(merges)
            _refresh_counts_in_sql()
            db.session.commit()
            _analyze()
            print(f"pages: city written in {time.perf_counter() - started:.0f} s", flush=True)
            _backfill_summaries(app)
            built_s = time.perf_counter() - started
            size = data.size | added
            print(f"pages: city built in {built_s:.0f} s: {size}", flush=True)
        facts = pages_city.facts()
        db.session.remove()
        db.engine.dispose()
    return uri, built_s, facts, size


def _backfill_summaries(app) -> None:
    """What a deployment runs after an upgrade: `flask signals verify --fix` stores every cluster's summary as the
    code of this release keeps it (the generator stores the clustering part only)."""
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=["signals", "verify", "--fix"])
    last = (result.output.strip().splitlines() or ["-"])[-1]
    print(f"pages: signals verify --fix in {time.perf_counter() - started:.0f} s: {last}", flush=True)


# --- Servers -----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    def workers(self) -> list[int]:
        """The pids of the gunicorn master's children."""
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    children.append(int(entry.name))
        return sorted(children)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def serve(name: str, app: str, env: dict, folder: Path) -> Iterator[Server]:
    """gunicorn with deploy/gunicorn.conf.py and 2 workers on a free local port; stopped (its process group) after."""
    port = free_port()
    log = folder / f"{name}.log"
    environ = os.environ | env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(WORKERS)}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            [str(gunicorn), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"), app],
            cwd=ROOT,
            env=environ,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    server = Server(name, port, process, log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        _stop(process)


def _wait_until_up(server: Server, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} stopped at start:\n{server.log.read_text()[-3000:]}")
        try:
            status, _h, _b = Client(server.port).get("/")
            if status < 500 and len(server.workers()) >= WORKERS:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{server.name} did not answer within {timeout_s:.0f} s:\n{server.log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=25)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def portal_environment(uri: str, folder: Path) -> dict:
    """Production settings (portal/config.py), on this machine."""
    metrics = folder / "metrics"
    metrics.mkdir()
    return {
        "ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": uri,
        "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "CACHE_REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB + 1}",  # the shared caches, where a release has them
        "SESSION_COOKIE_SECURE": "true",
        "BASE_URL": "https://buurtportaal.bench.example",
        "MAIL_SERVER": "smtp.bench.invalid",  # mail is queued in the outbox table, sent by another process
        "TRUSTED_PROXIES": "1",
        "LOG_FORMAT": "json",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics),
        "INSTANCE_PATH": str(folder / "instance"),
    }


def _flush_redis() -> None:
    """Empty the benchmark's own two Redis databases (rate-limit counters and caches of an earlier run)."""
    import redis

    for number in (REDIS_DB, REDIS_DB + 1):
        redis.Redis(host="127.0.0.1", port=6379, db=number, socket_timeout=2).flushdb()


# --- One client ------------------------------------------------------------------------------------------


class Client:
    """One keep-alive connection with its cookies, as a browser behind the proxy would send them."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        sent = dict(FORWARDED) | (headers or {})
        if self.cookies:
            sent["Cookie"] = self.cookie_header()
        body = None
        if form is not None:
            body = urlencode(form)
            sent |= {"Content-Type": "application/x-www-form-urlencoded",
                     "Referer": f"https://127.0.0.1:{self.port}{path}"}  # fmt: skip
        try:
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # the server closed a kept-alive connection: once more on a new one
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
        data = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.msg, data

    def get(self, path: str):
        return self.request("GET", path)


class _Hidden(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.fields.setdefault(attributes["name"], attributes.get("value") or "")


def hidden_fields(page: bytes) -> dict[str, str]:
    parser = _Hidden()
    parser.feed(page.decode("utf-8", "replace"))
    return parser.fields


def log_in(port: int, email: str, password: str) -> dict[str, str]:
    """Log in through the running server (once per role: the log-in form is rate-limited); its cookies."""
    client = Client(port)
    status, _h, page = client.get("/account/login")
    assert status == 200, status
    status, headers, page = client.request(
        "POST", "/account/login", form=hidden_fields(page) | {"email": email, "password": password}
    )
    if status not in (302, 303):
        raise RuntimeError(f"log-in as {email} failed: {status} {page[:400]!r}")
    return client.cookies


# --- Measuring ---------------------------------------------------------------------------------------------


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: str  # non-2xx/3xx answers and socket errors, as wrk reports them; empty: none


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def wrk(port: int, path: str, cookie: str = "", seconds: int = SECONDS) -> Load:
    headers = [f"{k}: {v}" for k, v in FORWARDED.items()] + ([f"Cookie: {cookie}"] if cookie else [])
    command = [WRK, f"-t{THREADS}", f"-c{CLIENTS}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(  # noqa: S603 - our own command line
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    errors = []
    if found := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors.append(f"{found.group(1)} non-2xx")
    if found := re.search(r"Socket errors: (.*)", output):
        errors.append(f"socket errors: {found.group(1)}")
    return Load(rps, _ms(p50.group(1)) if p50 else 0.0, _ms(p99.group(1)) if p99 else 0.0, "; ".join(errors))


def drain(port: int, timeout_s: float = 180) -> None:
    """Wait until requests queued by an overloaded run are done: a request alone answers quickly again."""
    deadline, quick = time.monotonic() + timeout_s, 0
    while time.monotonic() < deadline and quick < 2:
        started = time.perf_counter()
        Client(port).get("/healthz/live")
        quick = quick + 1 if time.perf_counter() - started < 0.1 else 0


def alone(port: int, path: str, cookies: dict) -> tuple[float, int, int]:
    """Median milliseconds of one request at a time (one client, after warm-up), its status and size."""
    client = Client(port, cookies)
    started = time.perf_counter()
    status, _h, body = client.get(path)
    first = time.perf_counter() - started
    runs = max(5, min(ALONE_RUNS, int(ALONE_BUDGET_S / max(first, 0.001))))
    for _ in range(2 if runs == ALONE_RUNS else 0):
        client.get(path)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        status, _h, body = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), status, len(body)


@dataclass
class Row:
    name: str
    path: str
    kind: str  # public / resident / worker
    status: int
    size: int
    load: Load
    alone_ms: float
    ceiling_rps: float
    target_ms: float | None = None

    @property
    def share(self) -> float:
        return self.load.rps / self.ceiling_rps

    @property
    def target(self) -> str:
        if self.kind == "worker":
            return f"alone < {self.target_ms:,.0f} ms, p99 < 1 s"
        return "≥ 25 % of ceiling"

    @property
    def verdict(self) -> str:
        if self.status != 200 or self.load.errors:
            return f"FAILS (status {self.status})" if self.status != 200 else "errors"
        if self.kind == "worker":
            ok = self.alone_ms < self.target_ms and self.load.p99_ms < P99_MS
        else:
            ok = self.share >= PUBLIC_SHARE
        return "ok" if ok else "TOO SLOW"


def pages_to_measure(facts) -> list[tuple[str, str, str, float | None]]:
    """(name, path, who, target of one request alone in ms for workers)."""
    return [
        ("home", "/", "public", None),
        ("team finder", "/teams/find?postcode=9741AB", "public", None),
        ("a team's page", f"/teams/{facts.team_slug}", "public", None),
        ("initiatives", "/initiatives/", "public", None),
        ("an initiative", f"/initiatives/{facts.initiative_id}", "public", None),
        ("agenda", "/initiatives/agenda", "public", None),
        ("agenda feed (iCalendar)", "/initiatives/agenda.ics", "public", None),
        ("a district's agenda feed", f"/initiatives/agenda/{facts.district_code}.ics", "public", None),
        ("projects", "/projects", "public", None),
        ("help (resident)", "/help/", "resident", None),
        ("notifications (resident)", "/notifications/", "resident", None),
        ("help console", "/help/console", "worker", WORKER_MS),
        ("best set of a district", f"/help/console/areas/{facts.district_code}/best", "worker", BEST_SET_DISTRICT_MS),
        ("best set of a neighbourhood", f"/help/console/areas/{facts.neighbourhood_code}/best", "worker", WORKER_MS),
        ("signals board of a team", f"/signals/board/{facts.team_slug}", "worker", WORKER_MS),
        ("the largest cluster", f"/signals/clusters/{facts.cluster_id}", "worker", WORKER_MS),
        ("team inbox", f"/teams/{facts.team_slug}/inbox", "worker", WORKER_MS),
    ]


def work_out_best_sets(port: int, cookies: dict, environment: dict, paths: list[str]) -> None:
    """In production (HELP_BEST_SET_IN_BACKGROUND) a best set page shows the set the jobs runner worked out: each page
    is asked for once (it notes its areas as wanted), then the job runs once, as `flask jobs run` would within the
    minute."""
    client = Client(port, cookies)
    for path in paths:
        status, _h, _b = client.get(path)
        assert status == 200, (path, status)
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "once", "help-best-sets"],
        env=os.environ | environment, cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    print(f"pages: best sets worked out by the job in {time.perf_counter() - started:.1f} s", flush=True)


def post_signals(port: int, cookies: dict, area_id: int, n: int = POSTS) -> list[float]:
    """Milliseconds of each of ``n`` signal reports posted one after another (the form fetched untimed first).

    Rate limits stay on: each post comes from another address behind the proxy (X-Forwarded-For), as many
    residents would, so the per-address limit of the report form is not what is measured."""
    import random

    from tests.benchmarks.__main__ import _evaluation_rows, _vary

    rng = random.Random(20_261_207)
    texts = [text for text, split in _evaluation_rows() if split == "test"]
    client = Client(port, cookies)
    timings = []
    for i in range(n):
        address = {"X-Forwarded-For": f"10.77.{i // 200}.{i % 200 + 1}"}
        status, _h, page = client.request("GET", "/signals/report", headers=address)
        assert status == 200, status
        form = hidden_fields(page) | {"text": _vary(rng, rng.choice(texts)), "theme": "", "postcode": "",
                                      "area_id": str(area_id), "place": ""}  # fmt: skip
        started = time.perf_counter()
        status, _h, body = client.request("POST", "/signals/report", form=form, headers=address)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 303:
            raise RuntimeError(f"posting a signal answered {status}: {body[:600]!r}")
    return timings


def p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20, method="inclusive")[18]


# --- The benchmark -----------------------------------------------------------------------------------------


def benchmark() -> tuple[str, str]:
    if shutil.which(WRK) is None:
        raise RuntimeError(f"the page benchmark needs wrk ({WRK}; BENCH_WRK names another)")
    started = time.perf_counter()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-pages-")))
        uri, built_s, facts, size = stack.enter_context(city())
        prepared_s = time.perf_counter() - started
        _flush_redis()
        bare = stack.enter_context(serve("bare", "tests.benchmarks.bare_app:app", {}, folder))
        environment = portal_environment(uri, folder)
        portal = stack.enter_context(serve("portal", "wsgi:app", environment, folder))
        print(f"pages: portal on :{portal.port}, ceiling on :{bare.port}", flush=True)

        sessions = {"public": {}}
        sessions["resident"] = log_in(portal.port, facts.logins.resident, facts.logins.password)
        sessions["worker"] = log_in(portal.port, facts.logins.worker, facts.logins.password)
        best_sets = [path for _n, path, _w, _t in pages_to_measure(facts) if path.endswith("/best")]
        work_out_best_sets(portal.port, sessions["worker"], environment, best_sets)

        ceiling_alone, _s, ceiling_size = alone(bare.port, "/", {})
        ceilings, rows = [], []
        for name, path, who, target in pages_to_measure(facts):
            cookies = sessions[who]
            # The ceiling again just before each page: other processes on the machine change what it can do.
            ceilings.append(wrk(bare.port, "/", seconds=CEILING_SECONDS))
            alone_ms, status, page_size = alone(portal.port, path, cookies)
            load = wrk(portal.port, path, "; ".join(f"{k}={v}" for k, v in cookies.items()))
            drain(portal.port)
            rows.append(Row(name, path, who, status, page_size, load, alone_ms, ceilings[-1].rps, target))
            print(f"  {path}: {status}, {page_size / 1024:,.0f} KB, {load.rps:,.1f} req/s"
                  f" (ceiling {ceilings[-1].rps:,.0f}), p50 {load.p50_ms:,.1f} ms, p99 {load.p99_ms:,.0f} ms,"
                  f" alone {alone_ms:,.1f} ms {load.errors}", flush=True)  # fmt: skip
        memory_after_load = [rss_mb(pid) for pid in portal.workers()]
        posts = post_signals(portal.port, sessions["resident"], facts.resident_area_id)
        print(f"  posting a signal: p50 {statistics.median(posts):.0f} ms, p95 {p95(posts):.0f} ms", flush=True)
        memory = [max(a, b) for a, b in zip(memory_after_load, [rss_mb(pid) for pid in portal.workers()], strict=False)]
        ceiling_memory = [rss_mb(pid) for pid in bare.workers()]
        measured_s = time.perf_counter() - started - prepared_s
    total_s = time.perf_counter() - started

    middle = sorted(ceilings, key=lambda c: c.rps)[len(ceilings) // 2]
    ceiling = Row("ceiling: bare Flask + Jinja", "/", "ceiling", 200, ceiling_size, middle, ceiling_alone, middle.rps)
    table = _table(ceiling, ceilings, rows)
    post_verdict = "ok" if p95(posts) < POST_P95_MS else "TOO SLOW"
    memory_verdict = "ok" if max(memory) < RSS_MB else "TOO SLOW"
    print(table)
    build = (
        f"built in {built_s:.0f} s" if built_s is not None else "reused from an earlier run (BENCH_KEEP=1), not built"
    )
    described = ", ".join(f"{number:,} {what}" for what, number in size.items()) if size else "as built before"
    lines = [
        "## Pages at city scale: served by gunicorn, under load",
        "",
        table,
        "",
        (
            f"- Posting a signal with 50,000 stored (`POST /signals/report` as a logged-in resident, {POSTS} one after"
            f" another, each form fetched first, untimed): p50 {statistics.median(posts):,.0f} ms,"
            f" p95 {p95(posts):,.0f} ms (target p95 < {POST_P95_MS} ms: {post_verdict}). Rate limits stay on;"
            " each post comes from another address behind the proxy (`X-Forwarded-For`, `TRUSTED_PROXIES=1`)."
        ),
        (
            f"- Memory (VmRSS) of the portal's {WORKERS} workers after the load and the posts:"
            f" {', '.join(f'{m:,.0f} MB' for m in memory)} (target < {RSS_MB} MB: {memory_verdict}); the ceiling's"
            f" workers: {', '.join(f'{m:,.0f} MB' for m in ceiling_memory)}."
        ),
        (
            f"- Load: `wrk -t{THREADS} -c{CLIENTS} -d{SECONDS}s --latency` per page (p50, p99 of its latencies),"
            " anonymous or with the session cookie of a resident or a team worker who logged in through the"
            ' server; "alone": the median of up to'
            f" {ALONE_RUNS} requests one after another from one Python client on a kept-alive connection after"
            f" warm-up (fewer for slow pages, at most ~{ALONE_BUDGET_S:.0f} s a page). Size: the page's body. The"
            f" ceiling (a bare Flask app rendering a {ceiling_size / 1024:,.1f} KB Jinja page,"
            f" `tests/benchmarks/bare_app.py`) is loaded for {CEILING_SECONDS} s just before each page, and a page's"
            " % of ceiling divides by that measurement (its row shows the median and the range): other processes"
            " on the machine change both alike, so compare the percentages, not the req/s, between runs. wrk"
            " counts the requests answered within its run, so the p99 of a page slower than the run is too low."
            " After each page the harness waits until the queue of an overloaded page has drained."
        ),
        (
            f"- Served as in production: `gunicorn --config deploy/gunicorn.conf.py` with {WORKERS} sync workers"
            " for both, the portal with ENV=production (JSON request log, Prometheus multi-process metrics,"
            f" rate limits and shared caches in Redis dbs {REDIS_DB} and {REDIS_DB + 1}, secure cookies, `TRUSTED_PROXIES=1`; requests carry"
            " `X-Forwarded-Proto: https` as nginx sends it). wrk, the client and PostgreSQL share the machine."
            " The best sets are worked out by the jobs runner (`HELP_BEST_SET_IN_BACKGROUND`, production's default):"
            " each best set page is asked for once, then `flask jobs once help-best-sets` runs before the measuring."
        ),
        (
            f"- Targets (issue 16): public pages ≥ {PUBLIC_SHARE:.0%} of the ceiling's req/s; worker pages under"
            f" {WORKER_MS} ms alone (best set of a district under {BEST_SET_DISTRICT_MS} ms) and p99 under 1 s at"
            f" {CLIENTS} clients; posting a signal p95 under {POST_P95_MS} ms; memory under {RSS_MB} MB a worker."
        ),
        (
            f"- Data: the indicators' city (`tests/benchmarks/indicators.py`) with what pages show added"
            f" (`tests/benchmarks/pages_city.py`): {described}. Subjects: team `{facts.team_slug}` (the team of the"
            f" district `{facts.district_code}` with the most open help requests; neighbourhood"
            f" `{facts.neighbourhood_code}`), its largest live cluster ({facts.cluster_signals:,} signals),"
            f" {facts.counts['open help requests']:,} open help requests in the city."
        ),
        (
            f"- Run time: {total_s / 60:.1f} min on PostgreSQL 127.0.0.1 (the city {build}; the measurements"
            f" {measured_s:.0f} s)."
        ),
        f"- Code: commit {code_version()}. Machine: {machine()}.",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        (
            "- Reproduce: `make bench` (or only this: `.venv/bin/python -m tests.benchmarks pages`; needs"
            " PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379 and `wrk`; `BENCH_DATABASE_URL` names a"
            " database to build in or reuse, `BENCH_KEEP=1` keeps the city as `buurtportaal_bench_pages` so a"
            " rerun skips the build, `BENCH_PAGES_SECONDS` sets wrk's duration)."
        ),
    ]
    return "pages", "\n".join(lines)


def code_version() -> str:
    """The commit measured (BENCH_COMMIT when run from an exported tree), and whether the tree had changes."""
    try:
        commit = subprocess.run(  # noqa: S603, S607 - git of this checkout
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603, S607
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return os.environ.get("BENCH_COMMIT", "unknown")
    return f"{commit} with uncommitted changes" if dirty else commit


def _table(ceiling: Row, ceilings: list[Load], rows: list[Row]) -> str:
    lines = [
        "| page | who | size | req/s | % of ceiling | p50 | p99 | alone | target | |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
        (
            f"| {ceiling.name} | - | {ceiling.size / 1024:,.1f} KB | {ceiling.ceiling_rps:,.0f}"
            f" ({min(c.rps for c in ceilings):,.0f}-{max(c.rps for c in ceilings):,.0f}) | 100 % | {ceiling.load.p50_ms:,.1f} ms"
            f" | {ceiling.load.p99_ms:,.1f} ms | {ceiling.alone_ms:,.1f} ms | - | |"
        ),
    ]
    for row in rows:
        share = row.share * 100
        lines.append(
            f"| {row.name} `{row.path}` | {row.kind} | {row.size / 1024:,.0f} KB | {row.load.rps:,.1f}"
            f" | {share:,.1f} % | {row.load.p50_ms:,.1f} ms | {row.load.p99_ms:,.0f} ms | {row.alone_ms:,.1f} ms"
            f" | {row.target} | {row.verdict}{' (' + row.load.errors + ')' if row.load.errors else ''} |"
        )
    return "\n".join(lines)
