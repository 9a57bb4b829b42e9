"""Typed configuration: defaults, environment overrides and a start-up check.

Settings are read when the application is created, never at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

DEV_SECRET_KEY = "dev-not-secret-change-me"  # noqa: S105 - a marker, refused in production


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration cannot be used safely."""


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
    SESSION_COOKIE_SECURE: bool = False
    TRUSTED_PROXIES: int = 0  # reverse proxies in front: their X-Forwarded-* headers are believed
    # Signals: a cluster stays open this long after its newest signal, and counts as recurring with
    # at least this many signals from at least this many different reporters.
    SIGNAL_WINDOW_DAYS: int = 180
    SIGNAL_MIN_SIGNALS: int = 3
    SIGNAL_MIN_REPORTERS: int = 2

    @classmethod
    def from_env(cls, environ: os._Environ | dict | None = None) -> Settings:
        """Build settings from environment variables; unknown or absent ones keep defaults."""
        environ = os.environ if environ is None else environ
        values = {}
        aliases = {"SQLALCHEMY_DATABASE_URI": "DATABASE_URL"}
        for field in fields(cls):
            name = aliases.get(field.name, field.name)
            raw = environ.get(name)
            if raw is None and name != field.name:
                raw = environ.get(field.name)
            if raw is None or raw == "":
                continue
            values[field.name] = _coerce(field.type, raw)
        return cls(**values)

    def validate(self) -> None:
        """Refuse settings that are unsafe in production."""
        if self.ENV == "production":
            if self.SECRET_KEY == DEV_SECRET_KEY or len(self.SECRET_KEY) < 32:
                raise ConfigError("SECRET_KEY must be set to a random value of at least 32 characters in production.")
            if not self.MAIL_SERVER:
                raise ConfigError("MAIL_SERVER must be set in production.")
        for lang in self.LANGUAGES:
            po = Path(__file__).resolve().parent.parent / "translations" / lang / "LC_MESSAGES" / "messages.po"
            if not po.exists():
                raise ConfigError(f"No translation catalogue for configured language {lang!r}.")


def _coerce(kind: str, raw: str):
    if kind == "bool":
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind == "int":
        return int(raw)
    if kind.startswith("tuple"):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def default_database_uri(instance_path: str) -> str:
    return "sqlite:///" + os.path.join(instance_path, "buurtportaal.sqlite")
