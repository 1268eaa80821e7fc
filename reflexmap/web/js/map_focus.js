/* global rmFindPlot, rmHomeOf, rmZoomAt */
// The render of reflexmap.dashboard.quiz_focus.MapFocus, after PLOT_VIEW_JS (rmFindPlot,
// rmHomeOf, rmZoomAt).
export function render({ model }) {
  const apply = (tries = 60) => {
    const plot = rmFindPlot(model.channel);
    if (!plot) {  // not drawn yet
      if (tries > 0) requestAnimationFrame(() => apply(tries - 1));
      return;
    }
    if (model.centre.length !== 2) {
      if (plot.rmFocused) plot.reset_range();
      plot.rmFocused = false;
      return;
    }
    const bbox = plot.frame.bbox;
    const home = rmHomeOf(plot);
    const k = (home.x[1] - home.x[0]) / bbox.width / model.factor;
    const [x, y] = model.centre;
    rmZoomAt(plot, x, y, bbox.left + bbox.width / 2, bbox.top + bbox.height / 2, k);
    plot.rmFocused = true;
  };
  model.on("centre", () => apply());
  apply();
  const el = document.createElement("span");
  el.style.display = "none";
  return el;
}
