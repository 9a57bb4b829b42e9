"""Configuration comes from the environment; production refuses unsafe settings, all named at once."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from portal import create_app
from portal.config import DEV_SECRET_KEY, ConfigError, Settings, check_config, secret_key_problem

ROOT = Path(__file__).resolve().parents[2]

# Keys made by secrets.token_urlsafe(48), token_urlsafe(24) and token_hex(16): what operators are told to use.
GOOD_KEYS = [
    "q5Jc1oG3pWb0JfJ0pGmT8vJgkz4cS1m2YVjQ0sZr7uHn3yL0eA9wPqXk2bC6dFhT",
    "4rN9bVx2QkL7mZp0sT5wYc8hJ3fG6dA1",
    "9f86d081884c7d659a2feaa0c55ad015",
    "0e6c1b6d5e8a4f7c9b3a2d1e0f9c8b7a",
]
GOOD_PRODUCTION = {
    "ENV": "production",
    "SECRET_KEY": GOOD_KEYS[0],
    "SESSION_COOKIE_SECURE": "true",
    "BASE_URL": "https://buurtportaal.example.nl",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
    "MAIL_SERVER": "smtp.example.nl",
    "DATABASE_URL": "postgresql+psycopg://buurt@db.example.nl/buurtportaal",
}


def test_environment_overrides_defaults():
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgresql+psycopg://x@h/db",
            "MAIL_PORT": "2525",
            "MAIL_USE_TLS": "true",
            "LANGUAGES": "nl,en",
        }
    )
    assert settings.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://x@h/db"
    assert settings.MAIL_PORT == 2525 and settings.MAIL_USE_TLS is True
    assert settings.LANGUAGES == ("nl", "en")


def test_defaults_are_development_and_dutch_and_fine():
    settings = Settings.from_env({})
    assert settings.ENV == "development" and settings.BABEL_DEFAULT_LOCALE == "nl"
    assert settings.RATELIMIT_STORAGE_URI == "memory://"
    assert settings.problems() == []


def test_a_safe_production_configuration_passes():
    assert Settings.from_env(GOOD_PRODUCTION).problems() == []


@pytest.mark.parametrize("env", ["prod", "Production", "staging", "productie"])
def test_an_unknown_env_stops_start_up_naming_the_allowed_values(env):
    """A misspelt ENV=prod used to skip every production check."""
    with pytest.raises(ConfigError) as refused:
        Settings.from_env({"ENV": env}).validate()
    assert "ENV must be one of development, testing, production" in str(refused.value)
    with pytest.raises(ConfigError, match="development, testing, production"):
        create_app({"ENV": env})


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"SESSION_COOKIE_SECURE": "false"}, "SESSION_COOKIE_SECURE"),
        ({"SESSION_COOKIE_SECURE": ""}, "SESSION_COOKIE_SECURE"),  # unset: the default, false
        ({"BASE_URL": "http://buurtportaal.example.nl"}, "BASE_URL"),
        ({"BASE_URL": "http://127.0.0.1:5000"}, "BASE_URL"),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "RATELIMIT_STORAGE_URI"),
        ({"RATELIMIT_ENABLED": "false"}, "RATELIMIT_ENABLED"),
        ({"SECRET_KEY": ""}, "SECRET_KEY is the development key"),
        ({"SECRET_KEY": DEV_SECRET_KEY}, "SECRET_KEY is the development key"),
        ({"SECRET_KEY": "x" * 40}, "SECRET_KEY"),
        ({"SECRET_KEY": "short-but-random-Q7v"}, "SECRET_KEY must be at least 32 characters"),
        ({"MAIL_SERVER": ""}, "MAIL_SERVER"),
        ({"DATABASE_URL": ""}, "SQLite"),
        ({"DATABASE_URL": "sqlite:////srv/buurtportaal.sqlite"}, "SQLite"),
    ],
)
def test_production_refuses_each_unsafe_setting(change, named):
    problems = Settings.from_env({**GOOD_PRODUCTION, **change}).problems()
    assert len(problems) == 1 and named in problems[0], problems


def test_sqlite_in_production_only_when_explicitly_allowed():
    env = {**GOOD_PRODUCTION, "DATABASE_URL": "sqlite:////srv/buurtportaal.sqlite"}
    assert Settings.from_env({**env, "ALLOW_SQLITE_IN_PRODUCTION": "true"}).problems() == []


def test_every_problem_is_reported_at_once():
    """The attack's production: insecure cookies, http, SQLite, memory://, 32 identical letters, no mail."""
    env = {"ENV": "production", "SECRET_KEY": "a" * 32, "MAIL_PORT": "twenty-five", "SESSION_COOKIE_SECURE": "ja"}
    with pytest.raises(ConfigError) as refused:
        Settings.from_env(env).validate()
    problems = refused.value.problems
    for name in (
        "MAIL_PORT",
        "SESSION_COOKIE_SECURE must be true or false",
        "SECRET_KEY is one character repeated",
        "SESSION_COOKIE_SECURE must be true in production",
        "BASE_URL must start with https://",
        "RATELIMIT_STORAGE_URI",
        "MAIL_SERVER",
        "SQLite",
    ):
        assert sum(name in problem for problem in problems) == 1, (name, problems)
    assert len(problems) == 8
    assert all(f"- {problem}" in str(refused.value) for problem in problems)


