"""Fixtures for driving the real dashboard in Debian's Chromium through Playwright.

In CI (CI=true) a missing browser is a failure; locally the browser tests skip with the reason.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reflexmap import load_map
from reflexmap.dashboard.chart_check import NICENESS_VARIABLE
from reflexmap.i18n import LANGUAGES
from reflexmap.quiz import find_it
from reflexmap.testing import (
    CHROMIUM,
    DATA_TO_PIXELS_JS,
    TAP_GAP_S,
    launch_chromium,
    zone_display_point,
)
from reflexmap.testing import run_server as _run_server
from reflexmap.web.details_html import EMPTY, zone_details_html

from .ui_lang import UiLang

# Playwright's expect() gives up after 5 s; a check that waits on the server's answer took longer
# than that on a loaded CI machine. A passing check waits no longer for this.
expect.set_options(timeout=15_000)

ARTIFACTS = Path(
    os.environ.get("REFLEXMAP_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts")
)


# Has every view on the page finished rendering? Bokeh's root views ask their children.
DRAWN_JS = "() => [...(Bokeh.index.roots ?? Object.values(Bokeh.index))].every((v) => v.has_finished())"

# Whether the map is zoomed in for a small zone's question (quiz_focus.MapFocus marks its plot view)
MAP_FOCUSED_JS = """() => {
  function* walk(v) { yield v; for (const c of (v.child_views ?? [])) yield* walk(c); }
  for (const root of Bokeh.index.roots ?? Object.values(Bokeh.index))
    for (const v of walk(root)) if (v.frame && v.canvas_view) return !!v.rmFocused;
  return null;
}"""

# Has the page every part of a foot filter: does the map show only ``foot``'s zones (the other
# foot's faded out) and do the taps, the keys and the details pane take only those (each
# component's per-row ``selectable`` list)? The server sends these in more than one message.
ONLY_FOOT_SHOWN_JS = """(foot) => {
  let feet = null;
  const lists = [];
  for (const doc of Bokeh.documents) for (const m of doc._all_models.values()) {
    if (m.type === 'ColumnDataSource' && m.data.zone_id && m.data.fill_alpha) {
      const d = m.data;
      if (!d.foot.every((f, i) => (f === foot) === (d.fill_alpha[i] >= 0.1))) return false;
      feet = d.foot;
    }
    if (Array.isArray(m.data?.selectable)) lists.push(m.data.selectable);
  }
  return feet !== null && lists.length > 0
    && lists.every((list) => list.length === feet.length && feet.every((f, i) => list[i] === (f === foot)));
}"""


def is_small(chart, zone_id: str, foot: str) -> bool:
    """Is this a zone whose Find-it question zooms the map?"""
    return find_it(chart, f"{zone_id}|{foot}").small


def run_server(*args: str):
    # the checks of uploaded charts at normal priority: at the lowest, on a loaded test machine, a
    # check of seconds took minutes (the benchmark keeps the server's own priority)
    return _run_server(*args, log_dir=ARTIFACTS, env={NICENESS_VARIABLE: "0"})


def assert_no_traceback(text: str) -> None:
    """The server's log shows no traceback of ours. Left out: Tornado's report of a message Bokeh
    was still sending to a page that had just closed (a reload), which is the closing race itself."""
    closed = re.compile(
        r"ERROR asyncio: Task exception was never retrieved\n.*?tornado\.websocket\.WebSocketClosedError\n",
        re.S,
    )
    ours = closed.sub("", text)
    assert "Traceback" not in ours, f"the server logged a traceback:\n{text}"


@pytest.fixture(scope="session")
def server():
    with run_server() as (url, log_path):
        yield url
    assert_no_traceback(log_path.read_text())


@pytest.fixture(scope="session")
def chart():
    # the soles: the view the app draws, lists and quizzes (its zones are named by foot alone)
    return load_map().for_view("plantar")


@pytest.fixture(params=LANGUAGES)
def ui(request) -> UiLang:
    """The page's language: a test that reads or types user text runs once per language."""
    return UiLang(request.param)


