/* global details, panels, mapColumn, LAYOUTS, EMPTY, V, G, sources, writer, restyle, rmHtmlShower, rmWatchTaps, rmHits, rmMapKeys, rmDeepQuery, results */
// Run once the document is ready: taps are read from the pointer events (see taps.js), on each
// view's map. The map is restyled in the task that shows the details, so one frame paints both: a
// restyle put off to the next animation frame asked Bokeh for its repaint from inside that frame's
// callbacks, and Bokeh painted it a frame later (17-23 ms after the tap, the details long shown).
// The view buttons show one view's map at a time; a zone chosen on a hidden view (a search result)
// shows its view first.
const putDetails = writer(details, rmHtmlShower([EMPTY, ...V.flatMap((view) => view.D.details)]));
let statusEl = null, shown = 0;
const showView = (v) => {
  if (v === shown) return;
  shown = v;
  panels.forEach((panel, i) => { panel.visible = i === v; });
  const side = V[v].view === "medial" || V[v].view === "lateral";
  mapColumn.styles = {...mapColumn.styles, ...LAYOUTS[side ? 1 : 0]};
  for (const button of rmDeepQueryAll("[data-rm-view]"))
    button.setAttribute("aria-pressed", String(Number(button.dataset.rmView) === v));
  // "Skip to the map" goes to the map shown
  for (const link of rmDeepQueryAll("[data-rm-skip='map']")) link.dataset.rmMap = V[v].tag;
};
function rmDeepQueryAll(selector, root = document, out = []) {
  out.push(...root.querySelectorAll(selector));
  for (const el of root.querySelectorAll("*"))
    if (el.shadowRoot) rmDeepQueryAll(selector, el.shadowRoot, out);
  return out;
}
const onTapIn = (v) => (x, y, _source, how) => {
  showView(v);
  const data = sources[v].data, D = V[v].D;
  const hits = rmHits(data, D, x, y);
  // the zone list and the search results say which zone they mean
  const sel = how?.chosen ?? (hits.length ? hits[0] : -1);
  putDetails(sel >= 0 ? D.details[sel] : EMPTY, [sel, sel >= 0 ? v : -1]);
  if (!statusEl?.isConnected) statusEl = rmDeepQuery("[data-rm-status]");
  if (statusEl) statusEl.textContent = sel >= 0 ? D.announce[sel] : G.words.none_selected;
  restyle([sel, sel >= 0 ? v : -1], results.tags);
};
V.forEach((view, v) => {
  rmWatchTaps(view.tag, onTapIn(v));
  rmMapKeys(view.tag, onTapIn(v), {
    pair: view.D.pair, selected: () => (details.tags[1] === v ? details.tags[0] : -1),
  });
});
document.addEventListener("click", (event) => {
  const button = event.composedPath().find((el) => el.dataset?.rmView !== undefined);
  if (button) showView(Number(button.dataset.rmView));
}, true);
