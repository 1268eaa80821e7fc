"""The page answers a tap itself, at once, and the server's answer agrees with it.

The browser finds the zone under a tap from the polygons it already has (reflexmap.web.tap_js)
and shows that zone's details before the server has replied; these tests hold the server's replies
back to see that, then let them through and check the server said the same.
"""

from __future__ import annotations

import json
import random
import re

import pytest

from reflexmap.geometry import display_to_chart_x, foot_at_display_x
from reflexmap.testing import zone_display_point
from reflexmap.web.figure import PAIR_LINE, SELECTED_LINE
from reflexmap.web.tap_js import WATCH_TAPS_JS, ZONES_RENDERER, hit_index

from .conftest import (
    ONLY_FOOT_SHOWN_JS,
    RECORD_MAP_WITH_DETAILS_JS,
    check_zones_shown_again,
    settle,
    wait_until,
)

pytestmark = pytest.mark.browser

PENDING = "[data-testid=details-view][data-pending]"

# rmHits, as the page has it, over the page's own zone source
HITS_JS = (
    "([index, points]) => {"
    + WATCH_TAPS_JS
    + f"""
  for (const doc of Bokeh.documents)
    for (const m of doc._all_models.values())
      if (m.type === 'GlyphRenderer' && m.name === '{ZONES_RENDERER}') {{
        const data = m.data_source.data;
        return points.map(([x, y]) => rmHits(data, index, x, y).map((i) => data.zone_id[i]));
      }}
  return null;
}}"""
)


class HeldReplies:
    """Routes the page's websocket through Playwright; while ``held``, the server's messages wait."""

    def __init__(self, page):
        self.held = False
        self.queue: list = []
        self.seen: list = []  # every message from the server, held or not
        self.route = None
        page.route_web_socket(re.compile(r".*/ws(\?.*)?$"), self._connect)

    def _connect(self, ws) -> None:
        self.route = ws
        server = ws.connect_to_server()
        server.on_message(self._from_server)

    def _from_server(self, message) -> None:
        self.seen.append(message)
        if self.held:
            self.queue.append(message)
        else:
            self.route.send(message)

    def release(self) -> None:
        # still held while flushing, so replies that arrive meanwhile queue up behind, in order
        while self.queue:
            self.route.send(self.queue.pop(0))
        self.held = False


def patches(messages: list) -> list[list[dict]]:
    """The events of each document patch among the server's websocket messages."""
    return [json.loads(m)["events"] for m in messages if isinstance(m, str) and m.startswith('{"events"')]


def model_zone_ids(chart, x: float, y: float) -> list[str]:
    """What the server does with a tap at display (x, y): ZoneMap.locate on that foot."""
    foot = foot_at_display_x(x)
    if foot not in chart.feet:
        return []
    chart_x = float(display_to_chart_x(foot, chart.outline(foot), x))
    return chart.locate_chart(foot, [chart_x], [y])[0]


def test_the_pages_hit_test_agrees_with_the_model_and_zones_shown_again_are_whole(app_page, server, chart):
    app_page.open(server)
    keys = list(zip(chart.zones["zone_id"], chart.zones["foot"], strict=True))
    inner = [zone_display_point(chart, z, f) for z, f in keys]
    rng = random.Random(7)
    scattered = [(rng.uniform(-140, 140), rng.uniform(-5, 280)) for _ in range(600)]
    got = app_page.page.evaluate(HITS_JS, [hit_index(chart), inner + scattered])
    assert got is not None, "no zone renderer in the page"
    # a zone's own inner point may sit on a neighbour's edge, which the model counts as inside
    # and the page's ray casting may not: the zone itself must come first either way
    for (zone_id, _foot), hits in zip(keys, got[: len(inner)], strict=True):
        assert hits[:1] == [zone_id]
    expected = [model_zone_ids(chart, x, y) for x, y in scattered]
    found = got[len(inner) :]
    mismatches = [(p, g, e) for p, g, e in zip(scattered, found, expected, strict=True) if g != e]
    assert not mismatches, f"{len(mismatches)} points differ, e.g. {mismatches[:3]}"
    assert sum(1 for e in expected if e) > 200  # many of the random points landed on zones
    # the hit test only read the page: the same page, clicked
    check_zones_shown_again(app_page, chart)


