"""Extension objects, created unbound and initialised by the application factory."""

import threading

import click
from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so migrations behave the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


class LazyMigrate:
    """Flask-Migrate, imported (with alembic and mako, ~8 MB a process) only when something uses it: ``flask db``,
    the tests' ``flask_migrate.upgrade()``, or ``app.extensions["migrate"]``. A web worker never does.

    ``init_app`` puts a stand-in at ``app.extensions["migrate"]`` and a stand-in ``db`` command group on the CLI;
    the first use of either sets Flask-Migrate up for real (its ``Migrate.init_app`` replaces both).
    """

    def __init__(self, **options):
        self.options = options
        self._lock = threading.Lock()

    def init_app(self, app, db, directory: str) -> None:
        app.extensions["migrate"] = stand_in = _MigrateOnFirstUse(self, app, db, directory)
        app.cli.add_command(_MigrationCommands(stand_in.set_up))

    def set_up(self, app, db, directory: str):
        """Flask-Migrate on ``app`` (once): its configuration, as ``app.extensions["migrate"]`` then holds it."""
        with self._lock:
            if isinstance(app.extensions.get("migrate"), _MigrateOnFirstUse):
                from flask_migrate import Migrate

                Migrate(app, db, directory=directory, **self.options)
        return app.extensions["migrate"]


class _MigrateOnFirstUse:
    """Stands in for Flask-Migrate's configuration until another attribute than ``directory`` (the migration
    scripts' folder, as Flask-Migrate's own has it) is read: ``.db``, ``.migrate`` ..."""

    def __init__(self, lazy: LazyMigrate, app, db, directory: str):
        self.directory = directory
        self.set_up = lambda: lazy.set_up(app, db, directory)

    def __getattr__(self, name: str):
        return getattr(self.set_up(), name)


class _MigrationCommands(click.Group):
    """``flask db``: Flask-Migrate's command group, imported when the command runs (its help line is given here)."""

    def __init__(self, set_up):
        super().__init__("db", help="Perform database migrations.")
        self.set_up = set_up

    def _real(self) -> click.Group:
        self.set_up()
        from flask_migrate.cli import db as commands

        return commands

    def make_context(self, info_name, args, parent=None, **extra):
        return self._real().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx) -> list[str]:
        return self._real().list_commands(ctx)

    def get_command(self, ctx, cmd_name):
        return self._real().get_command(ctx, cmd_name)


migrate = LazyMigrate(render_as_batch=True, compare_type=True)  # batch mode: ALTER on SQLite
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = HTMX()
# Rate-limit storage down (Redis unreachable) must not take log-in and registration down with it: the
# limiter logs a warning and counts in this process's memory until the storage answers again (it looks
# again after 1, 2, 4 … 32 seconds); any other storage error lets the request through and is logged.
limiter = Limiter(key_func=get_remote_address, default_limits=[], in_memory_fallback_enabled=True, swallow_errors=True)


@event.listens_for(Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection, _record) -> None:
    """SQLite ignores ON DELETE rules unless asked, per connection; PostgreSQL always keeps them."""
    if type(dbapi_connection).__module__ == "sqlite3":  # not imported for it: a PostgreSQL worker needs no sqlite3
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
