"""The top and side views in the browser (issue 13): a ?view= link, a click on a side zone, the
switcher by keyboard, search across views, axe on a side view, and a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reflexmap import load_map
from reflexmap.testing import zone_display_point

from .conftest import settle
from .test_accessibility import blocking_violations
from .test_keyboard import ACTIVE_JS
from .test_phone import phone  # noqa: F401  (fixture)
from .ui_lang import UiLang

pytestmark = pytest.mark.browser
ENGLISH = UiLang("en")


@pytest.fixture(scope="module")
def views():
    whole = load_map()
    return {view: whole.for_view(view) for view in whole.views}


def search(page) -> str:
    return page.page.evaluate("() => location.search")


def drawn_zones(page) -> set[str]:
    return {zone for zone, _foot in page.zone_style()}


# each view's heading above the map (English msgids)
TITLES = {
    "plantar": "The soles",
    "dorsal": "The tops of the feet",
    "medial": "The inner sides of the feet",
    "lateral": "The outer sides of the feet",
}
# a word for the tailbone in each language: its zone is drawn on the inner side
TAILBONE = {"en": "tailbone", "ru": "копчик"}


def wait_view(page, view: str, ui: UiLang = ENGLISH) -> None:
    """The map, the heading (in ``ui``'s language) and the address all show ``view``."""
    title = page.page.locator("[data-testid=view-title]")
    expect(title).to_have_text(ui._(TITLES[view]), timeout=15_000)
    page.page.wait_for_function(f"() => location.search.includes('view={view}') || '{view}' === 'plantar'")
    page.page.wait_for_function(
        """(view) => {
          for (const doc of Bokeh.documents) for (const m of doc._all_models.values())
            if ((m.tags ?? []).includes(view)) return true;
          return false; }""",
        arg=view,
    )


def test_a_side_view_by_link_click_keys_and_search(server, app_page, views, ui):
    page = app_page
    medial, dorsal = views["medial"], views["dorsal"]
    page.open(ui.url(server + "?view=medial"))
    wait_view(page, "medial", ui)
    assert drawn_zones(page) == set(medial.zones["zone_id"])

    # a real medial zone, clicked where the map draws it, read in the details
    page.click_zone(medial, "coccyx", "left")
    details = page.wait_details("coccyx", "left")
    assert details.get_attribute("data-view") == "medial"
    expect(details).to_contain_text(ui._("Inner side"))
    expect(details).to_contain_text(ui.whole.for_view("medial").zone("coccyx", "left").name)
    page.page.wait_for_function("() => location.search.includes('zone=coccyx')")
    assert "view=medial" in search(page)
    page.shot(f"views-medial-selected-{ui.code}.png")

    # axe on a side view, with a zone selected
    assert blocking_violations(page.page) == []

    # the switcher by keyboard: from the map just clicked, Shift+Tab reaches the chosen view (the
    # one stop of the group), an arrow key chooses the next
    for _ in range(20):
        page.page.keyboard.press("Shift+Tab")
        now = page.page.evaluate(ACTIVE_JS)
        if now and now["role"] == "radio":
            break
    else:
        raise AssertionError("Tab never reached the view switcher")
    assert ui._("Inner side") in now["text"]
    page.page.keyboard.press("ArrowRight")
    wait_view(page, "lateral", ui)
    page.page.keyboard.press("ArrowLeft")
    page.page.keyboard.press("ArrowLeft")
    wait_view(page, "dorsal", ui)
    assert drawn_zones(page) == set(dorsal.zones["zone_id"])
    page.wait_empty()  # the coccyx is not on the top of the foot: nothing stays selected

    # a tap on the top of the foot hits the zone drawn there
    page.click_zone(dorsal, "teeth", "right")
    page.wait_details("teeth", "right")
    settle(page.page)  # the map repainted with the selection, for the picture
    page.shot(f"views-dorsal-selected-{ui.code}.png")

    # search finds the zones of every view; the switcher counts the matches of each
    query = TAILBONE[ui.code]
    page.page.get_by_label(ui._("Search zones and the handbook")).fill(query)
    switch = page.page.locator("[data-testid=view-switch]")
    found = ui.whole.find(query, view=None)
    count = found[found["view"] == "medial"]["zone_id"].nunique()  # zones, whichever foot
    badge = ui.n_("{count} match", "{count} matches", count, count=count)
    expect(switch.locator("button[data-view=medial] .rm-badge")).to_have_text(badge)
    inner = ui._("Inner side").lower()
    results = page.page.locator("select").filter(has=page.page.locator("option", has_text=inner))
    option = results.locator("option", has_text=f"{ui.foot('left')}, {inner}").first
    results.select_option(option.get_attribute("value"))
    page.wait_details("coccyx", "left")
    wait_view(page, "medial", ui)


def test_a_phone_shows_one_view_and_the_switcher(phone, views):  # noqa: F811
    page = phone(query="?view=lateral")
    lateral = views["lateral"]
    assert page.page.evaluate("() => [innerWidth, document.documentElement.scrollWidth]") == [412, 412]
    buttons = page.page.locator("[data-testid=view-switch] button")
    expect(buttons).to_have_count(4)
    for i in range(4):  # in reach of a finger, with no drawing (one view at a time: the map's)
        box = buttons.nth(i).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
        assert not buttons.nth(i).locator("svg").is_visible()
    zone_id = next(z for z in lateral.zones["zone_id"] if z == "hip")
    page.tap_display(*zone_display_point(lateral, zone_id, "right"))
    page.wait_details(zone_id, "right")
    page.shot("views-phone-lateral.png")
    page.page.locator("[data-testid=view-switch] button[data-view=dorsal]").tap()
    wait_view(page, "dorsal")
    assert page.page.evaluate("() => document.documentElement.scrollWidth") == 412
