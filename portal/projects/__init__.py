"""Collective projects: residents tackling together what several of them noticed.

Every module that adds routes to the blueprint is imported here, so registering ``bp`` is enough. The
whole schema is imported first, in its safe order (accounts before teams), so that a pure module such as
``portal.signals.clustering`` can be imported on its own (the offline commands and the benchmarks do).
"""

import portal.models  # noqa: F401 - see above; isort: skip

from portal.projects import privacy, views  # noqa: F401 - routes, data rights, agenda source
from portal.projects.blueprint import bp

__all__ = ["bp"]
