"""Loading a chart in the browser: a good one replaces this session's chart only; a bad one
shows every problem and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reflexmap import load_map

from .conftest import Page

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "regional_chart.geojson"


def test_uploading_the_example_chart_changes_only_this_session_and_leaves_no_listeners(
    browser, server, chart, tmp_path
):
    regional = load_map(EXAMPLE)
    contexts = [browser.new_context(viewport={"width": 1366, "height": 900}) for _ in range(2)]
    try:
        mine, other = (Page(c.new_page()) for c in contexts)
        mine.open(server + "?tab=About")
        other.open(server)
        # the file goes over HTTP, not in a websocket message decoded on the server's event loop
        posts: list[int] = []
        mine.page.on("requestfinished", lambda r: r.url.endswith("/upload") and posts.append(r.method))
        sent: list[int] = []  # the websocket is already open: its frames are seen through CDP
        cdp = mine.page.context.new_cdp_session(mine.page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameSent", lambda e: sent.append(len(e["response"]["payloadData"])))
        # the upload rebuilds the dashboard in the same page: the old one's listeners must go
        # (counted once every view on the page has rendered: open() waits for that)
        listeners = document_listeners(mine)
        assert listeners["connection_lost"] == 1
        mine.page.locator("input[type=file]").set_input_files(str(EXAMPLE))
        mine.page.get_by_text(regional.info.title).first.wait_for(timeout=90_000)
        # the new dashboard is added in steps, under a notice that goes with the last one
        mine.page.locator("[data-testid=drawing]").wait_for(state="detached", timeout=90_000)
        mine.drawn()
        now = document_listeners(mine)
        assert now == listeners, f"listeners before the upload {listeners}, after {now}"
        assert posts == ["POST"], posts
        size = EXAMPLE.stat().st_size
        assert sent and max(sent) < size / 4, f"a websocket frame of {max(sent)} bytes (the file: {size})"
        mine.click_zone(regional, "chest", "left")
        details = mine.wait_details("chest", "left")
        assert "Chest and upper back" in details.inner_text()
        mine.shot("upload-regional-chart.png")
        # the other session still has the default chart
        other.click_zone(chart, "liver", "right")
        other.wait_details("liver", "right")
        assert not mine.errors and not other.errors
    finally:
        for c in contexts:
            c.close()


def test_a_bad_upload_lists_every_problem_and_keeps_the_chart(app_page, server, chart, tmp_path):
    bad = tmp_path / "broken <chart>.geojson"
    feature = {"type": "Feature", "properties": {"zone_id": "Bad Id", "foot": "middle"}, "geometry": None}
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    app_page.open(server + "?tab=About")
    app_page.page.locator("input[type=file]").set_input_files(str(bad))
    problems = app_page.page.locator("[data-testid=upload-problems]")
    problems.wait_for(timeout=20_000)
    text = problems.inner_text()
    for needle in ("must be a slug", "missing property 'name'", "unknown foot 'middle'", "missing geometry"):
        assert needle in text
    assert "the chart on screen is unchanged" in text
    app_page.shot("upload-bad-chart.png")
    app_page.click_zone(chart, "liver", "right")
    app_page.wait_details("liver", "right")


def document_listeners(page) -> dict[str, int]:
    """How many click and keyup listeners the document has, and Bokeh's connection_lost handlers."""
    cdp = page.page.context.new_cdp_session(page.page)
    doc = cdp.send("Runtime.evaluate", {"expression": "document"})["result"]["objectId"]
    found = cdp.send("DOMDebugger.getEventListeners", {"objectId": doc})["listeners"]
    counts = {kind: sum(1 for x in found if x["type"] == kind) for kind in ("click", "keyup")}
    counts["connection_lost"] = page.page.evaluate(
        "() => Bokeh.documents[0]._document_callbacks.get('connection_lost')?.length ?? 0"
    )
    return counts


def test_the_file_picker_speaks_the_pages_language(app_page, server, ui, tmp_path):
    """The browser's own file input says "Choose File" and "No file chosen" in the browser's
    language on a Russian page too: the picker shows its own words, and the file's name."""
    app_page.open(ui.url(server + "?tab=About"))
    p = app_page.page
    picker = p.locator("label", has_text=ui._("Chart file (GeoJSON)"))
    button = picker.locator(".rm-file-button")
    expect(button).to_have_text(ui._("Choose file"))
    expect(picker.locator(".rm-file-name")).to_have_text(ui._("No file chosen"))
    native = picker.locator("input[type=file]")
    box = native.bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1, box  # its words cannot be seen
    assert native.evaluate("e => e.labels[0].textContent").startswith(ui._("Chart file (GeoJSON)"))
    app_page.shot(f"file-picker-{ui.code}.png")
    # a click on the drawn button still opens the file chooser; the hidden input itself keeps the
    # keyboard's focus (headless Chromium opened a chooser for a key only now and then: not checked)
    with p.expect_file_chooser(timeout=10_000) as chooser:
        button.click()
    native.focus()
    assert native.evaluate("e => e.getRootNode().activeElement === e")
    empty = tmp_path / "my chart.geojson"
    empty.write_text("")
    chooser.value.set_files(str(empty))
    expect(picker.locator(".rm-file-name")).to_have_text("my chart.geojson")
    p.get_by_text(ui._("The file is empty.")).wait_for(timeout=10_000)
