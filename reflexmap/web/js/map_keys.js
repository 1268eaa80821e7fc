// The map by keyboard, the zone list's buttons and the skip links: the dashboard and the offline
// export share this file (see map_keys.py). Needs rmFindPlot (bokeh_internals.js).
//
// rmMapKeys(tag, select, options) watches the page for
// * keys on the plot tagged `tag` (made focusable in Python): arrows move a focus ring (drawn by
//   the renderer named RM_FOCUS) to the nearest zone that way, across both feet; Enter or Space
//   select the zone under the ring, Escape clears, Home and End jump to the left and right foot;
// * clicks on buttons carrying data-rm-map=`tag` and data-rm-row (the zone list);
// * clicks on links carrying data-rm-map=`tag` and data-rm-skip ("map" or a CSS selector).
// Selecting calls select(x, y, source, {chosen: row}) with a point where a click selects that
// zone (the zone source's label_x/label_y, which keep clear of smaller zones drawn over it), so
// every way to select a zone goes the way a click on the map goes; `chosen` says which zone was
// meant, where a click would also hit the zones under it (Escape passes no row). options (all optional):
//   selectable() -> per-row booleans (rows the filters hide are skipped), or null for all;
//   pair -> per row, the same zone's row on the other foot (-1 where none), or a function
//     returning it (a map whose view changes draws other rows);
//   named() -> may the focused zone be named (not during a quiz, not while names are hidden);
//   clearable() -> may Escape clear the selection (a tap outside the zones answers a quiz);
//   selected() -> the selected zone's row (-1 for none): where the ring starts.
// Returns a function that stops watching.
/* global RM_FOCUS, RM_SR_ONLY, RM_ZONES, rmFindPlot -- from map_keys.py, tap_js.py, bokeh_internals.js */
/* exported rmDeepQuery, rmMapKeys */
function rmDeepQuery(selector, root = document) {
  const found = root.querySelector(selector);
  if (found) return found;
  for (const el of root.querySelectorAll("*")) {
    if (!el.shadowRoot) continue;
    const inner = rmDeepQuery(selector, el.shadowRoot);
    if (inner) return inner;
  }
  return null;
}
function rmHiddenText(el) {
  el.style.cssText = RM_SR_ONLY;  // in the accessibility tree, not on the screen
  return el;
}
function rmMapKeys(tag, select, options = {}) {
  const {
    selectable = () => null, pair = null, named = () => true, clearable = () => true, selected = () => -1,
    words = {},
  } = options;
  const pairs = typeof pair === "function" ? pair : () => pair;
  // what the map says, in the page's language (reflexmap.web.map_keys.key_words)
  const w = {
    help: "Arrow keys move between zones, Enter or Space selects the outlined zone, "
      + "Escape clears the selection, Home and End jump to the left and the right foot.",
    named: "{zone}, {foot}. Enter selects it.",
    unnamed_left: "A zone on the left foot. Enter chooses it.",
    unnamed_right: "A zone on the right foot. Enter chooses it.",
    none_left: "The filters show no zone on the left foot.",
    none_right: "The filters show no zone on the right foot.",
    ...words,
  };
  let focused = -1;
  // looked up again only when the page draws the plot anew: every click on the page asks for it
  let cachedView = null;
  const plot = () => {
    if (!cachedView?.el?.isConnected) cachedView = rmFindPlot(tag);
    return cachedView;
  };
  const zonesOf = (view) => view.model.renderers.find((r) => r.name === RM_ZONES).data_source;
  const ok = (i) => { const s = selectable(); return !s || !!s[i]; };
  const onMap = (event, view) => view && event.composedPath().includes(view.el);
  // Keys are the map's while the map itself (not its toolbar's buttons, which sit inside it) has
  // a focus the browser would show, i.e. one the keyboard brought: after a mouse click on it the
  // page's own keys (a lesson's arrows in presentation) keep working.
  const ours = (event, view) => view && event.composedPath()[0] === view.el && view.el.matches(":focus-visible");
  // The help and the focused zone's name live beside the plot's element: aria-describedby only
  // reaches an element in the same (shadow) root.
  const helpers = (view) => {
    const root = view.el.getRootNode();
    let help = root.querySelector("[data-rm-map-help]");
    if (!help) {
      help = rmHiddenText(document.createElement("span"));
      help.setAttribute("data-rm-map-help", "");
      help.id = view.el.getAttribute("aria-describedby");
      help.textContent = w.help;
      const said = rmHiddenText(document.createElement("span"));
      said.setAttribute("data-rm-map-focus", "");
      said.setAttribute("aria-live", "polite");
      (root === document ? document.body : root).append(help, said);
    }
    return root.querySelector("[data-rm-map-focus]");
  };
  let ringed = -1;
  const ring = (view, row) => {
    const r = view.model.renderers.filter((g) => g.name === RM_FOCUS);
    // a click on the map hides the ring: no repaint for a ring that is not there
    if (!r.length || (row < 0 && ringed < 0)) return;
    ringed = row;
    const d = r[0].data_source.data, z = zonesOf(view).data;
    if (row >= 0) { d.xs[0] = z.xs[row]; d.ys[0] = z.ys[row]; }
    d.alpha[0] = row >= 0 ? 1 : 0;
    // changed in place: repainted, not sent to a server
    r[0].data_source.change.emit();
  };
  const say = (view, row) => {
    const z = zonesOf(view).data;
    helpers(view).textContent = named()
      ? w.named.replace("{zone}", z.name[row]).replace("{foot}", z.foot_label[row].toLowerCase())
      : w["unnamed_" + z.foot[row]];
  };
  const rows = (view) => [...Array(zonesOf(view).data.zone_id.length).keys()].filter(ok);
  // reading order on a foot: top to bottom, then left to right
  const firstOn = (view, foot) => {
    const z = zonesOf(view).data;
    const on = rows(view).filter((i) => z.foot[i] === foot);
    on.sort((a, b) => z.label_y[b] - z.label_y[a] || z.label_x[a] - z.label_x[b]);
    return on.length ? on[0] : -1;
  };
  const nearest = (view, from, dx, dy) => {
    const z = zonesOf(view).data;
    const x0 = z.label_x[from], y0 = z.label_y[from];
    let best = -1, bestScore = Infinity;
    for (const i of rows(view)) {
      const vx = z.label_x[i] - x0, vy = z.label_y[i] - y0;
      const along = vx * dx + vy * dy, across = Math.abs(vx * dy - vy * dx);
      if (i === from || along <= 0.5) continue;
      // a zone within 45 degrees of the arrow beats any zone outside it
      const score = along + 2 * across + (across > along ? 1e6 : 0);
      if (score < bestScore) { best = i; bestScore = score; }
    }
    return best;
  };
  // where the ring starts: the selected zone, else the first zone of the left (or right) foot
  const startRow = (view) => {
    const sel = selected();
    if (sel >= 0 && ok(sel)) return sel;
    const left = firstOn(view, "left");
    return left >= 0 ? left : firstOn(view, "right");
  };
  const moveTo = (view, row) => {
    if (row < 0) return;
    focused = row;
    ring(view, row);
    say(view, row);
  };
  const ARROWS = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1]};
  const onKey = (event) => {
    watch();
    const view = plot();
    if (!ours(event, view) || event.ctrlKey || event.metaKey || event.altKey) return;
    const z = zonesOf(view).data;
    if (focused >= z.zone_id.length || (focused >= 0 && !ok(focused))) focused = -1;
    const start = () => (focused >= 0 ? focused : startRow(view));
    const key = event.key;
    if (key in ARROWS) {
      const from = start();
      moveTo(view, focused < 0 ? from : nearest(view, from, ...ARROWS[key]));
    } else if (key === "Home" || key === "End") {
      const foot = key === "Home" ? "left" : "right";
      const other = focused >= 0 && pairs() ? pairs()[focused] : -1;
      const to = other >= 0 && ok(other) && z.foot[other] === foot ? other : firstOn(view, foot);
      if (to < 0) helpers(view).textContent = w["none_" + foot];
      moveTo(view, to);
    } else if (key === "Enter" || key === " ") {
      const row = start();
      if (row < 0) return;
      moveTo(view, row);
      select(z.label_x[row], z.label_y[row], zonesOf(view), {chosen: row});
    } else if (key === "Escape") {
      // far outside both feet: no zone there, as a click beside the feet clears
      if (clearable()) select(-1e4, -1e4, zonesOf(view));
      ring(view, -1);
    } else {
      return;
    }
    // the page's own keys (a lesson's arrows) and scrolling leave the map's keys alone
    event.preventDefault();
    event.stopPropagation();
  };
  // Focus events do not reach the document from inside the page's shadow roots (Panel puts
  // everything in one), so the plot's element gets its own listeners; it may be drawn again (a
  // new element), so they are checked before anything can move the focus: a Tab, a click.
  const watched = new Set();
  const onFocus = () => {
    const view = plot();
    if (!view) return;
    helpers(view);
    // a click focuses the map too; the ring is for keyboard users
    if (view.el.matches(":focus-visible")) moveTo(view, startRow(view));
  };
  const onBlur = () => {
    const view = plot();
    if (view) ring(view, -1);
    focused = -1;  // back on the map, the keys start at the selected zone
  };
  const onPointer = (event) => {
    watch();
    const view = plot();
    if (onMap(event, view)) ring(view, -1);
  };
  const watch = () => {
    const view = plot();
    if (!view || watched.has(view.el)) return;
    watched.add(view.el);
    view.el.addEventListener("focus", onFocus);
    view.el.addEventListener("blur", onBlur);
    // the focus moving on to the toolbar inside the map is no blur of the map, but the ring goes
    view.el.shadowRoot?.addEventListener("focusin", onBlur);
    helpers(view);
  };
  const onClick = (event) => {
    watch();
    const target = event.composedPath().find((el) => el.dataset?.rmMap === tag);
    if (!target) return;
    const view = plot();
    if (!view) return;
    if (target.dataset.rmRow !== undefined) {
      const row = Number(target.dataset.rmRow), z = zonesOf(view).data;
      if (!(row >= 0 && row < z.zone_id.length)) return;
      select(z.label_x[row], z.label_y[row], zonesOf(view), {chosen: row});
    } else if (target.dataset.rmSkip !== undefined) {
      event.preventDefault();
      const skip = target.dataset.rmSkip;
      const to = skip === "map" ? view.el : rmDeepQuery(skip);
      if (!to) return;
      if (!to.hasAttribute("tabindex")) to.setAttribute("tabindex", "-1");
      to.focus();
      to.scrollIntoView({block: "nearest"});
    }
  };
  const listeners = [["keydown", onKey], ["pointerdown", onPointer], ["click", onClick]];
  for (const [type, fn] of listeners) document.addEventListener(type, fn, true);
  // and once the page has drawn the plot, for a screen reader's own way of moving the focus
  let tries = 120;
  const first = () => { watch(); if (!plot() && tries-- > 0) requestAnimationFrame(first); };
  first();
  return () => {
    tries = 0;
    for (const [type, fn] of listeners) document.removeEventListener(type, fn, true);
    for (const el of watched) {
      el.removeEventListener("focus", onFocus);
      el.removeEventListener("blur", onBlur);
      el.shadowRoot?.removeEventListener("focusin", onBlur);
    }
  };
}
