"""Typed configuration: defaults, environment overrides and a start-up check.

Settings are read when the application is created, never at import time. ``Settings.problems()``
lists everything that is wrong at once; the application factory refuses to start with any of them
(one ConfigError naming all), and ``flask --app portal check-config`` (also ``python -m
portal.config``) prints them without building the application, so it runs exactly when the
application would refuse to.
"""

from __future__ import annotations

import ipaddress
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

import click

from portal.themes.theme import problems as theme_problems

DEV_SECRET_KEY = "dev-not-secret-change-me"  # noqa: S105 - a marker, refused in production
ENVIRONMENTS = ("development", "testing", "production")
MIN_SECRET_KEY_LENGTH = 32
# A key's characters can carry at most length × log2(distinct characters) bits: 32 hex digits carry 128.
MIN_SECRET_KEY_BITS = 96
HOW_TO_MAKE_ONE = 'generate one with: python -c "import secrets; print(secrets.token_urlsafe(48))"'
TRUE_WORDS, FALSE_WORDS = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}
LOG_FORMATS = ("json", "text")
# Operations settings whose default depends on ENV: (in production, elsewhere). Production logs JSON for a log
# collector and insists on the jobs' heartbeat; a development machine or a test run has people reading the log,
# often no jobs runner, and may scrape /metrics from the machine itself.
ENVIRONMENT_DEFAULTS = {
    "LOG_FORMAT": ("json", "text"),
    "HEALTH_REQUIRE_JOBS": (True, False),
    "METRICS_ALLOWED_IPS": ((), ("127.0.0.1", "::1")),
    "HELP_BEST_SET_IN_BACKGROUND": (True, False),
}


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration cannot be used safely; ``problems`` lists every reason."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("The configuration cannot be used:\n" + "\n".join(f"- {p}" for p in self.problems))


