"""The chart as one self-contained HTML file: no server, no network, the interaction runs in the page.

The page holds Bokeh's JavaScript and CSS inline, the zone polygons, and every zone's details HTML
computed here in Python with the dashboard's own :func:`zone_details_html` (so it is escaped the
same way and reads the same). Clicks and search are handled by ``CustomJS`` callbacks:

* a tap, read from the pointer events by the dashboard's own browser code
  (:mod:`reflexmap.dashboard.tap_js`), finds the zone under the pointer (point in polygon on the
  display coordinates, holes respected, smallest zone first as :meth:`ZoneMap.locate` does), shows
  its details and restyles the map (selected, the same zone on the other foot); a tap outside
  every zone clears;
* typing in the search box scores the zones as :meth:`ZoneMap.find` does (synonyms and typo
  correction included, see :mod:`reflexmap.typos`), outlines the matches on both feet and lists
  them as text;
* the keyboard, the zone list and the skip links work as in the dashboard, by its own browser code
  (:mod:`reflexmap.dashboard.map_keys`), and a polite live region names every zone selected.

The page is in one language (``lang``): ``<html lang>``, its own words (also those its scripts
write, handed to them as data) and the content; the chart comes already in that language.
"""

from __future__ import annotations

import os
from html import escape

from bokeh.document import Document
from bokeh.embed.bundle import Bundle, bundle_for_objs_and_resources
from bokeh.embed.elements import html_page_for_render_items
from bokeh.embed.util import OutputDocumentFor, standalone_docs_json_and_render_items
from bokeh.events import DocumentReady
from bokeh.layouts import column, row
from bokeh.models import (
    CheckboxGroup,
    CustomJS,
    Div,
    TextInput,
)
from bokeh.resources import INLINE

from .. import content
from ..dashboard.announce import announcement
from ..dashboard.details import EMPTY, all_details_html
from ..dashboard.layout import legend_html
from ..dashboard.map_data import drawn_chart, map_columns
from ..dashboard.map_keys import KEYS_CSS, MAP_KEYS_JS, skip_links_html
from ..dashboard.map_view import ZONE_STYLES, build_figure
from ..dashboard.safety import notice, safety_html
from ..dashboard.style import CSS
from ..dashboard.tap_js import SHOW_HTML_JS, WATCH_TAPS_JS, hit_index
from ..dashboard.zone_list import zone_list_html
from ..i18n import DEFAULT_LANGUAGE, N_, translator
from ..model import TYPO_WEIGHT, ZoneMap, _normalize
from ..typos import CORRECT_JS, CUTOFF, MIN_LENGTH
from .language import _, language, speaking

PLACEHOLDER = N_("liver, headache, lower back...")
TAG = "reflexmap-offline-map"
LAYER_NAMES = (N_("Show zone names"), N_("Show the 5 longitudinal zones"))
TRY = N_('Try "liver", "headache" or "lower back".')

PAGE_CSS = """
.rm-list { margin: 4px 0; padding: 0; list-style: none; font-size: 14px; }
.rm-list li { margin: 4px 0; }
.rm-footer { color: var(--rm-muted); font-size: 13px; }
"""

# The page around Bokeh's roots: a viewport for phones and a readable body.
TEMPLATE = """
{% block preamble %}<meta name="viewport" content="width=device-width, initial-scale=1">{% endblock %}
{% block postamble %}<style>
  body { font-family: system-ui, sans-serif; padding: 8px 12px; box-sizing: border-box; max-width: 100vw; }
</style>{% endblock %}
"""

