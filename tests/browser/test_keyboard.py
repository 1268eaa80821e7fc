"""The map by keyboard alone, in the served app and in the offline export.

Tab reaches the map (after the skip links and the layer switches, in reading order); the arrows
move a focus ring drawn on the map to the nearest zone that way, on either foot; Enter selects the
zone as a click does: the details show it, the address names it and the live region says it.
"""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from reflexmap.web.announce import announcement
from reflexmap.web.figure import SELECTED_LINE
from reflexmap.web.map_keys import FOCUS_RENDERER, MAP_NAME
from reflexmap.web.zone_list_html import SUMMARY

from .conftest import ONLY_FOOT_SHOWN_JS, settle
from .test_export_html import export, offline  # noqa: F401  (fixtures)
from .ui_lang import LOWER_BACK, UiLang

pytestmark = pytest.mark.browser

ENGLISH = UiLang("en")

# The focused element, looked up through the shadow roots Panel puts each part in.
ACTIVE_JS = """() => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  if (!a || a === document.body) return null;
  return {tag: a.tagName, role: a.getAttribute("role"), label: a.getAttribute("aria-label"),
          text: (a.textContent || "").trim().slice(0, 80), testid: a.getAttribute("data-testid")};
}"""

LIVE_JS = """() => {
  const found = [];
  const walk = (root) => { for (const el of root.querySelectorAll("*")) {
    if (el.getAttribute("role") === "status") found.push(el.textContent);
    if (el.shadowRoot) walk(el.shadowRoot); } };
  walk(document);
  return found;
}"""

# The zone the focus ring outlines (its row in the zone source, with the point Enter selects at),
# or null while the ring is hidden. Read from the models the map draws, not from the page's code.
RING_JS = """(name) => {
  for (const doc of Bokeh.documents) for (const m of doc._all_models.values()) {
    if (m.type !== "GlyphRenderer" || m.name !== name) continue;
    const ring = m.data_source.data;
    if (!(ring.alpha[0] > 0)) return null;
    for (const z of doc._all_models.values())
      if (z.type === "ColumnDataSource" && z.data.zone_id && z.data.line_color) {
        const i = z.data.xs.indexOf(ring.xs[0]);
        return i < 0 ? null : {zone: z.data.zone_id[i], foot: z.data.foot[i],
                               x: z.data.label_x[i], y: z.data.label_y[i]};
      }
  }
  return null;
}"""

# From the first zone the map focuses (the top of the left foot), groups of keys; Enter after
# each selects the zone under the ring. Both feet, the arrows in every direction, Home and End.
TOUR = [
    [],
    ["ArrowDown", "ArrowDown"],
    ["ArrowRight"],
    ["ArrowDown", "ArrowDown", "ArrowDown"],
    ["End"],
    ["ArrowDown", "ArrowLeft"],
    ["ArrowUp"],
    ["Home"],
]
DIRECTION = {"ArrowLeft": (-1, 0), "ArrowRight": (1, 0), "ArrowUp": (0, 1), "ArrowDown": (0, -1)}


def active(page) -> dict | None:
    return page.page.evaluate(ACTIVE_JS)


def live_text(page) -> str:
    regions = page.page.evaluate(LIVE_JS)
    assert len(regions) == 1, f"expected one live region, found {regions}"
    return regions[0]


def ring(page) -> dict | None:
    return page.page.evaluate(RING_JS, FOCUS_RENDERER)


def tab_to_map(page, limit: int = 12, ui: UiLang = ENGLISH) -> list[dict]:
    """Press Tab from the top of the page until the map has the focus; what was passed on the way."""
    passed = []
    for _ in range(limit):
        page.page.keyboard.press("Tab")
        now = active(page)
        if now and now["label"] == ui._(MAP_NAME):
            assert now["role"] == "application"
            return passed
        passed.append(now)
    raise AssertionError(f"Tab never reached the map; it passed {passed}")


def wait_live(page, text: str) -> None:
    deadline = time.monotonic() + 10
    while live_text(page) != text:
        assert time.monotonic() < deadline, f"live region says {live_text(page)!r}, not {text!r}"
        time.sleep(0.05)


