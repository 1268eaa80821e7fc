"""The chart as one self-contained HTML file: no server, no network, the interaction runs in the page.

The page holds Bokeh's JavaScript and CSS inline, the zone polygons, and every zone's details HTML
computed here in Python with the dashboard's own :func:`zone_details_html` (so it is escaped the
same way and reads the same). Every view the chart draws (sole, top, inner and outer side) has a
map of its own, one shown at a time, chosen with the view buttons above the maps. Clicks and search
are handled by ``CustomJS`` callbacks:

* a tap, read from the pointer events by the dashboard's own browser code
  (:mod:`reflexmap.dashboard.tap_js`), finds the zone under the pointer (point in polygon on the
  display coordinates, holes respected, smallest zone first as :meth:`ZoneMap.locate` does), shows
  its details and restyles the map (selected, the same zone on the other foot); a tap outside
  every zone clears;
* typing in the search box scores the zones of every view as ``ZoneMap.find(query, view=None)``
  does (synonyms and typo correction included, see :mod:`reflexmap.typos`), outlines the matches
  on both feet and lists them as buttons naming their view; a button on another view shows it;
* the keyboard, the zone list and the skip links work as in the dashboard, by its own browser code
  (:mod:`reflexmap.dashboard.map_keys`), and a polite live region names every zone selected.

The page is in one language (``lang``): ``<html lang>``, its own words (also those its scripts
write, handed to them as data) and the content; the chart comes already in that language.
"""

from __future__ import annotations

