"""What a pure core may use: the domain's refusal and a translatable message, without Flask.

The pure cores (``portal.help.matching``, ``portal.signals.clustering``, ``portal.initiatives.lifecycle``)
import this module and nothing of Flask, Flask-SQLAlchemy or SQLAlchemy, so they run and are tested
without an application. A message made with :func:`lazy_gettext` is translated when it is read, in the
reader's language, through Flask-Babel inside a request (and left in English outside one).
"""

from __future__ import annotations

from babel.support import LazyProxy


class DomainError(Exception):
    """A rule of the domain refused a change; ``field`` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def _translate(message: str, variables: dict) -> str:
    try:
        from flask import has_app_context
        from flask_babel import gettext
    except ImportError:  # pragma: no cover - the portal always has Flask; a pure test may not load it
        return message % variables if variables else message
    if not has_app_context():
        return message % variables if variables else message
    return gettext(message, **variables)


def lazy_gettext(message: str, **variables) -> LazyProxy:
    """``message`` translated each time it is shown (Babel extracts it like Flask-Babel's ``_l``)."""
    return LazyProxy(_translate, message, variables, enable_cache=False)