def wait_address(page, zone_id: str, foot: str) -> None:
    deadline = time.monotonic() + 10
    while True:
        query = parse_qs(page.page.evaluate("() => location.search.slice(1)"))
        if query.get("zone") == [zone_id] and query.get("foot") == [foot]:
            return
        assert time.monotonic() < deadline, f"the address says {query}, not {zone_id} on the {foot} foot"
        time.sleep(0.05)


def said(ui: UiLang, zone_id: str, foot: str) -> str:
    """What the live region says when the zone is selected, in ``ui``'s language."""
    return announcement(ui.chart, zone_id, foot, ui._)


def keyboard_tour(page, check_address: bool, ui: UiLang = ENGLISH) -> list[tuple[str, str]]:
    """Walk :data:`TOUR`, checking each arrow's direction and each selection; the zones selected."""
    passed = tab_to_map(page, ui=ui)
    skips = [ui._("Skip to the map"), ui._("Skip to the zone details")]
    assert passed[:2] and [p["text"] for p in passed[:2]] == skips
    selected = []
    for keys in TOUR:
        for key in keys:
            before = ring(page)
            page.page.keyboard.press(key)
            after = ring(page)
            assert after is not None, f"no focus ring after {key}"
            if key in DIRECTION:
                dx, dy = DIRECTION[key]
                moved = (after["x"] - before["x"]) * dx + (after["y"] - before["y"]) * dy
                assert moved > 0, f"{key} moved the ring from {before} to {after}"
            else:
                assert after["foot"] == ("left" if key == "Home" else "right"), (key, after)
        target = ring(page)
        assert target is not None, "the map has the focus but shows no focus ring"
        page.page.keyboard.press("Enter")
        zone_id, foot = target["zone"], target["foot"]
        page.wait_details(zone_id, foot)
        wait_live(page, said(ui, zone_id, foot))
        if check_address:
            wait_address(page, zone_id, foot)
        assert ring(page) == target, "selecting moved or hid the focus ring"
        selected.append((zone_id, foot))
    assert len(set(selected)) >= 5, selected
    assert {foot for _, foot in selected} == {"left", "right"}, selected
    page.page.keyboard.press("Escape")
    page.wait_empty()
    wait_live(page, ui._("No zone selected."))
    assert ring(page) is None, "Escape left the focus ring on the map"
    return selected


def test_keyboard_only_selects_zones_on_both_feet(server, app_page, ui):
    app_page.open(ui.url(server))
    selected = keyboard_tour(app_page, check_address=True, ui=ui)
    # the page clears the details at once; the address follows when the server has the Escape
    app_page.page.wait_for_function("() => !new URLSearchParams(location.search).has('zone')", timeout=10_000)
    query = parse_qs(app_page.page.evaluate("() => location.search.slice(1)"))
    assert "zone" not in query, f"Escape left {query} in the address"
    # the map keeps the focus throughout: the keys never sent it elsewhere
    assert active(app_page)["label"] == ui._(MAP_NAME), selected


def test_keyboard_in_the_offline_export(offline, export):  # noqa: F811
    keyboard_tour(offline(export), check_address=False)


def test_skip_links_move_the_focus_and_the_sections_open_from_the_keyboard(server, app_page, ui):
    app_page.open(ui.url(server))
    app_page.page.keyboard.press("Tab")
    assert active(app_page)["text"] == ui._("Skip to the map")
    app_page.page.keyboard.press("Enter")
    assert active(app_page)["label"] == ui._(MAP_NAME)
    assert ring(app_page) is not None, "a keyboard user skipping to the map sees no focus ring"

    # the next Tab from the first link (the page's first stop, as seen above) reaches the second
    app_page.page.get_by_role("link", name=ui._("Skip to the map")).focus()
    app_page.page.keyboard.press("Tab")
    assert active(app_page)["text"] == ui._("Skip to the zone details")
    app_page.page.keyboard.press("Enter")
    now = active(app_page)
    assert now is not None and now["testid"] == "details-view" and now["label"] == ui._("Zone details"), now

    # a section's name takes the focus; Enter or Space opens it (built then, on its first opening)
    page = app_page.page
    page.locator(".bk-tab", has_text=ui._("Quiz")).first.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name=ui._("Start a round")).wait_for(timeout=15_000)
    assert page.locator(".bk-tab.bk-active").first.inner_text() == ui._("Quiz")
    page.locator(".bk-tab", has_text=ui._("Safety")).first.focus()
    page.keyboard.press(" ")
    expect(page.locator(".bk-tab.bk-active").first).to_have_text(ui._("Safety"), timeout=15_000)
    assert page.get_by_role("button", name=ui._("Start a round")).is_hidden()


