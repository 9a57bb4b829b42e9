"""The map's pure core: projection, path data, the cached city map, the colours."""

from __future__ import annotations

import math
import re

from portal.teams.map import MAP_WIDTH, NO_TEAM_COLOUR, TEAM_COLOURS, city_map, path_data, projection, team_colours


def test_projection_corrects_longitude_by_the_cosine_of_the_latitude():
    project, height = projection([(6.0, 53.0), (7.0, 54.0)], width=1000, margin=0)
    assert project(6.0, 54.0) == (0.0, 0.0)
    x, y = project(7.0, 53.0)
    assert round(x) == 1000
    assert math.isclose(height / 1000, 1 / math.cos(math.radians(53.5)), rel_tol=0.01)


def test_path_data_closes_every_ring():
    project, _ = projection([(0, 0), (1, 1)], width=100, margin=0)
    d = path_data([[[(0, 0), (1, 0), (1, 1), (0, 0)]]], project)
    assert d.startswith("M0.0 100.0L") and d.endswith("Z")


def test_the_city_map_fits_the_view_box_and_is_cached():
    geometry = city_map()
    assert geometry is city_map()
    assert geometry.width == MAP_WIDTH and 300 < geometry.height < 900
    assert len(geometry.of_kind("neighbourhood")) == 108 and len(geometry.of_kind("district")) == 15
    numbers = [float(n) for shape in geometry.shapes for n in re.findall(r"-?\d+\.\d", shape.d)]
    assert min(numbers) >= 0 and max(numbers) <= max(geometry.width, geometry.height)


def test_eleven_distinct_team_colours_and_grey_for_none():
    colours = team_colours([f"team-{i}" for i in range(11)])
    assert len(set(colours.values())) == 11 == len(TEAM_COLOURS)
    assert NO_TEAM_COLOUR not in colours.values()