def test_the_app_refuses_to_start_in_production_with_unsafe_settings():
    with pytest.raises(ConfigError) as refused:
        create_app({"ENV": "production", "SECRET_KEY": "abcdefghijklmnopqrstuvwxyz0123456789", "MAIL_SERVER": "smtp"})
    text = str(refused.value)
    assert "SECRET_KEY" in text and "SESSION_COOKIE_SECURE" in text and "RATELIMIT_STORAGE_URI" in text


@pytest.mark.parametrize(
    "key",
    [
        "a" * 32,
        "Z" * 64,
        "abcdefghijklmnopqrstuvwxyz012345",  # sequential
        "abcdefghijklmnopqrstuvwxyzabcdefghijkl",  # sequential, wrapping round
        "0123456789" * 4,  # a repeated pattern
        "01234567890123456789012345678901",
        "zyxwvutsrqponmlkjihgfedcba9876543210",  # sequential, backwards
        "aabbccddeeffgghhiijjkkllmmnnoopp",  # equal and consecutive
        "passwordpasswordpasswordpassword",  # a word repeated
        "abababababababababababababababab",
        "ab12ab12ab12ab12ab12ab12ab12ab12ab",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",  # almost one character
        "1111111122222222333333334444444455",  # few different characters
    ],
)
def test_low_entropy_secret_keys_are_refused(key):
    assert secret_key_problem(key) is not None


@pytest.mark.parametrize("key", GOOD_KEYS)
def test_random_secret_keys_pass(key):
    assert secret_key_problem(key) is None


def test_unreadable_values_are_reported_not_crashed_on():
    problems = Settings.from_env({"MAIL_PORT": "abc", "SESSION_COOKIE_SECURE": "ture"}).problems()
    assert problems == [
        "MAIL_PORT must be a whole number; it is 'abc'.",
        "SESSION_COOKIE_SECURE must be true or false; it is 'ture'.",
    ]


def test_every_configured_language_needs_a_catalogue():
    with pytest.raises(ConfigError, match="'fy'"):
        Settings.from_env({"LANGUAGES": "nl,en,fy"}).validate()


def test_secure_cookies_are_host_only_and_the_remember_cookie_follows():
    app = create_app(
        {"SESSION_COOKIE_SECURE": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_ENABLED": False}
    )
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["REMEMBER_COOKIE_NAME"] == "__Host-remember_token"
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


# --------------------------------------------------------------------------- check-config


def _clean_environment(**values) -> dict:
    """The test process's environment without any setting of ours, plus ``values``."""
    ours = {item for item in Settings.__dataclass_fields__} | {"DATABASE_URL"}
    return {**{k: v for k, v in os.environ.items() if k not in ours}, **values}


def test_check_config_lists_every_problem_and_fails(monkeypatch):
    for name in (*Settings.__dataclass_fields__, "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(check_config, env={"ENV": "production", "SECRET_KEY": "a" * 32})
    assert result.exit_code == 1
    assert "The configuration has 6 problem(s):" in result.output
    for name in ("SECRET_KEY", "SESSION_COOKIE_SECURE", "BASE_URL", "RATELIMIT_STORAGE_URI", "MAIL_SERVER", "SQLite"):
        assert name in result.output


def test_check_config_says_ok(monkeypatch):
    for name in (*Settings.__dataclass_fields__, "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(check_config, env=GOOD_PRODUCTION)
    assert result.exit_code == 0 and result.output == "OK\n"


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "flask", "--app", "portal", "check-config"],
        [sys.executable, "-m", "portal.config"],
    ],
)
def test_check_config_runs_when_the_app_would_refuse_to_start(command):
    """`flask --app portal check-config` is a plugin command: it never builds the app that would refuse."""
    bad = _clean_environment(ENV="production", SECRET_KEY="abcdefghijklmnopqrstuvwxyz0123456789")
    result = subprocess.run(command, cwd=ROOT, env=bad, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "The configuration has 6 problem(s):" in result.stdout
    assert "SECRET_KEY is mostly a run of consecutive" in result.stdout

    good = _clean_environment(**GOOD_PRODUCTION)
    result = subprocess.run(command, cwd=ROOT, env=good, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (0, "OK\n"), result.stderr