# Shared by both callbacks. Data ``D`` (built in Python) holds per-row details HTML, the rows in
# smallest-first order, each row's pair on the other foot, the search columns and the synonyms.
# The selected row lives in ``details.tags``, the current matches in ``results.tags``.
PRELUDE = """
const data = source.data;
function writer(div, show = (element, html) => { element.innerHTML = html; }) {
  // Any change to a Div, even to its tags, makes Bokeh render it again and lay out the whole page:
  // that was three quarters of a click here (about 15 of 20 ms). Write into the Div's own element
  // instead and update the model silently to match; without a view, fall back to a plain update.
  // The view is looked up once per writer: that took 0.2 ms, a quarter of a tap's answer.
  let view = null;
  return (html, tags) => {
    if (!view?.markup_el?.isConnected) view = window.Bokeh?.index?.find_one?.(div);
    if (view?.markup_el) {
      div.setv({text: html, tags: tags}, {silent: true});
      show(view.markup_el, html);
    } else {
      div.setv({text: html, tags: tags});
    }
  };
}
function restyle(sel, matches) {
  const n = data.zone_id.length;
  const pair = sel >= 0 ? D.pair[sel] : -1;
  const emphasis = sel >= 0 || matches.length > 0;
  const hit = new Set(matches);
  for (let i = 0; i < n; i++) {
    const kind = i === sel ? "selected" : i === pair ? "pair" : hit.has(i) ? "match"
               : emphasis ? "dimmed" : "plain";
    const s = STYLES[kind];
    data.fill_alpha[i] = s[0]; data.line_width[i] = s[1]; data.line_color[i] = s[2]; data.emphasis[i] = kind;
  }
  source.change.emit();
}
"""

# Run once the document is ready: taps are read from the pointer events (see tap_js). The map is
# restyled in the next animation frame, which is when Bokeh would paint it anyway, so the details
# reach the page first.
TAP_JS = """
const putDetails = writer(details, rmHtmlShower([EMPTY, ...D.details]));
let status = null;
const onTap = (x, y) => {
  const hits = rmHits(data, D, x, y);
  const sel = hits.length ? hits[0] : -1;
  putDetails(sel >= 0 ? D.details[sel] : EMPTY, [sel]);
  if (!status?.isConnected) status = rmDeepQuery("[data-rm-status]");
  if (status) status.textContent = sel >= 0 ? D.announce[sel] : D.words.none_selected;
  requestAnimationFrame(() => restyle(sel, results.tags));
};
rmWatchTaps(TAG, onTap);
rmMapKeys(TAG, onTap, {pair: D.pair, selected: () => details.tags[0]});
"""

