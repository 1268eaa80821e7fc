"""Small things a user hits: names off, the numbered bands, a click on a hidden zone, a mistyped
link and a mistyped search, in the served app."""

from __future__ import annotations

import time

import pytest

from reflexmap.testing import zone_display_point

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

SEARCH = "liver, headache, lower back..."

# The band labels' texts and whether they are drawn, read from the page's Bokeh models.
BANDS_JS = """() => { for (const doc of Bokeh.documents) for (const m of doc._all_models.values())
    if (m.type === 'LabelSet' && m.text?.field === 'text')
      return [m.visible, m.source.data.text, m.source.data.text_x];
  return null; }"""


def _hover(page, chart, zone_id: str, foot: str):
    px, py = page.to_pixels(*zone_display_point(chart, zone_id, foot))
    page.page.mouse.move(px - 8, py)
    page.page.mouse.move(px, py, steps=4)  # Bokeh's hover follows mousemove events
    return page.page.locator(".bk-tooltip-content").filter(has_text=chart.zone(zone_id, foot).name)


def test_names_off_in_explore_keeps_hover_and_details(app_page, server, chart):
    page = app_page
    page.open(server)
    page.page.get_by_role("checkbox", name="Show zone names").click()
    page.page.wait_for_function(
        "() => [...Bokeh.documents[0]._all_models.values()].some((m) => m.type === 'LabelSet'"
        " && m.text?.field === 'label' && !m.visible)"
    )
    tooltip = _hover(page, chart, "gallbladder", "right")
    tooltip.first.wait_for(timeout=10_000)
    assert "Right foot" in tooltip.first.inner_text()
    page.page.screenshot(path=ARTIFACTS / "names-off-hover.png")
    page.click_zone(chart, "liver", "right")
    page.wait_details("liver", "right")
    page.click_zone(chart, "heart", "left")
    page.wait_details("heart", "left")
    assert page.page.locator("[data-testid=details-hidden]").count() == 0
    page.shot("names-off-details.png")


def test_names_off_while_presenting_withholds_hover(app_page, server, chart):
    page = app_page
    page.open(server + "?present=1")
    page.page.mouse.click(5, 5)  # focus the page, outside any field
    page.page.keyboard.press("l")  # names off, as a teacher does
    page.click_zone(chart, "liver", "right")
    page.page.locator("[data-testid=details-hidden]").wait_for(timeout=10_000)
    tooltip = _hover(page, chart, "gallbladder", "right")
    time.sleep(1.0)
    assert tooltip.count() == 0, "hover named a zone the teacher is asking about"
    # with all names revealed the same hover names it (so the wait above was long enough to see one)
    page.page.keyboard.press("a")
    page.wait_details("liver", "right")
    page.page.mouse.move(5, 5)
    _hover(page, chart, "gallbladder", "right").first.wait_for(timeout=10_000)


def test_the_longitudinal_zones_are_five_bands_numbered_1_to_5_on_each_foot(app_page, server):
    page = app_page
    page.open(server)
    assert page.page.evaluate(BANDS_JS)[0] is False
    page.page.get_by_role("checkbox", name="Show the 5 longitudinal zones").click()
    page.page.wait_for_function(f"() => ({BANDS_JS})()[0] === true")
    _, texts, xs = page.page.evaluate(BANDS_JS)
    for side in (lambda x: x < 0, lambda x: x > 0):
        assert sorted(t for t, x in zip(texts, xs, strict=True) if side(x)) == ["1", "2", "3", "4", "5"]
    page.shot("longitudinal-zones.png")


def test_a_click_on_a_filtered_zone_says_why_and_shows_it_on_request(app_page, server, chart):
    page = app_page
    page.open(server)
    page.page.get_by_label("Body system").select_option("Nervous")
    time.sleep(0.5)
    page.click_zone(chart, "liver", "right")
    message = page.page.locator("[data-testid=message]")
    message.wait_for(timeout=10_000)
    assert message.inner_text() == "Liver is hidden by the Nervous filter."
    page.wait_empty()
    page.shot("hidden-by-filter.png")
    page.page.get_by_role("button", name="Show Liver").click()
    page.wait_details("liver", "right")
    message.wait_for(state="detached", timeout=10_000)
    assert page.page.get_by_label("Body system").input_value() == "All body systems"
    page.page.wait_for_function("() => location.search.includes('zone=liver')")


def test_a_link_to_no_zone_suggests_the_nearest(app_page, server):
    page = app_page
    page.open(server + "?zone=livr")
    message = page.page.locator("[data-testid=message]")
    message.wait_for(timeout=10_000)
    assert message.inner_text() == 'There is no zone "livr".'
    offer = page.page.get_by_role("button", name="Did you mean Liver?")
    assert offer.is_visible()
    page.shot("no-such-zone.png")
    offer.click()
    page.wait_details("liver", "right")
    page.page.wait_for_function("() => location.search.includes('zone=liver')")


def test_search_forgives_typos(app_page, server):
    page = app_page
    page.open(server)
    box = page.page.get_by_placeholder(SEARCH)
    for typo, name in (("kindey", "Kidney - Left foot"), ("hart", "Heart - Left foot")):
        box.fill("")
        box.press_sequentially(typo, delay=20)
        page.page.get_by_text(f'for "{typo}" (read as "{name.split()[0].lower()}")').wait_for(timeout=10_000)
        page.page.locator("select option", has_text=name).first.wait_for(state="attached", timeout=10_000)
    page.shot("search-typo.png")
