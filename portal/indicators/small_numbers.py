"""Small numbers: what a page that is not for the team's own workers may show of a figure (issue 14, point 6).

On such a page (the coordinator's dashboard looking at neighbourhoods, the public "how are we doing" page):

* a count below ``THRESHOLD`` for a neighbourhood is written "<5" (so a resident cannot be picked out of it);
* a share, median or 90th percentile based on fewer than ``THRESHOLD`` items is not shown ("too few to say").

On the team's own dashboard (``protect=False``) everything is shown as it is. Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 5
FEW = "<5"


@dataclass(frozen=True)
class Shown:
    """A figure as a page may show it. ``count`` is the number or ``FEW``; ``share``/``median_days``/``p90_days``
    are None when unknown or hidden, and ``too_few`` says they were hidden because of the rule."""

    count: int | str | None
    base: int | str | None
    share: float | None
    median_days: float | None
    p90_days: float | None
    too_few: bool = False

    @property
    def count_value(self) -> int | None:
        """The count as a number for a chart, None when it is hidden."""
        return self.count if isinstance(self.count, int) else None


def masked_count(count: int | None, *, neighbourhood: bool, protect: bool) -> int | str | None:
    """``count``, or "<5" when protected, of a neighbourhood and below the threshold."""
    if count is None or not (protect and neighbourhood) or count >= THRESHOLD:
        return count
    return FEW


def shown(figure, *, neighbourhood: bool, protect: bool) -> Shown:
    """What of ``figure`` (an ``indicators.compute.Figure``) a page may show.

    The share is hidden when its base is below the threshold; median and p90 are hidden when the count or the
    base (whichever is smaller: the items they may be taken over) is below it.
    """
    count, base = figure.count, figure.base
    share = figure.share
    median, p90 = figure.median_days, figure.p90_days
    too_few = False
    if protect:
        if share is not None and (base or 0) < THRESHOLD:
            share, too_few = None, True
        items = min((n for n in (count, base) if n is not None), default=0)
        if (median is not None or p90 is not None) and items < THRESHOLD:
            median, p90, too_few = None, None, True
    return Shown(
        count=masked_count(count, neighbourhood=neighbourhood, protect=protect),
        base=masked_count(base, neighbourhood=neighbourhood, protect=protect),
        share=share,
        median_days=median,
        p90_days=p90,
        too_few=too_few,
    )