SEARCH_JS = r"""
// Python's casefold() as near as JavaScript gets: upper-casing expands "ß" to "SS" (and ligatures
// such as "ﬁ"), lowering first brings "ẞ" to "ß"; lowerCase alone missed "Großzehe" for "grosszehe".
// casefold() also folds the Greek final sigma, which lowerCase keeps.
// As _normalize, Russian yo is read as ye.
const norm = (t) => t.toLowerCase().toUpperCase().toLowerCase().replace(/\u03c2/g, "\u03c3")
  .replace(/\u0451/g, "\u0435").replace(/[\s_-]+/g, " ").trim();
// Python's \b knows every alphabet; JavaScript's only ASCII letters, so Cyrillic words need this.
const wordRe = (word) => new RegExp("(?<![\\p{L}\\p{N}_])" + reEsc(word) + "(?![\\p{L}\\p{N}_])", "u");
const ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"};
// the page's words (D.words, HTML) with {name} filled in; a function, so "$&" in a query stays
const fill = (words, values) =>
  words.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
const esc = (t) => t.replace(/[&<>"']/g, (c) => ENTITIES[c]);
const reEsc = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
let readAs = "";  // the query with its typos corrected, as find last read it ("" if none)
let condition = null;  // the disease, symptom or claim find last read in it, as ZoneMap.condition
function conditionIn(q) {
  for (const [term, i] of D.condition_terms)
    if (wordRe(term).test(q)) return D.conditions[i];
  return null;
}
function find(query) {
  readAs = "";
  condition = null;
  const typed = norm(query);
  if (typed.length < 2) return [];
  // as ZoneMap.find: a query with a misspelt word is searched as corrected, and counts for less
  const T = D.typos, q = rmCorrect(typed, T.vocabulary, T.min_length, T.cutoff);
  const scale = q === typed ? 1.0 : T.weight;
  if (q !== typed) readAs = q;
  condition = conditionIn(q);
  const terms = new Map([[q, 1.0 * scale]]);
  const matched = [];
  for (const [word, expansions] of D.synonyms) {
    if (matched.some((longer) => longer.includes(word))) continue;
    if (wordRe(word).test(q)) {
      matched.push(word);
      for (const term of expansions) if (!terms.has(term)) terms.set(term, 0.5 * scale);
    }
  }
  const S = D.search, hits = [];
  for (let i = 0; i < S.exact.length; i++) {
    let score = 0;
    for (const [term, weight] of terms) {
      if (S.name[i].includes(term)) score = Math.max(score, 100 * weight);
      if (S.areas[i].includes(term)) score = Math.max(score, 60 * weight);
      if (S.keywords[i].includes(term)) score = Math.max(score, 40 * weight);
      if (S.system[i].includes(term)) score = Math.max(score, 20 * weight);
      if (S.exact[i] === term) score = Math.max(score, 150 * weight);
    }
    if (score > 0) hits.push([score, i]);
  }
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  hits.sort((a, b) => b[0] - a[0] || cmp(data.name[a[1]], data.name[b[1]])
                      || cmp(data.foot[a[1]], data.foot[b[1]]) || a[1] - b[1]);
  return hits.map((h) => h[1]);
}
const query = cb_obj.value_input || "";
const found = query.trim() ? find(query) : [];
// as search.condition_html: a disease, symptom or claim gets its notice before any zone
const notice = !condition ? "" : '<div class="rm-notice rm-condition" role="note" '
  + 'data-testid="condition-notice"><strong>' + D.words.not_a_treatment + "</strong> "
  + esc(condition.notice) + "</div>";
const n = found.length;
const said = {
  query: esc(query), n: n, spelling: esc(readAs), condition: condition ? esc(condition.name) : "",
};
let html;
if (!query.trim()) html = '<p class="rm-results-count">' + D.words.try + "</p>";
else if (!n)
  html = notice + '<p class="rm-results-count" data-testid="no-match">'
    + fill(condition ? D.words.no_zone_for_condition : D.words.no_match, said) + "</p>";
else html = notice + '<p class="rm-results-count">'
  + fill(D.words.matches[new Intl.PluralRules(D.words.lang).select(n)] || D.words.matches.other, said)
  + (readAs ? fill(D.words.read_as, said) : "") + (condition ? fill(D.words.condition_areas, said) : "")
  + D.words.highlighted + '</p><ul class="rm-list" data-testid="results">'
  // each result a button that selects its zone, as the zone list's (MAP_KEYS_JS handles the click)
  + found.map((i) => '<li><button type="button" class="rm-zone-button" data-rm-map="' + esc(TAG)
    + '" data-rm-row="' + i + '">' + esc(data.name[i] + " - " + data.foot_label[i]) + "</button></li>")
    .join("") + "</ul>";
writer(results)(html, found);
const sel = details.tags.length ? details.tags[0] : -1;
restyle(sel, found);
"""

LAYERS_JS = """
const active = cb_obj.active;
labels.visible = active.includes(0);
bands.visible = active.includes(1);
band_labels.visible = active.includes(1);
"""


def _search_columns(chart: ZoneMap) -> dict[str, list[str]]:
    """The columns :meth:`ZoneMap.find` scores, normalized the same way, one entry per zone row."""
    z = chart.zones
    joined = lambda items: " | ".join(_normalize(t) for t in items)  # noqa: E731
    return {
        "exact": [_normalize(n) for n in z["name"]],
        "name": [f"{_normalize(n)} | {_normalize(i)}" for n, i in zip(z["name"], z["zone_id"], strict=True)],
        "areas": [joined(a) for a in z["body_areas"]],
        "keywords": [joined(k) for k in z["keywords"]],
        "system": list(z["system"]),
    }


