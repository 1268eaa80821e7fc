"""The offline HTML export in a real browser, opened from a file with every network request blocked.

Everything a student does with the export (hover, click, search, read the notice) must work from
the page alone: no Python server, nothing fetched. The same zones and the same details as the app.
"""

from __future__ import annotations

import json

import pytest

from reflexmap import load_map
from reflexmap.export import write_html
from reflexmap.export.html import PLACEHOLDER
from reflexmap.web.details_html import zone_details_html
from reflexmap.web.figure import MATCH_LINE, PAIR_LINE, SELECTED_LINE
from reflexmap.web.map_data import FOOT_LABEL

from .conftest import (
    RECORD_MAP_WITH_DETAILS_JS,
    Page,
    check_fits_width,
    check_leaders,
    check_zone_labels_fit,
    check_zones_shown_again,
    page_opener,
    settle,
    zone_display_point,
    zone_label_boxes,
)
from .test_hostile import EVIL_AREA, EVIL_NAME, EVIL_NOTE, _zone

pytestmark = pytest.mark.browser

# Zones on both feet: paired, one-foot-only, a small zone drawn over a larger one (pituitary on
# the brain), and a band across the heel.
CLICKS = [
    ("liver", "right"),
    ("heart", "left"),
    ("kidney", "left"),
    ("kidney", "right"),
    ("pituitary", "left"),
    ("pituitary", "right"),
    ("sciatic-nerve", "right"),
    ("lumbar-spine", "left"),
]


class OfflinePage(Page):
    """A page whose browser context aborts, and records, any request that is not for a file."""

    settled = ""  # no server: what the page shows is the whole answer

    def __init__(self, context):
        self.network: list[str] = []

        def route(r):
            if r.request.url.startswith(("file://", "data:")):
                r.continue_()
            else:
                self._saw(r.request)
                r.abort()

        context.route("**/*", route)
        super().__init__(context.new_page())
        self.page.on("request", self._saw)
        self.page.on("websocket", lambda ws: self.network.append(ws.url))  # not routed: record it

    def _saw(self, request) -> None:
        if not request.url.startswith(("file://", "data:")) and request.url not in self.network:
            self.network.append(request.url)

    def search(self, text: str) -> None:
        box = self.page.get_by_placeholder(PLACEHOLDER)
        box.click()
        box.press_sequentially(text, delay=10)

    def result_labels(self) -> list[str]:
        items = self.page.locator("[data-testid=results] li")
        return [items.nth(i).inner_text() for i in range(items.count())]


@pytest.fixture(scope="module")
def export(tmp_path_factory, chart):
    path = tmp_path_factory.mktemp("export") / "chart.html"
    size = write_html(chart, path)
    assert size == path.stat().st_size
    return path


@pytest.fixture
def offline(browser):
    """Yields a function opening an exported file; checks network, dialogs and console afterwards."""
    opener = page_opener(browser, OfflinePage)
    open_at = next(opener)
    yield lambda path, width=1366, height=900: open_at(path.as_uri(), {"width": width, "height": height})
    next(opener, None)


def test_the_network_guard_sees_requests(browser, export):
    # The tests below assert that nothing was requested; make sure a request would be noticed.
    context = browser.new_context()
    try:
        page = OfflinePage(context)
        page.page.goto(export.as_uri())
        # the fetch is refused by the context's route, which records it first
        page.page.evaluate("() => fetch('http://example.invalid/x').catch(() => null)")
        assert page.network == ["http://example.invalid/x"]
    finally:
        context.close()


