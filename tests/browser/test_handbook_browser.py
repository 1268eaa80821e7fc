"""From a zone's details into the handbook and back, in the browser."""

from __future__ import annotations

import pytest

from reflexmap.content import handbook

pytestmark = pytest.mark.browser


def test_open_an_entry_from_a_zone_and_come_back(app_page, server, ui):
    book, chart = handbook(ui.code), ui.chart
    zone_id = next(z for e in book.entries for z in e.zones if chart.feet_of(z))
    foot = chart.feet_of(zone_id)[0]
    entry = book.about_zone(zone_id)[0]
    app_page.open(ui.url(server))
    app_page.click_zone(chart, zone_id, foot)
    app_page.wait_details(zone_id, foot)
    app_page.page.get_by_role("button", name=ui._("Handbook: {entry}", entry=entry.title)).click()
    page = app_page.page.locator(f'[data-testid=entry][data-entry="{entry.entry_id}"]')
    page.wait_for(timeout=10_000)
    text = page.inner_text()
    assert entry.title in text and entry.summary[:40] in text
    assert str(entry.sources[0])[:30] in text
    app_page.page.wait_for_function(f"() => location.search.includes('entry={entry.entry_id}')")
    app_page.shot(f"handbook-{entry.entry_id}-{ui.code}.png")
    # back: the entry's zone link selects the zone on the map again
    app_page.click_display(0.0, 130.0)  # clear the selection first
    app_page.wait_empty()
    show = ui._("Show on the map: {zone}", zone=chart.zone(zone_id).name)
    app_page.page.get_by_role("button", name=show).click()
    app_page.wait_details(zone_id, foot)
    app_page.page.get_by_role("button", name=ui._("Back to the list of entries")).click()
    listing = app_page.page.locator("select").filter(has_text=book.entries[-1].title)
    listing.first.wait_for(timeout=10_000)
    assert app_page.page.locator("[data-testid=entry]").count() == 0


FLAT_FEET = {"en": "flat feet", "ru": "плоскостопие"}


def test_search_lists_handbook_entries_and_opens_one(app_page, server, ui):
    book, query = handbook(ui.code), FLAT_FEET[ui.code]
    app_page.open(ui.url(server))
    box = app_page.page.get_by_placeholder(ui._("liver, headache, lower back..."))
    box.press_sequentially(query, delay=20)
    wanted = book.search(query)[0]
    listbox = app_page.page.locator("select").filter(has_text=wanted.title)
    listbox.first.wait_for(timeout=10_000)
    listbox.first.select_option(label=wanted.title)
    app_page.page.locator(f'[data-testid=entry][data-entry="{wanted.entry_id}"]').wait_for(timeout=10_000)
    app_page.shot(f"handbook-from-search-{ui.code}.png")
