"""The dashboard as a person uses it: real server, real Chromium, real clicks on real zones."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reflexmap import content
from reflexmap.labels import ON_FOOT
from reflexmap.web.figure import MATCH_LINE, PAIR_LINE, SELECTED_LINE

from .conftest import ARTIFACTS, check_fits_width, zone_display_point
from .ui_lang import LOWER_BACK, UiLang

pytestmark = pytest.mark.browser

# the safety notice's words that say what the app is not (the content's own text)
NOT_DIAGNOSE = {"en": "does not diagnose", "ru": "не ставит диагнозов"}

# where each zone is, as its details say it (English msgids, read in the page's language): only on
# the foot clicked, or also on the other one
ONLY, ALSO = "Only {on_foot} in this chart.", "Also {on_foot} (outlined in purple on the map)."
ZONES_CLICKED = [
    ("liver", "right", ONLY, "right"),
    ("heart", "left", ONLY, "left"),
    ("kidney", "left", ALSO, "right"),
    ("sciatic-nerve", "right", ALSO, "left"),
    ("pituitary", "left", ALSO, "right"),
]


def test_clicking_zones_shows_their_details(app_page, server, ui):
    # one page for every zone: a click replaces the details of the one before
    app_page.open(ui.url(server))
    # the safety notice is on screen from the start and stays whatever zone is shown
    notice = app_page.page.locator("[data-testid=notice]")
    assert notice.is_visible()
    said = notice.inner_text()
    assert ui._("Please note:") in said and content.safety(ui.code).notice in said
    assert NOT_DIAGNOSE[ui.code] in said
    for zone_id, foot, where, on_foot in ZONES_CLICKED:
        app_page.click_zone(ui.chart, zone_id, foot)
        text = app_page.wait_details(zone_id, foot).text_content()  # headings as written, not as styled
        zone = ui.chart.zone(zone_id, foot=foot)
        where = ui._(where).format(on_foot=ui._(ON_FOOT[on_foot]))
        assert zone.name in text and ui.foot(foot) in text and where in text, (zone_id, text)
        assert ui._("How to work it") in text
        for area in zone.body_areas:
            assert area in text
        tech = zone.technique
        assert tech.method.lower() in text.lower()
        assert tech.direction in text and tech.pressure in text
        app_page.shot(f"details-{zone_id}-{foot}-{ui.code}.png")
        assert notice.is_visible(), "the notice went with the details"


def test_selection_highlights_the_pair_survives_a_second_click_and_clears_outside(app_page, server, chart):
    app_page.open(server)
    app_page.click_zone(chart, "kidney", "left")
    app_page.wait_details("kidney", "left")
    style = app_page.zone_style()
    assert style[("kidney", "left")]["line_color"] == SELECTED_LINE
    assert style[("kidney", "right")]["line_color"] == PAIR_LINE
    assert style[("liver", "right")]["line_color"] not in (SELECTED_LINE, PAIR_LINE)

    # the same zone again: stays selected (the page marks the details pending at the click, so
    # the wait below is for the server's answer to this second click)
    app_page.click_zone(chart, "kidney", "left")
    app_page.wait_details("kidney", "left")
    assert app_page.zone_style()[("kidney", "left")]["line_color"] == SELECTED_LINE

    # a click outside every zone clears the selection, the pair's outline too
    app_page.click_display(0.0, 130.0)  # the gap between the two feet
    app_page.wait_empty()
    style = app_page.zone_style()
    assert all(s["line_color"] not in (SELECTED_LINE, PAIR_LINE) for s in style.values())


def test_search_highlights_matches_on_both_feet_and_picks_one(app_page, server, ui):
    app_page.open(ui.url(server))
    query = LOWER_BACK[ui.code]
    box = app_page.page.get_by_placeholder(ui._("liver, headache, lower back..."))
    box.click()
    box.press_sequentially(query, delay=20)
    # the count is of every view's matches (the switcher outlines those of the other views)
    found = len(ui.whole.find(query, view=None)["zone_id"])
    said = ui.n_(
        '{count} match for "{query}"{read}, highlighted in orange.',
        '{count} matches for "{query}"{read}, highlighted in orange.',
        found,
        count=found,
        query=query,
        read="",
    )
    app_page.page.get_by_text(said).wait_for(timeout=10_000)
    expected = ui.chart.find(query)
    style = app_page.zone_style()
    for zone_id, foot in zip(expected["zone_id"], expected["foot"], strict=True):
        assert style[(zone_id, foot)]["line_color"] == MATCH_LINE, (zone_id, foot)
    assert style[("liver", "right")]["line_color"] != MATCH_LINE
    option = f"{ui.name('lumbar-spine', 'left')} - {ui.foot('left')}"
    listbox = app_page.page.locator("select").filter(has_text=option)
    listbox.select_option(label=f"{option}, {ui._('Sole').lower()}")
    app_page.wait_details("lumbar-spine", "left")
    app_page.shot(f"search-lower-back-{ui.code}.png")


def test_a_deep_link_selects_its_zone_and_the_address_follows_clicks_without_filling_history(
    app_page, server, chart
):
    # the address names what is on screen, to share or reload; Back leaves the page, as a
    # reader expects, instead of walking back through every zone clicked
    app_page.open(server + "?zone=liver&foot=right&utm_source=handout")
    app_page.wait_details("liver", "right")
    assert app_page.zone_style()[("liver", "right")]["line_color"] == SELECTED_LINE
    start = app_page.page.evaluate("history.length")
    for zone_id, foot in [("heart", "left"), ("kidney", "right"), ("sciatic-nerve", "left")]:
        app_page.click_zone(chart, zone_id, foot)
        app_page.wait_details(zone_id, foot)
        app_page.page.wait_for_function(
            "([z, f]) => { const q = new URLSearchParams(location.search);"
            " return q.get('zone') === z && q.get('foot') === f; }",
            arg=[zone_id, foot],
        )
        if zone_id == "heart":
            app_page.shot("deep-link-then-heart.png")
    assert app_page.page.evaluate("history.length") == start
    query = app_page.page.evaluate("location.search")
    assert "utm_source=handout" in query  # a parameter the app does not know stays
    assert "tab=" not in query and "entry=" not in query  # only what differs from the defaults
    app_page.page.reload()
    app_page.wait_details("sciatic-nerve", "left", timeout=30_000)  # a new session is built for it


def test_filters_narrow_search_and_clicks(app_page, server, chart, ui):
    app_page.open(ui.url(server))
    app_page.page.get_by_role("button", name=ui._("Left"), exact=True).click()
    box = app_page.page.get_by_placeholder(ui._("liver, headache, lower back..."))
    query = ui.name("liver", "right").lower()
    box.press_sequentially(query, delay=20)
    app_page.page.get_by_text(ui._('No zone matches "{query}".', query=query)).wait_for(timeout=10_000)
    # with only the left foot shown, a click on the right foot's liver selects nothing
    app_page.click_zone(chart, "liver", "right")
    app_page.wait_empty()  # the server's answer to the click: still nothing selected


# words of the Safety tab's rules (the content's own text, not the catalogue's)
SAFETY_WORDS = {
    "en": ("tuberculosis", "first trimester", "electric massagers", "paediatrician", "thrombophlebitis"),
    "ru": ("туберкулёз", "триместр", "электрические", "педиатра", "тромбофлебит"),
}


def test_a_routine_step_highlights_its_zones_then_names_off_and_the_safety_tab(app_page, server, ui):
    app_page.open(ui.url(server))
    chart = ui.chart
    routine = chart.routines.get("anti-stress-toes")
    app_page.page.get_by_label(ui._("Routine"), exact=True).select_option(label=routine.title)
    step = routine.steps[1]
    app_page.page.get_by_text(step.text[:40]).click()
    wanted = set(chart.routines.step_zones(step))
    app_page.page.wait_for_function(
        """([ids, color]) => {
          for (const doc of Bokeh.documents) for (const m of doc._all_models.values())
            if (m.type === 'ColumnDataSource' && m.data.zone_id && m.data.line_color)
              return m.data.zone_id.some((z, i) => ids.includes(z) && m.data.line_color[i] === color);
          return false; }""",
        arg=[sorted(wanted), MATCH_LINE],
        timeout=10_000,
    )
    style = app_page.zone_style()
    for (zone_id, _foot), s in style.items():
        assert (s["line_color"] == MATCH_LINE) == (zone_id in wanted), zone_id
    app_page.shot(f"routine-anti-stress-step-2-{ui.code}.png")

    # then, on the same page, the names switched off and the Safety tab
    visible = """() => { for (const doc of Bokeh.documents) for (const m of doc._all_models.values())
        if (m.type === 'LabelSet' && m.source.data.label) return m.visible; return null; }"""
    assert app_page.page.evaluate(visible) is True
    app_page.page.get_by_role("checkbox", name=ui._("Show zone names")).click()
    app_page.page.wait_for_function(f"() => ({visible})() === false")
    app_page.shot(f"labels-hidden-{ui.code}.png")
    app_page.page.locator(".bk-tab", has_text=ui._("Safety")).click()
    safety = app_page.page.locator("[data-testid=safety]")
    safety.wait_for()
    text = safety.inner_text()
    for needle in SAFETY_WORDS[ui.code]:
        assert needle in text


def test_two_sessions_do_not_share_a_selection(browser, server, chart):
    from .conftest import Page

    contexts = [browser.new_context(viewport={"width": 1366, "height": 900}) for _ in range(2)]
    try:
        first, second = (Page(c.new_page()) for c in contexts)
        first.open(server)
        second.open(server)
        first.click_zone(chart, "liver", "right")
        first.wait_details("liver", "right")
        second.click_zone(chart, "heart", "left")
        second.wait_details("heart", "left")
        first.still_shows(chart, "liver", "right")
        assert second.page.locator('[data-testid=details][data-zone="liver"]').count() == 0
        assert not first.errors and not second.errors
    finally:
        for c in contexts:
            c.close()


# Russian words run longer: the narrow window in both languages
@pytest.mark.parametrize(
    ("width", "height", "lang"),
    [(1920, 1080, "en"), (1366, 900, "en"), (1366, 768, "ru"), (390, 844, "en"), (390, 844, "ru")],
)
def test_layout_has_no_horizontal_scroll_and_labels_the_foot_filter(
    browser, server, chart, width, height, lang
):
    from .conftest import Page

    ui = UiLang(lang)
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = Page(context.new_page())
        page.open(ui.url(server))
        # the foot filter is labelled on screen and for screen readers
        group = page.page.get_by_role("group", name=ui._("Foot"), exact=True)
        expect(group).to_have_count(1)
        for choice in ("Both feet", "Left", "Right"):
            expect(group.get_by_role("button", name=ui._(choice), exact=True)).to_be_visible()
        caption = page.page.get_by_text(ui._("Foot"), exact=True)
        expect(caption).to_be_visible()
        # the caption reads as the group's: just above its buttons, over the same column
        text, buttons = caption.bounding_box(), group.bounding_box()
        above = text["y"] + text["height"] <= buttons["y"] + 1 and buttons["y"] - text["y"] < 40
        assert above, (text, buttons)
        assert buttons["x"] - 1 <= text["x"] < buttons["x"] + buttons["width"], (text, buttons)
        page.page.get_by_role("button", name=ui._("Left"), exact=True).scroll_into_view_if_needed()
        page.shot(f"foot-filter-{width}x{height}-{lang}.png")

        page.click_zone(chart, "lungs", "right")
        page.wait_details("lungs", "right")
        check_fits_width(page, width)
        page.shot(f"layout-{width}x{height}-{lang}.png")
        assert not page.errors
    finally:
        context.close()


def test_a_first_page_asks_for_panels_stylesheets_with_its_scripts(app_page, server):
    """The first screen's Panel stylesheets are asked for as the page arrives (preloaded in its
    head), before its websocket opens, each once: the components made from the document find them
    fetched, and none is preloaded for nothing (page.FIRST_STYLESHEETS)."""
    seen: list[str] = []
    app_page.page.on("request", lambda r: r.resource_type == "stylesheet" and seen.append(r.url))
    app_page.page.on("websocket", lambda _ws: seen.append("websocket"))
    app_page.open(server)
    preloaded = app_page.page.evaluate(
        "() => [...document.querySelectorAll('link[rel=preload][as=style]')].map((link) => link.href)"
    )
    used = app_page.page.evaluate(
        "() => performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.includes('.css'))"
    )
    assert preloaded and seen.index("websocket") == len(preloaded), seen
    assert sorted(seen[: len(preloaded)]) == sorted(preloaded) == sorted(used), (seen, used)


def test_screenshots_were_written():
    # A guard so a refactor that breaks the artifact folder is noticed.
    assert ARTIFACTS.exists()


def test_click_points_are_computed_not_hard_coded(chart):
    # the helper's point must lie in the zone, on the correct side of the drawing
    x_left, _ = zone_display_point(chart, "heart", "left")
    x_right, _ = zone_display_point(chart, "liver", "right")
    assert x_left < 0 < x_right
