"""The app on every view of the feet (issue 13): the state, the map, search, lessons, routines,
the quiz and the switcher, without a browser. Points come from the chart's own geometry."""

from __future__ import annotations

import re
from html import escape

import pytest

from reflexmap import load_chart
from reflexmap.dashboard.layout import (
    RING_NOTE,
    SIDES_NOTE,
    TOPS_NOTE,
    Dashboard,
    about_html,
    header_html,
    views_note,
)
from reflexmap.dashboard.state import AppState
from reflexmap.dashboard.view_switch import thumbnail_svg
from reflexmap.i18n import in_language, translator
from reflexmap.labels import VIEW_TITLE
from reflexmap.testing import zone_display_point
from reflexmap.web.details_html import zone_details_html

SIDES = ("dorsal", "medial", "lateral")


@pytest.fixture
def state(default_map):
    return AppState(default_map)  # every view, as the served app has it


@pytest.fixture
def dashboard(default_map):
    return Dashboard(default_map)


def only_on(chart, view: str) -> tuple[str, str]:
    """A (zone_id, foot) of ``view`` that no other view has."""
    others = set(chart.zones[chart.zones["view"] != view]["zone_id"])
    rows = chart.zones[(chart.zones["view"] == view) & ~chart.zones["zone_id"].isin(others)]
    return rows.iloc[0]["zone_id"], rows.iloc[0]["foot"]


def test_a_one_view_chart_answers_for_its_own_view(default_map):
    medial = default_map.for_view("medial")
    zone_id, foot = only_on(default_map, "medial")
    assert medial.home_view == "medial" and default_map.home_view == "plantar"
    assert medial.has_zone(zone_id, foot) and not default_map.has_zone(zone_id, foot)
    assert medial.zone(zone_id, foot).view == "medial"
    point = medial.inner_point(zone_id, foot)
    assert zone_id in medial.locate_chart(foot, [point.x], [point.y])[0]
    assert medial.outline(foot) is default_map.outline(foot, "medial")


def test_the_state_shows_one_view_and_starts_on_the_soles(state, default_map):
    assert state.view == "plantar" and state.views == default_map.views
    assert set(state.chart.zones["view"]) == {"plantar"}
    state.view = "lateral"
    assert set(state.chart.zones["view"]) == {"lateral"}
    assert state.chart is default_map.for_view("lateral")  # one object per view: caches hold
    with pytest.raises(ValueError):
        state.view = "sideways"


@pytest.mark.parametrize("view", SIDES)
def test_selecting_a_zone_of_another_view_shows_that_view(state, default_map, view):
    zone_id, foot = only_on(default_map, view)
    state.select(zone_id, foot)
    assert (state.view, state.selected) == (view, (zone_id, foot))


def test_a_switch_keeps_a_zone_the_new_view_has_and_drops_one_it_lacks(state):
    state.select("sciatic-nerve", "left")  # on the sole and both sides
    state.view = "medial"
    assert state.selected == ("sciatic-nerve", "left")
    state.view = "dorsal"
    assert state.selected is None and state.zone == ""


def test_search_finds_every_view_and_outlines_the_view_drawn(state, default_map):
    state.query = "spine"
    found = state.search_results()
    assert {"plantar", "medial"} <= set(found["view"])
    on_soles = {
        (z, f)
        for z, f, v in zip(found["zone_id"], found["foot"], found["view"], strict=True)
        if v == "plantar"
    }
    assert state.highlighted() == on_soles
    state.view = "medial"
    assert all(default_map.has_zone(z, f, "medial") for z, f in state.highlighted())
    state.foot_filter = "left"
    assert set(state.search_results()["foot"]) == {"left"}


def test_picking_a_search_result_on_another_view_switches_to_it(dashboard, default_map):
    zone_id, foot = only_on(default_map, "medial")
    search = dashboard.search
    dashboard.state.query = zone_id.split("-")[0]
    options = search.results.options
    picked = next(v for v in options.values() if v == f"{zone_id}|{foot}|medial")
    label = next(k for k, v in options.items() if v == picked)
    assert label.endswith(", inner side")
    search.results.value = [picked]
    assert (dashboard.state.view, dashboard.state.selected) == ("medial", (zone_id, foot))
    assert search.results.value == [picked]  # the list marks what is selected


def test_a_link_to_a_view_opens_it_unless_its_zone_is_elsewhere(state):
    state.open_at("medial")
    assert state.view == "medial"
    state.open_at("nonsense")
    assert state.view == "medial"
    state.param.update(view="plantar", zone="liver", foot="right")
    state.open_at("dorsal")  # the liver is on the soles only: the zone wins
    assert (state.view, state.selected) == ("plantar", ("liver", "right"))
    state.param.update(zone="coccyx", foot="left")  # a link naming a side zone and no view
    state.open_at("")
    assert (state.view, state.selected) == ("medial", ("coccyx", "left"))


