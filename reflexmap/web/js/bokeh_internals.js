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

// Patches of BokehJS's and Panel's view classes, installed by the served page once, before any
// view is made (page_patches.js). Each wraps a method the class already has and adds to what it
// did; `Models` is BokehJS's registry of model classes (`Bokeh.Models`), whose `default_view`
// is the view class drawing them. A class missing from a later release is left as it is (the
// browser tests that read the page's accessibility tree then fail).
function rmPatchViews(Models) {
  const view = (name) => Models?.get(name)?.prototype.default_view ?? null;
  const after = (cls, method, then) => {
    const base = cls?.prototype[method];
    if (!base) return;
    cls.prototype[method] = function (...args) {
      const result = base.apply(this, args);
      then.call(this);
      return result;
    };
  };

  // A widget group's view can be made and hidden before it draws (a tab's models sent and the tab
  // left at once): its list of inputs or buttons is made only when it draws, and a later change
  // of the model looped over nothing there ("n is not iterable"), which left the view broken for
  // good. Until it draws, the view has none; drawing makes them from the model as it is by then.
  for (const [name, list] of [["RadioGroup", "_inputs"], ["CheckboxGroup", "_inputs"],
    ["RadioButtonGroup", "_buttons"], ["CheckboxButtonGroup", "_buttons"]]) {
    const cls = view(name);
    if (cls && !(list in cls.prototype)) cls.prototype[list] = Object.freeze([]);
  }

  // Screen readers are told what Bokeh and Panel show by looks alone.
  // Button groups (the foot filter, the quiz's kind of question): which button is chosen.
  for (const name of ["RadioButtonGroup", "CheckboxButtonGroup"]) {
    after(view(name), "_update_active", function () {
      for (const b of this._buttons) b.setAttribute("aria-pressed", String(b.classList.contains("bk-active")));
    });
  }
  // Tabs: their headers are focusable divs with no role; which one is open.
  const tabs = [view("Tabs"), view("panel.models.tabs.Tabs")];
  const tabStates = function () {
    this.headers_wrapper_el?.setAttribute("role", "tablist");
    this.header_els?.forEach((el, i) => {
      el.setAttribute("role", "tab");
      el.setAttribute("aria-selected", String(i === this.model.active));
    });
  };
  for (const cls of new Set(tabs)) {
    after(cls, "_update_headers", tabStates);
    after(cls, "update_active", tabStates);
  }
  // Panel's cards (the folding sections): the header is a button named by the card's title, with
  // no word of whether the section is open.
  const card = view("panel.models.layout.Card");
  const expanded = function () {
    if (this.model.collapsible) this.button_el?.setAttribute("aria-expanded", String(!this.model.collapsed));
  };
  after(card, "render", expanded);
  after(card, "_collapse", expanded);
  // The map's canvas: its events layer is a second, nameless stop of the Tab key inside the map
  // (whose own element is the named, focusable one). A click still focuses it, and the map's keys
  // need the map's own element anyway (map_keys.js).
  after(view("Canvas"), "initialize", function () { this.events_el.tabIndex = -1; });
  // The map's toolbar: divs named by their title (the tool's description), with no role; which
  // on/off tool is on.
  for (const name of ["OnOffButton", "ClickButton"]) {
    after(view(name), "render", function () { this.el.setAttribute("role", "button"); });
  }
  after(view("OnOffButton"), "_toggle_active", function () {
    this.el.setAttribute("aria-pressed", String(this.model.tool.active));
  });
}