def test_clicking_zones_on_both_feet_shows_the_apps_details(offline, export, chart):
    page = offline(export)
    for zone_id, foot in CLICKS:
        page.click_zone(chart, zone_id, foot)
        details = page.wait_details(zone_id, foot)
        text = details.inner_text()
        zone = chart.zone(zone_id, foot=foot)
        assert zone.name in text
        assert FOOT_LABEL[foot] in text
        for area in zone.body_areas:
            assert area in text
        tech = zone.technique
        for part in (tech.how, tech.direction, tech.pressure, tech.duration):
            assert part in text
        # the very markup the app's details pane shows, as the browser parses it
        assert page.shows_exactly(zone_details_html(chart, zone_id, foot)), (zone_id, foot)
        if (zone_id, foot) in (("liver", "right"), ("pituitary", "left")):
            page.shot(f"export-details-{zone_id}-{foot}.png")


def test_selection_outlines_the_pair_and_survives_a_second_click(offline, export, chart):
    page = offline(export)
    page.page.evaluate(RECORD_MAP_WITH_DETAILS_JS, ["kidney|left", "kidney|right"])
    page.click_zone(chart, "kidney", "left")
    page.wait_details("kidney", "left")
    # restyled in the task that showed the details: the frame that paints them paints both
    with_details = page.page.evaluate("() => window.__mapWithDetails")
    assert with_details == {"kidney|left": SELECTED_LINE, "kidney|right": PAIR_LINE}
    style = page.zone_style()
    assert style[("kidney", "left")]["line_color"] == SELECTED_LINE
    assert style[("kidney", "right")]["line_color"] == PAIR_LINE
    assert style[("liver", "right")]["line_color"] not in (SELECTED_LINE, PAIR_LINE)

    # the same zone again: stays selected (no server: the page's answer is the whole answer)
    page.click_zone(chart, "kidney", "left")
    page.wait_details("kidney", "left")
    assert page.zone_style()[("kidney", "left")]["line_color"] == SELECTED_LINE

    page.click_zone(chart, "liver", "right")  # a zone on one foot only: no pair
    page.wait_details("liver", "right")
    style = page.zone_style()
    assert style[("liver", "right")]["line_color"] == SELECTED_LINE
    assert PAIR_LINE not in {s["line_color"] for s in style.values()}
    assert style[("kidney", "left")]["line_color"] != SELECTED_LINE


def test_a_zone_shown_again_is_shown_whole(offline, export, chart):
    check_zones_shown_again(offline(export), chart)


def test_clicking_outside_every_zone_clears_the_selection(offline, export, chart):
    page = offline(export)
    page.click_zone(chart, "liver", "right")
    page.wait_details("liver", "right")
    page.click_display(0.0, 130.0)  # the gap between the two feet
    page.wait_empty()
    assert all(s["line_color"] != SELECTED_LINE for s in page.zone_style().values())


def test_search_highlights_matches_on_both_feet_and_lists_them(offline, export, chart):
    page = offline(export)
    page.search("lower back")
    count = page.page.get_by_text('for "lower back"')
    count.wait_for(timeout=10_000)
    expected = chart.find("lower back")
    assert f"{len(expected)} matches" in count.inner_text()
    assert {"left", "right"} <= set(expected[expected["zone_id"] == "lumbar-spine"]["foot"])
    style = page.zone_style()
    for zone_id, foot in zip(expected["zone_id"], expected["foot"], strict=True):
        assert style[(zone_id, foot)]["line_color"] == MATCH_LINE, (zone_id, foot)
    assert style[("liver", "right")]["line_color"] != MATCH_LINE
    assert page.result_labels() == [
        f"{name} - {FOOT_LABEL[foot]}" for name, foot in zip(expected["name"], expected["foot"], strict=True)
    ]
    # a selection made while searching keeps the other matches outlined
    page.click_zone(chart, "lumbar-spine", "left")
    page.wait_details("lumbar-spine", "left")
    style = page.zone_style()
    assert style[("lumbar-spine", "left")]["line_color"] == SELECTED_LINE
    assert style[("lumbar-spine", "right")]["line_color"] == PAIR_LINE
    for zone_id, foot in zip(expected["zone_id"], expected["foot"], strict=True):
        if zone_id != "lumbar-spine":
            assert style[(zone_id, foot)]["line_color"] == MATCH_LINE, (zone_id, foot)
    page.shot("export-search-lower-back.png")


