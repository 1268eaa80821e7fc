"""The keyboard map's, zone list's and live region's markup, without a browser."""

from __future__ import annotations

import re
from html import unescape

import pytest

from reflexmap import load_chart
from reflexmap.dashboard.announce import Announcer, state_announcement
from reflexmap.dashboard.state import AppState
from reflexmap.web.announce import announcement
from reflexmap.web.figure import ZONE_STYLES, build_figure
from reflexmap.web.map_data import map_columns
from reflexmap.web.map_keys import (
    FOCUS_RENDERER,
    MAP_KEYS_JS,
    MAP_NAME,
    make_keyboard_map,
    skip_links_html,
)
from reflexmap.web.zone_list_html import zone_list_html


@pytest.fixture(scope="module")
def chart():
    return load_chart().for_view("plantar")  # the view the map draws


def test_the_map_is_one_named_focusable_element_with_a_hidden_ring(chart):
    fig, _ = build_figure(map_columns(chart))
    attrs = fig.html_attributes
    assert attrs["tabindex"] == "0" and attrs["role"] == "application" and attrs["aria-label"] == MAP_NAME
    rings = [r for r in fig.renderers if r.name == FOCUS_RENDERER]
    assert len(rings) == 2 and all(r.level == "overlay" for r in rings)
    assert rings[0].data_source is rings[1].data_source and rings[0].data_source.data["alpha"] == [0.0]
    dashed = rings[1].glyph
    # nothing like the selected zone's outline
    assert dashed.line_dash == [8, 5] and dashed.line_color != ZONE_STYLES["selected"][2]
    assert "function rmMapKeys" in MAP_KEYS_JS and FOCUS_RENDERER in MAP_KEYS_JS


def test_make_keyboard_map_is_what_build_figure_uses(chart):
    from bokeh.plotting import figure

    fig = figure()
    make_keyboard_map(fig)
    built, _ = build_figure(map_columns(chart))
    assert fig.html_attributes == built.html_attributes


def test_the_zone_list_has_one_button_per_zone_grouped_by_foot_and_system(chart):
    html = zone_list_html(chart, "tag-1")
    buttons = re.findall(
        r'<button [^>]*data-rm-row="(\d+)" data-zone="([^"]+)" data-foot="(\w+)">([^<]+)</button>', html
    )
    assert len(buttons) == len(chart.zones)
    for row, zone_id, foot, name in buttons:
        zone = chart.zones.iloc[int(row)]
        assert (zone["zone_id"], zone["foot"], zone["name"]) == (zone_id, foot, unescape(name))
    assert html.count("<h3>") == len(chart.feet)
    left, right = html.split("<h3>Right foot</h3>")
    assert {foot for _, _, foot, _ in buttons} == {"left", "right"}
    assert 'data-foot="right"' not in left and 'data-foot="left"' not in right
    assert "<h4>Digestive system</h4>" in right


def test_chart_text_in_the_list_and_links_is_escaped(chart):
    assert '"&lt;x&gt;"' not in skip_links_html('<x>"', "[a]")
    assert "&lt;x&gt;&quot;" in skip_links_html('<x>"', "[a]")
    assert "<x>" not in zone_list_html(chart, "<x>")


def test_announcements_say_name_foot_system_and_areas(chart):
    text = announcement(chart, "liver", "right")
    zone = chart.zone("liver", foot="right")
    assert text.startswith(f"Selected {zone.name}, right foot.")
    assert zone.system.capitalize() in text and all(area in text for area in zone.body_areas)


def test_the_live_region_follows_the_state_and_keeps_quiz_answers(chart):
    state = AppState(chart)
    announcer = Announcer(state=state)
    assert announcer.text == ""
    state.select("heart", "left")
    assert announcer.text == announcement(chart, "heart", "left")
    state.show_labels = False  # in Explore names off only tidies the map
    assert announcer.text == announcement(chart, "heart", "left")
    state.present = True  # a presenting teacher hides them
    assert "heart" not in announcer.text.lower() and "left foot" in announcer.text
    state.reveal()
    assert announcer.text == announcement(chart, "heart", "left")
    state.quizzing = True
    assert state_announcement(state) == "" == announcer.text
    state.param.update(quizzing=False, show_labels=True, present=False)
    state.clear()
    assert announcer.text == "No zone selected."
