"""Answering a tap on the map inside the browser: the dashboard and the offline export share this.

A tap is read from the pointer events themselves, not from Bokeh's Tap event: Bokeh's gesture
pipeline took several milliseconds per tap before any callback ran (the offline page answered in
3-5 ms against 0.8 ms for a hand-written SVG page), and in the served app the details waited for a
round trip through Python (25 ms at p50 with one session on loopback, seconds under a class's
load). With the zone polygons already in the page, the browser finds the zone under the pointer
itself, smallest zone first as :meth:`ZoneMap.locate` orders them, and shows its details at once.

``WATCH_TAPS_JS`` defines ``rmWatchTaps(tag, onTap)`` and ``rmHits(data, index, x, y)``:

* ``rmWatchTaps`` calls ``onTap(x, y, source, event)`` with data coordinates for every tap (a press and
  release of the primary button or a finger that moved less than a few pixels, so a pan is not a
  tap) on the plot whose model carries ``tag`` in its tags; ``source`` is its zone data source
  (the glyph renderer named ``ZONES_RENDERER``) and ``event`` the release. Bokeh sees a mouse
  press only once it becomes a drag (its pan tool works as before; it never sees a tap), and a
  finger never: one finger scrolls the page, two pinch-zoom the map. It returns a function that
  stops watching.
* ``rmHits`` lists the rows of ``data`` (a zone source's columns) under a point, in the order of
  ``index.order``, on the foot drawn at that x (the left foot at negative x); it is
  ``reflexmap/web/js/hit.js``, tested under Node against the model.

``SHOW_HTML_JS`` defines ``rmHtmlShower(rows)``, which returns ``show(element, html)``: it puts
``html`` in ``element`` as ``element.innerHTML = html`` would. Parsing a zone's details HTML was
the largest part of answering a tap in the page (0.3 of 0.8 ms in the offline export); each
distinct HTML is parsed once, and ``rows`` ahead of time while the page is idle, and its nodes are
moved in and out afterwards. Each box showing details needs a shower of its own, since a node can
be in one place only.
"""

from __future__ import annotations

import numpy as np

from ..model import ZoneMap
from ..web.scripts import script
from .map_data import map_columns, per_chart

ZONES_RENDERER = "reflexmap-zones"

# rmFindPlot(tag): the plot view tagged ``tag``; rmZoomAt and rmZoomBy: zoom it (see below).
PLOT_VIEW_JS = """
function rmFindPlot(tag) {
  function* walk(v) { yield v; for (const c of (v.child_views ?? [])) yield* walk(c); }
  const index = window.Bokeh?.index;
  if (!index) return null;
  for (const root of index.roots ?? Object.values(index))
    for (const v of walk(root))
      if (v.frame && v.canvas_view && (v.model.tags ?? []).includes(tag)) return v;
  return null;
}
// The plot's first view: where zooming out stops. A plot whose tags change (another view of the
// feet drawn in it) has a new one, read at its first zoom, before which nothing has moved it.
function rmHomeOf(plot) {
  const {x_range, y_range} = plot.model;
  const key = (plot.model.tags ?? []).join(" ");
  if (plot.rmHome?.key !== key)
    plot.rmHome = {key, x: [x_range.start, x_range.end], y: [y_range.start, y_range.end]};
  return plot.rmHome;
}
// Zoom the plot view so that data point (ax, ay) sits at canvas pixel (sx, sy) with k data units
// per pixel across (the other axis keeps its ratio, so the feet keep their shape). Never wider
// than the plot's first view: zoomed out, the feet would float in empty space.
function rmZoomAt(plot, ax, ay, sx, sy, k) {
  const {x_range, y_range} = plot.model;
  const bbox = plot.frame.bbox;
  const home = rmHomeOf(plot);
  const kx = Math.min(k, (home.x[1] - home.x[0]) / bbox.width);
  const ratio = ((y_range.end - y_range.start) / bbox.height) / ((x_range.end - x_range.start) / bbox.width);
  const ky = kx * ratio;
  const x0 = ax - (sx - bbox.left) * kx, y1 = ay + (sy - bbox.top) * ky;
  x_range.setv({start: x0, end: x0 + bbox.width * kx});
  y_range.setv({start: y1 - bbox.height * ky, end: y1});
}
// Zoom by `factor` (> 1: closer) about the middle of the plot's frame.
function rmZoomBy(plot, factor) {
  const {x_range, y_range} = plot.model, bbox = plot.frame.bbox;
  rmHomeOf(plot);
  const k = (x_range.end - x_range.start) / bbox.width / factor;
  rmZoomAt(plot, (x_range.start + x_range.end) / 2, (y_range.start + y_range.end) / 2,
           bbox.left + bbox.width / 2, bbox.top + bbox.height / 2, k);
}
"""