def choose_from_the_list(page, check_address: bool, ui: UiLang = ENGLISH) -> None:
    chart = ui.chart
    summary = page.page.locator("[data-testid=zone-list] summary")
    assert summary.inner_text() == ui._(SUMMARY)
    summary.focus()
    page.page.keyboard.press("Enter")
    buttons = page.page.locator("[data-testid=zone-list] button")
    assert buttons.count() == len(chart.zones)
    for zone_id, foot in (("liver", "right"), ("heart", "left"), ("pituitary", "left")):
        button = page.page.locator(
            f'[data-testid=zone-list] button[data-zone="{zone_id}"][data-foot="{foot}"]'
        )
        assert button.inner_text() == chart.zone(zone_id, foot=foot).name
        button.focus()
        page.page.keyboard.press("Enter")
        page.wait_details(zone_id, foot)
        wait_live(page, said(ui, zone_id, foot))
        if check_address:
            wait_address(page, zone_id, foot)


def test_the_zone_list_selects_like_a_click(server, app_page, chart, ui):
    app_page.open(ui.url(server))
    choose_from_the_list(app_page, check_address=True, ui=ui)
    app_page.shot(f"zone-list-{ui.code}.png")
    # the pituitary was chosen, not a point: the brain's zone under it is not offered, as it is
    # after a click there
    offered = app_page.page.locator("[data-testid=also-here] button")
    assert offered.all_inner_texts() == [], "the list's choice offered the zone under it"
    app_page.click_zone(chart, "pituitary", "left")
    offered.first.wait_for(timeout=5_000)


def test_the_zone_list_in_the_offline_export(offline, export):  # noqa: F811
    choose_from_the_list(offline(export), check_address=False)


FOCUS_SAID_JS = """() => { const walk = (r) => { for (const el of r.querySelectorAll('*')) {
    if (el.hasAttribute('data-rm-map-focus')) return el.textContent;
    if (el.shadowRoot) { const t = walk(el.shadowRoot); if (t !== null) return t; } } return null; };
  return walk(document); }"""


def test_every_way_of_selecting_is_announced(server, app_page, chart, ui):
    app_page.open(ui.url(server))
    assert live_text(app_page) == "", "the page announced something before anything was selected"
    app_page.click_zone(chart, "heart", "left")
    wait_live(app_page, said(ui, "heart", "left"))
    placeholder = ui._("liver, headache, lower back...")
    box = app_page.page.get_by_placeholder(placeholder)
    box.click()
    box.press_sequentially(LOWER_BACK[ui.code], delay=20)
    option = f"{ui.name('lumbar-spine', 'left')} - {ui.foot('left')}"
    listbox = app_page.page.locator("select").filter(has_text=option)
    listbox.select_option(label=f"{option}, {ui._('Sole').lower()}")
    wait_live(app_page, said(ui, "lumbar-spine", "left"))
    app_page.page.get_by_placeholder(placeholder).fill("")
    app_page.click_display(0.0, 130.0)  # between the feet
    wait_live(app_page, ui._("No zone selected."))
    # opened from a link: see test_the_keys_start_at_the_selected_zone_then_a_click_is_announced


def test_a_quiz_by_keyboard_gives_no_names_away(server, app_page, ui):
    page = app_page
    page.open(ui.url(server + "?tab=Quiz"))
    page.page.get_by_role("button", name=ui._("Start a round")).click()
    question = page.page.locator("[data-testid=question]")
    question.wait_for(timeout=10_000)
    assert not page.page.locator("[data-testid=zone-list]").is_visible(), "the zone list answers the quiz"
    # from the quiz's buttons, back up by the skip link
    page.page.get_by_role("link", name=ui._("Skip to the map")).focus()
    page.page.keyboard.press("Enter")
    assert active(page)["label"] == ui._(MAP_NAME)
    names = set(ui.chart.zones["name"]) | {n.split(" (")[0] for n in ui.chart.zones["name"]}
    for key in ("ArrowDown", "ArrowRight", "ArrowDown"):
        page.page.keyboard.press(key)
        said = page.page.evaluate(FOCUS_SAID_JS)
        assert said and not any(name in said for name in names), f"the map said {said!r} during a quiz"
        assert ring(page) is not None
    page.page.keyboard.press("Enter")  # answers the question, as a click would
    feedback = page.page.locator("[data-testid=feedback]")
    feedback.wait_for(timeout=10_000)
    assert feedback.get_attribute("data-correct") in ("true", "false")
    assert live_text(page) == "", "the live region named a zone during the quiz"


