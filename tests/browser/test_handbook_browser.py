"""From a zone's details into the handbook and back, in the browser."""

from __future__ import annotations

import pytest

from reflexmap.content import handbook

pytestmark = pytest.mark.browser


def test_open_an_entry_from_a_zone_and_come_back(app_page, server, chart):
    book = handbook()
    zone_id = next(z for e in book.entries for z in e.zones if chart.feet_of(z))
    foot = chart.feet_of(zone_id)[0]
    entry = book.about_zone(zone_id)[0]
    app_page.open(server)
    app_page.click_zone(chart, zone_id, foot)
    app_page.wait_details(zone_id, foot)
    app_page.page.get_by_role("button", name=f"Handbook: {entry.title}").click()
    page = app_page.page.locator(f'[data-testid=entry][data-entry="{entry.entry_id}"]')
    page.wait_for(timeout=10_000)
    text = page.inner_text()
    assert entry.title in text and entry.summary[:40] in text
    assert str(entry.sources[0])[:30] in text
    app_page.page.wait_for_function(f"() => location.search.includes('entry={entry.entry_id}')")
    app_page.shot(f"handbook-{entry.entry_id}.png")
    # back: the entry's zone link selects the zone on the map again
    app_page.click_display(0.0, 130.0)  # clear the selection first
    app_page.wait_empty()
    app_page.page.get_by_role("button", name=f"Show on the map: {chart.zone(zone_id).name}").click()
    app_page.wait_details(zone_id, foot)
    app_page.page.get_by_role("button", name="Back to the list of entries").click()
    listing = app_page.page.locator("select").filter(has_text=book.entries[-1].title)
    listing.first.wait_for(timeout=10_000)
    assert app_page.page.locator("[data-testid=entry]").count() == 0


def test_search_lists_handbook_entries_and_opens_one(app_page, server):
    book = handbook()
    app_page.open(server)
    box = app_page.page.get_by_placeholder("liver, headache, lower back...")
    box.press_sequentially("flat feet", delay=20)
    wanted = book.search("flat feet")[0]
    listbox = app_page.page.locator("select").filter(has_text=wanted.title)
    listbox.first.wait_for(timeout=10_000)
    listbox.first.select_option(label=wanted.title)
    app_page.page.locator(f'[data-testid=entry][data-entry="{wanted.entry_id}"]').wait_for(timeout=10_000)
    app_page.shot("handbook-from-search.png")
