"""The operations settings and the pieces of the log and the metrics gate that need no application."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from portal.config import Settings, by_environment
from portal.ops.logs import JsonFormatter, formatter_for
from portal.ops.metrics import may_read
from portal.ops.tracking import new_request_id

TOKEN = "metrics-token-7Gq2xVb9LpR4sNw8ZkT3"


def _record(message="mail %s failed", *args, exc_info=None, **extra) -> logging.LogRecord:
    record = logging.LogRecord("portal.outbox", logging.WARNING, __file__, 1, message, args, exc_info)
    record.__dict__.update(extra)
    return record


def test_a_json_line_is_one_line_with_the_extra_fields():
    line = JsonFormatter().format(_record("first\nsecond %s", 7, request_id="abc", status=200))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "first\nsecond 7"
    assert (entry["level"], entry["logger"], entry["request_id"], entry["status"]) == (
        "WARNING",
        "portal.outbox",
        "abc",
        200,
    )
    assert entry["time"].endswith("Z")


def test_a_json_line_carries_the_traceback():
    try:
        raise KeyError("missing")
    except KeyError:
        record = _record("it failed", exc_info=sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert entry["exception"].rstrip().endswith("KeyError: 'missing'")


def test_a_value_json_cannot_write_is_written_as_text():
    entry = json.loads(JsonFormatter().format(_record(when=object)))
    assert entry["when"] == "<class 'object'>"


def test_text_format_for_people():
    assert not isinstance(formatter_for("text"), JsonFormatter)
    assert isinstance(formatter_for("json"), JsonFormatter)


@pytest.mark.parametrize(
    ("offered", "kept"),
    [("abc-DEF_1.2", True), ("x" * 128, True), ("x" * 129, False), ("", False), (None, False), ("a b", False)],
)
def test_request_ids(offered, kept):
    made = new_request_id(offered)
    assert (made == offered) is kept
    if not kept:
        assert len(made) == 32 and int(made, 16) >= 0


# --------------------------------------------------------------------------- who may read the metrics


def _config(**values) -> dict:
    return {"ENV": "production", "METRICS_TOKEN": "", "METRICS_ALLOWED_IPS": None, **values}


@pytest.mark.parametrize(
    ("config", "remote", "authorization", "allowed"),
    [
        (_config(), "127.0.0.1", None, False),  # production: nobody until configured
        (_config(ENV="development"), "127.0.0.1", None, True),
        (_config(ENV="development"), "::1", None, True),
        (_config(ENV="development"), "10.0.0.1", None, False),
        (_config(METRICS_ALLOWED_IPS=("10.0.0.0/8",)), "10.200.0.1", None, True),
        (_config(METRICS_ALLOWED_IPS=("10.0.0.0/8",)), "::ffff:10.200.0.1", None, True),
        (_config(METRICS_ALLOWED_IPS="127.0.0.1, 10.0.0.0/8"), "10.1.1.1", None, True),
        (_config(METRICS_ALLOWED_IPS=("10.0.0.0/8",)), "11.0.0.1", None, False),
        (_config(METRICS_ALLOWED_IPS=("10.0.0.0/8",)), None, None, False),
        (_config(METRICS_TOKEN=TOKEN), "203.0.113.1", f"Bearer {TOKEN}", True),
        (_config(METRICS_TOKEN=TOKEN), "203.0.113.1", f"bearer  {TOKEN} ", True),
        (_config(METRICS_TOKEN=TOKEN), "203.0.113.1", f"Bearer {TOKEN}x", False),
        (_config(METRICS_TOKEN=TOKEN), "203.0.113.1", f"Basic {TOKEN}", False),
        (_config(), "203.0.113.1", "Bearer ", False),  # no token set: an empty one opens nothing
    ],
)
def test_who_may_read_the_metrics(config, remote, authorization, allowed):
    assert may_read(config, remote, authorization) is allowed


# --------------------------------------------------------------------------- the settings


def test_defaults_by_environment():
    development, production = Settings(), Settings(ENV="production")
    assert [by_environment(development, name) for name in ("LOG_FORMAT", "HEALTH_REQUIRE_JOBS")] == ["text", False]
    assert [by_environment(production, name) for name in ("LOG_FORMAT", "HEALTH_REQUIRE_JOBS")] == ["json", True]
    assert by_environment(production, "METRICS_ALLOWED_IPS") == ()
    assert by_environment(Settings(ENV="production", LOG_FORMAT="text"), "LOG_FORMAT") == "text"


def test_operations_settings_from_the_environment():
    settings = Settings.from_env(
        {"LOG_FORMAT": "json", "HEALTH_REQUIRE_JOBS": "false", "METRICS_ALLOWED_IPS": "127.0.0.1, 10.0.0.0/8"}
    )
    assert (settings.LOG_FORMAT, settings.HEALTH_REQUIRE_JOBS) == ("json", False)
    assert settings.METRICS_ALLOWED_IPS == ("127.0.0.1", "10.0.0.0/8")
    assert Settings.from_env({}).HEALTH_REQUIRE_JOBS is None
    assert "HEALTH_REQUIRE_JOBS must be true or false" in " ".join(
        Settings.from_env({"HEALTH_REQUIRE_JOBS": "maybe"}).problems()
    )


def test_wrong_operations_settings_are_problems():
    problems = " ".join(Settings(LOG_FORMAT="xml", METRICS_ALLOWED_IPS=("10.0.0.0/8", "intranet")).problems())
    assert "LOG_FORMAT must be one of json, text; it is 'xml'" in problems
    assert "METRICS_ALLOWED_IPS: 'intranet' is no address or network" in problems
    assert "10.1.0.0/16" not in problems  # a good entry is no problem
    weak = " ".join(Settings(ENV="production", METRICS_TOKEN="secret").problems())
    assert "METRICS_TOKEN must be at least 32 characters long" in weak
    strong = " ".join(Settings(ENV="production", METRICS_TOKEN=TOKEN).problems())
    assert "METRICS_TOKEN" not in strong