import functools
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
from ..dashboard.map_data import FOOT_LABEL, VIEW_LABEL, map_columns
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
.rm-views { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0; }
.rm-view-button { min-height: 44px; padding: 4px 14px; font: inherit; font-weight: 600;
  border: 1px solid #767676; border-radius: 4px; background: #f6f6f6; color: #1d1d1f; cursor: pointer; }
.rm-view-button[aria-pressed="true"] { background: #0b3d91; border-color: #0b3d91; color: #ffffff; }
.rm-view-button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 1px; }
"""

# The page around Bokeh's roots: a viewport for phones and a readable body.
TEMPLATE = """
{% block preamble %}<meta name="viewport" content="width=device-width, initial-scale=1">{% endblock %}
{% block postamble %}<style>
  body { font-family: system-ui, sans-serif; padding: 8px 12px; box-sizing: border-box; max-width: 100vw; }
</style>{% endblock %}
"""

# Shared by both callbacks. ``V`` (built in Python) holds per view its map's tag and data: the
# details HTML and announcement of each row, the rows in smallest-first order and each row's pair
# on the other foot; ``sources`` the views' zone sources, ``panels`` their columns. ``G`` holds the
# search columns of every zone of the chart, in chart order, with each row's view and row there
# (``at``), the synonyms and the typo vocabulary. The selection, [row, view index] ([-1, -1] for
# none), lives in ``details.tags``; the current matches, as chart rows, in ``results.tags``.
PRELUDE = """
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
function restyle(selected, matches) {
  const [sel, selView] = selected;
  const hits = V.map(() => new Set());
  for (const g of matches) hits[G.at[g][0]].add(G.at[g][1]);
  V.forEach((view, v) => {
    const data = sources[v].data, n = data.zone_id.length;
    const mine = v === selView ? sel : -1;
    const pair = mine >= 0 ? view.D.pair[mine] : -1;
    const emphasis = mine >= 0 || hits[v].size > 0;
    let changed = false;
    for (let i = 0; i < n; i++) {
      const kind = i === mine ? "selected" : i === pair ? "pair" : hits[v].has(i) ? "match"
                 : emphasis ? "dimmed" : "plain";
      if (data.emphasis[i] === kind) continue;
      const s = STYLES[kind];
      data.fill_alpha[i] = s[0]; data.line_width[i] = s[1]; data.line_color[i] = s[2];
      data.emphasis[i] = kind;
      changed = true;
    }
    // a view whose styles stay as they were (most taps leave three of four alone) is not redrawn
    if (changed) sources[v].change.emit();
  });
}
"""

# Run once the document is ready: taps are read from the pointer events (see tap_js), on each
# view's map. The map is restyled in the task that shows the details, so one frame paints both: a
# restyle put off to the next animation frame asked Bokeh for its repaint from inside that frame's
# callbacks, and Bokeh painted it a frame later (17-23 ms after the tap, the details long shown).
# The view buttons show one view's map at a time; a zone chosen on a hidden view (a search result)
# shows its view first.
TAP_JS = """
const putDetails = writer(details, rmHtmlShower([EMPTY, ...V.flatMap((view) => view.D.details)]));
let status = null, shown = 0;
const showView = (v) => {
  if (v === shown) return;
  shown = v;
  panels.forEach((panel, i) => { panel.visible = i === v; });
  const side = V[v].view === "medial" || V[v].view === "lateral";
  mapColumn.styles = {...mapColumn.styles, ...LAYOUTS[side ? 1 : 0]};
  for (const button of rmDeepQueryAll("[data-rm-view]"))
    button.setAttribute("aria-pressed", String(Number(button.dataset.rmView) === v));
  // "Skip to the map" goes to the map shown
  for (const link of rmDeepQueryAll("[data-rm-skip='map']")) link.dataset.rmMap = V[v].tag;
};
function rmDeepQueryAll(selector, root = document, out = []) {
  out.push(...root.querySelectorAll(selector));
  for (const el of root.querySelectorAll("*"))
    if (el.shadowRoot) rmDeepQueryAll(selector, el.shadowRoot, out);
  return out;
}
const onTapIn = (v) => (x, y, _source, how) => {
  showView(v);
  const data = sources[v].data, D = V[v].D;
  const hits = rmHits(data, D, x, y);
  // the zone list and the search results say which zone they mean
  const sel = how?.chosen ?? (hits.length ? hits[0] : -1);
  putDetails(sel >= 0 ? D.details[sel] : EMPTY, [sel, sel >= 0 ? v : -1]);
  if (!status?.isConnected) status = rmDeepQuery("[data-rm-status]");
  if (status) status.textContent = sel >= 0 ? D.announce[sel] : G.words.none_selected;
  restyle([sel, sel >= 0 ? v : -1], results.tags);
};
V.forEach((view, v) => {
  rmWatchTaps(view.tag, onTapIn(v));
  rmMapKeys(view.tag, onTapIn(v), {
    pair: view.D.pair, selected: () => (details.tags[1] === v ? details.tags[0] : -1),
  });
});
document.addEventListener("click", (event) => {
  const button = event.composedPath().find((el) => el.dataset?.rmView !== undefined);
  if (button) showView(Number(button.dataset.rmView));
}, true);
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
// the page's words (G.words, HTML) with {name} filled in; a function, so "$&" in a query stays
const fill = (words, values) =>
  words.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
const esc = (t) => t.replace(/[&<>"']/g, (c) => ENTITIES[c]);
const reEsc = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
let readAs = "";  // the query with its typos corrected, as find last read it ("" if none)
let condition = null;  // the disease, symptom or claim find last read in it, as ZoneMap.condition
function conditionIn(q) {
  for (const [term, i] of G.condition_terms)
    if (wordRe(term).test(q)) return G.conditions[i];
  return null;
}
function scoresFor(q, scale) {
  const terms = new Map([[q, 1.0 * scale]]);
  const matched = [];
  for (const [word, expansions] of G.synonyms) {
    if (matched.some((longer) => longer.includes(word))) continue;
    if (wordRe(word).test(q)) {
      matched.push(word);
      for (const term of expansions) if (!terms.has(term)) terms.set(term, 0.5 * scale);
    }
  }
  const S = G.search, scores = [];
  for (let i = 0; i < S.exact.length; i++) {
    let score = 0;
    for (const [term, weight] of terms) {
      if (S.name[i].includes(term)) score = Math.max(score, 100 * weight);
      if (S.areas[i].includes(term)) score = Math.max(score, 60 * weight);
      if (S.keywords[i].includes(term)) score = Math.max(score, 40 * weight);
      if (S.system[i].includes(term)) score = Math.max(score, 20 * weight);
      if (S.exact[i] === term) score = Math.max(score, 150 * weight);
    }
    scores.push(score);
  }
  return scores;
}
function find(query) {
  readAs = "";
  condition = null;
  const typed = norm(query);
  if (typed.length < 2) return [];
  // as ZoneMap.find: a query with a misspelt word is searched as corrected, and counts for less
  const T = G.typos, q = rmCorrect(typed, T.vocabulary, T.min_length, T.cutoff);
  const scale = q === typed ? 1.0 : T.weight;
  if (q !== typed) readAs = q;
  condition = conditionIn(q);
  let scores = scoresFor(q, scale);
  // as ZoneMap.find: words that name nothing together are each searched on their own
  if (!scores.some((s) => s > 0))
    for (const word of q.split(" ")) {
      if (Array.from(word).length < T.min_length) continue;
      scoresFor(word, scale).forEach((s, i) => { scores[i] = Math.max(scores[i], s); });
    }
  const hits = [];
  scores.forEach((score, i) => { if (score > 0) hits.push([score, i]); });
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  hits.sort((a, b) => b[0] - a[0] || cmp(G.name[a[1]], G.name[b[1]])
                      || cmp(G.foot[a[1]], G.foot[b[1]]) || a[1] - b[1]);
  return hits.map((h) => h[1]);
}
const query = cb_obj.value_input || "";
const found = query.trim() ? find(query) : [];
// as search.condition_html: a disease, symptom or claim gets its notice before any zone
const notice = !condition ? "" : '<div class="rm-notice rm-condition" role="note" '
  + 'data-testid="condition-notice"><strong>' + G.words.not_a_treatment + "</strong> "
  + esc(condition.notice) + "</div>";
const n = found.length;
const said = {
  query: esc(query), n: n, spelling: esc(readAs), condition: condition ? esc(condition.name) : "",
};
let html;
if (!query.trim()) html = '<p class="rm-results-count">' + G.words.try + "</p>";
else if (!n)
  html = notice + '<p class="rm-results-count" data-testid="no-match">'
    + fill(condition ? G.words.no_zone_for_condition : G.words.no_match, said) + "</p>";
else html = notice + '<p class="rm-results-count">'
  + fill(G.words.matches[new Intl.PluralRules(G.words.lang).select(n)] || G.words.matches.other, said)
  + (readAs ? fill(G.words.read_as, said) : "") + (condition ? fill(G.words.condition_areas, said) : "")
  + G.words.highlighted + '</p><ul class="rm-list" data-testid="results">'
  // each result a button that selects its zone, as the zone list's (MAP_KEYS_JS handles the click)
  + found.map((g) => {
    const [v, row] = G.at[g];
    return '<li><button type="button" class="rm-zone-button" data-rm-map="' + esc(V[v].tag)
      + '" data-rm-row="' + row + '">' + esc(G.label[g]) + "</button></li>";
  }).join("") + "</ul>";
writer(results)(html, found);
restyle(details.tags.length > 1 ? details.tags : [-1, -1], found);
"""

LAYERS_JS = """
const active = cb_obj.active;
for (const l of labels) l.visible = active.includes(0);
for (const b of bands) b.visible = active.includes(1);
for (const b of band_labels) b.visible = active.includes(1);
"""


# The map column's size: as in the dashboard, a map keeps its aspect, so the soles and the top
# (tall) are capped to fit both feet in the window; the sides (four times wider than tall) may
# take most of the page's width instead.
MAP_LAYOUTS = (
    {"flex": "1 1 520px", "max-width": "min(820px, calc((100vh - 240px) * 0.86))"},
    {"flex": "2 1 640px", "max-width": "1100px"},
)


def _search_columns(chart: ZoneMap) -> dict[str, list[str]]:
    """The columns :meth:`ZoneMap.find` scores, one entry per zone row."""
    return {column: values.tolist() for column, values in chart.search_table.items()}


def _view_data(chart: ZoneMap) -> dict:
    """What the page needs about one view's rows beside its zone source (``chart`` is of one view)."""
    return {
        **hit_index(chart),
        "details": all_details_html(chart, language()),
        "announce": [
            announcement(chart, z, f, _)
            for z, f in zip(chart.zones["zone_id"], chart.zones["foot"], strict=True)
        ],
    }


def _search_data(chart: ZoneMap) -> dict:
    """What the page's search needs, over every zone of every view, in ``chart.zones`` order."""
    views = chart.views
    z = chart.zones
    row_in_view: dict[str, int] = {}
    at = []
    for view in z["view"]:
        at.append([views.index(view), row_in_view.get(view, 0)])
        row_in_view[view] = row_in_view.get(view, 0) + 1
    several = len(views) > 1
    return {
        "search": _search_columns(chart),
        "at": at,
        "name": z["name"].tolist(),
        "foot": z["foot"].tolist(),
        # "Liver - Right foot, sole": where a chart has several views, each result says its own
        "label": [
            f"{name} - {_(FOOT_LABEL[foot])}" + (f", {_(VIEW_LABEL[view]).lower()}" if several else "")
            for name, foot, view in zip(z["name"], z["foot"], z["view"], strict=True)
        ],
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
            for word, terms in sorted(chart.synonyms.items(), key=lambda item: -len(item[0]))
        ],
        "words": _script_words(),
    }


def _script_words() -> dict:
    """The words the page's scripts write, in its language, as HTML with ``{name}`` slots."""
    ngettext = translator(language()).ngettext
    # written into elements' text, never into an attribute: quotes stay as they are
    text = functools.partial(escape, quote=False)
    return {
        "lang": language(),
        "none_selected": _("No zone selected."),
        "not_a_treatment": text(_("Not a treatment.")),
        "try": text(_(TRY)),
        "no_match": text(_('No zone matches "{query}".')),
        "no_zone_for_condition": text(_("No zone of this chart is associated with {condition}.")),
        # by the CLDR plural category Intl.PluralRules gives a count (1 "one", 2 "few", 5 "many")
        "matches": {
            rule: text(ngettext('{n} match for "{query}"', '{n} matches for "{query}"', n))
            for rule, n in (("one", 1), ("few", 2), ("many", 5), ("other", 5))
        },
        "read_as": text(_(' (read as "{spelling}")')),
        "condition_areas": text(_(": areas that charts associate with {condition}")),
        "highlighted": text(_(", highlighted in orange.")),
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


def view_tag(view: str) -> str:
    """The tag of a view's map in the page (the soles keep the tag the page always had)."""
    return TAG if view == "plantar" else f"{TAG}-{view}"


def _view_buttons(views: tuple[str, ...]) -> str:
    """The view buttons; the first view is shown. Nothing for a chart of one view."""
    if len(views) < 2:
        return ""
    buttons = "".join(
        f'<button type="button" class="rm-view-button" data-rm-view="{i}" data-view="{escape(view)}" '
        f'aria-pressed="{str(i == 0).lower()}">{escape(_(VIEW_LABEL[view]))}</button>'
        for i, view in enumerate(views)
    )
    label = escape(_("View of the feet"))
    group = f'class="rm-views" role="group" aria-label="{label}" data-testid="views"'
    return f"<div {group}>{buttons}</div>"


def html_document(chart: ZoneMap, lang: str = DEFAULT_LANGUAGE) -> str:
    """The chart as one HTML document: Bokeh, data and interaction inline, nothing fetched; its
    own words in ``lang`` (the chart is ``chart.translated(lang)`` already)."""
    with speaking(lang):
        page = _document(chart)
    # Bokeh's page template says English whatever the page is
    return page.replace('<html lang="en">', f'<html lang="{escape(lang)}">', 1)


def _document(chart: ZoneMap) -> str:
    views = chart.views
    styles = {kind: list(style) for kind, style in ZONE_STYLES.items()}
    maps = []  # per view: (tag, its chart, figure, figure parts)
    for view in views:
        part = chart.for_view(view)
        fig, parts = build_figure(map_columns(part, language()), _)
        fig.tags = [view_tag(view)]
        maps.append((view_tag(view), part, fig, parts))
    shown = [{"tag": tag, "view": part.home_view, "D": _view_data(part)} for tag, part, _fig, _parts in maps]

    title = chart.info.title or _("Reflexology chart")
    how = _("Click or tap a zone to learn it (with a mouse, pointing at one names it), or search.")
    if len(views) > 1:
        how += " " + _(
            "Choose the sole, the top, the inner or the outer side of the feet with the buttons "
            "above the map."
        )
    header = _div(f'<div class="rm-header"><h1>reflexmap</h1><p>{escape(title)}. {escape(how)}</p></div>')
    safety_content = content.safety(language())
    notice_div = _div(notice(safety_content, _).object)
    details = _div(EMPTY, tags=[-1, -1], css_classes=["rm-details-host"])
    skips = _div(skip_links_html(TAG, ".rm-details-host"))
    # the live region's element stays; the page changes its text, which a screen reader says
    status = _div('<div class="rm-sr-only" role="status" aria-live="polite" data-rm-status></div>')
    results = _div(f'<p class="rm-results-count">{escape(_(TRY))}</p>', tags=[])
    search = TextInput(title=_("Search zones"), placeholder=_(PLACEHOLDER), sizing_mode="stretch_width")
    layers = CheckboxGroup(labels=[_(name) for name in LAYER_NAMES], active=[0], inline=True)
    safety_title = escape(_("Safety"))
    safety = _div(f"<h2>{safety_title}</h2>{safety_html(safety_content, _)}")
    info = chart.info
    footer = _div(
        f'<p class="rm-footer">{escape(title)}'
        + (escape(_(", version {version}").format(version=info.version)) if info.version else "")
        + (escape(_(", licence {license}").format(license=info.license)) if info.license else "")
        + escape(_(". An offline copy made with reflexmap; it needs no internet connection."))
        + "</p>"
    )
    panels = [
        column(
            _div(legend_html(part, _)),
            fig,
            _div(zone_list_html(part, tag, _)),
            sizing_mode="stretch_width",
            visible=i == 0,
        )
        for i, (tag, part, fig, _parts) in enumerate(maps)
    ]

    shared = {
        "sources": [parts.zone_source for *_rest, parts in maps],
        "details": details,
        "results": results,
        "V": shown,
        "G": _search_data(chart),
        "STYLES": styles,
    }
    search.js_on_change("value_input", CustomJS(args=shared, code=PRELUDE + CORRECT_JS + SEARCH_JS))
    layers.js_on_change(
        "active",
        CustomJS(
            args={
                "labels": [parts.labels for *_rest, parts in maps],
                "bands": [parts.bands for *_rest, parts in maps],
                "band_labels": [parts.band_labels for *_rest, parts in maps],
            },
            code=LAYERS_JS,
        ),
    )

    map_column = column(
        _div(_view_buttons(views)),
        layers,
        *panels,
        sizing_mode="stretch_width",
        styles={"min-width": "0", **MAP_LAYOUTS[0]},
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
    doc.js_on_event(
        DocumentReady,
        CustomJS(
            args={
                **shared,
                "panels": panels,
                "EMPTY": EMPTY,
                "mapColumn": map_column,
                "LAYOUTS": MAP_LAYOUTS,
            },
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
