"""Collective projects: residents tackling together what several of them noticed."""
