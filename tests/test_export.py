"""The offline HTML export without a browser: one file, nothing it would fetch, the app's own text.

The proof that the page works offline is the browser test (tests/browser/test_export_html.py),
which opens it with every request blocked; these checks are the quick, static part.
"""

from __future__ import annotations

import itertools
import json
import re
from html import escape, unescape
from html.parser import HTMLParser

import pytest

from reflexmap import load_chart
from reflexmap.dashboard.details import zone_html
from reflexmap.dashboard.state import AppState
from reflexmap.export import html_document, write_html
from reflexmap.export.html import _search_data, _view_data
from reflexmap.i18n import translator
from reflexmap.labels import VIEW_LABEL
from reflexmap.web.details_html import EMPTY, zone_details_html


@pytest.fixture(scope="session")
def default_map(default_map):
    """The sole view of the default chart: what the offline page shows, as the app does."""
    return default_map.for_view("plantar")


@pytest.fixture(scope="session")
def whole_chart():
    """The default chart with all four views."""
    from reflexmap import load_chart

    return load_chart()


# attributes through which an element makes the browser load something
FETCHING = {"src", "href", "srcset", "data", "poster", "action", "formaction", "background", "xlink:href"}


class _Tags(HTMLParser):
    """Collects tags with fetching attributes, and the text of <style> elements.

    HTMLParser treats <script> and <style> content as raw text, so URL strings inside Bokeh's
    inline JavaScript (SVG namespaces, documentation links) are not mistaken for tags.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fetching: list[tuple[str, str, str]] = []
        self.styles: list[str] = []
        self.scripts: list[dict] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in FETCHING and value is not None:
                self.fetching.append((tag, name, value))
        if tag == "script":
            self.scripts.append(dict(attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


@pytest.fixture(scope="module")
def document(default_map) -> str:
    return html_document(default_map)


@pytest.fixture(scope="module")
def tags(document) -> _Tags:
    parser = _Tags()
    parser.feed(document)
    parser.close()
    return parser


def test_the_document_loads_nothing_from_elsewhere(tags):
    assert tags.fetching == []  # no <script src>, <link href>, <img src>, <iframe src>, ...
    assert all("src" not in attrs for attrs in tags.scripts)
    assert len(tags.scripts) >= 2  # Bokeh inline and the document's JSON
    for css in tags.styles:
        assert not re.search(r"@import|url\(\s*['\"]?(?!data:)", css), css[:200]


def test_the_document_has_no_link_or_base_element(document):
    # a second, cruder look: these tags are never written by the export, even inside scripts
    for pattern in (r"<link\b", r"<base\b", r"<script[^>]*\bsrc\s*=", r"<iframe\b"):
        assert not re.search(pattern, document, flags=re.IGNORECASE), pattern


def test_write_html_returns_the_bytes_written(default_map, tmp_path):
    path = tmp_path / "chart.html"
    size = write_html(default_map, path)
    assert size == path.stat().st_size == len(path.read_text(encoding="utf-8").encode("utf-8"))
    assert size < 3_000_000  # Bokeh's JavaScript is most of it


def _docs_json(document: str) -> str:
    match = re.search(r'<script type="application/json" id="[^"]+">\s*(.*?)\s*</script>', document, re.S)
    assert match
    return json.loads(unescape(match.group(1)))  # Bokeh escapes the JSON as HTML; BokehJS unescapes it


def test_the_document_carries_every_zones_details_notice_and_safety(default_map, document):
    text = json.dumps(_docs_json(document))
    for zone_id, foot in zip(default_map.zones["zone_id"], default_map.zones["foot"], strict=True):
        assert json.dumps(zone_details_html(default_map, zone_id, foot))[1:-1] in text
    assert json.dumps(escape(default_map.caveats.notice))[1:-1] in text
    assert 'data-testid=\\"notice\\"' in text and 'data-testid=\\"safety\\"' in text
    assert json.dumps(EMPTY)[1:-1] in text


def _div_texts(node) -> list[str]:
    """The text of every Div in a document's JSON."""
    if isinstance(node, list):
        return [text for item in node for text in _div_texts(item)]
    if not isinstance(node, dict):
        return []
    attributes = node.get("attributes", {})
    own = [attributes["text"]] if node.get("name") == "Div" and "text" in attributes else []
    return own + _div_texts(list(node.values()))


