/* global rmFindPlot, rmZoomBy */
// The render of reflexmap.dashboard.zoom.ZoomButtons, after PLOT_VIEW_JS (rmFindPlot, rmZoomBy).
export function render({ model }) {
  const bar = document.createElement("div");
  bar.className = "rm-zoom";
  bar.setAttribute("role", "group");
  const w = model.words;
  bar.setAttribute("aria-label", w.group);
  const add = (text, label, act) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.title = label;
    button.setAttribute("aria-label", label);
    button.addEventListener("click", () => {
      const plot = rmFindPlot(model.channel);
      if (plot) act(plot);
    });
    bar.append(button);
  };
  add("+", w.zoom_in, (plot) => rmZoomBy(plot, model.step));
  add("\u2212", w.zoom_out, (plot) => rmZoomBy(plot, 1 / model.step));
  add(w.reset, w.whole, (plot) => plot.reset_range());
  const touch = window.matchMedia(model.touch);
  const fit = (tries = 60) => {
    const plot = rmFindPlot(model.channel);
    if (plot) plot.model.toolbar.visible = !touch.matches;
    else if (tries > 0) requestAnimationFrame(() => fit(tries - 1));  // not drawn yet
  };
  const refit = () => fit();
  touch.addEventListener("change", refit);
  model.on("remove", () => touch.removeEventListener("change", refit));
  fit();
  return bar;
}