def test_a_click_on_the_map_leaves_the_lesson_keys_alone(server, app_page, chart):
    # A teacher who came to the map by keyboard clicks a zone, then steps through the lesson with
    # the arrows: after the click the arrows are the lesson's again.
    app_page.open(server + "?present=1&lesson=liver.right,heart.left")
    app_page.page.get_by_role("link", name="Skip to the map").focus()
    app_page.page.keyboard.press("Enter")
    assert ring(app_page) is not None
    app_page.click_zone(chart, "kidney", "left")
    app_page.wait_details("kidney", "left")
    assert ring(app_page) is None
    app_page.page.keyboard.press("ArrowRight")
    app_page.wait_details("liver", "right")
    assert ring(app_page) is None
    # the keyboard's way in gives the map the arrows again
    app_page.page.get_by_role("link", name="Skip to the map").focus()
    app_page.page.keyboard.press("Enter")
    before = ring(app_page)
    assert before is not None
    app_page.page.keyboard.press("ArrowDown")
    after = ring(app_page)
    assert after["y"] < before["y"]
    app_page.page.keyboard.press("Enter")
    app_page.wait_details(after["zone"], after["foot"])


def test_keys_on_the_maps_toolbar_are_the_toolbars_and_the_map_shows_ring_and_selection(
    server, app_page, chart
):
    # Bokeh's toolbar buttons sit inside the map's element: Tab from the map reaches them without
    # the map losing the focus, and Enter there must press the button, not select a zone
    app_page.open(server)
    tab_to_map(app_page)
    assert ring(app_page) is not None
    app_page.page.keyboard.press("Tab")
    now = active(app_page)
    assert now is None or now["label"] != MAP_NAME
    assert ring(app_page) is None, "the focus ring stayed on the map after Tab"
    app_page.page.keyboard.press("Enter")
    # a key that selects marks the details pending as it is pressed, and shows the zone at once
    settle(app_page.page)
    assert app_page.page.locator("[data-testid=details-view][data-pending]").count() == 0
    assert app_page.page.locator("[data-testid=details]").count() == 0, "Enter on the toolbar selected a zone"
    assert live_text(app_page) == ""

    # back on the map (by its skip link), on the same page: the focus ring and the selection
    # are both seen
    assert skip_to_map(app_page) is not None
    for key in ("ArrowDown", "ArrowDown", "ArrowRight"):
        app_page.page.keyboard.press(key)
    chosen = ring(app_page)
    app_page.page.keyboard.press("Enter")
    app_page.wait_details(chosen["zone"], chosen["foot"])
    app_page.page.keyboard.press("ArrowDown")
    focused = ring(app_page)
    assert focused is not None and (focused["zone"], focused["foot"]) != (chosen["zone"], chosen["foot"])
    # the selection keeps its own outline while the ring is elsewhere
    assert app_page.zone_style()[(chosen["zone"], chosen["foot"])]["line_color"] == SELECTED_LINE
    app_page.shot("keyboard-focus-ring.png")


