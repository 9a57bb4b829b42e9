"""Extension objects, created unbound and initialised by the application factory."""

import sqlite3

from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
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
migrate = Migrate(render_as_batch=True, compare_type=True)  # batch mode: ALTER on SQLite
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
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