@pytest.fixture(scope="session")
def playwright():
    """Playwright itself: its device descriptors (``playwright.devices["Pixel 7"]``) and browsers."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright):
    browser = launch_chromium(playwright)
    yield browser
    browser.close()


def phone(playwright, name: str = "Pixel 7") -> dict:
    """Playwright's descriptor of a phone (touch, mobile layout, its pixel ratio) for a new context."""
    descriptor = dict(playwright.devices[name])
    descriptor.pop("default_browser_type", None)
    return descriptor


class Page:
    """A Playwright page on the dashboard with the helpers the tests share."""

    # the details box once the server has answered every tap on the map (see ZoneDetailsView)
    settled = "[data-testid=details-view]:not([data-pending])"
    touch = False  # does a finger tap the map (a phone's page), or a mouse click it

    def __init__(self, page):
        self.page = page
        self._last_tap = -float("inf")  # time.monotonic() of the last click on the map
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.ready()

    def ready(self) -> None:
        """Wait until the page in the tab has drawn its map and its details box: after a reload,
        or after the page moved itself to another address (``location.replace``). Going to the
        address again instead would build one more session on the server for nothing."""
        self.page.wait_for_selector("canvas", timeout=30_000)
        self.page.wait_for_function("() => window.Bokeh && Object.keys(Bokeh.index).length > 0")
        self.details_locator().first.wait_for(timeout=15_000)
        self.drawn()

    def drawn(self, timeout: float = 15_000) -> None:
        """Wait until every view on the page has finished rendering (Panel's components load their
        modules asynchronously: their listeners and elements come after the map), then for two
        animation frames, so that what they drew is laid out."""
        self.page.wait_for_function(DRAWN_JS, timeout=timeout)
        settle(self.page)

    # --- the map ------------------------------------------------------------------------------

    def to_pixels(self, x: float, y: float) -> tuple[float, float]:
        """Viewport pixels of a display-space point, from Bokeh's own scales."""
        point = self.page.evaluate(
            DATA_TO_PIXELS_JS,
            [x, y],
        )
        assert point is not None, "no Bokeh plot view on the page"
        return point[0], point[1]

    def tap_pixels(self, px: float, py: float, touch: bool = False) -> None:
        """A click (or a finger's tap) at viewport pixels of the map, at least TAP_GAP_S after the
        one before: only what is left of that gap is waited for, so the time a test spent
        waiting on the page since counts towards it."""
        time.sleep(max(0.0, TAP_GAP_S - (time.monotonic() - self._last_tap)))
        if touch:
            self.page.touchscreen.tap(px, py)
        else:
            self.page.mouse.click(px, py)
        self._last_tap = time.monotonic()

    def click_display(self, x: float, y: float) -> None:
        px, py = self.to_pixels(x, y)
        height = self.page.viewport_size["height"]
        if not 0 <= py < height:  # bring the point into the window first, as a person would scroll
            self.page.evaluate("dy => window.scrollBy(0, dy)", py - height / 2)
            settle(self.page)
            px, py = self.to_pixels(x, y)
        self.tap_pixels(px, py)

    def click_zone(self, chart, zone_id: str, foot: str) -> None:
        """Click well inside a zone, away from its edges and from zones drawn over it."""
        self.click_display(*zone_display_point(chart, zone_id, foot))

    def press_display(self, x: float, y: float, *, zoomed: bool | None = None, touch: bool = False) -> None:
        """A click, or a finger's tap, at a display-space point brought into the window's upper
        half (as a person scrolls; clear of a phone's sheet over the bottom).

        ``zoomed``: whether the map is zoomed in for a quiz question on a small zone
        (:func:`is_small`); the page zooms it after the question is shown, and zooms out again
        for the next question. Waits for that first, then until the point stays put on screen.
        """
        if zoomed is not None:
            self.page.wait_for_function(f"() => ({MAP_FOCUSED_JS})() === {str(zoomed).lower()}")
        px, py = self.to_pixels(x, y)
        still = 0  # checks in a row, two frames apart, that found the point where it was
        for _ in range(60):
            settle(self.page)
            still = still + 1 if self.to_pixels(x, y) == (px, py) else 0
            if still == 3:
                break
            px, py = self.to_pixels(x, y)
        height = self.page.viewport_size["height"]
        if not 60 <= py < height * 0.5:
            self.page.evaluate("dy => window.scrollBy(0, dy)", py - height * 0.4)
            settle(self.page)
            px, py = self.to_pixels(x, y)
        self.tap_pixels(px, py, touch)

    def still_shows(self, chart, zone_id: str, foot: str) -> None:
        """Check the page still shows a zone after something elsewhere (another page, a student)
        must not have changed it: the zone is clicked again (which keeps it selected) and the
        server's answer waited for. Whatever the server sent this page before that answer has
        arrived by then, so no fixed wait is needed to see it."""
        self.press_display(*zone_display_point(chart, zone_id, foot), touch=self.touch)
        self.wait_details(zone_id, foot)

    def zone_style(self) -> dict[tuple[str, str], dict]:
        """Current line colour/width per (zone_id, foot), read from the page's data source."""
        rows = self.page.evaluate(
            """() => {
              for (const doc of Bokeh.documents)
                for (const m of doc._all_models.values())
                  if (m.type === 'ColumnDataSource' && m.data.zone_id && m.data.line_color) {
                    const d = m.data; const out = [];
                    for (let i = 0; i < d.zone_id.length; i++)
                      out.push([d.zone_id[i], d.foot[i], d.line_color[i], d.line_width[i], d.fill_alpha[i]]);
                    return out;
                  }
              return null;
            }"""
        )
        assert rows is not None
        return {(z, f): {"line_color": c, "line_width": w, "fill_alpha": a} for z, f, c, w, a in rows}

    def wait_line_color(self, zone_id: str, foot: str, colour: str, timeout: float = 10_000) -> None:
        """Wait until the map's zone source outlines the zone in ``colour`` (the server's restyle)."""
        self.page.wait_for_function(
            """([zone, foot, colour]) => { for (const doc of Bokeh.documents)
                 for (const m of doc._all_models.values())
                   if (m.type === 'ColumnDataSource' && m.data.zone_id && m.data.line_color) {
                     const d = m.data;
                     return d.zone_id.some((z, i) => z === zone && d.foot[i] === foot
                                                     && d.line_color[i] === colour); }
                 return false; }""",
            arg=[zone_id, foot, colour],
            timeout=timeout,
        )

    # --- panes --------------------------------------------------------------------------------

    def details_locator(self):
        return self.page.locator("[data-testid=details], [data-testid=details-empty]")

    def wait_details(self, zone_id: str, foot: str, timeout: float = 10_000):
        """Wait until the details show the zone and the server has answered every tap.

        The page shows a tapped zone's details before the server answers; tests that go on to
        check what the server changed (the map's styles, the URL, other panes) need its answer.
        """
        loc = self.page.locator(
            f'{self.settled} [data-testid=details][data-zone="{zone_id}"][data-foot="{foot}"]'
        )
        loc.wait_for(timeout=timeout)
        return loc

    def shows_exactly(self, html: str) -> bool:
        """Is ``html`` (one element) what the page shows as its details, whole and only once?"""
        return self.page.evaluate(
            """(html) => { const t = document.createElement('template'); t.innerHTML = html;
                 const want = t.content.firstElementChild;
                 const found = [];
                 const walk = (root) => { for (const el of root.querySelectorAll('*')) {
                   if (el.matches('[data-testid=details], [data-testid=details-empty]')) found.push(el);
                   if (el.shadowRoot) walk(el.shadowRoot); } };
                 walk(document);
                 return found.length === 1 && found[0].isEqualNode(want); }""",
            html,
        )

    def wait_empty(self, timeout: float = 10_000) -> None:
        self.page.locator(f"{self.settled} [data-testid=details-empty]").wait_for(timeout=timeout)

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.mouse.move(0, 0)
        self.page.screenshot(path=path, full_page=True)
        return path


