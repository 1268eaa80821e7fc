"""The served dashboard on a phone: Playwright's device descriptors (mobile layout, touch, the
device's pixel ratio), taps with the touchscreen and swipes and pinches through Chromium's
DevTools protocol, as a finger gives them."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from reflexmap.geometry import display_x
from reflexmap.testing import zone_display_point

from .conftest import ARTIFACTS, Page, is_small, settle
from .ui_lang import UiLang

pytestmark = pytest.mark.browser

DEVICES = ["Pixel 7", "iPhone 13"]
SHOTS = ARTIFACTS / "phone"
ENGLISH = UiLang("en")

# The map's plot view: its canvas box in the viewport, its ranges and the CSS touch-action of
# the element Bokeh takes pointer events on.
MAP_JS = """() => {
  function* walk(v) { yield v; for (const c of (v.child_views ?? [])) yield* walk(c); }
  for (const root of Bokeh.index.roots ?? Object.values(Bokeh.index))
    for (const v of walk(root))
      if (v.frame && v.canvas_view) {
        const r = v.canvas_view.el.getBoundingClientRect(), f = v.frame.bbox, m = v.model;
        return {box: [r.left + f.left, r.top + f.top, f.width, f.height],
                x: [m.x_range.start, m.x_range.end], y: [m.y_range.start, m.y_range.end],
                touchAction: getComputedStyle(v.canvas_view.events_el).touchAction,
                toolbar: m.toolbar.visible};
      }
  return null;
}"""

# Every visible control a finger may have to hit, anywhere in the page (shadow roots included):
# buttons, selects, text inputs, the labels around checkboxes and radio buttons, tabs.
CONTROLS_JS = """() => {
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const control = el.matches('button, select, input[type=text], input:not([type]), .bk-tab')
        || (el.matches('label') && el.querySelector('input[type=checkbox], input[type=radio]'));
      if (control) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden')
          out.push({text: (el.innerText || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40),
                    width: r.width, height: r.height});
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return out;
}"""

# Resolves once the page has not scrolled for six frames in a row (about 0.1 s)
SCROLL_SETTLED_JS = """() => new Promise((resolve) => {
  let last = scrollY, still = 0;
  const frame = () => {
    still = scrollY === last ? still + 1 : 0;
    last = scrollY;
    if (still >= 6) resolve(); else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})"""

# Where the details box lies: "static" in the page, "fixed" as a sheet over it.
HOLDER_POSITION_JS = """() => {
  const find = (root) => root.querySelector('.rm-details-holder')
    ?? [...root.querySelectorAll('*')].map((e) => e.shadowRoot && find(e.shadowRoot)).find(Boolean);
  return getComputedStyle(find(document)).position;
}"""


# The text of the element drawn topmost at a point of the window, through Panel's shadow roots.
TOPMOST_TEXT_JS = """([x, y]) => {
  let el = document.elementFromPoint(x, y);
  for (let inner = el?.shadowRoot?.elementFromPoint(x, y); inner && inner !== el;
       inner = el.shadowRoot?.elementFromPoint(x, y))
    el = inner;
  return el?.textContent ?? '';
}"""


class PhonePage(Page):
    """A dashboard page in a phone's browser context, with a finger."""

    touch = True

    def __init__(self, context):
        super().__init__(context.new_page())
        self.cdp = context.new_cdp_session(self.page)

    def map(self) -> dict:
        found = self.page.evaluate(MAP_JS)
        assert found is not None, "no Bokeh plot view on the page"
        return found

    def touches(self, kind: str, points: list[tuple[float, float]]) -> None:
        self.cdp.send(
            "Input.dispatchTouchEvent",
            {"type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]},
        )

    def gesture(self, start: list[tuple[float, float]], end: list[tuple[float, float]], steps: int = 12):
        """Fingers down at ``start``, moved in ``steps`` frames to ``end``, lifted."""
        self.touches("touchStart", start)
        for step in range(1, steps + 1):
            time.sleep(0.016)
            t = step / steps
            pairs = zip(start, end, strict=True)
            self.touches("touchMove", [(a + (b - a) * t, c + (d - c) * t) for (a, c), (b, d) in pairs])
        self.touches("touchEnd", [])
        self.page.evaluate(SCROLL_SETTLED_JS)  # a fling may scroll on after the fingers lift

    def scroll_y(self) -> float:
        return self.page.evaluate("() => scrollY")

    def tap_display(self, x: float, y: float, zoomed: bool | None = None) -> None:
        """A finger's tap at a display-space point (see :meth:`Page.press_display`)."""
        self.press_display(x, y, zoomed=zoomed, touch=True)

    def tap_zone(self, chart, zone_id: str, foot: str, zoomed: bool | None = None) -> None:
        self.tap_display(*zone_display_point(chart, zone_id, foot), zoomed=zoomed)

    def in_view(self, locator) -> dict:
        """``locator``'s box, asserted wholly inside the window."""
        box = locator.bounding_box()
        assert box is not None, "not shown at all"
        size = self.page.viewport_size
        assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"], (box, size)
        assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], (box, size)
        return box


@pytest.fixture
def phone(browser, playwright, server):
    """Open the dashboard on a phone: ``phone(device="Pixel 7", width=None, query="", ui=ENGLISH)``."""
    contexts, pages = [], []

    def open_on(
        device: str = "Pixel 7", width: int | None = None, query: str = "", ui: UiLang = ENGLISH
    ) -> PhonePage:
        descriptor = dict(playwright.devices[device])
        descriptor.pop("default_browser_type", None)
        if width is not None:
            descriptor["viewport"] = {**descriptor["viewport"], "width": width}
        context = browser.new_context(**descriptor)
        contexts.append(context)
        page = PhonePage(context)
        pages.append(page)
        page.open(ui.url(server + query))
        return page

    yield open_on
    for context in contexts:
        context.close()
    for page in pages:
        assert not page.dialogs, f"a dialog opened: {page.dialogs}"
        assert not page.errors, f"browser console errors: {json.dumps(page.errors, indent=1)}"


def test_the_served_page_asks_for_the_devices_width(server):
    with urllib.request.urlopen(server, timeout=30) as response:
        page = response.read().decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


# Russian words run longer: the narrowest phone in both languages
# Each language's page is opened at the narrowest phone and then widened to the others: a page
# sized to its window (as Panel and Bokeh lay it out) is as wide at load as after a resize.
@pytest.mark.parametrize(("lang", "widths"), [("en", (360, 412)), ("ru", (360, 390, 430))])
def test_no_sideways_scrolling_on_a_phone(phone, chart, lang, widths):
    ui = UiLang(lang)
    page = phone(width=widths[0], ui=ui)
    wide = "() => [document.documentElement.scrollWidth, innerWidth]"
    scroll_width, inner = page.page.evaluate(wide)
    assert inner == widths[0] and scroll_width <= inner, f"Explore is {scroll_width} px wide in {inner}"
    page.tap_zone(chart, "liver", "right")
    page.wait_details("liver", "right")
    scroll_width, inner = page.page.evaluate(wide)
    assert scroll_width <= inner, f"with a zone's details open the page is {scroll_width} px wide"
    page.page.locator(".bk-tab", has_text=ui._("Quiz")).tap()
    page.page.get_by_role("button", name=ui._("Start a round")).wait_for()
    scroll_width, inner = page.page.evaluate(wide)
    assert scroll_width <= inner, f"the Quiz is {scroll_width} px wide in {inner}"
    for width in widths[1:]:  # the map, the zone's details and the Quiz, all open
        page.page.set_viewport_size({**page.page.viewport_size, "width": width})
        page.page.wait_for_function("(width) => innerWidth === width", arg=width)
        page.drawn()
        scroll_width, inner = page.page.evaluate(wide)
        assert scroll_width <= inner, f"at {width} px the page is {scroll_width} px wide"


@pytest.mark.parametrize("device", DEVICES)
def test_a_swipe_over_the_map_scrolls_the_page_and_never_moves_the_map(phone, device):
    page = phone(device)
    before = page.map()
    # Bokeh's pan tool would ask for every touch (touch-action: none) and drag the map around
    assert before["touchAction"] == "pan-x pan-y"
    left, top, width, height = before["box"]
    page.page.evaluate("y => window.scrollTo(0, y)", top + page.scroll_y() - 20)  # the map fills the window
    settle(page.page)
    left, top, width, height = page.map()["box"]
    x, y = left + width * 0.3, top + height * 0.6
    start = page.scroll_y()
    page.gesture([(x, y)], [(x + 10, y - 250)])
    down = page.scroll_y()
    assert down - start > 150, "a swipe over the map did not scroll the page"
    after = page.map()
    assert (after["x"], after["y"]) == (before["x"], before["y"]), "one finger moved the map"
    left, top, width, height = after["box"]
    y = min(top + height * 0.3, 300)  # on the map still
    page.gesture([(x, y)], [(x, y + 200)])  # and back up
    assert page.scroll_y() < down - 100
    assert page.map()["x"] == before["x"]


def check_two_fingers_pinch_the_map_and_never_the_page(page: PhonePage) -> None:
    before = page.map()
    left, top, width, height = before["box"]
    page.page.evaluate("y => window.scrollTo(0, y)", top + page.scroll_y() - 20)
    settle(page.page)
    left, top, width, height = page.map()["box"]
    cx, cy = left + width * 0.7, top + height * 0.3
    page.gesture([(cx - 20, cy), (cx + 20, cy)], [(cx - 80, cy), (cx + 80, cy)])
    after = page.map()
    assert page.page.evaluate("() => visualViewport.scale") == 1, "the pinch zoomed the page"
    assert page.page.evaluate("() => scrollX") == 0
    span = lambda r: r[1] - r[0]  # noqa: E731
    assert span(after["x"]) < span(before["x"]) / 2, (before["x"], after["x"])
    # the feet keep their shape: both axes zoom alike
    ratio_before = span(before["y"]) / span(before["x"])
    assert span(after["y"]) / span(after["x"]) == pytest.approx(ratio_before, rel=0.02)
    # the spot between the fingers stays between them: it is on the right foot (x > 0)
    assert after["x"][0] > 0
    # pinching out again goes no further than the whole map
    page.gesture([(cx - 100, cy), (cx + 100, cy)], [(cx - 5, cy), (cx + 5, cy)])
    assert span(page.map()["x"]) == pytest.approx(span(before["x"]), rel=1e-6)


def test_zoom_buttons_and_two_fingers_zoom_the_map_and_never_the_page(phone):
    page = phone()
    before = page.map()
    assert before["toolbar"] is False, "Bokeh's toolbar (small icons) is shown on a phone"
    zoom_in, zoom_out, reset = (
        page.page.get_by_role("button", name=name) for name in ("Zoom in", "Zoom out", "Show the whole map")
    )
    for button in (zoom_in, zoom_out, reset):
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    span = lambda r: r[1] - r[0]  # noqa: E731
    zoom_in.tap()
    zoom_in.tap()
    closer = page.map()
    assert span(closer["x"]) == pytest.approx(span(before["x"]) / 1.5**2, rel=1e-3)
    zoom_out.tap()
    assert span(page.map()["x"]) == pytest.approx(span(before["x"]) / 1.5, rel=1e-3)
    reset.tap()
    assert page.map()["x"] == pytest.approx(before["x"])
    check_two_fingers_pinch_the_map_and_never_the_page(page)


@pytest.mark.parametrize("device", DEVICES)
def test_a_tapped_zones_details_are_on_screen_without_scrolling(phone, chart, device, ui):
    page = phone(device, ui=ui)
    # the page is laid out at the phone's own width, not 980 px shrunk to fit ...
    width = page.page.viewport_size["width"]
    assert page.page.evaluate("() => innerWidth") == width
    assert page.page.evaluate("() => visualViewport.scale") == 1
    # ... and every control on it is finger-sized
    check_finger_sized(page)
    page.page.screenshot(path=SHOTS / f"{device}-explore-{ui.code}.png")
    page.tap_zone(chart, "liver", "right")
    page.wait_details("liver", "right")
    page.page.screenshot(path=SHOTS / f"{device}-explore-tapped-{ui.code}.png")
    name = page.page.locator("[data-testid=details] h2")
    assert name.inner_text() == ui.name("liver", "right")
    sheet = page.in_view(name)
    assert page.page.evaluate(HOLDER_POSITION_JS) == "fixed"
    # the tapped spot is still in sight, above the details
    tapped = page.to_pixels(*zone_display_point(chart, "liver", "right"))
    assert 0 <= tapped[1] < sheet["y"], (tapped, sheet)
    # closed, the details go back into the page below the map; a tap on a zone opens them again
    close = page.page.get_by_role("button", name=ui._("Close the zone's details"))
    close.tap()
    close.wait_for(state="hidden")
    assert page.page.evaluate(HOLDER_POSITION_JS) == "static"
    page.tap_zone(chart, "heart", "left")
    page.wait_details("heart", "left")
    page.in_view(page.page.locator("[data-testid=details] h2"))


def test_on_a_desktop_the_details_stay_in_the_page_and_a_mouse_drags_the_map(app_page, server, chart):
    app_page.open(server)
    app_page.click_zone(chart, "liver", "right")
    app_page.wait_details("liver", "right")
    assert app_page.page.evaluate(HOLDER_POSITION_JS) == "static"
    assert app_page.page.evaluate(MAP_JS)["toolbar"] is True  # Bokeh's toolbar stays for the mouse

    # and a mouse still drags the map there (the same page: the drag needs no fresh one)
    before = app_page.page.evaluate(MAP_JS)
    left, top, width, height = before["box"]
    mouse = app_page.page.mouse
    mouse.move(left + width * 0.5, top + height * 0.5)
    mouse.down()
    for step in range(1, 6):
        mouse.move(left + width * 0.5 + 20 * step, top + height * 0.5)
    mouse.up()
    # the page hands a press to Bokeh once it becomes a drag: wait for the pan, if it comes
    app_page.page.wait_for_function(f"(x0) => ({MAP_JS})().x[0] !== x0", arg=before["x"][0], timeout=5_000)
    after = app_page.page.evaluate(MAP_JS)
    assert after["x"][0] < before["x"][0], "a mouse drag no longer pans the map"


def a_wrong_zone(chart, zone_id: str, foot: str) -> str:
    """The zone on ``foot`` nearest to ``zone_id`` whose inner point a tap answers with another
    zone: near, so it is on screen when the map is zoomed in for a small zone's question."""
    here = chart.inner_point(zone_id, foot)
    rows = chart.zones[(chart.zones["foot"] == foot) & (chart.zones["zone_id"] != zone_id)]
    for other in sorted(rows["zone_id"], key=lambda z: chart.inner_point(z, foot).distance(here)):
        inside = chart.inner_point(other, foot)
        if zone_id not in chart.locate_chart(foot, [inside.x], [inside.y])[0]:
            return other
    raise AssertionError(f"every zone of the {foot} foot lies over {zone_id}")


# A wrong answer is the longest (it names the zone tapped and the one asked): in Russian, on the
# tallest and on the shortest of the phones.
@pytest.mark.parametrize(
    ("device", "lang", "right"),
    [("Pixel 7", "en", True), ("Pixel 7", "ru", False), ("iPhone 13", "ru", False)],
)
def test_the_quiz_question_stays_in_sight_while_answering_on_the_map(phone, chart, device, lang, right):
    ui = UiLang(lang)
    page = phone(device, query="?tab=Quiz", ui=ui)
    page.page.get_by_role("button", name=ui._("Start a round")).tap()
    question = page.page.locator("[data-testid=question]")
    question.wait_for()
    key = question.get_attribute("data-key")
    zone_id, foot = key.split("|")
    # the map is far above the Quiz: the student scrolls up to it, the question stays in sight
    page.page.evaluate("() => window.scrollTo(0, 0)")
    settle(page.page)
    page.in_view(question.locator("h2"))
    tapped = zone_id if right else a_wrong_zone(chart, zone_id, foot)
    page.tap_zone(chart, tapped, foot, zoomed=is_small(chart, zone_id, foot))
    feedback = page.page.locator("[data-testid=feedback]")
    feedback.wait_for()  # the answer redraws the question's pane: look once it has come
    next_question = page.page.get_by_role("button", name=ui._("Next question"))
    next_question.wait_for()
    page.page.screenshot(path=SHOTS / f"quiz-answered-{device.replace(' ', '')}-{ui.code}.png")
    assert feedback.get_attribute("data-correct") == str(right).lower(), feedback.inner_text()
    # the answer and the way on are in sight as they come, with nothing scrolled: not below the
    # sheet's edge, nor under anything
    page.in_view(question.locator("h2"))
    in_sight(page, feedback, next_question)
    assert page.page.locator(".rm-quiz-live").evaluate("el => el.scrollTop") == 0
    # a question too long for the sheet (a small zone's, in a long language) leaves them in sight
    question.locator("h2").evaluate("h2 => { h2.textContent = h2.textContent.repeat(8); }")
    assert page.page.locator(".rm-quiz-live").evaluate("el => el.scrollHeight > el.clientHeight")
    page.page.screenshot(path=SHOTS / f"quiz-long-question-{device.replace(' ', '')}-{ui.code}.png")
    in_sight(page, feedback, next_question)


def in_sight(page: PhonePage, *locators) -> None:
    """Each of ``locators`` is in the window, and what is drawn at its middle is its own."""
    for seen in locators:
        box = page.in_view(seen)
        middle = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
        on_top = page.page.evaluate(TOPMOST_TEXT_JS, middle)
        assert on_top.strip() and on_top.strip() in seen.inner_text(), (on_top, seen.inner_text())


def check_finger_sized(page: PhonePage) -> None:
    """Every visible control on the page is at least 44 px each way."""
    controls = page.page.evaluate(CONTROLS_JS)
    assert len(controls) > 15, controls  # found the page's controls at all
    small = [c for c in controls if c["height"] < 44 or c["width"] < 44]
    assert not small, f"controls smaller than 44 px: {small}"


def test_every_control_of_a_quiz_round_is_finger_sized(phone, ui):
    # Explore's: see test_a_tapped_zones_details_are_on_screen_without_scrolling
    page = phone(query="?tab=Quiz", ui=ui)
    page.page.get_by_role("button", name=ui._("Start a round")).tap()
    page.page.locator("[data-testid=question]").wait_for()
    check_finger_sized(page)


def overlap_spot(chart, zone_id: str, foot: str) -> tuple[tuple[float, float], list[str]]:
    """A spot in ``zone_id`` where other zones lie too, well away from every zone's edge (a finger
    is not a pixel): its display position and the zones under it, smallest first, as a tap
    picks them."""
    zones = chart.zones[chart.zones["foot"] == foot].set_index("zone_id")["geometry"]
    mine = zones[zone_id]
    other = max((g for z, g in zones.items() if z != zone_id), key=lambda g: g.intersection(mine).area)
    spot = mine.intersection(other).buffer(-1.5).representative_point()
    finger = spot.buffer(1.0)
    assert all(g.contains(finger) or not g.intersects(finger) for g in zones), "no clear spot"
    under = chart.locate_chart(foot, [spot.x], [spot.y])[0]
    return (float(display_x(foot, chart.outline(foot), spot.x)), spot.y), under


@pytest.mark.parametrize(
    ("zone_id", "foot", "lang"), [("pituitary", "left", "en"), ("solar-plexus", "right", "ru")]
)
def test_a_tap_on_overlapping_zones_offers_the_others(phone, chart, zone_id, foot, lang):
    ui = UiLang(lang)
    spot, under = overlap_spot(chart, zone_id, foot)
    assert under[0] == zone_id and len(under) > 1, under
    others = [ui.name(z, foot) for z in under[1:]]
    page = phone(ui=ui)
    page.tap_display(*spot)
    page.wait_details(zone_id, foot)
    offered = page.page.locator("[data-testid=also-here] button")
    assert offered.all_inner_texts() == others
    first = offered.first
    page.in_view(first)
    box = first.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    first.tap()
    page.wait_details(under[1], foot)
    # Python selected it too: the address names it
    page.page.wait_for_function("zone => location.search.includes(`zone=${zone}&`)", arg=under[1])
    # the tapped zone is now the one offered
    assert offered.all_inner_texts()[0] == ui.name(zone_id, foot)
