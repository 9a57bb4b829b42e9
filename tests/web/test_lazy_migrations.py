"""Flask-Migrate (with alembic and mako, ~8 MB a process) is loaded by ``flask db ...`` and the tests' migrations
only: a web worker, its readiness check included, never loads it."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from portal.ops import health

ROOT = Path(__file__).resolve().parent.parent.parent
HEAVY = ("alembic", "mako", "flask_migrate", "numpy", "scipy")


def _loaded_after(code: str, env: dict | None = None) -> list[str]:
    probe = f"import sys\n{code}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    )
    return eval(result.stdout.strip().splitlines()[-1])  # noqa: S307 - a list of names printed just above


def test_the_production_app_loads_no_migrations_nor_numpy(tmp_path):
    env = os.environ | {
        "ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite'}",
        "ALLOW_SQLITE_IN_PRODUCTION": "true",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
        "SESSION_COOKIE_SECURE": "true",
        "BASE_URL": "https://buurtportaal.example",
        "MAIL_SERVER": "smtp.example.invalid",
        "INSTANCE_PATH": str(tmp_path),
    }
    assert _loaded_after("import wsgi", env) == []


def test_the_readiness_check_loads_no_migrations():
    code = (
        "from portal import create_app\n"
        "app = create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'TESTING': True})\n"
        "response = app.test_client().get('/healthz/ready')\n"
        "assert 'no migrations applied' in response.get_data(as_text=True), response.get_data(as_text=True)"
    )
    assert _loaded_after(code) == []


def test_the_readiness_check_reads_the_scripts_as_alembic_does(app):
    with app.app_context():
        directory = app.extensions["migrate"].directory
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    heads, revisions = health._script(directory)
    assert heads == frozenset(script.get_heads())
    assert revisions == frozenset(revision.revision for revision in script.walk_revisions())


def test_flask_db_still_works(tmp_path):
    """``flask db upgrade`` (as ``make run`` and a release run it), ``heads`` and ``current``, on a scratch database."""
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'scratch.sqlite'}", "INSTANCE_PATH": str(tmp_path)}
    env.pop("ENV", None)
    flask = [sys.executable, "-m", "flask", "--app", "portal"]

    def run(*args: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own interpreter and command
            [*flask, *args], capture_output=True, text=True, check=True, cwd=ROOT, env=env
        )
        return result.stdout

    (head,) = health._script(str(ROOT / "portal" / "migrations"))[0]
    assert f"{head} (head)" in run("db", "heads")
    run("db", "upgrade")
    assert head in run("db", "current")
    assert "Perform database migrations." in run("--help")
