"""Real-browser fixtures: the app served in-process, Debian's Chromium driven by Playwright.

* ``live_server`` starts the app (werkzeug ``make_server`` in a thread) on 127.0.0.1 and a
  free port, on a fresh SQLite database upgraded by the Alembic migrations and filled with
  the demo data (``portal.demo.loader.load_demo``). CSRF is on, as in production.
* ``browser_type_launch_args`` points Playwright at ``$CHROMIUM_PATH`` (default
  ``/usr/bin/chromium``); Playwright's own browsers are never downloaded.
* ``log_in(context, role)`` logs a demo account in through the real log-in form.
* The checkers (axe-core, the Nu HTML Checker) live in tests/browser/.node, installed by
  ``bash .ci/browser-setup``; see tests/browser/README.md.

The root conftest's per-test emptying of the database is switched off here: instead every
test starts from a copy of the freshly loaded demo database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import traceback
from pathlib import Path

import pytest
from flask import got_request_exception
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.browser import report
from tests.browser.support import LiveServer, log_in

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NODE_MODULES = HERE / ".node" / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SECRET_KEY = "browser-test-secret-key-0123456789abcdefghijklmnop"  # >= 32 characters
SETUP_HINT = "run `bash .ci/browser-setup` (as root) first; see tests/browser/README.md"


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


# --------------------------------------------------------------------------- the app


@pytest.fixture(autouse=True)
def _empty_database():
    """Overrides tests/conftest.py, which would empty the database after each test."""
    yield


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # one line per request would drown the output
        pass


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from flask_migrate import upgrade

    from portal import create_app
    from portal.demo import loader
    from portal.extensions import db
    from tests.conftest import _compile_catalogues

    _compile_catalogues()
    database = tmp_path_factory.mktemp("browser-db") / "demo.sqlite"
    app = create_app(
        {
            "SECRET_KEY": SECRET_KEY,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": True,
            "MAIL_SERVER": "",
            "SERVER_NAME": None,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url
    with app.app_context():
        upgrade()
        loader.load_demo()
        db.session.remove()
    pristine = database.with_name("demo-pristine.sqlite")
    _sqlite_copy(database, pristine)

    live = LiveServer(app, url)
    live.reset_data = lambda: _sqlite_copy(pristine, database)

    def record(sender, exception, **extra):
        live.errors.append("".join(traceback.format_exception(exception)))

    got_request_exception.connect(record, app)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield live
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    got_request_exception.disconnect(record, app)
    with app.app_context():
        db.engine.dispose()


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database over another with SQLite's online backup (safe while served)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


@pytest.fixture(autouse=True)
def _fresh_demo_data(request):
    """Every test starts from the demo data as loaded (the crawler's empty forms may save blanks)."""
    if "live_server" in request.fixturenames:
        request.getfixturevalue("live_server").reset_data()


@pytest.fixture(autouse=True)
def _no_server_errors(request):
    """Fail a test during which the app raised an exception (a 500 page in the browser)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    live = request.getfixturevalue("live_server")
    before = len(live.errors)
    yield
    new = live.errors[before:]
    if new:
        pytest.fail("The app raised while serving this test:\n" + "\n".join(new), pytrace=False)


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """pytest-playwright gives every context this base URL, so page.goto("/") works."""
    return live_server.url


@pytest.fixture(scope="session")
def demo():
    """The demo data contract: DEMO_PASSWORD and DEMO_LOGINS (role -> e-mail)."""
    from portal.demo import loader

    return loader


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        pytest.fail(f"No Chromium at {executable} (set CHROMIUM_PATH or {SETUP_HINT})", pytrace=False)
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Dutch browser in Dutch time. No viewport here: tests pass their own (default 1280x720)."""
    return {
        **browser_context_args,
        "locale": "nl-NL",
        "timezone_id": "Europe/Amsterdam",
    }


@pytest.fixture
def new_context(new_context):
    """pytest-playwright's context factory, with a 10 s limit per action instead of 30 s."""

    def make(**kwargs):
        context = new_context(**kwargs)
        context.set_default_timeout(10_000)
        return context

    return make


@pytest.fixture
def role_context(new_context, live_server):
    """``role_context(role, **context_args)``: a new browser context, logged in as the demo ``role``."""

    def make(role: str, **kwargs):
        context = new_context(**kwargs)
        log_in(context, live_server, role)
        return context

    return make


# --------------------------------------------------------------------------- the checkers


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing at {AXE_JS}: {SETUP_HINT}", pytrace=False)
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    java = shutil.which("java")
    if not java:
        pytest.fail(f"No java on PATH for the Nu HTML Checker: {SETUP_HINT}", pytrace=False)
    if not VNU_JAR.is_file():
        pytest.fail(f"vnu.jar is missing at {VNU_JAR}: {SETUP_HINT}", pytrace=False)
    return [java, "-Xss1024k", "-jar", str(VNU_JAR)]


def pytest_terminal_summary(terminalreporter):
    report.write_summary(terminalreporter)