# Records in window.__mapWithDetails, when the details box first changes, the line colour the map's
# zone source gives each of the zones in ``watch`` ("zone|foot"), in the served app or the offline
# page: a MutationObserver runs right after the task that changed the box, before the browser
# paints, so what it reads is what that frame shows.
RECORD_MAP_WITH_DETAILS_JS = """(watch) => {
  const find = (root, sel) => root.querySelector(sel)
    ?? [...root.querySelectorAll('*')].map((e) => e.shadowRoot && find(e.shadowRoot, sel)).find(Boolean);
  const box = find(document, '[data-testid=details-view]')
    ?? find(document, '[data-testid=details-empty]').parentNode;
  const source = () => {
    for (const doc of Bokeh.documents)
      for (const m of doc._all_models.values())
        if (m.type === 'ColumnDataSource' && m.data.zone_id && m.data.line_color) return m.data;
  };
  window.__mapWithDetails = null;
  const observer = new MutationObserver(() => {
    const d = source();
    const colour = (key) => {
      const i = d.zone_id.findIndex((z, j) => z + '|' + d.foot[j] === key);
      return d.line_color[i];
    };
    window.__mapWithDetails = Object.fromEntries(watch.map((key) => [key, colour(key)]));
    observer.disconnect();
  });
  observer.observe(box, {childList: true, subtree: true});
}"""


