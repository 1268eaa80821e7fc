"""The chart as one self-contained HTML file: no server, no network, the interaction runs in the page.

The page holds Bokeh's JavaScript and CSS inline, the zone polygons, and every zone's details HTML
computed here in Python with the dashboard's own :func:`zone_details_html` (so it is escaped the
same way and reads the same). Every view the chart draws (sole, top, inner and outer side) has a
map of its own, one shown at a time, chosen with the view buttons above the maps. Clicks and search
are handled by ``CustomJS`` callbacks:

* a tap, read from the pointer events by the dashboard's own browser code
  (:mod:`reflexmap.web.tap_js`), finds the zone under the pointer (point in polygon on the
  display coordinates, holes respected, smallest zone first as :meth:`Chart.locate` does), shows
  its details and restyles the map (selected, the same zone on the other foot); a tap outside
  every zone clears;
* typing in the search box scores the zones of every view as ``Chart.find(query, view=None)``
  does (synonyms and typo correction included: ``reflexmap/web/js/search.js``), outlines the matches
  on both feet and lists them as buttons naming their view; a button on another view shows it;
* the keyboard, the zone list and the skip links work as in the dashboard, by its own browser code
  (:mod:`reflexmap.web.map_keys`), and a polite live region names every zone selected.

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
from ..i18n import DEFAULT_LANGUAGE, N_, translator
from ..labels import FOOT_LABEL, VIEW_LABEL, VIEW_NAMES
from ..model import Chart
from ..web.announce import announcement
from ..web.assets import css, js
from ..web.details_html import all_details_html, empty_html
from ..web.figure import ZONE_STYLES, build_figure
from ..web.legend import legend_html
from ..web.map_data import map_columns
from ..web.map_keys import KEYS_CSS, MAP_KEYS_JS, skip_links_html
from ..web.safety_html import notice_html, safety_html
from ..web.search_index import search_index
from ..web.style import CSS
from ..web.tap_js import SHOW_HTML_JS, WATCH_TAPS_JS, hit_index
from ..web.zone_list_html import zone_list_html
from .language import _, language, speaking

PLACEHOLDER = N_("liver, headache, lower back...")
TAG = "reflexmap-offline-map"
LAYER_NAMES = (N_("Show zone names"), N_("Show the 5 longitudinal zones"))
TRY = N_('Try "liver", "headache" or "lower back".')

PAGE_CSS = css("offline_page.css")

# The page around Bokeh's roots: a viewport for phones and a readable body.
TEMPLATE = """
{% block preamble %}<meta name="viewport" content="width=device-width, initial-scale=1">{% endblock %}
{% block postamble %}<style>
  body { font-family: system-ui, sans-serif; padding: 8px 12px; box-sizing: border-box; max-width: 100vw; }
</style>{% endblock %}
"""

PRELUDE = js("offline_prelude.js")

TAP_JS = js("offline_tap.js")

SEARCH_JS = js("search.js", "offline_search.js")

LAYERS_JS = js("offline_layers.js")


# The map column's size: as in the dashboard, a map keeps its aspect, so the soles and the top
# (tall) are capped to fit both feet in the window; the sides (four times wider than tall) may
# take most of the page's width instead.
MAP_LAYOUTS = (
    {"flex": "1 1 520px", "max-width": "min(820px, calc((100vh - 240px) * 0.86))"},
    {"flex": "2 1 640px", "max-width": "1100px"},
)


def _view_data(chart: Chart) -> dict:
    """What the page needs about one view's rows beside its zone source (``chart`` is of one view)."""
    return {
        **hit_index(chart),
        "details": all_details_html(chart, language()),
        "announce": [
            announcement(chart, z, f, _)
            for z, f in zip(chart.zones["zone_id"], chart.zones["foot"], strict=True)
        ],
    }


def _search_data(chart: Chart) -> dict:
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
        **search_index(chart, language()),
        "at": at,
        # "Liver - Right foot, sole": where a chart has several views, each result says its own
        "label": [
            f"{name} - {_(FOOT_LABEL[foot])}" + (f", {_(VIEW_NAMES[view])}" if several else "")
            for name, foot, view in zip(z["name"], z["foot"], z["view"], strict=True)
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


def html_document(chart: Chart, lang: str = DEFAULT_LANGUAGE) -> str:
    """The chart as one HTML document: Bokeh, data and interaction inline, nothing fetched; its
    own words in ``lang`` (the chart is ``chart.translated(lang)`` already)."""
    with speaking(lang):
        page = _document(chart)
    # Bokeh's page template says English whatever the page is
    return page.replace('<html lang="en">', f'<html lang="{escape(lang)}">', 1)


def _document(chart: Chart) -> str:
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
    notice_div = _div(notice_html(safety_content, _))
    # what the details say before a zone is picked, in the page's language
    empty = empty_html(_)
    details = _div(empty, tags=[-1, -1], css_classes=["rm-details-host"])
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
    search.js_on_change(
        "value_input", CustomJS(args=shared, code=js("bokeh_internals.js") + PRELUDE + SEARCH_JS)
    )
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
                "EMPTY": empty,
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


def write_html(chart: Chart, path: str | os.PathLike, lang: str = DEFAULT_LANGUAGE) -> int:
    """Write :func:`html_document` to ``path`` (UTF-8); returns the number of bytes written."""
    encoded = html_document(chart, lang).encode("utf-8")
    with open(path, "wb") as f:
        f.write(encoded)
    return len(encoded)
