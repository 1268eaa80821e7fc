"""The offline export runs the search and hit-testing that tests/test_js_parity.py holds equal to
the model under Node: the page's scripts hold reflexmap/web/js/search.js and hit.js as they are,
and a few queries typed into the page find what ZoneMap.find finds, in order.

The whole comparison (every zone, both languages, hundreds of queries and points) runs under Node,
a hundred times cheaper than in a browser; this checks the page is wired to what was tested."""

from __future__ import annotations

import pytest

from reflexmap.export.html import PLACEHOLDER
from reflexmap.web.assets import js

from .test_export_html import export, offline  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

# one of each rule: a name, a typo, a synonym phrase, words searched one by one, a condition
QUERIES = ["liver", "Livr", "lower back", "kidney and liver", "diabetes", "tummy", "xyzq"]

# Type each query into the page's search model and read back the rows it found, in order (rows of
# chart.zones: the page searches every view, as find(query, view=None)). Bokeh runs a CustomJS
# callback asynchronously: the answer is there when the callback has written the results' tags,
# which are first set to a marker no answer has.
PAGE_FIND_JS = """async (queries) => {
  const models = [...Bokeh.documents[0]._all_models.values()];
  const box = models.find((m) => m.type === "TextInput");
  const results = models.find((m) => m.type === "Div" && String(m.text).includes("rm-results-count"));
  const out = [];
  for (const q of queries) {
    const pending = ["pending"];
    results.setv({tags: pending}, {silent: true});
    box.value_input = q;
    const asked = performance.now();
    while (results.tags === pending) {
      if (performance.now() - asked > 10000) throw new Error(`no answer for ${JSON.stringify(q)}`);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    out.push(results.tags);
  }
  return out;
}"""

# the code of every CustomJS: the models' and the document's own, run when it is ready (BokehJS keeps
# those in _document_callbacks, a private name: a test can afford one)
CODES_JS = """() => {
  const doc = Bokeh.documents[0];
  const callbacks = [...doc._all_models.values(), ...[...doc._document_callbacks.values()].flat()];
  return callbacks.filter((m) => m.type === "CustomJS").map((m) => m.code);
}"""


def test_the_page_runs_the_files_tested_under_node(offline, export, chart):  # noqa: F811
    page = offline(export)
    page.page.get_by_placeholder(PLACEHOLDER).wait_for(timeout=10_000)
    codes = page.page.evaluate(CODES_JS)
    assert any(js("search.js") in code for code in codes), "the search callback lacks search.js"
    assert any(js("hit.js") in code for code in codes), "the page's tap code lacks hit.js"
    found = page.page.evaluate(PAGE_FIND_JS, QUERIES)
    want = [chart.find(query, view=None).index.tolist() for query in QUERIES]
    assert found == want
    assert sum(map(bool, want)) == len(QUERIES) - 1  # all but the nonsense find zones
