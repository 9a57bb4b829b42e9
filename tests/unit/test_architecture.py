"""The shape of the package (ARCHITECTURE.md): pure cores stay pure, and every module imports first.

Each check runs in a fresh interpreter, because this test process has long since imported everything.
The one-way order of the features is checked by import-linter in `make lint` (pyproject.toml).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_CORES = (
    "portal.help.matching",
    "portal.help.matching_best_set",
    "portal.signals.clustering",
    "portal.initiatives.lifecycle",
)
WEB_AND_DATABASE = ("flask", "flask_sqlalchemy", "sqlalchemy", "flask_babel", "werkzeug", "wtforms")

# Imports each named module in a child of a process that has imported nothing of the portal, and prints
# the ones that fail with the error. The libraries are loaded once before forking (they are not ours and
# cannot hide a cycle among our modules), so ~150 fresh imports take seconds, not a minute.
FORK_EACH = """
import os, sys, traceback
import flask, flask_babel, flask_login, flask_limiter, flask_migrate, flask_sqlalchemy, flask_wtf, wtforms
import sqlalchemy, sqlalchemy.orm, numpy, scipy.sparse, scipy.sparse.csgraph, PIL.Image, icalendar, snowballstemmer
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        try:
            __import__(name)
        except BaseException:
            print(name, traceback.format_exc(limit=-3).replace(chr(10), ' | '))
            sys.stdout.flush()
            os._exit(1)
        os._exit(0)
    os.waitpid(pid, 0)
"""


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)  # noqa: S603


@pytest.mark.parametrize("module", PURE_CORES)
def test_a_pure_core_imports_without_flask_or_the_database(module):
    result = _run(f"import sys, {module}; print(sorted({{m.split('.')[0] for m in sys.modules}}))")
    assert result.returncode == 0, result.stderr[-800:]
    loaded = set(eval(result.stdout))  # noqa: S307 - our own child's printed list
    assert not loaded & set(WEB_AND_DATABASE), f"{module} loads {sorted(loaded & set(WEB_AND_DATABASE))}"


def test_every_module_of_the_portal_imports_first():
    """No module depends on another having been imported before it (no import cycles that bite)."""
    modules = []
    for path in sorted((ROOT / "portal").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts or parts[-1] == "__main__":
            continue
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    assert len(modules) > 100
    result = _run(FORK_EACH, *modules)
    assert result.returncode == 0, result.stderr[-800:]
    assert result.stdout == "", result.stdout