def test_the_russian_page_asks_for_a_zone_in_russian(default_map):
    # before a zone is picked the details say what to do, in the page's language (they were English)
    texts = _div_texts(_docs_json(html_document(default_map.translated("ru"), "ru")))
    empty = [text for text in texts if 'data-testid="details-empty"' in text]
    assert len(empty) == 1
    assert translator("ru").gettext("Pick a zone") in empty[0] and "Pick a zone" not in empty[0]


def test_zone_details_html_is_what_the_app_shows(default_map):
    state = AppState(default_map)
    for zone_id, foot in [("kidney", "left"), ("liver", "right"), ("heart", "left")]:
        state.select(zone_id, foot)
        assert zone_html(state) == zone_details_html(default_map, zone_id, foot)


def test_page_data_orders_zones_smallest_first_and_pairs_feet(default_map):
    ids, feet = list(default_map.zones["zone_id"]), list(default_map.zones["foot"])
    data = _view_data(default_map)
    areas = default_map.zones["area_mm2"].to_numpy()
    assert sorted(data["order"]) == list(range(len(ids)))
    assert all(areas[a] <= areas[b] for a, b in itertools.pairwise(data["order"]))
    for i, (zone_id, foot) in enumerate(zip(ids, feet, strict=True)):
        j = data["pair"][i]
        if len(default_map.feet_of(zone_id)) == 2:
            assert (ids[j], feet[j]) == (zone_id, "left" if foot == "right" else "right")
        else:
            assert j == -1


def test_every_view_has_its_map_details_and_button_in_one_document(whole_chart):
    """The offline page of a chart with four views: a map per view, every zone's details, a
    button per view, and a search over every view that knows where each row is drawn."""
    document = html_document(whole_chart)
    text = json.dumps(_docs_json(document))
    for view in whole_chart.views:
        part = whole_chart.for_view(view)
        for zone_id, foot in zip(part.zones["zone_id"], part.zones["foot"], strict=True):
            assert json.dumps(zone_details_html(part, zone_id, foot))[1:-1] in text, (view, zone_id)
        assert f'data-view=\\"{view}\\"' in text and VIEW_LABEL[view] in text
    search = _search_data(whole_chart)
    zones = whole_chart.zones
    for i, (v, row) in enumerate(search["at"]):
        part = whole_chart.for_view(whole_chart.views[v])
        assert part.zones.iloc[row]["zone_id"] == zones.iloc[i]["zone_id"]
        assert (part.zones.iloc[row]["foot"], part.home_view) == (
            zones.iloc[i]["foot"],
            zones.iloc[i]["view"],
        )
    medial = zones.index[
        (zones["zone_id"] == "bladder") & (zones["foot"] == "left") & (zones["view"] == "medial")
    ][0]
    assert search["label"][medial] == "Bladder (inner edge) - Left foot, inner side"
    # a chart of one view names no view
    assert _search_data(whole_chart.for_view("plantar"))["label"][0].endswith("foot")


def test_hostile_chart_text_is_escaped_in_the_document(tmp_path):
    from .browser.test_hostile import EVIL_NAME, _zone

    source = tmp_path / "hostile.geojson"
    source.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "chart": {"title": "<svg onload=alert(3)>", "school": "test"},
                "features": [_zone("evil", foot, EVIL_NAME, (25, 90, 60, 140)) for foot in ("left", "right")],
            }
        )
    )
    chart = load_chart(source, allow_markup=True)
    document = html_document(chart)
    parser = _Tags()
    parser.feed(document)
    assert parser.fetching == []
    assert "<svg onload" not in document.split("<script", 1)[0]  # the <title> is escaped
    # the details are HTML, escaped in Python; names elsewhere are data the page shows as text
    details = _view_data(chart)
    for html in details["details"]:
        assert "<img" not in html and "<script" not in html and escape(EVIL_NAME) in html
    assert json.dumps(details["details"][0])[1:-1] in json.dumps(_docs_json(document))