def _page_data(chart: ZoneMap) -> dict:
    return {
        **hit_index(chart),
        "details": all_details_html(chart),
        "announce": [
            announcement(chart, z, f)
            for z, f in zip(chart.zones["zone_id"], chart.zones["foot"], strict=True)
        ],
        "search": _search_columns(chart),
        "typos": {
            "vocabulary": {"words": list(chart.vocabulary.words), "joined": chart.vocabulary.joined},
            "min_length": MIN_LENGTH,
            "cutoff": CUTOFF,
            "weight": TYPO_WEIGHT,
        },
        # as ZoneMap.condition: terms longest first, each naming its condition by index
        "conditions": [{"name": c.name, "notice": c.notice} for c in content.conditions(language())],
        "condition_terms": [
            [term, content.conditions(language()).index(c)] for term, c in content.condition_terms(language())
        ],
        # longest first, as ZoneMap.find tries them
        "synonyms": [
            [word, [_normalize(t) for t in terms]]
            for word, terms in sorted(content.synonyms(language()).items(), key=lambda item: -len(item[0]))
        ],
        "words": _script_words(),
    }


def _script_words() -> dict:
    """The words the page's scripts write, in its language, as HTML with ``{name}`` slots."""
    ngettext = translator(language()).ngettext
    return {
        "lang": language(),
        "none_selected": _("No zone selected."),
        "not_a_treatment": escape(_("Not a treatment.")),
        "try": escape(_(TRY)),
        "no_match": escape(_('No zone matches "{query}".')),
        "no_zone_for_condition": escape(_("No zone of this chart is associated with {condition}.")),
        # by the CLDR plural category Intl.PluralRules gives a count (1 "one", 2 "few", 5 "many")
        "matches": {
            rule: escape(ngettext('{n} match for "{query}"', '{n} matches for "{query}"', n))
            for rule, n in (("one", 1), ("few", 2), ("many", 5), ("other", 5))
        },
        "read_as": escape(_(' (read as "{spelling}")')),
        "condition_areas": escape(_(": areas that charts associate with {condition}")),
        "highlighted": escape(_(", highlighted in orange.")),
    }


def _div(text: str, **kwargs) -> Div:
    # disable_math: chart text is shown as written, never typeset as TeX
    return Div(
        text=text,
        stylesheets=[CSS, PAGE_CSS, KEYS_CSS],
        sizing_mode="stretch_width",
        disable_math=True,
        **kwargs,
    )


def html_document(chart: ZoneMap, lang: str = DEFAULT_LANGUAGE) -> str:
    """The chart as one HTML document: Bokeh, data and interaction inline, nothing fetched; its
    own words in ``lang`` (the chart is ``chart.translated(lang)`` already)."""
    with speaking(lang):
        page = _document(chart)
    # Bokeh's page template says English whatever the page is
    return page.replace('<html lang="en">', f'<html lang="{escape(lang)}">', 1)