def test_search_finds_what_the_model_finds_in_the_same_order(offline, export, chart):
    page = offline(export)
    box = page.page.get_by_placeholder(PLACEHOLDER)
    for query in [
        "liver",
        "Headache",
        "tummy",
        "sinus",
        "back",
        "spine",
        "digestive",
        "kidney",
        " Lower-Back ",
    ]:
        box.fill(query)
        page.page.get_by_text(f'for "{query}"').wait_for(timeout=10_000)
        expected = chart.find(query)
        assert len(expected) > 0, query
        labels = [f"{n} - {FOOT_LABEL[f]}" for n, f in zip(expected["name"], expected["foot"], strict=True)]
        assert page.result_labels() == labels, query


def test_search_folds_case_as_the_model_does(offline, tmp_path):
    # casefold, not lower(): "Großzehe" matches "GROSSZEHE"; the page's search must agree
    source = tmp_path / "german.geojson"
    features = [_zone("gross", foot, "Großzehe", (25, 90, 60, 140)) for foot in ("left", "right")]
    features += [_zone("odos", foot, "Οδός", (25, 150, 60, 190)) for foot in ("left", "right")]
    chart_json = {"type": "FeatureCollection", "chart": {"title": "t"}, "features": features}
    source.write_text(json.dumps(chart_json))
    chart = load_map(source, allow_markup=True)  # the test zone's other texts are hostile
    write_html(chart, tmp_path / "german.html")
    page = offline(tmp_path / "german.html")
    for query, name in [
        ("GROSSZEHE", "Großzehe"),
        ("großzehe", "Großzehe"),
        ("GROẞZEHE", "Großzehe"),
        ("ΟΔΌΣ", "Οδός"),
    ]:
        page.page.get_by_placeholder(PLACEHOLDER).fill(query)
        page.page.get_by_text(f'for "{query}"').wait_for(timeout=10_000)
        assert len(chart.find(query)) == 2, query
        assert page.result_labels() == [f"{name} - Left foot", f"{name} - Right foot"], query


def test_search_without_a_match_and_an_emptied_box(offline, export, chart):
    page = offline(export)
    page.search("zzz")
    page.page.get_by_text('No zone matches "zzz".').wait_for(timeout=10_000)
    assert all(s["line_color"] != MATCH_LINE for s in page.zone_style().values())
    page.page.get_by_placeholder(PLACEHOLDER).fill("")
    page.page.get_by_text('Try "liver"').wait_for(timeout=10_000)


def test_hover_names_the_zone_and_its_foot(offline, export, chart):
    page = offline(export)
    x, y = zone_display_point(chart, "gallbladder", "right")
    px, py = page.to_pixels(x, y)
    page.page.mouse.move(px - 8, py)
    page.page.mouse.move(px, py, steps=4)
    tooltip = page.page.locator(".bk-tooltip-content").filter(has_text="Gallbladder")
    tooltip.first.wait_for(timeout=10_000)
    assert "Right foot" in tooltip.first.inner_text()


def test_the_notice_is_always_visible(offline, export, chart):
    page = offline(export)
    notice = page.page.locator("[data-testid=notice]")
    assert notice.is_visible()
    assert chart.caveats.notice in notice.inner_text()
    page.click_zone(chart, "stomach", "left")
    page.wait_details("stomach", "left")
    page.search("liver")
    page.page.get_by_text('for "liver"').wait_for(timeout=10_000)
    assert notice.is_visible()
    assert page.page.locator("[data-testid=safety]").is_visible()