def test_the_address_carries_the_view(dashboard):
    assert "view" not in dashboard._query()  # the soles: the default says nothing
    dashboard.state.view = "lateral"
    assert "view=lateral" in dashboard._query()


def test_a_lesson_holds_stops_on_several_views(state):
    state.select("liver", "right")
    state.add_to_lesson()
    state.select("coccyx", "left")
    state.add_to_lesson()
    assert state.lesson == "liver.right,coccyx.left.medial"  # old links stay as they were
    assert state.lesson_keys() == [("liver", "right", "plantar"), ("coccyx", "left", "medial")]
    state.step_lesson(+1)
    assert (state.view, state.selected) == ("plantar", ("liver", "right"))
    state.step_lesson(+1)
    assert (state.view, state.selected) == ("medial", ("coccyx", "left"))
    state.move_in_lesson(1, -1)
    assert state.lesson == "coccyx.left.medial,liver.right" and state.lesson_index == 0
    state.lesson = "coccyx.left.dorsal,bogus.left,liver.right.plantar"  # wrong view, no zone
    assert state.lesson_keys() == [("liver", "right", "plantar")]


def test_the_lesson_editor_names_a_stops_view(dashboard):
    from reflexmap.dashboard.present import stop_name

    dashboard.state.lesson = "liver.right,coccyx.left.medial"
    assert stop_name(dashboard.state, 0) == "Liver (right)"
    assert stop_name(dashboard.state, 1).endswith("(left, inner side)")


def test_a_routine_step_moves_the_map_to_a_view_with_its_zones(state):
    routines = state.chart.routines
    dorsal = state.whole.for_view("dorsal")
    routine_id, step = next(
        (r.routine_id, i)
        for r in routines.routines
        for i, s in enumerate(r.steps)
        if routines.step_zones(s) and not any(dorsal.feet_of(z) for z in routines.step_zones(s))
    )
    state.view = "dorsal"
    state.param.update(routine=routine_id, step=step)
    assert state.view != "dorsal"
    assert any(state.chart.feet_of(z) for z in state.step_zone_ids())
    assert state.highlighted()


def test_the_map_draws_the_view_and_a_tap_there_selects_its_zone(dashboard, default_map):
    state, view = dashboard.state, dashboard.map
    for side in SIDES:
        state.view = side
        chart = default_map.for_view(side)
        data = view._zone_source.data
        assert list(data["zone_id"]) == list(chart.zones["zone_id"])
        assert len(data["fill_alpha"]) == len(chart.zones)  # restyled in the new rows
        assert view.taps.index["bbox"] and len(view.taps.index["order"]) == len(chart.zones)
        assert view.figure.tags[-1] == side
        zone_id, foot = only_on(default_map, side)
        view.tap_at(*zone_display_point(chart, zone_id, foot))
        assert state.selected == (zone_id, foot), side
        assert (
            f'data-zone="{zone_id}"' in dashboard.details.html
            and 'data-view="' + side in dashboard.details.html
        )
    state.view = "plantar"
    assert view.figure.x_range.reset_start == view.figure.x_range.start  # Reset goes to this view


def test_details_of_a_side_zone_say_where_it_is(default_map):
    zone_id, foot = only_on(default_map, "lateral")
    html = zone_details_html(default_map.for_view("lateral"), zone_id, foot)
    assert "Outer side</span>" in html and 'data-view="lateral"' in html
    assert "Sole</span>" not in zone_details_html(default_map.for_view("plantar"), "liver", "right")


def test_the_zone_list_and_the_details_follow_the_view(dashboard, default_map):
    dashboard.state.view = "medial"
    zone_id, _ = only_on(default_map, "medial")
    assert f'data-zone="{zone_id}"' in dashboard.zone_list._pane.object
    assert 'data-zone="liver"' not in dashboard.zone_list._pane.object
    rows = dashboard.details._view.rows
    assert len(rows) == len(default_map.for_view("medial").zones) and 'data-view="medial"' in rows[0]

    russian = Dashboard(default_map, AppState(default_map, lang="ru"))
    russian.state.view = "medial"  # the new view's list is in the page's language too
    summary = translator("ru").gettext("All zones as a list")
    assert summary != "All zones as a list" and summary in russian.zone_list._pane.object


def test_a_quiz_round_asks_about_the_view_drawn_and_locks_the_switch(dashboard, default_map):
    dashboard.state.view = "lateral"
    lateral = set(default_map.for_view("lateral").zones["zone_id"])
    dashboard.quiz._start()
    assert dashboard.quiz.round is not None
    assert dashboard.quiz.round.question.zone_id in lateral
    assert dashboard.views.choices.disabled
    dashboard.views.choices.value = "plantar"  # a click that got through all the same
    assert dashboard.state.view == "lateral" and dashboard.views.choices.value == "lateral"


