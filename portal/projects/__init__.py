"""Collective projects: residents tackling together what several of them noticed.

Every module that adds routes to the blueprint is imported here, so registering ``bp`` is enough.
"""

from portal.projects import privacy, views  # noqa: F401 - routes, data rights, agenda source
from portal.projects.blueprint import bp

__all__ = ["bp"]
