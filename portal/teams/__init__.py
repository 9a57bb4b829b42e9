"""Teams: the WIJ-teams, their areas and postcodes, the finder, the map and the team inbox."""
