"""Columns for drawing a chart with Bokeh, computed once per chart from the model."""

from __future__ import annotations

import functools
import inspect
import math
import textwrap
import weakref
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from ..geometry import display_transform
from ..i18n import DEFAULT_LANGUAGE, translator
from ..labels import FOOT_LABEL
from ..model import Chart

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
# what the view switcher says, and what a heading over the map says the map shows
MAP_VIEW = "plantar"
"""The view a page opens on: the soles. The map draws one view at a time, and everything that
names a zone by (zone_id, foot) works on the chart of that view (:meth:`Chart.for_view`)."""


def drawn_chart(chart: Chart) -> Chart:
    """The part of ``chart`` a page first shows (:data:`MAP_VIEW`); raises ChartError if none."""
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


# most English names stay on one line ("Sacrum and coccyx"); a longer name is wrapped
MAP_NAME_WIDTH = 17


def map_label(name: str) -> str:
    """A zone's name as the map draws it: :func:`short_name`, a long one on lines of about
    :data:`MAP_NAME_WIDTH` characters, as even as its words allow. On one line a long name (Russian
    ones run to 40 characters) covers its neighbours and is pushed off its own zone; the printed
    chart wraps its names too (export.images)."""
    text = short_name(name)
    if len(text) <= MAP_NAME_WIDTH:
        return text
    lines = math.ceil(len(text) / MAP_NAME_WIDTH)
    width = math.ceil(len(text) / lines)  # widened until the words fit on that many lines
    while len(rows := textwrap.wrap(text, width, break_long_words=False)) > lines:
        width += 1
    return "\n".join(rows)


def _columns(chart: Chart, lang: str) -> dict:
    # a chart of one view (drawn_chart, Chart.for_view), placed as that view is drawn
    foot_label = {foot: translator(lang).gettext(label) for foot, label in FOOT_LABEL.items()}
    zones, view = chart.zones, chart.home_view
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
        "foot_label": [foot_label[f] for f in zones["foot"]],
        "name": zones["name"].tolist(),
        "label": [map_label(n) for n in zones["name"]],
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
        titles["text"].append(foot_label[foot])
    guides = {"xs": [], "ys": [], "name": []}
    # Each guide line is named once, in the gap between the feet, where no zone label competes; a
    # landmark drawn as a ring (an ankle bone) is named on each foot, just above its ring.
    guide_names: dict[str, float] = {}
    ring_names: dict[str, list] = {"x": [], "y": [], "name": []}
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
                guides["name"].append(row.label)
                if line.is_ring:
                    minx, _miny, maxx, maxy = line.bounds
                    ring_names["x"].append((minx + maxx) / 2)
                    ring_names["y"].append(maxy + 4)
                    ring_names["name"].append(row.label)
                else:
                    guide_names.setdefault(row.label, float(np.mean(y)))
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
        "x": [0.0] * len(guide_names) + ring_names["x"],
        "y": list(guide_names.values()) + ring_names["y"],
        "name": [name.replace(" line", "\nline") for name in guide_names] + ring_names["name"],
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


def per_chart(build: Callable[..., T]) -> Callable[..., T]:
    """``build(chart, ...)`` computed once per chart object and further arguments (a language), and
    kept as long as the chart (weakly, so a replaced chart is freed): every session showing the
    same chart shares the read-only result."""
    cache: weakref.WeakKeyDictionary[Chart, dict[tuple, T]] = weakref.WeakKeyDictionary()
    signature = inspect.signature(build)
    arity = len(signature.parameters) - 1

    def key(chart: Chart, *args, **kwargs) -> tuple:
        if not kwargs and len(args) == arity:  # every argument given: asked on every tap, keep it cheap
            return args
        bound = signature.bind(chart, *args, **kwargs)
        bound.apply_defaults()  # f(chart) and f(chart, "en") are one result
        return bound.args[1:]

    @functools.wraps(build)
    def cached(chart: Chart, *args, **kwargs) -> T:
        results = cache.setdefault(chart, {})
        at = key(chart, *args, **kwargs)
        if at not in results:
            results[at] = build(chart, *args, **kwargs)
        return results[at]

    def prime(chart: Chart, result: T, *args, **kwargs) -> None:
        """Keep ``result``, built elsewhere (a worker process), as ``build(chart, ...)``."""
        cache.setdefault(chart, {})[key(chart, *args, **kwargs)] = result

    cached.prime = prime
    return cached


@per_chart
def map_columns(chart: Chart, lang: str = DEFAULT_LANGUAGE) -> dict:
    """Display columns for zones, outlines, foot titles, guide lines and longitudinal bands, the
    foot titles in ``lang`` (the zones' names are the chart's own).

    Shared per chart (:func:`per_chart`): callers must copy a column before changing it.
    """
    return _columns(chart, lang)
