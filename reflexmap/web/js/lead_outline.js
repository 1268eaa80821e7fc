/* global rmFindPlot, RM_ZONES, CLASS_LEAD, rmOutlineRow */
// A class student's map outlines the teacher's zone as soon as its row arrives, from the zone
// data the page already holds, as a tap does here for the details: Python's full update (which
// restyles the map the same way) comes when the server has time for it.
// Needs rmFindPlot (PLOT_VIEW_JS), RM_ZONES, CLASS_LEAD and tap_highlight.js before it.
export function render({ model, view }) {
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
  // The teacher's zone comes as one document-level message for the whole class ([count, row], no
  // model named: class_panel sends the same bytes to every student): this page's details show it
  const doc = view.model.document;
  const onClassLead = ([count, row]) => document.dispatchEvent(
    new CustomEvent("reflexmap-class-lead", {detail: {channel: model.channel, count, row}}));
  doc.on_message(CLASS_LEAD, onClassLead);
  model.on("remove", () => {
    document.removeEventListener("reflexmap-lead", onLead);
    doc.remove_on_message(CLASS_LEAD, onClassLead);
  });
  const el = document.createElement("span");
  el.style.display = "none";
  return el;
}
