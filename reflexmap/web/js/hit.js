// Which zones lie under a point: the browser's answer to a tap, as ZoneMap.locate_chart gives it
// in Python. The served app and the offline export both read this file (reflexmap.web.assets);
// tests/js/hit.test.mjs tests it under Node and tests/test_js_parity.py holds it to the model
// over every zone of the default chart.
//
// `data` is a zone source's columns (reflexmap.web.map_data.map_columns): per row its foot
// and its polygons in display coordinates, xs[row][polygon][ring] (ring 0 the outside, the rest
// holes). `index` is reflexmap.web.tap_js.hit_index: `order`, the rows smallest zone first,
// and `bbox`, each row's [xmin, ymin, xmax, ymax].
/* exported rmHits */

// Even-odd ray casting. A point exactly on an edge may count either way; shapely counts it in,
// so only the points the parity test draws at random are held equal, not a zone's own border.
function rmInRing(xs, ys, x, y) {
  let inside = false;
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) {
    if (ys[i] > y !== ys[j] > y && x < ((xs[j] - xs[i]) * (y - ys[i])) / (ys[j] - ys[i]) + xs[i]) {
      inside = !inside;
    }
  }
  return inside;
}

// Inside one of the row's polygons and in none of that polygon's holes.
function rmInZone(data, index, i, x, y) {
  const b = index.bbox[i];
  if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) return false;
  const px = data.xs[i];
  const py = data.ys[i];
  for (let p = 0; p < px.length; p++) {
    if (!rmInRing(px[p][0], py[p][0], x, y)) continue;
    let inHole = false;
    for (let r = 1; r < px[p].length; r++) {
      if (rmInRing(px[p][r], py[p][r], x, y)) {
        inHole = true;
        break;
      }
    }
    if (!inHole) return true;
  }
  return false;
}

// The rows under display point (x, y), smallest zone first, on the foot drawn there (the left
// foot at negative x).
function rmHits(data, index, x, y) {
  const foot = x < 0 ? "left" : "right";
  return index.order.filter((i) => data.foot[i] === foot && rmInZone(data, index, i, x, y));
}
