"""The shape of the package (ARCHITECTURE.md): pure cores stay pure, and every module imports first.

Each check runs in a fresh interpreter, because this test process has long since imported everything.
The one-way order of the features is checked by import-linter in `make lint` (pyproject.toml).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_CORES = (
    "portal.help.matching",
    "portal.help.matching_best_set",
    "portal.help.matching_text",
    "portal.signals.clustering",
    "portal.signals.scrub",
    "portal.initiatives.lifecycle",
    "portal.indicators.periods",
    "portal.text_nl",
)
WEB_AND_DATABASE = ("flask", "flask_sqlalchemy", "sqlalchemy", "flask_babel", "werkzeug", "wtforms")


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)  # noqa: S603


@pytest.mark.parametrize("module", PURE_CORES)
def test_a_pure_core_imports_without_flask_or_the_database(module):
    result = _run(f"import sys, {module}; print(sorted({{m.split('.')[0] for m in sys.modules}}))")
    assert result.returncode == 0, result.stderr[-800:]
    loaded = set(eval(result.stdout))  # noqa: S307 - our own child's printed list
    assert not loaded & set(WEB_AND_DATABASE), f"{module} loads {sorted(loaded & set(WEB_AND_DATABASE))}"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports_at_load(path: Path, name: str, known: set[str]) -> set[str]:
    """The portal modules ``path`` imports while it loads (module level, not inside functions)."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def test_every_module_of_the_portal_imports_first():
    """No cycle among the imports modules run while loading, so no module needs another loaded before it.

    (import-linter in `make lint` also checks the imports inside functions, and the feature order.)
    """
    paths = {_module_name(path): path for path in (ROOT / "portal").rglob("*.py") if "migrations" not in path.parts}
    known = set(paths)
    graph = {name: _imports_at_load(path, name, known) for name, path in paths.items()}
    # A package is loaded before its modules: importing a.b runs a/__init__.py first.
    for name in known:
        if "." in name:
            graph[name].add(name.rpartition(".")[0])
    cycles = [cycle for cycle in _cycles(graph)]
    assert not cycles, "import cycles while loading: " + "; ".join(" -> ".join(cycle) for cycle in cycles)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups
