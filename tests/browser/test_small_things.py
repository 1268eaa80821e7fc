"""Small things a user hits: names off, the numbered bands, a click on a hidden zone, a mistyped
link and a mistyped search, in the served app."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reflexmap.testing import zone_display_point
from reflexmap.web.figure import ZONE_STYLES

from .conftest import ARTIFACTS, settle

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


def test_names_off_while_presenting_withholds_hover(app_page, server, chart):
    page = app_page
    page.open(server + "?present=1")
    page.page.mouse.click(5, 5)  # focus the page, outside any field
    page.page.keyboard.press("l")  # names off, as a teacher does
    page.click_zone(chart, "liver", "right")
    page.page.locator("[data-testid=details-hidden]").wait_for(timeout=10_000)
    tooltip = _hover(page, chart, "gallbladder", "right")
    settle(page.page)  # Bokeh's hover shows its tooltip as it handles the move: drawn by now
    assert tooltip.count() == 0, "hover named a zone the teacher is asking about"
    # with all names revealed the same hover names it (so the check above could have seen one)
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


def test_a_filtered_zone_says_why_then_names_off_keep_hover_and_details(app_page, server, ui):
    # one page: the filter shown and lifted, then the names switched off on the page it left
    page, chart = app_page, ui.chart
    page.open(ui.url(server))
    systems = page.page.get_by_label(ui._("Body system"))
    systems.select_option(ui._("Nervous"))
    # the server has the filter when the map greys out the zones it hides
    hidden = ZONE_STYLES["hidden"][2]
    page.wait_line_color("liver", "right", hidden)
    page.click_zone(chart, "liver", "right")
    message = page.page.locator("[data-testid=message]")
    message.wait_for(timeout=10_000)
    liver = ui.name("liver", "right")
    hidden_by = ui._("the {system} filter", system=ui._("Nervous"))
    assert message.inner_text() == ui._("{zone} is hidden by {filters}.", zone=liver, filters=hidden_by)
    page.wait_empty()
    page.shot(f"hidden-by-filter-{ui.code}.png")
    page.page.get_by_role("button", name=ui._("Show {zone}", zone=liver)).click()
    page.wait_details("liver", "right")
    message.wait_for(state="detached", timeout=10_000)
    expect(systems).to_have_value(ui._("All body systems"))
    page.page.wait_for_function("() => location.search.includes('zone=liver')")

    # names off in Explore: hover and clicks still name a zone
    page.page.get_by_role("checkbox", name=ui._("Show zone names")).click()
    page.page.wait_for_function(
        "() => [...Bokeh.documents[0]._all_models.values()].some((m) => m.type === 'LabelSet'"
        " && m.text?.field === 'label' && !m.visible)"
    )
    tooltip = _hover(page, chart, "gallbladder", "right")
    tooltip.first.wait_for(timeout=10_000)
    assert ui.foot("right") in tooltip.first.inner_text()
    page.page.screenshot(path=ARTIFACTS / f"names-off-hover-{ui.code}.png")
    # the heart first: the liver is still selected from the filter's "Show"
    page.click_zone(chart, "heart", "left")
    page.wait_details("heart", "left")
    page.click_zone(chart, "liver", "right")
    page.wait_details("liver", "right")
    assert page.page.locator("[data-testid=details-hidden]").count() == 0
    page.shot(f"names-off-details-{ui.code}.png")


# misspelt names as a person types them, with the zone each is read as
TYPOS = {
    "en": (("kindey", "kidney"), ("hart", "heart")),
    "ru": (("почька", "kidney"), ("сердсе", "heart")),
}


def test_a_mistyped_link_and_mistyped_searches_find_their_zones(app_page, server, ui):
    # one page: the link's offer, then the search box on the page it led to
    page = app_page
    page.open(ui.url(server + "?zone=livr"))
    message = page.page.locator("[data-testid=message]")
    message.wait_for(timeout=10_000)
    assert message.inner_text() == ui._('There is no zone "{asked}".', asked="livr")
    # the zone's English id finds it, and the offer names it in the page's language
    offer = page.page.get_by_role("button", name=ui._("Did you mean {zone}?", zone=ui.name("liver", "right")))
    assert offer.is_visible()
    page.shot(f"no-such-zone-{ui.code}.png")
    offer.click()
    page.wait_details("liver", "right")
    page.page.wait_for_function("() => location.search.includes('zone=liver')")

    box = page.page.get_by_placeholder(ui._(SEARCH))
    for typo, zone_id in TYPOS[ui.code]:
        name = ui.name(zone_id, "left")
        box.fill("")
        box.press_sequentially(typo, delay=20)
        read_as = ui._(' (read as "{spelling}")', spelling=name.lower())
        found = len(ui.whole.find(typo, view=None))
        said = ui.n_(
            '{count} match for "{query}"{read}, highlighted in orange.',
            '{count} matches for "{query}"{read}, highlighted in orange.',
            found,
            count=found,
            query=typo,
            read=read_as,
        )
        page.page.get_by_text(said).wait_for(timeout=10_000)
        option = f"{name} - {ui.foot('left')}"
        page.page.locator("select option", has_text=option).first.wait_for(state="attached", timeout=10_000)
    page.shot(f"search-typo-{ui.code}.png")
