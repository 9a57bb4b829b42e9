"""Configuration comes from the environment and refuses unsafe production settings."""

import pytest

from portal.config import DEV_SECRET_KEY, ConfigError, Settings


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


def test_defaults_are_development_and_dutch():
    settings = Settings.from_env({})
    assert settings.ENV == "development" and settings.BABEL_DEFAULT_LOCALE == "nl"
    assert settings.RATELIMIT_STORAGE_URI == "memory://"


@pytest.mark.parametrize(
    "env",
    [
        {"ENV": "production", "MAIL_SERVER": "smtp.example.org"},
        {"ENV": "production", "SECRET_KEY": DEV_SECRET_KEY, "MAIL_SERVER": "smtp.example.org"},
        {"ENV": "production", "SECRET_KEY": "short", "MAIL_SERVER": "smtp.example.org"},
        {"ENV": "production", "SECRET_KEY": "x" * 40},
    ],
)
def test_production_refuses_unsafe_settings(env):
    with pytest.raises(ConfigError):
        Settings.from_env(env).validate()


def test_production_accepts_a_real_key_and_mail_server():
    Settings.from_env({"ENV": "production", "SECRET_KEY": "k" * 48, "MAIL_SERVER": "smtp.example.org"}).validate()


def test_every_configured_language_needs_a_catalogue():
    with pytest.raises(ConfigError):
        Settings.from_env({"LANGUAGES": "nl,en,fy"}).validate()
