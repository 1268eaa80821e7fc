// The BokehJS internals the page relies on, in one place (checked with BokehJS 3.x; the browser
// tests that tap, zoom and search fail if an upgrade changes them). BokehJS has no public way from
// a model to the view drawing it, nor to change a model without re-rendering it, and the page
// needs both to answer a tap within a frame. Beside these functions the page reads a plot view's
// `frame` (its `bbox`, `x_scale.invert`, `y_scale.invert`: pixels to data), `canvas_view.el`
// (where a pointer event landed) and `canvas_view.events_el` (its touch-action, see taps.js).

// Bokeh.index: every rendered document's root views. Walked to find a plot view by its model's
// tags, as the map's model is made in Python and its view exists only in the page.
function rmFindPlot(tag) {
  function* walk(v) { yield v; for (const c of (v.child_views ?? [])) yield* walk(c); }
  const index = window.Bokeh?.index;
  if (!index) return null;
  for (const root of index.roots ?? Object.values(index))
    for (const v of walk(root))
      if (v.frame && v.canvas_view && (v.model.tags ?? []).includes(tag)) return v;
  return null;
}

// Bokeh.index.find_one(model): the view drawing `model` (null before it is drawn).
function rmFindView(model) {
  return window.Bokeh?.index?.find_one?.(model) ?? null;
}

// setv(..., {silent: true}): the model takes the values without telling its view. Any change to a
// Div, even to its tags, makes Bokeh render it again and lay out the whole page (three quarters
// of a click's time offline); the page writes into the Div's element itself and keeps the model
// equal to it this way.
function rmSetSilently(model, attrs) {
  model.setv(attrs, {silent: true});
}

// A mouse press on the map is held back from Bokeh until it becomes a drag (taps.js): Bokeh's
// drag tools took over a millisecond per press. When it does become a drag, the press is handed
// to Bokeh afterwards by dispatching a copy at its original target, so Bokeh's pan starts where
// the pointer went down.
function rmReplayPress(target, press) {
  target.dispatchEvent(new PointerEvent("pointerdown", press));
}
