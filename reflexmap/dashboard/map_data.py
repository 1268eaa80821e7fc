"""Columns for drawing a chart with Bokeh, computed once per chart from the model."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from ..geometry import display_transform
from ..i18n import N_
from ..model import ZoneMap

# Paul Tol's "muted" qualitative scheme: ten colours that stay distinct with the common forms of
# colour blindness (https://personal.sron.nl/~pault/).
SYSTEM_COLORS = {
    "nervous": "#332288",
    "endocrine": "#CC6677",
    "sensory": "#88CCEE",
    "respiratory": "#44AA99",
    "cardiovascular": "#882255",
    "digestive": "#DDCC77",
    "urinary": "#117733",
    "reproductive": "#AA4499",
    "lymphatic": "#999933",
    "musculoskeletal": "#BBBBBB",
}
FOOT_LABEL = {"left": "Left foot", "right": "Right foot"}
# what the view switcher says, and what a heading over the map says the map shows
VIEW_LABEL = {
    "plantar": N_("Sole"),
    "dorsal": N_("Top"),
    "medial": N_("Inner side"),
    "lateral": N_("Outer side"),
}
VIEW_TITLE = {
    "plantar": N_("The soles"),
    "dorsal": N_("The tops of the feet"),
    "medial": N_("The inner sides of the feet"),
    "lateral": N_("The outer sides of the feet"),
}
MAP_VIEW = "plantar"
"""The view a page opens on: the soles. The map draws one view at a time, and everything that
names a zone by (zone_id, foot) works on the chart of that view (:meth:`ZoneMap.for_view`)."""


def drawn_chart(chart: ZoneMap) -> ZoneMap:
    """The part of ``chart`` a page first shows (:data:`MAP_VIEW`); raises ZoneMapError if none."""
    return chart.for_view(MAP_VIEW)


def _polygon_rings(geom: BaseGeometry) -> tuple[list, list]:
    """Bokeh multi_polygons layout for one geometry: [polygon][ring][vertex]."""
    xs, ys = [], []
    for poly in getattr(geom, "geoms", [geom]):
        rings = [poly.exterior, *poly.interiors]
        xs.append([np.asarray(r.xy[0]) for r in rings])
        ys.append([np.asarray(r.xy[1]) for r in rings])
    return xs, ys


def short_name(name: str) -> str:
    """Label text for the map: the name without its parenthesis."""
    return name.split(" (")[0]


def _columns(chart: ZoneMap) -> dict:
    zones = chart.zones
    view = chart.own_view  # a chart of one view (ZoneMap.for_view)
    place = {foot: display_transform(foot, chart.outline(foot), view=view) for foot in chart.feet}
    xs, ys, lx, ly, areas = [], [], [], [], []
    for geom, foot, zone_id in zip(zones["geometry"], zones["foot"], zones["zone_id"], strict=True):
        shown = place[foot](geom)
        areas.append(float(shown.area))
        px, py = _polygon_rings(shown)
        xs.append(px)
        ys.append(py)
        point = place[foot](chart.inner_point(zone_id, foot))
        lx.append(point.x)
        ly.append(point.y)
    zone_data = {
        "xs": xs,
        "ys": ys,
        "zone_id": zones["zone_id"].tolist(),
        "foot": zones["foot"].tolist(),
        "foot_label": [FOOT_LABEL[f] for f in zones["foot"]],
        "name": zones["name"].tolist(),
        "label": [short_name(n) for n in zones["name"]],
        "system": zones["system"].tolist(),
        "color": [SYSTEM_COLORS[s] for s in zones["system"]],
        "label_x": lx,
        "label_y": ly,
        # display mm²: the order names are placed in (see label_fit)
        "area": areas,
    }
    outlines = {"xs": [], "ys": [], "foot": []}
    titles = {"x": [], "y": [], "text": []}
    for foot, fn in place.items():
        shown = fn(chart.outline(foot))
        px, py = _polygon_rings(shown)
        outlines["xs"].append(px)
        outlines["ys"].append(py)
        outlines["foot"].append(foot)
        minx, _, maxx, maxy = shown.bounds
        titles["x"].append((minx + maxx) / 2)
        titles["y"].append(maxy + 8)
        titles["text"].append(FOOT_LABEL[foot])
    guides = {"xs": [], "ys": [], "name": []}
    # Each guide line is named once, in the gap between the feet, where no zone label competes.
    guide_names: dict[str, float] = {}
    # a landmark drawn as a ring (the ankle bones on the sides) is named at its ring, on each foot
    rings = {"x": [], "y": [], "name": []}
    bands = {"xs": [], "ys": [], "text": [], "text_x": [], "text_y": []}
    for row in chart.overlays.itertuples():
        if row.foot not in place:
            continue
        shown = place[row.foot](row.geometry)
        if row.kind == "guide_line":
            for line in getattr(shown, "geoms", [shown]):
                x, y = line.xy
                guides["xs"].append(np.asarray(x))
                guides["ys"].append(np.asarray(y))
                guides["name"].append(row.name)
                if line.is_closed:
                    minx, _, maxx, maxy = line.bounds
                    rings["x"].append((minx + maxx) / 2)
                    rings["y"].append(maxy + 5)
                    rings["name"].append(row.name)
                else:
                    guide_names.setdefault(row.name, float(np.mean(y)))
        else:
            px, py = _polygon_rings(shown)
            bands["xs"].append(px)
            bands["ys"].append(py)
            bands["text"].append(row.name if pd.isna(row.number) else str(row.number))
            # each band's number just above its toe, where the five read as one row, 1 to 5,
            # clear of the zone names
            minx, _, maxx, maxy = shown.bounds
            toe = shown.intersection(box(minx, maxy - 15, maxx, maxy))
            bands["text_x"].append(toe.centroid.x)
            bands["text_y"].append(maxy + 2)
    guide_labels = {
        "x": [0.0] * len(guide_names) + rings["x"],
        "y": list(guide_names.values()) + rings["y"],
        "name": [name.replace(" line", "\nline") for name in guide_names] + rings["name"],
    }
    return {
        "zones": zone_data,
        "outlines": outlines,
        "titles": titles,
        "guides": guides,
        "guide_labels": guide_labels,
        "bands": bands,
    }


T = TypeVar("T")


def per_chart(build: Callable[[ZoneMap], T]) -> Callable[[ZoneMap], T]:
    """``build(chart)`` computed once per chart object and kept as long as the chart (weakly, so a
    replaced chart is freed): every session showing the same chart shares the read-only result."""
    cache: weakref.WeakKeyDictionary[ZoneMap, T] = weakref.WeakKeyDictionary()

    @functools.wraps(build)
    def cached(chart: ZoneMap) -> T:
        if chart not in cache:
            cache[chart] = build(chart)
        return cache[chart]

    # for a result built elsewhere (a worker process) for this chart
    cached.prime = cache.__setitem__
    return cached


@per_chart
def map_columns(chart: ZoneMap) -> dict:
    """Display columns for zones, outlines, foot titles, guide lines and longitudinal bands.

    Shared per chart (:func:`per_chart`): callers must copy a column before changing it.
    """
    return _columns(chart)
