"""The city map: CBS boundaries projected into SVG path data. Pure: no Flask, no database.

The projection is equirectangular with the longitude scaled by cos(latitude) at the map's
centre, which is accurate to well under a pixel over a city. The path data is computed once
per process (the boundaries are a file in the repository); colours are chosen per request,
since a coordinator may move a neighbourhood to another team.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from portal.teams.data import DATA_DIR
from portal.teams.geometry import parse_wkt

MAP_WIDTH = 800
MARGIN = 8
# Eleven colours that stay apart for the common kinds of colour blindness (Paul Tol's "muted"
# scheme plus Okabe-Ito orange and blue); white borders separate neighbours of one colour.
TEAM_COLOURS = (
    "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77",
    "#cc6677", "#882255", "#aa4499", "#e69f00", "#0072b2",
)  # fmt: skip
NO_TEAM_COLOUR = "#bdbdbd"


@dataclass(frozen=True)
class Shape:
    code: str
    kind: str  # "district" | "neighbourhood"
    d: str  # SVG path data


@dataclass(frozen=True)
class MapGeometry:
    width: int
    height: int
    shapes: tuple[Shape, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    def of_kind(self, kind: str) -> tuple[Shape, ...]:
        return tuple(shape for shape in self.shapes if shape.kind == kind)


def read_boundaries(path: Path) -> list[tuple[str, str, list]]:
    """(code, kind, polygons) for every area in a boundaries.csv file."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [(row["code"], row["kind"], parse_wkt(row["wkt"])) for row in csv.DictReader(handle)]


def projection(points: list[tuple[float, float]], width: int = MAP_WIDTH, margin: int = MARGIN):
    """A function (lon, lat) -> (x, y) that fits ``points`` into ``width`` pixels, and the height."""
    lons = [lon for lon, _ in points]
    lats = [lat for _, lat in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    factor = math.cos(math.radians((north + south) / 2))
    scale = (width - 2 * margin) / ((east - west) * factor)
    height = math.ceil((north - south) * scale + 2 * margin)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return margin + (lon - west) * factor * scale, margin + (north - lat) * scale

    return project, height


def path_data(polygons: list, project) -> str:
    """SVG path data for polygons with holes (drawn with fill-rule evenodd)."""
    parts = []
    for rings in polygons:
        for ring in rings:
            xy = [project(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in xy) + "Z")
    return "".join(parts)


@lru_cache(maxsize=4)
def city_map(path: Path = DATA_DIR / "boundaries.csv", width: int = MAP_WIDTH) -> MapGeometry:
    """Every district and neighbourhood of the boundaries file as SVG paths (cached)."""
    areas = read_boundaries(path)
    points = [point for _, _, polygons in areas for rings in polygons for ring in rings for point in ring]
    project, height = projection(points, width)
    shapes = tuple(Shape(code, kind, path_data(polygons, project)) for code, kind, polygons in areas)
    return MapGeometry(width, height, shapes)


def team_colours(slugs: list[str]) -> dict[str, str]:
    """A colour per team, in the given order (alphabetical, so the legend stays stable)."""
    return {slug: TEAM_COLOURS[index % len(TEAM_COLOURS)] for index, slug in enumerate(slugs)}
