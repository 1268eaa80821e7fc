"""The offline export's four views in a real browser: the view buttons, a click on a side zone, a
search result on another view, the keyboard, a phone, and axe on a side view.

One page serves several checks in a row (they do not interfere), as the suite must stay quick.
"""

from __future__ import annotations

import json

import pytest

from reflexmap import load_map
from reflexmap.export.html import PLACEHOLDER, view_tag
from reflexmap.geometry import display_x
from reflexmap.web.figure import MATCH_LINE, SELECTED_LINE

from .conftest import phone, settle
from .test_accessibility import blocking_violations
from .test_export_html import OfflinePage, export, offline  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

# Viewport pixels of a display-space point on the map tagged ``tag`` (hidden maps are skipped by
# the tests' own helpers, which take the first map on the page).
TO_PIXELS_JS = """([tag, x, y]) => {
  function* walk(v) { yield v; for (const c of (v.child_views ?? [])) yield* walk(c); }
  for (const root of Bokeh.index.roots ?? Object.values(Bokeh.index))
    for (const v of walk(root))
      if (v.frame && v.canvas_view && (v.model.tags ?? []).includes(tag)) {
        const r = v.canvas_view.el.getBoundingClientRect();
        if (!r.width) return null;  // not shown
        return [r.left + v.frame.x_scale.compute(x), r.top + v.frame.y_scale.compute(y)];
      }
  return null;
}"""

# line colour per (zone_id, foot) on the map tagged ``tag``
STYLE_JS = """(tag) => {
  for (const doc of Bokeh.documents) for (const m of doc._all_models.values())
    if (m.renderers && (m.tags ?? []).includes(tag)) {
      const d = m.renderers.find((r) => r.name === "reflexmap-zones").data_source.data;
      return d.zone_id.map((z, i) => [z, d.foot[i], d.line_color[i]]);
    }
  return null;
}"""


def click_zone_on(page: OfflinePage, chart, view: str, zone_id: str, foot: str) -> None:
    part = chart.for_view(view)
    inside = part.inner_point(zone_id, foot)
    x = float(display_x(foot, part.outline(foot), inside.x, view=view))
    point = page.page.evaluate(TO_PIXELS_JS, [view_tag(view), x, inside.y])
    assert point is not None, f"the {view} map is not shown"
    page.page.mouse.click(*point)


def styles_on(page: OfflinePage, view: str) -> dict[tuple[str, str], str]:
    return {(z, f): c for z, f, c in page.page.evaluate(STYLE_JS, view_tag(view))}


def pressed(page: OfflinePage) -> list[str]:
    buttons = page.page.locator("[data-testid=views] button[aria-pressed=true]")
    return [buttons.nth(i).get_attribute("data-view") for i in range(buttons.count())]


@pytest.fixture(scope="module")
def chart():
    """The default chart with its four views (the shared fixture is the soles alone)."""
    return load_map()


def test_views_click_search_and_keyboard(offline, export, chart):  # noqa: F811
    page = offline(export)
    assert pressed(page) == ["plantar"]
    for view, name in (("dorsal", "Top"), ("medial", "Inner side"), ("lateral", "Outer side")):
        page.page.get_by_role("button", name=name, exact=True).click()
        settle(page.page)  # the click is answered in the page itself
        assert pressed(page) == [view]
        page.shot(f"export-view-{view}.png")

    # a real inner-side zone, clicked on the inner-side map
    page.page.get_by_role("button", name="Inner side", exact=True).click()
    settle(page.page)
    click_zone_on(page, chart, "medial", "uterus-prostate", "left")
    details = page.wait_details("uterus-prostate", "left")
    zone = chart.zone("uterus-prostate", "left", view="medial")
    assert zone.name in details.inner_text() and zone.technique.how in details.inner_text()
    assert styles_on(page, "medial")[("uterus-prostate", "left")] == SELECTED_LINE
    assert SELECTED_LINE not in styles_on(page, "plantar").values()  # one selection on the page

    # a search lists the sides' zones too; one on a hidden view shows that view and selects it
    page.page.get_by_role("button", name="Sole", exact=True).click()
    box = page.page.get_by_placeholder(PLACEHOLDER)
    box.fill("knee")
    page.page.get_by_text('for "knee"').wait_for(timeout=10_000)
    found = chart.find("knee", view=None)
    assert "lateral" in set(found["view"])
    assert SELECTED_LINE not in styles_on(page, "lateral").values()
    assert styles_on(page, "lateral")[("knee-leg", "right")] == MATCH_LINE
    page.page.get_by_role("button", name="Knee and leg - Right foot, outer side").click()
    page.wait_details("knee-leg", "right")
    assert pressed(page) == ["lateral"]
    assert styles_on(page, "lateral")[("knee-leg", "right")] == SELECTED_LINE
    page.shot("export-view-search-knee.png")

    # the view buttons by keyboard: Tab reaches them, Enter and Space press them
    top = page.page.get_by_role("button", name="Top", exact=True)
    top.focus()
    page.page.keyboard.press("Enter")
    settle(page.page)
    assert pressed(page) == ["dorsal"]
    page.page.keyboard.press("Shift+Tab")
    page.page.keyboard.press("Space")
    settle(page.page)
    assert pressed(page) == ["plantar"]


def test_a_side_view_on_a_phone_and_axe(playwright, browser, export, chart):  # noqa: F811
    context = browser.new_context(**phone(playwright))
    try:
        page = OfflinePage(context)
        page.page.goto(export.as_uri())
        page.page.wait_for_selector("canvas", timeout=30_000)
        page.page.get_by_role("button", name="Outer side", exact=True).click()
        settle(page.page)
        width = page.page.viewport_size["width"]
        assert page.page.evaluate("document.documentElement.scrollWidth") <= width
        buttons = page.page.locator("[data-testid=views] button")
        assert buttons.count() == 4 and all(buttons.nth(i).bounding_box()["width"] > 40 for i in range(4))
        page.page.evaluate("window.scrollTo(0, 0)")
        click_zone_on(page, chart, "lateral", "ovary-testis", "right")
        page.wait_details("ovary-testis", "right")
        page.shot("export-view-lateral-pixel7.png")
        found = blocking_violations(page.page)
        assert not found, f"axe, offline export, outer side: {json.dumps(found, indent=1)}"
        assert page.network == []
    finally:
        context.close()
