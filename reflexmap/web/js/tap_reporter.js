/* global rmHits, rmWatchTaps, rmMapKeys, rmDrawSelection */
// The render of reflexmap.dashboard.map_view.TapReporter, after taps.js, hit-testing, map_keys.js
// and tap_highlight.js.
export function render({ model }) {
  const taps = (window.__reflexmapTaps ??= {});
  const onTap = (x, y, source, event) => {
    const n = model.tap[0] + 1;
    taps[model.channel] = n;
    // a zone chosen by key or from the list is that zone alone: no "Also here" for the
    // larger zone under a small one's label point
    const hits = event?.chosen >= 0 ? [event.chosen] : rmHits(source.data, model.index, x, y);
    // a key press has no pointer: nothing to keep in sight above a phone's sheet
    const detail = {channel: model.channel, n, hits, clientY: event?.clientY};
    document.dispatchEvent(new CustomEvent("reflexmap-tap", {detail}));
    // the details pane has shown the first selectable zone under the tap: the map shows it too
    const row = hits.find((i) => !model.selectable.length || model.selectable[i]);
    if (model.named && row !== undefined)
      rmDrawSelection(source, row, model.index.pair[row], model.zone_styles);
    model.tap = [n, x, y];
  };
  const stops = [
    rmWatchTaps(model.channel, onTap),
    rmMapKeys(model.channel, onTap, {
      selectable: () => (model.selectable.length ? model.selectable : null),
      pair: () => model.index.pair,
      named: () => model.named,
      clearable: () => model.clearable,
      selected: () => model.selected_row,
      words: model.words,
    }),
  ];
  model.on("remove", () => stops.forEach((stop) => stop()));
  const el = document.createElement("span");
  el.style.display = "none";
  return el;
}
