"""Buurtportaal: a participation portal for Dutch neighbourhood teams.

This file imports nothing, so that a pure core (``portal.help.matching``, ``portal.signals.clustering``,
``portal.initiatives.lifecycle``) can be imported without Flask or SQLAlchemy. The application is built
in :mod:`portal.app`.
"""


def create_app(overrides: dict | None = None):
    """Build the application (see :func:`portal.app.create_app`); ``flask --app portal`` finds it here."""
    from portal.app import create_app as build

    return build(overrides)
