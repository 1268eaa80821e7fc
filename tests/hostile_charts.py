"""Pathological charts, made at test time: each stays within (or just past) one of the loader's
limits and aims at the most expensive path behind it.

* :func:`comb_chart`: zones shaped like combs of thousands of thin teeth, valid and within every
  limit, where finding a label point inside a zone is slowest.
* :func:`star_chart`: stars drawn over one another (their overlaps declared), so every zone's
  label point has to avoid the others' union.
* :func:`nested_chart`: squares inside squares, each overlapping all the others undeclared: a
  chart with about a million problems.
* :func:`deep_json`: a chart whose JSON nests deeper than any parser's recursion goes.

Coordinates are rounded to 0.1 mm, as a real chart's are, so the files stay under the size limit.
"""

from __future__ import annotations

import math
from typing import Any

from .conftest import ZONE_PROPERTIES, feature_collection, make_outline

SIDE = 1000.0  # mm: each foot's own rectangular outline is SIDE x SIDE


def _zone(zone_id: str, foot: str, rings: list[list[list[float]]], overlaps: list[str] = ()) -> dict:
    props = dict(ZONE_PROPERTIES, zone_id=zone_id, foot=foot, name=zone_id.replace("-", " ").title())
    props["overlaps"] = list(overlaps)
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": rings}}


def _chart(title: str, zones: list[dict]) -> dict[str, Any]:
    outlines = [make_outline(foot, (0.0, 0.0, SIDE, SIDE)) for foot in ("left", "right")]
    return feature_collection([*outlines, *zones], chart={"title": title})


def _round(points: list[tuple[float, float]]) -> list[list[float]]:
    ring = [[round(x, 1), round(y, 1)] for x, y in points]
    return [*ring, ring[0]]


def comb_ring(x0: float, y0: float, width: float, height: float, teeth: int) -> list[list[float]]:
    """A comb: a thin spine along the bottom and ``teeth`` slanted teeth, 3 vertices each."""
    spine = height * 0.2
    step = width / teeth
    points = [(x0, y0), (x0 + width, y0)]
    for k in range(teeth, 0, -1):
        right = x0 + k * step
        points += [(right, y0 + spine), (right - step / 3, y0 + height), (right - 2 * step / 3, y0 + height)]
    return _round(points)


def comb_chart(zones_per_foot: int = 30, teeth: int = 1_600) -> dict[str, Any]:
    """``zones_per_foot`` combs stacked in rows on each foot; about 4,800 vertices a zone."""
    band = SIDE / zones_per_foot
    zones = [
        _zone(f"comb-{i}", foot, [comb_ring(10.0, i * band + 1.0, SIDE - 20.0, band - 2.0, teeth)])
        for foot in ("left", "right")
        for i in range(zones_per_foot)
    ]
    return _chart("Combs", zones)


def star_ring(
    cx: float, cy: float, outer: float, inner: float, spikes: int, turn: float
) -> list[list[float]]:
    points = []
    for k in range(2 * spikes):
        radius = outer if k % 2 == 0 else inner
        angle = turn + math.pi * k / spikes
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return _round(points)


def star_chart(zones_per_foot: int = 30, spikes: int = 2_499) -> dict[str, Any]:
    """``zones_per_foot`` stars over one another, each declaring the others as overlaps."""
    ids = [f"star-{i}" for i in range(zones_per_foot)]
    zones = []
    for foot in ("left", "right"):
        for i, zone_id in enumerate(ids):
            ring = star_ring(500.0 + i * 3, 500.0, 480.0 - i * 5, 300.0 - i * 5, spikes, i * 0.01)
            zones.append(_zone(zone_id, foot, [ring], overlaps=[o for o in ids if o != zone_id]))
    return _chart("Stars", zones)


def nested_chart(count: int = 1_000) -> dict[str, Any]:
    """``count`` squares inside one another on the left foot, none declaring its overlaps."""
    step = (SIDE / 2 - 5.0) / count
    zones = []
    for i in range(count):
        lo, hi = 2.0 + i * step, SIDE - 2.0 - i * step
        zones.append(_zone(f"square-{i}", "left", [_round([(lo, lo), (hi, lo), (hi, hi), (lo, hi)])]))
    return _chart("Nested squares", zones)


def deep_json(depth: int = 200_000) -> bytes:
    """A FeatureCollection whose one feature's properties nest ``depth`` objects deep (about
    1.2 MB, within the size limit)."""
    nest = b'{"a":' * depth + b"1" + b"}" * depth
    return b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":' + nest + b"}]}"
