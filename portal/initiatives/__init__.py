"""Neighbourhood initiatives: propose, lifecycle, join in, conversation, the workers' queue;
finding them, the agenda and photos.

Every module that adds routes to the blueprint is imported here, so registering ``bp`` is enough.
"""

from portal.initiatives import agenda, browse, join_views, mine, photos, privacy, views  # noqa: F401 - routes, data rights
from portal.initiatives.blueprint import bp

__all__ = ["bp"]
