"""Polygons as the CBS files give them (WKT, WGS84): parse, simplify, write. Pure Python."""

from __future__ import annotations

import math
import re

DECIMALS = 5  # about 1 m: more than enough for a city map

Point = tuple[float, float]
Polygon = list[list[Point]]  # outer ring first, then holes

RING = re.compile(r"\(([^()]+)\)")


def parse_wkt(wkt: str) -> list[list[list[tuple[float, float]]]]:
    """POLYGON or MULTIPOLYGON WKT -> polygons -> rings -> (lon, lat) points."""
    text = wkt.strip()
    kind = text.split("(", 1)[0].strip().upper()
    if kind not in ("POLYGON", "MULTIPOLYGON"):
        raise ValueError(f"unsupported geometry {kind!r}")
    body = text[len(kind) :].strip()
    polygon_texts = (
        re.findall(r"\(\s*(\([^()]+\)(?:\s*,\s*\([^()]+\))*)\s*\)", body) if kind == "MULTIPOLYGON" else [body[1:-1]]
    )
    polygons = []
    for polygon_text in polygon_texts:
        rings = []
        for ring_text in RING.findall(polygon_text):
            rings.append([tuple(float(v) for v in pair.split()) for pair in ring_text.split(",")])
        polygons.append(rings)
    return polygons


def _distance_to_segment(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative so that long rings do not hit the recursion limit."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, farthest = 0, 0.0
        for i in range(first + 1, last):
            distance = _distance_to_segment(points[i], points[first], points[last])
            if distance > farthest:
                index, farthest = i, distance
        if farthest > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Simplify a closed ring, split at its farthest point so both halves keep their shape."""
    far = max(range(len(ring)), key=lambda i: math.hypot(ring[i][0] - ring[0][0], ring[i][1] - ring[0][1]))
    if far == 0:
        return ring
    result = simplify(ring[: far + 1], tolerance)[:-1] + simplify(ring[far:], tolerance)
    rounded = []
    for lon, lat in result:
        point = (round(lon, DECIMALS), round(lat, DECIMALS))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    return rounded if len(rounded) >= 4 else [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in ring]


def to_wkt(polygons: list[list[list[tuple[float, float]]]]) -> str:
    def ring_text(ring):
        return "(" + ", ".join(f"{lon:.{DECIMALS}f} {lat:.{DECIMALS}f}" for lon, lat in ring) + ")"

    texts = ["(" + ", ".join(ring_text(r) for r in rings) + ")" for rings in polygons]
    return "POLYGON " + texts[0] if len(texts) == 1 else "MULTIPOLYGON (" + ", ".join(texts) + ")"
