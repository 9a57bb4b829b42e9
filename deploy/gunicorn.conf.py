"""gunicorn settings for Buurtportaal: `gunicorn --config deploy/gunicorn.conf.py wsgi:app`.

Read from the environment (the service's EnvironmentFile, deploy/buurtportaal.env.example):

- GUNICORN_BIND: address and port to listen on (default 127.0.0.1:8000). Behind nginx on another machine, the
  private address the proxy reaches; never a public one (TRUSTED_PROXIES=1 believes X-Forwarded-For).
- GUNICORN_WORKERS (or WEB_CONCURRENCY): worker processes (default 2 × CPU cores + 1).
- GUNICORN_TIMEOUT: seconds a request may take before its worker is replaced (default 30).
- GUNICORN_GRACEFUL_TIMEOUT: seconds a stop (SIGTERM) or restart waits for the requests in progress
  (default 20; the web unit's TimeoutStopSec is longer).
- PROMETHEUS_MULTIPROC_DIR: where the workers write their metrics for /metrics (set by the web unit to a
  runtime directory of its own; emptied here when gunicorn starts, as prometheus_client requires).

No access log: the application writes one JSON line per request itself (portal/ops).
"""

import importlib.util
import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


bind = [os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"]
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
proc_name = "buurtportaal-web"
accesslog = None
errorlog = "-"
loglevel = "info"
# Stopped and restarted by systemd's signals (SIGTERM, SIGHUP); no control socket in $HOME or $XDG_RUNTIME_DIR.
control_socket_disable = True


def on_starting(server):
    """Empty the multi-process metrics directory: files of a previous run would count again."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if not directory:
        return
    path = Path(directory)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()


def child_exit(server, worker):
    """Tell the metrics that a worker ended, so its live gauges stop counting (portal/ops/metrics.py)."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip():
        return
    if importlib.util.find_spec("portal.ops.metrics") is None:  # a release without the metrics
        return
    from portal.ops import metrics

    hook = getattr(metrics, "child_exit", None)
    if hook is not None:
        hook(server, worker)
