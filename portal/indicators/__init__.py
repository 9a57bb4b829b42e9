"""Indicators: how a team is doing, per team, district and neighbourhood, per week, month, quarter or year.

``definitions.py`` names every figure with its exact definition (shown on the page and in the README),
``periods.py`` holds the pure value types (Scope, Period, Figure) and the percentile rule, ``compute.py`` computes
the figures from today's data with a bounded number of aggregate queries, ``models.py`` and ``snapshots.py`` keep a
daily snapshot of the counts so that figures of the past survive deletions of personal data (``flask indicators
snapshot``).
"""