# Where each zone name is drawn, measured in the page the way Bokeh's TextBox measures it (canvas
# measureText with the label set's font; one line is font ascent + descent high) at the position
# Bokeh paints it (the plot frame's scales plus the label set's offsets). Independent of the code
# that places the names, so it checks what a student sees. Canvas pixels, as the frame's box.
ZONE_LABEL_BOXES_JS = r"""() => {
  function* walk(v) { yield v; for (const c of (v.child_views ?? [])) yield* walk(c); }
  let plot = null;
  for (const root of Bokeh.index.roots ?? Object.values(Bokeh.index))
    for (const v of walk(root)) if (!plot && v.frame && v.canvas_view) plot = v;
  const sets = {};
  for (const doc of Bokeh.documents) for (const m of doc._all_models.values())
    if (m.type === 'LabelSet') sets[m.text?.field] = m;
  if (!plot || !sets.label) return null;
  const {x_scale, y_scale, bbox} = plot.frame;
  const ctx = document.createElement('canvas').getContext('2d');
  const boxes = (set, column) => {
    const d = set.source.data;
    const at = (spec, i) => (spec?.field != null ? d[spec.field][i] : spec?.value ?? spec);
    ctx.font = `${at(set.text_font_style, 0)} ${at(set.text_font_size, 0)} ${at(set.text_font, 0)}`;
    const m = ctx.measureText('\u00c5\u015ag|');
    const line = m.fontBoundingBoxAscent + m.fontBoundingBoxDescent;
    const out = [];
    for (let i = 0; i < d[column].length; i++) {
      const text = d[column][i];
      const rows = String(text ?? '').split('\n');
      const w = Math.max(...rows.map((r) => ctx.measureText(r).width));
      const h = text ? line * (rows.length + (at(set.text_line_height, i) - 1) * (rows.length - 1)) : 0;
      const align = at(set.text_align, i), baseline = at(set.text_baseline, i);
      const sx = x_scale.compute(d[set.x.field][i]) + at(set.x_offset, i);
      const sy = y_scale.compute(d[set.y.field][i]) - at(set.y_offset, i);
      const left = align === 'left' ? sx : align === 'right' ? sx - w : sx - w / 2;
      const top = baseline === 'top' ? sy : baseline === 'bottom' ? sy - h : sy - h / 2;
      out.push({text, shown: set.visible && !!text && at(set.text_alpha, i) > 0,
                offset: at(set.x_offset, i), box: [left, top, left + w, top + h],
                zone: d.zone_id?.[i], foot: d.foot?.[i],
                point: [d[set.x.field][i], d[set.y.field][i]],
                anchor: [x_scale.compute(d[set.x.field][i]), y_scale.compute(d[set.y.field][i])]});
    }
    return out;
  };
  // the leader lines drawn, as segments in canvas pixels
  const leaders = [];
  for (const r of plot.model.renderers) if (r.name === 'reflexmap-leaders' && r.visible) {
    const d = r.data_source.data;
    for (let i = 0; i < d.x0.length; i++)
      leaders.push([x_scale.compute(d.x0[i]), y_scale.compute(d.y0[i]),
                    x_scale.compute(d.x1[i]), y_scale.compute(d.y1[i])]);
  }
  return {frame: [bbox.left, bbox.top, bbox.right, bbox.bottom], labels: boxes(sets.label, 'label'),
          guides: sets.name ? boxes(sets.name, 'name') : [], leaders};
}"""