def test_the_heading_never_says_soles_on_another_view(dashboard):
    assert "soles" in dashboard._heading.object
    for side in SIDES:
        dashboard.state.view = side
        assert "soles" not in dashboard._heading.object.lower()
        assert "soles" not in dashboard.views.title.object.lower()


def test_the_switcher_marks_matches_on_every_view(dashboard, default_map):
    choices = dashboard.views.choices
    assert [item[0] for item in choices.items] == list(default_map.views)
    dashboard.state.query = "coccyx"
    assert "medial" in choices.marks and choices.badges["medial"] == "1 match"
    assert "dorsal" not in choices.badges and "dorsal" not in choices.marks
    dashboard.state.select("coccyx", "left")
    assert choices.value == "medial" and choices.chosen == {"medial": "coccyx|left"}


@pytest.mark.parametrize("view", ["plantar", *SIDES])
def test_a_thumbnail_draws_every_zone_of_its_view(default_map, view):
    chart = default_map.for_view(view)
    svg = thumbnail_svg(chart)
    keys = re.findall(r'data-key="([^"]+)"', svg)
    assert sorted(keys) == sorted(
        f"{z}|{f}" for z, f in zip(chart.zones["zone_id"], chart.zones["foot"], strict=True)
    )
    assert svg.count('class="rm-outline"') == len(chart.feet)
    assert "<script" not in svg and len(svg) < 60_000  # small enough to send with every page


def test_find_my_point_and_the_about_tab_cover_every_view(default_map, dashboard):
    from reflexmap.practice import body_area_choices, find_my_point

    hip = default_map.zone("hip", "right", "lateral")
    area = hip.body_areas[0]
    assert area in body_area_choices(default_map)
    assert "hip" in [advice.zone_id for advice in find_my_point(default_map, area)]
    assert area in dashboard.practice.area.options  # the picker offers it
    assert RING_NOTE in about_html(default_map)
    assert RING_NOTE not in about_html(default_map.for_view("plantar"))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_views_note_says_only_what_the_chart_draws(default_map, write_chart, make_zone, lang):
    _ = translator(lang).gettext
    tops, sides, ring = _(TOPS_NOTE), _(SIDES_NOTE), _(RING_NOTE)

    def chart(*views: str):
        zones = [make_zone(f"z-{view}", view=view, box=(20, 10, 40, 30)) for view in views]
        return load_chart(write_chart(zones, name=f"{'-'.join(views)}.geojson"))

    # the tops of the feet and no sides: nothing about sides or an ankle bone's ring
    assert views_note(chart("plantar", "dorsal"), _) == tops
    assert views_note(chart("plantar", "medial"), _) == sides  # sides, but no ankle rings drawn
    assert views_note(chart("plantar"), _) == ""
    assert views_note(in_language(default_map, lang), _) == f"{tops} {sides} {ring}"
    html = about_html(chart("plantar", "dorsal"), _)
    assert escape(tops) in html and escape(ring) not in html and escape(sides) not in html


@pytest.mark.parametrize(("lang", "tap", "hover"), [("en", "Tap", "Hover"), ("ru", "Коснитесь", "Наведите")])
def test_the_heading_tells_a_phone_to_tap_and_names_the_view(default_map, lang, tap, hover):
    state = AppState(default_map, lang=lang)
    state.view = "dorsal"
    text = re.sub(r"<[^>]+>", " ", header_html(state))
    # the first thing it asks is a tap (a phone has no pointer to hover with), in the page's language
    assert tap in text and hover not in text
    assert state._(VIEW_TITLE["dorsal"]).lower() in text


def test_a_class_follows_the_teachers_view(default_map):
    from reflexmap.classroom import FOLLOWED, followed_state

    teacher, student = AppState(default_map), AppState(default_map)
    teacher.select("coccyx", "left")
    sent = followed_state({k: getattr(teacher, k) for k in FOLLOWED if k in ("view", "zone", "foot")})
    student.param.update(**sent)
    assert (student.view, student.selected) == ("medial", ("coccyx", "left"))
    with pytest.raises(ValueError):
        followed_state({"view": "underneath"})


def test_progress_on_a_side_view_goes_into_a_file_and_back(default_map):
    from reflexmap.progress_file import progress_file, read_progress_file
    from reflexmap.quiz import Progress

    progress = Progress()
    progress.record("coccyx|left", True)  # asked on the inner side
    progress.record("liver|right", False)
    text = progress_file(progress, default_map)
    assert read_progress_file(text.encode(), default_map) == progress


def test_the_picture_download_draws_the_view_on_screen(default_map):
    from reflexmap.dashboard.downloads import make_png

    soles, side = (
        make_png(default_map, ("A4", "plantar", "en")),
        make_png(default_map, ("A4", "lateral", "en")),
    )
    assert soles.startswith(b"\x89PNG") and side.startswith(b"\x89PNG") and soles != side