WATCH_TAPS_JS = (
    PLOT_VIEW_JS
    + f'const RM_ZONES = "{ZONES_RENDERER}";\n'
    + """
function rmWatchTaps(tag, onTap) {
  let plot = null, down = null, replaying = false, pinch = null;
  const SLOP = 6;  // pixels a finger or mouse may move and still tap
  const fingers = new Map();  // pointerId -> [clientX, clientY] of each finger on the map
  const find = () => {
    if (!plot || !plot.canvas_view.el.isConnected) {
      plot = rmFindPlot(tag);
      // Bokeh's pan tool asks the browser for every touch (touch-action: none), so a swipe over
      // the map could not scroll the page. Fingers never reach Bokeh here (see onDown): one finger
      // scrolls the page as anywhere else, two pinch the map (see pinchTo), so the browser keeps
      // panning and leaves pinching to the page. Inline, as Bokeh restyles its own sheet.
      if (plot) plot.canvas_view.events_el.style.touchAction = "pan-x pan-y";
    }
    return plot;
  };
  // The style must be in place before a finger lands: look for the plot (again, when Panel
  // renders it anew) until it is there; a cheap check once it is.
  const keep = setInterval(find, 250);
  const plotOf = (event) => {
    find();
    return plot && event.composedPath().includes(plot.canvas_view.el) ? plot : null;
  };
  const canvasPoint = (view, x, y) => {
    const box = view.canvas_view.el.getBoundingClientRect();
    return [x - box.left, y - box.top];
  };
  const pinchTo = () => {
    const [[x0, y0], [x1, y1]] = [...fingers.values()];
    const [sx, sy] = canvasPoint(pinch.plot, (x0 + x1) / 2, (y0 + y1) / 2);
    const k = pinch.k * pinch.spread / Math.max(1, Math.hypot(x1 - x0, y1 - y0));
    rmZoomAt(pinch.plot, pinch.ax, pinch.ay, sx, sy, k);  // the point under the fingers stays there
  };
  const startPinch = (view) => {
    const [[x0, y0], [x1, y1]] = [...fingers.values()];
    const [sx, sy] = canvasPoint(view, (x0 + x1) / 2, (y0 + y1) / 2);
    const {x_range} = view.model;
    pinch = {
      plot: view, ax: view.frame.x_scale.invert(sx), ay: view.frame.y_scale.invert(sy),
      k: (x_range.end - x_range.start) / view.frame.bbox.width,
      spread: Math.max(1, Math.hypot(x1 - x0, y1 - y0)),
    };
  };
  // Bokeh's own handling of a press (its drag tools) took over a millisecond before the release
  // could even be seen. A mouse press on the map is held back from Bokeh until the pointer moves
  // beyond SLOP; only then, for a pan, does Bokeh get the press, so a tap never pays for it.
  // A finger never reaches Bokeh: its pan tool would drag the map instead of scrolling the page.
  const onDown = (event) => {
    if (replaying) return;
    const touch = event.pointerType === "touch";
    if (!touch) down = null;
    const view = (touch || (event.isPrimary && event.button === 0)) && plotOf(event);
    if (!view) return;
    event.stopPropagation();
    if (!touch) {
      down = {event, target: event.composedPath()[0], dragging: false};
      return;
    }
    fingers.set(event.pointerId, [event.clientX, event.clientY]);
    if (fingers.size === 2) {
      down = null;  // a pinch is no tap
      startPinch(view);
    } else if (fingers.size === 1) {
      down = {event, dragging: false};
    }
  };
  const onMove = (event) => {
    if (fingers.has(event.pointerId)) {
      event.stopPropagation();
      fingers.set(event.pointerId, [event.clientX, event.clientY]);
      if (pinch && fingers.size === 2) pinchTo();
    }
    if (!down || down.dragging || event.pointerId !== down.event.pointerId) return;
    const d = down.event;
    if (Math.hypot(event.clientX - d.clientX, event.clientY - d.clientY) <= SLOP) return;
    down.dragging = true;
    if (!down.target) return;  // a finger: the browser scrolls the page
    replaying = true;
    try {
      down.target.dispatchEvent(new PointerEvent("pointerdown", d));
    } finally {
      replaying = false;
    }
  };
  const onUp = (event) => {
    if (fingers.delete(event.pointerId)) {
      event.stopPropagation();
      if (fingers.size < 2) pinch = null;
    }
    const start = down;
    down = null;
    if (!start || start.event.pointerId !== event.pointerId || start.dragging) return;
    event.stopPropagation();  // Bokeh never saw this press
    const view = plotOf(event);
    if (!view) return;
    const [sx, sy] = canvasPoint(view, event.clientX, event.clientY);
    if (!view.frame.bbox.contains(sx, sy)) return;
    const zones = view.model.renderers.find((r) => r.name === RM_ZONES);
    onTap(view.frame.x_scale.invert(sx), view.frame.y_scale.invert(sy), zones.data_source, event);
  };
  const onCancel = (event) => {
    fingers.delete(event.pointerId);
    if (fingers.size < 2) pinch = null;
    down = null;
  };
  const listeners = [
    ["pointerdown", onDown], ["pointermove", onMove], ["pointerup", onUp], ["pointercancel", onCancel],
  ];
  for (const [type, fn] of listeners) document.addEventListener(type, fn, true);
  find();
  return () => {
    clearInterval(keep);
    for (const [type, fn] of listeners) document.removeEventListener(type, fn, true);
  };
}
"""
    + script("hit.js")
)