def test_the_keys_skip_zones_the_filters_hide(server, app_page, ui):
    app_page.open(ui.url(server))
    group = app_page.page.get_by_role("group", name=ui._("Foot"))
    group.get_by_role("button", name=ui._("Left"), exact=True).click()
    app_page.page.wait_for_function(ONLY_FOOT_SHOWN_JS, arg="left")  # the server has the filter
    app_page.page.get_by_role("link", name=ui._("Skip to the map")).focus()
    app_page.page.keyboard.press("Enter")
    seen = [ring(app_page)]
    for key in ("End", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowDown", "ArrowRight", "ArrowRight"):
        app_page.page.keyboard.press(key)
        seen.append(ring(app_page))
    assert all(s is not None and s["foot"] == "left" for s in seen), seen
    assert len({s["zone"] for s in seen}) >= 3, seen
    none_right = ui._("The filters show no zone on the right foot.")
    assert app_page.page.evaluate(FOCUS_SAID_JS) != none_right
    app_page.page.keyboard.press("End")
    assert app_page.page.evaluate(FOCUS_SAID_JS) == none_right


def skip_to_map(page, ui: UiLang = ENGLISH) -> dict | None:
    page.page.get_by_role("link", name=ui._("Skip to the map")).focus()
    page.page.keyboard.press("Enter")
    return ring(page)


def test_the_keys_start_at_the_selected_zone_then_a_click_is_announced(server, app_page, chart, ui):
    app_page.open(ui.url(server + "?zone=liver&foot=right"))
    app_page.wait_details("liver", "right")
    assert (skip_to_map(app_page, ui) or {}).get("zone") == "liver"
    # opened from a link: the zone is on screen; the live region speaks of the next change
    app_page.click_zone(chart, "heart", "left")
    app_page.wait_details("heart", "left")
    wait_live(app_page, said(ui, "heart", "left"))
    start = skip_to_map(app_page, ui)
    assert (start["zone"], start["foot"]) == ("heart", "left")


def test_the_export_keys_start_at_the_selected_zone(offline, export, chart):  # noqa: F811
    page = offline(export)
    page.click_zone(chart, "kidney", "right")
    page.wait_details("kidney", "right")
    start = skip_to_map(page)
    assert (start["zone"], start["foot"]) == ("kidney", "right")


# whether the map draws the zone names (the label set the switch shows and hides)
NAMES_DRAWN_JS = """() => { for (const doc of Bokeh.documents) for (const m of doc._all_models.values())
    if (m.type === 'LabelSet' && m.source.data.label) return m.visible; return null; }"""


LABELS_ID_JS = NAMES_DRAWN_JS.replace("return m.visible", "return m.id")


def patches(frames: list) -> list[list[dict]]:
    """The events of each document patch among a page's received websocket frames."""
    found = []
    for frame in frames:
        if isinstance(frame, str) and frame.startswith('{"events"'):
            found.append(json.loads(frame)["events"])
    return found


def changed(events: list[dict], model_id: str | None, attr: str):
    """The new value one patch's events give ``attr`` (of ``model_id``, or of any model), else None."""
    for event in events:
        if event.get("attr") == attr and model_id in (None, event.get("model", {}).get("id")):
            return event["new"]
    return None


@pytest.mark.parametrize("present", [False, True])
def test_names_off_hides_names_only_from_a_presenting_teachers_class(server, app_page, present, ui):
    # In Explore names off only tidies the map: the keys and the live region still name the zone.
    # A teacher presenting with names off asks the class, so neither may give the name away.
    received: list = []
    app_page.page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(frame)))
    app_page.open(ui.url(server + ("?present=1" if present else "")))
    if present:  # the teacher's key; the switches are not on a projected page
        app_page.page.locator("[data-testid=key-hint]").wait_for(timeout=10_000)
        app_page.page.mouse.click(5, 5)  # focus the page, outside any field
        app_page.page.keyboard.press("l")
    else:
        app_page.page.get_by_label(ui._("Show zone names")).uncheck()
    # the server has the switch (the map hides its names) before the keys move
    app_page.page.wait_for_function(f"() => ({NAMES_DRAWN_JS})() === false", timeout=10_000)
    # ...in the very message that tells the keys: sent apart, the second could arrive late (the
    # socket busy) and a key pressed in between said the hidden name
    labels_id = app_page.page.evaluate(LABELS_ID_JS)
    [hiding] = [events for events in patches(received) if changed(events, labels_id, "visible") is False]
    assert changed(hiding, None, "named") is (False if present else None)
    skip_to_map(app_page, ui)
    target = ring(app_page)
    assert target is not None
    name = ui.name(target["zone"], target["foot"])
    focus_said = app_page.page.evaluate(FOCUS_SAID_JS)
    assert (name in focus_said) != present, f"the map said {focus_said!r}"
    app_page.page.keyboard.press("Enter")
    if present:
        hidden = f"A zone on the {target['foot']} foot is selected; its name is hidden."
        wait_live(app_page, ui._(hidden))
    else:
        wait_live(app_page, said(ui, target["zone"], target["foot"]))
