"""Buurtportaal: a participation portal for Dutch neighbourhood teams."""

from __future__ import annotations

import logging
import os
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
    _register_blueprints(app)
    _register_cli(app)
    from portal import errors

    errors.init_app(app)
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
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.SESSION_COOKIE_SECURE,
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        BABEL_DEFAULT_TIMEZONE="Europe/Amsterdam",  # stored times are UTC; residents read Dutch time
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=26 * 1024 * 1024,  # photo uploads; text fields stay under MAX_FORM_MEMORY_SIZE
    )
    app.config.update({k: v for k, v in overrides.items() if not hasattr(settings, k)})
    _configure_logging(app)


def _configure_logging(app: Flask) -> None:
    """Our own messages (development mail, outbox runs) at INFO; libraries stay quiet."""
    logger = logging.getLogger("portal")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _init_extensions(app: Flask) -> None:
    from portal import i18n
    from portal.extensions import csrf, db, htmx, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    from portal.accounts import auth

    auth.init_app(app, login_manager)


def _init_templating(app: Flask) -> None:
    from portal import templating

    templating.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from portal.accounts import bp as accounts_bp
    from portal.admin import bp as admin_bp
    from portal.core import bp as core_bp
    from portal.help import bp as help_bp
    from portal.initiatives import bp as initiatives_bp
    from portal.notifications.views import bp as notifications_bp
    from portal.projects import bp as projects_bp
    from portal.signals import bp as signals_bp
    from portal.teams import bp as teams_bp

    blueprints = (core_bp, accounts_bp, teams_bp, admin_bp, notifications_bp, initiatives_bp, help_bp)
    for blueprint in (*blueprints, signals_bp, projects_bp):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from portal.accounts.cli import users_cli
    from portal.demo.cli import demo_cli
    from portal.help.cli import help_cli
    from portal.notifications.cli import notifications_cli
    from portal.outbox.cli import outbox_cli
    from portal.signals.cli import signals_cli
    from portal.teams.cli import teams_cli

    for group in (users_cli, outbox_cli, demo_cli, teams_cli, notifications_cli, help_cli, signals_cli):
        app.cli.add_command(group)