@pytest.fixture
def held(app_page, server):
    """The dashboard open in a page whose websocket replies can be held back: (page, replies)."""
    replies = HeldReplies(app_page.page)
    app_page.open(server)
    return app_page, replies


def test_details_and_the_maps_highlight_show_before_the_server_answers(held, chart):
    page, replies = held
    assert chart.has_zone("kidney", "right")  # the pair the map outlines with the tapped zone
    page.page.evaluate(RECORD_MAP_WITH_DETAILS_JS, ["kidney|left", "kidney|right", "liver|right"])
    replies.held = True
    before = len(replies.seen)
    page.click_zone(chart, "kidney", "left")
    early = page.page.locator(f'{PENDING} [data-testid=details][data-zone="kidney"][data-foot="left"]')
    early.wait_for(timeout=5_000)
    shown_early = early.inner_html()
    assert "How to work it" in shown_early
    # the page drew the selection in the task that showed the details: the same frame has both
    with_details = page.page.evaluate("() => window.__mapWithDetails")
    assert with_details["kidney|left"] == SELECTED_LINE
    assert with_details["kidney|right"] == PAIR_LINE
    assert with_details["liver|right"] not in (SELECTED_LINE, PAIR_LINE)
    drawn_early = page.zone_style()
    replies.release()
    settled = page.wait_details("kidney", "left")
    assert settled.inner_html() == shown_early
    # the map's restyle and the details' answer are one message: drawn together
    answers = [
        events for events in patches(replies.seen[before:]) if any(e.get("attr") == "shown" for e in events)
    ]
    assert [any(e["kind"] == "ColumnsPatched" for e in events) for events in answers] == [True]
    # the server's restyle agrees with what the page drew, zone for zone, once it is drawn
    wait_until(lambda: page.zone_style() == drawn_early, "the server's restyle differs from the page's")


RECORD_SHOWN_JS = """() => {
          window.__shown = [];
          const find = (root) => root.querySelector('[data-testid=details-view]')
            ?? [...root.querySelectorAll('*')].map((e) => e.shadowRoot && find(e.shadowRoot))
                 .find(Boolean);
          const box = find(document);
          new MutationObserver(() => {
            const d = box.querySelector('[data-zone]');
            window.__shown.push(d ? d.dataset.zone + '|' + d.dataset.foot : 'none');
          }).observe(box, {childList: true});
        }"""


def check_late_answer_stays_away(held, first: str, then, second: str) -> None:
    """Show ``first`` (left foot) by a tap while the server's replies are held, then ``second`` by
    ``then(page)``; once the replies arrive, the details never go back to ``first``."""
    page, replies = held
    page.page.evaluate(RECORD_SHOWN_JS)  # every zone the details box shows from now on, in order
    replies.held = True
    then(page)
    page.page.locator(f'{PENDING} [data-testid=details][data-zone="{second}"]').wait_for(timeout=5_000)
    replies.release()  # the server's answer to the first tap arrives after the second zone was shown
    # the answer to the second tap or pick: the server's answers come in order, so the first's
    # is in by then (the box's observer records as each change is made)
    page.wait_details(second, "left")
    shown = page.page.evaluate("() => window.__shown")
    assert shown[:2] == [f"{first}|left", f"{second}|left"]
    assert f"{first}|left" not in shown[2:], f"an older answer came back: {shown}"
    assert page.zone_style()[(second, "left")]["line_color"] == SELECTED_LINE


def test_a_late_answer_never_shows_an_older_zone(held, chart):
    def tap_kidney_then_heart(page):
        page.click_zone(chart, "kidney", "left")
        page.click_zone(chart, "heart", "left")

    check_late_answer_stays_away(held, "kidney", tap_kidney_then_heart, "heart")