@dataclass
class Settings:
    ENV: str = "development"
    SECRET_KEY: str = DEV_SECRET_KEY
    SQLALCHEMY_DATABASE_URI: str = ""
    BABEL_DEFAULT_LOCALE: str = "nl"
    LANGUAGES: tuple[str, ...] = ("nl", "en")
    MAIL_SERVER: str = ""
    MAIL_PORT: int = 25
    MAIL_USERNAME: str = ""
    MAIL_PASSWORD: str = ""
    MAIL_USE_TLS: bool = False
    MAIL_USE_SSL: bool = False
    MAIL_FROM: str = "Buurtportaal <noreply@buurtportaal.local>"
    MAIL_TIMEOUT: int = 10
    RATELIMIT_STORAGE_URI: str = "memory://"
    RATELIMIT_ENABLED: bool = True
    PASSWORD_RESET_MAX_AGE: int = 3600
    BASE_URL: str = "http://127.0.0.1:5000"
    SESSION_COOKIE_SECURE: bool = False  # true behind HTTPS; production refuses false, and then HSTS is sent
    ALLOW_SQLITE_IN_PRODUCTION: bool = False  # production refuses SQLite unless this says it was meant
    TRUSTED_PROXIES: int = 0  # reverse proxies in front: their X-Forwarded-* headers are believed
    # Signals: a cluster stays open this long after its newest signal, and counts as recurring with
    # at least this many signals from at least this many different reporters.
    SIGNAL_WINDOW_DAYS: int = 180
    SIGNAL_MIN_SIGNALS: int = 3
    SIGNAL_MIN_REPORTERS: int = 2
    # Help: the workers of a request's team are told (once) when it has waited this many days without a proposal.
    HELP_WAITING_DAYS: int = 3
    # Help that lasts: a match not heard of (nothing marked given, no day planned) for this many days is asked about
    # ("did it happen?"), and closed when still nobody answers this many days later, giving the helper's place back.
    HELP_STALE_DAYS: int = 21
    HELP_STALE_CLOSE_DAYS: int = 7
    # Help: an area's best set of matches (numpy, scipy, every offer within reach) is worked out by the jobs runner,
    # never in a web worker; the console shows the latest one stored. Unset: true in production (a web worker stays
    # small), false elsewhere (tests and `make run` work it out in the request, no runner needed).
    HELP_BEST_SET_IN_BACKGROUND: bool | None = None
    # The municipality's general phone number, named where the portal cannot help itself (Haren and Ten Boer).
    MUNICIPALITY_PHONE: str = "14 050"
    # The accessibility statement on /toegankelijkheid: a TOML file the municipality fills in (README, "Accessibility
    # statement"); empty: portal/pages/accessibility-statement.toml, this software's own honest default.
    ACCESSIBILITY_STATEMENT: str = ""
    # Indicators: the nightly snapshot takes yesterday again with this many days before it, so that a complaint
    # falling due (6 weeks) or a cluster taken up in a project later still counts; older days stay as stored.
    INDICATORS_SETTLE_DAYS: int = 62
    # Privacy: who answers for the personal data (named on the privacy page) and how long it is kept.
    # `flask --app portal privacy purge`, run daily, removes what is older; the privacy page states each period.
    CONTROLLER_NAME: str = "Gemeente Groningen"
    # The municipality's look: portal/themes/<THEME>.toml (name, logo, favicon, colours). README, "Look and theme".
    THEME: str = "groningen"
    OUTBOX_RETENTION_DAYS: int = 30  # delivered mail (and mail given up on) is deleted after this many days
    SIGNAL_CONTACT_RETENTION_DAYS: int = 365  # anonymous reporters' contact details, counted from the matter's close
    HELP_TEXT_RETENTION_DAYS: int = 90  # the free text of a closed help request (and of its matches)
    UNCONFIRMED_ACCOUNT_DAYS: int = 14  # an account whose address was never confirmed is deleted
    # Operations (portal/ops). Left unset (None), these take their default for the environment (ENVIRONMENT_DEFAULTS:
    # production's, or development's and testing's), read with by_environment().
    LOG_FORMAT: str | None = None  # "json" (one JSON object a line) or "text" (for people reading a terminal)
    # Whether /healthz/ready answers 503 when a scheduled job is stale or never ran; false: reported, never 503.
    HEALTH_REQUIRE_JOBS: bool | None = None
    METRICS_TOKEN: str = ""  # /metrics answers a request with "Authorization: Bearer <this>" (empty: no token)
    # ... and requests from these addresses or networks, e.g. "127.0.0.1,10.0.0.0/8" (the address after ProxyFix).
    METRICS_ALLOWED_IPS: tuple[str, ...] | None = None
    # Shared caches (portal/cache.py): Redis at this address (e.g. redis://127.0.0.1:6379/1), shared by every process
    # and machine; empty: the database's cache_entry table. CACHE_ENABLED false builds everything on every request.
    CACHE_REDIS_URL: str = ""
    CACHE_ENABLED: bool = True
    # Public pages for visitors who are not logged in are kept this long at most (portal/page_cache.py); 0: never kept.
    PAGE_CACHE_SECONDS: int = 300

    # Environment variables that could not be read (e.g. MAIL_PORT=abc): reported by problems().
    _unreadable: list[str] = field(default_factory=list, init=False, repr=False, compare=False)

    @classmethod
    def from_env(cls, environ: os._Environ | dict | None = None) -> Settings:
        """Build settings from environment variables; absent ones keep defaults, unreadable ones are noted."""
        environ = os.environ if environ is None else environ
        values, unreadable = {}, []
        aliases = {"SQLALCHEMY_DATABASE_URI": "DATABASE_URL"}
        for item in fields(cls):
            if not item.init:
                continue
            name = aliases.get(item.name, item.name)
            raw = environ.get(name)
            if raw is None and name != item.name:
                raw = environ.get(item.name)
            if raw is None or raw == "":
                continue
            try:
                values[item.name] = _coerce(item.type, raw)
            except ValueError as error:
                unreadable.append(f"{name} {error}; it is {raw!r}.")
        settings = cls(**values)
        settings._unreadable = unreadable
        return settings

    def as_config(self) -> dict:
        """The settings as Flask config keys."""
        return {item.name: getattr(self, item.name) for item in fields(self) if item.init}

    def problems(self) -> list[str]:
        """Everything that keeps these settings from being used, in one list (empty: fine)."""
        problems = list(self._unreadable)
        if self.ENV not in ENVIRONMENTS:
            problems.append(f"ENV must be one of {', '.join(ENVIRONMENTS)}; it is {self.ENV!r}.")
        base = urlsplit(self.BASE_URL)
        if base.scheme not in ("http", "https") or not base.netloc:
            problems.append(
                f"BASE_URL must be the public address, like https://buurtportaal.example.nl; it is {self.BASE_URL!r}."
            )
        problems.extend(self._operations_problems())
        problems.extend(f"THEME {self.THEME!r}: {problem}." for problem in theme_problems(self.THEME))
        if self.ENV == "production":
            problems.extend(self._production_problems())
        for lang in self.LANGUAGES:
            po = Path(__file__).resolve().parent.parent / "translations" / lang / "LC_MESSAGES" / "messages.po"
            if not po.exists():
                problems.append(f"LANGUAGES: no translation catalogue for the configured language {lang!r}.")
        return problems

    def _operations_problems(self) -> list[str]:
        problems = []
        if self.LOG_FORMAT not in (None, *LOG_FORMATS):
            problems.append(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}; it is {self.LOG_FORMAT!r}.")
        for entry in self.METRICS_ALLOWED_IPS or ():
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                problems.append(f"METRICS_ALLOWED_IPS: {entry!r} is no address or network (like 10.0.0.0/8).")
        if self.ENV == "production" and self.METRICS_TOKEN and (problem := secret_key_problem(self.METRICS_TOKEN)):
            problems.append(f"METRICS_TOKEN {problem}; {HOW_TO_MAKE_ONE}.")
        return problems

    def _production_problems(self) -> list[str]:
        problems = []
        key_problem = secret_key_problem(self.SECRET_KEY)
        if key_problem:
            problems.append(f"SECRET_KEY {key_problem}; {HOW_TO_MAKE_ONE}.")
        if not self.SESSION_COOKIE_SECURE:
            problems.append("SESSION_COOKIE_SECURE must be true in production: log-in cookies travel over HTTPS only.")
        if urlsplit(self.BASE_URL).scheme != "https":
            problems.append(f"BASE_URL must start with https:// in production; it is {self.BASE_URL!r}.")
        if urlsplit(self.RATELIMIT_STORAGE_URI).scheme in ("", "memory"):
            problems.append(
                "RATELIMIT_STORAGE_URI must be storage all processes share, like redis://127.0.0.1:6379/0: "
                f"{self.RATELIMIT_STORAGE_URI!r} counts per process, so limits multiply with the workers."
            )
        if not self.RATELIMIT_ENABLED:
            problems.append("RATELIMIT_ENABLED must stay true in production: it throttles log-in and forms.")
        if not self.MAIL_SERVER:
            problems.append("MAIL_SERVER must be set in production.")
        if self.database_is_sqlite() and not self.ALLOW_SQLITE_IN_PRODUCTION:
            problems.append(
                "The database is SQLite (DATABASE_URL is unset or sqlite://): use PostgreSQL in production, "
                "or set ALLOW_SQLITE_IN_PRODUCTION=true if one process on one machine is really meant."
            )
        return problems

    def database_is_sqlite(self) -> bool:
        """SQLite, also when no DATABASE_URL is given (the application then uses instance/buurtportaal.sqlite)."""
        return not self.SQLALCHEMY_DATABASE_URI or self.SQLALCHEMY_DATABASE_URI.startswith("sqlite")

    def validate(self) -> None:
        """Refuse to go on with any problem, naming all of them in one ConfigError."""
        problems = self.problems()
        if problems:
            raise ConfigError(problems)


