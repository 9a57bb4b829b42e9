"""Neighbourly help: offers, requests, and matching by community workers.

Every module that adds routes to the blueprint is imported here, so registering ``bp`` is enough.
"""

from portal.help import console, privacy, views  # noqa: F401 - routes, data rights
from portal.help.blueprint import bp

__all__ = ["bp"]