def wait_until(check: Callable[[], bool], message: str, timeout_s: float = 10) -> None:
    """Poll ``check`` (something read from the page) until it holds; fail with ``message``."""
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, message
        time.sleep(0.05)


def settle(page) -> None:
    """Let the page lay out and paint what it has: two animation frames."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def check_fits_width(page: Page, width: int) -> None:
    """Nothing on ``page`` is wider than its ``width`` px window: no sideways scroll, the map within."""
    scroll_width = page.page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{scroll_width}px wide content in a {width}px window"
    canvas = page.page.locator("canvas").first.bounding_box()
    assert canvas["width"] <= width and canvas["x"] >= 0


def zone_label_boxes(page) -> dict:
    """:data:`ZONE_LABEL_BOXES_JS` after the page has settled: ``frame`` and ``labels``."""
    settle(page)
    boxes = page.evaluate(ZONE_LABEL_BOXES_JS)
    assert boxes is not None, "no plot view or zone-name LabelSet on the page"
    return boxes


def check_zone_labels_fit(boxes: dict, slack: float = 0.5) -> list[dict]:
    """Every shown zone name lies inside the plot frame and on no other shown name, nor on a guide
    line's name; returns the shown zone names."""
    x0, y0, x1, y1 = boxes["frame"]
    shown = [label for label in boxes["labels"] if label["shown"]]
    guides = [label for label in boxes["guides"] if label["shown"]]
    for label in shown:
        left, top, right, bottom = label["box"]
        assert left >= x0 - slack and right <= x1 + slack and top >= y0 - slack and bottom <= y1 + slack, (
            f"{label['text']!r} ({label['foot']}) at {label['box']} leaves the map's frame {boxes['frame']}"
        )
    overlaps = [
        (a["text"], a["foot"], b["text"], b["foot"])
        for n, a in enumerate(shown)
        for b in shown[n + 1 :] + guides
        if min(a["box"][2], b["box"][2]) - max(a["box"][0], b["box"][0]) > slack
        and min(a["box"][3], b["box"][3]) - max(a["box"][1], b["box"][1]) > slack
    ]
    assert not overlaps, f"{len(overlaps)} pairs of zone names overlap: {overlaps}"
    return shown