def by_environment(config, name: str):
    """The setting ``name`` of ``config`` (Settings or a Flask config); when left unset (None), its default
    for the environment in ENVIRONMENT_DEFAULTS."""
    value = config[name] if isinstance(config, Mapping) else getattr(config, name)
    if value is not None:
        return value
    env = config["ENV"] if isinstance(config, Mapping) else config.ENV
    production, elsewhere = ENVIRONMENT_DEFAULTS[name]
    return production if env == "production" else elsewhere


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` is not a usable secret key (None: it is), by simple rules any operator can check.

    Refused: the development key, fewer than 32 characters, a short pattern repeated ("abcabc…"), a run of
    consecutive or equal characters ("abcdef…", "0123…", "aaaa…"), or too few different characters.
    """
    if key == DEV_SECRET_KEY:
        return "is the development key"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"must be at least {MIN_SECRET_KEY_LENGTH} characters long; it has {len(key)}"
    if len(set(key)) == 1:
        return "is one character repeated"
    if any(key == (key[:period] * (len(key) // period + 1))[: len(key)] for period in range(1, len(key) // 2 + 1)):
        return "repeats a short pattern"
    steps = [ord(after) - ord(before) for before, after in zip(key, key[1:], strict=False)]
    if sum(abs(step) <= 1 for step in steps) > 0.6 * len(steps):
        return "is mostly a run of consecutive or equal characters (like 'abcdef' or '0123')"
    if len(key) * math.log2(len(set(key))) < MIN_SECRET_KEY_BITS:
        return f"uses too few different characters ({len(set(key))}) to be random"
    return None


def _coerce(kind: str, raw: str):
    """The environment's text as the setting's type; ValueError says what was expected."""
    kind = kind.removesuffix(" | None")
    if kind == "bool":
        word = raw.strip().lower()
        if word not in TRUE_WORDS | FALSE_WORDS:
            raise ValueError("must be true or false")
        return word in TRUE_WORDS
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ValueError("must be a whole number") from None
    if kind.startswith("tuple"):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def default_database_uri(instance_path: str) -> str:
    return "sqlite:///" + os.path.join(instance_path, "buurtportaal.sqlite")


@click.command("check-config")
def check_config() -> None:
    """List every problem of the configuration in the environment (exit status 1), or print OK.

    Builds only the settings, never the application, so it also runs when the application would refuse
    to start. Found by ``flask --app portal check-config`` (a Flask plugin command, pyproject.toml) and by
    ``python -m portal.config``.
    """
    problems = Settings.from_env().problems()
    if not problems:
        click.echo("OK")
        return
    click.echo(f"The configuration has {len(problems)} problem(s):")
    for problem in problems:
        click.echo(f"- {problem}")
    raise SystemExit(1)


if __name__ == "__main__":
    check_config()
