// rmHits (reflexmap/web/js/hit.js) on small hand-made shapes; tests/test_js_parity.py holds it
// to the model on the whole default chart.
import assert from "node:assert/strict";
import { test } from "node:test";

import { load } from "./load.mjs";

const { rmInRing, rmInZone, rmHits } = load("hit.js");

const square = (x0, y0, size) => [
  [x0, x0 + size, x0 + size, x0],
  [y0, y0, y0 + size, y0 + size],
];

// A zone source's columns and hit index from rows of [foot, polygons]; each polygon a list of
// rings [xs, ys], the first its outside, the rest holes. Rows are ordered by `order`.
function chart(rows, order) {
  const data = { foot: [], xs: [], ys: [] };
  const bbox = [];
  for (const [foot, polygons] of rows) {
    data.foot.push(foot);
    data.xs.push(polygons.map((rings) => rings.map(([xs]) => xs)));
    data.ys.push(polygons.map((rings) => rings.map(([, ys]) => ys)));
    const xs = polygons.flatMap((rings) => rings[0][0]);
    const ys = polygons.flatMap((rings) => rings[0][1]);
    bbox.push([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
  }
  return { data, index: { order, bbox } };
}

test("a ring holds the points inside it and not those outside", () => {
  const [xs, ys] = square(0, 0, 10);
  assert.equal(rmInRing(xs, ys, 5, 5), true);
  assert.equal(rmInRing(xs, ys, 11, 5), false);
  assert.equal(rmInRing(xs, ys, 5, -1), false);
  assert.equal(rmInRing(xs, ys, -5, 5), false);
});

test("a concave ring leaves out its notch", () => {
  // a U: the notch between its arms is outside
  const xs = [0, 9, 9, 6, 6, 3, 3, 0];
  const ys = [0, 0, 9, 9, 3, 3, 9, 9];
  assert.equal(rmInRing(xs, ys, 1.5, 8), true);
  assert.equal(rmInRing(xs, ys, 4.5, 8), false);
  assert.equal(rmInRing(xs, ys, 4.5, 1), true);
});

test("a point in a hole is outside the zone, and inside its second polygon again", () => {
  const { data, index } = chart(
    [["right", [[square(0, 0, 10), square(3, 3, 4)], [square(4, 4, 2)]]]],
    [0],
  );
  assert.equal(rmInZone(data, index, 0, 1, 1), true);
  assert.equal(rmInZone(data, index, 0, 3.5, 3.5), false);
  // an island inside the hole: a polygon of its own
  assert.equal(rmInZone(data, index, 0, 5, 5), true);
});

test("the bounding box answers first: a wrong box hides the zone", () => {
  const { data, index } = chart([["right", [[square(0, 0, 10)]]]], [0]);
  index.bbox[0] = [20, 20, 30, 30];
  assert.equal(rmInZone(data, index, 0, 5, 5), false);
});

test("hits come in the index's order, smallest zone first, on the foot drawn at x", () => {
  const { data, index } = chart(
    [
      ["right", [[square(0, 0, 20)]]], // row 0: large
      ["right", [[square(5, 5, 4)]]], // row 1: small, over the large one
      ["left", [[square(-20, 0, 20)]]], // row 2: the left foot
      ["left", [[square(5, 5, 4)]]], // row 3: left-foot data at positive x: never hit there
    ],
    [1, 3, 0, 2],
  );
  assert.deepEqual(rmHits(data, index, 6, 6), [1, 0]);
  assert.deepEqual(rmHits(data, index, 15, 15), [0]);
  assert.deepEqual(rmHits(data, index, -10, 10), [2]);
  assert.deepEqual(rmHits(data, index, 30, 30), []);
});