def test_a_filtered_out_zone_is_not_shown_even_for_a_moment(held, chart):
    page, replies = held
    page.click_zone(chart, "kidney", "right")
    page.wait_details("kidney", "right")
    assert page.zone_style()[("kidney", "left")]["line_color"] == PAIR_LINE
    page.page.get_by_role("button", name="Left", exact=True).click()  # only the left foot
    page.page.wait_for_function(ONLY_FOOT_SHOWN_JS, arg="left")  # the server has the filter
    replies.held = True
    page.click_zone(chart, "liver", "right")
    page.page.locator(f"{PENDING} [data-testid=details-empty]").wait_for(timeout=5_000)
    assert page.page.locator('[data-testid=details][data-zone="liver"]').count() == 0
    replies.release()
    page.wait_empty()


RANGES_JS = """() => {
  for (const doc of Bokeh.documents)
    for (const m of doc._all_models.values())
      if (m.x_range && m.y_range && m.renderers) return [m.x_range.start, m.y_range.start];
  return null;
}"""


@pytest.mark.parametrize("where", ["served", "offline"])
def test_a_drag_pans_the_map_and_selects_nothing(app_page, server, chart, tmp_path, where):
    """Bokeh gets a press only once it turns into a drag: its pan tool must still work."""
    from reflexmap.export import write_html

    page = app_page
    if where == "served":
        page.open(server)
    else:
        write_html(chart, tmp_path / "chart.html")
        page.page.goto((tmp_path / "chart.html").as_uri())
        page.page.locator("[data-testid=details-empty]").wait_for(timeout=15_000)
    before = page.page.evaluate(RANGES_JS)
    px, py = page.to_pixels(*zone_display_point(chart, "liver", "right"))
    page.page.mouse.move(px, py)
    page.page.mouse.down()
    for step in range(1, 11):
        page.page.mouse.move(px + 8 * step, py + 3 * step)
    page.page.mouse.up()
    # the pan moves the ranges as the mouse moves; a tap would have marked the details at the release
    page.page.wait_for_function(f"(x0) => ({RANGES_JS})()[0] !== x0", arg=before[0], timeout=5_000)
    after = page.page.evaluate(RANGES_JS)
    assert after[0] < before[0] - 10, f"the map did not pan: {before} -> {after}"
    assert after[1] > before[1] + 3
    assert page.page.locator("[data-testid=details-empty]").count() == 1
    assert page.page.locator("[data-testid=details]").count() == 0
    # and a tap right after the pan still selects
    page.click_zone(chart, "heart", "left")
    heart = page.page.locator('[data-testid=details][data-zone="heart"][data-foot="left"]')
    heart.wait_for(timeout=5_000)


def test_the_also_here_row_is_fitted_on_a_projector(app_page, server, chart):
    # On a projector the details fit the window; the "Also here" row above them moves them down,
    # so they are fitted again with it, on the first tap and on tapping the same zone again.
    app_page.page.set_viewport_size({"width": 1280, "height": 720})
    app_page.open(server + "?present=1")
    for _ in range(2):
        app_page.click_zone(chart, "pituitary", "left")
        app_page.wait_details("pituitary", "left")
        app_page.page.locator("[data-testid=also-here] button").first.wait_for(timeout=5_000)
        settle(app_page.page)  # fitted to the window as the row came; laid out by now
        bottom = app_page.page.locator("[data-testid=details-view]").evaluate(
            "b => b.getBoundingClientRect().top + Math.min(b.scrollHeight, b.clientHeight)"
        )
        assert bottom <= 720, f"the details run {bottom - 720:.0f} px past the window"
        scrolls = app_page.page.evaluate("document.documentElement.scrollHeight")
        assert scrolls <= 722, "the page scrolls"


def test_a_late_answer_to_a_tap_never_covers_the_zone_picked_after_it(held, chart):
    def tap_pituitary_then_pick_brain(page):
        page.click_zone(chart, "pituitary", "left")
        page.page.locator(f'{PENDING} [data-testid=details][data-zone="pituitary"]').wait_for(timeout=5_000)
        page.page.locator("[data-testid=also-here] button", has_text="Brain").click()

    check_late_answer_stays_away(held, "pituitary", tap_pituitary_then_pick_brain, "brain")
