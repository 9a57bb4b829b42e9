"""The application factory: config → extensions → templating → features → errors."""

from __future__ import annotations

import logging
import os
from importlib import import_module
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import Settings, default_database_uri

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    """Build the application: config → extensions → templating → blueprints → errors.

    No I/O happens here beyond reading the environment: no database upgrades, no network.
    """
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=os.environ.get("INSTANCE_PATH") or str(ROOT / "instance"),
    )
    _configure(app, overrides or {})
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    import portal.models  # noqa: F401 - the whole schema, for Alembic and relationships

    _init_extensions(app)
    _init_templating(app)
    from portal import converters, errors, submissions
    from portal.config import check_config

    converters.init_app(app)
    submissions.init_app(app)
    _init_features(app)
    errors.init_app(app)
    app.cli.add_command(check_config)
    return app


def _configure(app: Flask, overrides: dict) -> None:
    settings = Settings.from_env()
    for key, value in overrides.items():
        if hasattr(settings, key):
            setattr(settings, key, value)
    if not settings.SQLALCHEMY_DATABASE_URI:
        # The embedded SQLite database lives in instance/, as in Flask's own tutorial.
        os.makedirs(app.instance_path, exist_ok=True)
        settings.SQLALCHEMY_DATABASE_URI = default_database_uri(app.instance_path)
    settings.validate()
    app.config.from_mapping(vars(settings))
    app.config.update(
        # In production an error's log line never shows a statement's parameters (residents' texts, addresses).
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "hide_parameters": settings.ENV == "production"},
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.SESSION_COOKIE_SECURE,
        # Secure cookies are host-only: no subdomain can set or read them (ASVS 3.4.4).
        SESSION_COOKIE_NAME="__Host-session" if settings.SESSION_COOKIE_SECURE else "session",
        REMEMBER_COOKIE_NAME="__Host-remember_token" if settings.SESSION_COOKIE_SECURE else "remember_token",
        # An unreachable Redis answers within a second, so the limiter falls back to memory instead of hanging.
        RATELIMIT_STORAGE_OPTIONS={"socket_timeout": 1, "socket_connect_timeout": 1}
        if settings.RATELIMIT_STORAGE_URI.startswith(("redis://", "rediss://"))
        else {},
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        BABEL_DEFAULT_TIMEZONE="Europe/Amsterdam",  # stored times are UTC; residents read Dutch time
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=26 * 1024 * 1024,  # photo uploads; text fields stay under MAX_FORM_MEMORY_SIZE
    )
    app.config.update({k: v for k, v in overrides.items() if not hasattr(settings, k)})
    _configure_logging(app)


def _configure_logging(app: Flask) -> None:
    """Our own messages (one line per request, errors, development mail, outbox runs) at INFO; of the libraries
    only the rate limiter's warnings (its storage unreachable, counting in memory meanwhile), which operators must
    see. LOG_FORMAT: JSON lines in production (portal.ops.logs), text elsewhere."""
    from portal.config import by_environment
    from portal.ops.logs import handler_for

    log_format = by_environment(app.config, "LOG_FORMAT")
    for name, level in (("portal", logging.INFO), ("flask-limiter", logging.WARNING)):
        logger = logging.getLogger(name)
        handler_for(logger, log_format)
        logger.setLevel(level)


def _init_extensions(app: Flask) -> None:
    from portal import cache, i18n
    from portal.extensions import csrf, db, htmx, limiter, login_manager, migrate

    db.init_app(app)
    cache.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    from portal.accounts import auth

    auth.init_app(app, login_manager)


def _init_templating(app: Flask) -> None:
    from portal import page_cache, templating

    templating.init_app(app)
    page_cache.init_app(app)


# The features, lowest first (ARCHITECTURE.md): a feature imports only those before it; a lower one
# reaches a higher one only through portal.events, to which the higher one subscribes in its init_app.
FEATURES = (
    "portal.outbox.blueprint",
    "portal.teams.blueprint",
    "portal.accounts.blueprint",
    "portal.notifications.blueprint",
    "portal.inbox.blueprint",
    "portal.initiatives.blueprint",
    "portal.help.blueprint",
    "portal.signals.blueprint",
    "portal.projects.blueprint",
    "portal.complaints.blueprint",
    "portal.indicators.blueprint",
    "portal.overview.blueprint",
    "portal.pages.blueprint",
    "portal.admin.blueprint",
    "portal.jobs.blueprint",
    "portal.ops.blueprint",
    "portal.demo.blueprint",
)


def _init_features(app: Flask) -> None:
    for name in FEATURES:
        import_module(name).init_app(app)
