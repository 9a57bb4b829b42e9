"""Teams: the WIJ-teams, their areas and postcodes, the finder, the map and the team inbox.

The blueprint is imported on first use (``from portal.teams import bp``), so that the pure
modules (postcodes, geometry, the data build script) import without the web layer.
"""


def __getattr__(name: str):
    if name == "bp":
        from portal.teams.views import bp

        return bp
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
