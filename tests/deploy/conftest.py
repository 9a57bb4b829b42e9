"""Fixtures for the deployment tests: Buurtportaal on two gunicorn instances behind nginx, run by `.ci/cluster`.

These tests are collected only when CLUSTER_URL is set, as `bash .ci/cluster` sets it (with the other CLUSTER_*
variables) after starting everything; `make test` leaves them out. They speak HTTP to the running servers, never
to the application in this process, so the root conftest's per-test database fixtures are switched off here.

``cluster`` knows the addresses, stops an instance the way systemd does (SIGTERM: gunicorn finishes the requests in
progress) and starts one again with `bash .ci/cluster run-instance`, the command line `.ci/cluster` used. What it
starts it stops again at the end, so nothing outlives the run.
"""

from __future__ import annotations

import os
import signal
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
READY_PATH = "/healthz/ready"

if not os.environ.get("CLUSTER_URL"):
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(autouse=True)
def _empty_database():
    """Overrides the root conftest's: no database of this process is involved."""
    yield


@pytest.fixture(autouse=True)
def _cheap_password_hashing():
    """Overrides the root conftest's: the servers hash with the production cost."""
    yield


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a process that ended but was not yet reaped by its parent does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@dataclass
class Cluster:
    url: str  # nginx, HTTPS
    http_url: str  # nginx, plain HTTP (redirects)
    context: ssl.SSLContext
    run: Path
    ports: dict[str, int]  # instance name -> port
    spare_port: int
    database_url: str
    restore_db: str
    metrics_token: str
    started: dict[str, subprocess.Popen] = field(default_factory=dict)

    def instance(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def pid(self, name: str) -> int:
        return int((self.run / "pids" / f"web-{name}.pid").read_text())

    def stop(self, name: str, timeout: float = 30) -> None:
        """SIGTERM to the instance's gunicorn, as `systemctl stop` sends; returns once it has ended."""
        pid = self.pid(name)
        os.kill(pid, signal.SIGTERM)
        own = self.started.pop(name, None)
        if own is not None:
            own.wait(timeout)
            return
        deadline = time.monotonic() + timeout
        while alive(pid):
            assert time.monotonic() < deadline, f"instance {name} still runs {timeout} s after SIGTERM"
            time.sleep(0.05)

    def start(self, name: str, port: int | None = None, database_url: str | None = None) -> str:
        """Start the instance ``name`` (again) and wait until it is ready; returns its address."""
        port = port or self.ports[name]
        self.ports[name] = port
        command = ["bash", str(ROOT / ".ci" / "cluster"), "run-instance", name, str(port)]
        if database_url:
            command.append(database_url)
        process = subprocess.Popen(command, env=os.environ | {"CLUSTER_RUN": str(self.run)})  # noqa: S603
        self.started[name] = process
        address = self.instance(name)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(address + READY_PATH, timeout=2) as answer:  # noqa: S310 - a local address
                    if answer.status == 200:
                        return address
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if process.poll() is not None:
                log = (self.run / "logs" / f"web-{name}.log").read_text()[-3000:]
                pytest.fail(f"instance {name} ended while starting:\n{log}")
            assert time.monotonic() < deadline, f"instance {name} not ready on port {port} after 60 s"
            time.sleep(0.2)

    def stop_what_was_started(self) -> None:
        for name in list(self.started):
            self.stop(name)


@pytest.fixture(scope="session")
def cluster():
    context = ssl.create_default_context(cafile=os.environ["CLUSTER_CA"])
    ports = dict(pair.split("=") for pair in os.environ["CLUSTER_INSTANCES"].split(","))
    running = Cluster(
        url=os.environ["CLUSTER_URL"],
        http_url=os.environ["CLUSTER_HTTP_URL"],
        context=context,
        run=Path(os.environ["CLUSTER_RUN"]),
        ports={name: int(port) for name, port in ports.items()},
        spare_port=int(os.environ["CLUSTER_SPARE_PORT"]),
        database_url=os.environ["CLUSTER_DATABASE_URL"],
        restore_db=os.environ["CLUSTER_RESTORE_DB"],
        metrics_token=os.environ["CLUSTER_METRICS_TOKEN"],
    )
    yield running
    running.stop_what_was_started()
