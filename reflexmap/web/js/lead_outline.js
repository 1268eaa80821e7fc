/* global rmFindPlot, RM_ZONES, rmOutlineRow */
// A class student's map outlines the teacher's zone as soon as its row arrives, from the zone
// data the page already holds, as a tap does here for the details: Python's full update (which
// restyles the map the same way) comes when the server has time for it.
// Needs rmFindPlot (PLOT_VIEW_JS), RM_ZONES and tap_highlight.js before it.
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