def check_leaders(boxes: dict, slack: float = 0.75) -> dict[str, int]:
    """Every shown name that does not cover its zone's point has a leader from that point to the
    edge of the name's box; every leader belongs to such a name and crosses no other name.

    Returns how many names are ``shown`` (on their point), ``nudged`` (on a leader) and ``hidden``.
    """
    shown = [label for label in boxes["labels"] if label["shown"]]
    leaders = list(boxes["leaders"])

    def covers(box, point, margin=0.0):
        return (
            box[0] - margin <= point[0] <= box[2] + margin and box[1] - margin <= point[1] <= box[3] + margin
        )

    def distance_to_box(box, point):
        dx = max(box[0] - point[0], 0, point[0] - box[2])
        dy = max(box[1] - point[1], 0, point[1] - box[3])
        return (dx * dx + dy * dy) ** 0.5

    nudged = 0
    for label in shown:
        if covers(label["box"], label["anchor"], slack):
            continue
        mine = [
            line
            for line in leaders
            if abs(line[0] - label["anchor"][0]) <= slack
            and abs(line[1] - label["anchor"][1]) <= slack
            and distance_to_box(label["box"], line[2:]) <= slack
        ]
        assert mine, f"{label['text']!r} ({label['foot']}) stands off its zone without a leader line"
        leaders.remove(mine[0])
        nudged += 1
    assert not leaders, f"leader lines that lead no shown name: {leaders}"
    for line in boxes["leaders"]:
        points = [
            (line[0] + (line[2] - line[0]) * t / 20, line[1] + (line[3] - line[1]) * t / 20)
            for t in range(21)
        ]
        for label in shown:
            left, top, right, bottom = label["box"]
            inner = (left + slack, top + slack, right - slack, bottom - slack)
            if distance_to_box(label["box"], line[2:]) > slack:  # not the name it leads to
                assert not any(covers(inner, p) for p in points), f"a leader runs across {label['text']!r}"
    named = [label for label in boxes["labels"] if label["text"]]
    return {"shown": len(shown) - nudged, "nudged": nudged, "hidden": len(named) - len(shown)}


def check_zones_shown_again(page: Page, chart) -> None:
    """Zones shown a second time, and the empty state between, are shown whole and alone.

    The page parses each zone's details once and moves the same nodes in and out afterwards.
    """
    visits = [("liver", "right"), ("heart", "left"), ("liver", "right"), None, ("heart", "left")]
    for visit in visits:
        if visit is None:
            page.click_display(0.0, 130.0)  # between the feet
            page.wait_empty()
            assert page.shows_exactly(EMPTY)
        else:
            page.click_zone(chart, *visit)
            page.wait_details(*visit)
            assert page.shows_exactly(zone_details_html(chart, *visit)), visit


def page_opener(browser, make_page=lambda context: Page(context.new_page())):
    """For a fixture to ``yield from``: a function opening a URL at a viewport size, each page in a
    browser context of its own (``make_page`` builds its Page from the context).

    Afterwards the contexts are closed and every page checked: no dialog opened, nothing on the
    console; a Page with a ``network`` list (see test_export_html.OfflinePage) reached no network.
    """
    contexts, pages = [], []

    def open_at(url: str, viewport: dict) -> Page:
        # a size ({"width", "height"}), or a device descriptor (pw.devices[...], which has a viewport)
        context = (
            browser.new_context(**viewport)
            if "viewport" in viewport
            else browser.new_context(viewport=viewport)
        )
        contexts.append(context)
        page = make_page(context)
        pages.append(page)
        page.open(url)
        return page

    yield open_at
    for context in contexts:
        context.close()
    for page in pages:
        assert not getattr(page, "network", []), f"the page tried to reach the network: {page.network}"
        assert not page.dialogs, f"a dialog opened: {page.dialogs}"
        assert not page.errors, f"browser console errors: {json.dumps(page.errors, indent=1)}"


@pytest.fixture
def app_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = Page(context.new_page())
    yield page
    context.close()
    assert not page.dialogs, f"a dialog opened: {page.dialogs}"
    assert not page.errors, f"browser console errors: {json.dumps(page.errors, indent=1)}"
