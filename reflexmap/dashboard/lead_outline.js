// A class student's map outlines the teacher's zone as soon as its row arrives, from the zone
// data the page already holds, as a tap does here for the details: Python's full update (which
// restyles the map the same way) comes when the server has time for it.
// Needs rmFindPlot (PLOT_VIEW_JS) and RM_ZONES before it.
function rmOutlineRow(data, styles, row, pair) {
  // the kinds of emphasis of MapView._restyle_now: hidden zones and search matches stay as they
  // are, the row is selected, its pair on the other foot outlined, the rest dimmed while
  // something stands out
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

export function render({ model }) {
  // ZoneDetailsView tells of each row it shows ahead of Python's answer
  const onLead = (event) => {
    const {channel, row} = event.detail;
    if (channel !== model.channel) return;
    const plot = rmFindPlot(model.channel);
    const zones = plot?.model.renderers.find((r) => r.name === RM_ZONES)?.data_source;
    if (!zones || !(row < zones.data.emphasis.length)) return;  // another view is being drawn
    const styles = model.present ? model.present_zone_styles : model.zone_styles;
    // changed in place and drawn, not set: the server's own update follows, nothing goes back
    if (rmOutlineRow(zones.data, styles, row, row >= 0 ? model.pair[row] : -1)) zones.change.emit();
  };
  document.addEventListener("reflexmap-lead", onLead);
  model.on("remove", () => document.removeEventListener("reflexmap-lead", onLead));
  const el = document.createElement("span");
  el.style.display = "none";
  return el;
}
