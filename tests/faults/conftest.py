"""Fault tests against real processes: the application served by gunicorn on a free port, on the test database.

The server uses the session's test database (tests/conftest.py's ``app`` fixture: SQLite on a file, or
PostgreSQL from DATABASE_URL), with CSRF and rate limits off unless asked (``tests/faults/server_app.py``).
Rows are made with the usual factories in the test process and committed; the server sees them.

Fixtures and helpers:

* ``server``: three sync worker processes (``gunicorn -w 3``), started once per session.
* ``threaded_server``: one process with eight threads (``gunicorn -k gthread --threads 8``), once per session.
* ``start_server(workers=1, threads=None, env=None)``: another server with its own environment (e.g.
  ``{"RATELIMIT_ENABLED": "true", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1"}``, or
  ``{"FAULTS_SWITCH_INTERVAL": "1e-6"}`` to make thread races show up), stopped after the test.
* ``server.browser()``: a browser with its own cookies: ``get``, ``post``, ``submit`` (fills in a form's
  hidden fields, CSRF token and one-time key included, from the page it is on) and ``log_in``.
* ``at_once(*calls)``: the calls run in threads released at the same moment; their results in order.
* ``assert_no_server_errors(responses, server)``: no 5xx, else the server's log in the message.

Whatever the server writes is invisible to tests/conftest.py's write watch: every test here counts as one
that wrote, so the tables are emptied after it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.message import Message
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from typing import TypeVar

import pytest

from tests.factories import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"  # as tests/conftest.py's app
START_TIMEOUT = 60  # seconds for gunicorn to answer
REQUEST_TIMEOUT = 60
SHM = "/dev/shm"  # noqa: S108 - a folder gunicorn makes its own files in
T = TypeVar("T")


# --------------------------------------------------------------------------- responses and forms


@dataclass
class Response:
    status: int
    headers: Message
    text: str
    url: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


@dataclass
class Form:
    action: str
    method: str
    hidden: list[tuple[str, str]] = field(default_factory=list)


class _Forms(HTMLParser):
    """The forms of a page with their hidden inputs (enough to send one as a browser would)."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._open: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urllib.parse.urljoin(self.page_url, values.get("action") or self.page_url)
            self._open = Form(action, values.get("method", "get").lower())
            self.forms.append(self._open)
        elif tag == "input" and self._open is not None and values.get("type") == "hidden" and values.get("name"):
            self._open.hidden.append((values["name"], values.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None  # a redirect is a response the test reads, as Flask's test client does


class Browser:
    """One visitor: its own cookies; never follows redirects."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects())

    def url(self, path: str) -> str:
        return urllib.parse.urljoin(self.base_url, path)

    def get(self, path: str, params: dict | None = None, headers: dict | None = None) -> Response:
        url = self.url(path)
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params, doseq=True)
        return self._send(urllib.request.Request(url, headers=headers or {}))  # noqa: S310 - our own test server

    def post(self, path: str, data: dict | Iterable[tuple[str, str]], headers: dict | None = None) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.url(path), data=body, headers=headers or {}, method="POST")  # noqa: S310
        return self._send(request)

    def submit(self, page: str, fields: dict, action: str | None = None) -> Response:
        """Open ``page`` and send its POST form to ``action`` (default: the page itself) with ``fields``.

        The form's hidden inputs (CSRF token, one-time key) go along, as a browser sends them.
        """
        return self.post(*self.fill(page, fields, action))

    def fill(self, page: str, fields: dict, action: str | None = None) -> tuple[str, list[tuple[str, str]]]:
        """Open ``page`` and fill in its POST form to ``action``: (its URL, the data) for ``post``, to send later."""
        opened = self.get(page)
        assert opened.status == 200, f"GET {page}: {opened.status}"
        parser = _Forms(opened.url)
        parser.feed(opened.text)
        target = urllib.parse.urlsplit(self.url(action or page)).path
        forms = [form for form in parser.forms if form.method == "post"]
        chosen = [form for form in forms if urllib.parse.urlsplit(form.action).path == target]
        assert chosen, f"no POST form to {target} on {page}: {[form.action for form in forms]}"
        data = [(name, value) for name, value in chosen[0].hidden if name not in fields]
        data += [(name, value) for name, value in fields.items()]
        return chosen[0].action, data

    def log_in(self, email: str, password: str = TEST_PASSWORD) -> Browser:
        response = self.submit("/account/login", {"email": email, "password": password})
        assert response.status in (302, 303), f"log-in as {email} failed: {response.status}"
        return self

    def _send(self, request: urllib.request.Request) -> Response:
        try:
            with self._opener.open(request, timeout=REQUEST_TIMEOUT) as answer:
                return Response(answer.status, answer.headers, answer.read().decode(), answer.url)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            with error:
                return Response(error.code, error.headers, error.read().decode(errors="replace"), error.url)


# --------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A gunicorn serving ``tests.faults.server_app:app``; ``url``, ``browser()``, ``log()``, ``stop()``."""

    def __init__(self, database_url: str, workers: int = 1, threads: int | None = None, env: dict | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = tempfile.NamedTemporaryFile(prefix="buurtportaal-gunicorn-", suffix=".log", delete=False)
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)]
        if threads:
            command += ["--worker-class", "gthread", "--threads", str(threads)]
        command += ["--preload", "--timeout", "120", "--graceful-timeout", "2", "--log-level", "warning"]
        if os.path.isdir(SHM):
            command += ["--worker-tmp-dir", SHM]  # gunicorn's heartbeat files: never on a slow disk
        command.append("tests.faults.server_app:app")
        environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET_KEY,
            "RATELIMIT_ENABLED": "false",
            "MAIL_SERVER": "",
            "PYTHONPATH": str(ROOT),
            **(env or {}),
        }
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_until_it_answers()

    def _wait_until_it_answers(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start (exit {self.process.returncode}):\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    pass
                if self.browser().get("/").status:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT} s:\n{self.log()}")

    def browser(self) -> Browser:
        return Browser(self.url)

    def log(self, tail: int = 6000) -> str:
        return Path(self._log.name).read_text(errors="replace")[-tail:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()


def _database_url(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"]


@pytest.fixture(scope="session")
def server(app):
    """The app in three worker processes (``gunicorn -w 3``), for the whole session."""
    running = Server(_database_url(app), workers=3)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def threaded_server(app):
    """The app in one process of eight threads (``gunicorn -k gthread --threads 8``), for the whole session."""
    running = Server(_database_url(app), workers=1, threads=8)
    yield running
    running.stop()


@pytest.fixture
def start_server(app):
    """Start a server of one's own (``workers``, ``threads``, extra ``env``); stopped after the test."""
    started: list[Server] = []

    def start(workers: int = 1, threads: int | None = None, env: dict | None = None) -> Server:
        started.append(Server(_database_url(app), workers=workers, threads=threads, env=env))
        return started[-1]

    yield start
    for running in started:
        running.stop()


@pytest.fixture(autouse=True)
def _the_server_wrote(app):
    """The server's writes are not seen by tests/conftest.py's write watch: empty the tables after every test."""
    yield
    app.extensions["tests.writes"].dirty = True


# --------------------------------------------------------------------------- helpers


def at_once(*calls: Callable[[], T]) -> list[T]:
    """Run the calls in threads released at the same moment (a barrier); their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait(timeout=REQUEST_TIMEOUT)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        return [future.result() for future in futures]


def assert_no_server_errors(responses: Iterable[Response], server: Server) -> None:
    failed = [f"{response.status} {response.url}" for response in responses if response.status >= 500]
    assert not failed, f"{len(failed)} server errors: {failed[:5]}\n--- server log ---\n{server.log()}"
