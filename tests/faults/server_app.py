"""The application as the fault tests serve it with gunicorn: ``tests.faults.server_app:app``.

Everything else comes from the environment the ``start_server`` fixture sets (DATABASE_URL, SECRET_KEY,
RATELIMIT_ENABLED, ...). CSRF is not a setting, so it is switched here: off unless FAULTS_CSRF=on. As in
tests/conftest.py, the server's commits need not reach the disk. FAULTS_SWITCH_INTERVAL (seconds, e.g. 1e-6)
makes Python switch threads that often, so races between a threaded server's requests show up at once.
"""

from __future__ import annotations

import os
import sqlite3
import sys

from sqlalchemy import Engine, event

from portal import create_app


@event.listens_for(Engine, "connect")
def _skip_the_flush(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor.execute("PRAGMA synchronous=OFF")
    else:
        cursor.execute("SET synchronous_commit TO off")
    cursor.close()


if os.environ.get("FAULTS_SWITCH_INTERVAL"):
    sys.setswitchinterval(float(os.environ["FAULTS_SWITCH_INTERVAL"]))

app = create_app({"WTF_CSRF_ENABLED": os.environ.get("FAULTS_CSRF", "off") == "on", "SERVER_NAME": None})