SHOW_HTML_JS = """
function rmHtmlShower(rows) {
  const parsed = new Map();
  const nodes = (html) => {
    let found = parsed.get(html);
    if (!found) {
      const holder = document.createElement("div");
      holder.innerHTML = html;
      found = [...holder.childNodes];
      parsed.set(html, found);
    }
    return found;
  };
  // Safari has no requestIdleCallback: a few milliseconds at a time there too, never all at once
  const idle = window.requestIdleCallback ?? ((fn) => setTimeout(() => {
    const start = performance.now();
    fn({timeRemaining: () => Math.max(0, 5 - (performance.now() - start))});
  }, 50));
  let next = 0;
  const parseSome = (deadline) => {
    while (next < rows.length && deadline.timeRemaining() > 1) nodes(rows[next++]);
    if (next < rows.length) idle(parseSome);
  };
  idle(parseSome);
  return (element, html) => element.replaceChildren(...nodes(html));
}
"""


@per_chart
def hit_index(chart: ZoneMap) -> dict[str, list]:
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
        # ZoneMap.locate's order: smallest zone first, ties in chart order
        "order": [int(i) for i in np.argsort(chart.zones["area_mm2"].to_numpy(), kind="stable")],
        "bbox": bbox,
        "pair": [row_of.get((z, other[f]), -1) for z, f in keys],
    }