def _document(chart: ZoneMap) -> str:
    chart = drawn_chart(chart)  # the page works as the dashboard does, on the soles
    cols = map_columns(chart)
    fig, parts = build_figure(cols)
    source = parts.zone_source
    styles = {kind: list(style) for kind, style in ZONE_STYLES.items()}
    data = _page_data(chart)

    title = chart.info.title or _("Reflexology chart")
    how = _("Click or tap a zone to learn it (with a mouse, pointing at one names it), or search.")
    header = _div(f'<div class="rm-header"><h1>reflexmap</h1><p>{escape(title)}. {escape(how)}</p></div>')
    safety_content = content.safety(language())
    notice_div = _div(notice(safety_content).object)
    details = _div(EMPTY, tags=[-1], css_classes=["rm-details-host"])
    skips = _div(skip_links_html(TAG, ".rm-details-host"))
    # the live region's element stays; the page changes its text, which a screen reader says
    status = _div('<div class="rm-sr-only" role="status" aria-live="polite" data-rm-status></div>')
    results = _div(f'<p class="rm-results-count">{escape(_(TRY))}</p>', tags=[])
    search = TextInput(title=_("Search zones"), placeholder=_(PLACEHOLDER), sizing_mode="stretch_width")
    layers = CheckboxGroup(labels=[_(name) for name in LAYER_NAMES], active=[0], inline=True)
    safety = _div(f"<h2>{escape(_('Safety'))}</h2>{safety_html(safety_content)}")
    info = chart.info
    footer = _div(
        f'<p class="rm-footer">{escape(title)}'
        + (escape(_(", version {version}").format(version=info.version)) if info.version else "")
        + (escape(_(", licence {license}").format(license=info.license)) if info.license else "")
        + escape(_(". An offline copy made with reflexmap; it needs no internet connection."))
        + "</p>"
    )

    shared = {"source": source, "details": details, "results": results, "D": data, "STYLES": styles}
    search.js_on_change(
        "value_input", CustomJS(args={**shared, "TAG": TAG}, code=PRELUDE + CORRECT_JS + SEARCH_JS)
    )
    layers.js_on_change(
        "active",
        CustomJS(
            args={"labels": parts.labels, "bands": parts.bands, "band_labels": parts.band_labels},
            code=LAYERS_JS,
        ),
    )

    map_column = column(
        _div(legend_html(chart)),
        layers,
        fig,
        _div(zone_list_html(chart, TAG)),
        sizing_mode="stretch_width",
        # as in the dashboard: the map keeps its aspect, so cap its width to fit both soles in the window
        styles={
            "flex": "1 1 520px",
            "min-width": "0",
            "max-width": "min(820px, calc((100vh - 240px) * 0.86))",
        },
    )
    side = column(
        search,
        results,
        details,
        safety,
        sizing_mode="stretch_width",
        styles={"flex": "1 1 340px", "min-width": "0"},
    )
    body = row(map_column, side, sizing_mode="stretch_width", styles={"flex-wrap": "wrap", "gap": "16px"})
    page = column(skips, status, header, notice_div, body, footer, sizing_mode="stretch_width")
    doc = Document()
    doc.add_root(page)
    fig.tags = [TAG]
    doc.js_on_event(
        DocumentReady,
        CustomJS(
            args={**shared, "EMPTY": EMPTY, "TAG": TAG},
            code=WATCH_TAPS_JS + MAP_KEYS_JS + SHOW_HTML_JS + PRELUDE + TAP_JS,
        ),
    )
    return _standalone_html(page, title=_("reflexmap - {title}").format(title=title))


def _standalone_html(root, title: str) -> str:
    """``bokeh.embed.file_html(root, INLINE, ...)`` without the external script and style URLs.

    Bokeh adds the ``__javascript__`` URLs of every model class ever imported, used or not; with
    Panel imported that is a ``<script src>`` for Panel's ES module shim, which a page opened from
    a file would try to load. The models on this page are all Bokeh's own, inlined by ``INLINE``.
    """
    with OutputDocumentFor([root]) as doc:
        docs_json, render_items = standalone_docs_json_and_render_items([root])
        full = bundle_for_objs_and_resources([doc], INLINE)
        bundle = Bundle(js_raw=full.js_raw, css_raw=full.css_raw)
        return html_page_for_render_items(bundle, docs_json, render_items, title=title, template=TEMPLATE)


def write_html(chart: ZoneMap, path: str | os.PathLike, lang: str = DEFAULT_LANGUAGE) -> int:
    """Write :func:`html_document` to ``path`` (UTF-8); returns the number of bytes written."""
    encoded = html_document(chart, lang).encode("utf-8")
    with open(path, "wb") as f:
        f.write(encoded)
    return len(encoded)