def test_zone_names_can_be_hidden(offline, export):
    page = offline(export)
    visible = """() => { for (const doc of Bokeh.documents) for (const m of doc._all_models.values())
        if (m.type === 'LabelSet' && m.source.data.label) return m.visible; return null; }"""
    assert page.page.evaluate(visible) is True
    page.page.get_by_text("Show zone names").click()
    page.page.wait_for_function(f"() => ({visible})() === false")


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_layout_has_no_horizontal_scroll(offline, export, chart, width, height):
    page = offline(export, width=width, height=height)
    page.click_zone(chart, "lungs", "right")
    page.wait_details("lungs", "right")
    check_fits_width(page, width)
    page.shot(f"export-layout-{width}x{height}.png")


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 720), (1366, 768), (1920, 1080)])
def test_zone_names_never_collide_nor_leave_the_map(offline, export, width, height):
    # the export places the names as the dashboard does, from its own copy of the label columns
    page = offline(export, width=width, height=height)
    boxes = zone_label_boxes(page.page)
    check_zone_labels_fit(boxes)
    counts = check_leaders(boxes)
    assert counts["hidden"] <= 0.1 * len(boxes["labels"]), counts
    page.shot(f"export-labels-{width}x{height}.png")


def test_the_selected_zones_name_is_always_drawn(offline, export, chart):
    # a window narrower than any phone leaves some zones unnamed: tap those
    page = offline(export, width=300, height=700)
    unnamed = [label for label in zone_label_boxes(page.page)["labels"] if not label["shown"]]
    assert len(unnamed) >= 2, "every name fits: this test needs zones without one"
    for label in unnamed[:2]:
        page.click_zone(chart, label["zone"], label["foot"])
        page.wait_details(label["zone"], label["foot"])
        settle(page.page)
        boxes = zone_label_boxes(page.page)
        drawn = {(b["zone"], b["foot"]) for b in boxes["labels"] if b["shown"]}
        assert (label["zone"], label["foot"]) in drawn, label["text"]
        check_zone_labels_fit(boxes)
        check_leaders(boxes)


@pytest.fixture(scope="module")
def hostile_export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-export")
    source = folder / "hostile.geojson"
    source.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "chart": {"title": "<svg onload=alert(3)>", "school": "test", "sources": ["<i>x</i>"]},
                "features": [_zone("evil", foot, EVIL_NAME, (25, 90, 60, 140)) for foot in ("left", "right")],
            }
        )
    )
    chart = load_map(source, allow_markup=True)
    path = folder / "hostile.html"
    write_html(chart, path)
    return path, chart


def test_a_hostile_chart_is_shown_as_text(offline, hostile_export):
    path, chart = hostile_export
    page = offline(path)
    for foot in ("left", "right"):
        page.click_zone(chart, "evil", foot)
        details = page.wait_details("evil", foot)
        text = details.inner_text()
        assert EVIL_NAME in text and EVIL_NOTE in text and EVIL_AREA in text
        assert details.locator("img, script, b, a, iframe").count() == 0
    assert "<svg onload=alert(3)>" in page.page.locator(".rm-header").inner_text()
    assert page.page.locator("svg[onload]").count() == 0
    assert page.page.title() == "reflexmap - <svg onload=alert(3)>"

    page.search("img")  # matches the hostile name: listed as text
    page.page.locator("[data-testid=results] li").first.wait_for(timeout=10_000)
    assert page.result_labels() == [f"{EVIL_NAME} - Left foot", f"{EVIL_NAME} - Right foot"]
    page.shot("export-hostile-chart.png")
    assert page.page.locator("img[src=x]").count() == 0


def test_hostile_search_text_is_echoed_as_text(offline, hostile_export):
    path, _chart = hostile_export
    page = offline(path)
    typed = "<img src=y onerror=alert(4)>"
    page.search(typed)
    page.page.get_by_text(f'No zone matches "{typed}"').wait_for(timeout=10_000)
    assert page.page.locator("img[src=y]").count() == 0
    # the fixture's teardown fails the test on a dialog (alert), a console error or a request
