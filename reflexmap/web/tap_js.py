"""Answering a tap on the map inside the browser: the dashboard and the offline export share this.

A tap is read from the pointer events themselves, not from Bokeh's Tap event: Bokeh's gesture
pipeline took several milliseconds per tap before any callback ran (the offline page answered in
3-5 ms against 0.8 ms for a hand-written SVG page), and in the served app the details waited for a
round trip through Python (25 ms at p50 with one session on loopback, seconds under a class's
load). With the zone polygons already in the page, the browser finds the zone under the pointer
itself, smallest zone first as :meth:`Chart.locate` orders them, and shows its details at once.

``WATCH_TAPS_JS`` (``js/bokeh_internals.js``, ``js/plot_view.js``, ``js/taps.js`` and the hit-test
``js/hit.js``) defines ``rmWatchTaps(tag, onTap)`` and ``rmHits(data, index, x, y)``:

* ``rmWatchTaps`` calls ``onTap(x, y, source, event)`` with data coordinates for every tap (a press and
  release of the primary button or a finger that moved less than a few pixels, so a pan is not a
  tap) on the plot whose model carries ``tag`` in its tags; ``source`` is its zone data source
  (the glyph renderer named ``ZONES_RENDERER``) and ``event`` the release. Bokeh sees a mouse
  press only once it becomes a drag (its pan tool works as before; it never sees a tap), and a
  finger never: one finger scrolls the page, two pinch-zoom the map. It returns a function that
  stops watching.
* ``rmHits`` lists the rows of ``data`` (a zone source's columns) under a point, in the order of
  ``index.order``, on the foot drawn at that x (the left foot at negative x): ``js/hit.js``,
  held to :meth:`Chart.locate_chart` under Node (``tests/test_js_parity.py``).

``SHOW_HTML_JS`` (``js/show_html.js``) defines ``rmHtmlShower(rows)``, which returns ``show(element,
html)``: it puts ``html`` in ``element`` as ``element.innerHTML = html`` would. Parsing a zone's
details HTML was the largest part of answering a tap in the page (0.3 of 0.8 ms in the offline
export); each distinct HTML is parsed once, and ``rows`` ahead of time while the page is idle, and
its nodes are moved in and out afterwards. Each box showing details needs a shower of its own, since
a node can be in one place only.
"""

from __future__ import annotations

import json

import numpy as np

from ..model import Chart
from .assets import js
from .map_data import map_columns, per_chart

ZONES_RENDERER = "reflexmap-zones"

# rmFindPlot(tag): the plot view tagged ``tag``; rmZoomAt and rmZoomBy: zoom it.
PLOT_VIEW_JS = js("bokeh_internals.js", "plot_view.js")

WATCH_TAPS_JS = PLOT_VIEW_JS + f"const RM_ZONES = {json.dumps(ZONES_RENDERER)};\n" + js("taps.js", "hit.js")

SHOW_HTML_JS = js("show_html.js")


@per_chart
def hit_index(chart: Chart) -> dict[str, list]:
    """What ``rmHits`` needs beside the zone source: the rows smallest first, each row's bounds.

    Also ``pair``: each row's row on the other foot (-1 where the chart has none). Shared per
    chart, like :func:`map_columns`.
    """
    zones = map_columns(chart)["zones"]
    keys = list(zip(zones["zone_id"], zones["foot"], strict=True))
    row_of = {key: i for i, key in enumerate(keys)}
    other = {"left": "right", "right": "left"}
    bbox = []
    for xs, ys in zip(zones["xs"], zones["ys"], strict=True):
        x = np.concatenate([ring for poly in xs for ring in poly])
        y = np.concatenate([ring for poly in ys for ring in poly])
        bbox.append([float(x.min()), float(y.min()), float(x.max()), float(y.max())])
    return {
        # Chart.locate's order: smallest zone first, ties in chart order
        "order": [int(i) for i in np.argsort(chart.zones["area_mm2"].to_numpy(), kind="stable")],
        "bbox": bbox,
        "pair": [row_of.get((z, other[f]), -1) for z, f in keys],
    }
