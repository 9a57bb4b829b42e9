"""Signals: what residents notice in their neighbourhood, clustered into recurring matters.

Every module that adds routes to the blueprint is imported here, so registering ``bp`` is enough.
"""

from portal.signals import board, privacy, views  # noqa: F401 - routes, data rights
from portal.signals.blueprint import bp

__all__ = ["bp"]
