/* global RM_ZONES, rmFindPlot, rmZoomAt, rmReplayPress */
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
      rmReplayPress(down.target, d);
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
