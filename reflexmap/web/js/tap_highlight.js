/* exported rmDrawSelection, rmOutlineRow */
// rmDrawSelection(source, row, pair, styles): the map's answer to a tap, drawn by the page itself
// in the task that shows the tapped zone's details, so both are painted in the same frame. Before,
// the highlight waited for the server's restyle: a round trip later, often a frame or more after
// the details, and seconds later under a class's load.
//
// It draws what the server will draw (MapView._restyle_now): the tapped `row` selected, its `pair`
// on the other foot, the zones the last selection emphasised dimmed; hidden zones and search or
// routine matches keep their kind. `styles` maps a kind to [fill_alpha, line_width, line_color].
// The columns are changed in place and repainted, never sent to the server: the server's own
// restyle follows as a patch of the rows it changes, and it corrects a row this drew otherwise
// (the zone the tap leaves that was also a search match goes back to "match").
//
// rmOutlineRow(data, styles, row, pair), used by it and by a class student's map (lead_outline.js):
// the kinds of emphasis of MapView._restyle_now, in place in a zone source's `data`: hidden zones
// and search matches stay as they are, `row` is selected, its `pair` on the other foot outlined,
// the rest dimmed while something stands out. Says whether anything changed.
function rmOutlineRow(data, styles, row, pair) {
  const emphasised = row >= 0 || data.emphasis.includes("match");
  let changed = false;
  for (let i = 0; i < data.emphasis.length; i++) {
    const was = data.emphasis[i];
    if (was === "hidden") continue;
    const kind = i === row ? "selected" : i === pair ? "pair" : was === "match" ? "match"
               : emphasised ? "dimmed" : "plain";
    if (kind === was) continue;
    const [alpha, width, color] = styles[kind];
    data.fill_alpha[i] = alpha;
    data.line_width[i] = width;
    data.line_color[i] = color;
    data.emphasis[i] = kind;
    changed = true;
  }
  return changed;
}

function rmDrawSelection(source, row, pair, styles) {
  if (source.data.emphasis && styles.selected && rmOutlineRow(source.data, styles, row, pair))
    source.change.emit();
}
