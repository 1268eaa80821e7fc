/* exported rmDrawSelection */
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
function rmDrawSelection(source, row, pair, styles) {
  const d = source.data, kinds = d.emphasis;
  if (!kinds || !styles.selected) return;
  let changed = false;
  for (let i = 0; i < kinds.length; i++) {
    const was = kinds[i];
    if (was === "hidden" || (was === "match" && i !== row && i !== pair)) continue;
    const kind = i === row ? "selected" : i === pair ? "pair" : "dimmed";
    if (kind === was) continue;
    const [alpha, width, color] = styles[kind];
    kinds[i] = kind;
    d.fill_alpha[i] = alpha;
    d.line_width[i] = width;
    d.line_color[i] = color;
    changed = true;
  }
  if (changed) source.change.emit();
}
