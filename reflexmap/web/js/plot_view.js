/* global rmFindPlot */
// Zooming a plot view found by rmFindPlot (bokeh_internals.js): rmZoomAt and rmZoomBy.
// The plot's first view: where zooming out stops. A plot whose tags change (another view of the
// feet drawn in it) has a new one, read at its first zoom, before which nothing has moved it.
function rmHomeOf(plot) {
  const {x_range, y_range} = plot.model;
  const key = (plot.model.tags ?? []).join(" ");
  if (plot.rmHome?.key !== key)
    plot.rmHome = {key, x: [x_range.start, x_range.end], y: [y_range.start, y_range.end]};
  return plot.rmHome;
}
// Zoom the plot view so that data point (ax, ay) sits at canvas pixel (sx, sy) with k data units
// per pixel across (the other axis keeps its ratio, so the feet keep their shape). Never wider
// than the plot's first view: zoomed out, the feet would float in empty space.
function rmZoomAt(plot, ax, ay, sx, sy, k) {
  const {x_range, y_range} = plot.model;
  const bbox = plot.frame.bbox;
  const home = rmHomeOf(plot);
  const kx = Math.min(k, (home.x[1] - home.x[0]) / bbox.width);
  const ratio = ((y_range.end - y_range.start) / bbox.height) / ((x_range.end - x_range.start) / bbox.width);
  const ky = kx * ratio;
  const x0 = ax - (sx - bbox.left) * kx, y1 = ay + (sy - bbox.top) * ky;
  x_range.setv({start: x0, end: x0 + bbox.width * kx});
  y_range.setv({start: y1 - bbox.height * ky, end: y1});
}
// Zoom by `factor` (> 1: closer) about the middle of the plot's frame.
function rmZoomBy(plot, factor) {
  const {x_range, y_range} = plot.model, bbox = plot.frame.bbox;
  rmHomeOf(plot);
  const k = (x_range.end - x_range.start) / bbox.width / factor;
  rmZoomAt(plot, (x_range.start + x_range.end) / 2, (y_range.start + y_range.end) / 2,
           bbox.left + bbox.width / 2, bbox.top + bbox.height / 2, k);
}
