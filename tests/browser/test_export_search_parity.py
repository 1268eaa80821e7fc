"""The offline export's search, typo correction included, finds what ZoneMap.find finds, in order,
and shows the notice ZoneMap.condition gives for a disease, symptom or health claim.

The page's search is JavaScript (reflexmap.export.html, reflexmap.typos.CORRECT_JS); the model's
is pandas and rapidfuzz. Both run here over every zone's name and id, every synonym, and typos
made from them (a letter dropped, doubled, changed, two letters swapped), as a student mistypes.
"""

from __future__ import annotations

import random
from html import escape

import pytest

from reflexmap import content
from reflexmap.export.html import PLACEHOLDER

from .test_export_html import export, offline  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

# Type each query into the page's search model and read back the rows it found, in order (rows of
# chart.zones: the page searches every view, as find(query, view=None)), and how many rows the maps
# outline for it. Bokeh runs a CustomJS callback asynchronously: the answer is there when the
# callback has written the results' tags, which are first set to a marker no answer has.
# The maps are not drawn again per query: a redraw (source.change.emit) costs a loaded headless
# Chromium over 100 ms, nine tenths of the whole, and this test reads what the search answers, not
# the drawing (test_export_html's search tests watch the map drawn). The columns the drawing reads
# are still restyled per query and read back; the maps are drawn once at the end.
PAGE_FIND_JS = """async (queries) => {
  const models = [...Bokeh.documents[0]._all_models.values()];
  const box = models.find((m) => m.type === "TextInput");
  const results = models.find((m) => m.type === "Div" && String(m.text).includes("rm-results-count"));
  const sources = models.filter((m) => m.type === "ColumnDataSource" && m.data.zone_id && m.data.line_color);
  const emits = sources.map((source) => source.change.emit);
  for (const source of sources) source.change.emit = () => {};
  const out = [];
  try {
    for (const q of queries) {
      const pending = ["pending"];
      results.setv({tags: pending}, {silent: true});
      box.value_input = q;
      const asked = performance.now();
      for (let spins = 0; results.tags === pending; spins++) {
        if (performance.now() - asked > 10000) throw new Error(`no answer for ${JSON.stringify(q)}`);
        await new Promise((resolve) => (spins < 100 ? resolve() : setTimeout(resolve, 0)));
      }
      let outlined = 0;
      for (const s of sources) outlined += s.data.emphasis.filter((kind) => kind === "match").length;
      out.push([results.tags, results.text, outlined]);
    }
  } finally {
    sources.forEach((source, i) => { source.change.emit = emits[i]; source.change.emit(); });
  }
  return out;
}"""


def typos(word: str, rng: random.Random) -> set[str]:
    """Four misspellings of ``word``: one letter dropped, doubled, changed; two swapped."""
    if len(word) < 3:
        return set()
    i = rng.randrange(1, len(word) - 1)
    letter = rng.choice("aeioulnrst")
    return {
        word[:i] + word[i + 1 :],
        word[:i] + word[i] + word[i:],
        word[:i] + letter + word[i + 1 :],
        word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :],
    }


def queries(chart) -> list[str]:
    rng = random.Random(12)
    words = {
        *chart.zones["name"],
        *chart.zones["zone_id"],
        *content.synonyms(),
        *(term for condition in content.conditions() for term in condition.terms),
    }
    out = set(words)
    for word in sorted(words):
        once = sorted(typos(word.lower(), rng))
        out |= set(once)
        # two slips: near the cutoff, where a word is corrected or left alone
        out |= set(rng.sample(sorted(typos(once[0], rng)), 2)) if len(once[0]) >= 3 else set()
        out.add(word[:3])  # a prefix as someone starts typing
    out |= {"livr", "hart", "kindey", "lowr back", "hedache", "xyzq", "sole", "Stomch", "Großzehe"}
    return sorted(out)


def test_the_pages_search_finds_what_the_model_finds_for_typos_too(offline, export, chart):  # noqa: F811
    page = offline(export)
    page.page.get_by_placeholder(PLACEHOLDER).wait_for(timeout=10_000)
    asked = queries(chart)
    assert len(asked) > 300
    found = page.page.evaluate(PAGE_FIND_JS, asked)
    differ = []
    corrected = noticed = 0
    for query, (rows, text, outlined) in zip(asked, found, strict=True):
        expected = chart.find(query, view=None)
        want = expected.index.tolist()
        if rows != want:
            differ.append((query, rows[:4], want[:4]))
        if outlined != len(want):
            differ.append((query, "outlined", outlined, len(want)))
        read_as = f'(read as "{escape(chart.spelling(query))}")'
        if want and (read_as in text) != bool(chart.spelling(query)):
            differ.append((query, text, read_as))
        corrected += chart.vocabulary.correct(query.casefold()) != query.casefold() and bool(want)
        # a disease, symptom or claim: the same notice, before the zones, as ZoneMap.condition says
        condition = chart.condition(query)
        shown = 'data-testid="condition-notice"' in text
        if shown != (condition is not None) or (condition and escape(condition.notice) not in text):
            differ.append((query, "notice", condition and condition.condition_id))
        elif condition and want and text.index("condition-notice") > text.index('data-testid="results"'):
            differ.append((query, "notice after the zones"))
        noticed += condition is not None
    assert not differ, f"{len(differ)} of {len(asked)} queries differ, e.g. {differ[:5]}"
    assert corrected > 100, "too few typos were corrected for this to test the correction"
    assert noticed > 100, "too few condition notices were shown for this to test them"
