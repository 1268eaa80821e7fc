// Answers tests/test_js_parity.py's questions with the page's own scripts: reads a JSON file
// {"hits": [{data, index, points}], "searches": [{index, queries}]} and prints, as JSON,
// {"hits": [per case, per point: rows], "searches": [per case, per query: {rows, readAs, condition}]}.
import { readFileSync } from "node:fs";

import { load } from "./load.mjs";

const { rmHits } = load("hit.js");
const { rmFind } = load("search.js");

const asked = JSON.parse(readFileSync(process.argv[2], "utf8"));
const answers = {
  hits: asked.hits.map(({ data, index, points }) => points.map(([x, y]) => rmHits(data, index, x, y))),
  searches: asked.searches.map(({ index, queries }) =>
    queries.map((query) => {
      const found = rmFind(query, index);
      return { rows: found.rows, readAs: found.readAs, condition: found.condition?.name ?? null };
    }),
  ),
};
process.stdout.write(JSON.stringify(answers));
